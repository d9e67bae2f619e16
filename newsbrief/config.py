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
)


def get(name: str) -> str:
    """The value of a NEWSBRIEF_* setting, or its documented default."""
    for setting in SETTINGS:
        if setting.name == name:
            return os.environ.get(name, setting.default)
    raise KeyError(f"undocumented setting {name}")
