"""A pool of warm sandboxes: sessions opened ahead of need, each handed out once, destroyed after its one use.

A worker holds one ``WarmPool`` for its life and grades with it as with any ``Backend``: ``open_session`` takes a
session that was started in the background and never used, checks that its harness still answers, and starts
making the next one. A closed session is destroyed in the background too, so that neither starting nor removing a
container is on a submission's path. No state passes between submissions: a session serves one submission (or
one checker) and is then destroyed, never returned to the pool.

One thread of the pool opens and destroys the sandboxes (a bubblewrap sandbox dies with the thread that opened
it, so that thread lives as long as the pool). ``close`` destroys everything the pool holds; the sandboxes of a
worker that was killed outright are swept by name (``hoithi-sbx-*`` containers) or die with it (bubblewrap).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from types import TracebackType

from .harness_client import HarnessSession
from .session import Backend, SandboxError, Session

log = logging.getLogger(__name__)

PING_TIMEOUT_S = 5.0
"""How long a warm sandbox's harness may take to answer before the sandbox is taken for dead."""
RETRY_AFTER_S = 1.0
"""The pause before trying again when the backend could not start a sandbox."""


class WarmPool(Backend):
    """``size`` sessions of ``backend`` kept warm (``size`` 0: every session opened on demand, as the backend
    does). A ``Backend`` itself, so that the judge needs no change to use it."""

    def __init__(self, backend: Backend, size: int) -> None:
        self.backend = backend
        self.name = backend.name
        self.image = backend.image
        self.size = size
        self._warm: deque[HarnessSession] = deque()
        self._doomed: list[Callable[[], None]] = []
        self._wake = threading.Condition()
        self._closed = False
        self.replaced = 0
        """How many warm sessions were found dead when taken (and so replaced)."""
        self._thread = threading.Thread(target=self._keep_warm, daemon=True, name=f"warm-pool-{backend.name}")
        self._thread.start()

    def check(self) -> str | None:
        return self.backend.check()

    def unavailable(self) -> dict[str, str]:
        return self.backend.unavailable()

    def open_session(self) -> Session:
        """A session that has never been used: a warm one whose harness answers a ping, else a new one."""
        while True:
            with self._wake:
                if self._closed:
                    raise SandboxError("the sandbox pool is closed")
                session = self._warm.popleft() if self._warm else None
                self._wake.notify_all()
            if session is None:
                return self._adopt(self.backend.open_session())
            if not session.used and session.alive(PING_TIMEOUT_S):
                return session
            log.warning("a warm %s sandbox was dead when taken: replaced", self.name)
            self.replaced += 1
            session.close()

    def warm_count(self) -> int:
        """How many unused sessions wait in the pool now."""
        with self._wake:
            return len(self._warm)

    def wait_warm(self, timeout: float) -> bool:
        """Wait until the pool is full (or ``timeout`` seconds); whether it is."""
        with self._wake:
            return self._wake.wait_for(lambda: len(self._warm) >= self.size or self._closed, timeout) and (
                not self._closed
            )

    def close(self, timeout: float | None = None) -> bool:
        """Destroy every sandbox the pool holds and stop its thread; sessions handed out and closed later are
        destroyed at once. May be called twice. With ``timeout``, waits that long at most for the thread (which may
        be starting a sandbox) and says whether it ended; it goes on destroying in the background."""
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- the pool's thread ------------------------------------------------------------------------------------

    def _adopt(self, session: Session) -> HarnessSession:
        if not isinstance(session, HarnessSession):
            session.close()
            raise SandboxError(f"{self.name}: its sessions cannot be kept warm")
        session.destroy_with(self._doom)
        return session

    def _doom(self, destroy: Callable[[], None]) -> None:
        """A closed session's destruction: by the pool's thread, or at once once the pool is closed."""
        with self._wake:
            if not self._closed:
                self._doomed.append(destroy)
                self._wake.notify_all()
                return
        _destroy(destroy)

    def _keep_warm(self) -> None:
        try:
            while True:
                with self._wake:
                    self._wake.wait_for(lambda: self._closed or self._doomed or len(self._warm) < self.size)
                    if self._closed:
                        return
                    doomed, self._doomed = self._doomed, []
                    short = len(self._warm) < self.size
                for destroy in doomed:  # first: a used sandbox must not outlive its submission for long
                    _destroy(destroy)
                if short:
                    self._open_one()
        finally:
            with self._wake:
                warm, self._warm = list(self._warm), deque()
                doomed, self._doomed = self._doomed, []
                self._wake.notify_all()
            for session in warm:
                session.close()  # the pool is closed: destroyed at once
            for destroy in doomed:
                _destroy(destroy)

    def _open_one(self) -> None:
        try:
            session = self._adopt(self.backend.open_session())
        except SandboxError as exc:
            log.warning("cannot start a warm %s sandbox: %s", self.name, exc)
            with self._wake:
                self._wake.wait_for(lambda: self._closed, RETRY_AFTER_S)
            return
        with self._wake:
            if not self._closed:
                self._warm.append(session)
                self._wake.notify_all()
                return
        session.close()


def _destroy(destroy: Callable[[], None]) -> None:
    try:
        destroy()
    except Exception:  # the name-prefix sweep removes what is left
        log.exception("cannot destroy a used sandbox")
