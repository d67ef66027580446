"""The Docker engine as the Docker backend uses it: the few calls that start, watch and end a sandbox container.

``connect()`` gives a client of the engine the environment names (``DOCKER_HOST``, default the local socket). An
engine on a local unix socket is spoken to directly, in its own HTTP API (``LocalEngine``), over HTTP/1.1 of our own
(``_UnixConnection``): the Docker SDK's import (requests, urllib3: ~90 ms) was the largest part of starting a
container for ``hoithi judge run``, then ``http.client``'s (~6 ms), and a container is created from the same
configuration either way. Any other engine (``tcp://``, ``ssh://``) goes through the SDK
(``SdkEngine``), which also gives the ``attach`` stream that such an engine needs (``docker_backend``). Every fault,
of the engine or of the connection, is an ``EngineError`` (an ``OSError``, so ``docker_api.docker_errors`` makes it
a ``SandboxError``).
"""

from __future__ import annotations

import json
import os
import socket
import struct
from typing import Any, NamedTuple
from urllib.parse import quote, urlencode


class Listed(NamedTuple):
    """A container as the engine lists it."""

    id: str
    name: str
    """Without the engine's leading ``/``."""
    state: str
    """``created``, ``running``, ``paused``, ``exited``, ``dead``..."""
    labels: dict[str, str]


def _listed(found: list[dict[str, Any]]) -> list[Listed]:
    return [
        Listed(c["Id"], ((c.get("Names") or ["/"])[0]).lstrip("/"), str(c.get("State", "")), c.get("Labels") or {})
        for c in found
    ]


