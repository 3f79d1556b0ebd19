"""Preview: turn a project folder into a live local site, rebuilt on every save.

``builder`` keeps the last good build on disk and rebuilds it when a file
changes (and renders draft PDFs on request); ``server`` serves that folder,
and only that folder, on localhost (``sitegen serve``); ``overlay`` adds the
reload script and the build's problems to each page it serves.
"""

from sitegen.preview.server import ServeError, serve

__all__ = ["ServeError", "serve"]
