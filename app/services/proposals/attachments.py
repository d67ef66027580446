"""Files attached to proposals and reports: checked by their content and size, then kept in the content store.

A file is streamed into the store, never held whole in memory; its type is read from its first bytes, never
from its name, and a file that is not of an accepted type or is too large leaves nothing behind.
"""

from __future__ import annotations

import io
from typing import IO

from flask_babel import lazy_gettext as _l

from submissions.media import HEAD, sniff
from submissions.store import ContentStore, TooLarge

from ..errors import InvalidInput

MAX_ATTACHMENT_MB = 10


class _Rejoined(io.RawIOBase):
    """``head`` (already read) followed by the rest of ``stream``, read as one stream."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            chunk = self._head if size < 0 else self._head[:size]
            self._head = self._head[len(chunk) :]
            return chunk
        return self._stream.read(size)


def store_checked(
    data: bytes | IO[bytes],
    store: ContentStore,
    kinds: frozenset[str],
    wrong_kind: object,
    field: str,
    max_mb: int = MAX_ATTACHMENT_MB,
) -> str:
    """The store's digest of ``data`` once its content is one of ``kinds`` (names of ``submissions.media.sniff``)
    and it is at most ``max_mb`` MB; else InvalidInput (``wrong_kind``, or the size) on ``field``, nothing stored."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    head = stream.read(HEAD)
    if not head:
        raise InvalidInput(_l("The attached file is empty."), field)
    if sniff(head) not in kinds:
        raise InvalidInput(wrong_kind, field)
    try:
        digest, _size = store.put(_Rejoined(head, stream), max_bytes=max_mb * 1024 * 1024)
    except TooLarge:
        raise InvalidInput(_l("The attached file is larger than %(mb)s MB.", mb=max_mb), field) from None
    return digest
