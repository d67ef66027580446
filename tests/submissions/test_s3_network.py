"""The network between a host and its bucket failing midway (a TCP relay of the test's own in front of moto's S3
server, which it can cut): a download cut short caches nothing and is read whole once the network is back; an upload
whose endpoint goes down between parts stores nothing under the object's hash, what it began is swept, and the same
file goes up whole later."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from submissions.s3_client import s3_client
from submissions.s3_store import S3Store
from submissions.store import StoreUnavailable

MIB = 1024 * 1024


class Relay:
    """A TCP relay on a free loopback port to ``upstream`` (host, port). ``cut_after`` bytes sent back on one
    connection close it (a download cut short); ``down`` refuses new connections and closes the open ones (the
    endpoint gone)."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.cut_after: int | None = None
        self.down = False
        self.open: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def go_down(self) -> None:
        self.down = True
        for sock in list(self.open):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            self.open += [client, server]
            threading.Thread(target=self._pump, args=(client, server, None), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, self.cut_after), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, limit: int | None) -> None:
        sent = 0
        try:
            while data := source.recv(64 * 1024):
                if limit is not None and sent + len(data) > limit:
                    sink.sendall(data[: limit - sent])
                    break
                sink.sendall(data)
                sent += len(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.go_down()
        self.listener.close()


@pytest.fixture
def relay(s3_endpoint: str) -> Iterator[Relay]:
    host, port = s3_endpoint.removeprefix("http://").split(":")
    made = Relay((host, int(port)))
    yield made
    made.close()


def through(relay: Relay, bucket: str, root: Path) -> S3Store:
    return S3Store(
        s3_client(relay.url, "us-east-1", attempts=2), bucket, "province", root, 64 * MIB, part_bytes=5 * MIB
    )


def test_a_download_cut_short_caches_nothing_and_is_read_whole_later(
    relay: Relay, s3_endpoint: str, s3_bucket: str, tmp_path: Path
) -> None:
    data = os.urandom(4 * MIB)
    digest = S3Store(s3_client(s3_endpoint, "us-east-1"), s3_bucket, "province", tmp_path / "web", MIB).put_bytes(data)
    judge = through(relay, s3_bucket, tmp_path / "judge")
    relay.cut_after = MIB
    with pytest.raises(StoreUnavailable, match="cannot be reached while reading"):
        judge.verify(digest)
    assert not judge.cache.path(digest).exists()
    assert list(judge.cache.staging.iterdir()) == []
    relay.cut_after = None
    assert judge.verify(digest).read_bytes() == data


class Unplugged:
    """``data`` read in steps of 1 MiB; once ``at`` bytes have been read, ``relay`` goes down."""

    def __init__(self, data: bytes, relay: Relay, at: int) -> None:
        self.data = io.BytesIO(data)
        self.relay = relay
        self.at = at

    def read(self, size: int = -1, /) -> bytes:
        if self.data.tell() >= self.at:
            self.relay.go_down()
        return self.data.read(min(size, MIB) if size >= 0 else MIB)


def test_an_endpoint_gone_midway_through_an_upload_leaves_no_object_and_the_rest_is_swept(
    relay: Relay, s3_endpoint: str, s3_bucket: str, tmp_path: Path
) -> None:
    data = os.urandom(12 * MIB)
    digest = hashlib.sha256(data).hexdigest()
    web = through(relay, s3_bucket, tmp_path / "web")
    with pytest.raises(StoreUnavailable, match="cannot be reached while uploading part 2"):
        web.put(Unplugged(data, relay, 6 * MIB))
    owner = S3Store(s3_client(s3_endpoint, "us-east-1"), s3_bucket, "province", tmp_path / "owner", MIB)
    assert digest not in owner
    # the abort could not reach the endpoint either: the upload begun is left under the temporary prefix only
    uploads = owner.client.list_multipart_uploads(Bucket=s3_bucket).get("Uploads", [])
    assert [upload["Key"][:13] for upload in uploads] == ["province/tmp/"]
    assert len(owner.sweep_uploads(0)) == 1
    relay.down = False
    assert web.put(io.BytesIO(data)) == (digest, len(data))
    assert owner.holds(digest, len(data))
    assert owner.client.list_multipart_uploads(Bucket=s3_bucket).get("Uploads", []) == []
