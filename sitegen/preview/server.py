"""Turn a project folder into a local web server for previewing it: ``sitegen serve``.

The site is built into a temporary folder (see :mod:`sitegen.preview.builder`) and
served on 127.0.0.1 only, unless told otherwise. Every HTML response gets the
reload script and, while the content has problems, the error overlay (see
:mod:`sitegen.preview.overlay`); ``/__sitegen__/events`` tells open pages when to
reload. Only regular files inside the current build folder are served: no
directory listings, and ``..``, encoded or not, absolute paths and symlinks
leading out get 404. Ctrl-C or SIGTERM stops the server and removes the
temporary folder.
"""

from __future__ import annotations

import ipaddress
import logging
import mimetypes
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import webbrowser
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from urllib.parse import unquote

from sitegen.content.problems import Problem
from sitegen.preview.builder import PdfUnavailable, Preview, State
from sitegen.preview.overlay import EVENTS_PATH, inject, message_page
from sitegen.site.write import UnsafePath, safe_target

log = logging.getLogger("sitegen.serve")

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
}
#: Seconds between keep-alive comments on the event stream (to notice closed tabs).
KEEPALIVE = 15.0


class ServeError(Exception):
    """The server cannot start; the message says what to do."""


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def resolve(folder: Path, url_path: str) -> Path | None:
    """The regular file inside ``folder`` that a request path names, or None (for a 404)."""
    if not url_path.startswith("/"):
        return None
    relative = unquote(url_path[1:])
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    try:
        target = safe_target(folder, relative)
        # safe_target resolved symlinks to check the folder; is_file() refuses folders.
        return target if target.is_file() else None
    except (UnsafePath, OSError, ValueError):  # ValueError: a name the file system cannot hold
        return None


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.preview = preview
        super().__init__(address, PreviewHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        # A tab closed or reloaded while its response was being sent is normal; anything else is a bug.
        if isinstance(sys.exc_info()[1], ConnectionError):
            log.debug("%s went away", client_address)
        else:
            log.exception("Error while answering %s", client_address)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "sitegen-preview"

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s - %s", self.address_string(), format % args)

    def _respond(self, body: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == EVENTS_PATH:
            self._events()
            return
        preview = self.server.preview
        for _attempt in range(2):  # a build folder may be pruned between the snapshot and the read
            state = preview.snapshot()
            if state.good is None:
                self._page(HTTPStatus.SERVICE_UNAVAILABLE, "The site could not be built", "Fix the problems below.", state, body)
                return
            relative = unquote(path[1:]) if path.startswith("/") else None
            if relative in state.good.pdfs:
                self._pdf(relative, state, body)
                return
            target = resolve(state.good.folder, path)
            if target is None:
                self._page(HTTPStatus.NOT_FOUND, "Not found", f"There is no page at {path}.", state, body)
                return
            try:
                data = target.read_bytes()
            except OSError:
                continue
            kind = content_type(target.name)
            if kind.startswith("text/html"):
                data = inject(data, state.version, state.problems)
            self._send(HTTPStatus.OK, kind, data, body)
            return
        self._page(HTTPStatus.SERVICE_UNAVAILABLE, "Rebuilding", "Reload the page in a moment.", preview.snapshot(0), body)

    def _pdf(self, relative: str, state: State, body: bool) -> None:
        try:
            data = self.server.preview.pdf(relative)
        except PdfUnavailable as exc:
            self._page(HTTPStatus.SERVICE_UNAVAILABLE, "No current PDF", str(exc), state, body, exc.problems)
            return
        except KeyError:
            self._page(HTTPStatus.NOT_FOUND, "Not found", f"There is no PDF at /{relative}.", state, body)
            return
        name = Path(relative).stem + "-DRAFT.pdf"
        self._send(HTTPStatus.OK, "application/pdf", data, body, {"Content-Disposition": f'inline; filename="{name}"'})

    def _page(
        self, status: HTTPStatus, title: str, text: str, state: State, body: bool, problems: Sequence[Problem] = ()
    ) -> None:
        page = message_page(title, text, state.version, problems or state.problems)
        self._send(status, CONTENT_TYPES[".html"], page, body)

    def _send(self, status: HTTPStatus, kind: str, data: bytes, body: bool, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        # A preview is never cached: a reload must show the current build.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        """Server-sent events: the build version now, then after every rebuild (and keep-alive comments)."""
        preview = self.server.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        version = preview.snapshot(wait=0).version
        try:
            self.wfile.write(f"retry: 500\ndata: {version}\n\n".encode())
            self.wfile.flush()
            while (latest := preview.wait_for_change(version, timeout=KEEPALIVE)) is not None:
                self.wfile.write(b": keep-alive\n\n" if latest == version else f"data: {latest}\n\n".encode())
                self.wfile.flush()
                version = latest
        except OSError:  # the tab was closed or reloaded
            return


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Signals:
    """Ctrl-C and SIGTERM set a flag (and nothing else: a handler must not take locks)."""

    def __init__(self) -> None:
        self.stopped = False
        self.previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.stopped = True

    def restore(self) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False) -> None:
    """Build, serve and watch the project at ``root`` until Ctrl-C or SIGTERM."""
    if not root.is_dir():
        raise ServeError(f"no project folder at {root}: give the folder that holds site.yaml")
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    signals = _Signals()
    workdir = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
    preview = Preview(root, workdir)
    server: PreviewServer | None = None
    try:
        log.info("Building into %s (removed when the server stops)", workdir)
        preview.rebuild()
        try:
            server = PreviewServer((host, port), preview)
        except OSError as exc:
            raise ServeError(f"cannot listen on {host} port {port}: {exc.strerror or exc}; try another --port") from exc
        if not _is_loopback(host):
            log.warning("Warning: listening on %s: anyone who can reach this machine can read the unpublished reports.", host)
        threading.Thread(target=server.serve_forever, args=(0.1,), name="sitegen-http", daemon=True).start()
        preview.watch()
        url = _url(host, server.server_address[1])
        log.info("Serving %s (Ctrl-C to stop)", url)
        if open_browser:
            webbrowser.open(url)
        while not signals.stopped:
            time.sleep(0.1)
        log.info("Stopping")
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        preview.close()
        shutil.rmtree(workdir, ignore_errors=True)
        signals.restore()
    log.info("Stopped; removed %s", workdir)
