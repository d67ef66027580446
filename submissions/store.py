"""A content-addressed file store: every file is kept once, under the SHA-256 of its bytes.

``ContentStore`` is the interface, with two implementations: ``LocalStore`` (a folder, the default on one machine)
and ``submissions.s3_store.S3Store`` (a bucket of S3-compatible object storage, for many hosts);
``submissions.store_choice.open_store`` picks one from a setting. Whichever it is, a reader never sees half a file
(a local write goes to a temporary file that is renamed into place; a remote one becomes visible only whole), a
crash leaves no partial object, and reads verify the hash, so a damaged file is detected rather than served.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 1024 * 1024


class Readable(Protocol):
    """What ``put`` reads from: a binary file, or any object whose ``read(n)`` gives bytes (b"" at the end)."""

    def read(self, size: int = ..., /) -> bytes: ...


_HASH = re.compile(r"^[0-9a-f]{64}$")


class StoreError(Exception):
    """A stored object is missing or does not match its hash, or the store cannot be used (see the subclasses)."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (a network fault, a server down) even after retries."""


class StoreDenied(StoreError):
    """The store refuses what was asked (no permission on the bucket, a bucket that does not exist, bad keys)."""


class StoreFull(StoreError):
    """The disk that holds the store, or this host's staging folder, has no room left (or its quota is spent): what
    was being written is not stored, and trying again helps only once an operator makes room."""


_NO_ROOM = {errno.ENOSPC, errno.EDQUOT}


@contextmanager
def room_needed(where: object) -> Iterator[None]:
    """Inside, a write that finds its disk full (``ENOSPC``, ``EDQUOT``) raises ``StoreFull`` naming ``where``; any
    other ``OSError`` goes on as it is. The caller still deletes what it had begun to write."""
    try:
        yield
    except OSError as error:
        if error.errno in _NO_ROOM:
            raise StoreFull(f"{where}: {error.strerror}") from error
        raise


class TooLarge(Exception):
    """The stream was longer than the limit given to ``put``; nothing was stored."""


def check_digest(digest: str) -> str:
    """``digest`` itself when it is a SHA-256 in lowercase hex; ``StoreError`` otherwise (never a path)."""
    if not _HASH.match(digest):
        raise StoreError(f"not a SHA-256 digest: {digest!r}")
    return digest


def hash_file(path: Path) -> str:
    """The SHA-256 (hex) of the file at ``path``, read in chunks."""
    actual = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            actual.update(chunk)
    return actual.hexdigest()


class ContentStore(ABC):
    """Files addressed by their SHA-256 (hex), with a local folder of this host's own (``local_root``) for files
    on their way in (``staging``) and, for a remote store, the bounded cache of objects read here."""

    local_root: Path

    @abstractmethod
    def put(self, stream: Readable, max_bytes: int | None = None) -> tuple[str, int]:
        """Store everything ``stream`` yields, reading it in chunks (never whole); returns (digest, size). Raises
        ``TooLarge`` (storing nothing) once more than ``max_bytes`` arrive."""

    @abstractmethod
    def __contains__(self, digest: str) -> bool: ...

    @abstractmethod
    def path(self, digest: str) -> Path:
        """A local file holding the object: the object itself in a local store, this host's cached copy in a remote
        one (fetched, and checked against its hash, on the way). The path may not exist: the store has no such
        object."""

    @abstractmethod
    def verify(self, digest: str) -> Path:
        """A local file holding the object after checking its bytes hash to ``digest``; ``StoreError`` when the
        object is missing or damaged."""

    @contextmanager
    def open_object(self, digest: str, size: int) -> Iterator[BinaryIO]:
        """A seekable binary file of the object, for a reader that needs a few parts of it (a zip's directory and
        one entry) and checks what it reads itself (a zip's CRCs): the object must be whole (``size`` bytes; in a
        bucket, recorded at upload to hash to ``digest``), but only what is read is read, not hashed as a whole.
        ``StoreError`` when the object is missing or not of that size. This default reads and hashes it all."""
        with open(self.verify(digest), "rb") as f:
            yield f

    @abstractmethod
    def holds(self, digest: str, size: int) -> bool:
        """Whether the store has the object whole: ``size`` bytes, recorded (or found) to hash to ``digest``. Cheap
        for a bucket (one HEAD request), a full read for a folder."""

    @abstractmethod
    def delete(self, digest: str) -> None:
        """Remove the object (for probes and tests: objects are otherwise kept forever); no error if absent."""

    @abstractmethod
    def describe(self) -> str:
        """Where the objects are, for messages: a folder or a bucket URL."""

    def signed_url(self, digest: str, download_name: str, media_type: str, *, inline: bool) -> str | None:
        """A short-lived URL from which a browser may download the object itself, under ``download_name``, or
        ``None`` when this store has none (the web then sends the file itself). The store is asked first, so that
        an object that is missing (``StoreError``) or that these keys may not read (``StoreDenied``) is said here,
        not by the bucket to the browser."""
        return None

    @property
    def staging(self) -> Path:
        """The folder (made if missing) where files are written before they are stored: uploads being received,
        objects being written. What a killed process leaves there is removed by ``sweep_staging``."""
        folder = self.local_root / "tmp"
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

    def sweep_uploads(self, older_than_seconds: float, now: float | None = None) -> list[str]:
        """Remove what killed processes left in the store itself, older than ``older_than_seconds`` (a remote
        store's unfinished uploads and temporary objects); returns their names. A folder has none: its
        unfinished writes are in ``staging``."""
        return []

    def put_bytes(self, data: bytes) -> str:
        return self.put(io.BytesIO(data))[0]

    def put_file(self, path: str | os.PathLike[str]) -> str:
        with open(path, "rb") as f:
            return self.put(f)[0]

    def read_bytes(self, digest: str) -> bytes:
        """The whole object, verified."""
        return self.verify(digest).read_bytes()


