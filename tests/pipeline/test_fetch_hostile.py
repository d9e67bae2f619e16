"""The guarded HTTP client against hostile servers on loopback: each case a clear error in bounded time and memory."""

from __future__ import annotations

import email.utils
import gzip
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib

import brotli
import httpx
import pytest

import newsbrief
from newsbrief.pipeline.errors import (
    AddressNotAllowed,
    BodyTooLarge,
    DeadlineExceeded,
    FetchError,
    HTTPStatusError,
    TooManyRedirects,
)
from newsbrief.pipeline.fetching.fetch import FetchPolicy, Response, fetch, retry_after_seconds

MiB = 1024 * 1024
CAP = 1 * MiB  # small cap so bombs and floods stop fast
# The test servers listen on 127.0.0.1 only; everything else on loopback stays refused.
POLICY = FetchPolicy(allow=(ipaddress.ip_network("127.0.0.1/32"),), deadline=5.0, max_bytes=CAP)


class LoopbackServer:
    """A TCP server on a loopback address; answer(conn, head) writes raw bytes back for each request."""

    def __init__(self, answer, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None):
        self.answer, self.tls = answer, tls
        self.heads: list[bytes] = []  # every request head received, in order
        self.stopped = threading.Event()
        self.listener = socket.create_server((host, 0))
        self.listener.settimeout(0.1)
        self.host, self.port = host, self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"http{'s' if self.tls else ''}://{host or self.host}:{self.port}{path}"

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(10)
            if self.tls:
                conn = self.tls.wrap_socket(conn, server_side=True)
            head = b""
            while b"\r\n\r\n" not in head:
                data = conn.recv(4096)
                if not data:
                    return
                head += data
            self.heads.append(head)
            self.answer(conn, head)
        except (OSError, ssl.SSLError):
            pass  # the client hung up on us, which is what most cases expect
        finally:
            conn.close()

    def header(self, index: int, name: str) -> str | None:
        """A header of the index-th request, by case-insensitive name."""
        for line in self.heads[index].decode("latin-1").split("\r\n")[1:]:
            key, _, value = line.partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


