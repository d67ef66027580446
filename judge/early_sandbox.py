"""The sandbox of ``hoithi judge run``, set starting before the command line is parsed.

``hoithi``'s ``main`` hands its arguments to ``started`` before click is given them: when they name ``judge run``
its sandbox starts at once (``OpenedAhead``), click parses and the command imports what it grades while the
container starts, and the command takes it (``take``) instead of starting one of its own. A container starts in a
fixed ~150 ms of the engine's, the largest part of the command's time: the sooner it is asked for, the sooner the
command ends.

The arguments are read as click would read them for the one option that matters, ``--sandbox``; what does not parse
so (or not as click then parses it) costs one sandbox started for nothing and destroyed at the exit, never a wrong
one: ``take`` hands the early sandbox over only for the backend name click gave the command.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by ``started`` only: every other command (``hoithi --help``) imports none of the sandbox
    from sandbox.ahead import OpenedAhead
    from sandbox.session import Backend

SWITCH_INTERVAL_S = 0.001
_early: tuple[str | None, OpenedAhead] | None = None
"""The sandbox started early and the ``--sandbox`` value it was started for, until the command takes it."""


def wanted(argv: Sequence[str]) -> bool:
    """Whether ``argv`` (the command line without the program's name) is ``judge run`` and grades: not its help."""
    return list(argv[:2]) == ["judge", "run"] and "--help" not in argv[2:]


@contextlib.contextmanager
def started(argv: Sequence[str]) -> Iterator[None]:
    """Start ``judge run``'s sandbox when ``argv`` asks for one (``wanted``); on leaving, destroy it unless the
    command took it (the command then closes it)."""
    global _early
    if not wanted(argv):
        yield
        return
    from sandbox.ahead import OpenedAhead

    name = _sandbox_option(argv[2:])
    interval = sys.getswitchinterval()
    # The sandbox's thread waits on the engine while this one imports: given the interpreter back within 1 ms of
    # each answer (not Python's 5 ms), its next call goes out at once.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    early = OpenedAhead(lambda: _make(name))
    # Its engine calls and the imports they need first, then click and the grading modules, which take less time
    # than the container's start: the start is not put off by them (bubblewrap's backend is made in a moment).
    early.wait_made()
    _early = (name, early)
    try:
        yield
    finally:
        _early = None
        early.close()
        sys.setswitchinterval(interval)


def take(name: str | None) -> OpenedAhead | None:
    """The sandbox started early if it was started for ``--sandbox name`` (None: not given), once; else None
    (and the one started for another name is destroyed)."""
    global _early
    found, _early = _early, None
    if found is None:
        return None
    started_for, early = found
    if started_for != name:
        early.close()
        return None
    return early


def _make(name: str | None) -> Backend:
    from sandbox.backends import get_backend

    return get_backend(name, trial=False)


def _sandbox_option(arguments: Sequence[str]) -> str | None:
    """``--sandbox``'s value among ``judge run``'s ``arguments``: None when not given, the last when given twice."""
    value: str | None = None
    rest = list(arguments)
    for at, word in enumerate(rest):
        if word == "--":
            break
        if word == "--sandbox" and at + 1 < len(rest):
            value = rest[at + 1]
        elif word.startswith("--sandbox="):
            value = word.removeprefix("--sandbox=")
    return value
