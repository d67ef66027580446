"""Line-oriented byte channels to a harness: a pair of pipes (bubblewrap) or Docker's attach socket."""

from __future__ import annotations

import abc
import os
import selectors
import socket
import struct
import time

from .session import SandboxError


class Channel(abc.ABC):
    """Sends bytes to a harness and reads its answers line by line, each read bounded by a deadline."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    @abc.abstractmethod
    def send(self, data: bytes) -> None:
        """Write all of ``data``; raises ``SandboxError`` when the harness is gone."""

    @abc.abstractmethod
    def _receive(self, timeout: float) -> bytes:
        """Some bytes of the harness's stdout (``b""`` at its end); raises ``TimeoutError`` after ``timeout``."""

    def read_line(self, timeout: float) -> bytes:
        """The next complete line (without its newline); ``SandboxError`` on end of stream or timeout."""
        deadline = time.monotonic() + timeout
        while (end := self._buffer.find(b"\n")) < 0:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise TimeoutError
                chunk = self._receive(remaining)
            except TimeoutError:
                raise SandboxError(f"the harness did not answer within {timeout:.0f} s") from None
            except OSError as exc:
                raise SandboxError(f"lost the harness: {exc}") from exc
            if not chunk:
                raise SandboxError("the harness closed its output")
            self._buffer += chunk
        line = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        return line


class PipeChannel(Channel):
    """The stdin and stdout pipes of a harness started as a child process."""

    def __init__(self, write_fd: int, read_fd: int) -> None:
        super().__init__()
        self._write_fd = write_fd
        self._read_fd = read_fd
        self._selector = selectors.DefaultSelector()
        self._selector.register(read_fd, selectors.EVENT_READ)

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._write_fd, view) :]
        except OSError as exc:
            raise SandboxError(f"lost the harness: {exc}") from exc

    def _receive(self, timeout: float) -> bytes:
        if not self._selector.select(timeout):
            raise TimeoutError
        return os.read(self._read_fd, 1 << 20)


class DockerAttachChannel(Channel):
    """A hijacked ``attach`` socket (stdin + stdout, no TTY): output arrives in frames with 8-byte headers.

    The socket stays blocking and reads wait in a selector, never on a socket timeout, so that one thread may
    send (a streaming run's input) while another reads.
    """

    STDOUT = 1

    def __init__(self, sock: socket.socket, first: bytes = b"") -> None:
        """``first``: bytes of the stream already read off ``sock`` (with the engine's answer to the attach)."""
        super().__init__()
        self._sock = sock
        self._sock.settimeout(None)
        self._selector = selectors.DefaultSelector()
        self._selector.register(sock, selectors.EVENT_READ)
        self._raw = bytearray(first)

    def send(self, data: bytes) -> None:
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise SandboxError(f"lost the harness: {exc}") from exc

    def _receive(self, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        while True:
            if len(self._raw) >= 8:
                stream, size = struct.unpack(">BxxxL", self._raw[:8])
                if len(self._raw) >= 8 + size:
                    payload = bytes(self._raw[8 : 8 + size])
                    del self._raw[: 8 + size]
                    if stream == self.STDOUT and payload:
                        return payload
                    continue
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._selector.select(remaining):
                raise TimeoutError
            chunk = self._sock.recv(1 << 20)
            if not chunk:
                return b""
            self._raw += chunk
