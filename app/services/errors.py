"""The errors services raise for a user's bad input."""

from __future__ import annotations


class InvalidInput(Exception):
    """The user asked for something that cannot be done; ``message`` is translated (a lazy string).

    Raised before anything is written, so the caller need only show the message.
    """

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotAllowed(Exception):
    """The acting user may not do this (the view answers 403)."""


class NotFound(Exception):
    """No such object, one of another contest than the one asked for, or one the acting user may not know exists
    (the view answers 404, as docs/authorisation.md says)."""


class TooSoon(InvalidInput):
    """The user must wait ``retry_after_s`` seconds before doing this again (a rate rule of the domain, e.g. one
    submission per problem every 10 seconds); the message says how long."""

    def __init__(self, message: object, retry_after_s: int, field: str | None = None) -> None:
        super().__init__(message, field)
        self.retry_after_s = max(1, retry_after_s)
