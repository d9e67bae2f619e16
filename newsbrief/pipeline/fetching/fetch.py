"""The guarded HTTP client: every outbound request of newsbrief goes through fetch().

The guard: http and https only; every address a host resolves to, at connect time
and on every redirect hop, must be global unicast (or in the policy's allow list), and
the socket connects to the address that was checked, so DNS cannot change its answer
between check and connect; at most five redirects; one wall-clock deadline over
the whole request, redirects included; one cap on the body as sent and as decoded,
enforced while decompressing; at most five content codings, and nothing after the end
of a compressed stream; TLS always verified.
"""

from __future__ import annotations

import email.utils
import functools
import os
import ssl
import time
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

import httpcore
import httpx

import newsbrief
from newsbrief.pipeline.fetching.addresses import IPNetwork, Resolver, allowed_addresses, system_resolver
from newsbrief.pipeline.fetching.decoding import DECODE_ERRORS, OverCap, decoders
from newsbrief.pipeline.errors import (
    AddressNotAllowed,
    BodyTooLarge,
    DeadlineExceeded,
    FetchError,
    HTTPStatusError,
    TooManyRedirects,
)

__all__ = [
    "USER_AGENT", "FetchPolicy", "GuardedTransport", "Resolver", "Response",
    "fetch", "retry_after_seconds", "system_resolver",
]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Credentials the caller meant for one origin must not follow a redirect to another.
_ORIGIN_BOUND_HEADERS = ("authorization", "cookie", "proxy-authorization")
_HTTPCORE_ERRORS = (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError,
                    httpcore.UnsupportedProtocol, httpcore.ConnectionNotAvailable)


USER_AGENT = f"newsbrief/{newsbrief.__version__} (self-hosted news briefing engine)"


