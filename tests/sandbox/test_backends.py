"""Choosing a backend, the doctor, and what is particular to each backend."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import docker
import pytest
from click.testing import CliRunner

from judge.errors import LanguageUnavailable
from judge.grader import grade
from judge.problem import CheckerSpec, Problem, TestCase, TestGroup
from judge.verdict import Verdict
from sandbox import backends, docker_api, scratch
from sandbox.bwrap_backend import BwrapBackend
from sandbox.cli import sandbox_cli
from sandbox.docker_api import CONTAINER_PREFIX
from sandbox.docker_backend import HARNESS_SOCKET_DIR, DockerBackend
from sandbox.docker_leftovers import OWNER_LABEL, sweep
from sandbox.harness_source import HARNESS_SOURCE
from sandbox.image import HARNESS_LABEL, HARNESS_PROGRAM, IMAGE_TAG, SCRATCH_LABEL
from sandbox.image.build import _apt_mirror
from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.session import Backend, SandboxError

from .. import scratch_projects
from .conftest import usable

HELLO_C = b'#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n'
ONE_TEST = Problem(
    name="cong",
    title="Cộng",
    format="kattis",
    time_limit_ms=2000,
    memory_limit_kb=512 * 1024,
    wall_limit_ms=None,
    checker=CheckerSpec(),
    root=TestGroup("secret", (TestCase("t1", "secret", b"3\n4\n", b"7\n"),)),
)


def _broken_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(backends.BACKENDS, "docker", lambda: DockerBackend(image="hoithi-runner:no-such-version"))
    monkeypatch.setitem(backends.BACKENDS, "bwrap", lambda: BwrapBackend(bwrap="/nonexistent/bwrap"))


def test_no_working_backend_means_no_sandbox_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    _broken_backends(monkeypatch)
    with pytest.raises(SandboxError) as error:
        backends.get_backend("auto")
    assert "docker:" in str(error.value)
    assert "bubblewrap is not installed" in str(error.value)


def test_the_environment_chooses_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    _broken_backends(monkeypatch)
    monkeypatch.setenv("HOITHI_SANDBOX", "bwrap")
    with pytest.raises(SandboxError, match="bwrap: bubblewrap is not installed"):
        backends.get_backend()
    with pytest.raises(SandboxError, match="unknown sandbox backend 'nsjail'"):
        backends.get_backend("nsjail")


def test_without_a_trial_the_first_session_is_the_trial(monkeypatch: pytest.MonkeyPatch) -> None:
    """``hoithi judge run`` starts no trial sandbox: bubblewrap's own checks pass, and a sandbox that cannot start
    fails the command's first session instead of ``get_backend``."""
    # A bubblewrap that cannot start a sandbox, for real: `false` in its place passes the installation checks.
    monkeypatch.setitem(backends.BACKENDS, "bwrap", lambda: BwrapBackend(bwrap="false"))
    with pytest.raises(SandboxError, match="sandbox did not start"):
        backends.get_backend("bwrap")
    backend = backends.get_backend("bwrap", trial=False)
    with pytest.raises(SandboxError, match="sandbox did not start"):
        backend.open_session()
    monkeypatch.setitem(backends.BACKENDS, "bwrap", lambda: BwrapBackend(bwrap="/nonexistent/bwrap"))
    with pytest.raises(SandboxError, match="bubblewrap is not installed"):
        backends.get_backend("bwrap", trial=False)


def test_a_missing_runner_image_is_refused_clearly() -> None:
    reason = DockerBackend(image="hoithi-runner:no-such-version").check()
    assert reason is not None
    assert "build-image" in reason or "engine" in reason


def _runs_c_but_not_scratch(backend: Backend) -> str:
    """Asserts that ``backend`` works, runs a C program, and refuses a Scratch project before any sandbox starts;
    the reason it gives for Scratch."""
    assert backend.check() is None
    with backend.open_session() as session:
        assert session.compile(LANGUAGES["c"], HELLO_C).ok
        assert session.run(Limits()).result.stdout == b"ok\n"
    reason = backend.unavailable()["scratch"]
    assert list(backend.unavailable()) == ["scratch"]
    with pytest.raises(LanguageUnavailable, match="Scratch 3 cannot be judged on this host") as refused:
        grade(ONE_TEST, scratch_projects.adder(), LANGUAGES["scratch"], backend)
    assert refused.value.reason == reason
    return reason


