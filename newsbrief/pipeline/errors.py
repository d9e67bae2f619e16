"""The one exception tree of newsbrief; the CLI and the web translate it at their edges.

    NewsbriefError
    ├── InputError               bad input: names what was wrong and where
    │   ├── ConfigError          a NEWSBRIEF_* setting off its type or bounds (setting, value, expected)
    │   ├── TextFormatError      a reference-text file off its layout (file, line, expected)
    │   ├── FeedError            a feed that cannot be parsed
    │   ├── ExtractionError      a page with no article text in it
    │   ├── BlockedPageError     a block page, consent wall or captcha instead of an article
    │   └── CommentRejected      a reader's comment the discussion policy refuses (web: status below)
    │       ├── InvalidComment   a field missing or off its limits, or the form's checks failed  → 400
    │       ├── DuplicateComment the same text by the same email on the same article          → 409
    │       └── Flooded          a second comment from one network or email within seconds    → 429
    ├── FetchError               the network refused, or the answer broke a limit
    │   ├── AddressNotAllowed    a scheme or resolved address the guard refuses
    │   ├── TooManyRedirects
    │   ├── BodyTooLarge         the body, as sent or decoded, passed the cap
    │   ├── TooManyEncodings     more content codings stacked than the guard undoes
    │   ├── DeadlineExceeded     the whole request ran past its wall-clock deadline
    │   └── HTTPStatusError      the server answered with an error status
    ├── NotFoundError            no such article, source or story
    ├── BackupError              a backup or restore that could not be made (the database's tools failed)
    └── StorageFull              the database's disk is full: nothing half-written, run again once there is room
"""

from __future__ import annotations


class NewsbriefError(Exception):
    """Base of every error newsbrief raises on purpose."""


class InputError(NewsbriefError):
    """Input that newsbrief cannot use; the message names what and where."""


class ConfigError(InputError):
    """A NEWSBRIEF_* setting whose value does not fit its type or bounds; the message names all three."""


class TextFormatError(InputError):
    """A reference-text file that does not follow the layout."""

    def __init__(self, path: str, line: int, expected: str, found: str = ""):
        self.path, self.line, self.expected, self.found = path, line, expected, found
        detail = f"{path}:{line}: expected {expected}"
        if found:
            detail += f", found {found!r}"
        super().__init__(detail)


class FeedError(InputError):
    """A feed that cannot be parsed."""


class ExtractionError(InputError):
    """A page from which no article text could be extracted."""


class BlockedPageError(InputError):
    """A block page, consent wall or captcha served instead of the article; reason says which, in a few words."""

    def __init__(self, where: str, reason: str):
        self.reason = reason  # what a blocked article records: "Cloudflare bot challenge"
        super().__init__(f"{where}: blocked: {reason}")


class CommentRejected(InputError):
    """A comment the discussion policy refuses; the web answers with its HTTP status."""

    http_status = 400


class InvalidComment(CommentRejected):
    """A comment with fields missing or off their limits; errors maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items()))


class DuplicateComment(CommentRejected):
    """The same comment, by the same email, on the same article, sent again."""

    http_status = 409


class Flooded(CommentRejected):
    """A comment sent too soon after the last one from the same network or email."""

    http_status = 429

    def __init__(self, message: str, retry_after: int):
        self.retry_after = retry_after
        super().__init__(message)


class FetchError(NewsbriefError):
    """An outbound request that failed or broke one of the guard's limits."""


class AddressNotAllowed(FetchError):
    """A URL scheme or resolved address that the guard refuses."""


class TooManyRedirects(FetchError):
    """More redirects than the guard allows."""


class BodyTooLarge(FetchError):
    """A body larger than the cap, as sent or decoded."""


class TooManyEncodings(FetchError):
    """A Content-Encoding that stacks more codings than the guard undoes."""


class DeadlineExceeded(FetchError):
    """A request that ran past its total wall-clock deadline."""


class HTTPStatusError(FetchError):
    """A server that answered with an error status."""

    def __init__(self, url: str, status: int, retry_after: float | None = None):
        self.url, self.status, self.retry_after = url, status, retry_after
        super().__init__(f"{url}: HTTP {status}")


class NotFoundError(NewsbriefError):
    """No such article, source or story."""


class BackupError(NewsbriefError):
    """A backup or restore that the database or its client tools could not make; the message says why."""


class StorageFull(NewsbriefError):
    """The disk holding the database is full; the write was rolled back whole."""
