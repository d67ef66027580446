"""``hoithi worker --concurrency N``: N judge workers on one host, each pinned to a core of its own.

RQ runs one job at a time per worker, so a host grades N submissions at once with N worker processes ("slots").
Slot ``i`` runs on core ``i`` of the cores this process may use (round robin when there are more slots than
cores), and so do the sandboxes it starts, whose runs the harness pins to that same core: tests of concurrent
submissions never share a core, and a test's CPU time and wall-clock cap are as on a quiet machine. Every slot is a
full worker (its own RQ worker name, warm pool and database connections); the queue and the claim fenced by
attempt (``app.grading.jobs``) keep each submission graded exactly once, whichever slot takes it.

The slots share this process's group, so that stopping the group stops them; each also gets SIGTERM if this
process dies. A stop signal is passed on to each slot as SIGTERM, and so is a second one (a cold stop). With
``burst`` this process waits for all of them; otherwise a slot that stops is started again.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

from ..supervisor import STOP_SIGNALS, die_with_parent

log = logging.getLogger(__name__)

RESTART_AFTER_S = 2.0
"""The pause before a slot that stopped is started again."""


def slot_cpus(concurrency: int, cpus: Sequence[int]) -> list[set[int]]:
    """The core of each of ``concurrency`` slots among ``cpus``: one each, round robin."""
    ordered = sorted(cpus)
    return [{ordered[i % len(ordered)]} for i in range(concurrency)]


def run_slots(concurrency: int, *, burst: bool) -> int:
    """Run ``concurrency`` workers (``hoithi worker --cpus C``) until stopped, or with ``burst`` until all are
    done; returns the exit code: 0, or the first failing slot's."""
    slots = slot_cpus(concurrency, list(os.sched_getaffinity(0)))
    stopping: list[int] = []
    processes: list[subprocess.Popen[bytes]] = []

    def on_signal(signum: int, _frame: object) -> None:
        if stopping:  # a second signal: passed on, as RQ's cold shutdown (the job in hand is abandoned)
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
        stopping.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
    processes += [_start(cpus, burst) for cpus in slots]
    try:
        while not stopping:
            codes = [process.poll() for process in processes]
            if burst and all(code is not None for code in codes):
                return next((code for code in codes if code), 0)
            for i, code in enumerate(codes):
                if code is not None and not burst:
                    log.warning("judge worker slot %d stopped (exit %s): starting it again", i, code)
                    time.sleep(RESTART_AFTER_S)
                    processes[i] = _start(slots[i], burst)
            time.sleep(0.2)
        return 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # RQ's warm shutdown: the job in hand is finished first
        for process in processes:
            process.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _start(cpus: set[int], burst: bool) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "app.cli", "worker", "--concurrency", "1"]
    command += ["--cpus", ",".join(str(cpu) for cpu in sorted(cpus))]
    if burst:
        command.append("--burst")
    return subprocess.Popen(command, preexec_fn=die_with_parent)
