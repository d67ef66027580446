"""Where the machine's CPU goes while a benchmark runs: the web server's processes, PostgreSQL's, Redis's, nginx's
and the rest (the load tool, the kernel's own work), sampled in the background, so that a missed goal can be told
apart: the web's CPU per request, the database or Redis.

All from /proc: the machine's busy time from ``/proc/stat`` (every core, user, system, interrupts and steal), each
process's from its ``stat``. A process counts what its children that ended used (``cutime``, ``cstime``): a
PostgreSQL backend that ends meanwhile (a connection closed) is counted in the postmaster's. The web server and
nginx are read as process trees (``servers.tree_cpu_seconds``).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.servers import tree_cpu_seconds

_TICK = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy since it started (not idle, not waiting on disks)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = fields[3], fields[4]
    return (sum(fields[:8]) - idle - iowait) / _TICK  # user nice system idle iowait irq softirq steal


def named_cpu_seconds(names: tuple[str, ...]) -> float:
    """CPU seconds used so far by the live processes whose name (``comm``) starts with one of ``names``, and by
    their children that ended and were waited for."""
    total = 0
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            if (folder / "comm").read_text().startswith(names):
                fields = (folder / "stat").read_text().rpartition(")")[2].split()
                total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        except OSError:
            continue  # ended meanwhile
    return total / _TICK


@dataclass(frozen=True)
class Sample:
    """CPU seconds used so far, at ``moment`` (``time.time()``), by the machine and by each group."""

    moment: float
    machine: float
    web: float
    postgresql: float
    redis: float
    nginx: float


class CpuShares:
    """Samples every ``every`` seconds, in a thread of its own, from ``start()`` to ``stop()``."""

    def __init__(self, web_pid: int, nginx_pid: int | None, every: float = 2.0) -> None:
        self._web, self._nginx, self._every = web_pid, nginx_pid, every
        self._samples: list[Sample] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpu-shares", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self._samples.append(self._sample())
            if self._done.wait(self._every):
                self._samples.append(self._sample())
                return

    def _sample(self) -> Sample:
        return Sample(
            time.time(),
            machine_busy_seconds(),
            tree_cpu_seconds(self._web),
            named_cpu_seconds(("postgres",)),
            named_cpu_seconds(("redis-server",)),
            0.0 if self._nginx is None else tree_cpu_seconds(self._nginx),
        )

    def between(self, begin: float, end: float) -> str:
        """One line: the cores busy on average from ``begin`` to ``end`` (the samples nearest within), and each
        group's share of them; the rest is the load tool's and the kernel's."""
        inside = [s for s in self._samples if begin <= s.moment <= end]
        if len(inside) < 2:
            return "CPU shares: too few samples"
        first, last = inside[0], inside[-1]
        wall = last.moment - first.moment
        busy = last.machine - first.machine
        parts = {
            "web server": last.web - first.web,
            "PostgreSQL": last.postgresql - first.postgresql,
            "Redis": last.redis - first.redis,
            "nginx": last.nginx - first.nginx,
        }
        parts["the rest (Locust, the kernel)"] = busy - sum(parts.values())
        shares = ", ".join(f"{name} {used / wall:.2f} ({used / busy:.0%})" for name, used in parts.items())
        return f"{busy / wall:.2f} of {os.cpu_count()} cores busy over those {wall:.0f} s: {shares}"
