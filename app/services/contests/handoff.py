"""The hand-off to a round outside hoithi (the national round): one zip in the shape national organisers ask for.

The zip holds the Sở's cover letter (``cong_van.pdf``), the manifest (``danh_sach.xlsx``: entry code, title,
authors, school, district, category, rank, score, award) and one folder per nominee named by its code: an entry's
current files under their uploaded names; a programming contestant's (or team's) best program for each problem
(``<label>.<extension>``). Both documents are official papers of the organising unit, in Vietnamese whatever the
interface language, as certificates are (``services.results.certificates``, whose font they use).

The zip is written to the store's staging folder file by file (never whole in memory), then kept in the content
store under its SHA-256, which is recorded with the export (``Handoff``), audited (``round.handoff``) and shown; the
download is that stored file, verified.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook
from sqlalchemy import select

from sandbox.languages import LANGUAGES
from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import (
    Contest,
    ContestProblem,
    Handoff,
    Nomination,
    Registration,
    Submission,
    Unit,
    UnitKind,
    User,
)
from ...policies.contests import is_staff
from ...timeutil import to_local, utcnow
from ..errors import InvalidInput, NotAllowed
from ..programming.scoreboard.compute import counted
from ..records import audit
from ..results.certificates import FONTS, LEVEL_NAMES
from ..xlsx_text import append_row, set_widths
from . import round_links
from .progression import nominations_from

HEADINGS = [
    "Mã bài dự thi",
    "Tên bài dự thi",
    "Tác giả",
    "Trường",
    "Huyện/Thành phố",
    "Bảng",
    "Xếp hạng",
    "Điểm",
    "Giải",
]


@dataclass(frozen=True)
class Nominee:
    """One line of the manifest and one folder of the zip."""

    code: str
    title: str
    authors: str
    school: str
    district: str
    category: str
    rank: int | None
    score: float | None
    award: str
    files: list[tuple[str, str | bytes]]  # (name in its folder, a store digest or the bytes themselves)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _safe(name: str) -> str:
    """A file or folder name safe in any zip reader: no folders, no control characters, at most 120 characters."""
    cleaned = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "_", _nfc(name)).strip(" .")
    return cleaned[:120] or "tep"


def _district(unit: Unit) -> tuple[str, str]:
    """(school, district office) of the unit an entrant stands for."""
    parent = unit.parent
    return unit.name, parent.name if parent is not None and parent.kind is UnitKind.DISTRICT_OFFICE else ""


def _best_programs(session: DbSession, contest: Contest, registration: Registration) -> list[tuple[str, str | bytes]]:
    """The best-scored (then latest) program of the registration's members for each problem of the contest, among
    the submissions its scoreboard counts (in the window, judged)."""
    members = [m.user_id for m in registration.members]
    files: list[tuple[str, str | bytes]] = []
    for problem in session.scalars(
        select(ContestProblem).where(ContestProblem.contest_id == contest.id).order_by(ContestProblem.position)
    ):
        best = session.scalars(
            select(Submission)
            .where(counted(contest, [problem.problem_id]), Submission.user_id.in_(members))
            .order_by(Submission.score.desc().nulls_last(), Submission.id.desc())
            .limit(1)
        ).first()
        if best is not None:
            language = LANGUAGES.get(best.language)
            extension = language.extensions[0].lstrip(".") if language is not None else "txt"
            files.append((f"{_safe(problem.label)}.{extension}", best.source.encode()))
    return files


def _nominee(session: DbSession, contest: Contest, nomination: Nomination) -> Nominee:
    award = LEVEL_NAMES[nomination.award] if nomination.award is not None else ""
    category = next((c.name for c in contest.categories if c.code == nomination.category_code), "")
    if nomination.entry is not None:
        entry = nomination.entry
        school, district = _district(entry.unit)
        return Nominee(
            code=entry.code,
            title=entry.title,
            authors=", ".join(a.user.full_name for a in entry.authors),
            school=school,
            district=district,
            category=category,
            rank=nomination.rank,
            score=nomination.score,
            award=award,
            files=[(_safe(f.original_name), f.sha256) for f in entry.current_files],
        )
    registration = nomination.registration
    assert registration is not None
    school, district = _district(registration.unit)
    names = ", ".join(m.user.full_name for m in registration.members)
    return Nominee(
        code=f"TS-{registration.id:04d}",
        title=registration.team_name or names,
        authors=names,
        school=school,
        district=district,
        category=category,
        rank=nomination.rank,
        score=nomination.score,
        award=award,
        files=_best_programs(session, contest, registration),
    )


def manifest(nominees: list[Nominee]) -> bytes:
    """The manifest workbook: one row per nominee under ``HEADINGS``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    set_widths(sheet, [14, 40, 30, 30, 24, 24, 9, 9, 18])
    append_row(sheet, HEADINGS)
    for n in nominees:
        append_row(sheet, [n.code, n.title, n.authors, n.school, n.district, n.category, n.rank, n.score, n.award])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def cover_letter(contest: Contest, outside_name: str, outside_organiser: str, nominees: list[Nominee]) -> bytes:
    """The organising unit's letter sending the nominees to ``outside_name`` (A4 portrait), as PDF bytes."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_nfc(f"Công văn – {contest.title}"))
    pdf.add_font("DejaVuSerif", "", FONTS / "DejaVuSerif.ttf")
    pdf.add_font("DejaVuSerif", "B", FONTS / "DejaVuSerif-Bold.ttf")
    pdf.set_margins(20, 15, 15)
    pdf.add_page()
    pdf.set_font("DejaVuSerif", "B", 10)
    top = pdf.get_y()
    pdf.multi_cell(75, 5, _nfc(contest.organiser_unit.name.upper()), align="C")
    pdf.set_xy(95, top)
    pdf.multi_cell(100, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc", align="C")
    today = to_local(utcnow())
    pdf.set_font("DejaVuSerif", "", 10)
    pdf.set_x(95)
    pdf.multi_cell(100, 7, f"Ngày {today:%d} tháng {today:%m} năm {today:%Y}", align="C")
    pdf.ln(4)

    def para(text: str, size: float = 12, style: str = "", align: str = "J") -> None:
        pdf.set_font("DejaVuSerif", style, size)
        pdf.multi_cell(0, 6.5, _nfc(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    para(f"V/v gửi danh sách và sản phẩm dự thi {outside_name}", 11, "", "L")
    pdf.ln(3)
    para(f"Kính gửi: {outside_organiser or 'Ban Tổ chức ' + outside_name}", 12, "B", "C")
    pdf.ln(3)
    para(
        f"{contest.organiser_unit.name} trân trọng gửi {len(nominees)} thí sinh, bài dự thi được chọn từ "
        f"{contest.title} (năm học {contest.school_year}) tham dự {outside_name}. Kèm theo công văn này: danh sách "
        "(tệp danh_sach.xlsx) và sản phẩm dự thi, mỗi bài một thư mục mang mã của bài."
    )
    pdf.ln(2)
    for n in nominees:
        line = f"– {n.code}: {n.title} ({n.school})" + (f", {n.award}" if n.award else "")
        para(line, 11, "", "L")
    pdf.ln(6)
    pdf.set_x(110)
    pdf.set_font("DejaVuSerif", "B", 12)
    pdf.multi_cell(85, 6.5, "THỦ TRƯỞNG ĐƠN VỊ", align="C")
    return bytes(pdf.output())


def _write_zip(
    target: Path, store: ContentStore, contest: Contest, link_name: str, organiser: str, nominees: list[Nominee]
) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cong_van.pdf", cover_letter(contest, link_name, organiser, nominees))
        archive.writestr("danh_sach.xlsx", manifest(nominees))
        for n in nominees:
            folder = _safe(n.code)
            used: set[str] = set()
            for name, content in n.files:
                stem, dot, ext = name.rpartition(".")
                unique, i = name, 1
                while unique in used:  # two uploads of the same name
                    i += 1
                    unique = f"{stem or ext}-{i}{dot}{ext if stem else ''}"
                used.add(unique)
                if isinstance(content, bytes):
                    archive.writestr(f"{folder}/{unique}", content)
                    continue
                info = zipfile.ZipInfo(f"{folder}/{unique}", date_time=to_local(utcnow()).timetuple()[:6])
                info.compress_type = zipfile.ZIP_STORED  # packages, videos and images are compressed already
                with open(store.verify(content), "rb") as source, archive.open(info, "w", force_zip64=True) as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)


def export(session: DbSession, store: ContentStore, actor: User, contest: Contest) -> Handoff:
    """Make the hand-off zip of ``contest``'s nominees to the round outside hoithi it feeds, keep it in ``store`` and
    record its hash (audited); staff only. Refuses (``InvalidInput``) when the round feeds a contest of hoithi or
    none, or has nobody nominated yet."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    link = round_links.link_of(session, contest)
    if link is None or link.outside_name is None:
        raise InvalidInput(_l("This round does not feed a round outside hoithi: there is nothing to hand off."))
    nominations = [n for n in nominations_from(session, contest) if n.to_contest_id is None]
    if not nominations:
        raise InvalidInput(_l("Nobody has been nominated for %(round)s yet.", round=link.outside_name))
    nominees = [_nominee(session, contest, n) for n in nominations]
    fd, name = tempfile.mkstemp(dir=store.staging, suffix=".zip")
    os.close(fd)
    try:
        _write_zip(Path(name), store, contest, link.outside_name, link.outside_organiser, nominees)
        with open(name, "rb") as written:
            digest, size = store.put(written)  # its size as stored: a bucket's object is not fetched back for it
    finally:
        os.unlink(name)
    handoff = Handoff(
        contest_id=contest.id,
        sha256=digest,
        size=size,
        nominees=len(nominees),
        made_by_id=actor.id,
    )
    session.add(handoff)
    session.flush()
    audit.record(
        session,
        "round.handoff",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"handoff": handoff.id, "sha256": digest, "size": handoff.size, "nominees": len(nominees)},
    )
    return handoff


def handoffs(session: DbSession, contest: Contest) -> list[Handoff]:
    """The contest's hand-off exports, newest first."""
    return list(session.scalars(select(Handoff).where(Handoff.contest_id == contest.id).order_by(Handoff.id.desc())))
