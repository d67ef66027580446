"""The labelled proposal sets of the screening's tests (the table and each round's held-out proposals in
tests/web/data): each case screened must get exactly its labelled flags; the ones a round leaves wrong are strict
expected failures with their reason, so that one that starts to pass fails the suite."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import pytest

from app.services.proposals.screening import ProposalText, screen


def parametrised(cases: list[dict[str, Any]], still_wrong: Collection[str]) -> pytest.MarkDecorator:
    """``parametrize("case", ...)`` over ``cases``, each named by its id; those in ``still_wrong`` strict expected
    failures, with the reason ``still_wrong`` maps them to (when a mapping), else "known to be wrong"."""

    def reason(case_id: str) -> str:
        return still_wrong[case_id] if isinstance(still_wrong, Mapping) else "known to be wrong"

    return pytest.mark.parametrize(
        "case",
        [
            pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=reason(c["id"])))
            if c["id"] in still_wrong
            else c
            for c in cases
        ],
        ids=[c["id"] for c in cases],
    )


def assert_screened_as_labelled(case: dict[str, Any]) -> None:
    """``case``'s proposal, screened, gets exactly the flags and the Sở's review its label says."""
    result = screen(ProposalText.from_json(case["proposal"]))
    assert result.codes == set(case["expect"]["flags"]), [f.evidence for f in result.flags]
    assert result.needs_so_review is case["expect"]["needs_so_review"]
