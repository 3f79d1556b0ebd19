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


def write_site(files: dict[str, bytes], out: Path) -> None:
    """Replace ``out`` with exactly ``files``."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for relative in sorted(files):
            target = safe_target(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
    os.rename(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
