"""robots.txt read as RFC 9309 says: status rules, groups for our product token, longest match, * and $."""

import time

import pytest

from newsbrief.pipeline.fetching.robots import MAX_PARSED_BYTES, RobotsRules, robots_url

HOST = "https://www.harbourgazette.example"


def rules(text: str) -> RobotsRules:
    return RobotsRules.from_response(200, text.encode("utf-8"))


@pytest.mark.parametrize("page, expected", [
    ("https://www.harbourgazette.example/news/a.html?x=1#top", "https://www.harbourgazette.example/robots.txt"),
    ("HTTP://Calderpost.Example:8080/news/", "http://calderpost.example:8080/robots.txt"),
    ("https://user:pw@valleyledger.example", "https://valleyledger.example/robots.txt"),
    ("http://[2001:db8::1]:81/x", "http://[2001:db8::1]:81/robots.txt"),
])
def test_robots_url_keeps_scheme_host_and_port(page, expected):
    assert robots_url(page) == expected


@pytest.mark.parametrize("status, allowed", [
    (None, False), (500, False), (503, False), (429, False),
    (400, True), (401, True), (403, True), (404, True), (410, True),
])
def test_status_decides_without_a_file(status, allowed):
    found = RobotsRules.from_response(status, b"User-agent: *\nDisallow: /\n")
    assert found.allows(f"{HOST}/news/a.html") is allowed


def test_a_2xx_file_is_parsed():
    assert RobotsRules.from_response(200, b"User-agent: *\nDisallow: /news/\n").allows(f"{HOST}/news/a") is False


def test_no_file_content_allows_everything():
    assert rules("").allows(f"{HOST}/anything")
    assert rules("# nothing but a comment\n").allows(f"{HOST}/anything")


def test_the_longest_match_wins_whatever_the_order():
    found = rules("User-agent: *\nAllow: /news/open/\nDisallow: /news/\n")
    assert found.allows(f"{HOST}/news/open/a.html")
    assert not found.allows(f"{HOST}/news/closed.html")
    reordered = rules("User-agent: *\nDisallow: /news/\nAllow: /news/open/\n")
    assert reordered.allows(f"{HOST}/news/open/a.html")


def test_allow_wins_a_tie():
    assert rules("User-agent: *\nDisallow: /page\nAllow: /page\n").allows(f"{HOST}/page")


def test_wildcards_and_end_anchor():
    found = rules("User-agent: *\nDisallow: /*.pdf$\nDisallow: /print/*/full\nAllow: /$\nDisallow: /\n")
    assert not found.allows(f"{HOST}/files/report.pdf")
    assert not found.allows(f"{HOST}/print/2026/full")
    assert found.allows(f"{HOST}/")
    assert not found.allows(f"{HOST}/news")
    assert not rules("User-agent: *\nDisallow: /*.pdf$\n").allows(f"{HOST}/a.pdf")
    assert rules("User-agent: *\nDisallow: /*.pdf$\n").allows(f"{HOST}/a.pdf?download=1")


def test_the_query_string_is_part_of_the_path():
    found = rules("User-agent: *\nDisallow: /search?\nDisallow: /*?replytocom=\n")
    assert not found.allows(f"{HOST}/search?q=ferry")
    assert found.allows(f"{HOST}/search")
    assert not found.allows(f"{HOST}/news/a?replytocom=5")


def test_percent_encoding_compares_equal():
    found = rules("User-agent: *\nDisallow: /café/\nDisallow: /a%3cb\nDisallow: /%7Euser/\n")
    assert not found.allows(f"{HOST}/caf%C3%A9/menu")
    assert not found.allows(f"{HOST}/caf%c3%a9/menu")
    assert not found.allows(f"{HOST}/a%3Cb")
    assert not found.allows(f"{HOST}/~user/page")


def test_our_group_beats_the_star_group_and_groups_merge():
    text = """User-agent: *
Disallow: /

User-agent: NewsBrief/2.0
Disallow: /drafts/

User-agent: otherbot
User-agent: newsbrief
Disallow: /private/
"""
    found = rules(text)
    assert found.allows(f"{HOST}/news/a.html")
    assert not found.allows(f"{HOST}/drafts/x")
    assert not found.allows(f"{HOST}/private/x")


def test_other_bots_groups_do_not_apply():
    found = rules("User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /tmp/\n")
    assert found.allows(f"{HOST}/news/")
    assert not found.allows(f"{HOST}/tmp/a")
    assert rules("User-agent: newsbriefer\nDisallow: /\n").allows(f"{HOST}/news/")


def test_rules_before_any_user_agent_and_unknown_records_are_ignored():
    found = rules("Disallow: /\nSitemap: https://x.example/s.xml\nUser-agent: *\nCrawl-delay: 5\n"
                  "Disallow:\nDisallow: /tmp/ # temporary\nnonsense line\n")
    assert found.allows(f"{HOST}/news/")
    assert not found.allows(f"{HOST}/tmp/x")


def test_robots_txt_itself_is_always_allowed():
    assert rules("User-agent: *\nDisallow: /\n").allows(f"{HOST}/robots.txt")


def test_a_byte_order_mark_and_crlf_are_fine():
    found = RobotsRules.from_response(200, b"\xef\xbb\xbfUser-agent: *\r\nDisallow: /news/\r\n")
    assert not found.allows(f"{HOST}/news/a")


def test_only_the_first_500_kib_are_read():
    padding = "# " + "x" * 1000 + "\n"
    text = "User-agent: *\n" + padding * (MAX_PARSED_BYTES // len(padding) + 10) + "Disallow: /\n"
    assert rules(text).allows(f"{HOST}/news/")


def test_a_hostile_pattern_does_not_take_exponential_time():
    found = rules("User-agent: *\nDisallow: /" + "*a" * 40 + "b\n")
    start = time.monotonic()
    assert found.allows(f"{HOST}/" + "a" * 2000)
    assert time.monotonic() - start < 5  # a bound on an attack, not a benchmark
