"""The typed content model: what an author may write in each YAML file.

Plain data in, typed objects out. Unknown keys are refused (a misspelt field
is an error with a suggestion, not silently ignored); every field carries a
description, which becomes the JSON Schema an editor uses for completion.
``extra:`` is the one escape hatch for data the theme wants and the model
does not know.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    create_model,
)

from sitegen.content.characters import plain_text
from sitegen.content.wording import LETTER_SENTENCES, SENTENCES, describe

# The words of a rating, as the reports print them: the vocabulary of the
# content files, which the framework data and the house rules share.
Rating = Literal["Outstanding", "Good", "Requires improvement", "Inadequate"]
StatedRating = Literal["Outstanding", "Good", "Requires improvement", "Inadequate", "Not rated"]
RATINGS: tuple[str, ...] = ("Outstanding", "Good", "Requires improvement", "Inadequate")
NOT_RATED = "Not rated"

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip

Markdown = Annotated[str, Field(description="Markdown text: paragraphs, *emphasis*, [links](https://...), footnotes [^label].")]


def _month(value: str) -> str:
    text = " ".join(value.split())
    match = re.fullmatch(r"([A-Za-z]+) (\d{4})", text)
    if match and match[1].capitalize() in MONTHS:
        return f"{match[1].capitalize()} {match[2]}"
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match and 1 <= int(match[2]) <= 12:
        return f"{MONTHS[int(match[2]) - 1]} {match[1]}"
    raise ValueError(f"'{value}' is not a month: write it like 'May 2023'")


Month = Annotated[str, AfterValidator(_month), Field(description="A month and year, like 'May 2023'.", examples=["May 2023"])]


def month_number(month: str) -> tuple[int, int]:
    """'May 2023' -> (2023, 5)."""
    name, year = month.split()
    return int(year), MONTHS.index(name) + 1


def _isbn(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"97[89]\d{10}", digits):
        raise ValueError(f"'{value}' is not an ISBN-13: 13 digits starting 978 or 979, like 978-1-915468-51-2")
    check = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    if (10 - check % 10) % 10 != int(digits[12]):
        raise ValueError(f"'{value}' has a wrong check digit: check the ISBN against the one you were given")
    return value.strip()


def _web_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"']+", value):
        raise ValueError(f"'{value}' is not a web address: it must start with https:// (or http://)")
    return value


WebUrl = Annotated[str, AfterValidator(_web_url), Field(description="A web address starting https://")]


def _whole_percent(value: Any) -> Any:
    """Only a whole number is a percentage: YAML's true (read as 1), '50' and 64.5 are refused."""
    hint = "write a whole number from 0 to 100, like 64"
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a percentage: {hint}")
    if isinstance(value, str):
        if value.strip().isdigit():
            raise ValueError(f"'{value}' is text, not a number: write {value.strip()} without quotes")
        raise ValueError(f"'{value}' is not a percentage: {hint}")
    if isinstance(value, float):
        raise ValueError(f"{value} is not a whole percentage: {hint}")
    if not isinstance(value, int):
        raise ValueError(f"this is not a percentage: {hint}")
    return value


Percent = Annotated[int, BeforeValidator(_whole_percent), Field(ge=0, le=100, description="A percentage 'Yes', 0-100.")]
#: A name or a title: plain text, where an invisible direction override could disguise what it says.
Plain = Annotated[str, AfterValidator(plain_text)]


def theme_name(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
        raise ValueError(f"'{value}' is not a theme name: write the name of a folder in themes/, like 'house'")
    return value


class Strict(BaseModel):
    """Rejects unknown keys; reads numbers as text where text is wanted (framework: 2021)."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Quote(Strict):
    """A quotation printed on its own, indented, between the bullets or paragraphs around it."""

    quote: str = Field(
        description="A quotation from a person on probation, without quotation marks. "
        "Written after `|`, each line is kept as a line; a blank line starts a new paragraph."
    )
    by: Plain | None = Field(None, description="Who said it, printed under the quotation, e.g. 'Person on probation'.")


class Paragraph(Strict):
    """Text printed as paragraphs, not as a bullet: reports that write findings as paragraphs."""

    paragraph: Markdown = Field(description="One or more paragraphs (Markdown), printed without a bullet.")


class PracticeExample(Strict):
    """A titled case study, printed in a box: 'Practice example: <title>'."""

    practice_example: Plain = Field(description="The example's title, printed 'Practice example: <title>'.")
    body: Markdown = Field(description="The example (Markdown paragraphs); change the names of the people in it.")


#: The kinds of list entry written as a mapping, by the key that names each.
ENTRY_KINDS: dict[str, type[Strict]] = {"quote": Quote, "paragraph": Paragraph, "practice_example": PracticeExample}


def _item_kind(value: Any) -> str:
    """A list entry's kind: text is a bullet; a mapping is named by its first known key."""
    if isinstance(value, Strict):
        return next(k for k, model in ENTRY_KINDS.items() if isinstance(value, model))
    if not isinstance(value, dict):
        return "text"
    named = [key for key in ENTRY_KINDS if key in value]
    if named:
        return named[0]
    # No kind named (a misspelt key): the closest one, so that the error suggests the right field.
    keys = [str(k) for k in value]
    fields = {field: kind for kind, model in ENTRY_KINDS.items() for field in model.model_fields}
    near = [difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6) for key in keys]
    return next((fields[match[0]] for match in near if match), "quote")


