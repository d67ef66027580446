"""Small, valid files for the demo's entries, made in code: an HTML5 lecture package (a zip with an index.html),
a PDF document and a JPEG photo. Each is the same bytes for the same arguments, so the store keeps it once."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from html import escape

from fpdf import FPDF
from PIL import Image, ImageDraw

from ..results.certificates import FONTS

_FIXED = (2026, 1, 1, 0, 0, 0)
LECTURE_STYLE = "body { font-family: sans-serif; max-width: 40rem; margin: 2rem auto; line-height: 1.5 }\n"


def lecture_package(title: str, slides: list[str]) -> bytes:
    """An HTML5 package: ``index.html`` (the title and one section per slide, with a button that shows the
    next one) and its style sheet."""
    sections = "\n".join(
        f"<section{' hidden' if i else ''}><h2>Phần {i + 1}</h2><p>{escape(text)}</p></section>"
        for i, text in enumerate(slides)
    )
    page = f"""<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title>{escape(title)}</title><link rel="stylesheet" href="style.css"></head>
<body>
<h1>{escape(title)}</h1>
{sections}
<button type="button" onclick="next()">Tiếp theo</button>
<script>
function next() {{
  const parts = document.querySelectorAll("section");
  const shown = [...parts].findIndex((s) => !s.hidden);
  parts[shown].hidden = true;
  parts[(shown + 1) % parts.length].hidden = false;
}}
</script>
</body>
</html>
"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("index.html", page), ("style.css", LECTURE_STYLE)):
            archive.writestr(zipfile.ZipInfo(name, date_time=_FIXED), text)
    return buffer.getvalue()


def document_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A one-page A4 PDF: the title and the paragraphs, in a font with every Vietnamese letter."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(*_FIXED, tzinfo=UTC))
    pdf.set_title(title)
    pdf.add_font("DejaVuSerif", "", FONTS / "DejaVuSerif.ttf")
    pdf.add_font("DejaVuSerif", "B", FONTS / "DejaVuSerif-Bold.ttf")
    pdf.add_page()
    pdf.set_font("DejaVuSerif", "B", 16)
    pdf.multi_cell(0, 10, title)
    pdf.set_font("DejaVuSerif", "", 12)
    for paragraph in paragraphs:
        pdf.ln(4)
        pdf.multi_cell(0, 7, paragraph)
    return bytes(pdf.output())


def photo_jpeg(colour: tuple[int, int, int]) -> bytes:
    """A 320 x 240 JPEG: a plain background of ``colour`` with a sun and a house drawn on it."""
    image = Image.new("RGB", (320, 240), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((240, 20, 290, 70), fill=(250, 200, 40))
    draw.rectangle((90, 120, 230, 220), fill=(240, 240, 230), outline=(60, 60, 60), width=3)
    draw.polygon([(80, 125), (160, 60), (240, 125)], fill=(180, 50, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
