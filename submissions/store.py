"""A content-addressed file store: every file is kept once, under the SHA-256 of its bytes.

Writes stream to a temporary file in the store and are renamed into place, so a reader never sees half a
file and a crash leaves no partial object; reads verify the hash, so a file damaged on disk is detected
rather than served.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Protocol

CHUNK = 1024 * 1024


class Readable(Protocol):
    """What ``put`` reads from: a binary file, or any object whose ``read(n)`` gives bytes (b"" at the end)."""

    def read(self, size: int = ..., /) -> bytes: ...


_HASH = re.compile(r"^[0-9a-f]{64}$")


class StoreError(Exception):
    """A stored object is missing or does not match its hash."""


class TooLarge(Exception):
    """The stream was longer than the limit given to ``put``; nothing was stored."""


class ContentStore:
    """Files under ``root``, addressed by their SHA-256 (hex)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path(self, digest: str) -> Path:
        """Where the object ``digest`` lives (whether or not it exists)."""
        if not _HASH.match(digest):
            raise StoreError(f"not a SHA-256 digest: {digest!r}")
        return self.root / digest[:2] / digest[2:]

    def __contains__(self, digest: str) -> bool:
        return self.path(digest).is_file()

    @property
    def staging(self) -> Path:
        """The folder (made if missing) where files are written before they are stored: uploads being received,
        objects being written. What a killed process leaves there is removed by ``sweep_staging``."""
        folder = self.root / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def sweep_staging(self, older_than_seconds: float, now: float | None = None) -> list[Path]:
        """Delete the files of the staging folder last written more than ``older_than_seconds`` ago (left by a
        process killed mid-upload: a live one writes as it receives); returns them. Nothing else is touched."""
        limit = (time.time() if now is None else now) - older_than_seconds
        removed = []
        for path in self.staging.iterdir():
            try:
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime < limit:
                    path.unlink()
                    removed.append(path)
            except FileNotFoundError:  # finished (or swept) meanwhile
                continue
        return removed

    def put(self, stream: Readable, max_bytes: int | None = None) -> tuple[str, int]:
        """Store everything ``stream`` yields; returns (digest, size). Raises ``TooLarge`` (storing nothing)
        once more than ``max_bytes`` arrive."""
        staging = self.staging
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=staging)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise TooLarge(f"more than {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            hexdigest = digest.hexdigest()
            target = self.path(hexdigest)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp_name, 0o444)
            os.replace(tmp_name, target)
            return hexdigest, size
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)

    def put_bytes(self, data: bytes) -> str:
        import io

        return self.put(io.BytesIO(data))[0]

    def put_file(self, path: str | os.PathLike[str]) -> str:
        with open(path, "rb") as f:
            return self.put(f)[0]

    def verify(self, digest: str) -> Path:
        """The object's path after checking its bytes still hash to ``digest``; ``StoreError`` otherwise."""
        path = self.path(digest)
        if not path.is_file():
            raise StoreError(f"object {digest} is missing")
        actual = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK):
                actual.update(chunk)
        if actual.hexdigest() != digest:
            raise StoreError(f"object {digest} is damaged (its content hashes to {actual.hexdigest()})")
        return path

    def read_bytes(self, digest: str) -> bytes:
        """The whole object, verified."""
        return self.verify(digest).read_bytes()
