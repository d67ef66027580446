"""The entries of the demo's contests judged by people, with their files, and where each contest stands: entries
being made in the open contests, sheets submitted, drafted and not started (and one entry whose judges disagree)
in the contest being scored, and the published contest's results and awards. Everything goes through the
services a person would use, so the audit log tells the same story."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import exists, select

from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import Award, Contest, ContestKind, Entry, Licence, User
from ..entries import entering, entry_files
from ..entries.entry_files import Slot
from ..results import awards, publication
from ..reviews import assignment, panel, score_sheets
from .contests import CREATIVITY, CREATIVITY_PUBLISHED, ELEARNING, ELEARNING_SCORING, DemoContest, Phase, contest_of
from .files import document_pdf, lecture_package, photo_jpeg
from .people import user


@dataclass(frozen=True)
class DemoSheet:
    """A judge assigned to the entry and their sheet: a score per criterion (None: not given yet), or no sheet at
    all (``points`` empty)."""

    judge: str
    points: tuple[int | None, ...] = ()
    submitted: bool = False
    comment: str = ""


@dataclass(frozen=True)
class DemoEntry:
    author: str
    title: str
    category: str
    subject: str
    level: str
    description: str
    supervisor: str | None = None
    sheets: tuple[DemoSheet, ...] = ()


GOOD = "Sản phẩm hoàn chỉnh, trình bày rõ ràng."
ENTRIES: dict[DemoContest, list[DemoEntry]] = {
    ELEARNING: [
        DemoEntry(
            "giaovien",
            "Bảo vệ nguồn nước ở địa phương em",
            "GV",
            "Khoa học tự nhiên",
            "Lớp 6",
            "Học sinh tìm hiểu các nguồn nước ở Hải Dương, nguyên nhân ô nhiễm và việc làm để bảo vệ nguồn nước.",
        )
    ],
    ELEARNING_SCORING: [
        DemoEntry(
            "giaovien",
            "Phân số bằng nhau",
            "GV",
            "Toán",
            "Lớp 6",
            "Nhận biết hai phân số bằng nhau và tính chất cơ bản của phân số qua trò chơi ghép hình.",
            sheets=(
                DemoSheet("giamkhao", (27, 26, 18, 17), True, "Bài giảng sinh động, nhiều hoạt động tương tác."),
                DemoSheet("gk.tung", (22, 21, 15, 14), True, "Nội dung đúng nhưng còn ít câu hỏi củng cố."),
            ),
        ),
        DemoEntry(
            "gv.ngoc",
            "Quang hợp ở thực vật",
            "GV",
            "Khoa học tự nhiên",
            "Lớp 7",
            "Quá trình quang hợp, vai trò của ánh sáng và diệp lục, thí nghiệm ảo chứng minh cây tạo ra khí oxygen.",
            sheets=(
                DemoSheet("giamkhao", (25, 24, None, None)),
                DemoSheet("gk.tung", (24, 25, 17, 16), True, GOOD),
            ),
        ),
        DemoEntry(
            "gv.khoa",
            "Đô thị hoá ở Việt Nam",
            "GV",
            "Lịch sử và Địa lí",
            "Lớp 9",
            "Đặc điểm đô thị hoá ở nước ta, bản đồ các đô thị lớn và câu hỏi liên hệ với tỉnh Hải Dương.",
            sheets=(DemoSheet("giamkhao"), DemoSheet("gk.mai", (26, 25, 17, 17), True, GOOD)),
        ),
        DemoEntry(
            "gv.ha",
            "Viết đoạn văn nghị luận về một hiện tượng đời sống",
            "GV",
            "Ngữ văn",
            "Lớp 8",
            "Các bước viết đoạn văn nghị luận, bài mẫu và bài tập tự đánh giá có phản hồi ngay.",
            sheets=(
                DemoSheet("gk.tung", (28, 27, 18, 18), True, GOOD),
                DemoSheet("gk.mai", (27, 27, 18, 17), True, GOOD),
            ),
        ),
    ],
    CREATIVITY: [
        DemoEntry(
            "hocsinh",
            "Robot nhặt rác mini",
            "THCS",
            "Kĩ thuật",
            "Lớp 8",
            "Robot nhỏ điều khiển qua điện thoại, gắp rác trên sân trường và phân loại vào hai thùng.",
            supervisor="giaovien",
        )
    ],
    CREATIVITY_PUBLISHED: [
        DemoEntry(
            "hocsinh",
            "Máy tưới cây tự động dùng cảm biến độ ẩm",
            "THCS",
            "Kĩ thuật",
            "Lớp 7",
            "Cảm biến đo độ ẩm đất, bơm nước tự bật khi đất khô; vỏ máy làm từ chai nhựa tái chế.",
            supervisor="giaovien",
            sheets=(
                DemoSheet("giamkhao", (27, 18, 27, 17), True, GOOD),
                DemoSheet("gk.tung", (28, 18, 26, 18), True, GOOD),
            ),
        ),
        DemoEntry(
            "hs.bao",
            "Thùng rác phân loại thông minh",
            "THCS",
            "Môi trường",
            "Lớp 7",
            "Thùng rác nhận biết rác kim loại và rác hữu cơ, tự mở đúng ngăn.",
            sheets=(
                DemoSheet("giamkhao", (24, 16, 25, 15), True, GOOD),
                DemoSheet("gk.tung", (25, 17, 24, 15), True, GOOD),
            ),
        ),
        DemoEntry(
            "hs.anh",
            "Đèn học tự tắt khi vắng người",
            "THCS",
            "Năng lượng",
            "Lớp 8",
            "Đèn bàn có cảm biến hồng ngoại, tự tắt sau một phút không có người ngồi học.",
            sheets=(
                DemoSheet("giamkhao", (22, 15, 22, 14), True, GOOD),
                DemoSheet("gk.tung", (21, 15, 23, 15), True, GOOD),
            ),
        ),
        DemoEntry(
            "hs.viet",
            "Mô hình cảnh báo cháy rừng",
            "THCS",
            "Môi trường",
            "Lớp 7",
            "Cảm biến nhiệt và khói đặt trong rừng keo, gửi tin nhắn cảnh báo cho kiểm lâm.",
            sheets=(
                DemoSheet("giamkhao", (18, 12, 19, 12), True, GOOD),
                DemoSheet("gk.tung", (19, 13, 18, 12), True, GOOD),
            ),
        ),
    ],
}
PHOTO_COLOURS = [(120, 180, 230), (150, 200, 140), (230, 190, 120), (200, 160, 200)]
# The published contest's awards: one of each level, to entries of at least 50 points.
AWARD_RULES = [awards.RuleSpec(level, quota_count=1, min_score=Decimal(50)) for level in awards.LEVELS]


def load_judged(session: DbSession, store: ContentStore) -> None:
    """The entries of every demo contest judged by people that has none yet, and its judging as far as its phase
    goes (the contests must be loaded)."""
    organiser = user(session, "btc")
    for spec, specs in ENTRIES.items():
        contest = contest_of(session, spec)
        if session.scalar(select(exists().where(Entry.contest_id == contest.id))):
            continue
        # entries of a closed contest were made while it was open
        made_at = None if spec.phase is Phase.OPEN else contest.submission_opens + timedelta(days=3)
        made = [_entry(session, store, contest, item, index, made_at) for index, item in enumerate(specs)]
        for entry, item in zip(made, specs, strict=True):
            for sheet in item.sheets:
                assignment.add(session, organiser, entry, user(session, sheet.judge).id)
            for sheet in item.sheets:
                if sheet.points:
                    _score(session, entry, sheet)
        if spec.phase is Phase.PUBLISHED:
            awards.set_rules(session, organiser, contest, None, AWARD_RULES)
            publication.publish(session, organiser, contest)
            _date_judging(session, contest, contest.submission_closes + timedelta(days=14))


def _entry(
    session: DbSession, store: ContentStore, contest: Contest, item: DemoEntry, index: int, made_at: datetime | None
) -> Entry:
    author = user(session, item.author)
    category = next(c for c in contest.categories if c.code == item.category)
    details = entering.EntryDetails(
        title=item.title,
        subject=item.subject,
        level=item.level,
        description=item.description,
        licence=Licence.CC_BY_SA if contest.kind is ContestKind.ELEARNING else None,
        category_id=category.id,
        supervisor_id=user(session, item.supervisor).id if item.supervisor else None,
    )
    entry = entering.create_entry(session, author, contest, details, now=made_at)
    with tempfile.TemporaryDirectory() as folder:
        for slot, name, data in _files(contest.kind, item, index):
            path = Path(folder) / name
            path.write_bytes(data)
            added = entry_files.add_file(session, store, author, entry, path, name, slot, now=made_at)
            added.uploaded_at = made_at or added.uploaded_at
    if made_at is not None:
        entry.created_at = entry.updated_at = made_at
    return entry


def _files(kind: ContestKind, item: DemoEntry, index: int) -> list[tuple[Slot, str, bytes]]:
    """An e-Learning entry's lecture package and lesson plan; a creativity entry's description and photo."""
    if kind is ContestKind.ELEARNING:
        slides = [item.description, "Luyện tập: trả lời các câu hỏi và xem phản hồi.", "Củng cố và dặn dò."]
        plan = document_pdf(f"Kế hoạch bài dạy: {item.title}", [f"{item.subject}, {item.level}.", item.description])
        return [
            (Slot.PACKAGE, "bai-giang.zip", lecture_package(item.title, slides)),
            (Slot.DOCUMENT, "ke-hoach-bai-day.pdf", plan),
        ]
    report = document_pdf(f"Bản thuyết minh: {item.title}", [item.description])
    return [
        (Slot.DOCUMENT, "thuyet-minh.pdf", report),
        (Slot.IMAGE, "anh-san-pham.jpg", photo_jpeg(PHOTO_COLOURS[index % len(PHOTO_COLOURS)])),
    ]


def _date_judging(session: DbSession, contest: Contest, published: datetime) -> None:
    """Date the contest's sheets, results and certificates to when they would have been made: the results
    ``published`` two weeks after the deadline, the sheets submitted a week before."""
    for sheet in score_sheets.contest_sheets(session, contest):
        sheet.submitted_at = sheet.updated_at = published - timedelta(days=7)
    for award in session.scalars(select(Award).where(Award.contest_id == contest.id)):
        award.created_at = published
    panel.settings_for(session, contest).results_published_at = published
    session.flush()


def _score(session: DbSession, entry: Entry, sheet: DemoSheet) -> None:
    judge: User = user(session, sheet.judge)
    criteria = score_sheets.scoring_rubric(session, entry).criteria
    typed = {
        c.id: (None if points is None else Decimal(points), "")
        for c, points in zip(criteria, sheet.points, strict=True)
    }
    score_sheets.save(session, judge, entry, typed, sheet.comment, submit=sheet.submitted)