@pytest.mark.docker
def test_an_image_with_another_scratch_runtime_judges_all_but_scratch() -> None:
    """An image of this version built before the Scratch runner changed (or without it) would judge Scratch with
    the old runner: Scratch alone is refused, naming the rebuild; every other language runs in it."""
    usable("docker")
    cli = docker_api.client()
    tag = "hoithi-runner-test:stale-scratch"
    dockerfile = f"FROM {IMAGE_TAG}\nLABEL {SCRATCH_LABEL}=an-older-runner\n".encode()
    cli.images.build(fileobj=io.BytesIO(dockerfile), tag=tag, rm=True)
    try:
        reason = _runs_c_but_not_scratch(DockerBackend(image=tag))
    finally:
        cli.images.remove(tag)
    assert "another Scratch runtime" in reason and "build-image" in reason, reason


@pytest.mark.bwrap
def test_a_host_without_the_scratch_runtime_judges_all_but_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An IT teacher who never installed the Scratch runtime (here: the runtime setting names an empty folder)
    still judges C; only Scratch is unavailable, saying what to install. A copy of another version is refused
    likewise."""
    usable("bwrap")
    monkeypatch.setenv("HOITHI_SCRATCH_RUNTIME", str(tmp_path))
    reason = _runs_c_but_not_scratch(BwrapBackend())
    assert f"the Scratch runtime is not installed in {tmp_path}" in reason and "make scratch-runtime" in reason
    (tmp_path / ".hoithi-stamp").write_text("an older runner\n")
    assert "is another version than this code's" in _runs_c_but_not_scratch(BwrapBackend())
    result = CliRunner().invoke(sandbox_cli, ["doctor"])
    assert "bwrap: works" in result.output
    assert (
        f"bwrap: but Scratch 3 cannot be judged: the Scratch runtime is another version than this code's in {tmp_path}"
        in result.output
    )


@pytest.mark.bwrap
def test_a_runtime_kept_elsewhere_is_judged_from_where_the_runner_looks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``HOITHI_SCRATCH_RUNTIME`` may name another copy (here hard links to the installed one): it is mounted at
    the folder the runner's command names, and Scratch projects are judged from it."""
    usable("bwrap")
    installed = scratch.host_runtime()
    if scratch.unfit(installed) is not None:  # CI installs it (make scratch-runtime): a skip here would hide that
        pytest.fail(f"this test needs the Scratch runtime: {scratch.unfit(installed)}")
    monkeypatch.setenv("HOITHI_SCRATCH_RUNTIME", str(tmp_path / "scratch"))
    subprocess.run(["cp", "-al", str(installed), str(tmp_path / "scratch")], check=True)
    closed = BwrapBackend()
    assert "is not open to other users" in closed.unavailable()["scratch"]  # pytest's folders are the owner's
    assert closed.check() is None  # ... and so it is not mounted: every other language still runs
    open_folder = Path(tempfile.mkdtemp(prefix="hoithi-scratch-test-"))
    try:
        open_folder.chmod(0o755)
        copy = open_folder / "scratch"
        (tmp_path / "scratch").rename(copy)
        monkeypatch.setenv("HOITHI_SCRATCH_RUNTIME", str(copy))
        backend = BwrapBackend()
        assert backend.unavailable() == {}
        assert grade(ONE_TEST, scratch_projects.adder(), LANGUAGES["scratch"], backend).verdict is Verdict.AC
        # the copy's scratch-vm taken away (a link of the copy's own: the installed one keeps it), so a project
        # can run only if the sandbox used the installed copy after all
        (copy / "node_modules" / "scratch-vm" / "dist" / "node" / "scratch-vm.js").unlink()
        assert grade(ONE_TEST, scratch_projects.adder(), LANGUAGES["scratch"], backend).verdict is not Verdict.AC
    finally:
        shutil.rmtree(open_folder)
    assert (installed / "node_modules" / "scratch-vm" / "dist" / "node" / "scratch-vm.js").is_file()


def test_doctor_reports_every_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    _broken_backends(monkeypatch)
    result = CliRunner().invoke(sandbox_cli, ["doctor"])
    assert result.exit_code == 1
    assert "docker: does not work" in result.output
    assert "bwrap: does not work: bubblewrap is not installed" in result.output


@pytest.mark.docker
def test_sweep_removes_only_abandoned_containers(docker_backend: Backend) -> None:
    crash = "from sandbox.docker_backend import DockerBackend; DockerBackend().open_session(); import os; os._exit(0)"
    crashed = subprocess.Popen([sys.executable, "-c", crash])
    assert crashed.wait(timeout=60) == 0
    with docker_backend.open_session() as alive:
        assert sweep() >= 1
        owners = [
            c.labels[OWNER_LABEL]
            for c in docker.from_env().containers.list(all=True, filters={"name": CONTAINER_PREFIX})
        ]
        assert f"{socket.gethostname()}:{crashed.pid}" not in owners
        assert f"{socket.gethostname()}:{os.getpid()}" in owners  # ours is in use: left alone
        alive.compile(LANGUAGES["python"], b"print(1)")
        assert alive.run(Limits()).result.stdout == b"1\n"


