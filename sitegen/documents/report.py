"""Turn a validated report into the document the templates render.

Everything computed lives here, once, for the HTML and the PDF alike: the
ratings and score from the house rules, the framework's headings and
sentences, Markdown turned into HTML, and footnotes numbered in the order the
report is read. Problems found on the way (a footnote called but never
written) are reported with the YAML line of their field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from sitegen.content.load import Content, Loaded
from sitegen.content.model import NOT_RATED, Items, Paragraph, PracticeExample, Quote, Report, Section, month_number
from sitegen.content.problems import Problem
from sitegen.content.sitefile import Site
from sitegen.content.yamlfile import Loc, YamlDoc
from sitegen.documents import markdown
from sitegen.rules import house as rules
from sitegen.rules.checks import stated_or_computed_ratings
from sitegen.rules.framework import Framework, load_framework
from sitegen.rules.wording import HOUSE, Words, fill, words_for

ORDINALS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


@dataclass
class ItemView:
    """One list entry: a bullet ("text"), a "quote", a "paragraph" or a practice "example"."""

    kind: str
    html: Markup  # a bullet's or paragraph's text, a quotation's lines (in quotation marks), an example's body
    title: str = ""  # a practice example's heading
    anchor: str = ""  # a practice example's id
    by: str = ""  # the line under a quotation that says who said it


@dataclass
class SectionView:
    title: str
    anchor: str
    intro: Markup
    points: list[ItemView]
    strengths: list[ItemView]
    areas: list[ItemView]
    outro: Markup


@dataclass
class KeyQuestionRow:
    question: str
    percent: int
    drives: bool


@dataclass
class StandardView:
    number: str
    name: str
    heading: str
    statement: str
    rating: str
    anchor: str
    intro: Markup
    rows: list[KeyQuestionRow]
    rationale: Markup
    points: list[ItemView]
    strengths: list[ItemView]
    areas: list[ItemView]
    sections: list[SectionView]

    @property
    def rating_class(self) -> str:
        return slugify(self.rating)


@dataclass
class DomainView:
    number: str
    title: str
    heading: str
    anchor: str
    standards: list[StandardView]


@dataclass
class OutcomesView:
    number: str
    name: str
    heading: str
    statement: str
    note: Markup
    anchor: str
    intro: Markup
    rows: list[KeyQuestionRow]
    strengths: list[ItemView]
    areas: list[ItemView]


@dataclass
class RecommendationView:
    addressee: str
    items: list[tuple[int, Markup]]
    heading: str = ""  # "<addressee> should:", in the report's wording


@dataclass
class AnnexeView:
    title: str
    heading: str
    anchor: str
    body: Markup


@dataclass(frozen=True)
class ContentsEntry:
    """One line of a web page's contents list: a heading's anchor and text, and the headings under it."""

    anchor: str
    label: str
    children: tuple[ContentsEntry, ...] = ()
    #: The PDF's contents page lists it too (the report's chapters); the rest are the web page's own.
    in_print: bool = False


@dataclass
class ReportView:
    """One report, ready to print: every text final, every figure computed."""

    slug: str
    source: str
    framework: Framework
    title: str
    pdu: str
    region: str
    region_slug: str
    published: str
    published_ym: tuple[int, int]
    fieldwork_started: str
    lead_inspector: str
    isbn: str
    chief_inspector_name: str
    chief_inspector_title: str
    signature: str | None
    running_head: str
    acknowledgements: Markup
    role: Markup
    practice_examples: Markup
    licence: Markup
    copyright_year: int
    foreword: Markup
    score: rules.Score
    overall_rating: str
    recommendations_intro: Markup
    recommendations: list[RecommendationView]
    background: Markup
    domains: list[DomainView]
    outcomes: OutcomesView | None
    annexes: list[AnnexeView]
    footnotes: list[markdown.Footnote]
    words: Words = field(default_factory=lambda: Words(HOUSE))
    contents: list[tuple[str, str]] = field(default_factory=list)

    @property
    def overall_class(self) -> str:
        return slugify(self.overall_rating)

    @property
    def dated(self) -> tuple[int, int, int]:
        """The date the report is known by: the first day of its publication month."""
        return (*self.published_ym, 1)

    @property
    def document_title(self) -> str:
        """The title a PDF reader shows."""
        return f"{self.title} ({self.published})"

    @property
    def outline(self) -> list[ContentsEntry]:
        """The web page's contents: the chapters of the PDF's contents page, each with its standards and sections."""
        under: dict[str, list[ContentsEntry]] = {}
        for domain in self.domains:
            entries = under.setdefault(domain.anchor, [])
            for standard in domain.standards:
                entries.append(ContentsEntry(standard.anchor, standard.heading))
                entries += [ContentsEntry(section.anchor, section.title) for section in standard.sections]
        if self.outcomes is not None and self.domains:
            o = self.outcomes
            under[self.domains[-1].anchor].append(ContentsEntry(o.anchor, o.heading))
        return [ContentsEntry(anchor, label, tuple(under.get(anchor, ())), in_print=True) for anchor, label in self.contents]


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


class TextBuilder:
    """Renders one document's fields in reading order, so footnotes number as read."""

    def __init__(self, doc: YamlDoc, words: Words | None = None):
        self.doc = doc
        self.words = words or Words(HOUSE)
        self.notes = markdown.Notes()
        self.problems: list[Problem] = []
        self.examples = 0

    def _check(self, loc: Loc, found: markdown.FieldNotes) -> None:
        for label in found.missing:
            message = f"footnote [^{label}] has no text: add a line '[^{label}]: ...' in this field"
            self.problems.append(self.doc.problem(loc, message, find=f"[^{label}]"))
        for label in found.unused:
            message = f"footnote [^{label}] is written but never called: add [^{label}] in the text or remove it"
            self.problems.append(self.doc.problem(loc, message, find=f"[^{label}]:"))
        for label in found.duplicate:
            message = f"footnote [^{label}] is written twice in this field: keep one"
            self.problems.append(self.doc.problem(loc, message, find=f"[^{label}]:"))

    def block(self, text: str, loc: Loc) -> Markup:
        found = markdown.FieldNotes()
        html = markdown.render(text, self.notes, found)
        self._check(loc, found)
        return html

    def _entry(self, text: str, loc: Loc) -> Markup:
        found = markdown.FieldNotes()
        html = markdown.render_item(text, self.notes, found)
        self._check(loc, found)
        return html

    def items(self, items: Items, loc: Loc) -> list[ItemView]:
        """A list's entries: bullets, quotations, paragraphs and practice examples, in order."""
        out = []
        for i, item in enumerate(items):
            if isinstance(item, str):
                out.append(ItemView("text", self._entry(item, loc + (i,))))
            elif isinstance(item, Quote):
                found = markdown.FieldNotes()
                html = markdown.quotation(item.quote, self.notes, found)
                self._check(loc + (i, "quote"), found)
                by = self.words("quote_attribution", by=" ".join(item.by.split())) if item.by else ""
                out.append(ItemView("quote", html, by=by))
            elif isinstance(item, Paragraph):
                out.append(ItemView("paragraph", self.block(item.paragraph, loc + (i, "paragraph"))))
            elif isinstance(item, PracticeExample):
                self.examples += 1
                title = self.words("practice_example_heading", title=" ".join(item.practice_example.split()))
                body = self.block(item.body, loc + (i, "body"))
                out.append(ItemView("example", body, title=title, anchor=f"practice-example-{self.examples}"))
        return out


