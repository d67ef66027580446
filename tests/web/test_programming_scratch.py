"""Scratch projects in a programming contest (Bảng A): uploading an .sb3, what is refused, the problem page's
convention and the submission page's read-only preview."""

from __future__ import annotations

import base64
import io
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from markupsafe import escape
from rq import Worker
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import Contest, ContestKind, Role, Submission
from app.queue import connection, judge_queue
from app.services.programming import (
    grading,
    judge_languages,
    judging_settings,
    scratch_blocks,
    scratch_projects,
)
from sandbox.bwrap_backend import BwrapBackend
from submissions.scratch import MAX_PROJECT_BYTES, Block

from .. import builders
from .. import scratch_projects as sp


@pytest.fixture
def world(app: Flask) -> Iterator[Contest]:
    """A running contest of Bảng A that accepts Scratch, with one problem and a pupil."""
    connection().flushdb()
    running = builders.contest(ContestKind.INFORMATICS)
    bang = builders.categories(running, "A")
    builders.programming_problem(running, "A", bang["A"])
    settings = judging_settings.settings_for(db.session, running)
    settings.languages = "python,scratch"
    db.session.add(settings)
    builders.register(running, builders.person("hs"), category=bang["A"])
    db.session.commit()
    yield running
    connection().flushdb()


def _upload(client: FlaskClient, contest: Contest, data: bytes, name: str = "bai1.sb3") -> TestResponse:
    assert client.post("/login", data={"username": "hs", "password": "password123"}).status_code == 302
    form = {"language": "auto", "source": "", "file": (io.BytesIO(data), name)}
    return client.post(f"/contests/{contest.id}/problems/A/submit", data=form, content_type="multipart/form-data")


def test_an_uploaded_project_is_queued_and_previewed_read_only(client: FlaskClient, world: Contest) -> None:
    project = sp.adder()
    response = _upload(client, world, project)
    assert response.status_code == 302
    submission = db.session.query(Submission).one()
    assert submission.language == "scratch"
    assert scratch_projects.source_bytes(submission.source, submission.language) == project
    assert judge_queue().count == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dự án em đã nộp" in page and "Sân khấu" in page and "Mèo" in page
    assert "nói ((a) + (câu trả lời))" in page and "data:image/svg+xml;base64," in page
    assert base64.b64encode(project).decode()[:40] not in page  # the file itself is not dumped as text


VIETNAMESE_BLOCKS = """khi bấm vào lá cờ xanh
đặt biến tổng thành 0
hỏi Tên em là gì? và đợi
nói Hello trong 2 giây
lặp lại 10
  di chuyển 10 bước
  thêm (câu trả lời) vào dãy
nếu &lt;đang chạm con trỏ chuột?&gt; thì
  nói ((câu trả lời) + 1)
nếu không thì
  đặt bút
looks_magicspell WORDS=(abc)"""

ENGLISH_BLOCKS = """when green flag clicked
set tổng to 0
ask Tên em là gì? and wait
say Hello for 2 seconds
repeat 10
  move 10 steps
  add (answer) to dãy
if &lt;touching mouse-pointer?&gt; then
  say ((answer) + 1)
else
  pen down
looks_magicspell WORDS=(abc)"""


