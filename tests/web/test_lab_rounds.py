"""Lab rounds offline: the province exports a round to a lab package, a second hoithi (its own database and store)
imports it and runs the round, its signed results bundle comes back and is checked; a bundle with a wrong
signature, a changed file, another contest's results or a submission after the end is refused whole, each problem
named."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from html import escape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from pypdf import PdfReader
from sqlalchemy import func, select

from app.extensions import db
from app.models import Contest, LabPackage, LabRound, Problem, Registration, Role, Submission, User
from app.services.contests import registrations
from app.services.people.passwords import verify_password
from app.services.programming.lab import cards, lab_setup, results, signing
from app.services.programming.lab.zips import Refused
from app.services.programming.scoreboard import build
from tests.builders import present, row_of
from tests.conftest import AuthActions

from .. import builders
from .lab_helpers import _export, _import, _lab_app, _refusal, _run_lab, _store, judged, lab_app, province, rewritten

__all__ = ["_lab_app", "lab_app", "province"]


def test_a_round_goes_to_the_lab_and_its_signed_results_come_back(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    issued = _export(app, province, tmp_path / "lab.zip")

    # the cards carry fresh passwords, one seat each; the package only their hashes and the signing key
    assert [(c.login, c.room, c.seat) for c in issued.cards] == [("an", "P01", 1), ("binh", "P02", 1)]
    with zipfile.ZipFile(tmp_path / "lab.zip") as zf:
        round_ = json.loads(zf.read("round.json"))
        manifest = json.loads(zf.read("manifest.json"))
        assert set(manifest["files"]) == {n for n in zf.namelist() if n != "manifest.json"}
    assert all(card.password not in json.dumps(round_) for card in issued.cards)
    hashes = {c["login"]: c["password_hash"] for c in round_["contestants"]}
    assert all(verify_password(hashes[card.login], card.password) for card in issued.cards)
    # the province's own passwords are untouched, and it keeps only the public key
    assert verify_password(row_of(User, issued.package.logins["an"]).password_hash, "password123")
    assert issued.package.public_key != round_["signing_key"]

    bundle = _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip")
    with lab_app.app_context():
        # the contestants log in at the lab with the passwords on their cards
        client = lab_app.test_client()
        card = issued.cards[0]
        assert client.post("/login", data={"username": card.login, "password": card.password}).status_code == 302
        assert db.session.scalars(select(LabRound.package_id)).all() == [issued.package.package_id]
        db.session.remove()

    imported = _import(province, tmp_path / "results.zip")
    assert (imported.submissions, imported.fingerprint) == (2, bundle.fingerprint)
    rows = db.session.scalars(select(Submission).order_by(Submission.score.desc())).all()
    assert [(r.user_id, r.verdict, r.score) for r in rows] == [
        (issued.package.logins["an"], "AC", 100.0),
        (issued.package.logins["binh"], "WA", 0.0),
    ]
    assert rows[0].source == "print(sum(map(int, input().split())))\n"
    board = build(db.session, row_of(Contest, province["contest"]), viewer_is_staff=True)
    assert [(row.members, row.total) for row in board.rows] == [(["Nguyễn Văn An"], 100.0), (["Trần Thị Bình"], 0.0)]

    # the same bundle twice: refused, nothing doubled
    with force_locale("en"), pytest.raises(Refused) as again:
        _import(province, tmp_path / "results.zip")
    db.session.rollback()
    with force_locale("en"):
        (problem,) = [str(p) for p in again.value.problems]
    assert problem.startswith("The results of this lab package were already imported on ")
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 2


def test_a_bundle_signed_with_another_key_is_refused(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip")
    with zipfile.ZipFile(tmp_path / "results.zip") as zf:
        manifest = zf.read("manifest.json")
    forged = signing.sign(signing.new_key_pair()[0], manifest).encode()
    problems = _refusal(province, rewritten(tmp_path / "results.zip", tmp_path / "forged.zip", {"signature": forged}))
    assert problems == [
        "The signature is wrong: the bundle was not signed with its lab package's key, or its manifest was changed "
        "after signing."
    ]


def test_a_source_changed_after_the_round_is_named(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip")
    changed = rewritten(tmp_path / "results.zip", tmp_path / "changed.zip", {"sources/2.py": b"print(42)\n"})
    problems = _refusal(province, changed)
    assert problems == [
        "The file sources/2.py was changed: its hash is not the manifest's.",
        "Submission 2: its source does not match the hash recorded for it.",
    ]


def test_a_changed_manifest_breaks_the_signature(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip")
    with zipfile.ZipFile(tmp_path / "results.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        result = json.loads(zf.read("results.json"))
    result["submissions"][1]["verdict"], result["submissions"][1]["score"] = "AC", 100.0
    edited = json.dumps(result).encode()
    manifest["files"]["results.json"] = signing.sha256(edited)
    changes = {"results.json": edited, "manifest.json": json.dumps(manifest).encode()}
    problems = _refusal(province, rewritten(tmp_path / "results.zip", tmp_path / "edited.zip", changes))
    assert problems == [
        "The signature is wrong: the bundle was not signed with its lab package's key, or its manifest was changed "
        "after signing."
    ]


def test_a_signed_bundle_with_malformed_scores_is_refused_not_a_server_error(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    """A lab's hoithi of another version (or a damaged one) signs what it wrote: its values are checked all the
    same, so that a text where a number belongs is named, never stored nor a database error."""
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip")
    with zipfile.ZipFile(tmp_path / "lab.zip") as zf:
        key = json.loads(zf.read("round.json"))["signing_key"]
    with zipfile.ZipFile(tmp_path / "results.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        result = json.loads(zf.read("results.json"))
    first, second = result["submissions"]
    first["max_score"] = "lots"
    second["subtask_scores"] = {"1": "all of them"}
    second["tests"][0]["time_ms"] = 2**40
    edited = json.dumps(result).encode()
    manifest["files"]["results.json"] = signing.sha256(edited)
    listed = json.dumps(manifest).encode()
    changes = {"results.json": edited, "manifest.json": listed, "signature": signing.sign(key, listed).encode()}
    problems = _refusal(province, rewritten(tmp_path / "results.zip", tmp_path / "odd.zip", changes))
    assert problems == [
        "Submission 1: its score or its tests are not described properly.",
        "Submission 2: its score or its tests are not described properly.",
    ]


def test_a_signed_bundle_with_a_source_the_judge_would_refuse_is_refused(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    """A source is held to what a submission on the web is held to (text, not binary, at most 64 KiB)."""
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip")
    with zipfile.ZipFile(tmp_path / "lab.zip") as zf:
        key = json.loads(zf.read("round.json"))["signing_key"]
    with zipfile.ZipFile(tmp_path / "results.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        result = json.loads(zf.read("results.json"))
    sources = {"sources/1.py": b"\x7fELF\x00\x00", "sources/2.py": b"#" * (65 * 1024)}
    for item in result["submissions"]:
        item["source_sha256"] = signing.sha256(sources[item["source_file"]])
    edited = json.dumps(result).encode()
    manifest["files"] |= {name: signing.sha256(data) for name, data in sources.items()}
    manifest["files"]["results.json"] = signing.sha256(edited)
    listed = json.dumps(manifest).encode()
    changes = {"results.json": edited, "manifest.json": listed, "signature": signing.sign(key, listed).encode()}
    problems = _refusal(province, rewritten(tmp_path / "results.zip", tmp_path / "odd.zip", changes | sources))
    assert problems == [
        "Submission 1: The source is not a text file (UTF-8).",
        "Submission 2: The source is larger than 64 KiB.",
    ]


def test_the_bundle_of_another_contest_is_refused(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip")
    organiser = row_of(User, province["organiser"])
    other = builders.contest(organiser_unit=organiser.unit, title="Tin học trẻ huyện")
    db.session.commit()
    problems = _refusal(province, tmp_path / "results.zip", other.id)
    assert problems == ["This bundle holds the results of another contest (Tin học trẻ tỉnh), not of this one."]


def test_a_submission_after_the_end_is_named(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip", late=True)
    problems = _refusal(province, tmp_path / "results.zip")
    assert len(problems) == 1
    assert problems[0].startswith("Submission 2 (binh, problem A) was made at ")
    assert "after the round's end" in problems[0]


def test_several_problems_are_all_named(app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path) -> None:
    _export(app, province, tmp_path / "lab.zip")
    _run_lab(lab_app, tmp_path / "lab.zip", tmp_path / "results.zip", late=True)
    changed = rewritten(tmp_path / "results.zip", tmp_path / "changed.zip", {"sources/1.py": b"print(1)\n"})
    problems = _refusal(province, changed)
    assert problems[0] == "The file sources/1.py was changed: its hash is not the manifest's."
    assert problems[1] == "Submission 1: its source does not match the hash recorded for it."
    assert "after the round's end" in problems[2]


def test_the_lab_refuses_a_damaged_package_and_a_package_imported_twice(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    with zipfile.ZipFile(tmp_path / "lab.zip") as zf:
        round_ = json.loads(zf.read("round.json"))
    round_["contestants"][0]["password_hash"] = round_["contestants"][1]["password_hash"]
    damaged = rewritten(tmp_path / "lab.zip", tmp_path / "damaged.zip", {"round.json": json.dumps(round_).encode()})
    with lab_app.app_context():
        with force_locale("en"), pytest.raises(Refused) as refused:
            lab_setup.import_package(db.session, _store(lab_app), damaged)
        with force_locale("en"):
            assert [str(p) for p in refused.value.problems] == [
                "The file round.json was changed: its hash is not the manifest's."
            ]
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(User)) == 0

        lab_setup.import_package(db.session, _store(lab_app), tmp_path / "lab.zip")
        db.session.commit()
        with force_locale("en"), pytest.raises(Refused) as twice:
            lab_setup.import_package(db.session, _store(lab_app), tmp_path / "lab.zip")
        with force_locale("en"):
            assert [str(p) for p in twice.value.problems] == [
                "This lab package was already imported here.",
                "The login an is already an account on this hoithi.",
                "The login binh is already an account on this hoithi.",
            ]
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Contest)) == 1
        db.session.remove()


def test_results_wait_for_the_end_of_the_round(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    with lab_app.app_context():
        contest = lab_setup.import_package(db.session, _store(lab_app), tmp_path / "lab.zip")
        db.session.commit()
        with force_locale("en"), pytest.raises(results.InvalidInput) as early:
            results.export_results(db.session, contest, tmp_path / "results.zip")
        with force_locale("en"):
            assert str(early.value.message) == "The round is not over yet: export its results once it has ended."
        assert not (tmp_path / "results.zip").exists()
        db.session.remove()


def _text(pdf: bytes) -> tuple[str, int]:
    """The PDF's text and its number of pages."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(page.extract_text() for page in pages), len(pages)


