"""What a PDF page draws, read from its content stream: the text, font and position inside each
marked-content sequence (MCID), and the rewrite that makes sequences artifacts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

LEADER = re.compile(r"^[\s.·•…_-]*$")


_BOLD = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)


_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)


@dataclass
class Run:
    """The text drawn inside one marked-content sequence, with what it was drawn in."""

    text: str = ""
    bold: bool = True  # all of it set in a bold (or italic) face
    italic: bool = True
    size: float = 0.0  # largest font size, in points
    x: float | None = None  # origin of the first glyph, in default user space
    y: float | None = None


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """The product of two PDF matrices [a b c d e f]: m applied first, then n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2]


class Font:
    """Decodes the strings a font shows, through its /ToUnicode map; knows if it is bold or italic."""

    _HEX = re.compile(rb"<([0-9A-Fa-f]+)>")

    def __init__(self, font: pikepdf.Object) -> None:
        self.name = str(font.get("/BaseFont", ""))
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font.DescendantFonts[0].get("/FontDescriptor")
        weight = float(descriptor.get("/FontWeight", 400)) if descriptor is not None else 400
        angle = float(descriptor.get("/ItalicAngle", 0)) if descriptor is not None else 0
        self.bold = bool(_BOLD.search(self.name)) or weight >= 600
        self.italic = bool(_ITALIC.search(self.name)) or angle != 0
        self.width = 2 if font.get("/Subtype") == Name.Type0 else 1
        self.map: dict[int, str] = {}
        self.cache: dict[bytes, str] = {}
        if "/ToUnicode" in font:
            self._read_cmap(font.ToUnicode.read_bytes())

    def _read_cmap(self, cmap: bytes) -> None:
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
            codes = self._HEX.findall(block)
            for source, target in zip(codes[::2], codes[1::2], strict=False):
                self.width = len(source) // 2
                self.map[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be", "replace")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
            for low, high, target in re.findall(rb"<(\w+)>\s*<(\w+)>\s*(<\w+>|\[[^\]]*\])", block):
                self.width = len(low) // 2
                start, end = int(low, 16), int(high, 16)
                if target.startswith(b"["):
                    for code, item in zip(range(start, end + 1), self._HEX.findall(target), strict=False):
                        self.map[code] = bytes.fromhex(item.decode()).decode("utf-16-be", "replace")
                else:
                    first = bytes.fromhex(target[1:-1].decode()).decode("utf-16-be", "replace")
                    for code in range(start, end + 1):
                        self.map[code] = first[:-1] + chr(ord(first[-1]) + code - start)

    def decode(self, data: bytes) -> str:
        text = self.cache.get(data)
        if text is None:
            codes = (int.from_bytes(data[i : i + self.width], "big") for i in range(0, len(data), self.width))
            text = self.cache[data] = "".join(self.map.get(code, chr(code) if self.width == 1 else "\ufffd") for code in codes)
        return text


def read_page(page: pikepdf.Page, fonts: dict[tuple[int, int], Font]) -> tuple[list, set[int], dict[int, Run]]:
    """A page's content instructions, its MCIDs, and the text drawn in each of them."""
    instructions = list(pikepdf.parse_content_stream(page))
    mcids: set[int] = set()
    resources = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
    runs: dict[int, Run] = {}
    marks: list[int | None] = []  # the MCID of each open marked-content sequence (None: no MCID)
    ctm_stack: list[list[float]] = []
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    tm = line = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    font: Font | None = None
    size = 0.0
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            ctm_stack.append(ctm)
        elif op == "Q" and ctm_stack:
            ctm = ctm_stack.pop()
        elif op == "cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif op == "BT":
            tm = line = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        elif op == "Tm":
            tm = line = [float(v) for v in operands]
        elif op in ("Td", "TD"):
            tm = line = _multiply([1.0, 0.0, 0.0, 1.0, float(operands[0]), float(operands[1])], line)
        elif op == "Tf":
            source = resources.get(str(operands[0]))
            if source is not None:
                key = source.objgen if source.is_indirect else (id(source), 0)
                if key not in fonts:
                    fonts[key] = Font(source)
                font = fonts[key]
            size = float(operands[1])
        elif op == "BDC":
            properties = operands[1]
            mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
            marks.append(int(mcid) if mcid is not None else None)
            if mcid is not None:
                mcids.add(int(mcid))
        elif op == "BMC":
            marks.append(None)
        elif op == "EMC" and marks:
            marks.pop()
        elif op in ("Tj", "TJ", "'", '"') and marks and marks[-1] is not None and font is not None:
            run = runs.setdefault(marks[-1], Run())
            shown = operands[-1]
            strings = [s for s in shown if isinstance(s, pikepdf.String)] if isinstance(shown, Array) else [shown]
            run.text += "".join(font.decode(bytes(s)) for s in strings)
            run.bold, run.italic = run.bold and font.bold, run.italic and font.italic
            matrix = _multiply(tm, ctm)
            run.size = max(run.size, size * abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5)
            if run.x is None:
                run.x, run.y = matrix[4], matrix[5]
    return instructions, mcids, runs


def retag_as_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, instructions: list, marks: dict[int, Dictionary]) -> None:
    """Rewrite ``/Tag <</MCID n>> BDC`` as ``/Artifact <<...>> BDC`` for the given MCIDs of a page."""
    rewritten = []
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInstruction) and str(instruction.operator) == "BDC":
            properties = instruction.operands[1]
            mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
            if mcid is not None and int(mcid) in marks:
                instruction = pikepdf.ContentStreamInstruction([Name.Artifact, marks[int(mcid)]], instruction.operator)
        rewritten.append(instruction)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))
