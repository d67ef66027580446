"""Screening an app off the Sở's list that participants must install or register for by name
(app/services/proposals/named_apps.py): a coined name is a business's product, the curriculum's free tools, the
state's apps and apps named in Vietnamese words are not."""

from __future__ import annotations

import pytest

from app.services.proposals.screening import screen

from .proposals_helpers import school_proposal


@pytest.mark.parametrize(
    ("rules", "verb", "name"),
    [
        ("Để bình chọn, phụ huynh phải tải ứng dụng MoMo và đăng ký tài khoản ví điện tử.", "install", "MoMo"),
        ("Hoc sinh dang ky tai khoan tren nen tang Edmodo de nop bai.", "register for", "Edmodo"),
        ("Students must download the Brainly app before the first round.", "install", "Brainly"),
    ],
)
def test_an_app_off_the_list_that_participants_must_get_is_a_product(rules: str, verb: str, name: str) -> None:
    (flag,) = screen(school_proposal(rules=rules)).flags
    assert (flag.reason_key, flag.params["verb"], flag.params["name"]) == ("S8-PRODUCT/company", verb, name)


@pytest.mark.parametrize(
    "rules",
    [
        "Thí sinh phải cài đặt phần mềm Scratch 3.0 và GeoGebra trên máy cá nhân.",  # the curriculum's free tools
        "Phụ huynh phải cài đặt ứng dụng VNeID để xác thực thông tin.",  # the state's
        "Thí sinh phải cài đặt phần mềm Unikey để gõ tiếng Việt.",  # a free keyboard
        "Phụ huynh phải tải ứng dụng Sổ liên lạc điện tử của nhà trường.",  # Vietnamese words
        "Học sinh có thể tải ứng dụng MoMo nếu muốn ủng hộ quỹ lớp.",  # not required
        "Nghiêm cấm cài đặt ứng dụng MoMo trên máy thi, không được dùng điện thoại.",  # forbidden
    ],
)
def test_a_free_or_public_or_unrequired_app_is_no_product(rules: str) -> None:
    assert screen(school_proposal(rules=rules)).flags == []


def test_a_listed_app_required_by_name_is_flagged_once_as_the_listed_brand() -> None:
    flags = screen(school_proposal(rules="Thí sinh phải tải ứng dụng Zalo để nhận đề.")).flags
    assert [(f.reason_key, f.params.get("brand")) for f in flags] == [("S8-PRODUCT/required", "Zalo")]
