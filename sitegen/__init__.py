"""sitegen: a static report-site generator for inspection reports."""

import time

__version__ = "0.1.0"

#: When sitegen was first imported: the build's log says how long its first PDF took to start.
STARTED = time.perf_counter()
