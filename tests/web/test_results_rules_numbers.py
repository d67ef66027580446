"""The award rules form shows a minimum score as its reader writes numbers: 75,5 in Vietnamese (a Vietnamese reads
"75.50" as seventy-five thousand and fifty), 75.5 in English, and never with a thousands separator that reading it
back would take for a decimal point (1000, not 1.000)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import AwardLevel, AwardRule
from app.services.results import awards
from app.services.results.awards import RuleSpec
from tests.conftest import AuthActions

from .test_results_views import _world


@pytest.mark.parametrize(
    ("language", "minimum", "shown"),
    [("vi", "75.5", "75,5"), ("en", "75.5", "75.5"), ("vi", "1000", "1000"), ("en", "1000", "1000"), ("vi", "0", "0")],
)
def test_the_minimum_score_is_shown_as_the_reader_writes_it_and_saves_back_unchanged(
    client: FlaskClient, auth: AuthActions, language: str, minimum: str, shown: str
) -> None:
    world, *_ = _world()
    awards.set_rules(
        db.session,
        world.organiser,
        world.contest,
        None,
        [RuleSpec(AwardLevel.FIRST, quota_count=1, min_score=Decimal(minimum))],
    )
    db.session.commit()
    auth.login("btc")
    client.get(f"/lang/{language}")
    url = f"/contests/{world.contest.id}/results/rules"
    page = client.get(url).get_data(as_text=True)
    assert f'name="first-min_score" type="text" value="{shown}"' in page
    data = {"first-kind": "count", "first-quota": "1", "first-min_score": shown}
    data |= {"second-kind": "", "third-kind": "", "consolation-kind": ""}
    assert client.post(url, data=data).status_code == 302
    assert db.session.query(AwardRule).one().min_score == Decimal(minimum)
