"""The Docker engine's own API on its local socket (``sandbox.engine``), against the real engine, beside the SDK."""

from __future__ import annotations

import time
import uuid

import docker
import pytest

from sandbox import engine
from sandbox.docker_leftovers import SANDBOX_LABEL
from sandbox.image import IMAGE_TAG
from sandbox.session import Backend

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_a_container_is_made_watched_read_and_removed(docker_backend: Backend) -> None:
    """What the backend needs of the engine, end to end: the image's inspection (as the SDK gives it), a container
    created and started from a configuration, its state, its stderr, the sandbox listing, its removal."""
    cli = engine.connect()
    assert isinstance(cli, engine.LocalEngine)  # this machine's engine is on its unix socket
    image = cli.image(IMAGE_TAG)
    assert image is not None
    assert image["Id"] == docker.from_env().images.get(IMAGE_TAG).id
    assert cli.image("hoithi-runner:no-such-version") is None
    name = f"hoithi-sbx-test-{uuid.uuid4().hex[:8]}"
    config = {
        "Image": IMAGE_TAG,
        # the engine logs each stream as it reads it: the stdout line goes first, so that the last line is stderr's
        "Cmd": ["sh", "-c", "echo out; sleep 0.3; echo 'lỗi' >&2; echo again >&2"],
        "Labels": {SANDBOX_LABEL: "1"},
        "HostConfig": {"NetworkMode": "none"},
    }
    container = cli.create(config, name)
    try:
        assert cli.status(container) == "created"
        assert container in [found for found, _ in cli.sandbox_containers("hoithi-sbx-test-", SANDBOX_LABEL)]
        cli.start(container)
        deadline = time.monotonic() + 30
        while cli.status(container) != "exited":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert cli.logs(container, tail=20) == "lỗi\nagain\n".encode()  # stderr only, unframed
        assert cli.logs(container, tail=1) == b"again\n"
    finally:
        cli.remove(container)
    assert cli.status(container) == "removed"
    cli.remove(container)  # gone already: fine


def test_an_engine_refusal_says_why(docker_backend: Backend) -> None:
    with pytest.raises(engine.EngineError) as refused:
        engine.connect().create({"Image": "hoithi-runner:no-such-version"}, f"hoithi-sbx-test-{uuid.uuid4().hex[:8]}")
    assert refused.value.status == 404
    assert "no-such-version" in str(refused.value)


def test_the_environment_names_the_engine() -> None:
    assert engine.local_socket("") == "/var/run/docker.sock"
    assert engine.local_socket("unix:///run/user/1000/docker.sock") == "/run/user/1000/docker.sock"
    assert engine.local_socket("tcp://10.0.0.5:2376") is None
    assert engine.local_socket("ssh://judge@host") is None
