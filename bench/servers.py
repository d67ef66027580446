"""The WSGI servers the web benches can run hoithi under, and the CPU time a server's process tree has used.

Each server serves ``wsgi:app`` on 127.0.0.1 with ``workers`` processes of ``threads`` threads and a listen
backlog of 4,096; without keep-alive when the benches' clients (which send ``Connection: close``) reach it directly,
with it behind nginx (``nginx_config``), which keeps connections to it open as docs/deploy/nginx/hoithi.conf does:

- ``gunicorn``: as ``hoithi-web.service`` runs it (its sync worker when ``threads`` is 1, else gthread);
- ``granian``: its WSGI interface (HTTP in Rust, one Python thread per blocking thread), HTTP/1 only;
- ``uwsgi``: speaking HTTP itself (``--http-socket``, no router process), each worker loading the app on its own
  (``--lazy-apps``, as gunicorn does without ``--preload``).

granian and uWSGI (the ``pyuwsgi`` wheel) are not hoithi's dependencies: install them beside it to compare.
"""

from __future__ import annotations

import getpass
import os
import re
import sys
from pathlib import Path

SERVERS = ("gunicorn", "granian", "uwsgi")


def command(server: str, port: int, workers: int, threads: int, keep_alive: bool = False) -> list[str]:
    """The command line that starts ``server`` as the module's docstring says (``keep_alive``: behind nginx)."""
    bind = f"127.0.0.1:{port}"
    if server == "gunicorn":
        # behind nginx as hoithi-web.service runs it (--keep-alive 30), else closing each connection
        idle = ["--keep-alive", "30" if keep_alive else "0"]
        options = ["--workers", str(workers), "--threads", str(threads), *idle, "--backlog", "4096"]
        return [sys.executable, "-m", "gunicorn", "--bind", bind, *options, "--log-level", "warning", "wsgi:app"]
    if server == "granian":
        options = ["--workers", str(workers), "--blocking-threads", str(threads), "--backlog", "4096"]
        http = ["--interface", "wsgi", "--http", "1", "--no-ws", *([] if keep_alive else ["--no-http1-keep-alive"])]
        where = ["--host", "127.0.0.1", "--port", str(port)]
        return [sys.executable, "-m", "granian", *http, *where, *options, "--log-level", "warning", "wsgi:app"]
    if server == "uwsgi":
        uwsgi = str(Path(sys.executable).with_name("uwsgi"))
        options = ["--master", "--processes", str(workers), "--threads", str(threads), "--listen", "4096"]
        app = ["--lazy-apps", "--module", "wsgi:app", "--need-app", "--die-on-term", "--disable-logging"]
        return [uwsgi, "--http-socket", bind, *options, *app, "--enable-threads", "--single-interpreter"]
    raise ValueError(f"unknown server {server!r}: one of {', '.join(SERVERS)}")


ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "docs" / "deploy" / "nginx" / "hoithi.conf"
"""The nginx site a web host runs, which ``nginx_config`` adapts."""


def nginx_site(port: int, upstream: int) -> str:
    """The shipped site (``SITE``) listening on 127.0.0.1:``port`` in plain HTTP (its certificate lines and the
    redirect from port 80 left out), passing to the server on 127.0.0.1:``upstream``, with this checkout in place
    of /opt/hoithi. Every other line is the shipped one: up to 32 idle connections kept open to the server, uploads
    streamed, the client's address and host forwarded, the static files served from the folder."""
    site = SITE.read_text()
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port} backlog=4096;")
    site = re.sub(r"\n\s*ssl_certificate(_key)?\s[^\n]*", "", site)
    site = re.sub(r"\nserver \{\n\s*listen 80;.*?\n\}\n", "\n", site, flags=re.S)
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    if f"listen 127.0.0.1:{port} " not in site or f"server 127.0.0.1:{upstream};" not in site or "ssl" in site:
        raise ValueError(f"{SITE} no longer has the lines this adapts (listen 443, the upstream, the certificates)")
    return site.replace("/opt/hoithi/", f"{ROOT}/")


def nginx_config(folder: Path, port: int, upstream: int) -> Path:
    """An nginx configuration in ``folder`` (its logs and temporary files there too) that serves ``nginx_site`` with
    nginx's own types of files, its workers running as this user (so that they read this checkout's static files)
    and as many connections as the benchmarks open. In the foreground (``nginx -c <it>``), one worker process a
    core."""
    temps = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = folder / "nginx.conf"
    config.write_text(
        f"""daemon off;
user {getpass.getuser()};
worker_processes auto;
worker_rlimit_nofile 65536;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 16384; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
{temps}
{nginx_site(port, upstream)}
}}
"""
    )
    return config


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
