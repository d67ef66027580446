"""A problem's code names its files in a Themis contest folder (``LOGIN/CODE.ext``): it is a plain name, never a path.
A code typed with folders or signs is refused in Vietnamese, nothing stored; one taken from the package's file
name keeps only its letters, digits, '-' and '_'."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Contest, Problem, User
from app.services.programming import problem_admin
from app.storage import content_store
from tests.builders import row_of
from tests.conftest import AuthActions

from . import programming_helpers
from .programming_helpers import SUM, counts, upload, zip_of

world = programming_helpers.world


@pytest.mark.parametrize("code", ["../../evil", "a/b", "..\\x", "SUM.py", "bài 1", "=1+1"])
def test_a_typed_code_that_is_no_plain_name_is_refused_in_vietnamese(
    client: FlaskClient, auth: AuthActions, world: dict[str, int], code: str
) -> None:
    assert auth.login("org").status_code == 302
    response = upload(client, world["contest"], zip_of(SUM), "SUM.zip", code=code)
    assert response.status_code == 200  # the form again, as every refused upload
    assert "Mã bài gồm 1 đến 40 chữ cái" in html.unescape(response.get_data(as_text=True))
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    ("filename", "code"),
    [("..\\..\\Bài thi 1.zip", "Baithi1"), ("Đề (2).zip", "De2"), ("de-thi_1.zip", "de-thi_1"), ("…….zip", "A")],
)
def test_a_code_taken_from_the_file_name_is_a_plain_name(
    app: Flask, world: dict[str, int], filename: str, code: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "package.zip"
        path.write_bytes(zip_of(SUM).getvalue())
        added = problem_admin.add_problem(
            db.session,
            content_store(),
            "none-such",
            row_of(Contest, world["contest"]),
            row_of(User, world["organiser"]),
            path,
            problem_admin.ProblemUpload(label="A", filename=filename),
        )
    assert row_of(Problem, added.problem_id).code == code


def test_the_command_line_refuses_such_a_code_and_makes_one_from_the_package_name(app: Flask, tmp_path: Path) -> None:
    package = tmp_path / "Bài 1.zip"
    package.write_bytes(zip_of(SUM).getvalue())
    refused = app.test_cli_runner().invoke(args=["judge", "import", str(package), "--code", "../x"])
    assert refused.exit_code != 0 and "Mã bài gồm 1 đến 40 chữ cái" in refused.output
    assert counts() == (0, 0)
    made = app.test_cli_runner().invoke(args=["judge", "import", str(package)])
    assert made.exit_code == 0, made.output
    assert db.session.scalars(select(Problem.code)).all() == ["Bai1"]
