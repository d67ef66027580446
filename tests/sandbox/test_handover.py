"""A sandbox handed from one ``hoithi judge run`` to the next (``sandbox/handover.py``): the next command uses the
container the last one left, each container serves one command, of two claimants exactly one wins, a dead or
expired one is never used and is removed, the sweep leaves alone what waits or serves, and another configuration
never takes it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sandbox import cgroups, docker_api, engine, handover
from sandbox.ahead import OpenedAhead, destroy_detached
from sandbox.channel import DockerAttachChannel
from sandbox.cli import sandbox_cli
from sandbox.docker_backend import DockerBackend
from sandbox.docker_leftovers import CGROUP_LABEL, sweep
from sandbox.engine import EngineError, Listed, LocalEngine
from sandbox.harness_client import HarnessSession
from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.session import SandboxError

from .conftest import usable
from .test_pool import MARKED, _session_folders

pytestmark = pytest.mark.docker

THEMIS = Path(__file__).parent.parent / "judge" / "data" / "themis" / "SUM"
HOITHI = [sys.executable, "-c", "import sys; from app.cli import main; sys.argv[0] = 'hoithi'; sys.exit(main())"]
PYTHON = LANGUAGES["python"]


@pytest.fixture
def base(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This test's cgroup folder (so its containers have a key of their own), handover on, a short idle time;
    afterwards every container of this test removed and no cgroup of it left."""
    folder = f"hoithi/test-handover-{os.getpid()}"
    monkeypatch.setenv("HOITHI_CGROUP", folder)
    monkeypatch.setenv("HOITHI_CLI_WARM_SANDBOX", "1")
    monkeypatch.setenv("HOITHI_CLI_WARM_SANDBOX_IDLE", "60")
    yield folder
    cli = _engine()
    for listed in _ours(cli, folder):
        cli.remove(listed.id)
    for session in _session_folders(folder):
        cgroups.SessionCgroup(cgroups.detect(), session.name, None, 0, 0, folder).remove()
    assert _session_folders(folder) == []
    for root in cgroups.detect().mounts:
        if (root / folder).is_dir():
            (root / folder).rmdir()


def _engine() -> LocalEngine:
    cli = engine.connect()
    if not isinstance(cli, LocalEngine):
        reason = "handover needs an engine on a local unix socket"
        if os.environ.get("HOITHI_REQUIRE_SANDBOX") == "1":  # CI must not pass by skipping
            pytest.fail(reason)
        pytest.skip(reason)
    return cli


def _backend() -> DockerBackend:
    backend = usable("docker")
    assert isinstance(backend, DockerBackend)
    return backend


def _ours(cli: LocalEngine, folder: str) -> list[Listed]:
    """The handed-over containers whose cgroup is under ``folder``."""
    return [
        listed
        for listed in cli.listing(docker_api.CONTAINER_PREFIX, handover.WARM_LABEL)
        if listed.labels.get(CGROUP_LABEL, "").startswith(f"{folder}/")
    ]


def _waiting(cli: LocalEngine, folder: str, timeout: float = 60.0) -> Listed:
    """The one container waiting under ``folder``, once it waits (and nothing else of ``folder`` is left)."""
    deadline = time.monotonic() + timeout
    while True:
        found = _ours(cli, folder)
        if len(found) == 1 and found[0].name.startswith(handover.WAITING) and found[0].state == "running":
            return found[0]
        assert time.monotonic() < deadline, f"no container waits alone: {found}"
        time.sleep(0.05)


def _gone(cli: LocalEngine, container: str, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while cli.inspect(container) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _inspected(cli: LocalEngine, container: str) -> dict[str, Any]:
    found = cli.inspect(container)
    assert found is not None, container
    return found


def _hoithi(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HOITHI, *map(str, args)], capture_output=True, text=True, timeout=120)


def _renames(container: str, since: float) -> list[str]:
    """The names ``container`` was given since ``since`` (the engine's events)."""
    events = docker_api.client().events(
        since=int(since) - 1,
        until=int(time.time()) + 1,
        filters={"container": container, "event": "rename"},
        decode=True,
    )
    return [event["Actor"]["Attributes"]["name"] for event in events]


