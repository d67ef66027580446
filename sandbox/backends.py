"""Choosing a sandbox backend: ``HOITHI_SANDBOX=docker|bwrap|auto``.

Untrusted code never runs outside a sandbox: when no backend works, ``get_backend`` raises.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from .bwrap_backend import BwrapBackend
from .languages import LANGUAGES
from .limits import Limits
from .session import Backend, SandboxError


def _docker() -> Backend:
    from .docker_backend import DockerBackend  # the Docker SDK takes a while to import: only when Docker is asked for

    return DockerBackend()


BACKENDS: dict[str, Callable[[], Backend]] = {"docker": _docker, "bwrap": BwrapBackend}
"""In order of preference for ``auto``."""


def get_backend(name: str | None = None, *, trial: bool = True) -> Backend:
    """The backend ``name`` (default: ``HOITHI_SANDBOX``, else ``auto``), checked to work on this machine.

    ``auto`` takes the first of Docker and bubblewrap whose ``check()`` passes. Raises ``SandboxError`` with
    the reasons when the chosen backend (or, for ``auto``, every backend) does not work.

    ``trial=False`` (a one-shot command that opens a session at once, ``hoithi judge run``) asks each backend's
    ``quick_check``: no trial sandbox is started, the caller's first session is the trial and a failure to start it
    is that session's ``SandboxError``. ``auto`` loses no fallback so: Docker's ``check`` starts no container
    either, and bubblewrap, whose check would start one, is the last backend tried.
    """
    choice = (name or os.environ.get("HOITHI_SANDBOX") or "auto").lower()
    if choice != "auto" and choice not in BACKENDS:
        raise SandboxError(f"unknown sandbox backend {choice!r}; choose one of auto, {', '.join(BACKENDS)}")
    reasons = []
    for key in BACKENDS if choice == "auto" else (choice,):
        backend = BACKENDS[key]()
        reason = backend.check() if trial else backend.quick_check()
        if reason is None:
            return backend
        reasons.append(f"{key}: {reason}")
    raise SandboxError("no sandbox backend works here: " + "; ".join(reasons))


@dataclass(frozen=True)
class Diagnosis:
    """One backend as ``doctor`` found it: ``reason`` is None when it works end to end (a C program compiles and
    runs), else why not; ``unavailable`` the languages it cannot run even so (``Backend.unavailable``)."""

    name: str
    reason: str | None
    unavailable: dict[str, str]


def doctor() -> list[Diagnosis]:
    """Each backend, whether it works and which languages it cannot run here."""
    report: list[Diagnosis] = []
    for key, make in BACKENDS.items():
        backend = make()
        reason = backend.check()
        if reason is None:
            reason = _smoke_test(backend)
        report.append(Diagnosis(key, reason, backend.unavailable() if reason is None else {}))
    return report


def _smoke_test(backend: Backend) -> str | None:
    source = b'#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n'
    try:
        with backend.open_session() as session:
            compiled = session.compile(LANGUAGES["c"], source)
            if not compiled.ok:
                return f"a C program does not compile: {compiled.output[:500]}"
            result = session.run(Limits()).result
    except SandboxError as exc:
        return str(exc)
    if not result.ok or result.stdout != b"ok\n":
        return f"a C program does not run: {result}"
    return None
