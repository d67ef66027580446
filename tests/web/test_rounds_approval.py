"""Rounds and Section 8: nominees move on only into a round whose proposal the Sở approved, since moving on
registers them there (docs/proposals.md: no way into a contest before its proposal is approved); the refused attempt
is kept for the Sở's reviewers."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from app.extensions import db
from app.models import AttemptKind, Nomination, NominationMethod, ProposalStatus, Section8Attempt
from app.services.contests import progression
from app.services.contests.progression import Choice
from app.services.errors import InvalidInput

from .rounds_helpers import rounds


@pytest.mark.parametrize("status", [ProposalStatus.IN_REVIEW, ProposalStatus.CHANGES_REQUESTED])
def test_nominees_do_not_move_into_a_round_whose_proposal_is_not_approved(app: Flask, status: ProposalStatus) -> None:
    world = rounds()
    assert world.province.proposal is not None
    world.province.proposal.status = status
    db.session.commit()
    choice = Choice(NominationMethod.RANK, count=2)
    with force_locale("vi"), pytest.raises(InvalidInput, match="chưa phê duyệt đề xuất"):
        progression.nominate(db.session, world.district_organiser, world.district, world.province.id, choice)
    db.session.rollback()  # as a view does: the attempt is kept for the Sở's reviewers all the same
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0
    [attempt] = db.session.scalars(select(Section8Attempt)).all()
    assert (attempt.kind, attempt.contest_id, attempt.actor_id, attempt.proposal_status) == (
        AttemptKind.UNAPPROVED,
        world.province.id,
        world.district_organiser.id,
        status.value,
    )
    world.province.proposal.status = ProposalStatus.APPROVED
    db.session.commit()
    made = progression.nominate(db.session, world.district_organiser, world.district, world.province.id, choice)
    assert len(made) == 2
