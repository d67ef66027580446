"""Compilations kept on this host's disk, bounded in size and shared by every worker of the host.

An entry is one file named by its key (the SHA-256 of its identity: what decides a compiler's outcome, see
``judge.program_cache``). It holds a manifest (the identity, whether the source compiled, the compiler's messages,
each artefact's name, size and SHA-256), the manifest's own SHA-256, and the artefacts' bytes. It is written to a
temporary file and renamed into place, so a reader sees a whole entry or none. An entry is used only when its
manifest hashes to the SHA-256 it was stored with, names the identity asked for, and every artefact hashes to its
manifest's SHA-256; any other entry is removed (the caller compiles again).

The folder holds at most ``max_bytes``: after each write, under an exclusive lock on the folder's lock file (so
that concurrent workers never evict at once), the least recently used entries go (a hit refreshes its entry's
modification time) until the folder is at nine tenths of its bound. Readers take no lock: an entry removed while
it is read is still read whole (its open file outlives it on Linux).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 1
LOCK_NAME = ".lock"
STALE_TEMPORARY_S = 3600
"""A temporary file older than this was left by a writer that died: eviction removes it."""


@dataclass(frozen=True)
class Compiled:
    """What compiling a source gave: whether it compiled, the compiler's messages and, when it did, the program's
    files and the names its commands use. ``status`` and ``exit_code`` are how the compiler's run ended."""

    ok: bool
    output: str
    status: str
    exit_code: int | None
    files: Mapping[str, bytes] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)


class CompileCache:
    """Entries under ``folder`` (made on first write), at most ``max_bytes`` of them."""

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes

    @staticmethod
    def key(identity: Sequence[Any]) -> str:
        """The name of the entry for ``identity`` (a JSON-serialisable list)."""
        return hashlib.sha256(json.dumps(list(identity)).encode()).hexdigest()

    def get(self, identity: Sequence[Any]) -> Compiled | None:
        """The compilation kept for ``identity``; None when there is none, or it is damaged or another's (then it
        is removed)."""
        path = self.folder / self.key(identity)
        try:
            with path.open("rb") as stream:
                compiled = _read(stream, json.loads(json.dumps(list(identity))))  # tuples as JSON gives them back
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("compiled entry %s is damaged or not this compilation's (%s); compiling again", path, exc)
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to be evicted
        return compiled

    def put(self, identity: Sequence[Any], compiled: Compiled) -> None:
        """Keep ``compiled`` for ``identity``, then hold the folder to its bound. A failure to write is logged and
        only costs a compilation next time."""
        body = _encode(list(identity), compiled)
        if len(body) > self.max_bytes:
            log.info("a compilation of %d bytes is larger than the cache's bound: not kept", len(body))
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
            try:
                os.fchmod(fd, 0o644)  # every worker of the host reads it
                with os.fdopen(fd, "wb") as out:
                    out.write(body)
                os.replace(temporary, self.folder / self.key(identity))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
            self.evict()
        except OSError:
            log.exception("cannot keep a compilation in %s", self.folder)

    def evict(self) -> None:
        """Remove the least recently used entries until the folder holds at most nine tenths of ``max_bytes``
        (nothing when it holds at most ``max_bytes``), and temporary files that writers left behind."""
        with self._locked():
            now = time.time()
            kept: list[tuple[int, int, str]] = []
            for entry in os.scandir(self.folder):
                with contextlib.suppress(FileNotFoundError):
                    info = entry.stat(follow_symlinks=False)
                    if entry.name.startswith(".tmp-") and now - info.st_mtime > STALE_TEMPORARY_S:
                        os.unlink(entry.path)
                    elif not entry.name.startswith(".") and stat.S_ISREG(info.st_mode):
                        kept.append((info.st_mtime_ns, info.st_size, entry.name))
            total = sum(size for _, size, _ in kept)
            if total <= self.max_bytes:
                return
            for _, size, name in sorted(kept):
                if total <= self.max_bytes * 9 // 10:
                    break
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.folder / name)
                total -= size

    def size(self) -> int:
        """The bytes the entries take."""
        if not self.folder.is_dir():
            return 0
        return sum(e.stat().st_size for e in os.scandir(self.folder) if not e.name.startswith(".") and e.is_file())

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock


def _encode(identity: list[Any], compiled: Compiled) -> bytes:
    """An entry: the manifest's SHA-256 on the first line, the manifest (JSON) on the second, then the artefacts."""
    names = sorted(compiled.files)
    manifest = json.dumps(
        {
            "format": FORMAT,
            "identity": identity,
            "ok": compiled.ok,
            "output": compiled.output,
            "status": compiled.status,
            "exit_code": compiled.exit_code,
            "names": dict(compiled.names),
            "files": [[name, len(compiled.files[name]), _sha256(compiled.files[name])] for name in names],
        },
        ensure_ascii=True,
    ).encode()
    return b"".join([_sha256(manifest).encode(), b"\n", manifest, b"\n", *(compiled.files[name] for name in names)])


def _read(stream: Any, identity: list[Any]) -> Compiled:
    """The entry in ``stream``; ``ValueError`` (or ``KeyError``, ``TypeError``) when it is damaged or another's."""
    checksum = stream.readline().rstrip(b"\n").decode("ascii")
    manifest_bytes = stream.readline().rstrip(b"\n")
    if _sha256(manifest_bytes) != checksum:
        raise ValueError("the manifest does not match its checksum")
    manifest = json.loads(manifest_bytes)
    if manifest["format"] != FORMAT or manifest["identity"] != identity:
        raise ValueError("the entry is another compilation's")
    files = {}
    for name, size, digest in manifest["files"]:
        data = stream.read(size)
        if len(data) != size or _sha256(data) != digest:
            raise ValueError(f"the artefact {name} does not match its checksum")
        files[name] = data
    if stream.read(1):
        raise ValueError("bytes after the last artefact")
    return Compiled(
        bool(manifest["ok"]),
        str(manifest["output"]),
        str(manifest["status"]),
        manifest["exit_code"],
        files,
        {str(k): str(v) for k, v in manifest["names"].items()},
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
