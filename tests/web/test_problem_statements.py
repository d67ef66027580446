"""A problem's statement written in hoithi: Markdown with formulas in two languages, a preview, images attached
to the problem and served only to who may see it, and the statement outliving a new package."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import AuditEntry, Problem, ProblemImage
from app.services.programming import problem_display
from tests.builders import row_of
from tests.conftest import AuthActions

from . import programming_helpers
from .programming_helpers import PDF, SPLIT, add_problem, login, zip_of

world = programming_helpers.world  # the same fixture: a running contest, its organisers, students


def png(width: int = 2, height: int = 1) -> bytes:
    """A real, tiny PNG (grey pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


STATEMENT_VI = (
    "# Tổng hai số\n\nTính $a_1 + b_1$ với $$\\sum_{i=1}^n x_i$$.\n\n![hình vẽ](hinh1.png)\n\n"
    "<script>alert('xss')</script>\n<img src=x onerror=alert(1)>\n"
)


def manage(world: dict[str, int]) -> str:
    return f"/contests/{world['contest']}/manage/problems/A"


def attach(client: FlaskClient, world: dict[str, int], data: bytes, filename: str, name: str = "") -> TestResponse:
    return client.post(
        f"{manage(world)}/images",
        data={"image": (io.BytesIO(data), filename), "name": name},
        content_type="multipart/form-data",
    )


def stored_objects(app: Flask) -> set[str]:
    from pathlib import Path

    root = Path(app.config["STORAGE_DIR"])
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "tmp" not in p.parts}


