"""The parity gate on a web page laid out as a publication: what may differ between the editions, and what
must not (sitegen/audit/parity.py). The PDF side is a tag tree as ``pdfinfo -struct-text`` prints it."""

from __future__ import annotations

import pytest

from sitegen.audit.parity import check_parity
from sitegen.audit.pdftext import parse_struct_text
from sitegen.audit.webfacts import Facts

ROLE = "The role of HM Inspectorate of Probation"
WEB = Facts(
    headings=[
        (1, "An inspection of probation services in: Testford PDU"),
        (2, "Foreword"),
        (2, "Ratings"),
        (3, "1.1. Leadership"),
    ],
    front_matter=[(2, "Acknowledgements"), (2, ROLE)],
    ratings=["Requires improvement", "Good"],
    summary_ratings=["Requires improvement"],
)

COVER = '  Sect\n    H1 (block)\n      "Testford PDU"\n'
CONTENTS = '  Sect\n    NonStruct\n      H2 (block)\n        "Contents"\n      TOC\n        TOCI\n          "Foreword"\n'
ACKNOWLEDGEMENTS = '    H2 (block)\n      "Acknowledgements"\n'
ROLE_H2 = f'    H2 (block)\n      "{ROLE}"\n'
FRONT = ACKNOWLEDGEMENTS + ROLE_H2
FOREWORD = '    H2 (block)\n      "Foreword"\n'
RATINGS = (
    '    H2 (block)\n      "Ratings"\n    Table\n      TR\n        TD\n          "Requires improvement"\n'
    '      TR\n        TD\n          "Good"\n    H3 (block)\n      "1.1. Leadership"\n'
)


def _pdf(*parts: str) -> str:
    return "Document\n" + "".join(parts)


def _rules(struct_text: str, web: Facts = WEB) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in check_parity("testford.pdf", web, parse_struct_text(struct_text))]


def test_front_matter_at_the_web_pages_end_matches_the_pdfs_inside_cover() -> None:
    pdf = _pdf(COVER, CONTENTS, "  Sect\n", FRONT, FOREWORD, RATINGS)
    assert _rules(pdf) == []


@pytest.mark.parametrize(
    ("front", "names"),
    [
        (ACKNOWLEDGEMENTS, ROLE),
        (ROLE_H2 + ACKNOWLEDGEMENTS, "Acknowledgements"),
        (ACKNOWLEDGEMENTS.replace("H2", "H3") + ROLE_H2, "Acknowledgements"),
    ],
    ids=["missing", "reordered", "other-level"],
)
def test_a_front_matter_that_differs_is_reported(front: str, names: str) -> None:
    found = _rules(_pdf(COVER, CONTENTS, "  Sect\n", front, FOREWORD, RATINGS))
    assert found and all(f.startswith("headings: ") for f in found) and any(names in f for f in found), found


def test_the_body_around_the_front_matter_must_still_agree_in_order() -> None:
    swapped = RATINGS.replace('"Ratings"', '"Background"')
    found = _rules(_pdf(COVER, CONTENTS, "  Sect\n", FRONT, FOREWORD, swapped))
    assert any("h2 'Ratings'" in f and "h2 'Background'" in f for f in found), found
    out_of_order = _rules(_pdf(COVER, CONTENTS, "  Sect\n", FRONT, RATINGS, FOREWORD))
    assert out_of_order and all(f.startswith("headings: ") for f in out_of_order), out_of_order


def test_only_the_contents_pages_own_title_is_left_out() -> None:
    # A "Contents" heading that does not title a TOC is a heading like any other: the web page lacks it.
    stray = '  Sect\n    H2 (block)\n      "Contents"\n'
    found = _rules(_pdf(COVER, stray, "  Sect\n", FRONT, FOREWORD, RATINGS))
    assert found == ["headings: the PDF has h2 'Contents', which the web page lacks (PDF item 2)"], found


def test_the_title_blocks_rating_must_be_the_pdfs_overall_rating() -> None:
    web = Facts(**{**WEB.__dict__, "summary_ratings": ["Good"]})
    found = _rules(_pdf(COVER, CONTENTS, "  Sect\n", FRONT, FOREWORD, RATINGS), web)
    assert found == ["ratings: the web page's title block gives 'Good', the PDF's ratings table does not start with it"]
