"""Benchmark: how fast the ``hoithi`` command line starts, against the bare costs (issue 14, item 4).

1. ``hoithi --help`` against ``python3 -c pass`` (target: at most 5x; DMOJ's ``import dmoj.judge`` is 4.8x).
2. ``hoithi judge run`` of a C++ a+b on a Themis task of 6 tests against compiling it with g++ and running the 6
   tests directly (target: at most 5x), with the compilation cache empty (hoithi compiles) and filled (the same
   source judged again: hoithi compiles nothing, the bare run still compiles).

Each figure is the median of ``--repeat`` runs, as hyperfine would give it. ``hoithi`` is this checkout's, run as
its console script runs it. Ratios, not absolute times, are the figures of merit: the machine may be busy. The bare
run and the judged ones take turns, round by round, so that each ratio's two sides meet the same load (measured
one after the other, the bare run alone took from 43 to 148 ms at load 4-5 on the 2-core test machine).

On Docker a command takes the container the command before it left waiting (``sandbox/handover.py``): each judged
run is measured once the one before has settled (its container removed and the next one waiting, as for commands
typed some seconds apart; the making of that container, by a process of the command's own after it has printed,
is not in any figure): "handed over". The very first run, with no container waiting yet, is shown on its own
("the first of all", one run), and the same commands with ``HOITHI_CLI_WARM_SANDBOX=0`` ("its own container":
each starts its own, as the first of all does) take their turns too. The bench makes its containers under a
cgroup folder of its own (``HOITHI_CGROUP``), so their key is its own: no other command's waiting container is
taken, and it removes what it leaves.

    .venv/bin/python -m bench.cli_start [--repeat 15] [--sandbox bwrap]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOITHI = [sys.executable, "-c", "import sys; from app.cli import main; sys.argv[0] = 'hoithi'; sys.exit(main())"]
AB = b'#include <cstdio>\nint main(){long long a,b; if(scanf("%lld %lld",&a,&b)!=2) return 1; printf("%lld\\n",a+b);}\n'
TESTS = 6


def median_seconds(run: Callable[[], None], repeat: int) -> float:
    """The median wall-clock time of ``run`` over ``repeat`` runs, after one run to warm the disk cache."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def environment(**settings: str) -> dict[str, str]:
    """This environment with ``settings``, and Python's bytecode kept as an installed hoithi keeps it (without it
    every start compiles every module again)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **settings}


def command(argv: list[str], env: dict[str, str] | None = None) -> Callable[[], None]:
    def run() -> None:
        subprocess.run(
            argv, cwd=ROOT, env=env or environment(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    return run


def judged(argv: list[str], env: dict[str, str]) -> Callable[[], float]:
    """A run of ``hoithi judge run`` that gives its own wall-clock time, then waits until it has settled (``settled``):
    what is left to processes of its own after the command must not fall into the next run measured."""

    def run() -> float:
        start = time.perf_counter()
        with subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
            code = proc.wait()
        elapsed = time.perf_counter() - start
        if code != 0:
            raise subprocess.CalledProcessError(code, argv)
        settled(proc.pid, env)
        return elapsed

    return run


def settled(pid: int, env: dict[str, str], timeout: float = 30.0) -> None:
    """Wait until the engine holds no sandbox container made by the process ``pid`` and, under ``env``'s cgroup
    folder, none but one container waiting for the next command (when commands hand one over), or none at all."""
    from sandbox import engine, handover
    from sandbox.docker_api import CONTAINER_PREFIX
    from sandbox.docker_leftovers import CGROUP_LABEL, OWNER_LABEL, SANDBOX_LABEL

    path = engine.local_socket()
    if path is None or not Path(path).exists():
        return
    owner = f"{socket.gethostname()}:{pid}"
    folder = f"{env['HOITHI_CGROUP']}/"
    handing = env.get("HOITHI_CLI_WARM_SANDBOX") != "0" and "docker" in env.get("HOITHI_SANDBOX", "")
    cli = engine.connect()
    deadline = time.monotonic() + timeout
    while True:
        found = cli.listing(CONTAINER_PREFIX, SANDBOX_LABEL)
        ours = [
            c for c in found if c.labels.get(OWNER_LABEL) == owner or c.labels.get(CGROUP_LABEL, "").startswith(folder)
        ]
        rest = [c for c in ours if not (c.name.startswith(handover.WAITING) and c.state == "running")]
        if not rest and len(ours) == (1 if handing else len(ours)):
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"hoithi {pid} has not settled after {timeout:g} s: {ours}")
        time.sleep(0.01)
    cli.close()


def clean(env: dict[str, str]) -> None:
    """Remove the containers left under ``env``'s cgroup folder, their cgroups and the folder."""
    from sandbox import cgroups, engine
    from sandbox.docker_api import CONTAINER_PREFIX
    from sandbox.docker_leftovers import CGROUP_LABEL, SANDBOX_LABEL, remove_with_cgroup

    folder = env["HOITHI_CGROUP"]
    path = engine.local_socket()
    if path is not None and Path(path).exists():
        cli = engine.connect()
        for listed in cli.listing(CONTAINER_PREFIX, SANDBOX_LABEL):
            if listed.labels.get(CGROUP_LABEL, "").startswith(f"{folder}/"):
                remove_with_cgroup(cli, listed.id, listed.labels)
        cli.close()
    for root in cgroups.detect().mounts:
        with contextlib.suppress(OSError):
            (root / folder).rmdir()


