"""The theory test of the demo's Bảng A: a bank of questions on IT knowledge and logical reasoning for primary
pupils, a 20-question test drawn from it (theory weighs ``THEORY_WEIGHT`` percent of the board's result), and the
sheets of two pupils: one handed in, one closed when its time ran out. The pupil ``E2E_PUPIL`` has none, so that
a visitor can take the test."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, select

from ...extensions import DbSession
from ...models import Category, Contest, Question, Quiz
from ..quizzes import bank, quiz_settings, sheets
from .people import user

COMPUTING, LOGIC = "Tin học", "Suy luận logic"
# topic, difficulty, text, options, correct options, several answers
QUESTIONS: list[tuple[str, int, str, list[str], list[int], bool]] = [
    (COMPUTING, 1, "Thiết bị nào dùng để gõ chữ vào máy tính?", ["Bàn phím", "Loa", "Màn hình", "Máy in"], [0], False),
    (
        COMPUTING,
        1,
        "Thiết bị nào đưa hình ảnh từ máy tính ra cho em xem?",
        ["Chuột", "Màn hình", "Micro", "Bàn phím"],
        [1],
        False,
    ),
    (
        COMPUTING,
        1,
        "Để tắt máy tính đúng cách, em làm thế nào?",
        ["Rút dây điện", "Bấm nút Bắt đầu rồi chọn Tắt máy", "Tắt màn hình", "Nhấn giữ phím cách"],
        [1],
        False,
    ),
    (
        COMPUTING,
        1,
        "Trong Scratch, khối lệnh nào bắt đầu chương trình khi bấm lá cờ xanh?",
        ["khi bấm vào lá cờ xanh", "lặp lại mãi mãi", "nói Xin chào!", "đợi 1 giây"],
        [0],
        False,
    ),
    (COMPUTING, 1, "Tệp dự án Scratch 3 có phần mở rộng là gì?", [".sb3", ".docx", ".mp3", ".png"], [0], False),
    (
        COMPUTING,
        1,
        "Em nên làm gì khi có người lạ trên mạng xin mật khẩu của em?",
        [
            "Đưa mật khẩu cho họ",
            "Không đưa và báo cho bố mẹ, thầy cô",
            "Đổi mật khẩu rồi gửi cho họ",
            "Đăng mật khẩu lên mạng",
        ],
        [1],
        False,
    ),
    (
        COMPUTING,
        1,
        "Em dùng phần mềm nào để vẽ tranh trên máy tính?",
        ["Phần mềm vẽ Paint", "Máy tính bỏ túi", "Trình phát nhạc", "Phần mềm gõ phím"],
        [0],
        False,
    ),
    (
        COMPUTING,
        1,
        "Những thiết bị nào là thiết bị vào (đưa thông tin vào máy tính)?",
        ["Bàn phím", "Chuột", "Loa", "Máy in"],
        [0, 1],
        True,
    ),
    (
        COMPUTING,
        2,
        "Trong Scratch, khối «lặp lại 4 lần» chứa «di chuyển 10 bước». Nhân vật đi tổng cộng bao nhiêu bước?",
        ["10", "14", "40", "4"],
        [2],
        False,
    ),
    (
        COMPUTING,
        2,
        "Biến «điểm» bằng 5. Sau lệnh «thay đổi điểm một lượng 3», biến «điểm» bằng bao nhiêu?",
        ["3", "5", "8", "15"],
        [2],
        False,
    ),
    (
        COMPUTING,
        2,
        "Khối «hỏi … và đợi» trong Scratch dùng để làm gì?",
        ["Nhận câu trả lời người dùng gõ vào", "Phát một âm thanh", "Đổi trang phục", "Dừng chương trình"],
        [0],
        False,
    ),
    (
        COMPUTING,
        2,
        "Thư mục dùng để làm gì trong máy tính?",
        ["Sắp xếp, chứa các tệp", "Tăng tốc độ Internet", "In văn bản", "Sạc pin"],
        [0],
        False,
    ),
    (COMPUTING, 2, "Kết quả của khối «nói (7 − 2) × 3» trong Scratch là gì?", ["15", "1", "19", "21"], [0], False),
    (LOGIC, 1, "Dãy số 2, 4, 6, 8, … Số tiếp theo là số nào?", ["9", "10", "12", "16"], [1], False),
    (LOGIC, 1, "Hôm nay là thứ Ba. Hai ngày nữa là thứ mấy?", ["Thứ Tư", "Thứ Năm", "Thứ Sáu", "Chủ nhật"], [1], False),
    (
        LOGIC,
        1,
        "An cao hơn Bình, Bình cao hơn Chi. Ai thấp nhất?",
        ["An", "Bình", "Chi", "Không biết được"],
        [2],
        False,
    ),
    (LOGIC, 1, "Hình nào có 3 cạnh?", ["Hình vuông", "Hình tam giác", "Hình tròn", "Hình chữ nhật"], [1], False),
    (
        LOGIC,
        1,
        "Dãy hình: tròn, vuông, tròn, vuông, tròn, … Hình tiếp theo là gì?",
        ["Tròn", "Vuông", "Tam giác", "Ngôi sao"],
        [1],
        False,
    ),
    (LOGIC, 1, "Một rổ có 12 quả cam, chia đều cho 3 bạn. Mỗi bạn được mấy quả?", ["3", "4", "6", "9"], [1], False),
    (LOGIC, 2, "Dãy số 1, 1, 2, 3, 5, 8, … Số tiếp theo là số nào?", ["11", "12", "13", "16"], [2], False),
    (
        LOGIC,
        2,
        "Có 5 bạn, mỗi bạn bắt tay mỗi bạn khác đúng một lần. Có tất cả bao nhiêu cái bắt tay?",
        ["5", "10", "20", "25"],
        [1],
        False,
    ),
    (
        LOGIC,
        2,
        "Nếu trời mưa thì sân ướt. Sân không ướt. Em kết luận được gì?",
        ["Trời đang mưa", "Trời không mưa", "Sân vừa được lau", "Không kết luận được gì"],
        [1],
        False,
    ),
    (
        LOGIC,
        2,
        "Một con ốc sên bò lên cột cao 5 m: ban ngày lên 3 m, ban đêm tụt 2 m. Sau mấy ngày nó lên tới đỉnh?",
        ["2", "3", "4", "5"],
        [1],
        False,
    ),
]
PLAN = [(COMPUTING, 1, 6), (COMPUTING, 2, 4), (LOGIC, 1, 6), (LOGIC, 2, 4)]
THEORY_WEIGHT = 40
DURATION_MINUTES = 30
E2E_PUPIL = "hs.khang"
# pupil, minutes ago they started, every how many-th question they answer wrongly (0: none), handed in
SITTINGS = [("hs.an", 180, 5, True), ("hs.chi", 150, 3, False)]


def load_theory(session: DbSession, contest: Contest, board: Category, now: datetime) -> None:
    """The bank, the board's test and the two pupils' sheets, unless the contest's bank has questions already
    (the pupils must be registered in ``board``)."""
    if session.scalar(select(exists().where(Question.contest_id == contest.id))):
        return
    organiser = user(session, "btc")
    for topic, difficulty, text, options, correct, multiple in QUESTIONS:
        bank.add(session, organiser, contest, bank.QuestionSpec(topic, difficulty, text, options, correct, multiple))
    quiz = quiz_settings.save(
        session,
        organiser,
        contest,
        board,
        quiz_settings.QuizSpec(
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
            duration_minutes=DURATION_MINUTES,
            plan=[quiz_settings.PlanLine(t, d, c) for t, d, c in PLAN],
            partial=False,
            theory_weight=THEORY_WEIGHT,
        ),
    )
    for username, minutes_ago, wrong_every, handed_in in SITTINGS:
        _sit(session, contest, quiz, username, now - timedelta(minutes=minutes_ago), wrong_every, handed_in)


def _sit(
    session: DbSession, contest: Contest, quiz: Quiz, username: str, start: datetime, wrong_every: int, handed_in: bool
) -> None:
    """The pupil's sheet: drawn at ``start``, a question answered every half minute (every ``wrong_every``-th
    wrongly), then handed in, or left to close at the end of its time."""
    sheet = sheets.start(session, contest, quiz, user(session, username), start)
    for item in sheets.items(session, sheet):
        right = item.question.correct
        wrong = [next(i for i in range(len(item.question.options)) if i not in right)]
        chosen = wrong if wrong_every and item.number % wrong_every == 0 else right
        sheets.save_answer(session, sheet, item.question.id, chosen, start + timedelta(seconds=30 * item.number))
    if handed_in:
        sheets.submit(session, sheet, start + timedelta(minutes=15))
    else:
        sheets.close_if_due(session, sheet, sheet.ends_at + timedelta(minutes=1))
