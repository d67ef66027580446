"""The password policy: long enough, not common, not the person's own login, name or e-mail; the temporary
passwords coordinators hand out and the demo's password satisfy it."""

from __future__ import annotations

import pytest
from flask import Flask

from app.services.demo import ACCOUNTS, DEMO_PASSWORD
from app.services.errors import InvalidInput
from app.services.people import password_policy

PERSON = ("an.nguyen", "Nguyễn Văn Ân", "an.nguyen@example.edu.vn")


def _refusal(password: str, *personal: str | None) -> str:
    with pytest.raises(InvalidInput) as refused:
        password_policy.check(password, *personal)
    assert refused.value.field == "password"
    return str(refused.value.message)


def test_ten_characters_at_least_said_in_vietnamese(app: Flask) -> None:
    assert _refusal("hoa-sen-2", *PERSON) == "Mật khẩu phải có ít nhất 10 ký tự."
    password_policy.check("hoa-sen-21", *PERSON)


@pytest.mark.parametrize("password", ["password123", "PASSWORD123", "Qwertyuiop", "1234567890", "matkhau123"])
def test_common_passwords_are_refused_in_any_case(app: Flask, password: str) -> None:
    assert "mật khẩu phổ biến nhất" in _refusal(password, *PERSON)


@pytest.mark.parametrize(
    "password",
    [
        "nguyenvanan",
        "Nguyễn Văn Ân",
        "NGUYEN-VAN-AN",
        "nguyen.van.an.2012",
        "an.nguyen2024",  # the login with digits
        "2024AnNguyen",
        "an.nguyen@example.edu.vn",  # the e-mail address
    ],
)
def test_ones_own_login_name_or_e_mail_is_refused(app: Flask, password: str) -> None:
    assert "không được là tên đăng nhập, họ tên hay địa chỉ e-mail" in _refusal(password, *PERSON)


def test_diacritics_and_the_letter_d_fold_when_comparing_with_the_name(app: Flask) -> None:
    assert "họ tên" in _refusal("dang quoc anh 99", "dqa", "Đặng Quốc Ánh", None)


def test_a_good_password_passes_and_the_personal_words_may_be_missing(app: Flask) -> None:
    password_policy.check("hoa-sen-tim-2012", *PERSON)
    password_policy.check("hoa-sen-tim-2012", "ab", "", None)  # a login too short to compare is no reason


def test_the_shipped_list_is_loaded_lowercase_and_holds_only_what_length_alone_would_let_through(app: Flask) -> None:
    common = password_policy.common_passwords()
    assert len(common) > 1500
    assert all(p == p.lower() and len(p) >= password_policy.MIN_LENGTH for p in common)


def test_temporary_passwords_satisfy_the_policy_and_read_aloud(app: Flask) -> None:
    for _ in range(200):
        password = password_policy.temporary_password(*PERSON)
        password_policy.check(password, *PERSON)
        assert len(password) == password_policy.MIN_LENGTH and not set(password) & set("01ilo")


def test_the_demo_password_satisfies_the_policy_for_every_demo_account(app: Flask) -> None:
    for account in ACCOUNTS:
        password_policy.check(DEMO_PASSWORD, account.username, account.full_name)