Item = Annotated[
    Annotated[str, Tag("text")]
    | Annotated[Quote, Tag("quote")]
    | Annotated[Paragraph, Tag("paragraph")]
    | Annotated[PracticeExample, Tag("practice_example")],
    Discriminator(_item_kind),
]
Items = Annotated[
    list[Item],
    Field(
        description="A list. Each entry is a bullet in Markdown (paragraphs and lists allowed after `|`), "
        "`quote: ...` (with an optional `by: ...`), `paragraph: ...` (text without a bullet) "
        "or `practice_example: <title>` with its `body: ...`."
    ),
]


class Section(Strict):
    """A sub-section after a standard: 'Resettlement work', 'Diversity and inclusion', ..."""

    title: Plain = Field(description="The sub-section's heading.")
    intro: Markdown = ""
    points: Items = Field(default_factory=list, description="Bullets and quotations under no heading.")
    strengths: Items = Field(default_factory=list, description="Bullets under 'Strengths:'.")
    areas_for_improvement: Items = Field(default_factory=list, description="Bullets under 'Areas for improvement:'.")
    outro: Markdown = ""


class Standard(Strict):
    """The findings for one standard, keyed by its number ("1.1", "P 2.3")."""

    rating: StatedRating | None = Field(
        None, description="The rating. Computed from key_questions where the standard has them; required otherwise."
    )
    key_questions: list[Percent] = Field(
        default_factory=list, description="Percentage 'Yes' for each key question, in the framework's order."
    )
    key_question_intro: Markdown | None = Field(
        None, description="Replaces the framework's sentence before the key-question table; [^method] marks its footnote."
    )
    methodology_note: Markdown | None = Field(None, description="Replaces the framework's methodology footnote.")
    statement: Plain | None = Field(
        None, description="Replaces the framework's statement of this standard, as this report prints it."
    )
    rationale: Markdown = Field("", description="Why the rating was given: the paragraphs after the rating or table.")
    points: Items = Field(
        default_factory=list,
        description="Entries after the rationale under no heading: a practice example, a quotation, bullets.",
    )
    strengths: Items = Field(default_factory=list, description="Bullets under 'Strengths:'.")
    areas_for_improvement: Items = Field(default_factory=list, description="Bullets under 'Areas for improvement:'.")
    sections: list[Section] = Field(default_factory=list, description="Sub-sections printed after this standard.")


class Outcomes(Strict):
    """The outcomes standard: reported, not rated."""

    key_questions: list[Percent] = Field(default_factory=list, description="Percentage 'Yes' (2021 framework).")
    intro: Markdown = ""
    strengths: Items = Field(default_factory=list)
    areas_for_improvement: Items = Field(default_factory=list)


class RecommendationGroup(Strict):
    addressee: Plain = Field(description="Who should act, printed '<addressee> should:'.")
    items: dict[int, Markdown] = Field(description="The recommendations, keyed by their number; numbers run on across groups.")


class Person(Strict):
    name: Plain
    title: Plain
    signature: Plain | None = Field(None, description="The signed name shown above the name and title, if any.")


class Annexe(Strict):
    title: Plain = Field(description="Printed 'Annexe one – <title>'.")
    body: Markdown


class Boilerplate(Strict):
    """The standard front-matter texts. {lead_inspector} and {year} are filled in."""

    acknowledgements: Markdown = ""
    role: Markdown = ""
    practice_examples: Markdown = ""
    licence: Markdown = ""
    recommendations_intro: Markdown = ""


class BoilerplateOverride(Strict):
    """A report's own wording for any standard text; an empty text leaves it out."""

    acknowledgements: Markdown | None = None
    role: Markdown | None = None
    practice_examples: Markdown | None = None
    licence: Markdown | None = None
    recommendations_intro: Markdown | None = None


#: A report's own wording of the sentences and headings sitegen writes (see :mod:`sitegen.content.wording`).
Wording = create_model(
    "Wording",
    __base__=Strict,
    __doc__="A report's own wording of sentences and headings sitegen writes; each replaces the default whole.",
    **{key: (Plain | None, Field(None, description=describe(key))) for key in SENTENCES},  # type: ignore[call-overload]
)

