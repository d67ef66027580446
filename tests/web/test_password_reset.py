"""Forgotten passwords: a signed link by e-mail that works once, for a short time; the request page never tells
whether an address has an account."""

from __future__ import annotations

import email
import email.policy
import re
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import AccountStatus, AuditEntry, User
from app.services.people import passwords
from tests.builders import present
from tests.conftest import AuthActions

from ..factories import PASSWORD, UserFactory


@pytest.fixture
def mail_folder(app: Flask, tmp_path: Path) -> Iterator[Path]:
    saved = {key: app.config[key] for key in ("MAIL_FOLDER", "PASSWORD_RESET_MINUTES", "PUBLIC_URL")}
    app.config["MAIL_FOLDER"] = str(tmp_path / "mail")
    yield tmp_path / "mail"
    app.config.update(saved)


def mails(folder: Path) -> list[EmailMessage]:
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime)
    ]


def the_link(message: EmailMessage) -> str:
    body = present(message.get_body(preferencelist=("plain",))).get_content()
    match = re.search(r"https?://\S+/password/reset/\S+", body)
    assert match, body
    return match.group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_forgotten_password_end_to_end(client: FlaskClient, auth: AuthActions, mail_folder: Path) -> None:
    user = UserFactory(username="hs1", email="lan@example.edu.vn", full_name="Trần Thị Lan")
    db.session.commit()
    assert "Quên mật khẩu?" in client.get("/login").get_data(as_text=True)

    sent = client.post("/password/forgot", data={"email": "LAN@example.edu.vn "}).get_data(as_text=True)
    assert "lan@example.edu.vn" in sent.lower() and "30 phút" in sent
    [message] = mails(mail_folder)
    assert message["To"] == "lan@example.edu.vn"
    assert message["Subject"] == "Đặt mật khẩu mới cho tài khoản hoithi"
    body = present(message.get_body(preferencelist=("plain",))).get_content()
    assert "Chào Trần Thị Lan" in body and "hs1" in body and "30 phút" in body
    link = the_link(message)

    page = client.get(path_of(link)).get_data(as_text=True)
    assert "Đặt mật khẩu mới" in page and "hs1" in page
    # the password rules apply, and what is refused changes nothing
    short = client.post(path_of(link), data={"new": "ngan-qua", "confirm": "ngan-qua"})
    assert "Mật khẩu phải có ít nhất 10 ký tự" in short.get_data(as_text=True)
    common = client.post(path_of(link), data={"new": "Password123", "confirm": "Password123"})
    assert "mật khẩu phổ biến nhất" in common.get_data(as_text=True)
    own_name = client.post(path_of(link), data={"new": "Tran Thi Lan", "confirm": "Tran Thi Lan"})
    assert "không được là tên đăng nhập, họ tên" in own_name.get_data(as_text=True)
    differ = client.post(path_of(link), data={"new": "matkhaumoi1", "confirm": "matkhaumoi2"})
    assert "Mật khẩu nhập lại không khớp" in differ.get_data(as_text=True)
    db.session.refresh(user)
    assert passwords.verify_password(user.password_hash, PASSWORD)

    done = client.post(path_of(link), data={"new": "matkhaumoi1", "confirm": "matkhaumoi1"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert "Đã đặt mật khẩu mới" in client.get("/login").get_data(as_text=True)
    assert auth.login("hs1", PASSWORD).status_code == 200  # the old password no longer works
    assert auth.login("hs1", "matkhaumoi1").status_code == 302
    auth.logout()

    # the link works once
    again = client.get(path_of(link)).get_data(as_text=True)
    assert "Liên kết này đã được dùng" in again
    reuse = client.post(path_of(link), data={"new": "matkhaukhac1", "confirm": "matkhaukhac1"})
    assert "Liên kết này đã được dùng" in reuse.get_data(as_text=True)
    assert auth.login("hs1", "matkhaumoi1").status_code == 302
    assert db.session.query(AuditEntry).filter_by(action="person.reset_password_by_mail").count() == 1


def test_the_request_page_says_the_same_whether_or_not_the_address_exists(
    client: FlaskClient, mail_folder: Path
) -> None:
    UserFactory(username="hs1", email="lan@example.edu.vn")
    UserFactory(username="hs2", email="pending@example.edu.vn", status=AccountStatus.PENDING)
    db.session.commit()

    def answer(address: str) -> str:
        page = client.post("/password/forgot", data={"email": address}).get_data(as_text=True)
        return page.replace(address, "ADDRESS")

    known = answer("lan@example.edu.vn")
    assert answer("nobody@example.edu.vn") == known
    assert answer("pending@example.edu.vn") == known  # an account not active gets no link either
    assert [m["To"] for m in mails(mail_folder)] == ["lan@example.edu.vn"]


def test_a_bad_address_is_refused_and_kept(client: FlaskClient, mail_folder: Path) -> None:
    page = client.post("/password/forgot", data={"email": "not an address"}).get_data(as_text=True)
    assert 'value="not an address"' in page
    assert "Địa chỉ e-mail không hợp lệ" in page or "không hợp lệ" in page
    assert mails(mail_folder) == []


def test_an_expired_link_says_so(app: Flask, client: FlaskClient, mail_folder: Path) -> None:
    UserFactory(username="hs1", email="lan@example.edu.vn")
    db.session.commit()
    client.post("/password/forgot", data={"email": "lan@example.edu.vn"})
    link = the_link(mails(mail_folder)[0])
    app.config["PASSWORD_RESET_MINUTES"] = 0  # links live 0 minutes: the one sent is now too old
    time.sleep(1.1)
    page = client.get(path_of(link)).get_data(as_text=True)
    assert "Liên kết này đã hết hạn" in page
    post = client.post(path_of(link), data={"new": "matkhaumoi1", "confirm": "matkhaumoi1"})
    assert "Liên kết này đã hết hạn" in post.get_data(as_text=True)
    user = db.session.query(User).filter_by(username="hs1").one()
    assert passwords.verify_password(user.password_hash, PASSWORD)


def test_a_tampered_link_is_not_valid(client: FlaskClient, mail_folder: Path) -> None:
    UserFactory(username="hs1", email="lan@example.edu.vn")
    db.session.commit()
    client.post("/password/forgot", data={"email": "lan@example.edu.vn"})
    path = path_of(the_link(mails(mail_folder)[0]))
    page = client.get(path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")).get_data(as_text=True)
    assert "Liên kết này không hợp lệ" in page


def test_links_in_mail_use_the_public_address_when_configured(
    app: Flask, client: FlaskClient, mail_folder: Path
) -> None:
    app.config["PUBLIC_URL"] = "https://hoithi.example.gov.vn"
    UserFactory(username="hs1", email="lan@example.edu.vn")
    db.session.commit()
    client.post("/password/forgot", data={"email": "lan@example.edu.vn"}, headers={"Host": "evil.example"})
    assert the_link(mails(mail_folder)[0]).startswith("https://hoithi.example.gov.vn/password/reset/")
