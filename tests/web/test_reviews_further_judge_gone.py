"""An entry whose judges disagree, given a further judge who then leaves it (declares a conflict of interest, or
the organisers take them off) before scoring: the disagreement is not settled by that, and must not be published
as if it were."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.extensions import db
from app.models import ReviewSettings
from tests.conftest import AuthActions

from .results_helpers import flat, judge_of, judged_contest, scored_entry


def _login(client: FlaskClient, auth: AuthActions, username: str) -> None:
    assert auth.login(username).status_code == 302
    client.get("/lang/en")


def test_a_further_judge_who_declares_a_conflict_leaves_the_entry_waiting_for_reconciliation(
    client: FlaskClient, auth: AuthActions
) -> None:
    world = judged_contest()
    head = judge_of(world.contest, head=True)
    a, b = judge_of(world.contest), judge_of(world.contest)
    further = judge_of(world.contest, full_name="Đỗ Thị Phúc")
    flagged = scored_entry(world, [a, b], [flat(40), flat(90)], code="EL-0003")
    db.session.commit()
    base = f"/contests/{world.contest.id}/results"

    _login(client, auth, head.username)
    response = client.post(
        f"{base}/reconcile/{flagged.id}/further", data={"judge": str(further.id), "reason": ""}, follow_redirects=True
    )
    assert "The further judge has been assigned." in response.get_data(as_text=True)
    auth.logout()

    _login(client, auth, further.username)
    response = client.post(
        f"/review/entries/{flagged.id}/conflict", data={"reason": "Tác giả là đồng nghiệp cũ"}, follow_redirects=True
    )
    assert "is no longer yours to score" in response.get_data(as_text=True)
    auth.logout()

    _login(client, auth, world.organiser.username)
    listed = client.get(f"{base}/reconcile").get_data(as_text=True)
    assert "EL-0003" in listed and "Needs reconciliation" in listed
    response = client.post(f"{base}/publish", data={"confirm": "y"}, follow_redirects=True)
    assert "EL-0003: waiting for reconciliation" in response.get_data(as_text=True)
    settings = db.session.get(ReviewSettings, world.contest.id)
    assert settings is None or settings.results_published_at is None
    auth.logout()

    _login(client, auth, head.username)  # and another further judge can be given to it
    other = judge_of(world.contest)
    db.session.commit()
    response = client.post(
        f"{base}/reconcile/{flagged.id}/further", data={"judge": str(other.id), "reason": ""}, follow_redirects=True
    )
    assert "The further judge has been assigned." in response.get_data(as_text=True)
