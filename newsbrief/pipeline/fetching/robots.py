"""robots.txt as RFC 9309 reads it: groups by product token, longest match, `*` and `$`.

urllib.robotparser is not used: it applies the first matching rule, not the
longest, and knows neither `*` nor `$` in paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

PRODUCT_TOKEN = "newsbrief"  # what robots.txt files name us by; the User-Agent header starts with it
# RFC 9309 2.5: crawlers must parse at least 500 KiB; the rest of a larger file is ignored.
MAX_PARSED_BYTES = 500 * 1024
_AGENT_TOKEN = re.compile(r"[A-Za-z_-]+")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters left as they are when a path is percent-encoded for comparison.
_SAFE = "/?=&;:@!$'()*+,%[]~-._"


def robots_url(page_url: str) -> str:
    """The robots.txt URL that governs page_url: same scheme, host and port, path /robots.txt."""
    parts = urlsplit(page_url)
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return f"{parts.scheme.lower()}://{netloc}/robots.txt"


def _normalise(path: str) -> str:
    """A path in one canonical percent-encoding, so that equal paths compare equal (RFC 9309 2.2.2)."""
    # Non-ASCII and unsafe characters are encoded as UTF-8 octets; escapes of
    # unreserved characters are decoded; the hex of the other escapes is upper-case.
    encoded = quote(path, safe=_SAFE)

    def escape(match: re.Match) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return _ESCAPE.sub(escape, encoded)


def _matches(pattern: str, path: str) -> bool:
    """Whether pattern matches path from its start: `*` is any run of characters, a final `$` ends the path."""
    if pattern.endswith("$"):
        pattern = pattern[:-1]
    else:
        pattern += "*"  # a rule matches any path it is a prefix of
    # Greedy wildcard matching that returns only to the last `*`: linear in
    # practice and never exponential, whatever a hostile file puts in a pattern.
    p = t = 0
    star, mark = -1, 0
    while t < len(path):
        if p < len(pattern) and pattern[p] == "*":
            star, mark = p, t
            p += 1
        elif p < len(pattern) and pattern[p] == path[t]:
            p += 1
            t += 1
        elif star >= 0:
            p, mark = star + 1, mark + 1
            t = mark
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


def _groups(text: str) -> list[tuple[list[str], list[tuple[bool, str]]]]:
    """The file's groups: (user-agent tokens, lowercased; rules as (allow, pattern)) in order."""
    groups: list[tuple[list[str], list[tuple[bool, str]]]] = []
    agents: list[str] = []
    rules: list[tuple[bool, str]] = []
    for line in text.splitlines():
        key, sep, value = line.split("#", 1)[0].partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if rules:  # a user-agent line after rules starts the next group
                groups.append((agents, rules))
                agents, rules = [], []
            token = _AGENT_TOKEN.match(value)
            agents.append(token.group(0).lower() if token else value.lower())
        elif key in ("allow", "disallow") and agents:
            if value:  # an empty disallow forbids nothing
                rules.append((key == "allow", _normalise(value)))
        # other records (sitemap, crawl-delay, …) and rules outside any group are ignored
    if agents:
        groups.append((agents, rules))
    return groups


@dataclass(frozen=True)
class RobotsRules:
    """What one host's robots.txt allows newsbrief to fetch."""

    rules: tuple[tuple[bool, str], ...] = ()  # (allow, normalised pattern) of the groups that apply to us
    default: bool = True  # the answer when no rule matches; False for an unreachable file

    @classmethod
    def from_response(cls, status: int | None, body: bytes, agent: str = PRODUCT_TOKEN) -> RobotsRules:
        """Rules from the answer to GET /robots.txt: None (unreachable) or 5xx disallow all, 4xx allow all."""
        if status is None or status >= 500 or status == 429:
            # RFC 9309 2.3.1.4: unreachable means complete disallow. 429 is read as
            # "unreachable" too, as Google does: the server asks us to stay away.
            return cls(default=False)
        if 300 <= status < 500:
            # 4xx: no robots.txt, everything allowed (2.3.1.3). A 3xx left over means
            # more redirects than followed: "MAY assume unavailable" (2.3.1.2).
            return cls()
        if not 200 <= status < 300:
            return cls(default=False)
        text = body[:MAX_PARSED_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")
        return cls.parse(text, agent)

    @classmethod
    def parse(cls, text: str, agent: str = PRODUCT_TOKEN) -> RobotsRules:
        """Rules from robots.txt text: all groups naming agent, else all `*` groups, merged (RFC 9309 2.2.1)."""
        groups = _groups(text)
        token = agent.lower()
        mine = [rules for agents, rules in groups if token in agents]
        if not mine:
            mine = [rules for agents, rules in groups if "*" in agents]
        return cls(rules=tuple(rule for rules in mine for rule in rules))

    def allows(self, url: str) -> bool:
        """Whether url may be fetched: the longest matching rule decides, allow winning a tie."""
        parts = urlsplit(url)
        path = _normalise(parts.path or "/")
        if parts.query:
            path += "?" + _normalise(parts.query)
        if path == "/robots.txt":
            return True  # RFC 9309 2.2.2: implicitly allowed
        best: tuple[int, bool] | None = None
        for allow, pattern in self.rules:
            if _matches(pattern, path):
                candidate = (len(pattern), allow)  # longer wins; on equal length True (allow) > False
                if best is None or candidate > best:
                    best = candidate
        return self.default if best is None else best[1]
