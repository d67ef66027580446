"""Issue 11 on the proposal pages: a business's own product required of participants (item 6), the truth about
automatic approval (item 12), the form's labels and the score export's columns (item 13)."""

from __future__ import annotations

import html
import io
from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from app.extensions import db
from app.models import Contest, Proposal, ProposalStatus, Role, ScoreSheet, Unit, User
from app.services.proposals import workflow
from app.timeutil import today_local
from tests.conftest import AuthActions

from ..factories import ContestFactory, UserFactory
from .proposals_helpers import PDF, world
from .results_helpers import flat, judge_of, judged_contest, scored_entry, sheet

__all__ = ["world"]  # the fixture, from proposals_helpers


def form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Cuộc thi Lập trình ứng dụng di động",
        "summary": "Học sinh THCS viết ứng dụng nhỏ.",
        "rules": "Thi cá nhân, 90 phút.",
        "proposer_name": "Trường THCS Lê Lợi",
        "proposer_kind": "education_unit",
        "organisers-0-name": "Trường THCS Lê Lợi",
        "organisers-0-kind": "education_unit",
        "prizes-0-kind": "certificates",
        "prizes-0-description": "Giấy khen",
        "letter": (io.BytesIO(PDF), "congvan.pdf"),
        "action": "submit",
    }
    data.update(changes)
    return data


def proposal_named(title: str) -> Proposal:
    return db.session.query(Proposal).filter_by(title=title).one()


# --- Item 6 ------------------------------------------------------------------------------------------------------


