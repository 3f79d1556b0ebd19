"""Put a rendered site in place all at once, so that the published folder is never missing or half-written.

The files are written into a staging folder beside the output
(``.site.new-*``), which then trades places with the output in one atomic
step: ``renameat2(RENAME_EXCHANGE)`` on Linux, so that ``build/site`` is at
every moment either the whole old site or the whole new one, even if the
build is killed; elsewhere (or on a file system without it) by two renames,
after which an interrupted build's next start puts the old site back. A
build starts by removing what an interrupted one left beside the output, and
checks, before anything is rendered, that the output can be written and has
room: a read-only or full disk is one line naming the folder and the cause.
Folders and files are created with the default modes, so they follow the
umask like any other tool's output. Every path is checked to stay inside the
output folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from sitegen.content.problems import ContentError, Problem
from sitegen.site.faults import pause_point
from sitegen.site.theme import static_files

log = logging.getLogger("sitegen")

#: The guess of the room a document needs before it is rendered: its page, and its PDF.
PAGE_BYTES = 60_000
PDF_BYTES = 300_000
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class UnsafePath(ValueError):
    pass


class OutputError(ContentError):
    """The output folder cannot take the site: one problem naming the folder and the cause."""

    def __init__(self, out: Path, message: str):
        super().__init__([Problem(str(out), 0, 0, "", message)])


def safe_target(base: Path, relative: str) -> Path:
    """``base/relative``, refusing anything that could land outside ``base``."""
    rel = PurePosixPath(relative)
    if rel.is_absolute() or not rel.parts or any(p in ("..", "") for p in rel.parts) or "\\" in relative or "\x00" in relative:
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    target = base.joinpath(*rel.parts)
    if not target.resolve().is_relative_to(base.resolve()):
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    return target


def estimate_size(theme: Path, documents: int, *, pdfs: bool) -> int:
    """About how many bytes a site takes: the theme's static files, and a guess per document."""
    static = sum(source.stat().st_size for source, _ in static_files(theme))
    return static + documents * (PAGE_BYTES + (PDF_BYTES if pdfs else 0))


def check_output(out: Path, needed: int) -> None:
    """Before rendering: tidy what an interrupted build left, and make sure ``out`` can be written.

    Raises :class:`OutputError` for a folder that cannot be created or written, or a disk without
    room for ``needed`` bytes or the size of the site there now, whichever is larger.
    """
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with _locked(parent):
            clean_leftovers(out)
            probe = parent / f".{out.name}.probe-{secrets.token_hex(4)}"
            try:
                probe.write_bytes(b"sitegen")
            finally:
                probe.unlink(missing_ok=True)
            needed = max(_size(out), needed)
            _check_room(out, needed)
    except OSError as exc:
        raise output_error(out, exc, needed) from exc


def write_site(files: dict[str, bytes], out: Path, keep: dict[str, Path] | None = None) -> None:
    """Replace ``out`` with exactly ``files`` and the files ``keep`` names ({path: where its bytes are}).

    A kept file is linked into the new site (a hard link: its bytes are not written again), or copied
    where a link cannot be made (another file system).
    """
    parent = out.absolute().parent
    needed = sum(len(data) for data in files.values())
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with _locked(parent):
            clean_leftovers(out)
            _check_room(out, needed)
            staging = parent / f".{out.name}.new-{secrets.token_hex(6)}"
            staging.mkdir()
            try:
                write_folder(staging, files, keep or {}, halfway=lambda: pause_point("write"))
                pause_point("swap")
                _swap(staging, out.absolute())
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
    except OSError as exc:
        raise output_error(out, exc, needed) from exc


def clean_leftovers(out: Path) -> None:
    """Remove the staging and old copies an interrupted build left beside ``out``; put back a site it
    had moved aside and not yet replaced (possible only where the swap takes two renames)."""
    parent, name = out.absolute().parent, out.name
    old = sorted(parent.glob(f".{name}.old-*"), key=lambda p: p.stat().st_mtime)
    if old and not out.exists() and not out.is_symlink():
        os.rename(old.pop(), out)
        log.info("Put back %s, which an interrupted build had moved aside", out)
    for leftover in [*old, *parent.glob(f".{name}.new-*"), *parent.glob(f".{name}.probe-*")]:
        log.debug("Removing %s, left by an interrupted build", leftover)
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def write_folder(
    folder: Path, files: dict[str, bytes], keep: dict[str, Path], halfway: Callable[[], None] = lambda: None
) -> None:
    """Fill an empty ``folder`` with ``files``, and with links to the files ``keep`` names."""
    made: set[Path] = set()
    paths = sorted({*files, *keep})
    for i, relative in enumerate(paths):
        if i == len(paths) // 2:
            halfway()
        target = safe_target(folder, relative)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if relative in files:
            target.write_bytes(files[relative])
            continue
        try:
            os.link(keep[relative], target)
        except OSError:
            shutil.copyfile(keep[relative], target)


def _swap(staging: Path, out: Path) -> None:
    if not out.exists() and not out.is_symlink():
        os.rename(staging, out)
        return
    if exchange(staging, out):
        pause_point("swapped")
        shutil.rmtree(staging, ignore_errors=True)  # the old site, now
        return
    old = out.parent / f".{out.name}.old-{secrets.token_hex(6)}"
    os.rename(out, old)
    pause_point("swapped")
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where it cannot be done."""
    if sys.platform != "linux":
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # a file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One build at a time tidies and swaps in ``folder`` (a lock on the folder itself: no lock file)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _size(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _check_room(out: Path, needed: int) -> None:
    stats = os.statvfs(out.absolute().parent) if hasattr(os, "statvfs") else None
    if stats is not None and stats.f_bavail * stats.f_frsize < needed:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def output_error(out: Path, exc: OSError, needed: int = 0) -> OutputError:
    cause = (exc.strerror or str(exc)).lower()
    if exc.errno == errno.ENOSPC and needed:
        cause += f" (needs about {max(1, round(needed / 1_000_000))} MB)"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        cause += ": choose another folder with --out, or make this one writable"
    return OutputError(out, cause)
