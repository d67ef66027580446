"""PDF documents without their authors, by pikepdf (qpdf): the document information dictionary (/Author, /Creator,
/Producer, /Title...) and every XMP metadata stream (the document's and any object's) are removed, the authors of
annotations (a comment's /T) are blanked, application private data (/PieceInfo) is dropped, a digital signature's
value (the signer's name, place, contact and certificate) is removed from its field, and a photo (a JPEG image) loses
its metadata as a JPEG uploaded alone does (``images.strip_jpeg``), not a pixel of it, and a colour profile (an
``ICCBased`` colour space's, an output intent's) loses its words (``icc``), not its colours. The file is written again
whole, so earlier revisions kept by incremental saves go too; its /ID is derived from its content.

Files attached to the PDF are left out, not cleaned: an attached Word document, the OpenDocument source that
LibreOffice's "hybrid PDF" embeds, a spreadsheet, all carry their author, and their file names often name them. The
attachments (the ``EmbeddedFiles`` name tree), LibreOffice's source (``/AdditionalStreams`` in the trailer, with
every other key of the trailer that PDF does not define), the annotations that hold a file (``FileAttachment``),
the files associated with the document or its parts (PDF/A-3's ``/AF``) and a portfolio's layout (``/Collection``)
go; ``clean_pdf`` names the files it left out so that their author can be told. The pages themselves are
unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pikepdf

from . import images
from .icc import blank_text
from .local_paths import file_name, is_local

_TRAILER = ("/Root", "/Size", "/ID", "/Prev", "/XRefStm", "/Encrypt")  # what the trailer may hold (ISO 32000-1, 7.5.5)
_OPEN_DOCUMENT = {"text": "odt", "presentation": "odp", "spreadsheet": "ods", "graphics": "odg"}
_PRIVATE = ("/Metadata", "/PieceInfo", "/AF")  # /AF: files associated with the document, a page or an object


def clean_pdf(source: Path, target: Path) -> list[str]:
    """Write ``source`` without its metadata and its attached files to ``target``; the names of the files left out
    (as the PDF names them, each once). Raises ``pikepdf.PdfError`` (or ``pikepdf.PasswordError``) when the PDF
    cannot be read."""
    with pikepdf.open(source) as pdf:
        left_out = _drop_trailer_extras(pdf) + _drop_attachments(pdf)
        for found in dictionaries(pdf):
            if found.get("/Type") == "/Filespec" and "/EF" in found:
                left_out.append(_file_name(found))
                del found["/EF"]  # a file still named elsewhere (a link's target) loses its content
            for key in _PRIVATE:
                if key in found:
                    del found[key]
            if _is_comment(found):
                found["/T"] = pikepdf.String("")
            if found.get("/FT") == "/Sig" and "/V" in found:
                del found["/V"]  # a rewritten file breaks the signature anyway
            _local_links_by_name(found)
            if isinstance(found, pikepdf.Stream) and _is_photo(found):
                _strip_photo(found)
            elif isinstance(found, pikepdf.Stream) and "/N" in found:  # an ICC profile has its component count
                _blank_profile(found)
        if "/Perms" in pdf.Root:
            del pdf.Root["/Perms"]  # permissions tied to a signature
        pdf.save(target, deterministic_id=True)
    return list(dict.fromkeys(left_out))


def dictionaries(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary | pikepdf.Stream]:
    """Every dictionary and stream of ``pdf``: its objects, and the dictionaries written inside them (a link's
    action, an annotation in a page's array), however deep."""
    for found in pdf.objects:
        if isinstance(found, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array):
            yield from _within(found)


def _within(found: pikepdf.Object) -> Iterator[pikepdf.Dictionary | pikepdf.Stream]:
    if isinstance(found, pikepdf.Dictionary | pikepdf.Stream):
        yield found
        children = [found[key] for key in list(found.keys())]
    else:
        children = list(found)
    for child in children:
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
            yield from _within(child)


def _drop_trailer_extras(pdf: pikepdf.Pdf) -> list[str]:
    """Take out of ``pdf``'s trailer its information dictionary and every key PDF does not define; the names of the
    documents LibreOffice's hybrid PDF keeps there (its source, as "OpenDocument .odt")."""
    names = []
    for key in list(pdf.trailer.keys()):
        if key in _TRAILER:
            continue
        if key == "/AdditionalStreams" and isinstance(streams := pdf.trailer[key], pikepdf.Array):
            for kind in list(streams)[::2]:  # pairs of a media type and its stream
                suffix = _OPEN_DOCUMENT.get(str(kind).rsplit(".", 1)[-1], "")
                names.append(f"OpenDocument .{suffix}" if suffix else str(kind).lstrip("/"))
        del pdf.trailer[key]
    return names


def _drop_attachments(pdf: pikepdf.Pdf) -> list[str]:
    """Take the attached files out of ``pdf``'s name tree and its pages' annotations, and its portfolio layout;
    the names of the files found there."""
    names: list[str] = []
    tree = pdf.Root.get("/Names")
    if isinstance(tree, pikepdf.Dictionary) and "/EmbeddedFiles" in tree:
        for _, spec in pikepdf.NameTree(tree.EmbeddedFiles).items():
            if isinstance(spec, pikepdf.Dictionary):
                names.append(_file_name(spec))
        del tree["/EmbeddedFiles"]
    if "/Collection" in pdf.Root:
        del pdf.Root["/Collection"]
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, pikepdf.Array):
            continue
        kept = []
        for annotation in annotations:
            if isinstance(annotation, pikepdf.Dictionary) and annotation.get("/Subtype") == "/FileAttachment":
                pinned = annotation.get("/FS")
                if isinstance(pinned, pikepdf.Dictionary):
                    names.append(_file_name(pinned))
            else:
                kept.append(annotation)
        page.obj.Annots = pikepdf.Array(kept)
    return names


