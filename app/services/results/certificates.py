"""PDF certificates (giấy chứng nhận) for the authors of awarded entries.

A certificate is an official Vietnamese document of the organising unit: its wording below is Vietnamese whatever
the interface language, as the Department's forms are (it is not interface text, so it is not translated). Each
author of an awarded entry gets one in their own name and the entry's unit, carrying the award's certificate code.
The font is DejaVu Serif, vendored in ``app/static/fonts`` with its licence, for its complete Vietnamese glyphs.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app, has_app_context
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Award, AwardLevel, Contest, User
from ...policies.contests import is_staff
from ...timeutil import to_local
from ..errors import NotAllowed
from .publication import published_at, published_awards

FONTS = Path(__file__).resolve().parent.parent.parent / "static" / "fonts"
LEVEL_NAMES = {
    AwardLevel.FIRST: "Giải Nhất",
    AwardLevel.SECOND: "Giải Nhì",
    AwardLevel.THIRD: "Giải Ba",
    AwardLevel.CONSOLATION: "Giải Khuyến khích",
}
# fontTools (fpdf's font subsetter) logs every glyph at INFO: a page of noise per certificate.
logging.getLogger("fontTools").setLevel(logging.WARNING)
RED = (170, 20, 20)
INK = (20, 30, 60)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class CertificateText:
    """What one certificate says: in whose name, for which unit, the lines that say what was awarded (text and
    font size), the award, its code and the day it was issued (UTC; printed in Asia/Ho_Chi_Minh)."""

    organiser: str
    contest_title: str
    school_year: str
    name: str
    unit: str
    details: list[tuple[str, float]]
    level: AwardLevel
    code: str
    issued_at: datetime


def render_pages(texts: list[CertificateText], title: str) -> bytes:
    """One certificate per page (A4 landscape), as PDF bytes; each says where its number is checked when the site's
    public address is known (``HOITHI_PUBLIC_URL``)."""
    base = current_app.config.get("PUBLIC_URL") if has_app_context() else None
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(_nfc(title))
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVuSerif", "", FONTS / "DejaVuSerif.ttf")
    pdf.add_font("DejaVuSerif", "B", FONTS / "DejaVuSerif-Bold.ttf")
    for text in texts:
        _page(pdf, text, f"{base}/certificates/verify" if base else None)
    return bytes(pdf.output())


def _page(pdf: FPDF, text: CertificateText, verify_at: str | None) -> None:
    pdf.set_left_margin(10)
    pdf.set_right_margin(10)
    pdf.add_page()
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, 281, 194)
    pdf.set_line_width(0.4)
    pdf.rect(11, 11, 275, 188)
    pdf.set_text_color(*INK)

    def line(text: str, size: float, style: str = "", height: float = 8, colour: tuple[int, int, int] = INK) -> None:
        pdf.set_font("DejaVuSerif", style, size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(0, height, _nfc(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.set_xy(16, 16)
    pdf.set_font("DejaVuSerif", "B", 11)
    pdf.multi_cell(110, 6, _nfc(text.organiser.upper()), align="C")
    pdf.set_xy(150, 16)
    pdf.multi_cell(130, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C")
    pdf.set_x(150)
    pdf.multi_cell(130, 6, "Độc lập – Tự do – Hạnh phúc", align="C")

    pdf.set_left_margin(20)
    pdf.set_right_margin(20)
    pdf.set_y(46)
    line("GIẤY CHỨNG NHẬN", 30, "B", 14, RED)
    pdf.ln(2)
    line(f"Ban Tổ chức {text.contest_title} chứng nhận", 13)
    pdf.ln(3)
    line(text.name, 22, "B", 11)
    line(f"Đơn vị: {text.unit}", 13)
    for detail, size in text.details:
        line(detail, size)
    pdf.ln(3)
    line(f"đã đạt {LEVEL_NAMES[text.level]}", 22, "B", 11, RED)
    line(f"{text.contest_title}, năm học {text.school_year}", 13)

    day = to_local(text.issued_at)
    pdf.set_xy(160, 164)
    pdf.set_font("DejaVuSerif", "", 12)
    pdf.set_text_color(*INK)
    pdf.multi_cell(115, 6, f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}", align="C")
    pdf.set_x(160)
    pdf.set_font("DejaVuSerif", "B", 12)
    pdf.multi_cell(115, 6, "TM. BAN TỔ CHỨC", align="C")
    pdf.set_xy(20, 186)
    pdf.set_font("DejaVuSerif", "", 10)
    pdf.cell(150, 6, f"Số hiệu: {text.code} · Cấp ngày {day:%d/%m/%Y}")
    if verify_at:
        pdf.set_xy(20, 192)
        pdf.set_font("DejaVuSerif", "", 9)
        pdf.cell(150, 5, f"Tra cứu số hiệu tại {verify_at}")


def _text(award: Award, author: User) -> CertificateText:
    """The certificate of ``author`` for ``award``, dated the day the award was issued (first published at its
    level: publishing the results again does not change a certificate handed out)."""
    entry, contest = award.entry, award.entry.contest
    return CertificateText(
        organiser=contest.organiser_unit.name,
        contest_title=contest.title,
        school_year=contest.school_year,
        name=author.full_name,
        unit=entry.unit.name,  # the unit the entry represents, wherever the author works now
        details=[
            (f"Tác giả sản phẩm dự thi: “{entry.title}”", 13),
            (f"Mã sản phẩm {entry.code}" + (f" · {entry.category.name}" if entry.category is not None else ""), 11),
        ],
        level=award.level,
        code=award.certificate_code,
        issued_at=award.created_at,
    )


def render(award: Award, author: User) -> bytes:
    """The certificate of ``author`` for ``award`` (A4 landscape), as PDF bytes (``_text``)."""
    return render_pages([_text(award, author)], f"Giấy chứng nhận {award.certificate_code}")


def certificate(session: DbSession, actor: User, contest: Contest, entry_id: int, author_id: int) -> bytes:
    """The certificate of one author of an awarded entry of ``contest``, once results are published: for that
    author, or for the contest's organisers. Raises LookupError when there is none, NotAllowed for anyone else."""
    if published_at(session, contest) is None:
        raise LookupError(entry_id)
    award = session.scalars(select(Award).where(Award.contest_id == contest.id, Award.entry_id == entry_id)).first()
    if award is None:
        raise LookupError(entry_id)
    author = next((a.user for a in award.entry.authors if a.user_id == author_id), None)
    if author is None:
        raise LookupError(author_id)
    if actor.id != author.id and not is_staff(actor, contest):
        raise NotAllowed()
    return render(award, author)


def all_certificates(session: DbSession, actor: User, contest: Contest) -> bytes:
    """Every certificate of ``contest`` in one PDF, for its organisers to print while the results are published: a
    page per author of each awarded entry, in the order of the public results (category, award, rank, code), an
    entry's authors by name the Vietnamese way. Raises LookupError when there is none, NotAllowed for anyone but
    the contest's staff."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    if published_at(session, contest) is None:
        raise LookupError(contest.id)
    texts = [
        _text(award, author.user)
        for group in published_awards(session, contest)
        for award in group.awards
        for author in sorted(award.entry.authors, key=lambda a: a.user.sort_key)
    ]
    if not texts:
        raise LookupError(contest.id)
    return render_pages(texts, f"Giấy chứng nhận – {contest.title}")
