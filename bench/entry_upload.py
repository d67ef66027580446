"""Benchmark: a 500 MB entry upload through HTTP leaves the web process's memory flat.

Starts gunicorn (one sync worker) on loopback with a fresh SQLite instance, an e-Learning contest and a teacher's
entry; logs in as the teacher and uploads a 500 MB video (a valid MP4 header, then filler) with a streaming client,
as the entry page's script does (XMLHttpRequest headers, the form's CSRF token). The worker's resident memory is
sampled every 20 ms during the upload; the figure is the peak minus the figure just before (after a small warm-up
upload). Target: < 64 MB.

    .venv/bin/python -m bench.entry_upload [--megabytes 500] [--port 8773]
"""

from __future__ import annotations

import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
CHUNK = MB
BOUNDARY = "hoithi-bench-boundary"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
PASSWORD = "bench-password-123"

SETUP = f"""
from datetime import timedelta
from app import create_app
from app.extensions import db
from app.models import *
from app.services.people.passwords import hash_password
from app.vnsort import sort_key
from app.timeutil import utcnow
create_app().app_context().push()
so = Unit(code="SO", name="Sở GD&ĐT", kind=UnitKind.DEPARTMENT); db.session.add(so); db.session.flush()
school = Unit(code="S1", name="Trường THCS 1", kind=UnitKind.SCHOOL, parent_id=so.id); db.session.add(school)
db.session.flush()
now = utcnow()
contest = Contest(title="Thiết kế bài giảng e-Learning", kind=ContestKind.ELEARNING, round=ContestRound.PROVINCE,
    school_year="2026-2027", status=ContestStatus.PUBLISHED, organiser_unit_id=so.id,
    proposal=Proposal(title="x", status=ProposalStatus.APPROVED), open_to_teachers=True,
    registration_opens=now - timedelta(days=1), registration_closes=now + timedelta(days=1),
    submission_opens=now - timedelta(days=1), submission_closes=now + timedelta(days=1))
teacher = User(username="gv", full_name="Giáo viên", sort_key=sort_key("Giáo viên"), unit_id=school.id,
    password_hash=hash_password("{PASSWORD}"))
teacher.set_roles({{Role.TEACHER}})
db.session.add_all([contest, teacher]); db.session.flush()
entry = Entry(contest_id=contest.id, code="EL-0001", unit_id=school.id, title="Bài giảng", licence=Licence.CC_BY,
    created_by_id=teacher.id, authors=[EntryAuthor(contest_id=contest.id, user_id=teacher.id)])
db.session.add(entry); db.session.commit()
print(entry.id)
"""


def mp4_head(size: int) -> bytes:
    """An ``ftyp`` box, a movie box with one video track (the checker wants a whole MP4), then the header of one
    ``mdat`` box holding the rest of the ``size`` bytes."""
    ftyp = struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isommp41"
    handler = struct.pack(">I4s", 32, b"hdlr") + bytes(8) + b"vide" + bytes(12)
    moov = struct.pack(">I4sI4sI4s", 56, b"moov", 48, b"trak", 40, b"mdia") + handler
    return ftyp + moov + struct.pack(">I4s", size - len(ftyp) - len(moov), b"mdat")


class MultipartBody:
    """A multipart/form-data body generated as it is sent (nothing of the file is held): the form's fields, then
    a video of ``size`` bytes. ``len()`` gives the Content-Length."""

    def __init__(self, fields: dict[str, str], filename: str, size: int) -> None:
        head = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        )
        head += f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        head += "Content-Type: video/mp4\r\n\r\n"
        self._head, self._tail, self._size = head.encode(), f"\r\n--{BOUNDARY}--\r\n".encode(), size
        self._parts = self._generate()
        self._buffer = b""

    def __len__(self) -> int:
        return len(self._head) + self._size + len(self._tail)

    def _generate(self) -> Iterator[bytes]:
        yield self._head
        first = mp4_head(self._size)
        yield first
        filler = bytes(CHUNK)
        left = self._size - len(first)
        while left > 0:
            yield filler[: min(CHUNK, left)]
            left -= CHUNK
        yield self._tail

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            part = next(self._parts, None)
            if part is None:
                break
            self._buffer += part
        if size < 0:
            size = len(self._buffer)
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(CHUNK):
            yield chunk


def token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def upload(session: requests.Session, base: str, entry_id: int, size: int) -> requests.Response:
    page = session.get(f"{base}/entries/{entry_id}", timeout=30)
    fields = {"csrf_token": token(page.text.split('action="/entries/', 1)[1]), "slot": "video"}
    body = MultipartBody(fields, "video.mp4", size)
    headers = {
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(len(body)),
        "X-Requested-With": "XMLHttpRequest",
        "Accept": "application/json",
    }
    return session.post(f"{base}/entries/{entry_id}/files", data=body, headers=headers, timeout=600)


class Sampler(threading.Thread):
    """The resident memory of ``process``, sampled until stopped; ``peak`` is the largest sample."""

    def __init__(self, process: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.process, self.peak, self.stopped = process, process.memory_info().rss, threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.02):
            self.peak = max(self.peak, self.process.memory_info().rss)


def vm_hwm(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=500)
    parser.add_argument("--port", type=int, default=8773)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "HOITHI_INSTANCE_DIR": tmp,
            "HOITHI_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "HOITHI_SECRET_KEY": "bench",
            "HOITHI_RATELIMIT_STORAGE": "memory://",
        }
        env.pop("HOITHI_REDIS_URL", None)
        subprocess.run(
            [sys.executable, "-m", "app.cli", "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True
        )
        entry_id = int(
            subprocess.run(
                [sys.executable, "-c", SETUP], env=env, cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout.split()[-1]
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                "1",
                "--timeout",
                "600",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            base = f"http://127.0.0.1:{args.port}"
            session = requests.Session()
            for _ in range(150):
                try:
                    page = session.get(f"{base}/login", timeout=1)
                    break
                except requests.RequestException:
                    time.sleep(0.2)
            session.post(
                f"{base}/login",
                data={"username": "gv", "password": PASSWORD, "csrf_token": token(page.text)},
                timeout=30,
            )
            master = psutil.Process(server.pid)
            (worker,) = master.children()
            warm = upload(session, base, entry_id, 2 * MB)  # every code path loaded before the baseline
            assert warm.status_code == 200, warm.text
            before, hwm_before = worker.memory_info().rss, vm_hwm(worker.pid)
            sampler = Sampler(worker)
            sampler.start()
            start = time.perf_counter()
            response = upload(session, base, entry_id, args.megabytes * MB)
            elapsed = time.perf_counter() - start
            sampler.stopped.set()
            sampler.join()
            assert response.status_code == 200 and response.json()["ok"], response.text[:500]
            increase = (sampler.peak - before) / MB
            hwm_increase = max(0, vm_hwm(worker.pid) - hwm_before) / MB
            verdict = "ok" if increase < 64 else "OVER TARGET"
            print(
                f"{args.megabytes} MB upload: {elapsed:.1f} s ({args.megabytes / elapsed:.0f} MB/s); web worker RSS "
                f"{before / MB:.1f} MB before, peak +{increase:.1f} MB (VmHWM +{hwm_increase:.1f} MB); "
                f"target < 64 MB: {verdict}"
            )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
