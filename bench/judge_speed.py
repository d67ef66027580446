"""Benchmark: how close the judge comes to running the programs bare, beside DMOJ's judge, in one table.

1. Per language (C++, C, Python), an a+b program judged on a package of 1 test and of 50 tests, so that the fixed
   cost and the cost of each further test separate:
   - bare: compiled once on the host, each test run directly (``subprocess``) and its output compared;
   - hoithi on bubblewrap and on Docker, in-process as a worker grades: ``judge.grade`` with a warm pool
     (``sandbox.pool``), a source that differs every time (no compile cache helps), the CLI's start not counted;
   - DMOJ's judge (``dmoj`` from PyPI, in the virtualenv ``--dmoj``, default ``/tmp/dmoj-venv``): its executors
     in-process (compile, then each test under its ptrace/seccomp sandbox); its network packets are not counted.
     Without it the table says so.
   "fixed" is the 1-test time less one test and less the bare compile: what a submission costs beyond compiling.
2. Throughput: 200 submissions of a 20-test C++ problem through the queue (SQLite, Redis, ``hoithi worker
   --burst`` with its default concurrency), per backend: submissions per minute and tests per second
   (``bench.judge.queue_throughput``, which ``bench.judge`` runs with one and two workers).

Ratios, not absolute times, are the figures of merit (this machine is shared). Run by ``make bench-judge``:

    .venv/bin/python -m bench.judge_speed [--backends bwrap,docker] [--repeat 5] [--submissions 200]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from bench.judge import queue_throughput, themis_task
from judge.grader import grade
from judge.package import load_problem
from judge.verdict import Verdict
from sandbox.backends import get_backend
from sandbox.pool import WarmPool
from sandbox.session import SandboxError

SOURCES = {
    "cpp": b'#include <cstdio>\nint main(){long long a,b; if(scanf("%lld %lld",&a,&b)!=2) return 1; '
    b'printf("%lld\\n",a+b);}\n',
    "c": b'#include <stdio.h>\nint main(void){long long a,b; if(scanf("%lld %lld",&a,&b)!=2) return 1; '
    b'printf("%lld\\n",a+b); return 0;}\n',
    "python": b"a, b = map(int, input().split())\nprint(a + b)\n",
}
COMMENT = {"cpp": b"// %d\n", "c": b"/* %d */\n", "python": b"# %d\n"}
BARE_COMPILE = {
    "cpp": ["g++", "-std=gnu++17", "-O2", "-o", "main", "main.cpp"],
    "c": ["gcc", "-std=gnu17", "-O2", "-o", "main", "main.c", "-lm"],
    "python": None,
}
BARE_RUN = {"cpp": ["./main"], "c": ["./main"], "python": ["/usr/bin/python3", "main.py"]}
FILE = {"cpp": "main.cpp", "c": "main.c", "python": "main.py"}
ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
SIZES = (1, 50)
THROUGHPUT_TESTS = 20


def median_of(repeat: int, once: Callable[[int], float]) -> float:
    return statistics.median(once(i) for i in range(repeat))


def bare(language: str, tests: int, repeat: int) -> tuple[float, float]:
    """(seconds to judge ``tests`` tests bare, of which compiling)."""

    def once(i: int) -> tuple[float, float]:
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, FILE[language]).write_bytes(SOURCES[language] + COMMENT[language] % i)
            start = time.perf_counter()
            if BARE_COMPILE[language]:
                subprocess.run(BARE_COMPILE[language], cwd=folder, env=ENV, check=True)
            compiled = time.perf_counter() - start
            for t in range(1, tests + 1):
                out = subprocess.run(
                    BARE_RUN[language], cwd=folder, env=ENV, input=f"{t} {t * 7}\n".encode(), capture_output=True
                ).stdout
                assert out.split() == [str(t * 8).encode()]
            return time.perf_counter() - start, compiled

    runs = [once(i) for i in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def hoithi(pool: WarmPool, language: str, task: Path, repeat: int, seed: int) -> float:
    """Seconds to grade the task in-process with a warm pool, as a worker does (the pool refilled between)."""
    from sandbox.languages import LANGUAGES

    problem = load_problem(task)

    def once(i: int) -> float:
        pool.wait_warm(60)
        source = SOURCES[language] + COMMENT[language] % (seed + i)
        start = time.perf_counter()
        report = grade(problem, source, LANGUAGES[language], pool)
        elapsed = time.perf_counter() - start
        assert report.verdict is Verdict.AC, report
        return elapsed

    return median_of(repeat, once)


DMOJ_DRIVER = textwrap.dedent(
    """
    import json, subprocess, sys, time, io, contextlib
    import yaml
    from dmoj import judgeenv
    runtime = yaml.safe_load(sys.argv[1])["runtime"]
    runtime.setdefault("python3", "/usr/bin/python3")  # autoconf misses it behind a pyenv shim
    judgeenv.env["runtime"] = runtime
    from dmoj import executors
    with contextlib.redirect_stdout(io.StringIO()):
        executors.load_executors()
    sources, comments, sizes, repeat = json.loads(sys.argv[2])
    names = {"cpp": "CPP17", "c": "C11", "python": "PY3"}
    times = {}
    for language, source in sources.items():
        for tests in sizes:
            runs = []
            for i in range(repeat):
                code = (source + comments[language] % (i + 1000 * tests)).encode()
                start = time.perf_counter()
                executor = executors.executors[names[language]].Executor("main", code)
                for t in range(1, tests + 1):
                    process = executor.launch(time=2, memory=262144, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                              stderr=subprocess.PIPE)
                    out, _ = process.communicate(f"{t} {t * 7}\\n".encode())
                    assert out.split() == [str(t * 8).encode()], out
                runs.append(time.perf_counter() - start)
            runs.sort()
            times[f"{language}/{tests}"] = runs[len(runs) // 2]
    print(json.dumps(times))
    """
)


def dmoj(python: Path, repeat: int) -> dict[str, float] | str:
    """DMOJ's times by ``language/tests``, or why there are none."""
    if not python.is_file():
        return f"not installed ({python} missing: python3 -m venv /tmp/dmoj-venv; /tmp/dmoj-venv/bin/pip install dmoj)"
    autoconf = python.parent / "dmoj-autoconf"
    try:
        runtime = subprocess.run([str(autoconf)], capture_output=True, text=True, timeout=300, check=True).stdout
        arguments = json.dumps(
            [{k: v.decode() for k, v in SOURCES.items()}, {k: v.decode() for k, v in COMMENT.items()}, SIZES, repeat]
        )
        done = subprocess.run(
            [str(python), "-c", DMOJ_DRIVER, runtime, arguments], capture_output=True, text=True, timeout=1800
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"cannot run: {exc}"
    if done.returncode != 0:
        return f"cannot run: {done.stderr.strip().splitlines()[-1:]}"
    times: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return times


def per_language(backends: list[str], repeat: int, dmoj_python: Path) -> None:
    rows: dict[str, dict[str, tuple[float, float]]] = {}  # engine -> language -> (1 test, 50 tests)
    compile_s: dict[str, float] = {}
    for language in SOURCES:
        one, compile_s[language] = bare(language, SIZES[0], repeat)
        many, _ = bare(language, SIZES[1], repeat)
        rows.setdefault("bare", {})[language] = (one, many)
    with tempfile.TemporaryDirectory() as folder:
        tasks = {n: themis_task(Path(folder), n) for n in SIZES}
        for name in backends:
            try:
                backend = get_backend(name)
            except SandboxError as exc:
                print(f"hoithi on {name}: unusable here ({exc})")
                continue
            with WarmPool(backend, 2) as pool:
                for language in SOURCES:
                    rows.setdefault(f"hoithi {name}", {})[language] = tuple(  # type: ignore[assignment]
                        hoithi(pool, language, tasks[n], repeat, seed=n * 100) for n in SIZES
                    )
    dmoj_times = dmoj(dmoj_python, repeat)
    if isinstance(dmoj_times, str):
        print(f"DMOJ judge: {dmoj_times}")
    else:
        rows["DMOJ executors"] = {lang: (dmoj_times[f"{lang}/1"], dmoj_times[f"{lang}/50"]) for lang in SOURCES}
    print(
        f"\n{'engine':<16} {'lang':<7} {'1 test':>8} {'50 tests':>9} {'per test':>9} {'fixed':>8} "
        f"{'test-bare':>10} {'fixed/DMOJ':>11}"
    )
    for language in SOURCES:
        bare_per_test = (rows["bare"][language][1] - rows["bare"][language][0]) / (SIZES[1] - SIZES[0])
        fixed_of: dict[str, float] = {}
        for engine, by_language in rows.items():
            one, many = by_language[language]
            per_test = (many - one) / (SIZES[1] - SIZES[0])
            fixed_of[engine] = one - per_test - compile_s[language]
        for engine, by_language in rows.items():
            one, many = by_language[language]
            per_test = (many - one) / (SIZES[1] - SIZES[0])
            dmoj_fixed = fixed_of.get("DMOJ executors")
            versus = f"{fixed_of[engine] / dmoj_fixed:.2f}x" if dmoj_fixed and dmoj_fixed > 0 else "-"
            print(
                f"{engine:<16} {language:<7} {one * 1000:7.0f}ms {many * 1000:8.0f}ms {per_test * 1000:7.2f}ms "
                f"{fixed_of[engine] * 1000:6.0f}ms {(per_test - bare_per_test) * 1000:+8.2f}ms {versus:>11}"
            )
    print(
        "  per test: (50 tests - 1 test) / 49; fixed: 1 test - per test - bare compile "
        f"(C++ {compile_s['cpp'] * 1000:.0f} ms, C {compile_s['c'] * 1000:.0f} ms); test-bare: per test over bare's"
    )


def throughput(backend_name: str, submissions: int) -> None:
    """Submissions through the real pipeline (``bench.judge.queue_throughput``): one ``hoithi worker --burst``
    with its default concurrency (its slots)."""
    elapsed, states = queue_throughput(backend_name, 1, submissions, THROUGHPUT_TESTS)
    print(
        f"  {backend_name:<7} {submissions} submissions x {THROUGHPUT_TESTS} tests in {elapsed:.1f} s: "
        f"{submissions / elapsed * 60:.0f} submissions/min, {submissions * THROUGHPUT_TESTS / elapsed:.0f} tests/s "
        f"(worker start included; {len(os.sched_getaffinity(0))} slots); (status, verdict, attempts): {states}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backends", default="bwrap,docker")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--dmoj", type=Path, default=Path("/tmp/dmoj-venv/bin/python"))
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    backends = [name for name in args.backends.split(",") if name]
    print(f"Judging an a+b program on {len(os.sched_getaffinity(0))} cores (medians of {args.repeat})")
    per_language(backends, args.repeat, args.dmoj)
    if not args.skip_throughput:
        print(f"\nThroughput: {args.submissions} submissions of a {THROUGHPUT_TESTS}-test C++ problem")
        for name in backends:
            throughput(name, args.submissions)


if __name__ == "__main__":
    main()
