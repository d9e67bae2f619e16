"""Content-Encoding from a hostile server on loopback: few layers, no bytes after a stream's end, a cap on the wire."""

from __future__ import annotations

import gzip
import time
import zlib

import brotli
import pytest

from newsbrief.pipeline.errors import BodyTooLarge, FetchError, TooManyEncodings
from newsbrief.pipeline.fetching.fetch import fetch
from tests.pipeline.test_fetch_hostile import CAP, POLICY, MiB, _flood, reply, serve  # noqa: F401 (serve: fixture)

TEXT = b"<p>news</p>" * 100
ENCODE = {
    "gzip": lambda data: gzip.compress(data, mtime=0),
    "deflate": zlib.compress,
    "br": brotli.compress,
}
# A deflate block that holds nothing: after a sync flush, a stream can repeat it for ever.
EMPTY_BLOCK = b"\x00\x00\x00\xff\xff"


def stacked(codings: list[str], text: bytes = TEXT) -> tuple[bytes, str]:
    """text encoded with codings in the order a server applies them, and its Content-Encoding header."""
    for coding in codings:
        text = ENCODE[coding](text)
    return text, ", ".join(codings)


def gzip_that_never_ends() -> bytes:
    """A gzip header and a first empty block, byte-aligned so that EMPTY_BLOCK can follow."""
    packer = zlib.compressobj(wbits=31)
    return packer.compress(b"") + packer.flush(zlib.Z_SYNC_FLUSH)


# --- stacked codings -----------------------------------------------------------------


def test_five_stacked_codings_decode(serve):
    body, header = stacked(["br", "gzip", "deflate", "gzip", "br"])
    server = serve(reply(body=body, headers={"Content-Encoding": header}))
    assert fetch(server.url(), policy=POLICY).body == TEXT


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_more_than_five_stacked_codings_are_refused_naming_the_url_and_the_count(serve, coding):
    # Every layer is a decoder holding its window: fifty of them decode a kilobyte, yet hold megabytes.
    body, header = stacked([coding] * 50)
    server = serve(reply(body=body, headers={"Content-Encoding": header}))
    with pytest.raises(TooManyEncodings) as refused:
        fetch(server.url("/feed"), policy=POLICY)
    assert str(refused.value) == f"{server.url('/feed')}: 50 content codings stacked; at most 5 are undone"


def test_six_codings_are_one_too_many(serve):
    body, header = stacked(["gzip"] * 6)
    server = serve(reply(body=body, headers={"Content-Encoding": header}))
    with pytest.raises(TooManyEncodings, match="6 content codings"):
        fetch(server.url(), policy=POLICY)


# --- the end of a stream ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("coding", "after"),
    [("gzip", b"junk" * 1000), ("gzip", gzip.compress(b"a second member")), ("deflate", b"junk"), ("br", b"junk")],
    ids=["gzip-junk", "gzip-second-member", "deflate-junk", "br-junk"],
)
def test_data_after_the_end_of_a_compressed_stream_is_refused(serve, coding, after):
    # Until refused, the decoder kept these bytes in memory, counted by no cap.
    server = serve(reply(body=ENCODE[coding](TEXT) + after, headers={"Content-Encoding": coding}))
    with pytest.raises(FetchError, match=f"does not decode as '{coding}'"):
        fetch(server.url(), policy=POLICY)


def test_endless_junk_after_a_gzip_stream_is_refused_at_once(serve):
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n" + gzip.compress(TEXT)
    server = serve(lambda conn, _: _flood(conn, head, b"junk" * 16384, server.stopped))
    started = time.monotonic()
    with pytest.raises(FetchError, match="after the end of the stream"):
        fetch(server.url(), policy=POLICY)
    assert time.monotonic() - started < 3  # not the deadline's 5 s


# --- bytes on the wire ------------------------------------------------------------------


def test_compressed_stream_that_never_ends_stops_at_the_cap_on_bytes_received(serve):
    # It decodes to nothing, so only a cap on the bytes received stops it before the deadline.
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n" + gzip_that_never_ends()
    server = serve(lambda conn, _: _flood(conn, head, EMPTY_BLOCK * 13107, server.stopped))
    started = time.monotonic()
    with pytest.raises(BodyTooLarge, match=f"cap of {CAP} bytes"):
        fetch(server.url(), policy=POLICY)
    assert time.monotonic() - started < 3


def test_compressed_body_announced_larger_than_the_cap_is_refused_before_reading(serve):
    head = f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {4 * MiB}\r\n\r\n".encode()
    first = head + gzip_that_never_ends()
    server = serve(lambda conn, _: _flood(conn, first, EMPTY_BLOCK * 13107, server.stopped, limit=4 * MiB))
    with pytest.raises(BodyTooLarge, match=f"cap of {CAP} bytes"):
        fetch(server.url(), policy=POLICY)
