"""The lab round's papers, as PDF: the contestants' cards (name, school, room and seat, login, password), cut
from A4 sheets of ten, and the room lists (one page per room: seat, name, school, login, a box to sign).

Like the certificates (services.results.certificates), these are papers of the Vietnamese organisers: their
wording is Vietnamese whatever the interface's language, set in the vendored DejaVu Serif for its complete
Vietnamese glyphs. The cards are the only place a fresh password is ever printed: the room lists carry none.
"""

from __future__ import annotations

import unicodedata
from itertools import groupby

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ...results.certificates import FONTS
from .package import Card

CARD_W, CARD_H = 95.0, 54.0
COLUMNS, ROWS = 2, 5
LEFT, TOP = 10.0, 13.5


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _pdf(title: str, orientation: str = "P") -> FPDF:
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_title(_nfc(title))
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVuSerif", "", FONTS / "DejaVuSerif.ttf")
    pdf.add_font("DejaVuSerif", "B", FONTS / "DejaVuSerif-Bold.ttf")
    return pdf


def render_cards(cards: list[Card], contest_title: str) -> bytes:
    """The cards, ten to an A4 page in room and seat order, with cutting lines."""
    pdf = _pdf(f"Thẻ dự thi – {contest_title}")
    for index, card in enumerate(cards):
        place = index % (COLUMNS * ROWS)
        if place == 0:
            pdf.add_page()
        x = LEFT + (place % COLUMNS) * CARD_W
        y = TOP + (place // COLUMNS) * CARD_H
        _card(pdf, x, y, card, contest_title)
    return bytes(pdf.output())


def _card(pdf: FPDF, x: float, y: float, card: Card, contest_title: str) -> None:
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=1, gap=1)
    pdf.rect(x, y, CARD_W, CARD_H)
    pdf.set_dash_pattern()
    pdf.set_xy(x + 4, y + 3)
    pdf.set_font("DejaVuSerif", "B", 9)
    pdf.multi_cell(CARD_W - 8, 4.5, _nfc(f"THẺ DỰ THI – {contest_title}"), align="C", max_line_height=4.5)
    pdf.set_xy(x + 4, y + 13)
    pdf.set_font("DejaVuSerif", "B", 12)
    pdf.cell(CARD_W - 8, 6, _nfc(card.name), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font("DejaVuSerif", "", 9)
    pdf.cell(CARD_W - 8, 5, _nfc(f"Đơn vị: {card.school}"), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.cell(CARD_W - 8, 5, _nfc(f"Phòng thi: {card.room} – Số máy: {card.seat:02d}"), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(2)
    for label, value in (("Tên đăng nhập:", card.login), ("Mật khẩu:", card.password)):
        pdf.set_x(x + 4)
        pdf.set_font("DejaVuSerif", "", 10)
        pdf.cell(32, 6, _nfc(label))
        pdf.set_font("Courier", "B", 13)
        pdf.cell(CARD_W - 40, 6, value, new_x=XPos.LEFT, new_y=YPos.NEXT)


def render_rooms(cards: list[Card], contest_title: str) -> bytes:
    """One page per room: its seats in order with each contestant's name, school and login (no password), and a
    column for their signature."""
    pdf = _pdf(f"Danh sách phòng thi – {contest_title}")
    widths = (16, 62, 52, 34, 26)
    headers = ("Số máy", "Họ và tên", "Đơn vị", "Tên đăng nhập", "Ký tên")
    for room, seated in groupby(cards, key=lambda c: c.room):
        pdf.add_page()
        pdf.set_font("DejaVuSerif", "B", 13)
        pdf.multi_cell(0, 7, _nfc(f"{contest_title}\nDANH SÁCH THÍ SINH – PHÒNG {room}"), align="C")
        pdf.ln(3)
        pdf.set_font("DejaVuSerif", "B", 9)
        for width, header in zip(widths, headers, strict=True):
            pdf.cell(width, 7, _nfc(header), border=1, align="C")
        pdf.ln()
        pdf.set_font("DejaVuSerif", "", 9)
        for card in seated:
            if pdf.get_y() > 275:
                pdf.add_page()
            values = (f"{card.seat:02d}", card.name, card.school, card.login, "")
            for width, value in zip(widths, values, strict=True):
                pdf.cell(width, 8, _nfc(_fit(pdf, value, width - 2)), border=1)
            pdf.ln()
    return bytes(pdf.output())


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """``text`` cut to fit ``width`` mm in the current font (with an ellipsis when cut)."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
