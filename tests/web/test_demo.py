"""``hoithi demo`` loads the demo data, and loading it twice changes nothing."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Contest, ContestKind, PanelMember, Rubric, Unit, UnitKind, User
from app.services import audit


def _counts():
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Unit, User, Contest, AuditEntry)
    }


def test_demo_twice(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "hocsinh" in first.output and "hoithi-demo" in first.output
    counts = _counts()
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert _counts() == counts
    districts = db.session.scalars(select(Unit).where(Unit.kind == UnitKind.DISTRICT_OFFICE)).all()
    assert len(districts) == 12
    assert any("Tứ Kỳ" in d.name for d in districts)
    assert {c.kind.value for c in db.session.scalars(select(Contest))} == {
        "elearning",
        "informatics",
        "creativity",
    }
    roles = set().union(*(u.roles for u in db.session.scalars(select(User))))
    assert {r.value for r in roles} == {
        "student",
        "teacher",
        "coordinator",
        "judge",
        "organiser",
        "reviewer",
        "admin",
    }
    assert audit.verify(db.session) == []
    for contest in db.session.scalars(select(Contest).where(Contest.kind != ContestKind.INFORMATICS)):
        rubric = db.session.scalars(select(Rubric).where(Rubric.contest_id == contest.id)).one()
        assert len(rubric.criteria) == 4  # from the contest's template
        head = db.session.scalars(select(PanelMember).where(PanelMember.contest_id == contest.id)).one()
        assert head.is_head and head.user.username == "giamkhao"


def test_demo_accounts_can_log_in_and_contests_are_open(app, client):
    app.test_cli_runner().invoke(args=["demo"])
    response = client.post("/login", data={"username": "hocsinh", "password": "hoithi-demo"})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert page.count("Đang mở đăng ký") == 3
