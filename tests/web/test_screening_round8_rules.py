"""The general rules round 8's held-out set led to, each said in other words than the labelled cases: a cup named
after an ambiguous brand ("Cúp" is its cue), one word of a brand's name of several words spelt out letter by letter
by itself, an English public body's name followed by the country it serves, and a university named after a listed
brand as its company's; and what must stay unflagged beside each."""

from __future__ import annotations

from typing import Any

import pytest

from app.services.proposals.brands import DEFAULT_BRANDS_FILE, BrandList
from app.services.proposals.screening import ProposalText, screen

SCHOOL = {"name": "Trường THCS Vũ Thư", "kind": "education_unit"}


def codes(**fields: Any) -> set[str]:
    return screen(ProposalText.from_json({"title": "Hội thi Tin học trẻ", "proposer": SCHOOL, **fields})).codes


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Giải Cờ vua học sinh – Cúp Hồng Hà 2026", {"S8-PRODUCT"}),
        ("Young photographers' Cup Canon 2026", {"S8-PRODUCT"}),
        ("Cúp Vàng Tin học trẻ huyện Vũ Thư", set()),
        ("Hội thi cấp huyện tại Trường THCS Hồng Hà", set()),
    ],
)
def test_a_cup_named_after_an_ambiguous_brand_names_the_brand(title: str, expected: set[str]) -> None:
    assert codes(title=title) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Mỗi giải: 01 thùng sữa T H true MILK", "T H true MILK"),
        ("quà tặng của M.B Bank chi nhánh", "M.B Bank"),
        ("Lớp 9 A B thi vòng hai", None),
        ("Ông M B Bảo trao giải", None),
    ],
)
def test_one_word_of_a_brand_of_several_words_may_be_spelt_out_by_itself(text: str, found: str | None) -> None:
    mentions = BrandList.from_yaml(DEFAULT_BRANDS_FILE).find(text)
    assert [m.text for m in mentions] == ([found] if found else [])


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Supported by the British Council in Viet Nam.", set()),
        ("Prizes funded by the Vietnam Women's Union.", set()),
        ("Co-organised with Hai Duong Youth Union, Vietnam and the Provincial Library.", set()),
        ("Sponsored by Nova Learning Vietnam.", {"S8-BUSINESS"}),
        ("Sponsored by Acme Education Council Co., Ltd.", {"S8-BUSINESS"}),
    ],
)
def test_an_english_public_bodys_name_may_end_in_the_country_it_serves(summary: str, expected: set[str]) -> None:
    assert codes(summary=summary) == expected


def test_a_university_named_after_a_listed_brand_is_its_companys() -> None:
    assert codes(summary="Sponsored by FPT University.") == {"S8-BUSINESS", "S8-PRODUCT"}
    assert codes(summary="Sponsored by Thai Binh University.") == set()
