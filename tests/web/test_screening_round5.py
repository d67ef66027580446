"""Round 5 of the screening's labelled proposals (tests/web/data/proposals_round5*.yaml): each labelled before it
was first screened, the held-out twelve measured only once, after the fixes that the others led to. Each proposal
must get exactly its flags; the few still wrong are strict expected failures named here, labels unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.services.proposals.screening import ProposalText, screen

DATA = Path(__file__).parent / "data"
ROUND5 = yaml.safe_load((DATA / "proposals_round5.yaml").read_text(encoding="utf-8"))["cases"]
HELD_OUT = yaml.safe_load((DATA / "proposals_round5_heldout.yaml").read_text(encoding="utf-8"))["cases"]
LAST = yaml.safe_load((DATA / "proposals_round5_last.yaml").read_text(encoding="utf-8"))["cases"]
# Still wrong (docs/proposals.md): none of the sixty-two.
STILL_WRONG = {
    # Held out, measured once (8 of 12; docs/proposals.md), then fixed where a general rule was missing (a companion
    # after "chương trình:", "create an account on the X app"). Still missed: a fund named after a corporation off
    # the list (as round 4's Toyota), and a fee ("phí tham dự") paid to a centre whose name is all Vietnamese words,
    # which a private centre and a public one share.
    "r5h-quy-tai-nang-masan",
    "r5h-phi-tham-du-trung-tam-tin-hoc",
}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="known to be wrong"))
        if c["id"] in STILL_WRONG
        else c
        for c in ROUND5 + HELD_OUT + LAST
    ],
    ids=[c["id"] for c in ROUND5 + HELD_OUT + LAST],
)
def test_each_round5_proposal_gets_exactly_its_label(case: dict[str, Any]) -> None:
    result = screen(ProposalText.from_json(case["proposal"]))
    assert result.codes == set(case["expect"]["flags"]), [f.evidence for f in result.flags]
    assert result.needs_so_review is case["expect"]["needs_so_review"]


def test_round5_is_sixty_two_proposals_twelve_held_out_and_twelve_last_with_negatives_and_unaccented_text() -> None:
    assert (len(ROUND5), len(HELD_OUT), len(LAST)) == (62, 12, 12)
    assert len({c["id"] for c in ROUND5 + HELD_OUT + LAST}) == 86
    assert sum(not case["expect"]["flags"] for case in ROUND5 + HELD_OUT + LAST) >= 25
    assert sum(json.dumps(c["proposal"], ensure_ascii=False).isascii() for c in ROUND5 + HELD_OUT + LAST) >= 6


def test_no_proposal_text_is_cut_by_a_yaml_comment() -> None:
    """A hashtag after a space in a plain YAML scalar starts a comment: "kèm hashtag #X" lost its "#X" once."""
    for name in ("proposals_round5.yaml", "proposals_round5_heldout.yaml", "proposals_round5_last.yaml"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            text = line.split(": ", 1)[-1] if not line.lstrip().startswith("#") else ""
            assert " #" not in text or text.lstrip().startswith(('"', "'", "{")), line
