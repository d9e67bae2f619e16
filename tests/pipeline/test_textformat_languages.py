"""The reference text layout in every language whose closing words we print, and without a closing.

Every text here was written for these tests.
"""

import uuid

import pytest

from newsbrief.pipeline.briefs import textformat
from newsbrief.pipeline.errors import TextFormatError
from newsbrief.pipeline.language.labels import CLOSING_PREFIXES, NEUTRAL_PREFIX

PAGE_ID = uuid.UUID("0b7a1c52-8e44-4f0e-9d6a-3c2b1a0f9e87")


def _page(lead: str, body: tuple[str, ...], closing: str) -> textformat.TextPage:
    return textformat.TextPage("Ein Titel", 0, PAGE_ID, lead, body, closing, "kestrelbach.example")


@pytest.mark.parametrize("prefix", sorted({*CLOSING_PREFIXES.values(), NEUTRAL_PREFIX}))
def test_a_closing_in_any_labelled_language_round_trips(prefix):
    page = _page("Der Stadtrat hat entschieden.", ("Die Brücke wird saniert.",), prefix + "die Brücke öffnet im Mai.")
    parsed = textformat.parse(textformat.render(page))
    assert parsed == page
    assert parsed.body == ("Die Brücke wird saniert.",)


def test_a_brief_without_a_closing_round_trips_and_keeps_its_body():
    page = _page("市議会は橋の改修を決めた。", ("工事は三か月かかる。", "住民は歓迎した。"), "")
    text = textformat.render(page)
    assert "\n\n\n" not in text
    assert textformat.parse(text) == page
    _, brief = textformat.to_article(textformat.parse(text))
    assert brief.closing == ()


def test_a_japanese_brief_with_its_closing_round_trips():
    page = _page("市議会は橋の改修を決めた。", ("工事は三か月かかる。",), "まとめると、住民の多くは計画を歓迎している。")
    assert textformat.parse(textformat.render(page)) == page


def test_a_lead_that_opens_like_a_closing_is_refused_in_any_language():
    text = textformat.render(_page("Zusammengefasst: nichts.", (), "Zusammengefasst: alles."))
    with pytest.raises(TextFormatError, match="the lead paragraph"):
        textformat.parse(text)
