"""A judge who also holds a role that shows who made entries (a coordinator of the whole Sở, or of the district an
entry comes from) judges blind all the same: while they sit on a contest's panel, that contest's entries show them
no author, supervisor, unit or original file name on any page (their coordinator's lists included), and the
organiser adding them to the panel is told so."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Role, UserRole
from app.services.reviews import panel
from tests.conftest import AuthActions

from .. import builders
from ..factories import EntryFactory
from .reviews_helpers import review_world
from .test_reviews_blind import Blind, assert_blind, blind, judge_urls

__all__ = ["blind"]  # the fixture, used by name


def _make_coordinator(blind: Blind) -> None:
    judge = blind["judge"]
    db.session.add(UserRole(user_id=judge.id, role=Role.COORDINATOR))  # the Sở's own coordinator: every unit
    db.session.commit()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_sos_coordinator_who_judges_sees_the_entries_blind(
    app: Flask, client: FlaskClient, auth: AuthActions, blind: Blind, lang: str
) -> None:
    _make_coordinator(blind)
    assert auth.login(blind["judge"].username).status_code == 302
    client.get(f"/lang/{lang}")
    contest = blind["world"].contest
    for url in [*judge_urls(app, blind), f"/contests/{contest.id}/entries"]:
        assert_blind(client.get(url), blind["forbidden"], url)


def test_a_coordinator_not_on_the_panel_still_sees_the_authors(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    world = review_world(judges=1, entries=0)
    author = builders.person("tacgia", world.school, Role.TEACHER, full_name="Hoàng Thị Tácgiả")
    entry = EntryFactory(contest=world.contest, unit=world.school, authors=[author], created_by=author)
    builders.person("dieuphoi_so", world.department, Role.COORDINATOR)
    db.session.commit()
    assert auth.login("dieuphoi_so").status_code == 302
    assert "Hoàng Thị Tácgiả" in client.get(f"/entries/{entry.id}").get_data(as_text=True)


def test_the_organiser_is_told_when_a_coordinator_joins_the_panel(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    world = review_world(judges=1, entries=0)
    both = builders.person("dieuphoi_gk", world.department, Role.COORDINATOR, Role.JUDGE, full_name="Trần Văn Điềuphối")
    db.session.commit()
    assert auth.login("org").status_code == 302
    response = client.post(
        f"/contests/{world.contest.id}/review/panel", data={"judge": str(both.id)}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert panel.member(db.session, world.contest, both.id) is not None
    assert "Trần Văn Điềuphối" in page
    assert "điều phối" in page and "ẩn danh" in page  # told: a coordinator, who sees this contest's entries blind


def test_the_organiser_is_told_when_one_of_the_contests_organisers_joins_the_panel(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    """An organiser of the contest sees every entry's authors (the entries, the ranking, the certificates): they
    cannot judge blind, and whoever adds them should know it."""
    world = review_world(judges=1, entries=0)
    both = builders.person("btc_gk", world.department, Role.ORGANISER, Role.JUDGE, full_name="Phạm Thị Tổchức")
    db.session.commit()
    assert auth.login("org").status_code == 302
    response = client.post(
        f"/contests/{world.contest.id}/review/panel", data={"judge": str(both.id)}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert panel.member(db.session, world.contest, both.id) is not None
    assert "Phạm Thị Tổchức tổ chức hội thi này" in page and "không chấm ẩn danh" in page


def test_the_panel_page_marks_a_judge_who_became_a_coordinator_later(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    """The role may come after the judge joined the panel (an administrator gives it): the panel page says so."""
    world = review_world(judges=2, entries=0)
    later = world.judges[1]
    db.session.add(UserRole(user_id=later.id, role=Role.COORDINATOR))
    db.session.commit()
    assert auth.login("org").status_code == 302
    page = client.get(f"/contests/{world.contest.id}/review/panel").get_data(as_text=True)
    row = page.split(f'data-judge="{later.username}"', 1)[1].split("</tr>", 1)[0]
    assert "điều phối" in row and "ẩn danh" in row
    first = page.split(f'data-judge="{world.judges[0].username}"', 1)[1].split("</tr>", 1)[0]
    assert "điều phối" not in first
