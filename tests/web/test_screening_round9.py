"""Round 9's held-out proposals (tests/web/data/proposals_round9_heldout.yaml): thirty written and labelled by hand
before they were first screened, committed before the screening ran on them, screened once to measure the screener
(docs/proposals.md). Each must get exactly its flags; the few still wrong are strict expected failures named here
with why, their labels unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .labelled_proposals import assert_screened_as_labelled, parametrised

DATA = Path(__file__).parent / "data"
HELD_OUT = yaml.safe_load((DATA / "proposals_round9_heldout.yaml").read_text(encoding="utf-8"))["cases"]
# Screened once before any change (docs/proposals.md): 21 of 30 exact, precision 100%, recall 66.7% over flags (tp 22,
# fp 0, fn 11); after the general rules they showed missing (test_screening_round9_rules), 25 of 30 (precision
# 100%, recall 78.8%: tp 26, fp 0, fn 7). The list of known companies (data/companies.yaml,
# test_screening_known_companies) then found the private centre by its initials (ILA) and the ride-hailing company
# given the finalists' data (Grab Vietnam): 27 of 30.
STILL_WRONG = {
    "r9-chuong-trinh-csr-khong-ten-thuong-hieu": (
        "'Kinh Đô' is on the list now (ambiguous: 'the capital'; counted here after 'của') and flagged as a product "
        "(S8-PRODUCT), but the programme's owner is not taken for a sponsor: 'chương trình … của X' names no sponsor "
        "by itself"
    ),
    "r9-in-hoa-samsung-cua-hang": (
        "a line typed in capitals hides where a name begins and ends: a shop named by what it is with a name in "
        "Vietnamese words ('CỬA HÀNG ĐIỆN THOẠI MINH KHOA TRAO TẶNG') cannot be told from the verb after it; with a "
        "legal form it is found ('CÔNG TY TNHH MINH KHOA'), in sentence case too, and the phone's brand is flagged"
    ),
}


@parametrised(HELD_OUT, STILL_WRONG)
def test_each_round9_proposal_gets_exactly_its_label(case: dict[str, Any]) -> None:
    assert_screened_as_labelled(case)


def test_round9_is_thirty_proposals_with_honest_ones_english_and_unaccented_text() -> None:
    assert len(HELD_OUT) == len({c["id"] for c in HELD_OUT}) == 30
    assert sum(not case["expect"]["flags"] for case in HELD_OUT) >= 8
    assert sum(json.dumps(c["proposal"], ensure_ascii=False).isascii() for c in HELD_OUT) >= 3
    assert sum(c["proposal"]["title"].isascii() for c in HELD_OUT) >= 4  # in English or typed without diacritics
    assert any("\n" in text for c in HELD_OUT for text in c["proposal"].values() if isinstance(text, str))
    assert set(STILL_WRONG) <= {c["id"] for c in HELD_OUT}


def test_no_round9_text_is_cut_by_a_yaml_comment() -> None:
    """A hashtag after a space in a plain YAML scalar starts a comment; the hashtags here are quoted."""
    for name in ("proposals_round9_heldout.yaml", "published_texts_round9.yaml"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            text = line.split(": ", 1)[-1] if not line.lstrip().startswith("#") else ""
            assert " #" not in text or text.lstrip().startswith(('"', "'", "{")), line
