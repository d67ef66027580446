"""The national hand-off (issue 16, item 2): a round feeding a round outside hoithi exports its nominees as one zip
(a folder per entry with its current files, the manifest workbook, the cover letter), kept under its SHA-256, which
is recorded and audited."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import timedelta

import pytest
from flask import Flask, current_app
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, AwardLevel, Contest, ContestKind, NominationMethod, Registration, Role
from app.services.contests import handoff, progression, round_links
from app.services.contests.progression import Choice
from app.services.errors import InvalidInput, NotAllowed
from app.services.programming import grading_admin
from submissions.store import LocalStore
from tests.responses import sheet
from tests.web.rounds_helpers import Rounds

from .. import builders
from .rounds_helpers import PDF, PHOTO_V2, rounds
from .scoreboard.helpers import START, _contestant, _problem, _settings, _submit


def contest_registrations(contest: Contest) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(Registration.contest_id == contest.id)))


def _national(world: Rounds) -> None:
    round_links.set_next_round(
        db.session,
        world.district_organiser,
        world.district,
        next_contest_id=None,
        outside_name="Hội thi Sáng tạo toàn quốc",
        outside_organiser="Trung ương Đoàn TNCS Hồ Chí Minh",
    )


def test_the_handoff_zip_holds_a_folder_per_entry_the_manifest_and_the_letter(app: Flask) -> None:
    world = rounds(link=False)
    _national(world)
    levels = [AwardLevel.FIRST, AwardLevel.SECOND]
    made = progression.nominate(
        db.session, world.district_organiser, world.district, None, Choice(NominationMethod.AWARD, levels=levels)
    )
    assert [n.to_contest_id for n in made] == [None, None] and all(n.carried_entry_id is None for n in made)
    store = LocalStore(current_app.config["STORAGE_DIR"])
    export = handoff.export(db.session, store, world.district_organiser, world.district)

    data = store.read_bytes(export.sha256)
    assert hashlib.sha256(data).hexdigest() == export.sha256 and len(data) == export.size
    archive = zipfile.ZipFile(io.BytesIO(data))
    first, second = (e.code for e in world.entries[:2])
    assert sorted(archive.namelist()) == sorted(
        [
            "cong_van.pdf",
            "danh_sach.xlsx",
            f"{first}/thuyet_minh.pdf",
            f"{first}/anh.png",
            f"{second}/thuyet_minh.pdf",
            f"{second}/anh.png",
        ]
    )
    assert archive.read(f"{first}/anh.png") == PHOTO_V2  # the current version only
    assert archive.read(f"{second}/thuyet_minh.pdf") == PDF

    rows = list(sheet(load_workbook(io.BytesIO(archive.read("danh_sach.xlsx")))).values)
    assert rows[0][:3] == ("Mã bài dự thi", "Tên bài dự thi", "Tác giả")
    entry = world.entries[0]
    assert rows[1] == (
        entry.code,
        entry.title,
        entry.authors[0].user.full_name,
        "Trường THCS Mường Chà 1",
        "Phòng GD&ĐT Mường Chà",
        "Trung học cơ sở",
        1,
        90,
        "Giải Nhất",
    )
    letter = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("cong_van.pdf"))).pages)
    assert "Trung ương Đoàn TNCS Hồ Chí Minh" in letter and "Hội thi Sáng tạo toàn quốc" in letter
    assert entry.code in letter

    (audited,) = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.handoff"))
    assert audited.data["sha256"] == export.sha256 and audited.data["nominees"] == 2
    assert handoff.handoffs(db.session, world.district) == [export]


def test_no_handoff_for_a_round_feeding_hoithi_or_with_nobody_nominated(app: Flask) -> None:
    world = rounds()
    store = LocalStore(current_app.config["STORAGE_DIR"])
    with pytest.raises(InvalidInput, match="không chuyển lên vòng thi ngoài hệ thống hoithi"):
        handoff.export(db.session, store, world.district_organiser, world.district)
    other = rounds(link=False, tag="2")
    _national(other)
    with pytest.raises(InvalidInput, match="Chưa có thí sinh nào được chọn"):
        handoff.export(db.session, store, other.district_organiser, other.district)
    with pytest.raises(NotAllowed):
        handoff.export(db.session, store, other.province_organiser, other.district)


def test_a_programming_nominee_hands_off_its_best_program_for_each_problem(app: Flask) -> None:
    department = builders.unit_tree().department
    contest = builders.contest(
        ContestKind.INFORMATICS,
        department,
        title="Hội thi Tin học trẻ tỉnh",
        submission_opens=START,
        submission_closes=START + timedelta(hours=3),
    )
    _settings(contest)
    organiser = builders.person("btc", department, Role.ORGANISER)
    first = _problem(contest, "A")
    _problem(contest, "B")
    contestant = _contestant(contest, "Lò Văn An")
    _submit(contestant, first, 10, 40, "WA").source = "print('thu lan dau')"
    _submit(contestant, first, 20, 100, "AC").source = "print('tot nhat')"
    _submit(contestant, first, 30, 60, "WA").source = "print('sau cung')"
    # outside the window (made before it was shortened): the scoreboard does not count it, nor does the hand-off
    _submit(contestant, first, 200, 100, "AC").source = "print('sau gio')"
    grading_admin.publish_results(db.session, organiser, contest)
    round_links.set_next_round(db.session, organiser, contest, next_contest_id=None, outside_name="Toàn quốc")
    progression.nominate(db.session, organiser, contest, None, Choice(NominationMethod.RANK, count=1))
    store = LocalStore(current_app.config["STORAGE_DIR"])
    archive = zipfile.ZipFile(
        io.BytesIO(store.read_bytes(handoff.export(db.session, store, organiser, contest).sha256))
    )
    (registration,) = contest_registrations(contest)
    folder = f"TS-{registration.id:04d}"
    assert sorted(n for n in archive.namelist() if n.startswith(folder)) == [f"{folder}/A.py"]  # B: never tried
    assert archive.read(f"{folder}/A.py") == b"print('tot nhat')"
    rows = list(sheet(load_workbook(io.BytesIO(archive.read("danh_sach.xlsx")))).values)
    assert rows[1][:3] == (folder, "Lò Văn An", "Lò Văn An") and rows[1][6:8] == (1, 100)