def prepare_report(item: Loaded[Report], content: Content) -> tuple[ReportView | None, list[Problem]]:
    """The report ready to print, or the problems found on the way (footnotes, mostly).

    A report that broke a house rule is still prepared as far as it goes (a missing standard is left
    out), so that its footnote problems are found in the same run; such a view is never printed.
    """
    report, doc = item.model, item.doc
    site = content.site
    framework = load_framework(report.framework)
    words = words_for(framework, report.wording.model_dump())
    b = TextBuilder(doc, words)
    texts = _boilerplate(site, report)
    data_url = report.data_url or _website(site)
    ratings = stated_or_computed_ratings(report, framework)
    score = rules.score(framework, ratings)
    year, month = month_number(report.published)

    front = {key: b.block(value, ("boilerplate", key)) for key, value in texts.items()}
    foreword = b.block(report.foreword, ("foreword",))
    recommendations = [
        RecommendationView(
            g.addressee,
            [(n, markdown.render_item(t, b.notes)) for n, t in g.items.items()],
            words("addressee", addressee=g.addressee),
        )
        for g in report.recommendations
    ]
    background = b.block(report.background, ("background",))

    domains = []
    for domain in framework.domains:
        views = []
        for definition in domain.standards:
            found = report.standards.get(definition.number)
            if found is None:
                continue  # a house-rule problem, reported by the checks
            loc: Loc = ("standards", definition.number)
            rating = ratings.get(definition.number, NOT_RATED)
            anchor = "standard-" + slugify(definition.number)
            intro = Markup("")
            rows: list[KeyQuestionRow] = []
            if definition.by_key_questions and rating != NOT_RATED:
                values = {"name": definition.name.lower(), "rating": rating, "data_url": data_url}
                # A standard's own sentence (key_question_intro:) wins over the report's and the framework's.
                own_sentence, own_note = found.key_question_intro, found.methodology_note
                sentence = fill(own_sentence or words.texts[f"key_question_intro_{definition.key_question_intro}"], values)
                note = fill(own_note or words.texts[f"methodology_note_{definition.methodology_note}"], values)
                if "[^method]" in sentence:  # else a house-rule problem, reported by the checks
                    sentence = sentence.replace("[^method]", f"[^method-{anchor}]") + f"\n\n[^method-{anchor}]: {note}\n"
                intro = b.block(sentence, loc)
                drivers = rules.driving_indexes(found.key_questions)
                rows = [
                    KeyQuestionRow(q, p, len(found.key_questions) > 1 and i in drivers)
                    for i, (q, p) in enumerate(zip(definition.key_questions, found.key_questions, strict=False))
                ]
            views.append(
                StandardView(
                    number=definition.number,
                    name=definition.name,
                    heading=words("standard_heading", number=definition.number, name=definition.name),
                    statement=found.statement if found.statement is not None else definition.statement,
                    rating=rating,
                    anchor=anchor,
                    intro=intro,
                    rows=rows,
                    rationale=b.block(found.rationale, loc + ("rationale",)),
                    points=b.items(found.points, loc + ("points",)),
                    strengths=b.items(found.strengths, loc + ("strengths",)),
                    areas=b.items(found.areas_for_improvement, loc + ("areas_for_improvement",)),
                    sections=[_section(b, s, loc + ("sections", i)) for i, s in enumerate(found.sections)],
                )
            )
        heading = words("domain_heading", number=domain.number, title=domain.title)
        domains.append(DomainView(domain.number, domain.title, heading, f"domain-{domain.number}", views))

    outcomes = None
    if report.outcomes is not None:
        o, od = report.outcomes, framework.outcomes
        outcomes = OutcomesView(
            number=od.number,
            name=od.name,
            heading=words("outcomes_heading", number=od.number, name=od.name),
            statement=words("outcomes_statement"),
            note=b.block(words("outcomes_note"), ("wording", "outcomes_note")),
            anchor="outcomes",
            intro=b.block(o.intro, ("outcomes", "intro")),
            rows=[KeyQuestionRow(q, p, False) for q, p in zip(od.key_questions, o.key_questions, strict=False)],
            strengths=b.items(o.strengths, ("outcomes", "strengths")),
            areas=b.items(o.areas_for_improvement, ("outcomes", "areas_for_improvement")),
        )
    annexes = [
        AnnexeView(
            a.title,
            words("annexe_heading", ordinal=ORDINALS[i] if i < len(ORDINALS) else i + 1, title=a.title),
            f"annexe-{i + 1}",
            b.block(a.body, ("annexes", i, "body")),
        )
        for i, a in enumerate(report.annexes)
    ]
    region = content.regions.get(report.region)
    view = ReportView(
        slug=item.slug,
        source=doc.display,
        framework=framework,
        title=f"An inspection of probation services in: {report.pdu}",
        pdu=report.pdu,
        region=region.model.name if region else report.region,
        region_slug=report.region,
        published=report.published,
        published_ym=(year, month),
        fieldwork_started=report.fieldwork_started,
        lead_inspector=report.lead_inspector,
        isbn=report.isbn,
        chief_inspector_name=report.chief_inspector.name,
        chief_inspector_title=report.chief_inspector.title,
        signature=report.chief_inspector.signature,
        running_head=words("running_head", pdu=report.pdu),
        acknowledgements=front["acknowledgements"],
        role=front["role"],
        practice_examples=front["practice_examples"],
        licence=front["licence"],
        copyright_year=year,
        foreword=foreword,
        score=score,
        overall_rating=overall_rating(framework, score),
        recommendations_intro=front["recommendations_intro"],
        recommendations=recommendations,
        background=background,
        domains=domains,
        outcomes=outcomes,
        annexes=annexes,
        footnotes=b.notes.notes,
        words=words,
    )
    view.contents = (
        [
            ("foreword", words("foreword_heading")),
            ("ratings", words("ratings_heading")),
            ("recommendations", words("recommendations_heading")),
            ("background", words("background_heading")),
        ]
        + [(d.anchor, d.heading) for d in domains]
        + [(a.anchor, a.heading) for a in annexes]
    )
    return (None if b.problems else view), b.problems


