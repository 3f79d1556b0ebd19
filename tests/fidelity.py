"""How much of a reference report's text a built page or PDF reproduces.

Two measures over normalised words (case, quotes, dashes, bullets and markup
folded away): word-sequence recall and precision (difflib, in order), and
sentence recall, the share of the reference's sentences found whole in the
candidate, in any order. PDF text comes from ``pdftotext``; HTML text from
``<main>`` without scripts, navigation, header and footer.

Also a command, for looking at differences while working on a template::

    python -m tests.fidelity REFERENCE.txt CANDIDATE.(pdf|html|txt) [--drop REGEX] [--show N]
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


def normalise(text: str) -> list[str]:
    """The words of ``text``, lower-case, with markup, bullets and typographic variants folded."""
    text = unicodedata.normalize("NFKC", html.unescape(text))
    text = re.sub(r"</?(u|sup|sub|b|i|em|strong)>", " ", text)
    text = re.sub(r"&\s*lt;\s*/?\s*sup\s*>|lt;/?sup>", " ", text)  # escaped tags that an extraction mangled
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[*#•\u2022\u25aa\u25cf_]", " ", text)
    text = re.sub(r"(?<=[A-Za-z])(?=\d)", " ", text)  # a footnote call glued to its word: "rating5"
    words = re.findall(r"[A-Za-z0-9£%']+", text)
    return [w.lower().strip("'") for w in words if w.strip("'")]


def read_text(path: Path) -> str:
    """The text a reader gets from a PDF, a web page's ``<main>``, or a text file."""
    if path.suffix == ".pdf":
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True)
        return done.stdout
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".html", ".htm"):
        from lxml import html as lxml_html

        doc = lxml_html.fromstring(raw)
        for unwanted in doc.xpath("//script|//style|//nav|//header|//footer"):
            unwanted.drop_tree()
        for br in doc.iter("br"):  # a line break parts words as a reader hears them ("Martin Jones<br>Martin Jones CBE")
            br.tail = "\n" + (br.tail or "")
        main = doc.xpath("//main")
        return (main[0] if main else doc).text_content()
    return raw


def drop_lines(text: str, patterns: list[str]) -> str:
    """``text`` without the lines that match one of ``patterns`` whole (running heads, folios)."""
    compiled = [re.compile(p) for p in patterns]
    return "\n".join(line for line in text.splitlines() if not any(p.fullmatch(line.strip()) for p in compiled))


def sentences(text: str) -> list[list[str]]:
    """The reference's sentences (and paragraph-long fragments) of six words or more, normalised."""
    parts = [normalise(x) for x in re.split(r"(?<=[.!?:])\s+|\n\s*\n", text)]
    return [x for x in parts if len(x) >= 6]


@dataclass
class Fidelity:
    words_reference: int
    words_candidate: int
    recall: float  # share of the reference's words reproduced in order
    precision: float  # share of the candidate's words that are reference text
    sentences_found: int
    sentences_total: int
    missing: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def sentence_recall(self) -> float:
        return self.sentences_found / max(1, self.sentences_total)

    def report(self, show: int = 0) -> str:
        lines = [*self.differences[:show]]
        lines += [f"missing sentence: {m[:200]}" for m in self.missing[:show]]
        lines.append(
            f"words ref={self.words_reference} cand={self.words_candidate} "
            f"recall={self.recall:.4f} precision={self.precision:.4f}"
        )
        lines.append(f"sentences found {self.sentences_found}/{self.sentences_total} = {self.sentence_recall:.4f}")
        return "\n".join(lines)


def compare(reference: str, candidate: str, drop: list[str] | None = None) -> Fidelity:
    """``candidate``'s fidelity to ``reference``, both plain text, after dropping lines matching ``drop``."""
    reference = drop_lines(reference, drop or [])
    candidate = drop_lines(candidate, drop or [])
    ref, cand = normalise(reference), normalise(candidate)
    matcher = difflib.SequenceMatcher(None, ref, cand, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    ops = sorted((op for op in matcher.get_opcodes() if op[0] != "equal"), key=lambda o: -max(o[2] - o[1], o[4] - o[3]))
    differences = [
        f"{tag}: ref {' '.join(ref[i1:i2])[:160]!r} -> cand {' '.join(cand[j1:j2])[:160]!r}" for tag, i1, i2, j1, j2 in ops
    ]
    joined = " " + " ".join(cand) + " "
    wanted = sentences(reference)
    missing = [" ".join(s) for s in wanted if f" {' '.join(s)} " not in joined]
    return Fidelity(
        len(ref),
        len(cand),
        matched / max(1, len(ref)),
        matched / max(1, len(cand)),
        len(wanted) - len(missing),
        len(wanted),
        missing,
        differences,
    )


def compare_files(reference: Path, candidate: Path, drop: list[str] | None = None) -> Fidelity:
    return compare(read_text(reference), read_text(candidate), drop)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", type=Path)
    parser.add_argument("candidate", type=Path)
    parser.add_argument("--drop", action="append", default=[], help="regex: drop whole lines matching it from both texts")
    parser.add_argument("--show", type=int, default=0, help="list the N largest differences and missing sentences")
    args = parser.parse_args(argv)
    sys.stdout.write(compare_files(args.reference, args.candidate, args.drop).report(args.show) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
