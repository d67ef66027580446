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
# Still wrong (docs/proposals.md): a platform named by its maker's initials ("AWS" for Amazon Web Services, named
# as the contest's power) is not tied to its maker; a hashtag in mixed case that runs a brand of several words
# together ("#THtruemilk") is not read; a listed company given as an example of an essay's topic ("chẳng hạn
# Viettel") is taken for advertising, as round 3's Vinamilk is.
STILL_WRONG = {
    "r5-aws-powered-by",
    "r5-hashtag-th-true-milk",
    "r5-bai-viet-lich-su-viettel",
    # Held out, measured once after the fixes: a fund named after a corporation off the list (as round 4's Toyota),
    # a companion after "chương trình:", "create an account on the X app", a fee called "phí tham dự" paid to a centre
    # named in Vietnamese words only.
    "r5h-quy-tai-nang-masan",
    "r5h-dong-hanh-nutifood",
    "r5h-english-cambly-account",
    "r5h-phi-tham-du-trung-tam-tin-hoc",
}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="known to be wrong"))
        if c["id"] in STILL_WRONG
        else c
        for c in ROUND5 + HELD_OUT
    ],
    ids=[c["id"] for c in ROUND5 + HELD_OUT],
)
def test_each_round5_proposal_gets_exactly_its_label(case: dict[str, Any]) -> None:
    result = screen(ProposalText.from_json(case["proposal"]))
    assert result.codes == set(case["expect"]["flags"]), [f.evidence for f in result.flags]
    assert result.needs_so_review is case["expect"]["needs_so_review"]


def test_round5_is_sixty_two_proposals_and_twelve_held_out_with_negatives_and_unaccented_text() -> None:
    assert (len(ROUND5), len(HELD_OUT)) == (62, 12)
    assert len({c["id"] for c in ROUND5 + HELD_OUT}) == 74
    assert sum(not case["expect"]["flags"] for case in ROUND5 + HELD_OUT) >= 20
    assert sum(json.dumps(c["proposal"], ensure_ascii=False).isascii() for c in ROUND5 + HELD_OUT) >= 5
