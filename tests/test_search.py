"""The site's search, in real Chromium: Pagefind's index of the built sample site, served over HTTP.

Driven by the keyboard as a reader without a mouse would; the result count is
announced through a status message; without JavaScript the search page still
lists every report by region.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from sitegen.build.render import LABEL, draft_of, fill_label
from sitegen.content.problems import ContentError
from sitegen.site import search
from tests.sitechecks import chromium, report_sentences, search_problems, served

SENTENCE = (
    "Wigan PDU is rated as 'Inadequate' for assessment as the lowest score out of the three key questions "
    "was 33 per cent for keeping other people safe."
)


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as running:
        yield running


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    yield context.new_page()
    context.close()


def _focused(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement.id || document.activeElement.textContent.trim()"))


def test_a_sentence_typed_with_the_keyboard_finds_its_report_section_and_sentence(sample_site: Path, page: Any) -> None:
    with served(sample_site) as address:
        page.goto(address + "search.html")
        for _ in range(20):
            page.keyboard.press("Tab")
            if _focused(page) == "search-q":
                break
        assert _focused(page) == "search-q", "the search box is reached with Tab"
        page.keyboard.type(SENTENCE)
        page.keyboard.press("Enter")
        page.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
        assert page.get_attribute("#search-status", "role") == "status"
        status = page.inner_text("#search-status")
        assert status.startswith(("1 result", "2 results", "3 results", "4 results", "5 results")), status
        first = page.locator("#search-results > li").first
        assert first.locator("h2 a").inner_text() == "Wigan PDU"
        assert "Inspection report, Greater Manchester region" in first.locator(".search-about").inner_text()
        assert first.locator(".search-sections a").first.inner_text() == "2.2. Assessment"
        shown = first.locator(".search-sentence").first.inner_text()
        # Typed with straight quotes, shown as the page prints them: typographic.
        assert " ".join(shown.split()) == SENTENCE.replace("'Inadequate'", "‘Inadequate’")
        assert first.locator(".search-sentence").first.locator("mark").count() >= 20
        assert "q=Wigan+PDU+is+rated" in page.url, "the address keeps the query"
        # The results follow the form in the tab order: the box, its button, then the first result.
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert _focused(page) == "Wigan PDU"
        page.keyboard.press("Enter")
        page.wait_for_url("**/pdus/wigan.html")


def test_the_box_on_every_page_leads_to_the_results(sample_site: Path, page: Any) -> None:
    with served(sample_site) as address:
        page.goto(address + "letters/greater-manchester-2023.html")
        page.fill("#site-search-q", "Tameside interventions")
        page.press("#site-search-q", "Enter")
        page.wait_for_url("**/search.html?q=Tameside+interventions")
        page.wait_for_selector("#search-results > li")
        titles = page.locator("#search-results > li h2 a").all_inner_texts()
        assert titles[0].startswith("Regional review letter to the Greater Manchester"), titles
        assert page.input_value("#search-q") == "Tameside interventions"


def test_a_search_that_finds_nothing_says_so(sample_site: Path, page: Any) -> None:
    with served(sample_site) as address:
        page.goto(address + "search.html?q=zyxwvut")
        page.wait_for_function("() => document.getElementById('search-status').textContent.startsWith('No results')")
        assert page.locator("#search-results").is_hidden()
        assert page.locator("#browse").is_visible()


def test_without_javascript_the_search_page_lists_the_reports(sample_site: Path, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with served(sample_site) as address:
        page.goto(address + "pdus/wakefield.html")
        page.fill("#site-search-q", "leadership")
        page.press("#site-search-q", "Enter")
        page.wait_for_url("**/search.html?q=leadership")
        assert "Searching needs JavaScript" in page.inner_text("main")
        links = [page.locator("#browse a").nth(i).get_attribute("href") for i in range(page.locator("#browse a").count())]
        assert {"pdus/wigan.html", "pdus/wakefield.html", "pdus/cheshire-west.html", "regions/north-west.html"} <= set(links)
        assert "letters/greater-manchester-2023.html" in links
    context.close()


def test_a_sentence_of_each_report_finds_it(sample_site: Path, browser: Any) -> None:
    sentences = report_sentences(sample_site)
    assert len(sentences) == 3
    assert search_problems(sample_site, sentences, browser) == []


def test_the_search_check_fails_for_a_sentence_no_report_has(sample_site: Path, browser: Any) -> None:
    wrong = [(path, "a sentence found in no report whatsoever qqqzzz") for path, _ in report_sentences(sample_site)[:1]]
    assert len(search_problems(sample_site, wrong, browser)) == 1


def test_the_index_is_the_published_pages_indexed_without_their_pdf_line(sample_site: Path, monkeypatch: Any) -> None:
    """The index is made while the PDFs render, from the pages with a placeholder for their PDF's size and
    pages; Pagefind leaves the PDF's line out, so the published pages (their PDF's size filled in) indexed
    again give the same bytes. Indexed with the line, they would not: the check can fail."""
    built = {p.relative_to(sample_site).as_posix(): p.read_bytes() for p in sorted(sample_site.rglob("*")) if p.is_file()}
    index = {path: data for path, data in built.items() if path.startswith(f"{search.SEARCH_DIR}/")}
    pages = {path: data for path, data in built.items() if path.endswith(".html")}
    assert b'<p class="download"><a href="wigan.pdf">' in pages["pdus/wigan.html"]
    assert b" pages)</a>" in pages["pdus/wigan.html"]
    assert search.search_index(pages) == index
    monkeypatch.setattr(search, "EXCLUDED", [s for s in search.EXCLUDED if s != ".download"])
    assert search.search_index(pages) != index


def test_a_page_made_before_its_pdf_gives_its_label_back() -> None:
    """The placeholder for the PDF's label, filled in and taken out again: the page made before the PDF."""
    draft = f'<p>a &lt;!-- b</p><a href="x.pdf">Get it ({LABEL})</a><span title="{LABEL}"></span>'.encode()
    page, offsets, size = fill_label(draft, "PDF, 1.2 MB, 24 pages & more")
    assert LABEL.encode() not in page and page.count(b"PDF, 1.2 MB, 24 pages &amp; more") == 2
    assert draft_of(page, offsets, size) == draft
    assert draft_of(page, offsets[:1], size) != draft


