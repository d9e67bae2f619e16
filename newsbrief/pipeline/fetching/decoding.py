"""Content-Encoding undone under a cap: gzip, deflate and brotli layers that stop a decompression bomb early."""

from __future__ import annotations

import zlib

import brotli

from newsbrief.pipeline.errors import FetchError, TooManyEncodings

# urllib3 and curl undo at most five codings too. Each layer is a decoder with its own window
# and state (some 48 KB for gzip, up to 16 MiB for brotli) that no count of decoded bytes sees.
MAX_CODINGS = 5


class DataAfterEnd(ValueError):
    """Bytes after the end of a compressed stream: a second gzip member, or junk."""


# What a layer raises on a body that is not what its Content-Encoding says.
DECODE_ERRORS = (zlib.error, brotli.error, DataAfterEnd)


class OverCap(Exception):
    """The decoded body (or one decoding layer of it) passed the cap."""


class _Layer:
    """One content coding, undone with a bound on the output of every call."""

    def __init__(self, cap: int):
        self._cap, self._produced = cap, 0

    def _room(self) -> int:
        # One byte past the cap proves the body too large without holding more than the cap.
        return self._cap - self._produced + 1

    def _count(self, out: bytes) -> bytes:
        self._produced += len(out)
        if self._produced > self._cap:
            raise OverCap
        return out


class _ZlibLayer(_Layer):
    """gzip or deflate."""

    def __init__(self, coding: str, cap: int):
        super().__init__(cap)
        # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
        self._raw_fallback = coding == "deflate"
        self._inflate = zlib.decompressobj(zlib.MAX_WBITS | (0 if coding == "deflate" else 16))

    def decode(self, data: bytes) -> bytes:
        try:
            out = self._inflate.decompress(data, self._room())
        except zlib.error:
            if not (self._raw_fallback and self._produced == 0):
                raise
            self._raw_fallback = False
            self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._inflate.decompress(data, self._room())
        if self._inflate.unused_data:
            # zlib would keep every byte after the end in memory, counted by no cap.
            raise DataAfterEnd("data after the end of the stream")
        return self._count(out)

    def finish(self) -> bytes:
        return self._count(self._inflate.flush(self._room()))


class _BrotliLayer(_Layer):
    """Brotli (output_buffer_limit needs brotli >= 1.2)."""

    def __init__(self, cap: int):
        super().__init__(cap)
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes) -> bytes:
        # Data after the end of the stream is a brotli.error. The output buffer grows in
        # blocks of about 32 KiB, so a call may pass room by one block: still bounded.
        # Output held back is drained with empty input.
        parts = [self._count(self._decompressor.process(data, output_buffer_limit=self._room()))]
        while not self._decompressor.can_accept_more_data():
            parts.append(self._count(self._decompressor.process(b"", output_buffer_limit=self._room())))
        return b"".join(parts)

    def finish(self) -> bytes:
        return b""


def decoders(content_encoding: str, cap: int, what: str) -> list:
    """The layers that undo a Content-Encoding header, innermost last; TooManyEncodings past MAX_CODINGS."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    if len(codings) > MAX_CODINGS:
        raise TooManyEncodings(f"{what}: {len(codings)} content codings stacked; at most {MAX_CODINGS} are undone")
    layers = []
    for coding in reversed(codings):
        if coding in ("gzip", "x-gzip", "deflate"):
            layers.append(_ZlibLayer("gzip" if coding == "x-gzip" else coding, cap))
        elif coding == "br":
            layers.append(_BrotliLayer(cap))
        elif coding != "identity":
            raise FetchError(f"{what}: unsupported Content-Encoding {coding!r}")
    return layers
