"""The Section-8 flags are defined once (``app.services.proposals.section8_flags``): whatever screening raises is in the
registry, points to a place the registry says the flag is matched in, and reads in Vietnamese. A flag, reason,
role or verb added in one place only fails here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from flask import Flask
from flask_babel import LazyString, force_locale

from app.services.proposals import company_products, flag_text, mention_reading
from app.services.proposals.screening import Flag, ProposalText, screen
from app.services.proposals.section8_flags import CODES, FIELDS, FLAGS, KIND_OF_REASON, REASONS, ROLES, VERBS

TABLE = yaml.safe_load((Path(__file__).parent / "data" / "proposals.yaml").read_text(encoding="utf-8"))["cases"]
COMPANY = {"name": "Công ty CP Giáo dục Sao Việt", "kind": "business"}
# One proposal that raises every reason the registry has.
EVERY_REASON = {
    "title": "Cúp Zalo",
    "proposer": COMPANY,
    "organisers": [COMPANY],
    "summary": "Hotline tư vấn khóa học của Công ty Sao Việt: 1900 1234.",
    "rules": "Thí sinh phải cài đặt ứng dụng Zalo. Thí sinh phải cài đặt ứng dụng của Công ty Sao Việt.",
    "prizes": [{"kind": "products", "description": "01 máy tính Casio"}],
    "sponsors": [{**COMPANY, "contribution": "products", "details": "tặng máy tính bảng Samsung"}],
    "fees": [{"amount": "50.000 đồng", "collected_by": COMPANY}],
    "personal_data": [{"data": "họ tên, lớp", "recipient": COMPANY}],
}


def raised() -> list[Flag]:
    proposals = [c["proposal"] for c in TABLE] + [EVERY_REASON]
    return [flag for p in proposals for flag in screen(ProposalText.from_json(p)).flags]


def test_every_flag_screening_raises_is_in_the_registry_where_it_says() -> None:
    flags = raised()
    assert {f.reason_key for f in flags} == set(REASONS)
    for flag in flags:
        kind = KIND_OF_REASON[flag.reason_key]
        assert flag.code == kind.code
        assert (flag.place.field or "parties") in kind.matched_in, flag.evidence
        assert set(flag.params.get("roles", [])) | set(flag.place.roles) <= set(ROLES)
        assert flag.params.get("verb", "use") in VERBS
        assert flag.match is not None, flag.evidence


def test_the_verbs_screening_knows_are_the_registrys() -> None:
    assert {verb for verb, _pattern in mention_reading._VERBS} | {"use"} == set(VERBS)
    assert set(company_products._VERB_WORDS) == set(VERBS)


def test_the_codes_are_the_flags_in_order_and_each_reason_belongs_to_its_flag() -> None:
    assert CODES == ("S8-COMPANY", "S8-BUSINESS", "S8-PRODUCT", "S8-FEE", "S8-DATA")
    assert all(r.key.split("/")[0] == f.code for f in FLAGS for r in f.reasons)
    assert all(field in (*FIELDS, "parties") for f in FLAGS for field in f.matched_in)


def test_every_word_of_the_registry_has_its_vietnamese(app: Flask) -> None:
    words: list[LazyString] = [
        *(f.label for f in FLAGS),
        *(r.template for r in REASONS.values()),
        *(f.heading for f in FIELDS.values()),
        *(f.in_sentence for f in FIELDS.values() if f.in_sentence is not None),
        *ROLES.values(),
        *VERBS.values(),
    ]
    for word in words:
        with force_locale("en"):
            english = str(word)
        with force_locale("vi"):
            assert str(word) != english, english


def test_every_flag_reads_in_vietnamese_with_its_place(app: Flask) -> None:
    stored: list[dict[str, Any]] = [f.to_stored() for f in screen(ProposalText.from_json(EVERY_REASON)).flags]
    with force_locale("vi"):
        shown = {f["reason_key"]: (flag_text.reason(f), flag_text.evidence(f)) for f in stored}
    reason, evidence = shown["S8-PRODUCT/company"]
    assert reason == (
        'Yêu cầu thí sinh cài đặt sản phẩm hoặc dịch vụ của Công ty CP Giáo dục Sao Việt: "cài đặt ứng dụng của '
        'Công ty Sao Việt", trong thể lệ.'
    )
    assert (evidence.where, evidence.match) == ("Thể lệ", "cài đặt ứng dụng của Công ty Sao Việt")
    assert shown["S8-BUSINESS"][1].where == "đơn vị đề xuất, ban tổ chức, nhà tài trợ"
    for f in stored:
        with force_locale("en"):
            assert flag_text.reason(f) == f["reason"]
