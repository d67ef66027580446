"""PDF documents without their authors, by pikepdf (qpdf): the document information dictionary (/Author, /Creator,
/Producer, /Title...) and every XMP metadata stream (the document's and any object's) are removed, the authors of
annotations (a comment's /T) are blanked, and application private data (/PieceInfo) is dropped. The file is written
again whole, so earlier revisions kept by incremental saves go too; its /ID is derived from its content."""

from __future__ import annotations

from pathlib import Path

import pikepdf

_PRIVATE = ("/Metadata", "/PieceInfo")


def clean_pdf(source: Path, target: Path) -> None:
    """Write ``source`` without its metadata to ``target``. Raises ``pikepdf.PdfError`` (or
    ``pikepdf.PasswordError``) when the PDF cannot be read."""
    with pikepdf.open(source) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        for found in pdf.objects:
            if isinstance(found, pikepdf.Dictionary | pikepdf.Stream):
                for key in _PRIVATE:
                    if key in found:
                        del found[key]
                if _is_comment(found):
                    found["/T"] = pikepdf.String("")
        pdf.save(target, deterministic_id=True)


def _is_comment(found: pikepdf.Dictionary | pikepdf.Stream) -> bool:
    """An annotation whose /T is its author: any but a form field's widget, whose /T is the field's name."""
    return "/T" in found and "/Rect" in found and "/FT" not in found and found.get("/Subtype") != "/Widget"