#: A letter's own wording of the labels, headings and sentences sitegen writes for it.
LetterWording = create_model(
    "LetterWording",
    __base__=Strict,
    __doc__="A letter's own wording of labels, headings and sentences sitegen writes; each replaces the default whole.",
    **{key: (Plain | None, Field(None, description=describe(key, LETTER_SENTENCES))) for key in LETTER_SENTENCES},  # type: ignore[call-overload]
)


class Report(Strict):
    """One PDU inspection report: content/pdus/<name>.yaml."""

    framework: Literal["2021", "2024"] = Field(description="The inspection framework the report follows.")
    pdu: Plain = Field(description="The PDU as printed on the cover, e.g. 'Wigan PDU'.")
    region: str = Field(description="The region's file name in content/regions/, without .yaml.")
    published: Month
    fieldwork_started: Month
    lead_inspector: Plain
    isbn: Annotated[str, AfterValidator(_isbn)] = Field(description="ISBN-13, e.g. 978-1-915468-51-2.")
    chief_inspector: Person = Field(description="Who signs the foreword.")
    data_url: WebUrl | None = Field(None, description="The inspection's data workbook page; defaults to the publisher's website.")
    boilerplate: BoilerplateOverride = Field(default_factory=BoilerplateOverride)
    wording: Wording = Field(  # type: ignore[valid-type]
        default_factory=Wording, description="Sentences and headings in this report's own words, replacing sitegen's."
    )
    foreword: Markdown
    recommendations: list[RecommendationGroup]
    background: Markdown
    standards: dict[str, Standard]
    outcomes: Outcomes | None = None
    annexes: list[Annexe] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict, description="Free data for template overrides.")


class Region(Strict):
    """One probation region: content/regions/<name>.yaml."""

    name: Plain = Field(description="e.g. 'Greater Manchester', printed '... – Greater Manchester region'.")
    extra: dict[str, Any] = Field(default_factory=dict)


def _day(value: str) -> str:
    text = " ".join(value.split())
    match = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", text)
    if match and match[2].capitalize() in MONTHS and 1 <= int(match[1]) <= 31:
        return f"{int(match[1])} {match[2].capitalize()} {match[3]}"
    raise ValueError(f"'{value}' is not a date: write it like '25 May 2023'")


Day = Annotated[str, AfterValidator(_day), Field(description="A date, like '25 May 2023'.", examples=["25 May 2023"])]


def day_parts(day: str) -> tuple[int, int, int]:
    """'25 May 2023' -> (2023, 5, 25)."""
    d, name, year = day.split()
    return int(year), MONTHS.index(name) + 1, int(d)


class Summary(Strict):
    """A PDU inspection published elsewhere: what a regional letter needs (content/summaries/)."""

    framework: Literal["2021", "2024"]
    pdu: Plain = Field(description="The PDU, e.g. 'Tameside PDU'.")
    region: str = Field(description="The region's file name in content/regions/, without .yaml.")
    fieldwork_started: Month
    published_report: WebUrl = Field(description="Where the full report is published.")
    ratings: dict[str, StatedRating] = Field(
        description="The rating of each standard, by number; a standard not inspected may be left out or 'Not rated'."
    )
    recommendations: list[RecommendationGroup]
    extra: dict[str, Any] = Field(default_factory=dict)


class Recipient(Strict):
    name: Plain
    role: Plain


class SignOff(Strict):
    closing: Plain = "Yours sincerely,"
    name: Plain
    title: Plain


class Theme(Strict):
    """One theme of a letter's regional observations: 'Leadership', 'Staff', ..."""

    title: Plain
    body: Markdown = ""
    strengths: Items = Field(default_factory=list, description="Bullets under 'Key strengths:'.")
    areas_for_improvement: Items = Field(default_factory=list, description="Bullets under 'Key areas for improvement:'.")
    outro: Markdown = ""


class Letter(Strict):
    """A regional review letter to a Regional Probation Director: content/letters/<name>.yaml."""

    region: str = Field(description="The region's file name in content/regions/, without .yaml.")
    date: Day
    to: Recipient
    cc: list[Markdown] = Field(default_factory=list, description="The cc block, one line each, as printed.")
    salutation: Plain
    introduction: Markdown
    pdus: list[str] = Field(description="The PDU inspections the letter covers: files in content/pdus/ or content/summaries/.")
    observations_intro: Markdown = ""
    themes: list[Theme]
    summary: Markdown = Field(description="The summary's paragraphs after the generated sentence of ratings.")
    sign_off: SignOff
    ratings_intro: Markdown = Field("", description="The text at the start of Annexe two.")
    wording: LetterWording = Field(  # type: ignore[valid-type]
        default_factory=LetterWording, description="Labels, headings and sentences in its own words, replacing sitegen's."
    )
    extra: dict[str, Any] = Field(default_factory=dict)
