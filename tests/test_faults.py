"""Faults while writing the site: a build killed at any stage, a read-only or full disk, the umask.

A real build (a separate process) is stopped at a named stage by the test
hook ``SITEGEN_PAUSE_AT`` (sitegen/site/faults.py) and killed there with
SIGKILL, its worker processes with it. ``build/site`` must be the whole old
site or the whole new one at every stage, and the next build must leave
nothing else beside it. Read-only and full disks are real ones: a tmpfs
mounted in a private mount namespace (``unshare``, as the tests run as root).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.site.faults import PAUSE_ENV, STAGES
from sitegen.site.search import SEARCH_DIR
from sitegen.site.write import clean_leftovers, write_site
from tests.conftest import MINIMAL, copy_project, run


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _kill_at(project: Path, stage: str) -> None:
    """Start a build, wait until it pauses at ``stage``, and SIGKILL it and its workers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "build", str(project)],
        env={**os.environ, PAUSE_ENV: stage},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if line.strip() == f"sitegen: paused at {stage}":
                break
        else:
            pytest.fail(f"the build never reached {stage} (exit {process.wait()})")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL


def _unhashed(files: dict[str, bytes]) -> set[str]:
    """The names that do not change with the content: the search index names most of its files by a hash of
    what they hold, so a changed sentence renames some."""
    return {path for path in files if not path.endswith((".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter"))}


def _beside(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "build").iterdir())


def test_a_build_killed_at_any_stage_leaves_the_whole_site(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    assert run("build", project).exit_code == 0
    site = project / "build/site"
    old = _files(site)
    assert "pdus/testford.pdf" in old and "manifest.json" in old
    report = project / "content/pdus/testford.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("Caseloads were high.", "Caseloads were very high."))

    seen_leftovers = set()
    for stage in STAGES[:-1]:  # up to the swap: the old site, whole
        _kill_at(project, stage)
        assert _files(site) == old, f"killed at {stage}: build/site is not the old site"
        seen_leftovers.update(name for name in _beside(project) if name.startswith(".site."))
    _kill_at(project, "swapped")  # after the swap: the new site, whole
    killed_after_swap = _files(site)
    assert killed_after_swap != old and _unhashed(killed_after_swap) == _unhashed(old)
    entry = json.loads(killed_after_swap[f"{SEARCH_DIR}/pagefind-entry.json"])
    assert f"{SEARCH_DIR}/pagefind.{entry['languages']['en']['hash']}.pf_meta" in killed_after_swap, "the new index, whole"
    assert b"very high" in killed_after_swap["pdus/testford.html"]
    assert seen_leftovers, "no kill left anything behind: the test does not test the clean-up"

    assert run("build", project).exit_code == 0
    assert _beside(project) == ["cache", "site"], "the next build left something behind"
    assert _files(site) == killed_after_swap, "the next build does not make the same site"


def test_a_site_moved_aside_by_an_interrupted_two_rename_swap_is_put_back(tmp_path: Path) -> None:
    # Where renameat2 is missing the swap takes two renames; a kill between them leaves no build/site.
    out = tmp_path / "build/site"
    write_site({"index.html": b"old"}, out)
    os.rename(out, tmp_path / "build/.site.old-1234")
    (tmp_path / "build/.site.new-5678").mkdir()
    (tmp_path / "build/.site.new-5678/index.html").write_bytes(b"half")
    clean_leftovers(out)
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["site"]
    assert (out / "index.html").read_bytes() == b"old"


@pytest.mark.parametrize(("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640), (0o002, 0o775, 0o664)])
def test_the_site_follows_the_umask(tmp_path: Path, umask: int, folder: int, file: int) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    before = os.umask(umask)
    try:
        assert run("build", "--no-pdf", project).exit_code == 0
        assert run("build", "--no-pdf", project).exit_code == 0  # a swap, not only a first build
    finally:
        os.umask(before)
    site = project / "build/site"
    modes = {p.stat().st_mode & 0o777 for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {folder}
    assert {p.stat().st_mode & 0o777 for p in site.rglob("*") if p.is_file()} == {file}


def _in_a_small_disk(tmp_path: Path, mount: str, *build: str, command: str = "build") -> subprocess.CompletedProcess[str]:
    """Run `sitegen COMMAND PROJECT --out DISK/site` with a tmpfs mounted at DISK (``mount``: its options)."""
    project = copy_project(MINIMAL, tmp_path / "project")
    disk = tmp_path / "disk"
    disk.mkdir()
    assert shutil.which("unshare"), "unshare (util-linux) is needed for this test"
    script = (
        f'mount -t tmpfs -o {mount} tmpfs "$1" && cd "$2" && exec "$3" -m sitegen {command} . --out "$1/site" {" ".join(build)}'
    )
    return subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", script, "sh", str(disk), str(project), sys.executable],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )


def test_a_read_only_output_is_one_line_before_any_pdf_is_rendered(tmp_path: Path) -> None:
    done = _in_a_small_disk(tmp_path, "ro,size=100m")
    assert done.returncode == 1, done.stderr
    disk = tmp_path / "disk"
    assert done.stderr.splitlines() == [
        f"{disk}/site: read-only file system: choose another folder with --out, or make this one writable",
        "Build failed: 1 problem.",
    ]
    assert not (tmp_path / "project/build").exists(), "PDFs were rendered (and cached) before the output was checked"


def test_sitegen_pdf_into_a_read_only_output_is_one_line_before_any_pdf_is_rendered(tmp_path: Path) -> None:
    done = _in_a_small_disk(tmp_path, "ro,size=100m", command="pdf")
    assert done.returncode == 1, done.stderr
    disk = tmp_path / "disk"
    assert done.stderr.splitlines()[0] == (
        f"{disk}/site: read-only file system: choose another folder with --out, or make this one writable"
    ), done.stderr
    assert "Traceback" not in done.stderr
    assert not list((tmp_path / "project").glob("build/cache/**/*.pdf")), "a PDF was rendered before the output was checked"


def test_a_full_output_is_one_line_before_any_pdf_is_rendered(tmp_path: Path) -> None:
    done = _in_a_small_disk(tmp_path, "size=1m")
    assert done.returncode == 1, done.stderr
    disk = tmp_path / "disk"
    assert done.stderr.splitlines() == [f"{disk}/site: no space left on device (needs about 2 MB)", "Build failed: 1 problem."]
    assert not (tmp_path / "project/build").exists()


def test_a_site_larger_than_the_disk_is_caught_before_writing_and_leaves_nothing(tmp_path: Path) -> None:
    # The rendered site's exact size, checked again before its files are written.
    disk = tmp_path / "disk"
    disk.mkdir()
    code = (
        "import sys; from pathlib import Path; from sitegen.site.write import write_site\n"
        "write_site({'a.pdf': bytes(700_000), 'b.pdf': bytes(700_000)}, Path(sys.argv[1]) / 'site')"
    )
    script = 'mount -t tmpfs -o size=1m tmpfs "$1" && "$2" -c "$3" "$1"; ls -A "$1"'
    done = subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", script, "sh", str(disk), sys.executable, code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "sitegen.site.write.OutputError: " + f"{disk}/site: no space left on device (needs about 1 MB)" in done.stderr
    assert done.stdout == "", "something was left on the disk"
