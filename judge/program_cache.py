"""Compiled programs reused instead of compiled again: a rejudge, the same source sent twice, a problem's checker
for every submission, a test run of a program already judged.

A compilation is kept (``judge.compile_cache``) under its identity: the language (its key and commands), the
sandbox backend, the toolchain that compiled it and the source's SHA-256. The toolchain is the runner image's id
for Docker; for bubblewrap, which runs the host's compilers, the installed versions of the language's Debian
packages and the compiler's binary (its resolved path, size and modification time). A new image or an upgraded
compiler therefore never meets an entry of the old one. Sources that do not compile are kept too (a rejudge of a
CE gives the same messages without compiling), unless the compiler hit a limit or was killed: that may be the
machine's state rather than the source's, so it is tried again. Entries live in ``<cache folder>/compiled``
(``judge.package.cache_folder()``), at most ``HOITHI_JUDGE_CACHE_MB`` MiB (default ``default_max_bytes``); a folder
that others than this user may write is not used.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import shutil
import stat
import threading
from pathlib import Path
from typing import Any

from sandbox.languages import Language
from sandbox.limits import COMPILE_LIMITS, Limits
from sandbox.result import RunResult, RunStatus
from sandbox.session import Backend, CompileResult, Program, SandboxError, Session

from .compile_cache import CompileCache, Compiled

log = logging.getLogger(__name__)

FORMAT = 2
DEFAULT_MAX_BYTES = 16 * 1024**3
"""The default bound on a disk: ~9,600 static C++ programs of 1.7 MiB, a contest of 1,000 contestants' sources for
a few problems, so that a rejudge of a problem compiles nothing again."""
DEFAULT_SHARE_OF_FILESYSTEM = 4
"""...and never more than a quarter of the filesystem that holds it (a tmpfs ``/tmp`` is memory)."""
DPKG_STATUS = Path("/var/lib/dpkg/status")
SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"
"""Where the bubblewrap sandbox finds its programs (its ``PATH``): the compiler is looked up there, as it runs."""

compilations = 0
"""How many sources this process has compiled (a cache hit compiles nothing)."""
hits = 0
"""How many compilations this process took from the cache."""
_counting = threading.Lock()


def prepare(
    session: Session, backend: Backend, language: Language, source: bytes, limits: Limits = COMPILE_LIMITS
) -> CompileResult:
    """Make ``source`` the program of ``session``, as ``session.compile`` would under ``limits``: installed from the
    cache when this host compiled it before (with the compiler's messages of then), else compiled (and kept). The
    limits are no part of a compilation's identity: one that met them is never kept, and any other ends alike
    under other limits."""
    global compilations, hits
    if language.compile is None:  # nothing to compile: the source is the program
        return session.compile(language, source, limits)
    cache = _cache()
    identity = _identity(backend, language, source) if cache is not None else None
    kept = cache.get(identity) if cache is not None and identity is not None else None
    if kept is not None:
        with _counting:
            hits += 1
        run = RunResult(RunStatus(kept.status), kept.exit_code, None, 0, 0, 0)
        if not kept.ok:
            return CompileResult(False, kept.output, run)
        program = Program(language, kept.files, kept.names)
        session.install(program)
        return CompileResult(True, kept.output, run, program)
    with _counting:
        compilations += 1
    compiled = session.compile(language, source, limits, give_program=True)
    if cache is not None and identity is not None and _worth_keeping(compiled):
        made = compiled.program
        files, names = (made.files, made.names) if made is not None else ({}, {})
        result = compiled.run
        cache.put(identity, Compiled(compiled.ok, compiled.output, result.status, result.exit_code, files, names))
    return compiled


def _worth_keeping(compiled: CompileResult) -> bool:
    """A program, or a compiler that exited by itself with errors: not one stopped by a limit or a signal."""
    if compiled.ok:
        return compiled.program is not None
    run = compiled.run
    return run.status is RunStatus.RE and run.signal is None and run.exit_code not in (None, 0)


def _cache() -> CompileCache | None:
    """This host's cache, or None when its folder is not safe to run programs from (others may write it)."""
    from .package import cache_folder  # here: loading packages imports the checkers, which import this module

    root = cache_folder()
    folder = root / "compiled"
    for path in (root, folder):
        if path.exists() and not _only_ours(path):
            _warn_untrusted(str(path))
            return None
    megabytes = os.environ.get("HOITHI_JUDGE_CACHE_MB")
    return CompileCache(folder, int(megabytes) * 1024 * 1024 if megabytes else default_max_bytes(folder))


def default_max_bytes(folder: Path) -> int:
    """The cache's bound when ``HOITHI_JUDGE_CACHE_MB`` sets none: ``DEFAULT_MAX_BYTES``, or a quarter of the size
    of the filesystem that holds ``folder`` (or would, for its nearest existing parent) when that is less."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        info = os.statvfs(existing)
    except OSError:
        return DEFAULT_MAX_BYTES
    return min(DEFAULT_MAX_BYTES, info.f_blocks * info.f_frsize // DEFAULT_SHARE_OF_FILESYSTEM)


def _only_ours(path: Path) -> bool:
    info = path.stat()
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@functools.lru_cache(maxsize=8)
def _warn_untrusted(path: str) -> None:
    log.warning("%s may be written by other users: compiled programs are not cached there", path)


def _identity(backend: Backend, language: Language, source: bytes) -> list[Any] | None:
    """What decides the outcome of compiling ``source``; None when the toolchain cannot be named (then nothing is
    cached)."""
    try:
        tools = toolchain(backend, language)
    except SandboxError as exc:
        log.warning("cannot name the %s toolchain (%s): compiling without the cache", backend.name, exc)
        return None
    return [
        FORMAT,
        language.key,
        language.compile,
        language.execute,
        language.program,
        backend.name,
        tools,
        hashlib.sha256(source).hexdigest(),
    ]


def toolchain(backend: Backend, language: Language) -> str:
    """What compiles ``language`` on ``backend``: the runner image's id for Docker; else the host's packages of the
    language and its compiler's binary."""
    if backend.image is not None:
        return _image_id(backend.image)
    versions = _host_versions(*_stamp(DPKG_STATUS), language.packages)
    packages = " ".join(f"{package}={versions.get(package, '?')}" for package in language.packages)
    return f"{packages} {_binary(compiler(language))}"


def compiler(language: Language) -> str:
    """The program that compiles ``language``: its compile command's, or the first of the script it runs in a shell
    (``sh -c 'javac ... && jar ...'``)."""
    assert language.compiler is not None
    return language.compiler


def _image_id(tag: str) -> str:
    """The id of the image ``tag`` names now (asked every time: an image rebuilt under the same tag is another)."""
    from sandbox import engine
    from sandbox.docker_api import docker_errors

    with docker_errors(f"looking up the image {tag}"):
        cli = getattr(_engines, "cli", None)
        if cli is None:
            cli = _engines.cli = engine.connect()
        image = cli.image(tag)
    if image is None:
        raise SandboxError(f"docker: the runner image {tag} is missing; build it with `hoithi sandbox build-image`")
    return str(image["Id"])


_engines = threading.local()
"""Each thread's client of the Docker engine (a client is not shared between threads)."""


def _binary(command: str) -> str:
    """The program ``command`` runs: its resolved path, size and modification time (a new build is another)."""
    found = shutil.which(command, path=SANDBOX_PATH)
    if found is None:
        return f"{command}=missing"
    real = os.path.realpath(found)
    info = os.stat(real)
    return f"{real}:{info.st_size}:{info.st_mtime_ns}"


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        info = path.stat()
    except OSError:
        return (str(path), 0, 0)
    return (str(path), info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=16)
def _host_versions(path: str, mtime_ns: int, size: int, packages: tuple[str, ...]) -> dict[str, str]:
    """The installed versions of the Debian ``packages``, from dpkg's status file at ``path`` as it was at
    ``mtime_ns`` and ``size`` (read again when it changes); a package not installed is absent."""
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return {}
    versions: dict[str, str] = {}
    text = "\n" + text
    for package in packages:  # only their stanzas: parsing the whole file costs more than the rest of a start
        start = text.find(f"\nPackage: {package}\n")
        while start >= 0:
            end = text.find("\n\n", start + 1)
            stanza = text[start + 1 : end if end >= 0 else len(text)]
            fields = dict(line.split(": ", 1) for line in stanza.splitlines() if ": " in line and line[0] != " ")
            if "installed" in fields.get("Status", "").split():
                versions[package] = fields.get("Version", "")
            start = text.find(f"\nPackage: {package}\n", start + 1)
    return versions
