"""A backend for a command that grades once (``hoithi judge run``): its first sandbox starts in the background at
once, while the command loads what it grades, and a sandbox that another process may destroy (a container,
which belongs to the engine) is destroyed after the command has gone.

The thread that opens the first sandbox lives until ``close``: a bubblewrap sandbox dies with the thread that
opened it. The first sandbox is the one an earlier command left ready, where the backend keeps such
(``Backend.open_handed_over``; Docker: ``sandbox/handover.py``), and ``close`` leaves one ready for the next command
the same way, in a process of its own (``Backend.ready_next``), once the first sandbox has started. The first
sandbox is never used twice: later sessions are opened as the backend opens them. What the command exits without
having taken is destroyed by ``close``. A container whose destruction was left to a process that
died anyway is swept by name (``hoithi sandbox sweep``, ``docker_leftovers.sweep``), as any a crashed judge leaves.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from types import TracebackType

from .harness_client import HarnessSession
from .session import Backend, Session

log = logging.getLogger(__name__)


class OpenedAhead(Backend):
    """The backend ``make()`` returns, with its first session opening in a thread from now on.

    ``make`` runs in that thread too (it may import the Docker SDK and ask the engine); what it raises is raised by
    ``backend()`` and ``open_session()``, a fault of the first session by ``open_session()``. ``name`` and
    ``image`` are the backend's once ``backend()`` has returned."""

    def __init__(self, make: Callable[[], Backend]) -> None:
        self._make = make
        self._backend: Backend | None = None
        self._first: Session | BaseException | None = None
        self._taken = False
        self._started = False
        """Whether the first sandbox started (else none is made ready for the next command either)."""
        self._readied = False
        self._lock = threading.Lock()
        self._resolved = threading.Event()
        self._opened = threading.Event()
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._open_first, daemon=True, name="sandbox-ahead")
        self._thread.start()

    def _open_first(self) -> None:
        try:
            try:
                self._backend = self._make()
                self.name, self.image = self._backend.name, self._backend.image
            finally:
                self._resolved.set()
            self._first = self._backend.open_handed_over()
            self._started = True
        except BaseException as exc:
            self._first = exc
        self._opened.set()
        self._closing.wait()  # the sandbox may die with this thread

    def wait_made(self) -> None:
        """Return once ``make`` has returned or raised (what it raised, ``backend()`` raises)."""
        self._resolved.wait()

    def backend(self) -> Backend:
        """The backend, once ``make`` has returned; raises what ``make`` raised."""
        self._resolved.wait()
        if self._backend is None:
            assert isinstance(self._first, BaseException)
            raise self._first
        return self._backend

    def check(self) -> str | None:
        return self.backend().check()

    def unavailable(self) -> dict[str, str]:
        return self.backend().unavailable()

    def open_session(self) -> Session:
        """The session opened ahead the first time, a new one after that."""
        with self._lock:
            taken, self._taken = self._taken, True
        if taken:
            session = self.backend().open_session()
        else:
            self._opened.wait()
            first, self._first = self._first, None
            if isinstance(first, BaseException):
                raise first
            assert first is not None
            session = first
        return self._adopt(session)

    def _adopt(self, session: Session) -> Session:
        """``session``, destroyed by a process of its own when its sandbox allows it."""
        if isinstance(session, HarnessSession) and self.backend().destroy_anywhere:
            session.destroy_with(destroy_detached)
        return session

    def close(self) -> None:
        """Destroy the session opened ahead if it was not taken (once it has started), end the thread that opened
        it, and, if that session started, leave a sandbox ready for the next command (``Backend.ready_next``, in a
        process of its own): call it after every session is closed. May be called twice."""
        with self._lock:
            taken, self._taken = self._taken, True
        self._opened.wait()
        if not taken and isinstance(self._first, Session):
            self._adopt(self._first).close()
        self._first = None
        self._closing.set()
        self._thread.join()
        if self._started and self._backend is not None and not self._readied:
            self._readied = True
            ready = self._backend.ready_next()
            if ready is not None:
                destroy_detached(ready)

    def __enter__(self) -> OpenedAhead:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def destroy_detached(destroy: Callable[[], None]) -> None:
    """Run ``destroy`` (removing a sandbox, or making one ready for the next command) in a process of its own that
    nobody waits for (a grandchild in a session of its own, its standard streams on ``/dev/null`` so that no reader
    of ours waits for it either); where no process can be made, run it here."""
    try:
        pid = os.fork()
    except OSError:
        destroy()
        return
    if pid == 0:  # the child: never returns
        try:
            os.setsid()
            if os.fork() == 0:
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                with contextlib.suppress(Exception):  # what is left, the sweep removes
                    destroy()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
