"""Turn the sample reports and letter into recombined text of the same shape, and write it as YAML.

The national corpus (``national_corpus.py``) needs about 7,000 words of
plausible prose per report. :class:`Recombiner` walks a sample document's
fields twice over: once to learn the sentences of each kind of field (the
foreword, a domain's strengths, a sub-section's quotations, ...), once to
write a new field shaped like the sample's (as many paragraphs, bullets,
quotations and footnotes, each about as long) from sentences of that kind
drawn by a seeded RNG. Sentences that state a rating are left out, so that
the prose never contradicts the ratings the house rules derive; the caller
adds its own. :func:`dump_yaml` writes what an author would: prose as block
scalars, in a fixed order, the same bytes for the same data.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

# A sentence ends at . ! or ? (perhaps closed by a quotation mark or bracket) before a capital.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9'‘\"(])|(?<=[.!?]['’\")])\s+(?=[A-Z0-9])")
_YEAR = re.compile(r"\b(20\d\d)\b")
_CALL = re.compile(r"\[\^[^\]\s]+\]")
_DEFINITION = re.compile(r"\[\^[^\]\s]+\]:\s*(.*)", re.DOTALL)
# Prose that states or explains a rating would contradict the derived ratings.
_RATED = re.compile(
    r"\b(rated|rating|ratings)\b|['‘](Outstanding|Good|Requires improvement|Inadequate|Not rated)['’]", re.IGNORECASE
)


def _blocks(text: str) -> list[str]:
    return [b.strip() for b in text.strip().split("\n\n") if b.strip()]


def _units(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """A field's text as (kind, text) units, a paragraph or one bullet of a list, and its footnote texts."""
    units: list[tuple[str, str]] = []
    notes: list[str] = []
    for block in _blocks(text):
        definition = _DEFINITION.fullmatch(block)
        if definition:
            notes.append(" ".join(definition[1].split()))
        elif all(line.startswith("- ") for line in block.splitlines()):
            units += [("bullet", line[2:].strip()) for line in block.splitlines()]
        else:
            units.append(("paragraph", " ".join(block.split())))
    return units, notes


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(_CALL.sub("", text)) if s.strip()]


def word_count(text: str) -> int:
    return len(text.split())