def test_cards_and_room_lists_are_pdfs_in_vietnamese(app: Flask, province: dict[str, int], tmp_path: Path) -> None:
    issued = _export(app, province, tmp_path / "lab.zip")
    card_text, _ = _text(cards.render_cards(issued.cards, issued.contest_title))
    assert "Nguyễn Văn An" in card_text and "Phòng thi: P01" in card_text
    assert all(card.password in card_text for card in issued.cards)
    room_text, pages = _text(cards.render_rooms(issued.cards, issued.contest_title))
    assert "PHÒNG P01" in room_text and "Trần Thị Bình" in room_text and pages == 2  # one room each
    assert all(card.password not in room_text for card in issued.cards)


def test_the_command_line_takes_a_round_to_the_lab_and_back(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    exported = app.test_cli_runner().invoke(
        args=["lab", "export", str(province["contest"]), str(tmp_path / "out"), "--by", "org"]
    )
    assert exported.exit_code == 0, exported.output
    lab_package = tmp_path / "out" / f"lab-package-{province['contest']}.zip"
    assert _text((tmp_path / "out" / f"cards-{province['contest']}.pdf").read_bytes())[1] == 1

    with lab_app.app_context():
        runner = lab_app.test_cli_runner()
        assert runner.invoke(args=["lab", "import", str(lab_package)]).exit_code == 0
        again = runner.invoke(args=["lab", "import", str(lab_package)])
        assert again.exit_code == 1 and "  - " in again.output  # the problems named, one a line
        contest = db.session.scalars(select(Contest)).one()
        an = db.session.scalars(select(User).where(User.username == "an")).one()
        judged(db.session.scalars(select(Problem)).one(), an, b"print(3)\n", "WA", 0.0)
        db.session.commit()
        early = runner.invoke(args=["lab", "results", str(contest.id), str(tmp_path / "results.zip")])
        assert early.exit_code == 1 and not (tmp_path / "results.zip").exists()
        contest.submission_closes = contest.submission_opens + timedelta(days=1)  # the round is over
        db.session.commit()
        done = runner.invoke(args=["lab", "results", str(contest.id), str(tmp_path / "results.zip")])
        assert done.exit_code == 0, done.output
        db.session.remove()

    other = builders.contest(organiser_unit=row_of(User, province["organiser"]).unit)
    db.session.commit()
    wrong = app.test_cli_runner().invoke(
        args=["lab", "import-results", str(other.id), str(tmp_path / "results.zip"), "--by", "org"]
    )
    assert wrong.exit_code == 1
    right = app.test_cli_runner().invoke(
        args=["lab", "import-results", str(province["contest"]), str(tmp_path / "results.zip"), "--by", "org"]
    )
    assert right.exit_code == 0, right.output
    assert right.output.startswith("1 submissions imported; fingerprint ")
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1


def test_a_round_in_two_labs_has_a_package_for_each(
    app: Flask, lab_app: Flask, province: dict[str, int], client: FlaskClient, auth: AuthActions, tmp_path: Path
) -> None:
    an = db.session.scalars(select(User).where(User.username == "an")).one()
    auth.login("org")
    client.get("/lang/en")
    page = client.get(f"/contests/{province['contest']}/manage/lab").get_data(as_text=True)
    school = present(an.unit)
    assert escape(school.name) in page and escape(present(school.parent).name) in page  # the school, and its district
    response = client.post(
        f"/contests/{province['contest']}/manage/lab/export", data={"seats_per_room": "30", "unit": str(an.unit_id)}
    )
    with zipfile.ZipFile(io.BytesIO(response.data)) as kit:
        lab_package = kit.read(f"lab-package-{province['contest']}.zip")
        cards_text, _ = _text(kit.read(f"cards-{province['contest']}.pdf"))
    assert "Nguyễn Văn An" in cards_text and "Trần Thị Bình" not in cards_text
    with zipfile.ZipFile(io.BytesIO(lab_package)) as zf:
        assert [c["login"] for c in json.loads(zf.read("round.json"))["contestants"]] == ["an"]
    assert [p.logins for p in db.session.scalars(select(LabPackage))] == [{"an": an.id}]


def test_a_team_registered_by_its_school_goes_to_the_lab_as_a_team(app: Flask, lab_app: Flask, tmp_path: Path) -> None:
    units = builders.unit_tree()
    contest = builders.contest(organiser_unit=units.department, max_team_size=2)
    builders.programming_problem(contest, "A")
    organiser = builders.person("org", units.department, Role.ORGANISER)
    coordinator = builders.person("coord", units.school, Role.COORDINATOR)
    pair = [builders.person(login, units.school) for login in ("chi", "dung")]
    registrations.register(db.session, coordinator, contest, member_ids=[p.id for p in pair], team_name="Đội 1")
    db.session.commit()
    _export(app, {"contest": contest.id, "organiser": organiser.id}, tmp_path / "lab.zip")
    school = units.school.code
    with lab_app.app_context():
        lab_setup.import_package(db.session, _store(lab_app), tmp_path / "lab.zip")
        db.session.commit()
        (team,) = db.session.scalars(select(Registration)).all()
        assert team.team_name == "Đội 1" and sorted(m.user.username for m in team.members) == ["chi", "dung"]
        assert team.unit.code == school
        db.session.remove()
