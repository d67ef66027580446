"""The local engine client's HTTP over a unix socket, against a server on a real socket that answers as the Docker
engine may: a body of a given length, a chunked body, no body (204), a body that ends with the connection; a kept
connection the server closed meanwhile is opened again once; a connection cut inside an answer, or an answer that is
not HTTP, is an ``EngineError``."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from sandbox.engine import EngineError, LocalEngine

Answer = bytes | tuple[bytes, str] | None
"""What the server does for one request: send these bytes; send them, then close (``(bytes, "close")``); or close
without answering (None)."""


class ScriptedEngine:
    """A unix socket server that reads each request's head (and body, by its Content-Length) and does the next
    scripted ``Answer``. Records the requests' first lines and how many connections it accepted."""

    def __init__(self, path: Path, answers: list[Answer]) -> None:
        self.answers = answers
        self.requests: list[str] = []
        self.connections = 0
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(str(path))
        self._server.listen()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while self.answers:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            with conn, conn.makefile("rb") as reader:
                self._answer(conn, reader)

    def _answer(self, conn: socket.socket, reader: BinaryIO) -> None:
        while self.answers:
            head = []
            while (line := reader.readline()) not in (b"\r\n", b""):
                head.append(line.decode().strip())
            if not head:
                return
            length = next((int(h.split(":")[1]) for h in head if h.lower().startswith("content-length")), 0)
            reader.read(length)
            self.requests.append(head[0])
            answer = self.answers.pop(0)
            if answer is None:
                return
            conn.sendall(answer if isinstance(answer, bytes) else answer[0])
            if not isinstance(answer, bytes):
                return

    def close(self) -> None:
        self._server.close()


Serve = Callable[..., tuple[LocalEngine, ScriptedEngine]]
"""The ``serve`` fixture: a scripted engine started with the answers given, and a client of it."""


def chunked(*parts: bytes) -> bytes:
    """``parts`` as the chunks of an HTTP/1.1 body."""
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


JSON = b"Content-Type: application/json\r\n"


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    """Start a scripted engine with the given answers; the client of it."""
    made: list[tuple[LocalEngine, ScriptedEngine]] = []

    def start(*answers: Answer) -> tuple[LocalEngine, ScriptedEngine]:
        path = tmp_path / f"engine{len(made)}.sock"
        made.append((LocalEngine(str(path), timeout=5), ScriptedEngine(path, list(answers))))
        return made[-1]

    yield start
    for engine, server in made:
        engine.close()
        server.close()


def test_answers_with_a_length_without_a_body_and_chunked_on_one_kept_connection(serve: Serve) -> None:
    engine, server = serve(
        b"HTTP/1.1 201 Created\r\n" + JSON + b'Content-Length: 13\r\n\r\n{"Id": "c0f"}',
        b"HTTP/1.1 204 No Content\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n"
        + JSON
        + b"Transfer-Encoding: chunked\r\n\r\n"
        + chunked(b'{"State": {', b'"Status": "running"}}'),
    )
    assert engine.create({"Image": "x"}, "hoithi-sandbox-1") == "c0f"
    engine.start("c0f")
    assert engine.status("c0f") == "running"
    assert server.requests == [
        "POST /containers/create?name=hoithi-sandbox-1 HTTP/1.1",
        "POST /containers/c0f/start HTTP/1.1",
        "GET /containers/c0f/json HTTP/1.1",
    ]
    assert server.connections == 1


def test_a_body_that_ends_with_the_connection_is_read_whole_and_the_next_call_connects_again(serve: Serve) -> None:
    engine, server = serve(
        (b"HTTP/1.1 200 OK\r\n" + JSON + b'\r\n{"CgroupDriver": "systemd"}', "close"),
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK",
    )
    assert engine.cgroup_driver() == "systemd"
    engine.ping()
    assert server.connections == 2


def test_a_kept_connection_the_engine_closed_is_opened_again_once(serve: Serve) -> None:
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"
    engine, server = serve(ok, None, ok)
    engine.ping()
    engine.ping()  # the first connection is closed without an answer: sent again on a new one
    assert server.requests == ["GET /_ping HTTP/1.1"] * 3 and server.connections == 2


def test_refusals_carry_the_engines_message_and_status(serve: Serve) -> None:
    refused = b'{"message": "conflict: name in use"}'
    engine, _ = serve(
        b"HTTP/1.1 404 Not Found\r\n" + JSON + b"Content-Length: 2\r\n\r\n{}",
        b"HTTP/1.1 409 Conflict\r\n" + JSON + b"Content-Length: %d\r\n\r\n%s" % (len(refused), refused),
    )
    assert engine.status("gone") == "removed"
    with pytest.raises(EngineError, match="conflict: name in use") as caught:
        engine.create({"Image": "x"}, "taken")
    assert caught.value.status == 409


@pytest.mark.parametrize(
    "answer",
    [
        (b"HTTP/1.1 200 OK\r\n" + JSON + b'Content-Length: 100\r\n\r\n{"Id": ', "close"),  # cut inside the body
        (b"HTTP/1.1 200 OK\r\n" + JSON + b'Transfer-Encoding: chunked\r\n\r\n5\r\n{"Id', "close"),
        (b"SSH-2.0-OpenSSH_9.2\r\n\r\n", "close"),  # not HTTP
    ],
    ids=["length", "chunked", "not-http"],
)
def test_an_answer_cut_short_or_not_http_is_an_engine_error(serve: Serve, answer: Answer) -> None:
    engine, _ = serve(answer)
    with pytest.raises(EngineError) as caught:
        engine.create({"Image": "x"}, "c")
    assert caught.value.status is None