def test_the_reviewer_sees_why_a_sponsors_own_app_required_of_participants_is_a_product_flag(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    auth.login("dieuphoi")
    data = form(
        rules="Thí sinh phải cài đặt ứng dụng SV Học Tập của Công ty Sao Việt để nhận đề và nộp bài.",
        **{
            "sponsors-0-name": "Công ty Cổ phần Công nghệ Giáo dục Sao Việt",
            "sponsors-0-kind": "business",
            "sponsors-0-contribution": "prizes",
            "sponsors-0-details": "10 điện thoại SV Nova 5G",
            "prizes-0-kind": "products",
            "prizes-0-description": "Giải Nhất: 01 điện thoại SV Nova 5G",
        },
    )
    assert client.post("/proposals/new", data=data).status_code == 302
    proposal = proposal_named("Cuộc thi Lập trình ứng dụng di động")
    assert proposal.status is ProposalStatus.IN_REVIEW
    assert [f["code"] for f in proposal.flags] == ["S8-BUSINESS", "S8-PRODUCT"]
    auth.logout()
    auth.login("so")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert (
        "Yêu cầu thí sinh cài đặt sản phẩm hoặc dịch vụ của Công ty Cổ phần Công nghệ Giáo dục Sao Việt: "
        "&#34;cài đặt ứng dụng SV Học Tập của Công ty Sao Việt&#34;, trong thể lệ."
    ) in page
    assert "<mark>cài đặt ứng dụng SV Học Tập của Công ty Sao Việt</mark>" in page
    queue = client.get("/admin/proposals?flag=S8-PRODUCT").get_data(as_text=True)
    assert "Cuộc thi Lập trình ứng dụng di động" in queue


def test_a_sponsor_that_only_gives_money_is_no_product_flag_on_the_web(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    auth.login("dieuphoi")
    data = form(
        rules="Thí sinh phải đăng ký dự thi qua nhà trường, giải thưởng do Công ty Sao Việt tài trợ.",
        **{
            "sponsors-0-name": "Công ty Cổ phần Công nghệ Giáo dục Sao Việt",
            "sponsors-0-kind": "business",
            "sponsors-0-contribution": "money",
            "sponsors-0-details": "Công ty Sao Việt tài trợ 30 triệu đồng",
        },
    )
    assert client.post("/proposals/new", data=data).status_code == 302
    proposal = proposal_named("Cuộc thi Lập trình ứng dụng di động")
    assert [f["code"] for f in proposal.flags] == ["S8-BUSINESS"]


# --- Item 12 -----------------------------------------------------------------------------------------------------


NEXT_YEAR = today_local().year + 1


def contest_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Hội thi Tin học trẻ cấp trường",
        "kind": "informatics",
        "round": "school",
        "school_year": f"{NEXT_YEAR}-{NEXT_YEAR + 1}",
        "registration_opens": f"{NEXT_YEAR}-12-01T08:00",
        "registration_closes": f"{NEXT_YEAR}-12-20T17:00",
        "submission_opens": f"{NEXT_YEAR + 1}-01-05T08:00",
        "submission_closes": f"{NEXT_YEAR + 1}-01-05T11:00",
        "max_team_size": 1,
        "open_to_students": "y",
        "categories": "B | Bảng B",
        "description": "",
    }
    data.update(changes)
    return data


def test_a_units_own_contest_says_it_was_approved_automatically_and_the_so_sees_it(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    UserFactory(username="btc", unit=world, roles={Role.ORGANISER})
    db.session.commit()
    auth.login("btc")
    page = client.post("/contests/new", data=contest_form(), follow_redirects=True).get_data(as_text=True)
    assert (
        "Đã tạo hội thi và đề xuất tổ chức được phê duyệt tự động: rà soát theo Mục 8 không phát hiện dấu hiệu nào "
        f"và đơn vị của bạn, thuộc hệ thống giáo dục, là đơn vị đề xuất. Đăng ký mở từ 01/12/{NEXT_YEAR} 08:00."
    ) in page
    assert "sau khi Sở" not in page
    assert 'id="contest-proposal"' in page and "được phê duyệt tự động" in page
    proposal = proposal_named("Hội thi Tin học trẻ cấp trường")
    assert proposal.approved_automatically
    proposal_page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Quyết định của Sở" not in proposal_page and "Được phê duyệt tự động" in proposal_page
    decision = proposal_page.split('id="decision"')[1].split("</div>")[0]
    assert "Screening found nothing" not in decision  # the stored English reason is not shown as the Sở's
    auth.logout()
    auth.login("so")
    queue = client.get("/admin/proposals").get_data(as_text=True)  # the default list
    assert f'data-proposal="{proposal.id}"' in queue and "data-automatic" in queue
    assert "Chờ Sở xem xét và các đề xuất được phê duyệt tự động trong 30 ngày qua" in queue
    assert f'data-proposal="{proposal.id}"' in client.get("/admin/proposals?status=auto_approved").get_data(
        as_text=True
    )


def test_a_flagged_contest_says_it_waits_for_the_department_and_why(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    UserFactory(username="btc", unit=world, roles={Role.ORGANISER})
    db.session.commit()
    auth.login("btc")
    data = contest_form(title="Hội thi Tin học văn phòng Microsoft Office")
    page = client.post("/contests/new", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Rà soát đã gắn cờ đề xuất tổ chức hội thi (S8-PRODUCT): chỉ mở đăng ký sau khi Sở phê duyệt." in page
    assert "Chưa mở đăng ký" in page and "phê duyệt tự động" not in page


def test_a_contests_text_changed_after_approval_is_screened_again(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    """A brand put into an approved contest's description closes registration until the Sở approves it; another
    organiser of the unit may edit it, and the proposer stays the unit."""
    UserFactory(username="btc", unit=world, roles={Role.ORGANISER})
    UserFactory(username="btc2", unit=world, roles={Role.ORGANISER})
    db.session.commit()
    auth.login("btc")
    client.post("/contests/new", data=contest_form(title="Hội thi Thiết kế bài trình chiếu"))
    proposal = proposal_named("Hội thi Thiết kế bài trình chiếu")
    assert proposal.status is ProposalStatus.APPROVED
    contest_id = db.session.query(Contest.id).filter_by(proposal_id=proposal.id).scalar()
    auth.logout()
    auth.login("btc2")
    advert = "Thí sinh phải cài đặt ứng dụng Canva Pro và like fanpage Samsung."
    data = contest_form(title="Hội thi Thiết kế bài trình chiếu", description=advert)
    page = client.post(f"/contests/{contest_id}/edit", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Đã lưu. Đề xuất tổ chức hội thi đang chờ Sở GD&amp;ĐT phê duyệt (cờ rà soát: S8-PRODUCT" in page
    db.session.expire_all()
    changed = db.session.get(Proposal, proposal.id)
    assert changed is not None and changed.status is ProposalStatus.IN_REVIEW and changed.revision == 2
    assert changed.summary == advert and changed.proposer_unit_id == world.id
    assert {f["code"] for f in changed.flags} >= {"S8-PRODUCT"}
    waits = "Chưa mở đăng ký: đề xuất tổ chức hội thi chưa được Sở GD&ĐT phê duyệt."
    assert waits in html.unescape(client.get(f"/contests/{contest_id}").get_data(as_text=True)), page[:200]


def test_a_contest_whose_proposal_names_no_proposer_is_edited_and_screened_as_its_units(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    """As the demo's contests are: an approved proposal with no content. Editing the contest saves it, and its
    plain text is approved automatically for the organising unit."""
    UserFactory(username="btc", unit=world, roles={Role.ORGANISER})
    contest = ContestFactory(organiser_unit=world, title="Hội thi Tin học trẻ mẫu")
    db.session.commit()
    auth.login("btc")
    data = contest_form(title="Hội thi Tin học trẻ mẫu", description="Thi lập trình Scratch và Python.")
    page = client.post(f"/contests/{contest.id}/edit", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Đã lưu." in page
    db.session.expire_all()
    proposal = db.session.get(Proposal, contest.proposal_id)
    assert proposal is not None and proposal.status is ProposalStatus.APPROVED
    assert proposal.proposer_unit_id == world.id and proposal.summary == "Thi lập trình Scratch và Python."


def test_a_contest_waiting_for_the_department_is_listed_only_to_those_who_deal_with_it(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    UserFactory(username="btc", unit=world, roles={Role.ORGANISER})
    UserFactory(username="btc_khac", roles={Role.ORGANISER})  # another unit's organiser
    UserFactory(username="rasoat", roles={Role.REVIEWER})
    UserFactory(username="hocsinh", roles=set())
    db.session.commit()
    auth.login("btc")
    client.post("/contests/new", data=contest_form(title="Hội thi Thiết kế với Canva Pro và Samsung Galaxy"))
    client.post("/contests/new", data=contest_form(title="Hội thi Vẽ tranh Em yêu trường em"))
    auth.logout()
    flagged, plain = "Hội thi Thiết kế với Canva Pro", "Hội thi Vẽ tranh Em yêu trường em"
    for who, sees_flagged in [(None, False), ("hocsinh", False), ("btc_khac", False), ("btc", True), ("rasoat", True)]:
        if who:
            auth.login(who)
        page = client.get("/").get_data(as_text=True)
        assert plain in page and (flagged in page) is sees_flagged, who
        if who:
            auth.logout()


def test_a_proposal_form_says_what_became_of_it(client: FlaskClient, auth: AuthActions, world: Unit) -> None:
    auth.login("dieuphoi")
    page = client.post("/proposals/new", data=form(), follow_redirects=True).get_data(as_text=True)
    assert "Đề xuất được phê duyệt tự động: rà soát theo Mục 8 không phát hiện dấu hiệu nào" in page
    assert 'data-status="approved" data-automatic' in page
    flagged = form(title="Cuộc thi Cúp Viettel")
    page = client.post("/proposals/new", data=flagged, follow_redirects=True).get_data(as_text=True)
    assert "Đã gửi đề xuất, đang chờ Sở xem xét: rà soát đã gắn cờ S8-PRODUCT." in page
    assert "data-automatic" not in page


# --- Item 13 -----------------------------------------------------------------------------------------------------


def test_each_row_of_the_proposal_form_has_its_own_labels_and_the_button_says_send(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    auth.login("dieuphoi")
    page = client.get("/proposals/new").get_data(as_text=True)
    assert "Loại hội thi" not in page and "Nộp bài" not in page
    for label in (
        "Tên đơn vị tổ chức",
        "Tên nhà tài trợ",
        "Loại tổ chức",
        "Hình thức đóng góp",
        "Loại giải thưởng",
        "Giải thưởng",
        "Loại đơn vị thu",
        "Loại đơn vị nhận dữ liệu",
    ):
        assert f">{label}</label>" in page, label
    assert '<button type="submit" name="action" value="submit" id="submit">Gửi đề xuất</button>' in page
    response = client.post("/proposals/new", data=form(**{"sponsors-0-details": "Tài trợ 30 triệu"}))
    assert "Dòng 1: cần điền “Tên nhà tài trợ”." in response.get_data(as_text=True)
    assert "Tài trợ 30 triệu" in response.get_data(as_text=True)  # what was typed is kept


def test_the_score_export_has_a_status_and_a_submission_time_column_and_widths(
    client: FlaskClient, auth: AuthActions, app: Flask
) -> None:
    world = judged_contest()
    world.organiser.username = "btc"
    a = judge_of(world.contest, username="gk1", full_name="Lê Văn Giám")
    b = judge_of(world.contest, username="gk2", full_name="Phạm Thị Khảo")
    entry = scored_entry(world, [a], [flat(90)], code="EL-0001", title="Phân số")
    draft = sheet(entry, b, flat(60), submitted=False)
    submitted = db.session.query(ScoreSheet).filter_by(judge_id=a.id).one()
    submitted.submitted_at = datetime(2026, 12, 3, 2, 5)  # 09:05 in Hà Nội
    db.session.commit()
    auth.login("btc")
    response = client.get(f"/contests/{world.contest.id}/results/scores.xlsx")
    assert response.status_code == 200
    summary, detail = load_workbook(io.BytesIO(response.data)).worksheets
    rows = list(detail.values)
    assert rows[0] == (
        "Bài dự thi",
        "Tiêu đề",
        "Giám khảo",
        "Trạng thái",
        "Thời điểm nộp",
        "Tiêu chí",
        "Điểm",
        "Hệ số",
        "Nhận xét",
    )
    by_judge = {r[2]: r for r in rows[1:]}
    assert by_judge["Lê Văn Giám"][3:5] == ("đã nộp", datetime(2026, 12, 3, 9, 5))  # a date, shown dd/mm/yyyy hh:mm
    assert by_judge["Phạm Thị Khảo"][3:5] == ("bản nháp", None) and draft.submitted_at is None
    for ws in (summary, detail):
        widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, ws.max_column + 1)]
        assert all(w and w >= 6 for w in widths), (ws.title, widths)
    assert detail.column_dimensions["B"].width >= 30 and detail.column_dimensions["E"].width >= 16


def test_the_other_exports_set_column_widths(app: Flask) -> None:
    from app.services.people import people_exports
    from app.services.proposals import monthly_summary

    with force_locale("vi"):
        books = [
            monthly_summary.build(db.session, 2026, 11),
            people_exports.export_people([]),
            people_exports.credentials_sheet([]),
        ]
    for data in books:
        for ws in load_workbook(io.BytesIO(data)).worksheets:
            headings = next(ws.iter_rows(max_row=2, values_only=True))
            assert all(ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(headings) + 1)), ws.title


def test_a_brand_in_a_categorys_name_keeps_the_contest_from_opening_until_the_so_approves(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    """A category's name is what contestants read: at creation, and when an approved contest's category is renamed
    (also a contest whose proposal was made before proposals held categories: the demo's, ContestFactory's)."""
    UserFactory(username="btc", unit=world, roles={Role.ORGANISER})
    db.session.commit()
    auth.login("btc")
    client.post("/contests/new", data=contest_form(categories="B | Bảng B\nD | Bảng D - Cúp Samsung Galaxy"))
    contest = db.session.scalars(select(Contest)).one()
    assert contest.proposal is not None and contest.proposal.status is ProposalStatus.IN_REVIEW
    assert {f["code"] for f in contest.proposal.flags} == {"S8-PRODUCT"}
    assert "Bảng D - Cúp Samsung Galaxy" in client.get(f"/proposals/{contest.proposal.id}").get_data(as_text=True)
    legacy = ContestFactory(organiser_unit=world, title="Hội thi Tin học trẻ mẫu")
    db.session.commit()
    data = contest_form(title="Hội thi Tin học trẻ mẫu", categories="B | Bảng B")
    client.post(f"/contests/{legacy.id}/edit", data=data, follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(Contest, legacy.id).proposal.status is ProposalStatus.APPROVED  # type: ignore[union-attr]
    data = contest_form(title="Hội thi Tin học trẻ mẫu", categories="B | Bảng B - Giải Viettel")
    page = client.post(f"/contests/{legacy.id}/edit", data=data, follow_redirects=True).get_data(as_text=True)
    assert "cờ rà soát: S8-PRODUCT" in page
    db.session.expire_all()
    proposal = db.session.get(Contest, legacy.id).proposal  # type: ignore[union-attr]
    assert proposal is not None and proposal.status is ProposalStatus.IN_REVIEW
    assert proposal.content["categories"] == ["Bảng B - Giải Viettel"]


def test_a_contests_proposal_sent_back_cannot_be_cleaned_on_the_proposal_while_the_contest_keeps_the_advert(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    """A contest's proposal said what the contest says; edited on the proposal's form to say something else, it was
    approved automatically while the contest still told contestants to install the app. Now the form refuses it,
    and a change of the contest's own text is what screens it again."""
    UserFactory(username="btc", unit=world, roles={Role.ORGANISER})
    UserFactory(username="so2", roles={Role.REVIEWER})
    db.session.commit()
    auth.login("btc")
    advert = "Thí sinh phải cài đặt ứng dụng Canva Pro để dự thi."
    client.post("/contests/new", data=contest_form(title="Hội thi Thiết kế số", description=advert))
    contest = db.session.scalars(select(Contest)).one()
    proposal = contest.proposal
    assert proposal is not None and proposal.status is ProposalStatus.IN_REVIEW
    reviewer = db.session.scalars(select(User).where(User.username == "so2")).one()
    workflow.decide(db.session, reviewer, proposal, "changes_requested", "Bỏ ứng dụng Canva", {0: "Yêu cầu bỏ"})
    db.session.commit()
    clean = form(title="Hội thi Thiết kế số", summary="Thí sinh thiết kế bằng phần mềm tự chọn.", rules="")
    page = client.post(f"/proposals/{proposal.id}/edit", data=clean, follow_redirects=True).get_data(as_text=True)
    assert "chỉ sửa được ở trang của hội thi" in page
    db.session.expire_all()
    assert (proposal.status, proposal.summary) == (ProposalStatus.CHANGES_REQUESTED, advert)
    data = contest_form(title="Hội thi Thiết kế số", description="Thí sinh thiết kế bằng phần mềm tự chọn.")
    client.post(f"/contests/{contest.id}/edit", data=data, follow_redirects=True)
    db.session.expire_all()
    assert (proposal.status, "Canva" in contest.description) == (ProposalStatus.APPROVED, False)