def test_a_written_statement_with_a_formula_and_an_image_reaches_contestants(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    add_problem(app, world, statement=PDF)  # the package's statement is a PDF: the written one replaces it
    login(client, auth, "org")
    page = client.get(f"{manage(world)}/statement").get_data(as_text=True)
    assert "statement (PDF). Saving a statement here replaces it." in page
    image = png()
    response = attach(client, world, image, "Hình 1.png", name="hinh1.png")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The image hinh1.png has been attached" in page and "![](hinh1.png)" in page

    # the preview renders what was typed and saves nothing
    form = {"statement_vi": STATEMENT_VI, "statement_en": "# Sum\n\nCompute $a+b$.\n", "action": "preview"}
    page = client.post(f"{manage(world)}/statement", data=form).get_data(as_text=True)
    assert 'id="preview-vi"' in page and "<h1>Tổng hai số</h1>" in page and "$a_1 + b_1$" in page
    assert "Tính $a_1 + b_1$ với $$\\sum_{i=1}^n x_i$$" in page  # the text typed is still in the editor
    db.session.expire_all()
    assert db.session.scalars(select(Problem)).one().statement_vi is None

    response = client.post(f"{manage(world)}/statement", data={**form, "action": "save"})
    assert response.status_code == 302
    assert "The statement has been saved." in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    problem = db.session.scalars(select(Problem)).one()
    assert problem.statement_vi is not None and problem.has_edited_statement
    auth.logout()

    image_url = f"/contests/{world['contest']}/problems/A/images/hinh1.png"
    login(client, auth, "alice")  # a registered contestant, reading in English
    page = client.get(f"/contests/{world['contest']}/problems/A").get_data(as_text=True)
    assert "<h1>Sum</h1>" in page and "$a+b$" in page and "vendor/katex/katex.min.js" in page
    assert "statement.pdf" not in page  # the PDF is replaced
    page = client.get(f"/contests/{world['contest']}/problems/A?statement=vi").get_data(as_text=True)
    assert "<h1>Tổng hai số</h1>" in page and "$a_1 + b_1$" in page and "$$\\sum_{i=1}^n x_i$$" in page
    assert f'<img src="{image_url}" alt="hình vẽ">' in page
    assert "alert(" not in page and "onerror" not in page
    response = client.get(image_url)
    assert response.status_code == 200 and response.data == image
    assert response.mimetype == "image/png" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/contests/{world['contest']}/problems/A/images/none.png").status_code == 404
    assert client.get(f"/contests/{world['contest']}/problems/A/statement.pdf").status_code == 404
    auth.logout()

    login(client, auth, "outsider")  # not registered: neither the problem nor its image
    assert client.get(image_url).status_code == 403
    auth.logout()
    assert "/login" in client.get(image_url).headers["Location"]


def test_a_statement_alone_in_vietnamese_is_shown_to_everyone(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    add_problem(app, world)
    login(client, auth, "org")
    client.post(f"{manage(world)}/statement", data={"statement_vi": "# Đề\n\n$x^2$", "statement_en": ""})
    auth.logout()
    login(client, auth, "alice")
    page = client.get(f"/contests/{world['contest']}/problems/A").get_data(as_text=True)
    assert "<h1>Đề</h1>" in page and "$x^2$" in page and "statement-languages" not in page


@pytest.mark.parametrize(
    ("data", "filename", "name", "message"),
    [
        (b"<svg onload=alert(1)></svg>", "hinh1.png", "", "The file is not a PNG, JPEG, GIF or WebP image."),
        (b"GIF89a" + b"\0" * 100, "hinh1.png", "../etc", "name is up to 100 letters, digits"),
        (png() + b"\0" * (2 * 1024 * 1024), "big.png", "", "The attached file is larger than 2 MB."),
        (b"", "empty.png", "", "The attached file is empty."),
    ],
)
def test_a_fake_or_oversized_image_is_refused_and_changes_nothing(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    world: dict[str, int],
    data: bytes,
    filename: str,
    name: str,
    message: str,
) -> None:
    add_problem(app, world)
    login(client, auth, "org")
    before = stored_objects(app)
    response = attach(client, world, data, filename, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ProblemImage)) == 0
    assert stored_objects(app) == before


def test_other_image_types_are_accepted_by_content(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    add_problem(app, world)
    login(client, auth, "org")
    webp = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
    assert attach(client, world, webp, "so do.webp").status_code == 302
    assert attach(client, world, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "a.gif").status_code == 302
    images = {i.name: i.image_format for i in db.session.scalars(select(ProblemImage))}
    assert images == {"so_do.webp": "webp", "a.gif": "gif"}
    response = client.get(f"/contests/{world['contest']}/problems/A/images/so_do.webp")
    assert response.mimetype == "image/webp" and response.data == webp
    assert client.post(f"{manage(world)}/images/a.gif/remove").status_code == 302
    assert [i.name for i in db.session.scalars(select(ProblemImage))] == ["so_do.webp"]


def test_a_statement_too_long_is_refused_keeping_the_text(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    add_problem(app, world)
    login(client, auth, "org")
    text = "Đề bài rất dài. " * 70000
    response = client.post(f"{manage(world)}/statement", data={"statement_vi": text, "statement_en": "# Kept"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "A statement may be at most 1024 KiB." in page and "# Kept" in page and "Đề bài rất dài." in page
    db.session.expire_all()
    assert not db.session.scalars(select(Problem)).one().has_edited_statement


def test_the_written_statement_outlives_a_new_package_unless_the_package_s_is_chosen(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    app.config["SANDBOX"] = "none-such"  # no reference grading here
    add_problem(app, world)
    login(client, auth, "org")
    client.post(f"{manage(world)}/statement", data={"statement_vi": "# Viết trên hoithi", "statement_en": ""})
    package = zip_of(SPLIT, {"problem_statement/problem.vi.md": "# Đề trong gói\n".encode()})
    response = client.post(
        f"{manage(world)}/package", data={"package": (package, "split.zip")}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The new package of problem A is in place." in page
    assert "<h1>Viết trên hoithi</h1>" in page and "Đề trong gói" not in page
    db.session.expire_all()
    problem = db.session.scalars(select(Problem)).one()
    assert (problem.package_format, problem.test_count, problem.statement_kind) == ("kattis", 5, "md")
    assert problem.statement_vi == "# Viết trên hoithi"
    assert problem_display.samples(problem)  # the new package's samples

    package = zip_of(SPLIT, {"problem_statement/problem.vi.md": "# Đề trong gói\n".encode()})
    data = {"package": (package, "split.zip"), "use_package_statement": "y"}
    client.post(f"{manage(world)}/package", data=data, content_type="multipart/form-data")
    auth.logout()
    login(client, auth, "alice")
    page = client.get(f"/contests/{world['contest']}/problems/A").get_data(as_text=True)
    assert "<h1>Đề trong gói</h1>" in page and "Viết trên hoithi" not in page
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("problem.%"))).all()
    assert actions.count("problem.package") == 2 and "problem.statement" in actions


def test_a_broken_new_package_changes_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    problem_id = add_problem(app, world)
    before = row_of(Problem, problem_id).package_hash
    login(client, auth, "org")
    response = client.post(
        f"{manage(world)}/package",
        data={"package": (io.BytesIO(b"not a zip"), "x.zip")},
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "the package cannot be used" in page
    db.session.expire_all()
    assert row_of(Problem, problem_id).package_hash == before


def test_the_upload_page_says_which_statement_files_are_used(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    login(client, auth, "org")
    page = client.get(f"/contests/{world['contest']}/manage/problems").get_data(as_text=True)
    assert "problem_statement/problem.vi.md" in page and "TASK.pdf" in page


def test_the_package_statement_without_an_edited_one_is_unchanged() -> None:
    problem = Problem(statement_kind="md", statement_text="# A $x_1$")
    assert str(problem_display.render_statement(problem)) == "<h1>A $x_1$</h1>\n"
    problem.statement_en = "# B"
    assert str(problem_display.render_statement(problem, "vi")) == "<h1>B</h1>\n"
