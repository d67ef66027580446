"""An object in a bucket read as a file, one ranged request a read: a zip's directory, a manifest or a picture in
a package is read where it lies, without fetching the whole package."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import Any


class RangedObject(io.RawIOBase):
    """An object of ``size`` bytes as a seekable raw file whose every read is one call of ``read_range(start,
    length)`` for what is asked (an ``io.BufferedReader`` above it groups small reads into larger ranges)."""

    def __init__(self, read_range: Callable[[int, int], bytes], size: int) -> None:
        self.read_range = read_range
        self.size = size
        self.position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self.position, os.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self.position = base + offset
        return self.position

    def readall(self) -> bytes:
        """The rest of the object in one request (a zip's end is read so), not in ``io``'s 8 KiB steps."""
        if self.position >= self.size:
            return b""
        data = self.read_range(self.position, self.size - self.position)
        self.position = self.size
        return data

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        wanted = min(len(view), self.size - self.position)
        if wanted <= 0:
            return 0
        view[:wanted] = self.read_range(self.position, wanted)
        self.position += wanted
        return wanted
