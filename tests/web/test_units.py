"""The unit tree page: counts, and adding, renaming, moving, merging, deactivating and reactivating units, with
their refusals, confirmations and audit entries, as the user sees them."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import AccountStatus, AuditEntry, Contest, Entry, Registration, Role, Unit, UnitKind, User
from app.services.contests import registrations
from app.timeutil import utcnow
from tests.builders import row_of

from ..factories import ContestFactory, DepartmentFactory, DistrictFactory, EntryFactory, SchoolFactory, UserFactory


@pytest.fixture
def tree(app: Flask) -> dict[str, Unit]:
    """The Sở, two district offices (A with two schools, B with one), and an administrator logged in later."""
    so = DepartmentFactory(name="Sở GD&ĐT Hải Dương")
    a = DistrictFactory(name="Phòng GD&ĐT Cẩm Giàng", parent=so)
    b = DistrictFactory(name="Phòng GD&ĐT Gia Lộc", parent=so)
    s1 = SchoolFactory(name="Trường THCS Lương Điền", parent=a)
    s2 = SchoolFactory(name="Trường THCS Cẩm Điền", parent=a)
    s3 = SchoolFactory(name="Trường THCS Gia Tân", parent=b)
    UserFactory(username="admin", unit=so, roles={Role.ADMIN})
    db.session.commit()
    return {"so": so, "a": a, "b": b, "s1": s1, "s2": s2, "s3": s3}


def _text(response: TestResponse) -> str:
    """What the user reads: the page with its entities (``&amp;`` of “Sở GD&ĐT”) as characters."""
    return unescape(response.get_data(as_text=True))


def _login(client: FlaskClient, username: str = "admin") -> None:
    assert client.post("/login", data={"username": username, "password": "password123"}).status_code == 302


def _actions(action: str) -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_the_tree_shows_each_unit_under_its_parent_with_counts(client: FlaskClient, tree: dict[str, Unit]) -> None:
    for _ in range(3):
        UserFactory(unit=tree["s1"])
    UserFactory(unit=tree["s1"], status=AccountStatus.DEACTIVATED)  # not counted
    running = ContestFactory(organiser_unit=tree["so"])
    ended = ContestFactory(organiser_unit=tree["so"])
    student = UserFactory(unit=tree["s1"])
    registrations.register(db.session, student, running, member_ids=[student.id])
    registrations.register(db.session, student, ended, member_ids=[student.id])
    ended.submission_closes = utcnow() - timedelta(days=1)
    db.session.commit()
    _login(client)

    html = _text(client.get("/admin/units"))
    assert "Đơn vị" in html
    order = [html.index(tree[k].name) for k in ("so", "a", "s2", "s1", "b", "s3")]
    assert order == sorted(order)  # depth first, by name
    row = html[html.index(f'id="unit-{tree["s1"].id}"') :].split("</li>")[0]
    assert "4 người" in row and "1 hội thi đang diễn ra" in row
    assert 'style="margin-left: 3.0rem"' in row
    so_row = html[html.index(f'id="unit-{tree["so"].id}"') :].split("</li>")[0]
    assert "1 người" in so_row and "1 hội thi đang diễn ra" in so_row


def test_add_a_school_and_the_refusals_keep_what_was_typed(client: FlaskClient, tree: dict[str, Unit]) -> None:
    _login(client)
    data = {"name": "Trường THCS Mới", "code": "thcs-moi", "kind": "school", "level": "lower_secondary"}
    response = client.post("/admin/units", data={**data, "parent": tree["a"].id})
    assert response.status_code == 302
    unit = db.session.scalars(select(Unit).where(Unit.code == "THCS-MOI")).one()
    assert unit.parent_id == tree["a"].id and unit.active
    assert _actions("unit.create")[0].object_id == unit.id
    assert "Đã thêm đơn vị." in _text(client.get(response.headers["Location"]))

    again = client.post("/admin/units", data={**data, "name": "Trường khác", "parent": tree["a"].id})
    html = _text(again)
    assert "Đã có đơn vị khác mang mã THCS-MOI." in html
    assert 'value="Trường khác"' in html

    under_school = client.post("/admin/units", data={**data, "code": "X1", "parent": tree["s1"].id})
    assert "Trường học hoặc trung tâm thuộc Sở hoặc một Phòng GD&ĐT." in _text(under_school)
    office = {**data, "code": "X2", "kind": "district_office", "parent": tree["a"].id}
    assert "Phòng GD&ĐT trực thuộc Sở." in _text(client.post("/admin/units", data=office))
    assert db.session.scalar(select(Unit).where(Unit.code.in_(["X1", "X2"]))) is None


def test_rename_is_audited_with_both_names(client: FlaskClient, tree: dict[str, Unit]) -> None:
    _login(client)
    url = f"/admin/units/{tree['s1'].id}"
    response = client.post(url + "/rename", data={"name": "Trường THCS Lương Điền (mới)"})
    assert response.status_code == 302
    assert "Đã đổi tên đơn vị." in _text(client.get(url))
    entry = _actions("unit.rename")[0]
    assert entry.data == {"from": "Trường THCS Lương Điền", "to": "Trường THCS Lương Điền (mới)"}
    empty = client.post(url + "/rename", data={"name": " "})
    assert empty.status_code == 400 and "Cần nhập tên đơn vị." in _text(empty)


def test_move_a_school_to_another_office_and_never_under_itself(client: FlaskClient, tree: dict[str, Unit]) -> None:
    _login(client)
    response = client.post(f"/admin/units/{tree['s1'].id}/move", data={"parent": tree["b"].id})
    assert response.status_code == 302
    db.session.expire_all()
    assert row_of(Unit, tree["s1"].id).parent_id == tree["b"].id
    assert _actions("unit.move")[0].data == {"from": tree["a"].id, "to": tree["b"].id}

    for target in (tree["a"], tree["s2"]):  # itself, one of its own schools
        refused = client.post(f"/admin/units/{tree['a'].id}/move", data={"parent": target.id})
        assert refused.status_code == 400
        assert "Không thể chuyển một đơn vị vào chính nó hoặc vào đơn vị trực thuộc nó." in refused.get_data(
            as_text=True
        )
    db.session.expire_all()
    assert row_of(Unit, tree["a"].id).parent_id == tree["so"].id
    assert len(_actions("unit.move")) == 1


def test_merge_asks_for_confirmation_then_moves_people_and_entries(client: FlaskClient, tree: dict[str, Unit]) -> None:
    source, target = tree["s1"], tree["s2"]
    person = UserFactory(unit=source)
    entry = EntryFactory(unit=source)
    contest = ContestFactory()
    registrations.register(db.session, person, contest, member_ids=[person.id])
    db.session.commit()
    _login(client)
    url = f"/admin/units/{source.id}/merge"

    asked = client.post(url, data={"target": target.id})
    html = _text(asked)
    assert asked.status_code == 200
    assert f"Sáp nhập {source.name} vào {target.name} sẽ:" in html
    assert "chuyển 2 tài khoản" in html  # the person and the entry's author
    assert "chuyển 1 bài dự thi" in html and "chuyển 1 lượt đăng ký" in html
    db.session.expire_all()
    assert row_of(User, person.id).unit_id == source.id and row_of(Unit, source.id).active
    assert _actions("unit.merge") == []

    done = client.post(url, data={"target": target.id, "confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert row_of(User, person.id).unit_id == target.id
    assert row_of(Entry, entry.id).unit_id == target.id
    assert db.session.scalars(select(Registration.unit_id)).all() == [target.id]
    assert not row_of(Unit, source.id).active
    audit = _actions("unit.merge")[0]
    assert audit.object_id == source.id and audit.data["into"] == target.id and audit.data["people"] == 2
    page = _text(client.get(f"/admin/units/{source.id}"))
    assert "Đã sáp nhập và ngừng hoạt động đơn vị" in page and "ngừng hoạt động" in page


def test_merging_an_office_moves_its_schools_and_contests(client: FlaskClient, tree: dict[str, Unit]) -> None:
    contest = ContestFactory(organiser_unit=tree["a"])
    db.session.commit()
    _login(client)
    client.post(f"/admin/units/{tree['a'].id}/merge", data={"target": tree["b"].id, "confirm": "y"})
    db.session.expire_all()
    assert {u.parent_id for u in (row_of(Unit, tree[k].id) for k in ("s1", "s2", "s3"))} == {tree["b"].id}
    assert row_of(Contest, contest.id).organiser_unit_id == tree["b"].id


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("s1", "s1", "Không thể sáp nhập một đơn vị vào chính nó."),
        ("a", "s1", "Không thể sáp nhập một đơn vị vào đơn vị trực thuộc nó."),
        ("s1", "a", "Trường học hoặc trung tâm chỉ sáp nhập vào trường học hoặc trung tâm"),
        ("so", "a", "Không thể sáp nhập Sở vào đơn vị khác."),
    ],
)
def test_merge_refusals_change_nothing(
    client: FlaskClient, tree: dict[str, Unit], source: str, target: str, message: str
) -> None:
    UserFactory(unit=tree[source])
    db.session.commit()
    _login(client)
    for confirm in ({}, {"confirm": "y"}):
        response = client.post(f"/admin/units/{tree[source].id}/merge", data={"target": tree[target].id, **confirm})
        assert response.status_code == 400
        assert message in _text(response)
    db.session.expire_all()
    assert row_of(Unit, tree[source].id).active
    assert _actions("unit.merge") == []


def test_deactivate_is_refused_while_people_remain_then_confirmed_and_reactivated(
    client: FlaskClient, tree: dict[str, Unit]
) -> None:
    person = UserFactory(unit=tree["s3"])
    db.session.commit()
    _login(client)
    url = f"/admin/units/{tree['s3'].id}"

    refused = client.post(url + "/deactivate", data={"confirm": "y"})
    assert refused.status_code == 400
    assert f"{tree['s3'].name} vẫn còn 1 tài khoản đang hoạt động hoặc chờ xác nhận" in _text(refused)
    office = client.post(f"/admin/units/{tree['b'].id}/deactivate", data={"confirm": "y"})
    assert "Còn 1 đơn vị đang hoạt động trực thuộc" in _text(office)

    person.status = AccountStatus.DEACTIVATED
    db.session.commit()
    asked = client.post(url + "/deactivate", data={})
    assert asked.status_code == 200
    assert "Đơn vị ngừng hoạt động vẫn giữ lịch sử" in _text(asked)
    db.session.expire_all()
    assert row_of(Unit, tree["s3"].id).active

    assert client.post(url + "/deactivate", data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert not row_of(Unit, tree["s3"].id).active
    assert [e.object_id for e in _actions("unit.deactivate")] == [tree["s3"].id]
    # no longer offered to students registering themselves, nor as a place to add a unit under
    assert tree["s3"].name not in _text(client.get("/people/new"))
    client.post("/logout")
    assert tree["s3"].name not in _text(client.get("/register"))

    _login(client)
    assert client.post(url + "/reactivate").status_code == 302
    db.session.expire_all()
    assert row_of(Unit, tree["s3"].id).active
    assert [e.object_id for e in _actions("unit.reactivate")] == [tree["s3"].id]


def test_a_unit_under_a_deactivated_office_waits_for_its_office(client: FlaskClient, tree: dict[str, Unit]) -> None:
    for key in ("s3", "b"):
        tree[key].active = False
    db.session.commit()
    _login(client)
    response = client.post(f"/admin/units/{tree['s3'].id}/reactivate")
    assert response.status_code == 400
    assert f"{tree['b'].name}, đơn vị cấp trên, đang ngừng hoạt động" in _text(response)


def test_only_admins_and_the_departments_coordinators_manage_units(client: FlaskClient, tree: dict[str, Unit]) -> None:
    UserFactory(username="so-dp", unit=tree["so"], roles={Role.COORDINATOR})
    UserFactory(username="school-dp", unit=tree["s1"], roles={Role.COORDINATOR})
    UserFactory(username="reviewer", unit=tree["so"], roles={Role.REVIEWER})
    db.session.commit()
    _login(client, "so-dp")
    assert 'href="/admin/units"' in _text(client.get("/home"))
    assert client.post(f"/admin/units/{tree['s1'].id}/rename", data={"name": "Tên mới"}).status_code == 302
    for username in ("school-dp", "reviewer"):
        other = client.application.test_client()
        _login(other, username)
        assert 'href="/admin/units"' not in _text(other.get("/home"))
        assert other.get("/admin/units").status_code == 403
        assert other.post(f"/admin/units/{tree['s2'].id}/rename", data={"name": "X"}).status_code == 403
        assert other.post(f"/admin/units/{tree['s2'].id}/merge", data={"target": tree["s3"].id}).status_code == 403
    db.session.expire_all()
    assert row_of(Unit, tree["s2"].id).name == "Trường THCS Cẩm Điền"
    assert row_of(Unit, tree["so"].id).kind is UnitKind.DEPARTMENT


def test_every_list_of_units_goes_the_vietnamese_way(client: FlaskClient, tree: dict[str, Unit]) -> None:
    """The unit tree, the people form's units, the proposals' filter and the schools a student registering picks
    from were ordered by the database's code points: every "Đ" after "Z" and "số 10" before "số 9"."""
    for name in ("Trường THCS số 10", "Trường THCS Đống Đa", "Trường THCS số 9", "Trường THCS Dương Quang"):
        SchoolFactory(name=name, parent=tree["b"])
    db.session.commit()
    expected = [
        "Trường THCS Dương Quang",
        "Trường THCS Đống Đa",
        "Trường THCS Gia Tân",
        "Trường THCS số 9",
        "Trường THCS số 10",
    ]

    def order(page: str) -> list[str]:
        return sorted((n for n in expected if n in page), key=page.index)

    assert order(_text(client.get("/register"))) == expected
    _login(client)
    for page in ("/admin/units", "/people/new", "/admin/proposals"):
        assert order(_text(client.get(page))) == expected, page
