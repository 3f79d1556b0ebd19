"""The model of ``site.yaml``: the site's title and address, the publisher, the theme and its logo, the
footer's licence, the standard texts every report shares and the accessibility statement's facts."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from sitegen.content.model import Boilerplate, Day, Markdown, Plain, Strict, WebUrl, theme_name


class Letterhead(Strict):
    """The top of a letter: the publisher's name comes from ``publisher``."""

    address: str
    email: str = ""
    website: str = ""


class Publisher(Strict):
    name: Plain
    address: list[str]
    website: str
    social: str = ""
    social_network: str = ""


DEFAULT_LOGO = "wordmark.svg"
DEFAULT_LOGO_ALT = "Inspection reports"


def _logo_file(value: str) -> str:
    name = value.strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.svg", name):
        raise ValueError(
            f"'{value}' is not an SVG file name: name a file of the theme's static/ folder, "
            "like 'wordmark.svg' or 'logos/ours.svg'"
        )
    return name


def _logo_alt(value: str) -> str:
    if not value.strip():
        raise ValueError("say what the logo says, for readers who cannot see it (usually the publisher's name)")
    return value.strip()


class Logo(Strict):
    """The logo on the PDF's cover and the letterhead: an SVG in the theme's static/ folder.

    The theme ships a neutral wordmark; the inspectorate's own logo is not under the
    Open Government Licence, so a site that may use it puts it in its theme itself.
    """

    file: Annotated[str, AfterValidator(_logo_file)] = Field(
        DEFAULT_LOGO, description="An SVG file in the theme's static/ folder, e.g. 'wordmark.svg'."
    )
    alt: Annotated[str, AfterValidator(_logo_alt)] = Field(
        DEFAULT_LOGO_ALT, description="What the logo says, for readers who cannot see it: usually the publisher's name."
    )

    @model_validator(mode="after")
    def _alt_with_file(self) -> Logo:
        if "file" in self.model_fields_set and self.file != DEFAULT_LOGO and "alt" not in self.model_fields_set:
            raise ValueError("add 'alt': what the logo says, for readers who cannot see it (usually the publisher's name)")
        return self


class Licence(Strict):
    """The licence and copyright line at the foot of every page, as GOV.UK sites show it."""

    name: str = Field("Open Government Licence v3.0", description="'All content is available under the ...'")
    url: WebUrl = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    copyright: str = Field("Crown copyright", description="Shown after '©'.")
    copyright_url: WebUrl = (
        "https://www.nationalarchives.gov.uk/information-management/re-using-public-sector-information/"
        "uk-government-licensing-framework/crown-copyright/"
    )


class KnownIssue(Strict):
    """Content or a feature that does not yet meet the accessibility standard, as the statement lists it."""

    issue: Markdown = Field(description="What does not work, for whom, in plain words.")
    criterion: str = Field("", description="The WCAG success criterion it fails, e.g. '1.1.1 Non-text content'.")
    fix_by: str = Field("", description="When it will be fixed, e.g. 'December 2025'; empty if not planned.")


class Accessibility(Strict):
    """The accessibility statement (Public Sector Bodies Accessibility Regulations 2018 model)."""

    email: str = Field(description="Where to report an accessibility problem or ask for another format.")
    phone: str = Field("", description="A telephone number for the same, if any.")
    response_days: int = Field(5, ge=1, description="Working days within which you reply.")
    compliance: Literal["full", "partial", "not"] = Field(
        "full", description="What you have found by testing: full, partial or not; partial at most while known issues remain."
    )
    known_issues: list[KnownIssue] = Field(default_factory=list, description="What does not yet meet WCAG 2.2 AA.")
    disproportionate_burden: Markdown = Field("", description="Anything you claim would be a disproportionate burden to fix.")
    improving: Markdown = Field("", description="What you are doing to improve accessibility.")
    prepared: Day = Field(description="The day the statement was first prepared, like '1 June 2024'.")
    reviewed: Day | None = Field(None, description="The day it was last reviewed.")
    tested: Day | None = Field(None, description="The day the site was last tested by a person.")
    tested_by: str = Field("", description="Who tested it, e.g. 'HM Inspectorate of Probation' or an auditor's name.")


class Site(Strict):
    """content/site.yaml."""

    title: Plain
    base_url: WebUrl = Field(
        description="Where the site is published, e.g. 'https://example.org/probation/': "
        "canonical addresses, the sitemap and the feed use it."
    )
    description: str = Field("", description="One sentence on the site, for search engines and link previews.")
    language: str = "en-GB"
    theme: Annotated[str, AfterValidator(theme_name)] = Field("house", description="The theme: a folder name in themes/.")
    publisher: Publisher
    boilerplate: Boilerplate = Field(default_factory=Boilerplate)
    letterhead: Letterhead | None = Field(None, description="Needed for regional review letters.")
    logo: Logo = Field(default_factory=Logo, description="The logo on PDF covers and letterheads.")
    licence: Licence = Field(default_factory=Licence, description="The footer's licence and copyright line.")
    accessibility: Accessibility | None = Field(None, description="The accessibility statement's facts; needed to publish.")
    extra: dict[str, Any] = Field(default_factory=dict)
