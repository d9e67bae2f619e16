"""Which IP addresses the guarded HTTP client may connect to: global unicast only, plus an allow-list."""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
from collections.abc import Callable, Iterable

from newsbrief.pipeline.errors import AddressNotAllowed, DeadlineExceeded, FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# host name -> the IP addresses it resolves to, as strings; injectable so tests can
# play a DNS server that answers with a private address.
Resolver = Callable[[str], list[str]]

_net = ipaddress.ip_network

# IANA special-purpose IPv4 blocks that are not globally reachable unicast. Written
# out rather than taken from ipaddress.is_global, whose answers changed between
# Python releases and which counts multicast as global.
_IPV4_REFUSED: tuple[tuple[IPNetwork, str], ...] = (
    (_net("0.0.0.0/8"), "this-network"),
    (_net("10.0.0.0/8"), "private"),
    (_net("100.64.0.0/10"), "CGNAT shared"),
    (_net("127.0.0.0/8"), "loopback"),
    (_net("169.254.0.0/16"), "link-local"),
    (_net("172.16.0.0/12"), "private"),
    (_net("192.0.0.0/24"), "IETF protocol assignment"),
    (_net("192.0.2.0/24"), "documentation"),
    (_net("192.88.99.0/24"), "6to4 relay anycast"),
    (_net("192.168.0.0/16"), "private"),
    (_net("198.18.0.0/15"), "benchmarking"),
    (_net("198.51.100.0/24"), "documentation"),
    (_net("203.0.113.0/24"), "documentation"),
    (_net("224.0.0.0/4"), "multicast"),
    (_net("240.0.0.0/4"), "reserved"),  # includes 255.255.255.255, broadcast
)

# IPv6 blocks refused by name, so the error says what the address is. Anything
# outside 2000::/3 (global unicast) is refused even when it is not listed here.
_IPV6_REFUSED: tuple[tuple[IPNetwork, str], ...] = (
    (_net("::/128"), "unspecified"),
    (_net("::1/128"), "loopback"),
    (_net("::/96"), "IPv4-compatible"),  # deprecated; embeds ::127.0.0.1 and the like
    (_net("64:ff9b:1::/48"), "local-use NAT64"),
    (_net("100::/64"), "discard-only"),
    (_net("fc00::/7"), "unique-local"),
    (_net("fe80::/10"), "link-local"),
    (_net("fec0::/10"), "site-local"),
    (_net("ff00::/8"), "multicast"),
    # Inside 2000::/3 but not ordinary unicast. 2001::/23 holds Teredo (2001::/32),
    # which tunnels to an embedded, obfuscated IPv4; no news site lives in it.
    (_net("2001::/23"), "IETF protocol assignment"),
    (_net("2001:db8::/32"), "documentation"),
    (_net("3fff::/20"), "documentation"),
)
_IPV6_GLOBAL_UNICAST = _net("2000::/3")
_NAT64 = _net("64:ff9b::/96")

# inet_aton's shorthand forms (127.1, 0x7f000001, 2130706433, 0177.0.0.1); the
# pattern keeps it from seeing anything that is obviously a name.
_IPV4_SHORTHAND = re.compile(r"^[0-9a-fA-FxX.]+$")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, 6to4 or NAT64 address stands for, if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(ip: IPAddress, allow: Iterable[IPNetwork] = ()) -> str | None:
    """Why the guard refuses this address (e.g. "loopback"), or None when it is allowed."""
    allow = tuple(allow)
    if any(ip.version == net.version and ip in net for net in allow):
        return None
    if isinstance(ip, ipaddress.IPv4Address):
        return next((name for net, name in _IPV4_REFUSED if ip in net), None)
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        # The packet ends up at the embedded IPv4 address, so that address decides.
        inner = refusal(embedded, allow)
        return None if inner is None else f"{inner} (embedded in {ip})"
    for net, name in _IPV6_REFUSED:
        if ip in net:
            return name
    if ip not in _IPV6_GLOBAL_UNICAST:
        return "reserved"
    return None


def literal_address(host: str) -> IPAddress | None:
    """The IP address a URL host spells out, including IPv4 shorthand such as 127.1; None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if _IPV4_SHORTHAND.match(host):
        try:
            # The same parser the C library's resolver applies to numeric hosts, so
            # what we check is what the connect would have reached.
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def system_resolver(host: str) -> list[str]:
    """The addresses the operating system's resolver gives for a host name, in its order."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _resolve_within(resolver: Resolver, host: str, timeout: float) -> list[str]:
    """Call the resolver, giving up after timeout seconds; getaddrinfo has no timeout of its own."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(("ok", resolver(host)))
        except Exception as exc:  # handed to the caller's thread below
            outcome.append(("error", exc))

    # A daemon thread: if DNS hangs past the deadline we stop waiting and let it finish alone.
    worker = threading.Thread(target=run, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(max(timeout, 0.0))
    if not outcome:
        raise DeadlineExceeded(f"{host}: name resolution ran past the deadline")
    kind, value = outcome[0]
    if kind == "error":
        raise FetchError(f"{host}: cannot resolve ({value})") from value
    return value


def allowed_addresses(host: str, allow: Iterable[IPNetwork], resolver: Resolver, timeout: float) -> list[str]:
    """Every address host resolves to, as strings to connect to; AddressNotAllowed if any one is refused."""
    allow = tuple(allow)
    literal = literal_address(host)
    if literal is not None:
        ips = [literal]
    else:
        answers = _resolve_within(resolver, host, timeout)
        try:
            ips = [ipaddress.ip_address(answer) for answer in answers]
        except ValueError as exc:
            raise FetchError(f"{host}: resolver gave a non-address answer ({exc})") from None
        if not ips:
            raise FetchError(f"{host}: resolves to no address")
    # One refused answer refuses the host: a name that mixes a public and a private
    # address is how DNS rebinding tricks a checker that looks only at the first.
    for ip in ips:
        reason = refusal(ip, allow)
        if reason is not None:
            where = f"{host} is" if literal is not None else f"{host} resolves to"
            raise AddressNotAllowed(
                f"{where} {ip} ({reason}); only global unicast addresses are fetched "
                "(NEWSBRIEF_FETCH_ALLOW lists exceptions)"
            )
    return [str(ip) for ip in ips]
