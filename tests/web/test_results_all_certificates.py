"""Every certificate of a judged contest in one PDF, for its organisers to print (a programming contest's organisers
had it; here they downloaded each author's certificate one by one): a page per author of each awarded entry, by
category, award and rank."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from app.extensions import db
from app.models import AwardLevel
from app.services.errors import NotAllowed
from app.services.results import awards, certificates, publication
from app.services.results.awards import RuleSpec
from tests.conftest import AuthActions

from ..factories import SchoolFactory, UserFactory
from .results_helpers import flat, judge_of, judged_contest, scored_entry


def test_the_organisers_print_every_certificate_in_one_pdf(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    world = judged_contest()
    world.organiser.username = "btc"
    a, b = judge_of(world.contest), judge_of(world.contest)
    school = SchoolFactory(name="Trường THCS Chu Văn An")
    pair = [UserFactory(full_name="Đỗ Thị Ánh Tuyết", unit=school), UserFactory(full_name="Bùi Văn Anh", unit=school)]
    scored_entry(world, [a, b], [flat(90), flat(94)], code="EL-0001", authors=pair, unit=school)
    runner_up = UserFactory(username="tacgia2", full_name="Lưu Quang Vinh", unit=SchoolFactory())
    scored_entry(world, [a, b], [flat(80), flat(82)], code="EL-0002", authors=[runner_up])
    scored_entry(world, [a, b], [flat(30), flat(30)], code="EL-0003")  # no award
    awards.set_rules(
        db.session,
        world.organiser,
        world.contest,
        None,
        [RuleSpec(AwardLevel.FIRST, quota_count=1), RuleSpec(AwardLevel.SECOND, quota_count=1)],
    )
    url = f"/contests/{world.contest.id}/results/certificates.pdf"
    db.session.commit()
    assert auth.login("btc").status_code == 302
    assert client.get(url, follow_redirects=True).status_code == 200  # before publication: told there are none
    with pytest.raises(LookupError):
        certificates.all_certificates(db.session, world.organiser, world.contest)

    publication.publish(db.session, world.organiser, world.contest)
    db.session.commit()
    assert "certificates.pdf" in client.get(f"/contests/{world.contest.id}/results/manage").get_data(as_text=True)
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]
    assert len(pages) == 3
    assert all("Giải Nhất" in p and "EL-0001" in p for p in pages[:2])
    assert {next(n for n in ("Đỗ Thị Ánh Tuyết", "Bùi Văn Anh") if n in p) for p in pages[:2]} == {
        "Đỗ Thị Ánh Tuyết",
        "Bùi Văn Anh",
    }
    assert "Bùi Văn Anh" in pages[0]  # the authors of an entry by name, the Vietnamese way (Anh before Tuyết)
    assert "Giải Nhì" in pages[2] and "Lưu Quang Vinh" in pages[2]

    with pytest.raises(NotAllowed):  # an author has their own, not everyone's
        certificates.all_certificates(db.session, runner_up, world.contest)
