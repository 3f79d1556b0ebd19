"""Put a rendered site in place all at once.

The files go into a temporary folder beside the output, which then replaces
the output by renames, so a reader (or the preview server) sees either the
old site or the new one, and a build that fails leaves the old one untouched.
Every path is checked to stay inside the output folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    pass


def safe_target(base: Path, relative: str) -> Path:
    """``base/relative``, refusing anything that could land outside ``base``."""
    rel = PurePosixPath(relative)
    if rel.is_absolute() or not rel.parts or any(p in ("..", "") for p in rel.parts) or "\\" in relative or "\x00" in relative:
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    target = base.joinpath(*rel.parts)
    if not target.resolve().is_relative_to(base.resolve()):
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    return target


def write_site(files: dict[str, bytes], out: Path, keep: dict[str, Path] | None = None) -> None:
    """Replace ``out`` with exactly ``files`` and the files ``keep`` names ({path: where its bytes are}).

    A kept file is linked into the new site (a hard link: its bytes are not written again), or copied
    where a link cannot be made (another file system).
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        write_folder(staging, files, keep or {})
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_folder(folder: Path, files: dict[str, bytes], keep: dict[str, Path]) -> None:
    """Fill an empty ``folder`` with ``files``, and with links to the files ``keep`` names."""
    made: set[Path] = set()
    for relative in sorted({*files, *keep}):
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
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
    os.rename(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
