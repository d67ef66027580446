"""Benchmark: verdicts near the limits, on a busy machine, on each sandbox backend.

1. A program that burns 0.9 s of CPU (by its own CPU clock, whatever the machine's speed) under a 1 s limit, judged
   ``--runs`` times (default 200) while ``--hogs`` other CPU-bound processes (default 2) keep the cores busy: every
   run must be OK (the CPU time decides; waiting for a busy CPU is never TLE).
2. The same program burning 1.1 s, ``--runs // 4`` times (default 50): every run must be TLE.
3. A program that writes 2 GB to stdout under an 8 MiB output limit: OLE, with the time a test costs and the bytes
   that travel back to the judge.
4. A program that sleeps: TLE after one wall-clock cap.

    .venv/bin/python -m bench.verdict_fidelity [--backends docker,bwrap] [--runs 200] [--hogs 2]
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sandbox.backends import get_backend
from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.session import Session

BURN = b"""#include <stdio.h>
#include <stdlib.h>
#include <time.h>
int main(int argc, char **argv) {
    double want = atof(argv[1]);
    struct timespec t;
    volatile unsigned long x = 0;
    do { for (int i = 0; i < 100000; i++) x += i; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); }
    while (t.tv_sec + t.tv_nsec / 1e9 < want);
    printf("%lu\\n", x);
}
"""
FLOOD = b"""#include <stdio.h>
#include <string.h>
int main(void) {
    static char b[1 << 20];
    memset(b, 'x', sizeof b);
    for (int i = 0; i < 2048; i++) fwrite(b, 1, sizeof b, stdout);
}
"""
SLEEP = b"#include <unistd.h>\nint main(void) { sleep(60); }\n"


def _hog() -> None:
    while True:
        pass


@contextmanager
def hogs(count: int) -> Iterator[None]:
    """``count`` CPU-bound processes for the duration."""
    procs = [multiprocessing.Process(target=_hog, daemon=True) for _ in range(count)]
    for proc in procs:
        proc.start()
    try:
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.join()


def burn(session: Session, seconds: float, runs: int) -> tuple[collections.Counter[str], list[int], list[int]]:
    statuses: collections.Counter[str] = collections.Counter()
    cpu, wall = [], []
    for _ in range(runs):
        result = session.run(Limits(cpu_ms=1000), args=(f"{seconds}",)).result
        statuses[str(result.status)] += 1
        cpu.append(result.cpu_ms)
        wall.append(result.wall_ms)
    return statuses, cpu, wall


def spread(values: list[int]) -> str:
    return f"min {min(values)} / median {statistics.median(values):.0f} / max {max(values)} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="docker,bwrap")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--hogs", type=int, default=2)
    options = parser.parse_args()
    for name in options.backends.split(","):
        backend = get_backend(name)
        print(f"== {name}")
        with backend.open_session() as session:
            assert session.compile(LANGUAGES["c"], BURN).ok
            with hogs(options.hogs):
                statuses, cpu, wall = burn(session, 0.9, options.runs)
                print(f"0.9 s CPU, 1 s limit, {options.hogs} CPU hogs, {options.runs} runs: {dict(statuses)}")
                print(f"   cpu {spread(cpu)}; wall {spread(wall)}")
                statuses, cpu, wall = burn(session, 1.1, options.runs // 4)
                print(f"1.1 s CPU, 1 s limit, {options.hogs} CPU hogs, {options.runs // 4} runs: {dict(statuses)}")
                print(f"   cpu {spread(cpu)}; wall {spread(wall)}")
        with backend.open_session() as session:
            assert session.compile(LANGUAGES["c"], FLOOD).ok
            took = []
            for _ in range(5):
                started = time.perf_counter()
                result = session.run(Limits(output_bytes=8 << 20)).result
                took.append(time.perf_counter() - started)
            print(
                f"2 GB writer, 8 MiB limit: {result.status}, {len(result.stdout)} bytes back, "
                f"test cost median {statistics.median(took) * 1000:.0f} ms (max {max(took) * 1000:.0f})"
            )
        with backend.open_session() as session:
            assert session.compile(LANGUAGES["c"], SLEEP).ok
            started = time.perf_counter()
            result = session.run(Limits(cpu_ms=1000)).result
            print(f"sleeper, 1 s limit: {result.status} after {time.perf_counter() - started:.2f} s (wall cap 2 s)")


if __name__ == "__main__":
    main()