class Recombiner:
    """Sentences learnt by kind of field from sample documents; new fields of the same shapes drawn from them.

    The same walk over a document serves both: :meth:`prose` and :meth:`items`
    record what they are given while learning, and return new text shaped
    like it once :meth:`start` has begun a document.
    """

    def __init__(self) -> None:
        self.pools: dict[str, list[str]] = defaultdict(list)
        self._random: random.Random | None = None  # None while learning
        self.substitute: Callable[[str], str] = str
        self._decks: dict[str, list[str]] = {}
        self._notes = 0
        self._length = 1.0
        self._year = 0
        self._years: dict[str, list[int]] = {}

    # -- learning and drawing --------------------------------------------

    def start(self, rng: random.Random, substitute: Callable[[str], str], year: int) -> None:
        """Begin a document of ``year``: sentences are drawn without repeats within it, as far as the pools allow.

        A sentence naming a later year is left out where the pool has others.
        """
        if not self._years:  # learning is over: each sentence once, with the latest year it names
            for key, pool in self.pools.items():
                self.pools[key] = list(dict.fromkeys(pool))
                self._years[key] = [max(map(int, _YEAR.findall(s)), default=0) for s in self.pools[key]]
        self._random = rng
        self.substitute = substitute
        self._year = year
        self._decks = {}
        self._notes = 0
        self._length = rng.uniform(0.9, 1.1)

    def draw(self, key: str) -> str:
        deck = self._decks.get(key)
        if not deck:
            pool = self.pools[key]
            if not pool:
                raise KeyError(f"the sample content has no text of the kind '{key}'")
            deck = [s for s, year in zip(pool, self._years[key], strict=True) if year <= self._year] or list(pool)
            self.rng.shuffle(deck)
            self._decks[key] = deck
        return deck.pop()

    @property
    def rng(self) -> random.Random:
        if self._random is None:
            raise RuntimeError("start() a document before drawing from the pools")
        return self._random

    def _learn(self, key: str, text: str) -> None:
        units, notes = _units(text)
        self.pools["footnote"] += notes
        for _, unit in units:
            self.pools[key] += [s for s in sentences(unit) if not _RATED.search(s)]

    def _sentences_like(self, key: str, words: int) -> str:
        target = max(1, round(words * self._length))
        drawn: list[str] = []
        total = 0
        while total < target:
            sentence = self.draw(key)
            if drawn and total + word_count(sentence) / 2 > target:
                break  # nearer the target without it
            drawn.append(sentence)
            total += word_count(sentence)
        return " ".join(drawn)

    # -- the two leaves of every walk ------------------------------------

    def prose(self, key: str, text: str) -> str:
        """A field of paragraphs (or a Markdown list), with as many footnotes as the sample's."""
        if self._random is None:
            self._learn(key, text)
            return text
        units, notes = _units(text)
        out = [(kind, self._sentences_like(key, word_count(unit))) for kind, unit in units]
        definitions = []
        for index in sorted(self.rng.sample(range(len(out)), min(len(notes), len(out)))):
            self._notes += 1
            label = f"n{self._notes}"
            out[index] = (out[index][0], f"{out[index][1]}[^{label}]")
            definitions.append(f"[^{label}]: {self.draw('footnote')}")
        blocks: list[str] = []
        for kind, unit in out:
            if kind == "bullet" and blocks and blocks[-1].startswith("- "):
                blocks[-1] += f"\n- {unit}"
            else:
                blocks.append(f"- {unit}" if kind == "bullet" else unit)
        return self.substitute("\n\n".join(blocks + definitions) + "\n")

    def items(self, key: str, items: list[Any]) -> list[Any]:
        """A list of bullets and quotations: about as many as the sample's, in the same mix."""
        if self._random is None:
            for item in items:
                if isinstance(item, dict):
                    self.pools["quote"].append(item["quote"])
                else:
                    self._learn(key, item)
            return items
        out: list[Any] = []
        for item in items:
            copies = 0 if self.rng.random() < 0.15 else 1
            copies += self.rng.random() < 0.15
            out += [self._item_like(key, item) for _ in range(copies)]
        if not out and items:  # never drop a whole list: the heading would stand empty
            out.append(self._item_like(key, items[0]))
        return out

    def _item_like(self, key: str, item: Any) -> Any:
        if isinstance(item, dict):
            return {"quote": self.substitute(self.draw("quote"))}
        return self.prose(key, item).strip()


def substitution(names: dict[str, str]) -> Callable[[str], str]:
    """Replace whole words: the sample's place names by the generated ones, longest first."""
    if not names:
        return str
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")")
    return lambda text: pattern.sub(lambda m: names[m[1]], text)


# -- YAML as an author writes it -----------------------------------------


def _key(key: str | int) -> str:
    return str(key) if isinstance(key, int) or re.fullmatch(r"[a-z_]+", key) else json.dumps(key)


def _scalar(value: str | int) -> str:
    # A JSON string is a YAML double-quoted scalar.
    return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)


def _block(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return [f"{pad}{line}" if line else "" for line in text.rstrip("\n").split("\n")]


def _prose_like(value: object) -> bool:
    return isinstance(value, str) and "\n" in value


def _emit(value: dict[Any, Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, item in value.items():
        head = f"{pad}{_key(key)}:"
        if _prose_like(item):
            lines += [f"{head} |", *_block(item, indent + 2)]
        elif isinstance(item, dict):
            lines += [head, *_emit(item, indent + 2)]
        elif isinstance(item, list) and (all(isinstance(x, int) for x in item) or key == "pdus"):
            lines.append(f"{head} [{', '.join(_scalar(x) for x in item)}]")
        elif isinstance(item, list):
            lines.append(head)
            for entry in item:
                if isinstance(entry, dict):
                    inner = _emit(entry, indent + 4)
                    lines += [f"{pad}  - {inner[0].lstrip()}", *inner[1:]]
                elif _prose_like(entry):
                    lines += [f"{pad}  - |", *_block(entry, indent + 4)]
                else:
                    lines.append(f"{pad}  - {_scalar(entry)}")
        else:
            lines.append(f"{head} {_scalar(item)}")
    return lines


def dump_yaml(data: dict[str, Any], comment: str) -> str:
    """YAML for ``data``: prose as ``|`` blocks, other text double-quoted, keys in their given order."""
    return "\n".join([f"# {comment}", *_emit(data, 0)]) + "\n"
