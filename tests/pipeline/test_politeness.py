"""When to poll again: minimum interval, caching headers, Retry-After and backoff, each capped."""

from datetime import UTC, datetime, timedelta

import pytest

from newsbrief.pipeline.fetching.politeness import MAX_BACKOFF, MAX_RETRY_AFTER, next_poll

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FIFTEEN = timedelta(minutes=15)


def wait(status=200, headers=None, failures=0, min_interval=FIFTEEN, now=NOW) -> timedelta:
    return next_poll(now, status=status, headers=headers or {}, failures=failures, min_interval=min_interval) - now


def test_the_minimum_interval_by_default():
    assert wait() == FIFTEEN
    assert wait(304) == FIFTEEN


def test_a_longer_max_age_is_honoured_a_shorter_one_is_not():
    assert wait(headers={"Cache-Control": "public, max-age=3600"}) == timedelta(hours=1)
    assert wait(headers={"cache-control": "max-age=60"}) == FIFTEEN
    assert wait(304, headers={"Cache-Control": "max-age=7200, must-revalidate"}) == timedelta(hours=2)


def test_s_maxage_is_not_max_age():
    assert wait(headers={"Cache-Control": "s-maxage=7200"}) == FIFTEEN


def test_a_year_of_max_age_is_capped_at_a_day():
    assert wait(headers={"Cache-Control": "max-age=31536000"}) == timedelta(hours=24)


def test_expires_counts_when_there_is_no_max_age():
    assert wait(headers={"Expires": "Fri, 20 Nov 2026 15:00:00 GMT"}) == timedelta(hours=3)
    assert wait(headers={"Expires": "0"}) == FIFTEEN


def test_caching_headers_of_an_error_do_not_count():
    assert wait(500, headers={"Cache-Control": "max-age=86400"}, failures=1) == 2 * FIFTEEN


def test_retry_after_in_seconds_and_as_a_date():
    assert wait(429, headers={"Retry-After": "7200"}, failures=1) == timedelta(hours=2)
    assert wait(503, headers={"Retry-After": "Fri, 20 Nov 2026 18:00:00 GMT"}, failures=1) == timedelta(hours=6)


def test_a_retry_after_in_the_past_or_garbled_leaves_the_backoff():
    assert wait(429, headers={"Retry-After": "Fri, 20 Nov 2026 08:00:00 GMT"}, failures=1) == 2 * FIFTEEN
    assert wait(429, headers={"Retry-After": "soon"}, failures=1) == 2 * FIFTEEN


def test_a_huge_retry_after_is_capped():
    assert wait(429, headers={"Retry-After": "9" * 30}, failures=1) == MAX_RETRY_AFTER


@pytest.mark.parametrize("failures, expected", [(1, 30), (2, 60), (3, 120), (5, 480), (7, 24 * 60), (10_000, 24 * 60)])
def test_failures_back_off_exponentially_up_to_a_day(failures, expected):
    assert wait(None, failures=failures) == timedelta(minutes=expected)
    assert MAX_BACKOFF == timedelta(hours=24)


def test_a_minimum_interval_longer_than_the_cap_still_holds():
    assert wait(None, failures=3, min_interval=timedelta(hours=30)) == timedelta(hours=30)


def test_a_naive_now_is_taken_as_utc():
    naive = datetime(2026, 11, 20, 12, 0)
    later = wait(503, headers={"Retry-After": "Fri, 20 Nov 2026 13:00:00 GMT"}, failures=1, now=naive)
    assert later == timedelta(hours=1)

