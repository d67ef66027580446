"""Round 5 of the screening's labelled proposals (tests/web/data/proposals_round5*.yaml): each labelled before it
was first screened, the held-out twelve measured only once, after the fixes that the others led to. Each proposal
must get exactly its flags; the few still wrong are strict expected failures named here, labels unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .labelled_proposals import assert_screened_as_labelled, parametrised

DATA = Path(__file__).parent / "data"
ROUND5 = yaml.safe_load((DATA / "proposals_round5.yaml").read_text(encoding="utf-8"))["cases"]
HELD_OUT = yaml.safe_load((DATA / "proposals_round5_heldout.yaml").read_text(encoding="utf-8"))["cases"]
LAST = yaml.safe_load((DATA / "proposals_round5_last.yaml").read_text(encoding="utf-8"))["cases"]
# Still wrong (docs/proposals.md): none. The held out, measured once (8 of 12), were fixed where a general rule was
# missing (a companion after "chương trình:", "create an account on the X app"); round 7 fixed the last two: a fund
# with a coined word in its name is a company's ("Quỹ Tài năng Masan"), and a fee paid to a centre with a name of
# its own after what it teaches ("Trung tâm Tin học Sao Việt"; a public one is named by its level or initials).
STILL_WRONG: set[str] = set()


@parametrised(ROUND5 + HELD_OUT + LAST, STILL_WRONG)
def test_each_round5_proposal_gets_exactly_its_label(case: dict[str, Any]) -> None:
    assert_screened_as_labelled(case)


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