def timed(run: Callable[[], None]) -> Callable[[], float]:
    def measured() -> float:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start

    return measured


def make_task(folder: Path) -> tuple[Path, Path]:
    """A Themis task ``AB`` of 6 tests and the C++ source that solves it."""
    task = folder / "AB"
    for n in range(1, TESTS + 1):
        test = task / f"Test{n:02d}"
        test.mkdir(parents=True)
        (test / "AB.INP").write_text(f"{n} {n * 7}\n")
        (test / "AB.OUT").write_text(f"{n * 8}\n")
    source = folder / "ab.cpp"
    source.write_bytes(AB)
    return task, source


def bare(task: Path, source: Path, folder: Path) -> Callable[[], None]:
    """Compile ``source`` as hoithi compiles C++ and run it on every test, checking its answers."""

    def run() -> None:
        binary = folder / "ab"
        subprocess.run(["g++", "-std=gnu++17", "-O2", "-pipe", "-o", str(binary), str(source)], check=True)
        for test in sorted(task.iterdir()):
            out = subprocess.run([str(binary)], stdin=(test / "AB.INP").open("rb"), capture_output=True, check=True)
            assert out.stdout.split() == (test / "AB.OUT").read_bytes().split()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sandbox", default="bwrap", choices=["bwrap", "docker"])
    args = parser.parse_args()

    nothing = median_seconds(command([sys.executable, "-c", "pass"]), args.repeat)
    helped = median_seconds(command([*HOITHI, "--help"]), args.repeat)
    print(f"{'python3 -c pass':<60} {nothing * 1000:8.1f} ms")
    print(f"{'hoithi --help':<60} {helped * 1000:8.1f} ms  {helped / nothing:5.1f}x")

    base = {"HOITHI_CGROUP": f"hoithi/bench-{os.getpid()}", "HOITHI_SANDBOX": args.sandbox}
    handed, alone = {**base, "HOITHI_CLI_WARM_SANDBOX": "1"}, {**base, "HOITHI_CLI_WARM_SANDBOX": "0"}
    kinds = [("handed", handed), ("alone", alone)] if args.sandbox == "docker" else [("handed", handed)]
    with tempfile.TemporaryDirectory(prefix="hoithi-bench-") as scratch:
        folder = Path(scratch)
        task, source = make_task(folder)
        judge = [*HOITHI, "judge", "run", str(task), str(source), "--sandbox", args.sandbox]
        direct_run = timed(bare(task, source, folder))
        cache = str(folder / "cache")
        try:
            first = judged(judge, environment(**handed, HOITHI_JUDGE_CACHE=str(folder / "first")))()
            direct_run()  # the disk cache warmed, the compiled program cached
            judged(judge, environment(**handed, HOITHI_JUDGE_CACHE=cache))()
            runs: dict[str, list[float]] = {"direct": []}
            for n in range(args.repeat):  # in turns; each compiling run with a cache of its own, empty
                runs["direct"].append(direct_run())
                for kind, settings in kinds:
                    cold = environment(**settings, HOITHI_JUDGE_CACHE=str(folder / f"cold-{kind}-{n}"))
                    runs.setdefault(f"{kind} compiling", []).append(judged(judge, cold)())
                    warm = environment(**settings, HOITHI_JUDGE_CACHE=cache)
                    runs.setdefault(f"{kind} compiled", []).append(judged(judge, warm)())
        finally:
            clean(handed)
    direct = statistics.median(runs["direct"])
    print(f"{'g++ and 6 tests run directly':<60} {direct * 1000:8.1f} ms")
    labels = {"handed": ", handed over" if args.sandbox == "docker" else "", "alone": ", its own container"}
    for kind, _ in kinds:
        for how in ("compiling", "compiled before"):
            took = statistics.median(runs[f"{kind} {how.split()[0]}"])
            label = f"hoithi judge run ({args.sandbox}), {how}{labels[kind]}"
            print(f"{label:<60} {took * 1000:8.1f} ms  {took / direct:5.1f}x")
    label = f"hoithi judge run ({args.sandbox}), compiling, the first of all"
    print(f"{label:<60} {first * 1000:8.1f} ms  {first / direct:5.1f}x  (one run)")
    print(f"{'load average at the end':<60} {Path('/proc/loadavg').read_text().split(' ', 1)[0]:>8}")


if __name__ == "__main__":
    main()
