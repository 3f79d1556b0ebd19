"""Turn the blocks of a standard's (or a section's, or a letter theme's) lists into the model's list entries.

``assemble`` sorts a part's blocks under its list headings ('Strengths:',
'Areas for improvement:', or a report's own words for them); ``entries``
reads each list entry by entry, in the content model's forms:

- a bullet, with the paragraphs and nested bullets that belong to it (by
  their level, ``Block.depth``), is one Markdown text;
- paragraphs that belong to no bullet are a ``paragraph:`` (consecutive ones
  together);
- a quotation is a ``quote:`` with its lines and paragraphs, and the dash
  line under it ("– Person on probation") its ``by:``;
- a 'Practice example: <title>' heading opens a ``practice_example:`` whose
  ``body:`` is what its box holds: in a PDF, the blocks inside the box drawn
  round the heading; in extracted text, which shows no box, the paragraphs up
  to the next entry or heading (a finding asks an editor to check where it ends).

``markdown`` writes prose (a rationale, a foreword) as Markdown, nested
lists included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitegen.importer import wording as w
from sitegen.importer.blocks import Block, same_frame
from sitegen.importer.ledger import Ledger
from sitegen.importer.ownwords import OwnWords, template

_DASHES = ("–", "—")


@dataclass
class Area:
    lead: list[Block] = field(default_factory=list)  # paragraphs before any entry or heading
    points: list[Block] = field(default_factory=list)  # entries under no heading
    strengths: list[Block] = field(default_factory=list)
    areas: list[Block] = field(default_factory=list)


def assemble(blocks: list[Block], reliable: bool, ledger: Ledger, what: str, own: OwnWords | None = None) -> Area:
    """Paragraphs, entries and quotations under their list headings."""
    area = Area()
    state = "lead"
    heading_areas = False
    for block in blocks:
        kind = _list_heading(block)
        if kind is not None:
            state, heading_areas = kind, heading_areas or kind == "areas"
            ledger.generate(block, "a list heading")
            if own is not None:
                own.saw(f"{kind}_heading", block.plain)
            continue
        if block.kind == "row":
            ledger.leave(block, f"a table in {what}, which the content model cannot hold there")
            continue
        if state == "lead" and (block.kind in ("item", "quote") or example_title(block) is not None):
            state = "points"
        getattr(area, state).append(block)
    if area.strengths and not heading_areas and not reliable:
        _split_lost_heading(area, ledger, what)
    return area


def _list_heading(block: Block) -> str | None:
    """'strengths' or 'areas' for a list's heading ('Strengths:', 'Key strengths:', 'Areas for improvement'...)."""
    if block.kind != "para":
        return None
    if w.STRENGTHS_HEADING.match(block.plain):
        return "strengths"
    return "areas" if w.AREAS_HEADING.match(block.plain) else None


def _split_lost_heading(area: Area, ledger: Ledger, what: str) -> None:
    """'Strengths:' with no 'Areas for improvement:': the last run of entries is taken for the areas."""
    breaks = [i for i, b in enumerate(area.strengths) if i and b.gap_before]
    if not breaks:
        return
    clean = [i for i in breaks if not area.strengths[i].after_page_foot]
    at = (clean or breaks)[-1]
    area.strengths, area.areas = area.strengths[:at], area.strengths[at:]
    ledger.find(
        area.areas[0].where,
        f"'Areas for improvement:' is missing in {what}: the entries from here on were taken as areas for improvement; "
        "check against the published report",
    )


def entries(blocks: list[Block], ledger: Ledger, path: str, own: OwnWords | None = None) -> list[Any]:
    """A list's blocks as the model's list entries, each block placed in the ledger."""
    out: list[Any] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if (title := example_title(block)) is not None:
            end = _example_end(blocks, i)
            out.append(_example(block, title, blocks[i + 1 : end], ledger, path, own))
        elif block.kind == "quote":
            end = i + 1
            entry: dict[str, str] = {"quote": block.text}
            if end < len(blocks) and is_attribution(blocks[end]):
                entry["by"] = _by(blocks[end], own)
                ledger.place(blocks[end], f"{path} > by")
                end += 1
            out.append(entry)
        elif block.kind == "item":
            end = _entry_end(blocks, i)
            out.append("\n".join(_bullet(blocks[i:end])))
        elif block.kind == "para":
            end = i + 1
            while end < len(blocks) and _plain_paragraph(blocks[end]):
                end += 1
            out.append({"paragraph": "\n\n".join(b.text for b in blocks[i:end])})
        else:
            ledger.leave(block, f"a table in {path}, which the content model cannot hold there")
            i += 1
            continue
        for placed in blocks[i:end]:
            if not ledger.accounted(placed):
                ledger.place(placed, path)
        i = end
    return out