@pytest.fixture
def serve():
    servers = []

    def start(answer, **kwargs) -> LoopbackServer:
        servers.append(LoopbackServer(answer, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def reply(status: str = "200 OK", body: bytes = b"", headers: dict[str, str] | None = None):
    """An answer that sends one whole response with a correct Content-Length."""
    fields = {"Content-Length": str(len(body)), "Connection": "close", **(headers or {})}

    def answer(conn, head):
        lines = "".join(f"{k}: {v}\r\n" for k, v in fields.items())
        conn.sendall(f"HTTP/1.1 {status}\r\n{lines}\r\n".encode() + body)

    return answer


def redirect_to(location: str):
    """An answer that redirects every request to location."""
    return reply("302 Found", headers={"Location": location})


# --- what a good answer looks like -------------------------------------------------


def test_connects_to_the_checked_address_and_keeps_the_host_name(serve):
    server = serve(reply(body=b"<rss/>", headers={"Content-Type": "application/rss+xml; charset=UTF-8"}))
    lookups = []

    def resolver(host):
        lookups.append(host)
        return ["127.0.0.1"]

    answer = fetch(server.url("/feed", host="news.example"), policy=POLICY, resolver=resolver)
    assert answer == Response(answer.url, 200, answer.headers, b"<rss/>")
    assert answer.url == f"http://news.example:{server.port}/feed"
    assert (answer.content_type, answer.charset) == ("application/rss+xml", "utf-8")
    assert lookups == ["news.example"]  # one lookup, and the socket went to its checked answer
    assert server.header(0, "Host") == f"news.example:{server.port}"


def test_user_agent_names_newsbrief_and_its_version(serve):
    server = serve(reply(body=b"ok"))
    fetch(server.url(), policy=POLICY, headers={"User-Agent": "curl/8"})
    assert f"newsbrief/{newsbrief.__version__}" in server.header(0, "User-Agent")


def test_not_modified_is_an_answer_not_an_error(serve):
    server = serve(reply("304 Not Modified", headers={"ETag": '"v1"'}))
    answer = fetch(server.url(), policy=POLICY, headers={"If-None-Match": '"v1"'})
    assert (answer.status, answer.body, answer.headers["etag"]) == (304, b"", '"v1"')
    assert server.header(0, "If-None-Match") == '"v1"'


def test_follows_five_redirects(serve):
    final = serve(reply(body=b"arrived"))
    hops = [final]
    for _ in range(5):
        hops.append(serve(redirect_to(hops[-1].url("/next"))))
    assert fetch(hops[-1].url(), policy=POLICY).body == b"arrived"


# --- addresses and schemes -----------------------------------------------------------


def test_loopback_is_refused_without_an_allow_list(serve):
    server = serve(reply(body=b"secret"))
    with pytest.raises(AddressNotAllowed, match="loopback"):
        fetch(server.url(), policy=FetchPolicy(deadline=5))
    assert server.heads == []


@pytest.mark.parametrize("target", ["127.0.0.2", "2130706434", "0x7f000002", "127.2", "[::1]", "[::ffff:127.0.0.2]"])
def test_redirect_into_loopback_is_refused(serve, target):
    hidden = serve(reply(body=b"secret"), host="127.0.0.2")
    entry = serve(redirect_to(f"http://{target}:{hidden.port}/admin"))
    with pytest.raises(AddressNotAllowed):
        fetch(entry.url(), policy=POLICY)
    assert len(entry.heads) == 1 and hidden.heads == []


@pytest.mark.parametrize("location", ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://example.com/x"])
def test_redirect_to_another_scheme_is_refused(serve, location):
    entry = serve(redirect_to(location))
    with pytest.raises(AddressNotAllowed, match="only http and https"):
        fetch(entry.url(), policy=POLICY)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/", "data:text/plain,hi", "/relative"])
def test_non_http_url_is_refused(url):
    with pytest.raises(AddressNotAllowed, match="only http and https"):
        fetch(url, policy=POLICY)


def test_dns_answer_including_a_private_address_is_refused(serve):
    server = serve(reply(body=b"ok"))
    with pytest.raises(AddressNotAllowed, match=r"10\.0\.0\.7 \(private\)"):
        fetch(server.url(host="news.example"), policy=POLICY, resolver=lambda host: ["127.0.0.1", "10.0.0.7"])
    assert server.heads == []


# --- bombs, floods and lies -----------------------------------------------------------


def _zlib_bomb(wbits: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(MiB)
    return b"".join(packer.compress(block) for _ in range(64)) + packer.flush()  # 64 MiB decoded


BOMBS = {
    "gzip": _zlib_bomb(31),
    "deflate": _zlib_bomb(15),
    "raw deflate": _zlib_bomb(-15),
    "br": brotli.compress(bytes(64 * MiB), quality=5),
}
BOMBS["gzip, gzip"] = gzip.compress(BOMBS["gzip"])


@pytest.mark.parametrize("coding", list(BOMBS))
def test_compression_bomb_stops_at_the_cap_in_bounded_memory(serve, coding):
    header = "deflate" if coding == "raw deflate" else coding
    server = serve(reply(body=BOMBS[coding], headers={"Content-Encoding": header}))
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge, match=f"cap of {CAP} bytes"):
            fetch(server.url(), policy=POLICY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * CAP


def test_compressed_body_under_the_cap_decodes(serve):
    text = b"<p>news</p>" * 1000
    server = serve(reply(body=brotli.compress(gzip.compress(text)), headers={"Content-Encoding": "gzip, br"}))
    assert fetch(server.url(), policy=POLICY).body == text


def test_corrupt_compressed_body_is_a_fetch_error(serve):
    server = serve(reply(body=b"this is not gzip", headers={"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError, match="does not decode"):
        fetch(server.url(), policy=POLICY)


def _flood(conn, first: bytes, chunk: bytes, stop: threading.Event, limit: int | None = None):
    conn.sendall(first)
    sent = 0
    while not stop.is_set() and (limit is None or sent < limit):
        conn.sendall(chunk)
        sent += len(chunk)


def test_endless_chunked_body_stops_at_the_cap(serve):
    block = b"x" * 65536
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    server = serve(lambda conn, _: _flood(conn, head, b"10000\r\n" + block + b"\r\n", server.stopped))
    started = time.monotonic()
    with pytest.raises(BodyTooLarge):
        fetch(server.url(), policy=POLICY)
    assert time.monotonic() - started < 3


def test_endless_body_without_length_stops_at_the_cap(serve):
    head = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
    server = serve(lambda conn, _: _flood(conn, head, b"x" * 65536, server.stopped))
    with pytest.raises(BodyTooLarge):
        fetch(server.url(), policy=POLICY)


def test_fifty_megabytes_behind_a_small_content_length_reads_only_what_was_declared(serve):
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 1024\r\n\r\n"
    server = serve(lambda conn, _: _flood(conn, head, b"x" * 65536, server.stopped, limit=50 * MiB))
    started = time.monotonic()
    answer = fetch(server.url(), policy=POLICY)
    assert answer.body == b"x" * 1024
    assert time.monotonic() - started < 3


def test_announced_fifty_megabytes_is_refused_before_reading(serve):
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {50 * MiB}\r\n\r\n".encode()
    server = serve(lambda conn, _: _flood(conn, head, b"x" * 65536, server.stopped, limit=50 * MiB))
    with pytest.raises(BodyTooLarge):
        fetch(server.url(), policy=POLICY)


def test_body_shorter_than_its_content_length_is_a_fetch_error(serve):
    server = serve(lambda conn, _: conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nonly this"))
    with pytest.raises(FetchError, match="RemoteProtocolError"):
        fetch(server.url(), policy=POLICY)


# --- time ---------------------------------------------------------------------------


def _drip(conn, data: bytes, stop: threading.Event):
    for byte in data:
        if stop.wait(1.0):
            return
        conn.sendall(bytes([byte]))


DRIPS = {
    "body": (b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", b"x" * 1000),
    "headers": (b"", b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 1000 + b"\r\n\r\n"),
    "silence": (b"", b""),
}


@pytest.mark.parametrize("where", list(DRIPS))
def test_one_byte_a_second_ends_at_the_deadline(serve, where):
    head, dripped = DRIPS[where]

    def answer(conn, _):
        conn.sendall(head)
        _drip(conn, dripped, server.stopped)
        server.stopped.wait(10)  # "silence": hold the connection open, say nothing

    server = serve(answer)
    policy = FetchPolicy(allow=POLICY.allow, deadline=2.0, read_timeout=20.0)
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        fetch(server.url(), policy=policy)
    assert 2.0 <= time.monotonic() - started < 3.0


def test_redirect_loop_is_too_many_redirects(serve):
    server = serve(lambda conn, head: redirect_to("/b" if b"GET /a " in head else "/a")(conn, head))
    with pytest.raises(TooManyRedirects, match="more than 5 redirects"):
        fetch(server.url("/a"), policy=POLICY)
    assert len(server.heads) == 6  # the first request and five redirects followed


# --- status ---------------------------------------------------------------------------


def test_too_many_requests_carries_retry_after_in_seconds(serve):
    server = serve(reply("429 Too Many Requests", headers={"Retry-After": "120"}))
    with pytest.raises(HTTPStatusError) as caught:
        fetch(server.url(), policy=POLICY)
    assert (caught.value.status, caught.value.retry_after) == (429, 120.0)
    assert caught.value.url == server.url()


def test_too_many_requests_carries_retry_after_from_an_http_date(serve):
    later = email.utils.formatdate(time.time() + 90, usegmt=True)
    server = serve(reply("429 Too Many Requests", headers={"Retry-After": later}))
    with pytest.raises(HTTPStatusError) as caught:
        fetch(server.url(), policy=POLICY)
    assert 85 <= caught.value.retry_after <= 91


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("0", 0.0), ("3600", 3600.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("soon", None), ("", None), (None, None)],
)
def test_retry_after_values(value, seconds):
    assert retry_after_seconds(value) == seconds


def test_server_error_without_retry_after(serve):
    server = serve(reply("503 Service Unavailable"))
    with pytest.raises(HTTPStatusError) as caught:
        fetch(server.url(), policy=POLICY)
    assert (caught.value.status, caught.value.retry_after) == (503, None)


def test_caller_may_take_a_client_error_as_an_answer(serve):
    server = serve(reply("404 Not Found", body=b"no robots here"))
    answer = fetch(server.url("/robots.txt"), policy=POLICY, raise_for_status=False)
    assert (answer.status, answer.body) == (404, b"no robots here")


# --- TLS ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not available to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", folder / "key.pem", "-out", folder / "cert.pem", "-days", "2", "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example"],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return folder / "cert.pem", context


def test_untrusted_certificate_is_refused(serve, certificate):
    _, context = certificate
    server = serve(reply(body=b"ok"), tls=context)
    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        fetch(server.url(host="news.example"), policy=POLICY, resolver=lambda host: ["127.0.0.1"])


def test_tls_checks_the_url_host_while_connecting_to_the_checked_address(serve, certificate, monkeypatch):
    cert, context = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate, still verified
    server = serve(reply(body=b"secure"), tls=context)
    to_loopback = lambda host: ["127.0.0.1"]  # noqa: E731
    assert fetch(server.url(host="news.example"), policy=POLICY, resolver=to_loopback).body == b"secure"
    with pytest.raises(FetchError, match="Hostname mismatch|doesn't match"):
        fetch(server.url(host="other.example"), policy=POLICY, resolver=to_loopback)


# --- an injected transport --------------------------------------------------------------


def test_mock_transport_redirects_are_followed_by_the_guard():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "a.example":
            return httpx.Response(301, headers={"Location": "https://b.example/feed"})
        assert "authorization" not in request.headers  # credentials stay with their origin
        return httpx.Response(200, content=b"feed")

    answer = fetch("https://a.example/", transport=httpx.MockTransport(handler), headers={"Authorization": "x"})
    assert (answer.url, answer.body) == ("https://b.example/feed", b"feed")


def test_mock_transport_redirect_to_a_file_url_is_refused():
    transport = httpx.MockTransport(lambda request: httpx.Response(302, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(AddressNotAllowed):
        fetch("https://a.example/", transport=transport)