def _section(b: TextBuilder, section: Section, loc: Loc) -> SectionView:
    return SectionView(
        title=section.title,
        anchor=f"{slugify(section.title)}-{slugify(str(loc[1]))}",
        intro=b.block(section.intro, loc + ("intro",)),
        points=b.items(section.points, loc + ("points",)),
        strengths=b.items(section.strengths, loc + ("strengths",)),
        areas=b.items(section.areas_for_improvement, loc + ("areas_for_improvement",)),
        outro=b.block(section.outro, loc + ("outro",)),
    )


def overall_rating(framework: Framework, score: rules.Score) -> str:
    """The overall rating; 'Not rated' where no standard is (a house-rule problem, reported by the checks)."""
    return rules.overall_rating(framework, score) if score.maximum else NOT_RATED


def _website(site: Site) -> str:
    web = site.publisher.website
    return web if web.startswith(("http://", "https://")) else f"https://{web}"


def _boilerplate(site: Site, report: Report) -> dict[str, str]:
    """Site texts, overridden by the report's own, with its facts filled in."""
    year = str(month_number(report.published)[0])
    texts = {}
    for key, default in site.boilerplate.model_dump().items():
        own = getattr(report.boilerplate, key)
        text = own if own is not None else default
        texts[key] = text.replace("{lead_inspector}", _MD_SPECIAL.sub(r"\\\1", report.lead_inspector)).replace("{year}", year)
    return texts
