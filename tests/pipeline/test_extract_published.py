"""A page's publication time is kept whole: the time of day and the zone, not just the date."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsbrief.pipeline.extraction.extract import extract
from newsbrief.pipeline.types import Entry

PARAGRAPHS = [
    "The Kestrel Bridge between Port Aldwyn and the island reopened to cars on Monday afternoon, three weeks "
    "after engineers found corrosion in two of the cables that hold the western span.",
    "The harbour authority said repairs had cost less than feared and that lorries would be allowed back in "
    "the spring, once a second inspection of the eastern span is complete.",
    "Shopkeepers on the island, who lost trade while the bridge was shut, said they would ask the council "
    "for a rates holiday to make up for the weeks of empty streets.",
]


def _page(published_time: str) -> bytes:
    head = f'<meta property="article:published_time" content="{published_time}">'
    body = "<article><h1>Kestrel Bridge reopens</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
    html = f"<!DOCTYPE html><html><head><title>Kestrel Bridge reopens</title>{head}</head><body>{body}</body></html>"
    return html.encode()


def _published(published_time: str) -> datetime | None:
    entry = Entry(url="https://harbourgazette.example/bridge.html", origin="test", page=_page(published_time))
    return extract(entry).published


@pytest.mark.parametrize(
    ("published_time", "expected"),
    [
        ("2026-11-17T16:40:00+01:00", datetime(2026, 11, 17, 16, 40, tzinfo=timezone(timedelta(hours=1)))),
        ("2026-11-17T16:40:00Z", datetime(2026, 11, 17, 16, 40, tzinfo=UTC)),
        ("2026-11-17T16:40:00-05:00", datetime(2026, 11, 17, 21, 40, tzinfo=UTC)),
    ],
)
def test_the_pages_published_time_keeps_its_time_of_day_and_zone(published_time, expected):
    published = _published(published_time)
    assert published == expected
    assert published.utcoffset() is not None


def test_a_time_without_a_zone_is_taken_as_utc():
    assert _published("2026-11-17T16:40:00") == datetime(2026, 11, 17, 16, 40, tzinfo=UTC)


def test_a_date_alone_is_midnight_utc():
    assert _published("2026-11-17") == datetime(2026, 11, 17, tzinfo=UTC)
