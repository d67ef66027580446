"""The unix socket a Docker sandbox's harness connects to when the engine runs on this machine."""

from __future__ import annotations

import secrets
import shutil
import socket
import tempfile
import time
from pathlib import Path

from . import engine
from .docker_api import docker_errors
from .harness_client import READY_TIMEOUT_S
from .session import SandboxError


class HarnessSocket:
    """A listening unix socket for one harness to connect to, in a folder of its own that only the socket's name,
    which is random, opens (the folder cannot be listed). ``close`` removes both; once the harness is connected
    nothing else may connect, and nothing of it is left in the container."""

    def __init__(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="hoithi-harness-"))
        folder.chmod(0o711)  # the container's user (any uid) may pass through, not list
        self.path = folder / f"{secrets.token_hex(16)}.sock"
        self._listener: socket.socket | None = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._listener.bind(str(self.path))
            self.path.chmod(0o777)  # connecting needs write permission: the name is the secret
            self._listener.listen(1)
        except OSError as exc:
            self.close()
            raise SandboxError(f"docker: cannot make the harness's socket: {exc}") from exc

    def accept(self, cli: engine.Engine, container: str, timeout: float = READY_TIMEOUT_S) -> socket.socket:
        """The harness's connection; raises ``SandboxError`` when the container ends first or after ``timeout``."""
        assert self._listener is not None
        deadline = time.monotonic() + timeout
        self._listener.settimeout(0.5)
        while True:
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                with docker_errors("watching the sandbox start"):
                    status = cli.status(container)
                if status not in ("created", "running") or time.monotonic() > deadline:
                    raise SandboxError(f"docker: the harness did not connect (the container is {status})") from None
                continue
            except OSError as exc:
                raise SandboxError(f"docker: the harness did not connect: {exc}") from exc
            connection.setblocking(True)
            return connection

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        shutil.rmtree(self.path.parent, ignore_errors=True)
