"""Compiled checkers kept on disk, so that a checker is compiled once per problem version on each grading host
instead of once per submission (a testlib checker takes 10 s and more to compile).

An entry is keyed by the checker source's SHA-256, its language (name and commands) and the toolchain that
compiled it: the runner image's tag for Docker, the installed versions of the language's Debian packages for
bubblewrap, which runs the host's compilers. It lives under the judge's cache folder
(``judge.package.cache_folder()``), shared by every worker of the host, and is written to a temporary file and
renamed into place, so a reader sees a whole entry or none. An entry that cannot be read or whose checksum does
not match is compiled again and replaced. Failed compilations are not kept.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from sandbox.image import IMAGE_TAG
from sandbox.languages import Language
from sandbox.result import RunResult, RunStatus
from sandbox.session import Backend, CompileResult, Program, Session

log = logging.getLogger(__name__)

FORMAT = 1
DPKG_STATUS = Path("/var/lib/dpkg/status")

compilations = 0
"""How many programs this process has compiled for the cache (a cache hit compiles nothing)."""


def prepare(session: Session, backend: Backend, language: Language, source: bytes) -> CompileResult:
    """Make ``source`` the program of ``session``: installed from the cache when this host compiled it before,
    else compiled (and, when that succeeds, kept for the next time)."""
    global compilations
    if language.compile is None:  # nothing to compile: the source is the program
        return session.compile(language, source)
    entry = entry_path(backend, language, source)
    program = _read(entry, language)
    if program is not None:
        session.install(program)
        return CompileResult(True, "", RunResult(RunStatus.OK, 0, None, 0, 0, 0), program)
    compilations += 1
    compiled = session.compile(language, source, give_program=True)
    if compiled.ok and compiled.program is not None:
        _write(entry, compiled.program)
    return compiled


def entry_path(backend: Backend, language: Language, source: bytes) -> Path:
    """Where the compiled ``source`` is kept for ``backend`` on this host."""
    from .package import cache_folder  # here: loading packages imports the checkers, which import this module

    identity = [
        FORMAT,
        hashlib.sha256(source).hexdigest(),
        language.key,
        language.compile,
        language.execute,
        language.program,
        backend.name,
        toolchain(backend.name, language.packages),
    ]
    key = hashlib.sha256(json.dumps(identity).encode()).hexdigest()
    return cache_folder() / "programs" / f"{key}.json"


def toolchain(backend_name: str, packages: tuple[str, ...]) -> str:
    """What compiles a program on ``backend_name``: the runner image for Docker, else the host's packages."""
    if backend_name == "docker":
        return IMAGE_TAG
    versions = _host_versions()
    return " ".join(f"{package}={versions.get(package, '?')}" for package in packages)


@functools.lru_cache(maxsize=1)
def _host_versions() -> dict[str, str]:
    """The installed Debian packages' versions, from dpkg's status file (empty where there is none)."""
    versions: dict[str, str] = {}
    try:
        text = DPKG_STATUS.read_text(errors="replace")
    except OSError:
        return versions
    for stanza in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in stanza.splitlines() if ": " in line and line[0] != " ")
        if "Package" in fields and "installed" in fields.get("Status", "").split():
            versions[fields["Package"]] = fields.get("Version", "")
    return versions


def _checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _read(entry: Path, language: Language) -> Program | None:
    """The program kept at ``entry``; None when there is none or it is damaged (then it is removed)."""
    try:
        stored = json.loads(entry.read_bytes())
        body = stored["body"]
        if stored["sha256"] != _checksum(body) or body["language"] != language.key:
            raise ValueError("checksum mismatch")
        files = {name: base64.b64decode(data, validate=True) for name, data in body["files"].items()}
        if set(files) != set(language.program):
            raise ValueError("files missing")
        return Program(language, files, dict(body["names"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("compiled program %s is damaged (%s); compiling again", entry.name, exc)
        with contextlib.suppress(OSError):
            entry.unlink()
        return None


def _write(entry: Path, program: Program) -> None:
    """Keep ``program`` at ``entry`` atomically; a failure to write only costs a compilation next time."""
    body = {
        "language": program.language.key,
        "names": dict(program.names),
        "files": {name: base64.b64encode(data).decode("ascii") for name, data in program.files.items()},
    }
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{entry.stem[:12]}-", dir=entry.parent)
        try:
            os.fchmod(fd, 0o644)  # every worker of the host reads it
            with os.fdopen(fd, "wb") as out:
                out.write(json.dumps({"sha256": _checksum(body), "body": body}).encode())
            os.replace(temporary, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        log.exception("cannot keep the compiled program %s", entry)
