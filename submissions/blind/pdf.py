"""PDF documents without their authors, by pikepdf (qpdf): the document information dictionary (/Author, /Creator,
/Producer, /Title...) and every XMP metadata stream (the document's and any object's) are removed, the authors of
annotations (a comment's /T) are blanked, application private data (/PieceInfo) is dropped, a digital signature's
value (the signer's name, place, contact and certificate) is removed from its field, and a photo (a JPEG image) loses
its metadata as a JPEG uploaded alone does (``images.strip_jpeg``), not a pixel of it. The file is written again
whole, so earlier revisions kept by incremental saves go too; its /ID is derived from its content."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from . import images

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
                if found.get("/FT") == "/Sig" and "/V" in found:
                    del found["/V"]  # a rewritten file breaks the signature anyway
            if isinstance(found, pikepdf.Stream) and _is_photo(found):
                _strip_photo(found)
        if "/Perms" in pdf.Root:
            del pdf.Root["/Perms"]  # permissions tied to a signature
        pdf.save(target, deterministic_id=True)


def _is_photo(stream: pikepdf.Stream) -> bool:
    return stream.get("/Subtype") == "/Image" and stream.get("/Filter") == "/DCTDecode"


def _strip_photo(stream: pikepdf.Stream) -> None:
    raw = stream.read_raw_bytes()
    stripped = images.strip_jpeg(raw)
    if stripped != raw:
        parms = stream.get("/DecodeParms")  # a JPEG's colour transform, when it says one
        kept = parms if isinstance(parms, pikepdf.Dictionary) else None
        stream.write(stripped, filter=pikepdf.Name.DCTDecode, decode_parms=kept)


def _is_comment(found: pikepdf.Dictionary | pikepdf.Stream) -> bool:
    """An annotation whose /T is its author: any but a form field's widget, whose /T is the field's name."""
    return "/T" in found and "/Rect" in found and "/FT" not in found and found.get("/Subtype") != "/Widget"
