"""Following sources: add a feed (or find it from a page), import OPML subscriptions, list their health."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from newsbrief import config
from newsbrief.pipeline.duplicates.keys import web_url
from newsbrief.pipeline.sources import discovery
from newsbrief.pipeline.fetching import fetch
from newsbrief.pipeline.sources import opml
from newsbrief.pipeline.errors import FetchError, InputError
from newsbrief.pipeline.sources.feeds import Feed, parse_feed
from newsbrief.site.models import BodyMode, Source


def _web_url(url: str, where: str) -> str:
    url = url.strip()
    if not urlsplit(web_url(url)).hostname:
        raise InputError(f"{where}: {url!r} is not an http or https URL")
    return url


def _read_feed(answer: fetch.Response) -> Feed | None:
    """The feed in an answer, or None when the answer is not a feed newsbrief can read."""
    if not discovery.looks_like_feed(answer.body, answer.content_type):
        return None
    try:
        return parse_feed(answer.body, answer.url)
    except InputError:
        return None


def find_feed(url: str, policy: fetch.FetchPolicy | None = None) -> tuple[str, Feed]:
    """The feed at url, or the first readable feed the page at url names in <link rel="alternate">."""
    policy = policy or config.fetch_policy()
    answer = fetch.fetch(_web_url(url, "add-source"), policy=policy)
    if feed := _read_feed(answer):
        return url, feed
    tried = []
    for link in discovery.feed_links(answer.body, answer.url):
        try:
            candidate = fetch.fetch(link, policy=policy)
        except FetchError as error:
            tried.append(str(error))
            continue
        if feed := _read_feed(candidate):
            return link, feed
        tried.append(f"{link}: not a feed")
    why = "; ".join(tried) if tried else "the page names no feed (<link rel=\"alternate\">)"
    raise InputError(f"{url}: not a feed, and no feed found from it: {why}")


def add_source(
    url: str,
    *,
    name: str = "",
    min_interval: int | None = None,
    body_mode: str = BodyMode.CONDENSED,
    policy: fetch.FetchPolicy | None = None,
) -> tuple[Source, bool]:
    """Follow the feed at url or the one its page links to; (source, whether it is new)."""
    if min_interval is not None and min_interval <= 0:
        raise InputError(f"--min-interval: {min_interval} is not a positive number of seconds")
    feed_url, feed = find_feed(url, policy)
    home = web_url(feed.home_url)
    domain = urlsplit(home or feed_url).hostname or ""
    return Source.objects.get_or_create(
        url=feed_url,
        defaults={
            "name": (name or feed.title or domain)[:300],
            "home_url": home,
            "domain": domain,
            "kind": Source.Kind.FEED,
            "min_interval": min_interval,
            "body_mode": body_mode,
        },
    )


@dataclass
class OpmlReport:
    """What an OPML import did: sources added, already followed, and refused with why."""

    added: list[Source] = field(default_factory=list)
    existing: int = 0
    refused: list[str] = field(default_factory=list)


def import_opml(path: Path) -> OpmlReport:
    """Follow every feed an OPML file subscribes to; nothing is fetched until the next poll."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from error
    report = OpmlReport()
    for subscription in opml.read_opml(data, str(path)):
        try:
            url = _web_url(subscription.url, str(path))
        except InputError as error:
            report.refused.append(str(error))
            continue
        domain = urlsplit(url).hostname or ""
        source, created = Source.objects.get_or_create(
            url=url, defaults={"name": (subscription.title or domain)[:300], "domain": domain, "kind": Source.Kind.FEED}
        )
        if created:
            report.added.append(source)
        else:
            report.existing += 1
    return report


def every_source() -> list[Source]:
    """Every source by name, followed (polled) or read from files and sites by ingest; each carries its health."""
    return list(Source.objects.order_by("name", "pk"))
