"""Turn inspection records into charts: counts of ratings, laid out as horizontal stacked bars.

A :class:`Chart` holds the figures (one :class:`Bar` per standard or region,
a count per rating) and the geometry the theme's SVG template draws, so the
template does no arithmetic and the data table printed beside each chart
reads the very same counts. The national overview has one chart per
framework (each standard's ratings across all its inspections) and one of
each region's overall ratings; a region's page has the charts of its own
inspections only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sitegen.content.model import NOT_RATED
from sitegen.documents.inspections import RATING_ORDER, Inspection
from sitegen.documents.report import slugify
from sitegen.rules.framework import load_framework

#: Geometry of a chart in SVG user units (the SVG scales to the page's width).
WIDTH = 720
LABEL_WIDTH = 250
BAR_HEIGHT = 26
GAP = 14
TOP = 10
AXIS_HEIGHT = 30
LEGEND_HEIGHT = 34
RIGHT = 40
#: The white chip (18 units high) a count is written on: its width around each digit of 12px bold text.
CHIP_PADDING = 8
DIGIT_WIDTH = 7


@dataclass(frozen=True)
class Segment:
    rating: str
    count: int
    x: float
    width: float

    @property
    def rating_class(self) -> str:
        return slugify(self.rating)

    @property
    def chip_width(self) -> int:
        return CHIP_PADDING + DIGIT_WIDTH * len(str(self.count))

    @property
    def labelled(self) -> bool:
        """Whether the count's chip fits inside the segment with room to spare (the table has every figure)."""
        return self.width >= self.chip_width + 4

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 2)


@dataclass(frozen=True)
class Bar:
    label: str
    counts: tuple[int, ...]  # one per rating of the chart, in its order
    segments: tuple[Segment, ...]  # the non-zero counts, left to right
    y: float
    href: str = ""  # the page the row of the table links to, if any

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def middle(self) -> float:
        return self.y + BAR_HEIGHT / 2


@dataclass(frozen=True)
class Tick:
    value: int
    x: float


@dataclass(frozen=True)
class LegendKey:
    rating: str
    x: float

    @property
    def rating_class(self) -> str:
        return slugify(self.rating)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    row_heading: str
    ratings: tuple[str, ...]
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[LegendKey, ...]
    width: int
    height: float
    axis_y: float
    legend_y: float
    bar_left: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(b.counts[i] for b in self.bars) for i in range(len(self.ratings)))


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500):
        if top / step <= 8:
            return step
    return 1000


def chart(
    chart_id: str,
    title: str,
    row_heading: str,
    rows: Sequence[tuple[str, Counter[str], str]],
    ratings: Sequence[str],
    counted: str,
) -> Chart:
    """A stacked-bar chart of ``rows`` (label, counts by rating, link); ``counted`` names what a count is."""
    # Every rating is a column even at zero, so charts compare; 'Not rated' only where a standard has it.
    ratings = tuple(r for r in ratings if r != NOT_RATED or any(c[r] for _, c, _ in rows))
    top = max([sum(c[r] for r in ratings) for _, c, _ in rows] + [1])
    area = WIDTH - LABEL_WIDTH - RIGHT
    scale = area / top
    bars = []
    for index, (label, counts, href) in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + GAP)
        x = float(LABEL_WIDTH)
        segments = []
        for rating in ratings:
            if counts[rating]:
                width = round(counts[rating] * scale, 2)
                segments.append(Segment(rating, counts[rating], round(x, 2), width))
                x += width
        bars.append(Bar(label, tuple(counts[r] for r in ratings), tuple(segments), y, href))
    axis_y = TOP + len(rows) * (BAR_HEIGHT + GAP)
    step = _step(top)
    ticks = tuple(Tick(v, round(LABEL_WIDTH + v * scale, 2)) for v in range(0, top + 1, step))
    legend_y = axis_y + AXIS_HEIGHT
    keys, x = [], 0.0
    for rating in ratings:
        keys.append(LegendKey(rating, x))
        x += 46 + 8 * len(rating)
    parts = [f"{sum(c[r] for _, c, _ in rows)} {r}" for r in ratings]
    description = (
        f"Horizontal stacked bars, one for each {row_heading.lower()}, with the number of {counted} at each rating. "
        f"In all: {', '.join(parts)}. The table that follows gives every figure."
    )
    return Chart(
        chart_id, title, description, row_heading, ratings, tuple(bars), ticks, tuple(keys), WIDTH,
        legend_y + LEGEND_HEIGHT, axis_y, legend_y,
    )  # fmt: skip


def standard_charts(items: Sequence[Inspection], prefix: str, where: str) -> list[Chart]:
    """For each framework in ``items``: how many inspections gave each standard each rating."""
    charts = []
    for framework_id in sorted({i.framework for i in items}):
        framework = load_framework(framework_id)
        own = [i for i in items if i.framework == framework_id]
        rows = []
        for standard in framework.standards:
            counts = Counter(i.ratings[standard.number] for i in own if standard.number in i.ratings)
            if counts:
                rows.append((f"{standard.number} {standard.name}", counts, ""))
        noun = "inspection" if len(own) == 1 else "inspections"
        charts.append(
            chart(
                f"{prefix}standards-{framework_id}",
                f"Ratings of each standard{where}: {framework.title}, {len(own)} {noun}",
                "Standard",
                rows,
                RATING_ORDER,
                "inspections",
            )
        )
    return charts


def region_chart(items: Sequence[Inspection], regions: Sequence[tuple[str, str, str]]) -> Chart:
    """Each region's inspections by overall rating; ``regions`` is (slug, name, page) in order."""
    rows = [(name, Counter(i.overall_rating for i in items if i.region_slug == slug), page) for slug, name, page in regions]
    return chart(
        "chart-regions",
        f"Overall ratings of each region's PDUs, {len(items)} inspections",
        "Region",
        rows,
        RATING_ORDER[:-1],
        "PDUs",
    )