def test_the_preview_reads_as_scratch_blocks_in_the_interface_language(client: FlaskClient, world: Contest) -> None:
    """A pupil recognises their blocks: worded as Scratch words them, in Vietnamese or in English; a block the
    preview has no wording for keeps its opcode."""
    response = _upload(client, world, sp.many_kinds_of_blocks())
    assert response.status_code == 302
    assert VIETNAMESE_BLOCKS in client.get(response.headers["Location"]).get_data(as_text=True)
    client.get("/lang/en")
    assert ENGLISH_BLOCKS in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    "locale, defined",
    [
        ("vi", "định nghĩa jump (height) &lt;loud&gt;\nthay đổi tung độ một lượng (height)\nnếu &lt;loud&gt; thì"),
        ("en", "define jump (height) &lt;loud&gt;\nchange y by (height)\nif &lt;loud&gt; then"),
    ],
)
def test_custom_blocks_read_as_scratch_draws_them(
    client: FlaskClient, world: Contest, locale: str, defined: str
) -> None:
    """A pupil's own block reads "define jump (height) <loud>" over its script, and each use "jump (10) <...>":
    their words as they wrote them, each argument in its slot, in either language."""
    response = _upload(client, world, sp.with_custom_blocks())
    assert response.status_code == 302
    client.get(f"/lang/{locale}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert defined in page
    assert "jump (10) &lt;2 &lt; 1&gt;\njump (3) &lt;1 &lt; 2&gt;" in page
    assert "procedures_" not in page and "argument_reporter" not in page


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_every_block_of_the_table_is_worded_even_with_its_slots_empty(app: Flask, locale: str) -> None:
    """A template's placeholders are the block's own inputs and fields; one a crafted project leaves out reads
    ``_``, never a fault."""
    with app.test_request_context(), force_locale(locale):
        for opcode in scratch_blocks.BLOCKS:
            text = scratch_blocks.block_text(Block(opcode))
            assert text and opcode not in text and "%(" not in text, (opcode, text)


@pytest.mark.parametrize(
    "data, message",
    [
        (sp.with_video_sensing(), "phần mở rộng không được phép trong hội thi: videoSensing"),
        (b"print('hello')\n", "không phải là dự án Scratch 3"),
        (sp.sb3(sp.project_json([[sp.GREEN_FLAG]]), drop_assets=True), "Dự án thiếu một trang phục hoặc âm thanh"),
        (b"PK" + b"\0" * (MAX_PROJECT_BYTES + 10), "Dự án Scratch lớn hơn 5 MiB"),
    ],
    ids=["extension", "not-a-zip", "missing-asset", "too-large"],
)
def test_unfit_projects_are_refused_with_a_reason_and_change_nothing(
    client: FlaskClient, world: Contest, data: bytes, message: str
) -> None:
    response = _upload(client, world, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.query(Submission).count() == 0 and judge_queue().count == 0


def test_a_project_whose_project_json_is_past_its_cap_is_refused_as_too_large(
    client: FlaskClient, world: Contest
) -> None:
    response = _upload(client, world, sp.with_oversized_project_json())
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Dự án Scratch quá lớn: tệp project.json khi giải nén lớn hơn 16 MiB" in page
    assert "bị hỏng" not in page
    assert db.session.query(Submission).count() == 0 and judge_queue().count == 0


DAMAGE_MESSAGES = {
    "svg": 'Trang phục "costume1" của "Mèo" bị hỏng: hãy lưu lại dự án bằng Scratch 3',
    "png": 'Trang phục "costume1" của "Mèo" bị hỏng',
    "md5ext": 'Trang phục "costume1" của "Mèo" bị hỏng',
    "sound": 'Âm thanh "meo" của "Mèo" bị hỏng',
    "no-costume": '"Mèo" không có trang phục nào',
}


@pytest.mark.parametrize("how", sp.DAMAGES)
def test_a_project_with_damaged_assets_is_refused_naming_the_sprite_and_costume(
    client: FlaskClient, world: Contest, how: str
) -> None:
    response = _upload(client, world, sp.damaged(how))
    assert response.status_code == 400
    assert str(escape(DAMAGE_MESSAGES[how])) in response.get_data(as_text=True)
    assert db.session.query(Submission).count() == 0 and judge_queue().count == 0


def test_the_problem_page_states_the_scratch_convention_in_vietnamese(client: FlaskClient, world: Contest) -> None:
    _upload(client, world, sp.adder())  # logs in
    page = client.get(f"/contests/{world.id}/problems/A").get_data(as_text=True)
    assert "máy chấm bấm lá cờ xanh" in page and "nhân vật nói hoặc nghĩ" in page


def test_contests_without_scratch_do_not_take_projects(client: FlaskClient, world: Contest) -> None:
    settings = judging_settings.settings_for(db.session, world)
    settings.languages = "python"
    db.session.commit()
    assert _upload(client, world, sp.adder()).status_code == 400
    assert db.session.query(Submission).count() == 0


def test_a_stored_project_round_trips_for_the_judge() -> None:
    project = sp.counter_to_variable()
    assert scratch_projects.source_bytes(grading.checked_source(project, "scratch"), "scratch") == project
    assert scratch_projects.source_bytes("print(1)\n", "python") == b"print(1)\n"


def test_scratch_is_refused_while_no_live_worker_can_judge_it(
    client: FlaskClient, world: Contest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one worker alive has no Scratch runtime (its setting names an empty folder): a pupil's project is refused
    with a message in their language and nothing stored, Python is taken as ever, the organisers' judging and
    problems pages say why; once no worker lacks it, projects are no longer refused for it."""
    monkeypatch.setenv("HOITHI_SCRATCH_RUNTIME", str(tmp_path))
    conn = connection()
    worker = Worker([judge_queue()], connection=conn, name=f"{socket.gethostname()}:4242")
    worker.register_birth()
    try:
        judge_languages.announce(conn, worker.name, BwrapBackend().unavailable())
        response = _upload(client, world, sp.adder())
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "Bài nộp bằng Scratch 3 hiện chưa chấm được: máy chấm chưa cài bộ chạy Scratch 3." in page
        assert db.session.query(Submission).count() == 0 and judge_queue().count == 0
        python = {"language": "python", "source": "print(1)\n"}
        assert client.post(f"/contests/{world.id}/problems/A/submit", data=python).status_code == 302

        organiser = builders.person("bt", world.organiser_unit, Role.ORGANISER)
        db.session.commit()
        client.get("/logout")
        assert (
            client.post("/login", data={"username": organiser.username, "password": "password123"}).status_code == 302
        )
        judging = client.get(f"/contests/{world.id}/manage/judging").get_data(as_text=True)
        assert "Không máy chấm nào đang chạy chấm được Scratch 3" in judging
        assert f"the Scratch runtime is not installed in {tmp_path}" in judging
        problems = client.get(f"/contests/{world.id}/manage/problems").get_data(as_text=True)
        assert "Không máy chấm nào đang chạy chấm được Scratch 3" in problems  # where a Scratch task is added
        client.get("/logout")

        judge_languages.withdraw(conn, worker.name)
        again = _upload(client, world, sp.adder()).get_data(as_text=True)
        # past the language now, as far as the spacing after the Python submission a moment ago
        assert "chưa chấm được" not in again and "giây" in again
    finally:
        worker.register_death()