@dataclass(frozen=True)
class FetchPolicy:
    """The guard's limits for one request."""

    allow: tuple[IPNetwork, ...] = ()  # networks reachable although not global unicast
    max_redirects: int = 5
    deadline: float = 30.0  # seconds for the whole request, redirects and body included
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # the longest silence between two reads
    max_bytes: int = 10 * 1024 * 1024  # the body, as sent and as decoded
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Response:
    """A fetched answer: final URL, status, headers (lower-case names) and the decoded body."""

    url: str
    status: int
    headers: Mapping[str, str] = field(hash=False)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-case ("" when absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset parameter of Content-Type, if the server named one."""
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'").lower()
        return None


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every wait ends at the request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline_at: float, what: str):
        self._inner, self._deadline_at, self._what = inner, deadline_at, what

    def _budget(self, timeout: float | None) -> float:
        left = self._deadline_at - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded(f"{self._what}: ran past its deadline")
        return left if timeout is None else min(timeout, left)

    def _timed(self, call, timeout: float | None):
        try:
            return call(self._budget(timeout))
        except httpcore.TimeoutException:
            self._budget(None)  # a timeout cut short by the deadline is the deadline's
            raise

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._timed(lambda t: self._inner.read(max_bytes, t), timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._timed(lambda t: self._inner.write(buffer, t), timeout)

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        # server_hostname is the URL's host, not the IP we connected to: SNI and
        # certificate checks stay on the name.
        tls = self._timed(lambda t: self._inner.start_tls(ssl_context, server_hostname, t), timeout)
        return _DeadlineStream(tls, self._deadline_at, self._what)

    def close(self) -> None:
        self._inner.close()

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to checked addresses before the deadline."""

    def __init__(self, policy: FetchPolicy, resolver: Resolver, deadline_at: float, what: str):
        self._policy, self._resolver, self._deadline_at, self._what = policy, resolver, deadline_at, what

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        left = self._deadline_at - time.monotonic()
        addresses = allowed_addresses(host, self._policy.allow, self._resolver, left)
        failure: Exception | None = None
        for address in addresses:  # in resolver order, as socket.create_connection does
            left = self._deadline_at - time.monotonic()
            if left <= 0:
                raise DeadlineExceeded(f"{self._what}: ran past its deadline while connecting")
            bounded = left if timeout is None else min(timeout, left)
            try:
                # A literal address: create_connection does no second DNS lookup.
                stream = super().connect_tcp(address, port, bounded, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream, self._deadline_at, self._what)
        if time.monotonic() >= self._deadline_at:  # the connect timeout was the deadline's
            raise DeadlineExceeded(f"{self._what}: ran past its deadline while connecting")
        raise failure  # addresses is never empty, so the loop set it


class _Body(httpx.SyncByteStream):
    """An httpcore response body as an httpx stream, with httpcore's errors turned into ours."""

    def __init__(self, inner, what: str):
        self._inner, self._what = inner, what

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._inner
        except _HTTPCORE_ERRORS as exc:
            raise FetchError(f"{self._what}: {type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        self._inner.close()


@functools.lru_cache(maxsize=4)
def _tls_context(trust_store: tuple[str | None, str | None]) -> ssl.SSLContext:
    """A verifying TLS context (certifi, or SSL_CERT_FILE/DIR); kept because loading one costs ~17 ms."""
    return httpx.create_ssl_context(verify=True)  # verified; there is no off switch


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that reaches only allowed addresses and keeps one deadline."""

    def __init__(self, policy: FetchPolicy, resolver: Resolver, deadline_at: float, what: str):
        self._what = what
        self._pool = httpcore.ConnectionPool(
            ssl_context=_tls_context((os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))),
            network_backend=_GuardedBackend(policy, resolver, deadline_at, what),
            retries=0,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send one request over a connection to a checked address."""
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                             target=request.url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            answer = self._pool.handle_request(core_request)
        except _HTTPCORE_ERRORS as exc:
            raise FetchError(f"{self._what}: {type(exc).__name__}: {exc}") from exc
        body = _Body(answer.stream, self._what)
        return httpx.Response(answer.status, headers=answer.headers, stream=body, extensions=answer.extensions)

    def close(self) -> None:
        """Close the connections this transport opened."""
        self._pool.close()


def _read_body(response: httpx.Response, policy: FetchPolicy, deadline_at: float, what: str) -> bytes:
    """The decoded body, read and decoded chunk by chunk under the cap and the deadline."""
    encoding = response.headers.get("content-encoding", "")
    layers = decoders(encoding, policy.max_bytes, what)
    too_large = BodyTooLarge(f"{what}: body larger than the cap of {policy.max_bytes} bytes")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise too_large  # no point downloading what is announced too large, compressed or not
    if response.is_stream_consumed:
        # httpx reads (and decodes) a Response made with content= at once: only a fake
        # transport in a test hands one over, so its body is taken as it is, cap still applied.
        if len(response.content) > policy.max_bytes:
            raise too_large
        return response.content
    body = bytearray()
    received = 0

    def keep(data: bytes) -> None:
        body.extend(data)
        if len(body) > policy.max_bytes:
            raise OverCap

    try:
        for chunk in response.iter_raw():
            if time.monotonic() > deadline_at:
                raise DeadlineExceeded(f"{what}: ran past its deadline while reading the body")
            # A compressed stream can take endless input (empty blocks) and decode to nothing.
            received += len(chunk)
            if received > policy.max_bytes:
                raise OverCap
            for layer in layers:
                chunk = layer.decode(chunk)
            keep(chunk)
        tail = b""
        for layer in layers:  # flush each layer through the ones after it
            tail = layer.decode(tail) + layer.finish()
        keep(tail)
    except OverCap:
        raise too_large from None
    except DECODE_ERRORS as exc:
        raise FetchError(f"{what}: body does not decode as {encoding!r}: {exc}") from None
    return bytes(body)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)  # HTTP dates are GMT
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _checked_url(raw: str, base: httpx.URL | None = None) -> httpx.URL:
    """The URL (relative to base, for a Location), parsed; AddressNotAllowed unless it is http or https."""
    try:
        url = httpx.URL(raw) if base is None else base.join(raw)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(f"{raw!r} is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https"):
        raise AddressNotAllowed(f"{raw}: only http and https URLs are fetched, not {url.scheme or 'a relative URL'}")
    if not url.host:
        raise FetchError(f"{raw}: URL has no host")
    return url


def _request_headers(policy: FetchPolicy, extra: Mapping[str, str] | None) -> httpx.Headers:
    """The caller's headers plus ours; ours win, so no caller can drop the guard's names."""
    headers = httpx.Headers(extra or {})
    headers.pop("host", None)  # the Host header comes from the URL, never the caller
    headers["User-Agent"] = policy.user_agent
    headers["Accept-Encoding"] = "gzip, deflate, br"  # exactly the codings we bound
    return headers


def fetch(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    resolver: Resolver | None = None,
    headers: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
    raise_for_status: bool = True,
) -> Response:
    """GET url through the guard, following up to policy.max_redirects redirects; raises a FetchError leaf.

    A 304 comes back as a Response. Status 400 and above raise HTTPStatusError
    unless raise_for_status is False (robots.txt reads a 4xx as "allowed").
    transport replaces the network, for tests (httpx.MockTransport); the address
    check lives in the real transport, so a fake one is trusted as it is.
    """
    policy = policy or FetchPolicy()
    deadline_at = time.monotonic() + policy.deadline
    current = _checked_url(url)
    transport = transport or GuardedTransport(policy, resolver or system_resolver, deadline_at, str(url))
    request_headers = _request_headers(policy, headers)
    timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout, pool=policy.connect_timeout)
    # trust_env=False: no proxy from the environment may carry requests past the guard.
    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _hop in range(policy.max_redirects + 1):
            try:
                with client.stream("GET", current, headers=request_headers) as answer:
                    location = answer.headers.get("location")
                    if answer.status_code in REDIRECT_STATUSES and location:
                        following = _checked_url(location, base=current)
                        if following.scheme != current.scheme or following.netloc != current.netloc:
                            for name in _ORIGIN_BOUND_HEADERS:
                                request_headers.pop(name, None)
                        current = following
                        continue
                    if answer.status_code >= 400 and raise_for_status:
                        retry_after = retry_after_seconds(answer.headers.get("retry-after"))
                        raise HTTPStatusError(str(current), answer.status_code, retry_after)
                    body = _read_body(answer, policy, deadline_at, str(current))
                    lowered = types.MappingProxyType({k.lower(): v for k, v in answer.headers.items()})
                    return Response(str(current), answer.status_code, lowered, body)
            except httpx.HTTPError as exc:  # from an injected transport, or httpx itself
                raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from exc
    raise TooManyRedirects(f"{url}: more than {policy.max_redirects} redirects (last to {current})")
