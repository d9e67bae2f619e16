"""The reference text layout: parse, render, and errors that name the file, line and expectation."""

import uuid
from pathlib import Path

import pytest

from newsbrief.pipeline.briefs import textformat
from newsbrief.pipeline.errors import TextFormatError

FIXTURES = Path(__file__).parent.parent / "fixtures"
REFERENCE_PAGE = Path(__file__).parents[3] / "shared" / "seeds" / "reference-page.txt"
GOOD = (FIXTURES / "ferry-brief.txt").read_text(encoding="utf-8")


def test_parse_reads_every_part_of_the_layout():
    page = textformat.parse(GOOD, "ferry-brief.txt")
    assert page.title == "Ferry Crews Vote to Extend Winter Timetable"
    assert page.comment_count == 0
    assert page.id == uuid.UUID("5f0c9a8e-2b1d-4c3e-9a57-1d2e3f4a5b6c")
    assert page.lead.startswith("Crews on the Port Aldwyn ferries")
    assert len(page.body) == 2
    assert page.closing.startswith("In summary, the ferry crews")
    assert page.source_domain == "harbourgazette.example"


def test_render_gives_back_the_parsed_text_byte_for_byte():
    assert textformat.render(textformat.parse(GOOD)) == GOOD


def test_one_trailing_newline_is_tolerated():
    assert textformat.parse(GOOD + "\n") == textformat.parse(GOOD)


@pytest.mark.skipif(not REFERENCE_PAGE.exists(), reason="../shared is not beside this checkout")
def test_the_reference_page_round_trips():
    text = REFERENCE_PAGE.read_text(encoding="utf-8")
    page = textformat.parse(text, str(REFERENCE_PAGE))
    assert str(page.id) == "ca0249bd-6d70-4097-b74b-96e2bf483dfd"
    assert page.source_domain == "www.nytimes.com"
    assert textformat.render(page) == text


def _break(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("", 1, "the title"),
        (_break("Timetable\n\n0", "Timetable\n0"), 2, "a blank line"),
        (_break("\n0\n", "\nnone\n"), 3, "the comment count"),
        (_break("5f0c9a8e-2b1d", "not-a-uuid-2b1d"), 4, "the article id"),
        (_break("5b6c\n\nCrews", "5b6c\nCrews"), 5, "a blank line"),
        (_break("Crews on the", "In summary, crews on the"), 6, "the lead paragraph"),
        (_break("negotiate.\n\nOriginal Source", "negotiate.\nOriginal Source"), 13, "a blank line"),
        (_break("Original Source: harbourgazette.example", "Source: harbourgazette.example"), 14, "'Original Source: DOMAIN'"),
        (_break("Original Source: harbourgazette.example", "Original Source: not a domain"), 14, "'Original Source: DOMAIN'"),
        (_break("Leave a Reply", "Leave a reply"), 16, "'Leave a Reply'"),
        (GOOD.rsplit("\n\n", 1)[0], 17, "a blank line"),
        (GOOD + "\n\nP.S. more", 19, "the end of the file"),
    ],
)
def test_malformed_files_name_the_line_and_what_was_expected(text, line, expected):
    with pytest.raises(TextFormatError) as caught:
        textformat.parse(text, "broken.txt")
    assert caught.value.path == "broken.txt"
    assert caught.value.line == line
    assert expected in caught.value.expected
    assert str(caught.value).startswith(f"broken.txt:{line}: expected ")
