"""The nginx site shipped in docs/deploy/nginx, run by a real nginx in front of the application: pages are passed
to it, and the static files they name are served by nginx from the folder, kept by browsers as
``app/static_assets.py`` says. The site is adapted as the contest-start benchmark runs it (``bench.servers``:
plain HTTP on a free port, this checkout in place of /opt/hoithi); every other line is the shipped one."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from werkzeug.serving import make_server

from app.security_headers import DEFAULT_POLICY
from bench.servers import nginx_config

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "app" / "static"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _nginx() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        missing = "nginx is not installed here (apt-get install nginx)"
        if os.environ.get("HOITHI_REQUIRE_NGINX") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    return found


@pytest.fixture
def site(app: Flask, tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """nginx with the shipped site in front of the application: (its address, the paths the application was asked
    for)."""
    nginx = _nginx()
    asked: list[str] = []

    def recording(environ: dict[str, Any], start_response: Any) -> Any:
        asked.append(environ["PATH_INFO"])
        return app(environ, start_response)

    server = make_server("127.0.0.1", 0, recording, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = _free_port()
    config = nginx_config(tmp_path, port, server.server_port)
    checked = subprocess.run([nginx, "-t", "-c", str(config)], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    proxy = subprocess.Popen([nginx, "-c", str(config)], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/static/hoithi.css", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        yield base, asked
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        server.shutdown()


def test_nginx_serves_the_files_a_page_names_and_browsers_keep_them(site: tuple[str, list[str]]) -> None:
    base, asked = site
    page = requests.get(f"{base}/login", timeout=10)
    assert page.status_code == 200 and asked == ["/login"]
    addresses = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    assert any(address.startswith("/static/hoithi.css?v=") for address in addresses)
    for address in addresses:
        answer = requests.get(base + address, timeout=10)
        assert answer.status_code == 200, address
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable", address
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Content-Security-Policy"] == DEFAULT_POLICY
        assert answer.content == (STATIC / address.partition("?")[0].removeprefix("/static/")).read_bytes()
    assert requests.get(f"{base}/static/hoithi.css", timeout=10).headers["Content-Type"].startswith("text/css")
    assert asked == ["/login"], "the static files were served by nginx itself"


def test_nginx_sends_the_gzip_copies_to_browsers_that_take_gzip(site: tuple[str, list[str]]) -> None:
    base, asked = site
    script = STATIC / "vendor" / "codemirror" / "codemirror.js"
    zipped = requests.get(
        f"{base}/static/vendor/codemirror/codemirror.js", headers={"Accept-Encoding": "gzip"}, timeout=10
    )
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert int(zipped.headers["Content-Length"]) == len(script.with_name("codemirror.js.gz").read_bytes())
    assert zipped.content == script.read_bytes()  # requests undoes the gzip
    plain = requests.get(
        f"{base}/static/vendor/codemirror/codemirror.js", headers={"Accept-Encoding": "identity"}, timeout=10
    )
    assert "Content-Encoding" not in plain.headers and plain.content == script.read_bytes()
    assert asked == []


def test_nginx_checks_unversioned_files_again_and_keeps_vendored_fonts_a_day(site: tuple[str, list[str]]) -> None:
    base, _ = site
    plain = requests.get(f"{base}/static/hoithi.css", timeout=10)
    assert plain.headers["Cache-Control"] == "no-cache"
    again = requests.get(f"{base}/static/hoithi.css", headers={"If-None-Match": plain.headers["ETag"]}, timeout=10)
    assert again.status_code == 304
    font = requests.get(f"{base}/static/vendor/katex/fonts/KaTeX_Main-Regular.woff2", timeout=10)
    assert font.status_code == 200 and font.headers["Cache-Control"] == "public, max-age=86400"
    assert requests.get(f"{base}/static/no-such-file.css", timeout=10).status_code == 404


def test_nothing_outside_the_static_folder_is_served_from_disk(site: tuple[str, list[str]]) -> None:
    base, _ = site
    for path in ("/static/../wsgi.py", "/static/..%2fwsgi.py", "/static/%2e%2e/pyproject.toml"):
        answer = requests.get(base + path, timeout=10)
        assert b"create_app" not in answer.content and b"[project]" not in answer.content, path
