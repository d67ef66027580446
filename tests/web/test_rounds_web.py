"""The rounds page (issue 16): the feeding round's organisers set the next round and nominate, the next round's
organisers see the arrivals, the hand-off is made and downloaded with its hash shown; forms need their CSRF token."""

from __future__ import annotations

import hashlib
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Entry, Handoff, Nomination, NominationMethod, Role, ScoreSheet
from app.services.contests import progression
from app.services.contests.progression import Choice
from app.services.results import publication
from submissions.store import LocalStore
from submissions.store_choice import open_store
from submissions.store_migration import migrate
from tests.conftest import AuthActions
from tests.web.rounds_helpers import Rounds

from .. import builders
from ..factories import EntryFactory
from .results_helpers import flat, judge_of, sheet
from .rounds_helpers import rounds
from .test_query_counts import _queries

RANK = NominationMethod.RANK


def test_organisers_nominate_and_the_next_round_sees_where_each_came_from(
    client: FlaskClient, auth: AuthActions
) -> None:
    world = rounds()
    db.session.commit()
    auth.login("btc_huyen")
    page = client.get(f"/contests/{world.district.id}/rounds").get_data(as_text=True)
    assert "Hội thi Sáng tạo cấp tỉnh" in page and world.entries[2].code in page
    reply = client.post(
        f"/contests/{world.district.id}/rounds/nominate",
        data={"target": str(world.province.id), "method": "rank", "count": "2"},
        follow_redirects=True,
    )
    assert "Đã chuyển 2 thí sinh lên vòng sau." in reply.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(Entry.contest_id == world.province.id)) == 2

    auth.logout()
    auth.login("btc_tinh")
    arrivals = client.get(f"/contests/{world.province.id}/rounds").get_data(as_text=True)
    assert arrivals.count('class="arrival"') == 2
    assert f"mã cũ {world.entries[0].code}" in arrivals and "Giải Nhất" in arrivals
    # the next round's organisers do not nominate for the round that feeds them
    refused = client.post(
        f"/contests/{world.district.id}/rounds/nominate",
        data={"target": str(world.province.id), "method": "rank", "count": "3"},
    )
    assert refused.status_code == 403


def test_scores_on_the_rounds_page_are_written_with_the_vietnamese_decimal_comma(
    client: FlaskClient, auth: AuthActions
) -> None:
    """A score of 91.25 reads 91,25 in the standings and the arrivals, as on the results pages: in Vietnamese a
    point separates thousands."""
    world = rounds()
    first = db.session.scalars(select(ScoreSheet).where(ScoreSheet.entry_id == world.entries[0].id)).first()
    assert first is not None
    first.total = Decimal("92.5")  # with 90 on the other sheet: 91.25
    publication.publish(db.session, world.district_organiser, world.district)
    db.session.commit()
    auth.login("btc_huyen")
    page = client.get(f"/contests/{world.district.id}/rounds").get_data(as_text=True)
    assert "<td>91,25</td>" in page and "91.25" not in page
    progression.nominate(db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=1))
    db.session.commit()
    auth.logout()
    auth.login("btc_tinh")
    arrivals = client.get(f"/contests/{world.province.id}/rounds").get_data(as_text=True)
    assert "<td>91,25</td>" in arrivals and "91.25" not in arrivals


def test_a_stale_target_is_refused_with_a_message_and_changes_nothing(client: FlaskClient, auth: AuthActions) -> None:
    world = rounds()
    db.session.commit()
    auth.login("btc_huyen")
    reply = client.post(
        f"/contests/{world.district.id}/rounds/nominate",
        data={"target": "outside", "method": "rank", "count": "1"},
        follow_redirects=True,
    )
    assert "không chuyển thí sinh lên một vòng thi ngoài hệ thống hoithi" in reply.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0


def test_the_handoff_is_made_shown_with_its_hash_and_downloaded(client: FlaskClient, auth: AuthActions) -> None:
    world = rounds(link=False)
    db.session.commit()
    auth.login("btc_huyen")
    base = f"/contests/{world.district.id}/rounds"
    client.post(
        base + "/next",
        data={"next_contest": "outside", "outside_name": "Vòng toàn quốc", "outside_organiser": "Bộ GD&ĐT"},
    )
    client.post(base + "/nominate", data={"target": "outside", "method": "award", "levels": ["first"]})
    page = client.post(base + "/handoff", follow_redirects=True).get_data(as_text=True)
    assert "Đã tạo xong bộ hồ sơ bàn giao." in page
    (row,) = db.session.execute(select(Nomination.entry_id)).all()
    assert row.entry_id == world.entries[0].id
    (made,) = db.session.scalars(select(Handoff))
    assert made.sha256 in page
    download = client.get(f"{base}/handoff/{made.id}.zip")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert hashlib.sha256(download.get_data()).hexdigest() == made.sha256


