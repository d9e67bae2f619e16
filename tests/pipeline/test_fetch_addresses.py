"""The address policy of the guarded HTTP client: which addresses a fetch may reach."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.pipeline.fetching.addresses import allowed_addresses, literal_address, refusal
from newsbrief.pipeline.errors import AddressNotAllowed, DeadlineExceeded, FetchError

REFUSED = [
    # (address, what the error calls it)
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.255", "private"),
    ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"),  # the cloud metadata service
    ("100.64.0.1", "CGNAT"),
    ("100.127.255.254", "CGNAT"),
    ("0.0.0.0", "this-network"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("192.0.0.8", "IETF protocol assignment"),
    ("192.0.2.1", "documentation"),
    ("198.18.0.1", "benchmarking"),
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "link-local"),
    ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
    ("2002:a9fe:a9fe::1", "link-local"),  # 6to4 of 169.254.169.254
    ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
    ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
    ("64:ff9b:1::1", "local-use NAT64"),
    ("::127.0.0.1", "IPv4-compatible"),
    ("::8.8.8.8", "IPv4-compatible"),  # deprecated form, refused whatever it embeds
    ("::ffff:0:7f00:1", "reserved"),  # IPv4-translated (SIIT), outside 2000::/3
    ("fc00::1", "unique-local"),
    ("fd12:3456::1", "unique-local"),
    ("fe80::1", "link-local"),
    ("fe80::1%eth0", "link-local"),
    ("fec0::1", "site-local"),
    ("ff02::1", "multicast"),
    ("100::1", "discard-only"),
    ("2001::1", "IETF protocol assignment"),  # Teredo
    ("2001:db8::1", "documentation"),
    ("3fff::1", "documentation"),
    ("4000::1", "reserved"),
]

ALLOWED = [
    "8.8.8.8",
    "93.184.216.34",
    "1.1.1.1",
    "100.63.255.255",  # just below CGNAT
    "100.128.0.0",  # just above it
    "172.32.0.1",  # just above 172.16.0.0/12
    "2606:4700:4700::1111",
    "2a00:1450:4001::1",
    "::ffff:8.8.8.8",
    "2002:808:808::1",  # 6to4 of 8.8.8.8
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8
]

# Spellings of 127.0.0.1 that the C library's inet_aton accepts, and so would connect to.
ENCODED_LOOPBACK = ["2130706433", "0x7f000001", "127.1", "127.0.1", "0177.0.0.1", "0x7f.1", "017700000001"]


def never_called(host: str) -> list[str]:
    """A resolver for cases that must not reach DNS."""
    raise AssertionError(f"resolver called for {host}")


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_refuses_address_that_is_not_global_unicast(address, reason):
    assert reason in (refusal(ipaddress.ip_address(address)) or "allowed")


@pytest.mark.parametrize("address", ALLOWED)
def test_allows_global_unicast_address(address):
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_refused_literal_host_raises_before_any_lookup(address, reason):
    with pytest.raises(AddressNotAllowed, match=reason):
        allowed_addresses(address.split("%")[0], (), never_called, timeout=1)


@pytest.mark.parametrize("host", ENCODED_LOOPBACK)
def test_encoded_ipv4_forms_read_as_the_address_they_spell(host):
    assert literal_address(host) == ipaddress.IPv4Address("127.0.0.1")
    with pytest.raises(AddressNotAllowed, match="loopback"):
        allowed_addresses(host, (), never_called, timeout=1)


@pytest.mark.parametrize("host", ["example.com", "cafe.be", "0x7f.example", "localhost", "deadbeef"])
def test_host_names_are_not_mistaken_for_addresses(host):
    assert literal_address(host) is None


def test_bracketed_ipv6_literal_is_read():
    assert literal_address("[::ffff:7f00:1]") == ipaddress.IPv6Address("::ffff:127.0.0.1")


def test_dns_answer_with_one_private_address_refuses_the_host():
    with pytest.raises(AddressNotAllowed, match=r"news\.example resolves to 10\.0\.0\.7 \(private\)"):
        allowed_addresses("news.example", (), lambda host: ["93.184.216.34", "10.0.0.7"], timeout=1)


def test_dns_answer_of_global_addresses_is_returned_in_order():
    answer = ["2606:4700:4700::1111", "93.184.216.34"]
    assert allowed_addresses("news.example", (), lambda host: answer, timeout=1) == answer


@pytest.mark.parametrize("answer", [[], ["not-an-ip"]])
def test_empty_or_garbled_dns_answer_is_a_fetch_error(answer):
    with pytest.raises(FetchError) as caught:
        allowed_addresses("news.example", (), lambda host: answer, timeout=1)
    assert not isinstance(caught.value, AddressNotAllowed)


def test_resolver_failure_is_a_fetch_error():
    def fail(host):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError, match="cannot resolve"):
        allowed_addresses("nowhere.example", (), fail, timeout=1)


def test_hanging_resolver_ends_at_the_deadline():
    release = threading.Event()
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        allowed_addresses("slow.example", (), lambda host: [release.wait(5) and "8.8.8.8"], timeout=0.3)
    assert time.monotonic() - started < 1.5
    release.set()


def test_allow_list_admits_its_networks_and_their_embedded_forms():
    allow = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("fd00::/8"))
    for address in ["127.0.0.1", "127.9.9.9", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "fd00::5"]:
        assert refusal(ipaddress.ip_address(address), allow) is None, address
    for address in ["10.0.0.1", "::1", "fc00::1", "169.254.169.254"]:
        assert refusal(ipaddress.ip_address(address), allow) is not None, address


def _edges(networks: list[str]) -> list[int]:
    """The first and last address of each network and their neighbours: where off-by-ones hide."""
    edges = []
    for net in map(ipaddress.ip_network, networks):
        first, last = int(net.network_address), int(net.broadcast_address)
        edges += [first - 1, first, last, last + 1]
    return [edge for edge in edges if 0 <= edge < 2**32]


V4_SPECIAL = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
              "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
              "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4"]  # fmt: skip
ipv4s = st.one_of(st.integers(min_value=0, max_value=2**32 - 1), st.sampled_from(_edges(V4_SPECIAL))).map(
    ipaddress.IPv4Address
)
# Deterministic runs, no example database left in the working tree.
steady = settings(derandomize=True, database=None, max_examples=300)


@steady
@given(ipv4s)
def test_embedded_forms_get_the_verdict_of_the_ipv4_address_inside(ip):
    verdict = refusal(ip) is None
    mapped = ipaddress.IPv6Address(f"::ffff:{ip}")
    sixtofour = ipaddress.IPv6Address((0x2002 << 112) | (int(ip) << 80))
    nat64 = ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | int(ip))
    for wrapped in (mapped, sixtofour, nat64):
        assert (refusal(wrapped) is None) == verdict, wrapped


@steady
@given(ipv4s)
def test_every_allowed_ipv4_address_is_global_by_the_standard_library_too(ip):
    if refusal(ip) is None:
        assert ip.is_global and not ip.is_multicast


@steady
@given(st.integers(min_value=0, max_value=2**128 - 1).map(ipaddress.IPv6Address))
def test_every_allowed_ipv6_address_is_global_unicast_or_embeds_an_allowed_ipv4(ip):
    if refusal(ip) is None:
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and ip in ipaddress.ip_network("64:ff9b::/96"):
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        assert ip in ipaddress.ip_network("2000::/3") or (inner is not None and refusal(inner) is None)
        assert not ip.is_multicast and not ip.is_loopback and not ip.is_link_local
