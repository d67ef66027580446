"""A broken problem package is refused in the organiser's language: every fault the judge can find has its message
in the interface (so that a new one cannot reach an organiser in English), and the refusal and the import report
say them in Vietnamese."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Problem
from app.services.programming.package_faults import MESSAGES, stored_reason
from judge.faults import ENGLISH, FaultCode
from tests.conftest import AuthActions

from ..sandbox.conftest import usable
from . import programming_helpers
from .programming_helpers import SPLIT, SUM, counts, upload, zip_of

world = programming_helpers.world
CATALOGUE = Path(__file__).resolve().parents[2] / "app" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text)) | set(re.findall(r"\{(\w+)\}", text))


def test_every_fault_the_judge_raises_has_a_vietnamese_message_with_the_same_values() -> None:
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f, locale="vi")
    assert set(MESSAGES) == set(FaultCode) == set(ENGLISH)
    for code in FaultCode:
        msgid = MESSAGES[code]._args[0]  # the lazy string's message
        entry = catalogue.get(msgid)
        assert entry is not None and isinstance(entry.string, str), f"{code}: no Vietnamese for {msgid!r}"
        assert entry.string and entry.string != msgid, f"{code}: no Vietnamese for {msgid!r}"
        assert _placeholders(msgid) == _placeholders(entry.string) == _placeholders(ENGLISH[code]), code


def test_every_fault_code_used_in_the_judge_is_one_of_the_table() -> None:
    """The judge names its faults only through ``FaultCode`` (a plain-text ``ProblemError`` would show in English)."""
    judge = Path(__file__).resolve().parents[2] / "judge"
    source = "\n".join(p.read_text() for p in judge.glob("*.py"))
    used = set(re.findall(r"\bF\.([A-Z_]+)\b", source))
    assert used and used <= {code.name for code in FaultCode}
    assert not re.search(r"ProblemError\(\s*f?[\"']", source), "a ProblemError with a plain message"


def _vietnamese(client: FlaskClient, auth: AuthActions, username: str) -> None:
    assert auth.login(username).status_code == 302
    client.get("/lang/vi")


def test_a_broken_themis_task_is_refused_in_vietnamese_naming_the_file(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    _vietnamese(client, auth, "org")
    response = upload(client, world["contest"], zip_of(SUM, {"Test06/SUM.INP": b"1 2\n"}), "SUM.zip", label="Z")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bài Z: không thể sử dụng gói đề bài: SUM/Test06: test thiếu đáp án (không có SUM.OUT;" in page
    assert "is missing" not in page and "/tmp" not in page and "hoithi-judge" not in page
    assert counts() == (0, 0)


def test_a_broken_kattis_package_lists_every_fault_in_vietnamese(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int], tmp_path: Path
) -> None:
    _vietnamese(client, auth, "org")
    package = shutil.copytree(SPLIT, tmp_path / "split")
    (package / "problem.yaml").write_text("validation: default\nlimits: 3\ngrading: [1]\n")
    (package / "data/secret/extra.ans").write_text("1\n")
    response = upload(client, world["contest"], zip_of(package), "split.zip", label="Z")
    page = response.get_data(as_text=True)
    assert "split/problem.yaml: &#39;limits&#39; phải gồm các khoá và giá trị" in page
    assert "&#39;grading&#39; phải gồm các khoá và giá trị" in page
    assert "split/data/secret/extra.ans: đáp án thiếu dữ liệu vào (không có extra.in)" in page
    assert "must be a mapping" not in page and "answer without" not in page
    assert counts() == (0, 0)


def test_the_import_report_says_what_was_left_out_in_vietnamese(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    app.config["SANDBOX"] = "none-such"  # no reference grading here
    _vietnamese(client, auth, "org")
    extra = {"submissions/accepted/split.rs": b"fn main() {}\n", "data/extra/1.in": b"1\n"}
    response = upload(client, world["contest"], zip_of(SPLIT, extra), "split.zip", label="B")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "submissions/accepted/split.rs: ngôn ngữ hoithi không chấm (.rs)" in page
    assert "data/extra: chỉ data/sample và data/secret được dùng để chấm" in page
    assert "does not judge" not in page and "are judged" not in page
    report: dict[str, Any] = db.session.scalars(select(Problem)).one().import_report
    with app.test_request_context():  # a report stored before the codes existed keeps its English reason
        assert stored_reason({"path": "x", "reason": "old words"}) == "old words"
        assert stored_reason(report["skipped"][0]) == "chỉ data/sample và data/secret được dùng để chấm"


def test_the_import_report_warns_of_an_unearnable_range_and_no_accepted_solution_in_vietnamese(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int], tmp_path: Path
) -> None:
    """What ``hoithi judge verify`` warns of without running anything reaches the organiser too; the report had
    said nothing of either."""
    app.config["SANDBOX"] = "none-such"  # the warnings need no run
    _vietnamese(client, auth, "org")
    package = shutil.copytree(SPLIT, tmp_path / "split")
    shutil.rmtree(package / "submissions/accepted")
    (package / "data/testdata.yaml").write_text("on_reject: continue\nrange: 0 150\n")
    response = upload(client, world["contest"], zip_of(package), "split.zip", label="W")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    report: dict[str, Any] = db.session.scalars(select(Problem)).one().import_report
    assert [w["code"] for w in report["warnings"]] == ["range_unearnable", "no_accepted"]
    assert "Thang điểm (range) của data/ lên tới 150, cao hơn số điểm các test có thể đạt (100)" in page
    assert "Gói đề bài không có lời giải nào trong submissions/accepted/" in page
    assert "more than the tests can earn" not in page


def test_the_import_report_of_a_whole_package_has_no_warnings(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    app.config["SANDBOX"] = "none-such"
    _vietnamese(client, auth, "org")
    response = upload(client, world["contest"], zip_of(SPLIT), "split.zip", label="W")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalars(select(Problem)).one().import_report["warnings"] == []
    assert 'id="report-warnings"' not in page


@pytest.mark.slow
@pytest.mark.bwrap
def test_the_import_report_warns_of_a_time_limit_under_the_slowest_accepted_solution(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int], tmp_path: Path
) -> None:
    """The import grades the accepted solutions, so it finds what verify fails: problem.yaml's 1 s is under the
    Python solution's time x ac_to_time_limit 1000 (problemtools refuses the package)."""
    usable("bwrap")
    app.config["SANDBOX"] = "bwrap"
    _vietnamese(client, auth, "org")
    package = tmp_path / "echo"
    (package / "data/secret").mkdir(parents=True)
    (package / "problem.yaml").write_text(
        "problem_format_version: 2023-07-draft\nname: Echo\n"
        "limits:\n  time_limit: 1\n  time_multipliers:\n    ac_to_time_limit: 1000\n"
    )
    (package / "data/secret/1.in").write_text("5\n")
    (package / "data/secret/1.ans").write_text("5\n")
    references = {"submissions/accepted/echo.py": b"print(input())\n"}
    response = upload(client, world["contest"], zip_of(package, references), "echo.zip", label="T")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    report: dict[str, Any] = db.session.scalars(select(Problem)).one().import_report
    assert report["references"][0]["verdict"] == "AC"
    (warning,) = report["warnings"]
    assert (warning["code"], warning["params"]["path"]) == ("tight_limit", "submissions/accepted/echo.py")
    assert "Giới hạn thời gian trong problem.yaml (1 s) nhỏ hơn thời gian của lời giải đúng chậm nhất" in page
    assert "submissions/accepted/echo.py" in page and "nhân 1000" in page
