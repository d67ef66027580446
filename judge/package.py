"""Loading a problem package (a folder or a .zip) in the Kattis or the Themis layout.

Zips are checked before anything is written (paths, links, encryption, entry count, size) and unpacked once
into a cache folder named by their SHA-256, so that every worker on a host shares one copy. Loaded problems
are kept in a small in-memory LRU keyed by content hash: loading the same package twice is cheap, and a
changed package is never confused with the old one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import threading
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from . import kattis, themis
from .errors import ProblemError
from .expected import scan_submissions
from .faults import FaultCode as F
from .faults import fault
from .files import entries
from .problem import Problem

MAX_ZIP_ENTRIES = 20_000
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
CACHE_SIZE = 16


@dataclass(frozen=True)
class LoadOptions:
    """Settings an organiser gives with a package.

    Limits given here win over the package's own. ``total_points`` is the maximum score of a package that
    does not define its own scoring (Themis tasks; Kattis pass-fail problems). ``checker_flags`` are the
    built-in comparison's flags for Themis tasks (Kattis packages carry their own).
    """

    time_limit_s: float | None = None
    memory_limit_mib: int | None = None
    total_points: float = 100.0
    checker_flags: tuple[str, ...] = ()


_cache: OrderedDict[tuple[str, str, LoadOptions], Problem] = OrderedDict()
_cache_lock = threading.Lock()


def load_problem(path: str | os.PathLike[str], options: LoadOptions | None = None) -> Problem:
    """The problem in the package at ``path`` (a folder or a .zip); raises ``ProblemError`` if malformed."""
    path = Path(path)
    options = options or LoadOptions()
    if not path.exists():
        raise ProblemError(fault(F.NO_SUCH_PATH, path))
    digest = content_hash(path)
    # the key names the folder the tests are read from, so a hit never points at files that are gone
    root = path.resolve() if path.is_dir() else cache_folder() / digest
    key = (str(root), digest, options)
    with _cache_lock:
        if key in _cache and root.is_dir():
            _cache.move_to_end(key)
            return _cache[key]
    if not path.is_dir():
        _unpack(path, root)
    problem = _load_folder(root, path.stem if path.is_file() else path.name, options)
    with _cache_lock:
        _cache[key] = problem
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return problem


def content_hash(path: Path) -> str:
    """SHA-256 of a file, or of a folder's entries (names, kinds and contents) in a stable order."""
    digest = hashlib.sha256()
    if path.is_file():
        _hash_file(digest, path)
        return digest.hexdigest()
    for name, entry in sorted((p.relative_to(path).as_posix(), p) for p in path.rglob("*")):
        if entry.is_file():
            digest.update(f"{name}\0{entry.stat().st_size}\0".encode())
            _hash_file(digest, entry)
        else:
            digest.update(f"{name}/\0".encode())
    return digest.hexdigest()


def _hash_file(digest: hashlib._Hash, path: Path) -> None:
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)


def _load_folder(root: Path, name: str, options: LoadOptions) -> Problem:
    while not (kattis.detect(root) or themis.detect(root)):
        inside = entries(root)
        if len(inside) != 1 or not inside[0].is_dir():
            raise ProblemError(fault(F.NOT_A_PACKAGE, root))
        root = inside[0]
        name = root.name
    if kattis.detect(root):
        return kattis.load(root, name, options.time_limit_s, options.memory_limit_mib, options.total_points)
    problem = themis.load(
        root, options.time_limit_s, options.memory_limit_mib, options.total_points, options.checker_flags
    )
    if not problem.skipped:  # the Themis reader keeps what it can judge; say what it left out
        problem = replace(problem, skipped=scan_submissions(root / "submissions", root)[1])
    return problem


def cache_folder() -> Path:
    """Where unpacked zips live: ``$HOITHI_JUDGE_CACHE``, else ``<tmp>/hoithi-judge``."""
    return Path(os.environ.get("HOITHI_JUDGE_CACHE") or Path(tempfile.gettempdir()) / "hoithi-judge")


def _unpack(path: Path, target: Path) -> None:
    if target.is_dir():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name[:12]}-", dir=target.parent))
    try:
        _extract(path, staging)
        try:
            staging.rename(target)
        except OSError:
            if not target.is_dir():  # lost a race with another worker unpacking the same zip: fine
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _extract(path: Path, into: Path) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ProblemError(fault(F.ZIP_UNREADABLE, path, detail=exc)) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_ENTRIES:
            raise ProblemError(fault(F.ZIP_TOO_MANY_ENTRIES, path, count=len(members), limit=MAX_ZIP_ENTRIES))
        for info in members:
            _check_member(path, info)
        if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
            raise ProblemError(fault(F.ZIP_TOO_LARGE, path, mib=MAX_UNPACKED_BYTES >> 20))
        written = 0
        for info in members:
            destination = into.joinpath(*PurePosixPath(info.filename).parts)
            try:
                if info.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, destination.open("wb") as out:
                    for block in iter(lambda: source.read(1 << 20), b""):
                        written += len(block)  # the sizes in the header may lie
                        if written > MAX_UNPACKED_BYTES:
                            raise ProblemError(fault(F.ZIP_TOO_LARGE, path, mib=MAX_UNPACKED_BYTES >> 20))
                        out.write(block)
            except OSError as exc:  # e.g. both a file "X" and entries under "X/"
                detail = exc.strerror or exc
                raise ProblemError(
                    fault(F.ZIP_MEMBER_UNPACKABLE, path, name=repr(info.filename), detail=detail)
                ) from None
            except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
                raise ProblemError(fault(F.ZIP_MEMBER_DAMAGED, path, name=repr(info.filename), detail=exc)) from None


def _check_member(path: Path, info: zipfile.ZipInfo) -> None:
    name = info.filename
    parts = PurePosixPath(name).parts
    if name.startswith(("/", "\\")) or "\\" in name or (parts and ":" in parts[0]) or ".." in parts:
        raise ProblemError(fault(F.ZIP_UNSAFE_PATH, path, name=repr(name)))
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ProblemError(fault(F.ZIP_SYMLINK, path, name=repr(name)))
    if info.flag_bits & 0x1:
        raise ProblemError(fault(F.ZIP_ENCRYPTED, path, name=repr(name)))
