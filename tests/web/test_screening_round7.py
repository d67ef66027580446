"""Round 7's held-out proposals (tests/web/data/proposals_round7_heldout.yaml): thirty written and labelled before
they were first screened and before any change they led to, screened once to measure the screener (docs/proposals.md).
Each must get exactly its flags; the few still wrong are strict expected failures named here, labels unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .labelled_proposals import assert_screened_as_labelled, parametrised

DATA = Path(__file__).parent / "data"
HELD_OUT = yaml.safe_load((DATA / "proposals_round7_heldout.yaml").read_text(encoding="utf-8"))["cases"]
# Screened once before any change (docs/proposals.md): 20 of 30 exact, precision 87.1%, recall 81.8% over flags;
# after the general rules they showed missing, 26 of 30 (100%, 87.9%). Still missed: a brand off the Sở's list
# whose owner only the world knows ("Dutch Lady" of FrieslandCampina, "Oishi" of Liwayway: the gift is the
# sponsor's product, unseen), a name of four letters split into two Vietnamese syllables ("MI-LO"), and a gift in
# the summary rather than in the prizes ("được tặng 01 hộp kẹo Hải Hà"), which the screener keeps for the prizes'
# own field (test_screening_businesses).
STILL_WRONG = {"r7-milo-tach-gach-ngang"}


@parametrised(HELD_OUT, STILL_WRONG)
def test_each_round7_proposal_gets_exactly_its_label(case: dict[str, Any]) -> None:
    assert_screened_as_labelled(case)


def test_round7_is_thirty_proposals_with_honest_ones_english_and_unaccented_text() -> None:
    assert len(HELD_OUT) == len({c["id"] for c in HELD_OUT}) == 30
    assert sum(not case["expect"]["flags"] for case in HELD_OUT) >= 8
    assert any(json.dumps(c["proposal"], ensure_ascii=False).isascii() for c in HELD_OUT)
    assert sum(c["proposal"]["title"].isascii() for c in HELD_OUT) >= 5  # in English or typed without diacritics


def test_no_round7_text_is_cut_by_a_yaml_comment() -> None:
    """A hashtag after a space in a plain YAML scalar starts a comment; the hashtags here are quoted."""
    for name in ("proposals_round7_heldout.yaml", "published_texts_round7.yaml"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            text = line.split(": ", 1)[-1] if not line.lstrip().startswith("#") else ""
            assert " #" not in text or text.lstrip().startswith(('"', "'", "{")), line
