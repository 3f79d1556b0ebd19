"""sitegen: a static report-site generator for inspection reports."""

__version__ = "0.1.0"
