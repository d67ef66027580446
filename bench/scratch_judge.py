"""Benchmark: one Scratch submission (asks two numbers, says their sum) judged against 10 tests on each backend.

Per backend: the wall-clock time of ``judge.grade`` for 1 test and for 10 (the best of ``--repeat``), the time
per test beyond the first ((t10 - t1) / 9), and the mean CPU time the sandbox measured per test (Node starting
scratch-vm, loading the project, running it). Run it from a checkout, the runtime installed (``make
scratch-runtime``) and the runner image built:

    .venv/bin/python -m bench.scratch_judge [--backends bwrap,docker] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from judge.grader import grade
from judge.problem import CheckerSpec, Problem, TestCase, TestGroup
from judge.verdict import Verdict
from sandbox.backends import get_backend
from sandbox.languages import LANGUAGES
from tests.scratch_projects import adder

SIZES = (1, 10)


def problem(tests: int) -> Problem:
    cases = tuple(
        TestCase(f"t{i}", "secret", f"{i}\n{2 * i + 1}\n".encode(), f"{3 * i + 1}\n".encode())
        for i in range(1, tests + 1)
    )
    return Problem(
        name="cong",
        title="Cộng hai số",
        format="kattis",
        time_limit_ms=5000,
        memory_limit_kb=512 * 1024,
        wall_limit_ms=None,
        checker=CheckerSpec(),
        root=TestGroup("secret", cases),
    )


def measure(backend_name: str, repeat: int) -> dict[str, float]:
    backend = get_backend(backend_name)
    project = adder()
    best: dict[int, float] = {}
    cpu: list[int] = []
    for size in SIZES:
        task = problem(size)
        for _ in range(repeat):
            start = time.perf_counter()
            report = grade(task, project, LANGUAGES["scratch"], backend)
            elapsed = time.perf_counter() - start
            if report.verdict is not Verdict.AC:
                raise SystemExit(f"{backend_name}: expected AC, got {report.verdict} ({report.compile_output})")
            best[size] = min(best.get(size, elapsed), elapsed)
            if size == SIZES[-1]:
                cpu.extend(test.time_ms for test in report.tests)
    return {
        "1 test (s)": best[1],
        "10 tests (s)": best[10],
        "per further test (s)": (best[10] - best[1]) / 9,
        "CPU per test (ms)": statistics.mean(cpu),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="bwrap,docker")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for name in args.backends.split(","):
        figures = measure(name, args.repeat)
        print(f"{name:7}", "  ".join(f"{key}: {value:.3f}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