def test_the_next_command_uses_the_container_the_last_one_left(base: str) -> None:
    cli = _engine()
    started = time.time()
    first = _hoithi("judge", "run", THEMIS, THEMIS / "submissions" / "accepted" / "sum_stdio.py", "--sandbox", "docker")
    assert (first.returncode, first.stdout.splitlines()[-1]) == (0, "AC  100 / 100"), first.stderr
    left = _waiting(cli, base)
    second = _hoithi(
        "judge", "run", THEMIS, THEMIS / "submissions" / "wrong_answer" / "difference.cpp", "--sandbox", "docker"
    )
    assert (second.returncode, second.stdout.splitlines()[-1].split()[0]) == (0, "WA"), second.stderr
    assert _gone(cli, left.id)  # used by the second command, then removed
    assert _renames(left.id, started) == [left.name, f"{handover.TAKEN}{left.id}"]  # named waiting, claimed once
    third = _hoithi("judge", "run", THEMIS, THEMIS / "submissions" / "accepted" / "sum_stdio.c", "--json")
    assert json.loads(third.stdout)["verdict"] == "AC", third.stderr
    after = _waiting(cli, base)
    assert after.id != left.id  # each command left a fresh one; none served twice
    deadline = time.monotonic() + 30  # the used containers' cgroups go with them
    while {folder.name for folder in _session_folders(base)} != {after.labels[CGROUP_LABEL].rpartition("/")[2]}:
        assert time.monotonic() < deadline, _session_folders(base)
        time.sleep(0.05)


def test_a_handed_over_sandbox_is_fresh_and_its_runs_isolated(base: str) -> None:
    backend, cli = _backend(), _engine()
    handover.make_ready(backend)
    left = _waiting(cli, base)
    with OpenedAhead(lambda: backend) as ahead, ahead.open_session() as session:
        assert _inspected(cli, left.id)["Name"] == f"/{handover.TAKEN}{left.id}"  # this is the one claimed
        assert session.compile(PYTHON, MARKED).ok
        first = session.run(Limits()).result
        assert first.stdout.decode().startswith("False")  # nothing was left in it before
        assert session.run(Limits()).result.stdout.decode().startswith("False")  # nor by a run for the next
        assert session.run(Limits(cpu_ms=200), stdin=b"").result.ok
    _waiting(cli, base)  # the command's close left the next one


