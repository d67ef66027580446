"""Benchmark: how fast the ``hoithi`` command line starts, against the bare costs (issue 14, item 4).

1. ``hoithi --help`` against ``python3 -c pass`` (target: at most 5x; DMOJ's ``import dmoj.judge`` is 4.8x).
2. ``hoithi judge run`` of a C++ a+b on a Themis task of 6 tests against compiling it with g++ and running the 6
   tests directly (target: at most 5x), with the compilation cache empty (hoithi compiles) and filled (the same
   source judged again: hoithi compiles nothing, the bare run still compiles).

Each figure is the median of ``--repeat`` runs, as hyperfine would give it. ``hoithi`` is this checkout's, run as
its console script runs it. Ratios, not absolute times, are the figures of merit: the machine may be busy. The bare
run and the two judged ones take turns, round by round, so that each ratio's two sides meet the same load (measured
one after the other, the bare run alone took from 43 to 148 ms at load 4-5 on the 2-core test machine).

    .venv/bin/python -m bench.cli_start [--repeat 15] [--sandbox bwrap]
"""

from __future__ import annotations

import argparse
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
    """A run of ``hoithi judge run`` that gives its own wall-clock time, then waits for its container (if any) to
    be removed: the removal, left to a process of its own, must not fall into the next run measured."""

    def run() -> float:
        start = time.perf_counter()
        with subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
            code = proc.wait()
        elapsed = time.perf_counter() - start
        if code != 0:
            raise subprocess.CalledProcessError(code, argv)
        _wait_removed(proc.pid)
        return elapsed

    return run


def _wait_removed(pid: int, timeout: float = 30.0) -> None:
    """Wait until the engine holds no sandbox container made by the process ``pid`` (none at all on bubblewrap)."""
    from sandbox import engine
    from sandbox.docker_api import CONTAINER_PREFIX
    from sandbox.docker_backend import OWNER_LABEL, SANDBOX_LABEL

    path = engine.local_socket()
    if path is None or not Path(path).exists():
        return
    owner = f"{socket.gethostname()}:{pid}"
    cli = engine.connect()
    deadline = time.monotonic() + timeout
    while any(
        owner == labels.get(OWNER_LABEL) for _, labels in cli.sandbox_containers(CONTAINER_PREFIX, SANDBOX_LABEL)
    ):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the container of hoithi {pid} is still there after {timeout:g} s")
        time.sleep(0.01)
    cli.close()


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
    print(f"{'python3 -c pass':<44} {nothing * 1000:8.1f} ms")
    print(f"{'hoithi --help':<44} {helped * 1000:8.1f} ms  {helped / nothing:5.1f}x")

    with tempfile.TemporaryDirectory(prefix="hoithi-bench-") as scratch:
        folder = Path(scratch)
        task, source = make_task(folder)
        judge = [*HOITHI, "judge", "run", str(task), str(source), "--sandbox", args.sandbox]
        direct_run = timed(bare(task, source, folder))
        warm_run = judged(judge, environment(HOITHI_JUDGE_CACHE=str(folder / "cache")))
        direct_run()  # the disk cache warmed, the compiled program cached
        warm_run()
        runs: dict[str, list[float]] = {"direct": [], "cold": [], "warm": []}
        for n in range(args.repeat):  # in turns; each cold run with a cache of its own, empty
            cold_run = judged(judge, environment(HOITHI_JUDGE_CACHE=str(folder / f"cold-{n}")))
            for name, run in (("direct", direct_run), ("cold", cold_run), ("warm", warm_run)):
                runs[name].append(run())
        direct, cold, warm = (statistics.median(runs[name]) for name in ("direct", "cold", "warm"))
    print(f"{'g++ and 6 tests run directly':<44} {direct * 1000:8.1f} ms")
    print(f"{f'hoithi judge run ({args.sandbox}), compiling':<44} {cold * 1000:8.1f} ms  {cold / direct:5.1f}x")
    print(f"{f'hoithi judge run ({args.sandbox}), compiled before':<44} {warm * 1000:8.1f} ms  {warm / direct:5.1f}x")
    print(f"{'load average at the end':<44} {Path('/proc/loadavg').read_text().split(' ', 1)[0]:>8}")


if __name__ == "__main__":
    main()