def _file_name(spec: pikepdf.Dictionary | pikepdf.Stream) -> str:
    """A file specification's name: its Unicode name (/UF), else its name (/F), else "?"."""
    for key in ("/UF", "/F"):
        name = spec.get(key)
        if isinstance(name, pikepdf.String):
            return str(name)
    return "?"


def _is_photo(stream: pikepdf.Stream) -> bool:
    return stream.get("/Subtype") == "/Image" and stream.get("/Filter") == "/DCTDecode"


def _strip_photo(stream: pikepdf.Stream) -> None:
    raw = stream.read_raw_bytes()
    stripped = images.strip_jpeg(raw)
    if stripped != raw:
        parms = stream.get("/DecodeParms")  # a JPEG's colour transform, when it says one
        kept = parms if isinstance(parms, pikepdf.Dictionary) else None
        stream.write(stripped, filter=pikepdf.Name.DCTDecode, decode_parms=kept)


def _local_links_by_name(found: pikepdf.Dictionary | pikepdf.Stream) -> None:
    """A link's action, or a file specification, naming a file on the author's computer or network by its file name
    alone (Word's "Save as PDF" writes a hyperlink to a local file as ``file:///C:/Users/<login>/...``)."""
    for key in ("/URI", "/F", "/UF", "/DOS", "/Mac", "/Unix"):
        value = found.get(key)
        if isinstance(value, pikepdf.String) and is_local(str(value)):
            found[key] = pikepdf.String(file_name(str(value)))


def _blank_profile(stream: pikepdf.Stream) -> None:
    profile = stream.read_bytes()
    if profile[36:40] == b"acsp" and (blanked := blank_text(profile)) != profile:
        stream.write(blanked)  # compressed again when saved


def _is_comment(found: pikepdf.Dictionary | pikepdf.Stream) -> bool:
    """An annotation whose /T is its author: any but a form field's widget, whose /T is the field's name."""
    return "/T" in found and "/Rect" in found and "/FT" not in found and found.get("/Subtype") != "/Widget"
