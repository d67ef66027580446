"""Benchmark: the judge's per-test cost on each sandbox backend, the queue's throughput, and timing stability.

1. Per-test overhead: one session per submission, 50 submissions x 20 tests of a trivial C++ program; the
   overhead of a test is the host-side time of ``session.run`` minus the program's own CPU time.
   Targets: median <= 15 ms on Docker, <= 8 ms on bubblewrap.
2. For comparison, a new container per test (``docker run`` of the runner image, 20 tests): Docker
   sessions must be at least 20x faster per test.
3. Throughput through the real pipeline (database, Redis queue, ``hoithi worker`` processes): 50 submissions
   x 20 tests with 1 and 2 workers, per backend.
4. Stability: one 0.5-s CPU-bound program judged 20 times: max/min CPU time <= 1.5.

    .venv/bin/python -m bench.judge [--backends docker,bwrap] [--submissions 50] [--skip-queue]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from sandbox.backends import get_backend
from sandbox.image import IMAGE_TAG
from sandbox.languages import LANGUAGES
from sandbox.limits import Limits

TESTS = 20
TRIVIAL = (
    b'#include <cstdio>\nint main(){long long a,b; if(scanf("%lld %lld",&a,&b)!=2) return 1; printf("%lld\\n",a+b);}\n'
)
HALF_SECOND = b"""#include <cstdio>
int main(){ volatile unsigned long long x = 0; for (unsigned long long i = 0; i < 700000000ULL; ++i) x += i;
  std::printf("%llu\\n", (unsigned long long)x); }
"""


IN_APP = "from app import create_app\ncreate_app().app_context().push()\n"
"""Prefix of a script run with ``python -c`` inside the app (as configured by the environment)."""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def overhead(backend_name: str, submissions: int) -> float:
    backend = get_backend(backend_name)
    per_test: list[float] = []
    per_submission: list[float] = []
    limits = Limits(cpu_ms=1000, memory_kb=256 * 1024)
    for s in range(submissions):
        start = time.perf_counter()
        with backend.open_session() as session:
            compiled = session.compile(LANGUAGES["cpp"], TRIVIAL)
            assert compiled.ok, compiled.output
            for t in range(TESTS):
                before = time.perf_counter()
                result = session.run(limits, stdin=f"{s} {t}\n".encode()).result
                elapsed = (time.perf_counter() - before) * 1000
                assert result.ok and result.stdout.strip() == str(s + t).encode(), result
                per_test.append(elapsed - result.cpu_ms)
        per_submission.append((time.perf_counter() - start) * 1000)
    median = statistics.median(per_test)
    print(
        f"  {backend_name:<7} per-test overhead: median {median:.1f} ms, p95 {percentile(per_test, 0.95):.1f} ms"
        f"  | whole submission (session + compile + {TESTS} tests): median {statistics.median(per_submission):.0f} ms"
    )
    return median


def container_per_test(tests: int = TESTS) -> float:
    """A new container per test, as a naive judge would do: the program compiled once into a volume."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "main.cpp").write_bytes(TRIVIAL)
        os.chmod(folder, 0o777)
        subprocess.run(
            [
                "docker",
                "run",
                "--rm",
                "--network",
                "none",
                "-v",
                f"{folder}:/w",
                "-w",
                "/w",
                IMAGE_TAG,
                "g++",
                "-O2",
                "-o",
                "main",
                "main.cpp",
            ],
            check=True,
            capture_output=True,
        )
        times = []
        for t in range(tests):
            start = time.perf_counter()
            out = subprocess.run(
                [
                    "docker",
                    "run",
                    "--rm",
                    "-i",
                    "--network",
                    "none",
                    "-v",
                    f"{folder}:/w:ro",
                    "-w",
                    "/w",
                    IMAGE_TAG,
                    "./main",
                ],
                input=f"1 {t}\n".encode(),
                capture_output=True,
                check=True,
            )
            times.append((time.perf_counter() - start) * 1000)
            assert out.stdout.strip() == str(1 + t).encode()
    median = statistics.median(times)
    print(f"  docker  a container per test: median {median:.0f} ms per test")
    return median


def stability(backend_name: str, runs: int = 20) -> float:
    backend = get_backend(backend_name)
    cpu = []
    with backend.open_session() as session:
        assert session.compile(LANGUAGES["cpp"], HALF_SECOND).ok
        for _ in range(runs):
            cpu.append(session.run(Limits(cpu_ms=5000)).result.cpu_ms)
    ratio = max(cpu) / min(cpu)
    print(f"  {backend_name:<7} CPU-bound program x{runs}: min {min(cpu)} ms, max {max(cpu)} ms, max/min {ratio:.2f}")
    return ratio


