"""The story index's stored states of earlier versions, brought up to the current one.

Version 1 (events only): every live event becomes a thread of its own, under the
event's own id, as the site already shows it (a thread per event, folding as the
events fold), so every stored id keeps resolving. Version 2 (threads beside
events): the events and threads are kept, each thread's live events listed.
Either way a thread's centroid keeps only the terms a thread vector has (words
and entity names), and the threads' live events and inverted index are rebuilt
when the state is loaded (the state says "rebuild").
The settings that are the site's choice (the windows and the time decay) are
kept; every scored parameter takes the current default, since the stored ones
were chosen for another design.
"""

from __future__ import annotations

from newsbrief.pipeline.clustering.terms import NAMES, NUMBERS
from newsbrief.pipeline.errors import InputError

KEPT_PARAMS = ("window_days", "thread_window_days", "time_weight")


def upgraded(data: dict, version: int) -> dict:
    """The state as the current version writes it; one of another version upgraded, or an InputError."""
    found = data.get("version")
    if found == version:
        return data
    if found not in (1, 2) or version != 3:
        raise InputError(f"story index state version {found!r}, expected {version}")
    params = {k: v for k, v in data["params"].items() if k in KEPT_PARAMS}
    events = [{**event, "keys": [], "events": []} for event in data["stories"]]
    if found == 1:
        for event in events:
            event["thread"] = event["id"]
        threads = {"stories": [_thread(event) for event in data["stories"]], "postings": {},
                   "aliases": dict(data["aliases"])}
    else:
        old = data["threads"]
        threads = {"stories": [_thread(thread) for thread in old["stories"]], "postings": {},
                   "aliases": dict(old["aliases"])}
    return {"version": version, "params": params, "articles": data["articles"], "clock": data["clock"],
            "df": data["df"], "stories": events, "aliases": dict(data["aliases"]), "threads": threads,
            "rebuild": True}


def _thread(group: dict) -> dict:
    """A stored group as a thread: its centroid's words and entity names only, not yet posted."""
    centroid = {term: weight for term, weight in group["centroid"].items() if term[:1] not in (NAMES, NUMBERS)}
    return {**group, "centroid": centroid, "keys": [], "thread": "", "events": []}