class LocalStore(ContentStore):
    """Files under ``root``: the object ``ab12…`` is ``root/ab/12…``, read-only."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.local_root = self.root

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalStore) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    def describe(self) -> str:
        return str(self.root)

    def path(self, digest: str) -> Path:
        check_digest(digest)
        return self.root / digest[:2] / digest[2:]

    def __contains__(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def digests(self) -> Iterator[str]:
        """The digests of every object in the folder (what ``hoithi storage migrate`` copies)."""
        for folder in sorted(self.root.glob("[0-9a-f][0-9a-f]")):
            for path in sorted(folder.iterdir()):
                digest = folder.name + path.name
                if path.is_file() and _HASH.match(digest):
                    yield digest

    def put(self, stream: Readable, max_bytes: int | None = None) -> tuple[str, int]:
        with room_needed(self.root):
            fd, tmp_name = tempfile.mkstemp(dir=self.staging)
        try:
            with room_needed(self.root):
                with os.fdopen(fd, "wb") as out:
                    digest, size = copy_hashing(stream, out, max_bytes)
                    out.flush()
                    os.fsync(out.fileno())
                self.adopt(Path(tmp_name), digest)
            return digest, size
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)

    def adopt(self, tmp: Path, digest: str) -> Path:
        """Rename the complete file ``tmp`` (of this host's file system, its content hashing to ``digest``) into
        place as the object ``digest``; returns the object's path."""
        target = self.path(digest)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)
        return target

    def verify(self, digest: str) -> Path:
        path = self.path(digest)
        if not path.is_file():
            raise StoreError(f"object {digest} is missing")
        actual = hash_file(path)
        if actual != digest:
            raise StoreError(f"object {digest} is damaged (its content hashes to {actual})")
        return path

    @contextmanager
    def open_object(self, digest: str, size: int) -> Iterator[BinaryIO]:
        """The object's own file: a file enters the folder whole by rename, and a shorter one (cut by a copy between
        disks) is refused by its size."""
        path = self.path(digest)
        if not path.is_file():
            raise StoreError(f"object {digest} is missing")
        with open(path, "rb") as f:
            if (found := os.fstat(f.fileno()).st_size) != size:
                raise StoreError(f"object {digest} is damaged (it holds {found} bytes, not {size})")
            yield f

    def holds(self, digest: str, size: int) -> bool:
        path = self.path(digest)
        return path.is_file() and path.stat().st_size == size and hash_file(path) == digest

    def delete(self, digest: str) -> None:
        self.path(digest).unlink(missing_ok=True)


def copy_hashing(stream: Readable, out: io.BufferedIOBase | io.RawIOBase, max_bytes: int | None) -> tuple[str, int]:
    """Copy ``stream`` to ``out`` in chunks; returns (SHA-256 hex, size). ``TooLarge`` past ``max_bytes``."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise TooLarge(f"more than {max_bytes} bytes")
        digest.update(chunk)
        out.write(chunk)
    return digest.hexdigest(), size
