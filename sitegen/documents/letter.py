"""Turn a validated letter, and the PDUs it names, into the document its templates render.

A letter's annexes and its summary sentence are not typed by authors: they are
built here from the same PDU data as the reports (a full report in
content/pdus/, or a summary in content/summaries/), so the letter and the
reports cannot disagree. The ratings tables and recommendations come from each
PDU's summary (:mod:`sitegen.documents.summary`), whichever file it is from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from sitegen.content.load import Content, Loaded
from sitegen.content.model import Letter, RecommendationGroup, Summary, day_parts
from sitegen.content.problems import Problem
from sitegen.documents import markdown
from sitegen.documents.report import ItemView, RecommendationView, TextBuilder, overall_rating, slugify
from sitegen.documents.summary import LetterSummary, PduSummary, RatingRow, RatingsDomain
from sitegen.rules import house as rules
from sitegen.rules.framework import load_framework
from sitegen.rules.wording import Words, letter_words

#: What a letter (and a region page) shows of each PDU it names.
PduView = PduSummary


@dataclass
class ThemeView:
    title: str
    anchor: str
    body: Markup
    strengths: list[ItemView]
    areas: list[ItemView]
    outro: Markup


@dataclass
class LetterView:
    slug: str
    source: str
    region: str
    region_slug: str
    title: str
    running_head: str
    date: str
    date_ymd: tuple[int, int, int]
    to_name: str
    to_role: str
    cc: list[Markup]
    salutation: str
    introduction: Markup
    observations_intro: Markup
    themes: list[ThemeView]
    ratings_sentence: str
    summary: Markup
    closing: str
    signatory: str
    signatory_title: str
    ratings_intro: Markup
    pdus: list[PduView]
    footnotes: list[markdown.Footnote] = field(default_factory=list)
    #: The letter's labels and headings, in its own wording where it gives any: ``words("summary_heading")``.
    words: Words = field(default_factory=letter_words)

    @property
    def dated(self) -> tuple[int, int, int]:
        """The letter's own day."""
        return self.date_ymd

    @property
    def document_title(self) -> str:
        return self.title

    @property
    def month(self) -> str:
        """'May 2023': the month the letter is dated."""
        return self.date.split(" ", 1)[1]


def short_name(pdu: str) -> str:
    """'Wigan PDU' -> 'Wigan', as a letter's summary names PDUs."""
    return pdu.removesuffix(" PDU")


def ratings_list(pdus: list[PduView]) -> str:
    """'A as ‘x’, B as ‘y’, and C as ‘z’': what the summary's first sentence says each PDU was rated
    (typographic quotes, as in print)."""
    parts = [f"{short_name(p.pdu)} as ‘{p.overall_rating}’" for p in pdus]
    if len(parts) > 1:
        parts[-1] = "and " + parts[-1]
    return ", ".join(parts) if len(parts) > 2 else " ".join(parts)


def ratings_sentence(pdus: list[PduView]) -> str:
    """'In our PDU inspections, we rated A as ‘x’, ...': the house's sentence, as the feeds give a letter."""
    return letter_words()("ratings_sentence", ratings=ratings_list(pdus))


def summary_view(item: Loaded[Summary]) -> PduSummary:
    """A summary file as a letter and its region's page show it."""
    summary = item.model
    framework = load_framework(summary.framework)
    ratings = {n: r for n, r in summary.ratings.items() if framework.standard(n) is not None}
    score = rules.score(framework, ratings)
    domains = [
        RatingsDomain(
            d.number,
            d.title,
            [RatingRow(s.number, s.name, ratings[s.number]) for s in d.standards if s.number in ratings],
        )
        for d in framework.domains
    ]
    return PduSummary(
        kind="summary",
        slug=item.slug,
        source=item.doc.display,
        region_slug=summary.region,
        pdu=summary.pdu,
        title=f"An inspection of probation services in: {summary.pdu}",
        published="",
        fieldwork_started=summary.fieldwork_started,
        score=score,
        overall_rating=overall_rating(framework, score),
        domains=domains,
        recommendations=_recommendations(summary.recommendations),
        url=summary.published_report,
        framework=summary.framework,
    )


def _recommendations(groups: list[RecommendationGroup]) -> list[RecommendationView]:
    return [RecommendationView(g.addressee, [(n, markdown.render_item(t)) for n, t in g.items.items()]) for g in groups]


def prepare_letter(
    item: Loaded[Letter], content: Content, pdus_by_slug: dict[str, PduSummary]
) -> tuple[LetterView | None, list[Problem]]:
    """A letter, with the summaries of the PDUs it names (``pdus_by_slug``, reports and summary files alike)."""
    letter, doc = item.model, item.doc
    b = TextBuilder(doc)
    # A PDU with no summary has problems of its own (or is missing), reported there and by the checks.
    pdus: list[PduView] = [pdus_by_slug[slug] for slug in letter.pdus if slug in pdus_by_slug]
    region = content.regions[letter.region].model.name if letter.region in content.regions else letter.region
    words = letter_words(letter.wording.model_dump())
    cc = [markdown.inline(line, b.notes) for line in letter.cc]
    introduction = b.block(letter.introduction, ("introduction",))
    observations_intro = b.block(letter.observations_intro, ("observations_intro",))
    themes = [
        ThemeView(
            title=t.title,
            anchor=f"theme-{slugify(t.title)}",
            body=b.block(t.body, ("themes", i, "body")),
            strengths=b.items(t.strengths, ("themes", i, "strengths")),
            areas=b.items(t.areas_for_improvement, ("themes", i, "areas_for_improvement")),
            outro=b.block(t.outro, ("themes", i, "outro")),
        )
        for i, t in enumerate(letter.themes)
    ]
    summary = b.block(letter.summary, ("summary",))
    ratings_intro = b.block(letter.ratings_intro, ("ratings_intro",))
    view = LetterView(
        slug=item.slug,
        source=doc.display,
        region=region,
        region_slug=letter.region,
        title=words("title", region=region, month=letter.date.split(" ", 1)[1]),
        running_head=words("running_head", region=region),
        date=letter.date,
        date_ymd=day_parts(letter.date),
        to_name=letter.to.name,
        to_role=letter.to.role,
        cc=cc,
        salutation=letter.salutation,
        introduction=introduction,
        observations_intro=observations_intro,
        themes=themes,
        ratings_sentence=words("ratings_sentence", ratings=ratings_list(pdus)),
        summary=summary,
        closing=letter.sign_off.closing,
        signatory=letter.sign_off.name,
        signatory_title=letter.sign_off.title,
        ratings_intro=ratings_intro,
        pdus=pdus,
        footnotes=b.notes.notes,
        words=words,
    )
    return (None if b.problems else view), b.problems


def letter_summary(view: LetterView) -> LetterSummary:
    return LetterSummary(view.slug, view.source, view.region_slug, view.title, [p.slug for p in view.pdus], view.date_ymd)
