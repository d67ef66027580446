"""The WSGI servers the web benches can run hoithi under, and the CPU time a server's process tree has used.

Each server serves ``wsgi:app`` on 127.0.0.1 with ``workers`` processes of ``threads`` threads, without keep-alive
(the benches' clients send ``Connection: close``) and with a listen backlog of 4,096:

- ``gunicorn``: as ``hoithi-web.service`` runs it (its sync worker when ``threads`` is 1, else gthread);
- ``granian``: its WSGI interface (HTTP in Rust, one Python thread per blocking thread), HTTP/1 only;
- ``uwsgi``: speaking HTTP itself (``--http-socket``, no router process), each worker loading the app on its own
  (``--lazy-apps``, as gunicorn does without ``--preload``).

granian and uWSGI (the ``pyuwsgi`` wheel) are not hoithi's dependencies: install them beside it to compare.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SERVERS = ("gunicorn", "granian", "uwsgi")


def command(server: str, port: int, workers: int, threads: int) -> list[str]:
    """The command line that starts ``server`` as the module's docstring says."""
    bind = f"127.0.0.1:{port}"
    if server == "gunicorn":
        options = ["--workers", str(workers), "--threads", str(threads), "--keep-alive", "0", "--backlog", "4096"]
        return [sys.executable, "-m", "gunicorn", "--bind", bind, *options, "--log-level", "warning", "wsgi:app"]
    if server == "granian":
        options = ["--workers", str(workers), "--blocking-threads", str(threads), "--backlog", "4096"]
        http = ["--interface", "wsgi", "--http", "1", "--no-ws", "--no-http1-keep-alive"]
        where = ["--host", "127.0.0.1", "--port", str(port)]
        return [sys.executable, "-m", "granian", *http, *where, *options, "--log-level", "warning", "wsgi:app"]
    if server == "uwsgi":
        uwsgi = str(Path(sys.executable).with_name("uwsgi"))
        options = ["--master", "--processes", str(workers), "--threads", str(threads), "--listen", "4096"]
        app = ["--lazy-apps", "--module", "wsgi:app", "--need-app", "--die-on-term", "--disable-logging"]
        return [uwsgi, "--http-socket", bind, *options, *app, "--enable-threads", "--single-interpreter"]
    raise ValueError(f"unknown server {server!r}: one of {', '.join(SERVERS)}")


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds (user and system) used so far by process ``root`` and its descendants that are alive (a
    server's master and workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / tick
    total = 0.0
    for pid, seconds in used.items():
        ancestor = pid
        while ancestor not in (root, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == root:
            total += seconds
    return total
