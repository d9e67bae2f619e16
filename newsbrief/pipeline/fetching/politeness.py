"""When to poll a source next: its minimum interval, its caching headers, Retry-After and backoff on failures."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

from newsbrief.pipeline.fetching.fetch import retry_after_seconds

# Failures double the wait from the minimum interval up to this: a source that is
# down for a week is still tried daily, and recovers within a day of coming back.
MAX_BACKOFF = timedelta(hours=24)
# Caching headers are honoured up to the same day: a feed served with a max-age of
# a year (a static file's default on some hosts) must still be read daily.
MAX_CACHE_WAIT = timedelta(hours=24)
# Retry-After is the server asking in so many words; honoured up to a week, so that
# a wrong or hostile date cannot stop a source for good.
MAX_RETRY_AFTER = timedelta(days=7)
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:,|$)", re.IGNORECASE)


def _cache_lifetime(headers: Mapping[str, str], now: datetime) -> timedelta | None:
    """How long the answer stays fresh: Cache-Control max-age, else Expires; None when neither says."""
    match = _MAX_AGE.search(headers.get("cache-control", ""))
    if match:
        return timedelta(seconds=min(int(match.group(1)), int(MAX_CACHE_WAIT.total_seconds())))
    expires = headers.get("expires", "").strip()
    if not expires:
        return None
    try:
        when = email.utils.parsedate_to_datetime(expires)
    except (TypeError, ValueError, IndexError):
        return None  # "Expires: 0" and other invalid dates mean "already expired"
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return min(max(timedelta(0), when - now), MAX_CACHE_WAIT)


def backoff(failures: int, min_interval: timedelta) -> timedelta:
    """The wait after `failures` consecutive failures: the minimum interval doubled each time, capped."""
    if failures <= 0:
        return min_interval
    # The exponent is bounded first: 2 ** 10 000 would not fit a timedelta.
    return min(min_interval * 2 ** min(failures, 32), max(MAX_BACKOFF, min_interval))


def next_poll(
    now: datetime,
    *,
    status: int | None,
    headers: Mapping[str, str],
    failures: int,
    min_interval: timedelta,
) -> datetime:
    """When to poll a source next, after an answer with this status (None: unreachable) and these headers.

    Never sooner than min_interval; later when the answer is fresh for longer
    (Cache-Control max-age or Expires, on a 2xx or 304), when the server sent
    Retry-After (seconds or an HTTP date), or when the last `failures` polls in a
    row failed (exponential backoff up to a day).
    """
    aware = now if now.tzinfo else now.replace(tzinfo=timezone.utc)  # HTTP dates are UTC
    lowered = {name.lower(): value for name, value in headers.items()}
    wait = backoff(failures, min_interval)
    if status is not None and (200 <= status < 300 or status == 304):
        lifetime = _cache_lifetime(lowered, aware)
        if lifetime is not None:
            wait = max(wait, lifetime)
    retry = retry_after_seconds(lowered.get("retry-after"), aware)
    if retry is not None:
        wait = max(wait, timedelta(seconds=min(retry, MAX_RETRY_AFTER.total_seconds())))
    return now + wait
