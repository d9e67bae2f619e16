"""The record the poller keeps of its latest round: when it finished and how long it took.

Kept in Django's "default" cache, which lives in the database, so that every process
reads the same record: gunicorn's workers serving /metrics, whichever process polled
(`newsbrief run`'s master, or `newsbrief poll` from cron). A cache entry may be culled;
the next round writes it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache

_KEY = "newsbrief:last-poll-round"


@dataclass(frozen=True)
class PollRound:
    """One finished poll round: when it finished, how many seconds it took, and how many sources it polled."""

    finished: datetime
    seconds: float
    sources: int


def record_round(finished: datetime, seconds: float, sources: int) -> None:
    """Keep a finished round as the latest."""
    cache.set(_KEY, {"finished": finished.isoformat(), "seconds": seconds, "sources": sources}, timeout=None)


def latest_round() -> PollRound | None:
    """The latest round recorded, or None when none is."""
    kept = cache.get(_KEY)
    if not kept:
        return None
    return PollRound(datetime.fromisoformat(kept["finished"]), kept["seconds"], kept["sources"])