def test_round_forms_need_their_csrf_token(csrf_app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    world = rounds()
    db.session.commit()
    auth.login("btc_huyen")
    for path in ("/next", "/nominate", "/handoff"):
        assert client.post(f"/contests/{world.district.id}/rounds{path}", data={}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0


def test_a_made_up_method_or_award_is_refused_and_changes_nothing(client: FlaskClient, auth: AuthActions) -> None:
    world = rounds()
    db.session.commit()
    auth.login("btc_huyen")
    for data in (
        {"target": str(world.province.id), "method": "lottery", "count": "1"},
        {"target": str(world.province.id), "method": "award", "levels": ["gold"]},
    ):
        reply = client.post(f"/contests/{world.district.id}/rounds/nominate", data=data)
        assert reply.status_code == 200 and 'class="error"' in reply.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0


def _nominated_world(extra: int, tag: str) -> Rounds:
    """The rounds world with ``extra`` more entries of the second school (40 points), all nominated by rank."""
    world = rounds(tag=tag)
    judges = [judge_of(world.district, unit=world.province.organiser_unit) for _ in range(2)]
    for _ in range(extra):
        author = builders.person(None, world.schools[1], Role.STUDENT)
        entry = EntryFactory(
            contest=world.district, category=world.district.categories[0], unit=world.schools[1], authors=[author]
        )
        for judge in judges:
            sheet(entry, judge, flat(40))
    publication.publish(db.session, world.district_organiser, world.district)
    progression.nominate(
        db.session, world.district_organiser, world.district, world.province.id, Choice(RANK, count=100)
    )
    db.session.commit()
    return world


def test_the_rounds_pages_queries_do_not_grow_with_nominees(client: FlaskClient, auth: AuthActions) -> None:
    counts = []
    for extra, tag in ((0, "a"), (12, "b")):
        world = _nominated_world(extra, tag)
        auth.login(f"btc_huyen{tag}")
        feeding = _queries(client, f"/contests/{world.district.id}/rounds")
        auth.logout()
        auth.login(f"btc_tinh{tag}")
        fed = _queries(client, f"/contests/{world.province.id}/rounds")
        auth.logout()
        counts.append((feeding, fed))
    assert counts[0] == counts[1]


def test_with_the_store_in_a_bucket_the_handoff_is_a_signed_link_and_never_fetched_back(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    s3_endpoint: str,
    s3_bucket: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = rounds(link=False)
    db.session.commit()
    bucket = f"s3://{s3_bucket}/tinh"
    local = LocalStore(app.config["STORAGE_DIR"])  # where the world's files were written: moved to the bucket
    migrate(local, open_store(bucket, str(tmp_path / "migrating"), s3_endpoint, None, 64))
    for key, value in {"STORAGE_URL": bucket, "S3_ENDPOINT": s3_endpoint, "STORAGE_DIR": str(tmp_path / "web")}.items():
        monkeypatch.setitem(app.config, key, value)
    auth.login("btc_huyen")
    base = f"/contests/{world.district.id}/rounds"
    client.post(base + "/next", data={"next_contest": "outside", "outside_name": "Vòng toàn quốc"})
    client.post(base + "/nominate", data={"target": "outside", "method": "award", "levels": ["first"]})
    assert "Đã tạo xong bộ hồ sơ bàn giao." in client.post(base + "/handoff", follow_redirects=True).get_data(True)
    (made,) = db.session.scalars(select(Handoff))
    assert not (tmp_path / "web" / "cache" / made.sha256[:2] / made.sha256[2:]).exists()  # not fetched back

    answer = client.get(f"{base}/handoff/{made.id}.zip")
    assert answer.status_code == 302 and "X-Amz-Expires=300" in answer.headers["Location"]
    with urllib.request.urlopen(answer.headers["Location"]) as got:
        data = got.read()
        assert got.headers["Content-Disposition"].startswith("attachment; filename*=UTF-8''ban-giao-")
    assert hashlib.sha256(data).hexdigest() == made.sha256 and len(data) == made.size
    assert not (tmp_path / "web" / "cache" / made.sha256[:2] / made.sha256[2:]).exists()  # the web host passed none