@pytest.mark.docker
@pytest.mark.slow
def test_the_harness_socket_is_gone_before_any_program_runs(docker_backend: Backend) -> None:
    """The harness talks over a unix socket bound into the container for its start: by the first run the socket and
    its folder are removed, on the host and so in the container (a removed folder has no links)."""
    before = set(Path(tempfile.gettempdir()).glob("hoithi-harness-*"))
    probe = f"import os\nprint(os.stat({HARNESS_SOCKET_DIR!r}).st_nlink)\n".encode()
    with docker_backend.open_session() as session:
        assert set(Path(tempfile.gettempdir()).glob("hoithi-harness-*")) <= before
        assert session.compile(LANGUAGES["python"], probe).ok
        result = session.run(Limits()).result
    assert (result.ok, result.stdout) == (True, b"0\n"), result


def test_the_debian_mirror_is_the_one_apt_uses(tmp_path: Path) -> None:
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(
        "Types: deb\nURIs: http://mirror.example.vn/debian/\nSuites: bookworm\n\n"
        "Types: deb\nURIs: http://mirror.example.vn/debian-security\nSuites: bookworm-security\n"
    )
    assert _apt_mirror(tmp_path) == "http://mirror.example.vn/debian"
    (tmp_path / "sources.list").write_text("# local\ndeb [arch=amd64] http://apt.school.edu.vn/debian bookworm main\n")
    assert _apt_mirror(tmp_path) == "http://apt.school.edu.vn/debian"


@pytest.mark.bwrap
def test_sandboxed_programs_keep_the_workers_lower_priority() -> None:
    """Under autogroup a new session is a scheduling group of its own: the bubblewrap sandbox's session gets the
    worker's nice value, so contestants' programs yield the CPU to the web server as the worker does."""
    if not Path("/proc/self/autogroup").exists():
        pytest.fail("this kernel has no autogroup: the test cannot say anything here")
    source = b"import os\nprint(open('/proc/self/autogroup').read().split()[-1], os.getpriority(os.PRIO_PROCESS, 0))\n"
    script = (
        "import os, sys\nos.nice(7)\n"
        "from sandbox.bwrap_backend import BwrapBackend\nfrom sandbox.languages import LANGUAGES\n"
        "from sandbox.limits import Limits\n"
        "with BwrapBackend().open_session() as s:\n"
        f"    assert s.compile(LANGUAGES['python'], {source!r}).ok\n"
        "    sys.stdout.write(s.run(Limits()).result.stdout.decode())\n"
    )
    usable("bwrap")
    # a session of its own, as `hoithi up` starts workers, so the test's own group is not the one changed
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.split() == ["7", "7"]  # the group's nice, the process's nice


def _harness_command(backend: Backend) -> list[str]:
    """The command of the one sandbox container this test process has."""
    owner = f"{socket.gethostname()}:{os.getpid()}"
    found = docker_api.client().containers.list(filters={"label": f"{OWNER_LABEL}={owner}"})
    assert len(found) == 1
    return [found[0].attrs["Path"], *found[0].attrs["Args"]]


@pytest.mark.docker
@pytest.mark.slow
def test_the_container_runs_the_harness_compiled_into_the_image(docker_backend: Backend) -> None:
    with docker_backend.open_session() as session:
        command = _harness_command(docker_backend)
        assert session.compile(LANGUAGES["c"], HELLO_C).ok
        assert session.run(Limits()).result.stdout == b"ok\n"
    assert command[:4] == ["python3", "-I", "-S", HARNESS_PROGRAM]


@pytest.mark.docker
@pytest.mark.slow
def test_an_image_with_another_harness_is_given_this_harness_as_source() -> None:
    """An image built before the harness changed holds the old harness compiled: the container is given this code's
    source instead, and works as well (if slower to start)."""
    usable("docker")
    cli = docker_api.client()
    tag = "hoithi-runner-test:stale-harness"
    dockerfile = f"FROM {IMAGE_TAG}\nLABEL {HARNESS_LABEL}=an-older-harness\n".encode()
    cli.images.build(fileobj=io.BytesIO(dockerfile), tag=tag, rm=True)
    try:
        stale = DockerBackend(image=tag)
        assert stale.quick_check() is None
        with stale.open_session() as session:
            command = _harness_command(stale)
            assert session.compile(LANGUAGES["c"], HELLO_C).ok
            assert session.run(Limits()).result.stdout == b"ok\n"
    finally:
        cli.images.remove(tag)
    assert command[:5] == ["python3", "-I", "-S", "-c", HARNESS_SOURCE]
