"""State lost by a process that dies: Redis restarted empty (no persistence, or its files lost) while submissions wait
on its queue, and the web server killed with SIGKILL in the middle of an upload. The database is the truth: the
queued submissions are graded once each, and an upload cut short leaves no row, no object, only a temporary file
that the sweep removes."""

from __future__ import annotations

import contextlib
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import EntryFile, SubmissionStatus
from app.services import staging
from app.services.entries import entering
from app.storage import content_store
from submissions.store import LocalStore

from ..submissions.crafting import PDF
from ..web import entries_helpers
from ..web.entries_helpers import World, lecture
from .conftest import Contest, Stack, all_done, assert_graded_exactly_once, state
from .processes import kill_group, wait_for

pytestmark = pytest.mark.slow

world = entries_helpers.world

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
ACCEPTED = "a, b = map(int, input().split())\nprint(a + b)\n"


def _submit(stack: Stack, contest: Contest, username: str) -> int:
    response = stack.browser(username).submit(contest.id, "A", ACCEPTED, "python")
    assert response.status_code == 302, response.text[:500]
    found = re.search(r"/submissions/(\d+)$", response.headers["Location"])
    assert found is not None
    return int(found.group(1))


def test_redis_restarted_empty_while_submissions_wait_loses_none(stack: Stack, contest: Contest) -> None:
    stack.start_site()
    ids = [_submit(stack, contest, name) for name in contest.usernames[:4]]  # queued: no worker yet
    stack.redis.kill()
    shutil.rmtree(stack.redis.folder)  # its append-only file gone: it comes back empty
    stack.redis.start()
    assert stack.redis.answers()
    stack.start_worker()
    wait_for(lambda: all_done(ids), 180, "every submission to be graded")
    assert_graded_exactly_once(ids, regraded_at_most=0)


def _body(token: str, boundary: str, size: int, sent: threading.Event) -> Iterator[bytes]:
    """A multipart upload of a ``size``-byte PDF that sends its first half, then waits (the server is killed)."""
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="slot"\r\n\r\ndocument\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bai-giang.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    yield PDF
    for _ in range(size // 2 // 65536):
        yield b"%" + b"x" * 65534 + b"\n"
    sent.set()
    time.sleep(30)  # never finished: the server dies meanwhile


def test_the_web_server_killed_mid_upload_leaves_no_row_and_no_object(
    app: Flask, stack: Stack, world: World, tmp_path: Path
) -> None:
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    db.session.commit()
    store = content_store()
    assert isinstance(store, LocalStore)
    objects_before = set(store.digests())
    stack.start_site()
    browser = stack.browser("gv1")
    page = browser.get(f"/entries/{entry.id}")
    found = TOKEN.search(page.text)
    assert found is not None
    token = found.group(1)
    boundary, sent = "hoithi-fault-boundary", threading.Event()

    def upload() -> None:
        with contextlib.suppress(requests.RequestException):  # the server dies under it, as expected
            browser.session.post(
                f"{stack.base}/entries/{entry.id}/files",
                data=_body(token, boundary, 8 * 1024 * 1024, sent),
                headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
                timeout=60,
            )

    uploading = threading.Thread(target=upload, daemon=True)
    uploading.start()
    assert sent.wait(60), stack.log("site")
    wait_for(lambda: any(store.staging.glob("upload-*")), 30, "the upload to reach the staging folder")
    assert stack.site is not None
    kill_group(stack.site.pid)  # kill -9: gunicorn and its workers, mid-request
    stack.site.wait(timeout=10)
    stack.site = None

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(EntryFile)) == 0
    assert set(store.digests()) == objects_before  # nothing half-written taken as an object
    left = list(store.staging.glob("upload-*"))
    assert left, "the killed upload's temporary file (for the sweep)"
    assert len(staging.sweep(store, 0)) >= len(left)
    assert not any(store.staging.glob("upload-*"))

    stack.start_site()  # back up: the same upload, whole, is taken
    again = stack.browser("gv1")
    page = again.get(f"/entries/{entry.id}")
    token = TOKEN.search(page.text)
    assert token is not None
    answer = again.session.post(
        f"{stack.base}/entries/{entry.id}/files",
        data={"csrf_token": token.group(1), "slot": "document"},
        files={"file": ("bai-giang.pdf", PDF, "application/pdf")},
        headers={"X-Requested-With": "XMLHttpRequest"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text[:500]
    db.session.expire_all()
    assert [f.original_name for f in entry.current_files] == ["bai-giang.pdf"]


SUM_CPP = (
    "#include <cstdio>\n"
    'int main() { long long a, b; std::scanf("%lld %lld", &a, &b); std::printf("%lld\\n", a + b); }\n'
)


def test_a_worker_killed_while_compiling_loses_nothing(stack: Stack, contest: Contest) -> None:
    stack.start_site()
    worker = stack.start_worker()
    response = stack.browser(contest.usernames[0]).submit(contest.id, "A", SUM_CPP, "cpp")
    assert response.status_code == 302, response.text[:500]
    found = re.search(r"/submissions/(\d+)$", response.headers["Location"])
    assert found is not None
    submission_id = int(found.group(1))
    wait_for(lambda: state(submission_id).status is SubmissionStatus.COMPILING, 120, "the compilation to start")
    kill_group(worker.pid)  # kill -9: the worker, its slots and the compiler they started
    stack.start_worker()  # as `hoithi up` restarts a worker that died
    wait_for(lambda: all_done([submission_id]), 180, "the submission to be graded")
    assert_graded_exactly_once([submission_id], regraded_at_most=1)