def markdown(blocks: list[Block], ledger: Ledger, path: str) -> str:
    """Paragraphs, list entries (nested ones too) and quotations as one Markdown text; a table cannot be one."""
    parts: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        end = i + 1
        if block.kind == "item":
            end = _entry_end(blocks, i)
            lines = _bullet(blocks[i:end])
            text = "\n".join(["- " + lines[0], *(("  " + line).rstrip() for line in lines[1:])])
            if parts and parts[-1].startswith("- "):
                parts[-1] += "\n" + text
            else:
                parts.append(text)
        elif block.kind == "quote":
            parts.append(f"“{block.text}”")
        elif block.kind == "para":
            parts.append(block.text)
        else:
            ledger.leave(block, f"a table in {path}, which the content model cannot hold")
            i = end
            continue
        for placed in blocks[i:end]:
            ledger.place(placed, path)
        i = end
    return "\n\n".join(parts)


def example_title(block: Block) -> str | None:
    found = w.PRACTICE_EXAMPLE.match(block.plain) if block.kind == "para" else None
    return found[2].strip() if found else None


def is_attribution(block: Block) -> bool:
    """The line under a quotation that says who said it: a short line opening with a dash."""
    return block.kind == "para" and block.plain.startswith(_DASHES) and len(block.plain.split()) <= 12


def _by(block: Block, own: OwnWords | None) -> str:
    by = block.plain.lstrip("".join(_DASHES)).strip()
    if own is not None and (found := template(block.plain, by=by)):
        own.saw("quote_attribution", found)
    return by


def _example(head: Block, title: str, body: list[Block], ledger: Ledger, path: str, own: OwnWords | None) -> dict[str, str]:
    if own is not None and (found := template(head.plain, title=title)):
        own.saw("practice_example_heading", found)
    if head.frame is None and body:
        ledger.find(
            head.where,
            f"practice example '{title}': the source shows no box, so its text was taken to end at {body[-1].where}; "
            "check where the box ends in the published report",
        )
    elif not body:
        ledger.find(head.where, f"practice example '{title}' has no text under its title: add its body")
    text = markdown(body, ledger, f"{path} > body")
    return {"practice_example": title, "body": text}


def _example_end(blocks: list[Block], start: int) -> int:
    """Where a practice example's box ends: its blocks are inside the box, or (no box shown) its paragraphs."""
    head = blocks[start]
    end = start + 1
    while end < len(blocks):
        block = blocks[end]
        if head.frame is not None:
            inside = same_frame(block, head)
        else:
            inside = block.kind == "para" and not block.heading and not is_attribution(block)
        if not inside or example_title(block) is not None:
            break
        end += 1
    return end


def _entry_end(blocks: list[Block], start: int) -> int:
    """The end of a bullet: the nested bullets and the paragraphs that belong to it follow it."""
    level = max(blocks[start].depth, 1)
    end = start + 1
    while end < len(blocks):
        block = blocks[end]
        nested = block.kind == "item" and block.depth > level
        own_paragraph = block.kind == "para" and block.depth >= level and example_title(block) is None
        if not (nested or own_paragraph):
            break
        end += 1
    return end


def _bullet(blocks: list[Block]) -> list[str]:
    """One bullet's Markdown lines: its text, its nested list (two spaces a level), its further paragraphs."""
    level = max(blocks[0].depth, 1)
    lines = [blocks[0].text]
    for block in blocks[1:]:
        if block.kind == "item":
            lines.append("  " * (block.depth - level - 1) + "- " + block.text)
        else:
            lines += ["", "  " * (block.depth - level) + block.text]
    return lines


def _plain_paragraph(block: Block) -> bool:
    return block.kind == "para" and not is_attribution(block) and example_title(block) is None


__all__ = ["Area", "assemble", "entries", "markdown"]
