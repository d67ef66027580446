"""Round 10's held-out proposals (tests/web/data/proposals_round10_heldout.yaml): thirty written and labelled by hand
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
HELD_OUT = yaml.safe_load((DATA / "proposals_round10_heldout.yaml").read_text(encoding="utf-8"))["cases"]
# Screened once before any change (docs/proposals.md): 20 of 30 exact against the labels as committed; two of the
# ten were the Youth Union's honest proposals, labelled as going straight to approval while every proposal not made
# by an education unit goes to the Sở (a slip in the label's workflow field, corrected in its own commit; no flag
# label changed), so 22 of 30 against the labels now, precision 95.7%, recall 73.3% over flags (tp 22, fp 1, fn 8).
# After the general rules they showed missing (test_screening_round10_rules), 27 of 30 (precision 100%, recall
# 90.0%: tp 27, fp 0, fn 3).
STILL_WRONG = {
    "r10-hashtag-chu-thuong-elsa": (
        "'ELSA' is also a given name (ambiguous on the list: counted only after a cue), four letters, at the end of "
        "a hashtag typed in lower case ('#hoctienganhcungelsa'); only plain names of six letters or more are told "
        "inside such a hashtag ('intel' begins '#intelligence'); written 'ELSA Speak' or in camel case it is found"
    ),
}


@parametrised(HELD_OUT, STILL_WRONG)
def test_each_round10_proposal_gets_exactly_its_label(case: dict[str, Any]) -> None:
    assert_screened_as_labelled(case)


def test_round10_is_thirty_proposals_with_honest_ones_english_and_unaccented_text() -> None:
    assert len(HELD_OUT) == len({c["id"] for c in HELD_OUT}) == 30
    assert sum(not case["expect"]["flags"] for case in HELD_OUT) >= 10
    assert any(json.dumps(c["proposal"], ensure_ascii=False).isascii() for c in HELD_OUT)  # typed without diacritics
    assert sum(c["proposal"]["title"].isascii() for c in HELD_OUT) >= 5  # in English or typed without diacritics
    assert set(STILL_WRONG) <= {c["id"] for c in HELD_OUT}


def test_no_round10_text_is_cut_by_a_yaml_comment() -> None:
    """A hashtag after a space in a plain YAML scalar starts a comment; the hashtags here are quoted."""
    for line in (DATA / "proposals_round10_heldout.yaml").read_text(encoding="utf-8").splitlines():
        text = line.split(": ", 1)[-1] if not line.lstrip().startswith("#") else ""
        assert " #" not in text or text.lstrip().startswith(('"', "'", "{")), line
