"""The public results name the unit an entry was entered for, as its certificate does: a teacher who moves to another
school after the contest (a new school year) stays listed for the school whose entry won."""

from __future__ import annotations

from decimal import Decimal

from flask.testing import FlaskClient

from app.extensions import db
from app.models import AwardLevel
from app.services.results import awards, publication, reconciliation
from app.services.results.awards import RuleSpec

from ..factories import SchoolFactory
from .test_results_views import _world


def test_the_public_page_names_the_entrys_unit_not_where_its_author_works_now(client: FlaskClient) -> None:
    world, head, _a, author, _agreed, flagged = _world()
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_count=1)])
    reconciliation.decide(db.session, head, flagged, Decimal(60), "Thống nhất")
    publication.publish(db.session, world.organiser, world.contest)
    author.unit = SchoolFactory(name="Trường THPT Nguyễn Trãi")  # moved after the contest
    db.session.commit()
    page = client.get(f"/contests/{world.contest.id}/results").get_data(as_text=True)
    row = page.split('id="award-EL-0001"', 1)[1].split("</tr>", 1)[0]
    assert author.full_name in row and "Trường THCS Chu Văn An" in row
    assert "Trường THPT Nguyễn Trãi" not in row