def test_of_two_claimants_exactly_one_wins(base: str) -> None:
    backend = _backend()
    for _ in range(3):
        handover.make_ready(backend)
        waiting = _waiting(_engine(), base)
        clients = [_engine() for _ in range(4)]
        barrier = threading.Barrier(len(clients))
        won: list[HarnessSession] = []
        threads = [threading.Thread(target=_claim, args=(backend, cli, barrier, won)) for cli in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(won) == 1
        assert won[0].compile(PYTHON, b"print(7)\n").ok
        won[0].close()
        assert _gone(_engine(), waiting.id)


def test_of_two_makers_at_once_one_container_is_left_waiting(base: str) -> None:
    backend, cli = _backend(), _engine()
    makers = [threading.Thread(target=_make_ready, args=(backend,)) for _ in range(2)]
    for maker in makers:
        maker.start()
    for maker in makers:
        maker.join()
    _waiting(cli, base)  # the other maker's container is removed (the name was taken), with its cgroup
    deadline = time.monotonic() + 30
    while len({folder.name for folder in _session_folders(base)}) != 1:
        assert time.monotonic() < deadline, _session_folders(base)
        time.sleep(0.05)


def _make_ready(backend: DockerBackend) -> None:
    with contextlib.suppress(SandboxError):  # the maker that lost: its container is not named waiting, and removed
        handover.make_ready(backend)


def test_the_engine_lets_one_rename_of_many_to_one_name_through() -> None:
    """What ``claim`` rests on, many times over: renames of one container to one name at once, one succeeds."""
    cli = _engine()
    config = {"Image": usable("docker").image, "Cmd": ["true"]}
    for round_ in range(10):
        container = cli.create(config, f"{docker_api.CONTAINER_PREFIX}test-rename-{os.getpid()}")
        try:
            clients = [_engine() for _ in range(6)]
            barrier = threading.Barrier(len(clients))
            results: list[bool] = []
            threads = [
                threading.Thread(target=_rename, args=(client, container, barrier, results)) for client in clients
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(results) == [False] * 5 + [True], round_
        finally:
            cli.remove(container)


def _claim(backend: DockerBackend, cli: LocalEngine, barrier: threading.Barrier, won: list[HarnessSession]) -> None:
    barrier.wait()
    session = handover.claim(backend, cli)
    if session is not None:
        won.append(session)


def _rename(cli: LocalEngine, container: str, barrier: threading.Barrier, results: list[bool]) -> None:
    barrier.wait()
    try:
        cli.rename(container, f"{handover.TAKEN}{container}")
        results.append(True)
    except EngineError:
        results.append(False)


def test_a_dead_waiting_sandbox_is_not_used_and_is_removed(base: str) -> None:
    backend, cli = _backend(), _engine()
    handover.make_ready(backend)
    killed = _waiting(cli, base)
    docker_api.client().containers.get(killed.id).kill()
    assert handover.claim(backend, cli) is None
    handover.make_ready(backend)  # the next command's: removes the dead one, makes a new one
    assert cli.inspect(killed.id) is None
    fresh = _waiting(cli, base)
    # one that runs but whose harness does not answer: claimed, pinged, removed, not used
    os.kill(_inspected(cli, fresh.id)["State"]["Pid"], signal.SIGSTOP)
    assert handover.claim(backend, cli) is None
    assert _gone(cli, fresh.id)
    with OpenedAhead(lambda: backend) as ahead, ahead.open_session() as session:  # a command then starts its own
        assert session.compile(PYTHON, b"print(1)\n").ok
    _waiting(cli, base)  # and leaves one for the next
    assert killed.labels[CGROUP_LABEL] != fresh.labels[CGROUP_LABEL]
    names = {folder.name for folder in _session_folders(base)}
    assert killed.labels[CGROUP_LABEL].rpartition("/")[2] not in names
    assert fresh.labels[CGROUP_LABEL].rpartition("/")[2] not in names


def test_a_waiting_sandbox_ends_after_its_idle_time_and_is_swept(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOITHI_CLI_WARM_SANDBOX_IDLE", "2")
    backend, cli = _backend(), _engine()
    handover.make_ready(backend)
    (waiting,) = _ours(cli, base)
    assert waiting.name == f"{handover.WAITING}{backend.warm_key(cli)}"
    deadline = time.monotonic() + 30
    while cli.status(waiting.id) == "running":
        assert time.monotonic() < deadline, "the waiting container outlived its idle time"
        time.sleep(0.1)
    assert handover.claim(backend, cli) is None
    swept = CliRunner().invoke(sandbox_cli, ["sweep"])
    assert swept.exit_code == 0 and swept.output.startswith("removed "), swept.output
    assert cli.inspect(waiting.id) is None
    assert _session_folders(base) == []


def test_the_sweep_leaves_waiting_and_serving_sandboxes_and_removes_a_dead_claimants(base: str) -> None:
    backend, cli = _backend(), _engine()
    destroy_detached(lambda: handover.make_ready(backend))  # made by a process that is gone once it waits
    waiting = _waiting(cli, base)
    sweep()
    assert cli.status(waiting.id) == "running"  # its maker is gone, but it waits: left alone
    with OpenedAhead(lambda: backend) as ahead, ahead.open_session() as session:
        sweep()  # it serves a live command: left alone
        assert session.compile(PYTHON, b"print(3)\n").ok
        assert session.run(Limits()).result.stdout == b"3\n"
    # a claimant killed outright: the container stops with the claimant's stream, and the sweep removes it
    waiting = _waiting(cli, base)
    claimant = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from sandbox import handover, engine; from sandbox.docker_backend import DockerBackend\n"
            "backend = DockerBackend(); cli = engine.connect(); backend.check_image(cli)\n"
            "assert handover.claim(backend, cli) is not None; print('claimed', flush=True)\n"
            "import time; time.sleep(600)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert claimant.stdout is not None and claimant.stdout.readline() == "claimed\n"
    sweep()
    assert cli.status(waiting.id) == "running"  # its claimant lives
    claimant.kill()
    claimant.wait()
    deadline = time.monotonic() + 30
    while cli.status(waiting.id) == "running":
        assert time.monotonic() < deadline, "the container outlived its claimant"
        time.sleep(0.05)
    assert sweep() >= 1
    assert cli.inspect(waiting.id) is None


def test_another_configuration_never_takes_it(base: str) -> None:
    backend, cli = _backend(), _engine()
    handover.make_ready(backend)
    waiting = _waiting(cli, base)
    other = DockerBackend(memory_bytes=backend.memory_bytes // 2)
    other.check_image(cli)
    assert other.warm_key(cli) != backend.warm_key(cli)
    assert handover.claim(other, cli) is None
    assert cli.status(waiting.id) == "running"
    assert _inspected(cli, waiting.id)["Name"] == f"/{waiting.name}"


def test_it_can_be_turned_off(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOITHI_CLI_WARM_SANDBOX", "0")
    backend, cli = _backend(), _engine()
    assert backend.ready_next() is None
    with OpenedAhead(lambda: backend) as ahead, ahead.open_session() as session:
        assert session.compile(PYTHON, b"print(1)\n").ok
    time.sleep(1)
    assert _ours(cli, base) == []


def test_a_harness_told_to_end_when_idle_serves_until_then(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness's ``--idle-exit`` counts from the last command served, not from its start."""
    monkeypatch.setenv("HOITHI_CLI_WARM_SANDBOX_IDLE", "2")
    backend, cli = _backend(), _engine()
    container, stream, _, cgroup = backend.start(cli, "test-idle")
    stream.close()
    attached, first = cli.attach(container, stdin=True)
    session = backend.session_of(cli, container, attached, DockerAttachChannel(attached, first), cgroup)
    try:
        for _ in range(4):  # 4 s in all, a command every second
            assert session.alive(5)
            time.sleep(1)
        deadline = time.monotonic() + 10
        while cli.status(container) == "running":
            assert time.monotonic() < deadline
            time.sleep(0.1)
        with pytest.raises(SandboxError):
            session.compile(PYTHON, b"print(1)\n")
    finally:
        session.close()