class EngineError(OSError):
    """The engine refused a call (``status`` is its HTTP status) or could not be reached (``status`` is None)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class LocalEngine:
    """A client of an engine on a unix socket: one connection, kept open; not shared between threads."""

    local = True

    def __init__(self, path: str, timeout: float = 60) -> None:
        self.path = path
        self.timeout = timeout
        self._connection: _UnixConnection | None = None

    def ping(self) -> None:
        self._call("GET", "/_ping")

    def image(self, tag: str) -> dict[str, Any] | None:
        """The image ``tag`` names (the engine's inspection: ``Id``, ``Config.Labels``...), None when there is none."""
        return self._found(f"/images/{quote(tag, safe='')}/json")

    def cgroup_driver(self) -> str:
        return str(self._call("GET", "/info").get("CgroupDriver", "cgroupfs"))

    def create(self, config: dict[str, Any], name: str) -> str:
        """Create a container from ``config`` (the engine's ``ContainerCreate`` body); returns its id."""
        return str(self._call("POST", f"/containers/create?{urlencode({'name': name})}", config)["Id"])

    def start(self, container: str) -> None:
        self._call("POST", f"/containers/{container}/start")

    def status(self, container: str) -> str:
        """``created``, ``running``, ``exited``...; ``removed`` when the engine no longer has it."""
        found = self.inspect(container)
        return "removed" if found is None else str(found["State"]["Status"])

    def inspect(self, container: str) -> dict[str, Any] | None:
        """The engine's inspection of ``container`` (an id or a name): ``Id``, ``Name``, ``State``,
        ``Config.Labels``...; None when there is none."""
        return self._found(f"/containers/{quote(container, safe='')}/json")

    def _found(self, path: str) -> dict[str, Any] | None:
        """The engine's answer to ``GET path``, None when it has no such thing (404)."""
        try:
            found: dict[str, Any] = self._call("GET", path)
        except EngineError as exc:
            if exc.status == 404:
                return None
            raise
        return found

    def rename(self, container: str, name: str) -> None:
        """Rename ``container``; ``EngineError`` when the name is taken (409), is already its name (400) or the
        container is gone (404). The engine renames under the container's lock: of two callers that rename one
        container to the same new name, exactly one succeeds."""
        self._call("POST", f"/containers/{container}/rename?{urlencode({'name': name})}")

    def attach(self, container: str, *, stdin: bool) -> tuple[socket.socket, bytes]:
        """The container's stdout (and stdin if ``stdin``) as one stream on a connection of its own, from now on
        (nothing it printed before); returns the socket and what the engine sent after its answer's headers (the
        stream's first bytes). The container's stdout comes multiplexed (8-byte headers), as ``_demultiplex`` reads."""
        stream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            stream.settimeout(self.timeout)
            stream.connect(self.path)
            query = urlencode({"stream": 1, "stdout": 1, "stderr": 0, "stdin": int(stdin)})
            stream.sendall(
                f"POST /containers/{container}/attach?{query} HTTP/1.1\r\nHost: docker\r\n"
                "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n".encode("ascii")
            )
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = stream.recv(4096)
                if not chunk or len(head) > _LINE_MAX:
                    raise EngineError(f"attach {container[:12]}: the engine closed the connection")
                head += chunk
            head, _, rest = head.partition(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            if status not in (101, 200):
                raise EngineError(f"attach {container[:12]}: HTTP {status}", status)
        except (OSError, ValueError, IndexError) as exc:
            stream.close()
            raise exc if isinstance(exc, EngineError) else EngineError(f"attach {container[:12]}: {exc}") from exc
        return stream, rest

    def remove(self, container: str) -> None:
        """Kill and remove the container; one that is gone already is fine."""
        try:
            self._call("DELETE", f"/containers/{container}?force=1")
        except EngineError as exc:
            if exc.status != 404:
                raise

    def logs(self, container: str, tail: int) -> bytes:
        """The last ``tail`` lines the container wrote to its stderr."""
        raw: bytes = self._call("GET", f"/containers/{container}/logs?stderr=1&tail={tail}", raw=True)
        return _demultiplex(raw)

    def sandbox_containers(self, name: str, label: str) -> list[tuple[str, dict[str, str]]]:
        """(id, labels) of every container, running or not, whose name holds ``name`` and that has ``label``."""
        return [(found.id, found.labels) for found in self.listing(name, label)]

    def listing(self, name: str, label: str) -> list[Listed]:
        """Every container, running or not, whose name holds ``name`` and that has ``label``."""
        filters = json.dumps({"name": [name], "label": [label]})
        return _listed(self._call("GET", f"/containers/json?{urlencode({'all': 1, 'filters': filters})}"))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None, *, raw: bool = False) -> Any:
        data = None if body is None else json.dumps(body).encode()
        for attempt in (1, 2):  # a kept connection the engine closed meanwhile is opened again, once
            if self._connection is None:
                self._connection = _UnixConnection(self.path, self.timeout)
            try:
                status, headers, payload = self._connection.request(method, path, data)
                break
            except (OSError, ValueError) as exc:
                self.close()
                if attempt == 2 or not isinstance(exc, (_Closed, BrokenPipeError)):
                    raise EngineError(f"{method} {path}: {exc}") from exc
        if headers.get("connection", "").lower() == "close":
            self.close()
        if status >= 400:
            raise EngineError(_message(payload) or f"{method} {path}: HTTP {status}", status)
        if raw or "json" not in headers.get("content-type", ""):
            return payload
        return json.loads(payload)


class _Closed(ConnectionError):
    """The engine closed the connection before answering (as it may a connection kept idle): the request is sent
    again on a new one. A connection closed inside an answer is an ``EngineError``."""


class _UnixConnection:
    """One HTTP/1.1 connection to the engine's unix socket, with what its API needs of HTTP: a request with or
    without a JSON body; an answer whose body has a length, is chunked, or is empty (204, 304). Not ``http.client``,
    whose import (``email``, ``ssl``: ~6 ms, 17 ms at load 6) came before the first call of ``hoithi judge run``."""

    def __init__(self, path: str, timeout: float) -> None:
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._socket.settimeout(timeout)
            self._socket.connect(path)
        except OSError:
            self._socket.close()
            raise
        self._reader = self._socket.makefile("rb")

    def request(self, method: str, path: str, data: bytes | None) -> tuple[int, dict[str, str], bytes]:
        """Send the request and read the whole answer: its status, its headers (names in lower case), its body."""
        head = [f"{method} {path} HTTP/1.1", "Host: docker", f"Content-Length: {len(data or b'')}"]
        if data is not None:
            head.append("Content-Type: application/json")
        self._socket.sendall("\r\n".join(head).encode("ascii") + b"\r\n\r\n" + (data or b""))
        status_line = self._reader.readline(_LINE_MAX)
        if not status_line:
            raise _Closed("the engine closed the connection")
        version, status, _ = status_line.decode("latin-1").split(" ", 2)
        if not version.startswith("HTTP/1."):
            raise ValueError(f"not an HTTP answer: {status_line[:80]!r}")
        headers: dict[str, str] = {}
        while (line := self._reader.readline(_LINE_MAX)) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        code = int(status)
        if code in (204, 304) or 100 <= code < 200 or method == "HEAD":
            return code, headers, b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            return code, headers, self._chunks()
        if "content-length" in headers:
            return code, headers, self._exactly(int(headers["content-length"]))
        headers["connection"] = "close"  # the body ends with the connection
        return code, headers, self._reader.read()

    def _chunks(self) -> bytes:
        body = bytearray()
        while True:
            line = self._reader.readline(_LINE_MAX)
            if not line:
                raise ConnectionError("the engine closed the connection inside a chunked body")
            size = int(line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                break
            body += self._exactly(size)
            self._reader.readline(_LINE_MAX)  # the chunk's CRLF
        while self._reader.readline(_LINE_MAX) not in (b"\r\n", b"\n", b""):  # trailers
            pass
        return bytes(body)

    def _exactly(self, size: int) -> bytes:
        data = self._reader.read(size)
        if len(data) < size:
            raise ConnectionError(f"the engine closed the connection {len(data)} bytes into a body of {size}")
        return data

    def close(self) -> None:
        self._reader.close()
        self._socket.close()


_LINE_MAX = 65536


def _message(payload: bytes) -> str:
    try:
        return str(json.loads(payload).get("message", ""))
    except (ValueError, AttributeError):
        return payload.decode(errors="replace").strip()


def _demultiplex(raw: bytes) -> bytes:
    """The bytes of a stream the engine multiplexed (a container without a terminal): 8-byte headers, then data."""
    out = bytearray()
    offset = 0
    while offset + 8 <= len(raw):
        (size,) = struct.unpack(">I", raw[offset + 4 : offset + 8])
        out += raw[offset + 8 : offset + 8 + size]
        offset += 8 + size
    return bytes(out)


class SdkEngine:
    """The same calls through the Docker SDK, for an engine that is not on a local unix socket; ``attach`` gives the
    container's stdin and stdout as one socket."""

    local = False

    def __init__(self, timeout: float = 60) -> None:
        import docker

        self._cli = docker.from_env(timeout=int(timeout))
        self._api = self._cli.api

    def ping(self) -> None:
        self._call(self._api.ping)

    def image(self, tag: str) -> dict[str, Any] | None:
        import docker.errors

        try:
            return dict(self._call(self._api.inspect_image, tag))
        except EngineError as exc:
            if isinstance(exc.__cause__, docker.errors.ImageNotFound):
                return None
            raise

    def cgroup_driver(self) -> str:
        return str(self._call(self._api.info).get("CgroupDriver", "cgroupfs"))

    def create(self, config: dict[str, Any], name: str) -> str:
        return str(self._call(self._api.create_container_from_config, config, name)["Id"])

    def start(self, container: str) -> None:
        self._call(self._api.start, container)

    def status(self, container: str) -> str:
        import docker.errors

        try:
            return str(self._call(self._api.inspect_container, container)["State"]["Status"])
        except EngineError as exc:
            if isinstance(exc.__cause__, docker.errors.NotFound):
                return "removed"
            raise

    def remove(self, container: str) -> None:
        import docker.errors

        try:
            self._call(self._api.remove_container, container, force=True)
        except EngineError as exc:
            if not isinstance(exc.__cause__, docker.errors.NotFound):
                raise

    def logs(self, container: str, tail: int) -> bytes:
        return bytes(self._call(self._api.logs, container, stdout=False, stderr=True, tail=tail))

    def sandbox_containers(self, name: str, label: str) -> list[tuple[str, dict[str, str]]]:
        return [(found.id, found.labels) for found in self.listing(name, label)]

    def listing(self, name: str, label: str) -> list[Listed]:
        return _listed(self._call(self._api.containers, all=True, filters={"name": name, "label": label}))

    def rename(self, container: str, name: str) -> None:
        self._call(self._api.rename, container, name)

    def attach(self, container: str) -> socket.socket:
        """The container's stdin and stdout as one stream (its stdout multiplexed by the engine)."""
        attached = self._call(self._api.attach_socket, container, params={"stdin": 1, "stdout": 1, "stream": 1})
        stream: socket.socket = getattr(attached, "_sock", attached)
        return stream

    def close(self) -> None:
        self._cli.close()

    def _call(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        import docker.errors

        try:
            return function(*args, **kwargs)
        except (docker.errors.DockerException, OSError) as exc:  # requests' errors are OSErrors
            status = getattr(getattr(exc, "response", None), "status_code", None)
            raise EngineError(str(exc), status) from exc


Engine = LocalEngine | SdkEngine


def local_socket(host: str | None = None) -> str | None:
    """The path of the engine's unix socket when ``host`` (default ``DOCKER_HOST``) names one, else None."""
    host = os.environ.get("DOCKER_HOST", "") if host is None else host
    if not host:
        return "/var/run/docker.sock"
    if host.startswith("unix://"):
        return host.removeprefix("unix://")
    return None


def connect(timeout: float = 60) -> Engine:
    """A client of the engine the environment names, checked alive (``EngineError`` if it is not)."""
    path = local_socket()
    engine: Engine = LocalEngine(path, timeout) if path is not None else SdkEngine(timeout)
    engine.ping()
    return engine