def _tmpfs() -> Path | None:
    """A tmpfs this machine mounts at /dev/shm, writable, or None."""
    mounts = Path("/proc/mounts").read_text().splitlines() if Path("/proc/mounts").exists() else []
    shm = Path("/dev/shm")
    if any(line.split()[1:3] == [str(shm), "tmpfs"] for line in mounts) and os.access(shm, os.W_OK):
        return shm
    return None


def test_the_index_does_not_depend_on_the_file_system(sample_site: Path, tmp_path: Path, monkeypatch: Any) -> None:
    """Regression: Pagefind numbered the pages in the order the file system listed the folder they were laid
    in, so the same pages in a temporary folder on tmpfs and on the disk (or written in another order) gave
    another index. The same pages give the same bytes wherever the temporary folder is, in whatever order
    they come."""
    shm = _tmpfs()
    if shm is None:
        pytest.skip("no tmpfs at /dev/shm to set the temporary folder on")
    pages = {p.relative_to(sample_site).as_posix(): p.read_bytes() for p in sorted(sample_site.rglob("*.html"))}
    on_shm = Path(tempfile.mkdtemp(prefix="sitegen-test-", dir=shm))
    try:
        indexes = []
        for folder, order in ((tmp_path, sorted), (on_shm, sorted), (on_shm, reversed)):
            monkeypatch.setattr(tempfile, "tempdir", str(folder))
            indexes.append(search.search_index(dict(order(pages.items()))))
    finally:
        monkeypatch.undo()
        shutil.rmtree(on_shm, ignore_errors=True)
    assert len(indexes[0]) > 5
    assert indexes[1] == indexes[0], "the index on tmpfs"
    assert indexes[2] == indexes[0], "the index of the pages in another order"
    # What makes them the same: the pages reach Pagefind sorted by path; in another order they index otherwise.
    reached = sorted((path, data) for path, data in pages.items() if b"data-pagefind-body" in data)
    assert search.index_in_order(reached, "en").result() == indexes[0]
    assert search.index_in_order(reached[::-1], "en").result() != indexes[0]


def test_an_error_pagefind_answers_fails_in_one_line_and_leaves_no_process(sample_site: Path) -> None:
    """An error Pagefind answers (here to a message about an index it has not got) fails the index in one line;
    its process is stopped and reaped, its working folder gone."""
    page = sample_site / "pdus" / "wigan.html"
    indexing = search.index_in_order([("pdus/wigan.html", page.read_bytes())], "en")
    indexing.send({"type": "GetFiles", "index_id": 7})
    process, folder = indexing.process, indexing.folder
    assert process is not None and folder is not None and folder.is_dir()
    with pytest.raises(ContentError) as caught:
        indexing.result()
    message = caught.value.problems[0].message
    assert message.startswith("search: Pagefind failed: ") and "index" in message and "\n" not in message, message
    assert process.returncode is not None and indexing.process is None
    assert not folder.exists()


def test_pagefind_gets_nothing_of_the_machine(sample_site: Path, monkeypatch: Any) -> None:
    """Pagefind reads settings from PAGEFIND_* variables, even as a service, and a bad one stops it
    (PAGEFIND_VERBOSE must be true or false): set in the build's environment, such a variable changes
    nothing, and neither does a pagefind.yml in the folder the build runs in."""
    pages = {p.relative_to(sample_site).as_posix(): p.read_bytes() for p in sorted(sample_site.rglob("*.html"))}
    index = search.search_index(pages)
    monkeypatch.setenv("PAGEFIND_VERBOSE", "not a boolean")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", "p")
    workdir = sample_site.parent / "elsewhere"
    workdir.mkdir(exist_ok=True)
    (workdir / "pagefind.yml").write_text("exclude_selectors: [p]\nverbose: maybe\n", encoding="utf-8")
    monkeypatch.chdir(workdir)
    assert search.search_index(pages) == index
