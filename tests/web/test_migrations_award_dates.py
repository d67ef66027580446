"""Awards stored before certificates were dated by their award: one whose level changed when the results were
published again kept the moment it was first created, and its certificate would now carry that older day under its
newer number. The migration dates it by the publication that gave it its present level, read from the audit log
(every publication records the awards it gave); an award that never changed keeps its date."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.models import Award, AwardLevel, ProgrammingAward
from app.services.records import audit

from .. import builders
from ..factories import ContestFactory, EntryFactory
from .test_migrations import empty_app, empty_database_url  # noqa: F401  (fixtures)


def test_an_award_whose_level_changed_is_dated_by_the_publication_that_gave_it(empty_app: Flask) -> None:  # noqa: F811
    with empty_app.app_context():
        upgrade()  # rows made with today's models, then taken back to before the migration (_replayed)
        contest = ContestFactory()
        organiser = builders.person("btc")
        regs = builders.register(contest, *(builders.person(f"ts{i}") for i in range(3)))
        db.session.flush()
        an, binh, chi = (str(r.id) for r in regs)
        # three publications: Bình drops from first to second on the second, Chí comes in on the third
        published = [
            audit.record(
                db.session,
                "programming.publish",
                actor_id=organiser.id,
                object_type="contest",
                object_id=contest.id,
                data={"awards": given},
            ).at
            for given in (
                {an: "second", binh: "first"},
                {an: "first", binh: "second"},
                {an: "first", binh: "second", chi: "third"},
            )
        ]
        first, second, third = published
        assert first < second < third
        levels = {an: AwardLevel.FIRST, binh: AwardLevel.SECOND, chi: AwardLevel.THIRD}
        created = {an: first, binh: first, chi: third}  # as stored: when each row was first inserted
        for i, reg in enumerate(regs):
            db.session.add(
                ProgrammingAward(
                    contest_id=contest.id,
                    registration_id=reg.id,
                    level=levels[str(reg.id)],
                    rank=i + 1,
                    total=100.0 - i,
                    certificate_code=f"T{contest.id}-{i}",
                    created_at=created[str(reg.id)],
                )
            )
        db.session.commit()
        db.session.remove()

        _replayed()
        with db.engine.connect() as conn:
            table = sa.table("programming_awards", sa.column("registration_id"), sa.column("created_at", sa.DateTime))
            dated = {str(r): at for r, at in conn.execute(sa.select(table.c.registration_id, table.c.created_at))}
        assert dated == {an: second, binh: second, chi: third}


def test_a_judged_entrys_award_whose_level_changed_is_dated_likewise(empty_app: Flask) -> None:  # noqa: F811
    with empty_app.app_context():
        upgrade()  # rows made with today's models, then taken back to before the migration (_replayed)
        contest = ContestFactory()
        organiser = builders.person("btc")
        entries = [EntryFactory(contest=contest) for _ in range(2)]
        db.session.flush()
        kept, moved = (str(e.id) for e in entries)
        published = [
            audit.record(
                db.session,
                action,
                actor_id=organiser.id,
                object_type="contest",
                object_id=contest.id,
                data={"awards": given},
            ).at
            for action, given in (
                ("results.publish", {kept: "first", moved: "third"}),
                ("results.republish", {kept: "first", moved: "second"}),
            )
        ]
        first, second = published
        for entry, level in zip(entries, (AwardLevel.FIRST, AwardLevel.SECOND), strict=True):
            db.session.add(
                Award(
                    contest_id=contest.id,
                    entry_id=entry.id,
                    level=level,
                    rank=1,
                    score=Decimal(90),
                    certificate_code=f"{contest.id}-{entry.id}",
                    created_at=first,
                )
            )
        db.session.commit()
        db.session.remove()

        _replayed()
        with db.engine.connect() as conn:
            table = sa.table("awards", sa.column("entry_id"), sa.column("created_at", sa.DateTime))
            dated = {str(e): at for e, at in conn.execute(sa.select(table.c.entry_id, table.c.created_at))}
        assert dated == {kept: first, moved: second}


def _replayed() -> None:
    """Take the schema back to the revision before the data migration f3b9d1c7a5e2 and upgrade again, so that it
    runs on the rows made. Rows are made at the head, with the models as they are now: made at that revision, they
    would break whenever a later migration adds a column the models write."""
    downgrade(revision="e8a1c4f7b2d9")
    upgrade()
