"""Reading YAML safely and rendering Markdown safely, in isolation."""

from __future__ import annotations

from pathlib import Path

from sitegen.content.yamlfile import load_yaml
from sitegen.documents import markdown


def _load(tmp_path: Path, text: str):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, "f.yaml")


def test_keys_are_text_and_lines_are_kept(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "standards:\n  2.10:\n    rating: Good\n  1.1:\n    rating: Inadequate\n")
    assert problems == []
    assert list(doc.data["standards"]) == ["2.10", "1.1"]
    assert doc.where(("standards", "1.1", "rating")) == (5, 13)
    assert doc.where(("standards", "1.1"), key=True) == (4, 3)


def test_values_keep_their_yaml_types(tmp_path: Path) -> None:
    doc, _ = _load(tmp_path, "a: [64, 72, 33]\nb: 'text'\n")
    assert doc.data == {"a": [64, 72, 33], "b": "text"}


def test_empty_file_is_an_empty_mapping(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "")
    assert doc.data == {} and problems == []


def test_aliases_are_refused(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "a: &x hello\nb: *x\n")
    assert doc is None
    assert str(problems[0]).startswith("f.yaml:1:4: anchors and aliases")


def test_oversized_and_non_utf8_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 3_000_000)
    assert "limited to" in str(load_yaml(path, "big.yaml")[1][0])
    path.write_bytes(b"a: caf\xe9\n")
    assert "not UTF-8" in str(load_yaml(path, "big.yaml")[1][0])


def test_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert str(problems[0]).startswith("f.yaml:3:2: YAML syntax error")


def test_footnotes_number_across_fields_in_reading_order() -> None:
    notes = markdown.Notes()
    first = markdown.render("One[^a].\n\n[^a]: Note A.\n", notes)
    second = markdown.render("Two[^b] and again[^a].\n\n[^b]: Note B.\n", notes)
    assert 'href="#fn-1"' in first
    assert 'href="#fn-2"' in second and 'id="fnref-1-2"' in second
    assert [(n.number, n.label, str(n.html), n.calls) for n in notes.notes] == [(1, "a", "Note A.", 2), (2, "b", "Note B.", 1)]


def test_footnote_problems_are_found() -> None:
    found = markdown.FieldNotes()
    markdown.render("Call[^missing].\n\n[^spare]: Never called.\n", markdown.Notes(), found)
    assert found.missing == ["missing"] and found.unused == ["spare"]


def test_raw_html_and_unsafe_links_are_not_obeyed() -> None:
    html = str(markdown.render('<a href="x">y</a> [a](javascript:alert(1)) [b](file:///etc/passwd) [c](https://ok.example)'))
    # Shown as text (its quotes made typographic, as all body text's are), never obeyed.
    assert '<a href="x">' not in html and "&lt;a href=“x”&gt;" in html
    assert 'href="javascript' not in html and 'href="file:' not in html
    assert '<a href="https://ok.example">c</a>' in html


def test_private_use_markers_cannot_be_smuggled_in() -> None:
    html = str(markdown.render("x \ue0000\ue001 y", markdown.Notes()))
    assert "fn-call" not in html


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    doc, problems = _load(tmp_path, "a: &x [1, *x]\n")
    assert doc is None and "anchors and aliases" in str(problems[0])


def test_quotes_are_typographic() -> None:
    html = str(markdown.render("We rated it 'Good'; the individual's \"voice\" was heard."))
    assert html == "<p>We rated it ‘Good’; the individual’s “voice” was heard.</p>\n"
    assert str(markdown.inline("as 'the backbone'")) == "as ‘the backbone’"