def host_stability(runs: int = 20) -> float:
    """The same program run directly on the host (no sandbox), to tell the machine's noise from ours."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "spin.cpp").write_bytes(HALF_SECOND)
        subprocess.run(["g++", "-O2", "-o", f"{folder}/spin", f"{folder}/spin.cpp"], check=True)
        cpu = []
        for _ in range(runs):
            before = os.times()
            subprocess.run([f"{folder}/spin"], check=True, capture_output=True)
            after = os.times()
            cpu.append(
                round(
                    (after.children_user + after.children_system - before.children_user - before.children_system) * 1000
                )
            )
    ratio = max(cpu) / min(cpu)
    print(f"  host    the same program, no sandbox: min {min(cpu)} ms, max {max(cpu)} ms, max/min {ratio:.2f}")
    return ratio


def themis_task(folder: Path, tests: int, name: str = "PLUS") -> Path:
    """A Themis a+b task of ``tests`` tests in ``folder``."""
    task = folder / f"{name}{tests}"
    for t in range(1, tests + 1):
        test = task / f"Test{t:02d}"
        test.mkdir(parents=True)
        (test / f"{name}.INP").write_text(f"{t} {t * 7}\n")
        (test / f"{name}.OUT").write_text(f"{t * 8}\n")
    return task


def queue_throughput(backend_name: str, workers: int, submissions: int, tests: int = TESTS) -> tuple[float, str]:
    """Submissions through the real pipeline: SQLite (or ``HOITHI_BENCH_DATABASE_URL``), a Redis queue,
    ``workers`` ``hoithi worker --burst`` processes (each with its default concurrency). Returns the seconds they
    took (their start included) and the set of (status, verdict, attempt) the submissions ended with."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        package = themis_task(base, tests)
        redis_url = os.environ.get("HOITHI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
        redis.Redis.from_url(redis_url).flushdb()
        env = {
            **os.environ,
            "HOITHI_INSTANCE_DIR": str(base / "instance"),
            "HOITHI_DATABASE_URL": os.environ.get("HOITHI_BENCH_DATABASE_URL") or f"sqlite:///{base / 'b.sqlite3'}",
            "HOITHI_REDIS_URL": redis_url,
            "HOITHI_SANDBOX": backend_name,
        }
        hoithi = [sys.executable, "-m", "app.cli"]
        subprocess.run([*hoithi, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run([*hoithi, "judge", "import", str(package)], env=env, check=True, capture_output=True)
        script = (
            "from app.extensions import db\nfrom app.models import Problem\nfrom app.queue import judge_queue\n"
            "from app.services.programming import grading\nproblem = db.session.query(Problem).one()\nids = []\n"
            f"for _ in range({submissions}):\n"
            f"    ids.append(grading.create_submission(db.session, problem, {TRIVIAL!r}, 'cpp').id)\n"
            "db.session.commit()\nfor i in ids: grading.enqueue(judge_queue(), i)\n"
        )
        subprocess.run([sys.executable, "-c", IN_APP + script], env=env, check=True, capture_output=True)
        start = time.perf_counter()
        procs = [
            subprocess.Popen(
                [*hoithi, "worker", "--burst"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            for _ in range(workers)
        ]
        for proc in procs:
            proc.wait()
        elapsed = time.perf_counter() - start
        check = (
            "from app.models import Submission\nfrom app.extensions import db\n"
            "print(sorted({(s.status.value, s.verdict, s.attempt) for s in db.session.query(Submission)}))"
        )
        states = subprocess.run(
            [sys.executable, "-c", IN_APP + check], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
    return elapsed, states


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="docker,bwrap")
    parser.add_argument("--submissions", type=int, default=50)
    parser.add_argument("--skip-queue", action="store_true")
    args = parser.parse_args()
    backends = [b for b in args.backends.split(",") if b]
    print(f"machine: {os.cpu_count()} CPUs; {args.submissions} submissions x {TESTS} tests")
    print("per-test overhead (host-side time of a run minus the program's CPU time):")
    medians = {b: overhead(b, args.submissions) for b in backends}
    if "docker" in backends:
        naive = container_per_test()
        print(
            f"  docker sessions are {naive / (medians['docker'] + 1):.0f}x faster per test than a container per "
            f"test (comparing {naive:.0f} ms with {medians['docker']:.1f} ms overhead + ~1 ms of program)"
        )
    print("timing stability:")
    host_stability()
    for b in backends:
        stability(b)
    if not args.skip_queue:
        print("throughput through the queue:")
        for b in backends:
            for workers in (1, 2):
                elapsed, states = queue_throughput(b, workers, args.submissions)
                print(
                    f"  {b:<7} {workers} worker(s): {args.submissions} submissions x {TESTS} tests in {elapsed:.1f} s "
                    f"({elapsed / args.submissions * 1000:.0f} ms per submission, including worker start); "
                    f"(status, verdict, attempts): {states}"
                )


if __name__ == "__main__":
    main()
