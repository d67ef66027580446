"""Static files: every page names them with their version, a browser keeps a versioned address for good, and
anything else is checked again (``app/static_assets.py``)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient

from app import static_assets
from app.extensions import db
from tests.conftest import AuthActions

from ..factories import UserFactory

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"


def static_addresses(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_a_page_names_its_files_by_their_content(client: FlaskClient) -> None:
    addresses = static_addresses(client.get("/login").get_data(as_text=True))
    assert "/static/hoithi.css" in {address.partition("?")[0] for address in addresses}
    for address in addresses:
        path, _, query = address.partition("?")
        content = (STATIC / path.removeprefix("/static/")).read_bytes()
        assert query == f"v={hashlib.sha256(content).hexdigest()[:16]}", address


def test_a_versioned_address_is_kept_for_a_year_and_others_are_checked_again(client: FlaskClient) -> None:
    current = next(a for a in static_addresses(client.get("/login").get_data(as_text=True)) if "hoithi.css" in a)
    kept = client.get(current)
    assert kept.status_code == 200 and kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert kept.data == (STATIC / "hoithi.css").read_bytes()
    for other in ("/static/hoithi.css", "/static/hoithi.css?v=0123456789abcdef", "/static/hoithi.css?v="):
        answer = client.get(other)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-cache", other
        assert answer.headers["ETag"]
    revalidated = client.get("/static/hoithi.css", headers={"If-None-Match": kept.headers["ETag"]})
    assert revalidated.status_code == 304


def test_a_problem_page_names_its_scripts_with_their_versions(app: Flask) -> None:
    # the kept parts of a problem's page (CodeMirror and contest.js) are rendered through the same url_for
    with app.test_request_context():
        for name in ("vendor/codemirror/codemirror.js", "contest.js", "vendor/katex/katex.min.css"):
            assert url_for("static", filename=name).endswith(f"?v={static_assets.version(str(STATIC), name)}")


def test_what_a_vendored_stylesheet_names_is_kept_for_a_day(client: FlaskClient) -> None:
    css = (STATIC / "vendor" / "katex" / "katex.min.css").read_text()
    font = re.search(r"url\((fonts/[^)]+\.woff2)\)", css)
    assert font is not None
    answer = client.get(f"/static/vendor/katex/{font.group(1)}")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "public, max-age=86400"


def test_a_changed_file_gets_a_new_version(tmp_path: Path) -> None:
    script = tmp_path / "page.js"
    script.write_text("one();\n")
    first = static_assets.version(str(tmp_path), "page.js")
    script.write_text("two(); // longer\n")
    os.utime(script, ns=(1, 1))
    second = static_assets.version(str(tmp_path), "page.js")
    assert first and second and first != second
    assert second == hashlib.sha256(b"two(); // longer\n").hexdigest()[:16]


@pytest.mark.parametrize("name", ["../wsgi.py", "/etc/hostname", "vendor", "missing.css"])
def test_no_version_outside_the_folder_or_for_what_is_not_a_file(name: str) -> None:
    assert static_assets.version(str(STATIC), name) is None


def test_logged_in_pages_name_the_same_versions(client: FlaskClient, auth: AuthActions) -> None:
    anonymous = set(static_addresses(client.get("/login").get_data(as_text=True)))
    UserFactory(username="static.viewer")
    db.session.commit()
    auth.login("static.viewer")
    logged_in = set(static_addresses(client.get("/").get_data(as_text=True)))
    assert anonymous & logged_in and all("?v=" in address for address in logged_in)
