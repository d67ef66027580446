"""The organisers set how far apart judges' totals may be before an entry needs reconciliation: the Sở's rules
give the threshold (10 % of the highest total by default)."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.extensions import db
from app.models import AuditEntry, AwardLevel
from app.services.results import awards, publication
from app.services.results.awards import RuleSpec
from app.services.reviews import panel
from tests.conftest import AuthActions

from .results_helpers import flat, judge_of, judged_contest, scored_entry


def _login(client: FlaskClient, auth: AuthActions, username: str) -> None:
    assert auth.login(username).status_code == 302
    client.get("/lang/en")


def test_the_organisers_set_the_reconciliation_threshold(client: FlaskClient, auth: AuthActions) -> None:
    world = judged_contest()
    a, b = judge_of(world.contest), judge_of(world.contest)
    scored_entry(world, [a, b], [flat(80), flat(92)], code="EL-0001")  # 12 of 100 apart
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_count=1)])
    db.session.commit()
    panel_url = f"/contests/{world.contest.id}/review/panel"
    reconcile_url = f"/contests/{world.contest.id}/results/reconcile"
    _login(client, auth, world.organiser.username)
    assert 'id="entry-EL-0001"' in client.get(reconcile_url).get_data(as_text=True)  # 12 > 10 % of 100
    assert 'name="discrepancy_percent"' in client.get(panel_url).get_data(as_text=True)

    url = f"/contests/{world.contest.id}/review/discrepancy"
    response = client.post(url, data={"discrepancy_percent": "101"}, follow_redirects=True)
    assert "The threshold is a percentage from 0 to 100." in response.get_data(as_text=True)
    response = client.post(url, data={"discrepancy_percent": "15"}, follow_redirects=True)
    assert "Saved." in response.get_data(as_text=True)
    db.session.expire_all()
    assert panel.settings_for(db.session, world.contest).discrepancy_percent == 15
    assert db.session.query(AuditEntry).filter_by(action="review.discrepancy").count() == 1
    assert 'id="entry-EL-0001"' not in client.get(reconcile_url).get_data(as_text=True)

    assert publication.publish(db.session, world.organiser, world.contest)
    db.session.commit()
    response = client.post(url, data={"discrepancy_percent": "5"}, follow_redirects=True)
    assert "The results are published: withdraw them" in response.get_data(as_text=True)
    db.session.expire_all()
    assert panel.settings_for(db.session, world.contest).discrepancy_percent == 15
    client.get("/lang/vi")
    response = client.post(url, data={"discrepancy_percent": "-1"}, follow_redirects=True)
    assert "Ngưỡng chênh lệch là một tỉ lệ phần trăm từ 0 đến 100." in response.get_data(as_text=True)
