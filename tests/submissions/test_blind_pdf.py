"""The judge's copy of an uploaded PDF (``submissions.blind``), on files as authoring tools write them: information,
XMP, signers, comment authors, attachments, a hybrid PDF's source, colour profiles and links to the author's disk
removed; the pages themselves unchanged; a damaged PDF copied and listed as kept."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject

from app.vnsort import fold

from . import authored
from .blind_helpers import AUTHOR, SCHOOL, judge_copy, scan_data
from .crafting import make_zip


def test_a_pdf_loses_its_information_xmp_and_the_authors_of_its_comments(tmp_path: Path) -> None:
    original = authored.pdf(AUTHOR)
    assert authored.shows(original, AUTHOR)
    copy, report = judge_copy(tmp_path, "thuyet-minh.pdf", original, "pdf")
    assert not authored.shows(copy, AUTHOR) and report.kept == []
    reader = pypdf.PdfReader(io.BytesIO(copy))
    root, annotations = reader.trailer["/Root"], reader.pages[0]["/Annots"]
    assert isinstance(root, DictionaryObject) and isinstance(annotations, ArrayObject)
    assert not reader.metadata and "/Metadata" not in root
    assert len(reader.pages) == 1
    (note,) = [a.get_object() for a in annotations]
    assert note["/T"] == "" and note["/Contents"] == "Xem lại đoạn này"  # the comment stays, its author goes


def test_a_damaged_pdf_is_copied_and_listed_as_kept(tmp_path: Path) -> None:
    damaged = b"%PDF-1.4\n" + f"/Author ({authored.ascii_of(AUTHOR)})".encode() + b"\nnothing else"
    copy, report = judge_copy(tmp_path, "hong.pdf", damaged, "pdf")
    assert copy == damaged and report.kept == [""]


def test_a_pdf_loses_its_photos_metadata_and_its_signers_identity(tmp_path: Path) -> None:
    import pikepdf

    photo = authored.jpeg(AUTHOR)
    document = pikepdf.new()
    document.add_blank_page(page_size=(200, 200))
    picture = pikepdf.Stream(document, photo)
    picture.update(
        pikepdf.Dictionary(
            Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=8, Height=8, BitsPerComponent=8,
            ColorSpace=pikepdf.Name.DeviceRGB, Filter=pikepdf.Name.DCTDecode,
        )
    )  # fmt: skip
    document.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=picture))
    signature = pikepdf.Dictionary(Type=pikepdf.Name.Sig, Name=AUTHOR, Location=SCHOOL, Contents=pikepdf.String("0"))
    field = pikepdf.Dictionary(
        FT=pikepdf.Name.Sig, T=pikepdf.String("Chu ky"), V=document.make_indirect(signature),
        Subtype=pikepdf.Name.Widget, Rect=[0, 0, 0, 0],
    )  # fmt: skip
    document.Root.AcroForm = pikepdf.Dictionary(Fields=[document.make_indirect(field)], SigFlags=3)
    source = tmp_path / "ky.pdf"
    document.save(source)
    assert authored.shows(source.read_bytes(), AUTHOR)

    copy, report = judge_copy(tmp_path, "ky.pdf", source.read_bytes(), "pdf")
    assert report.kept == []
    with pikepdf.open(io.BytesIO(copy)) as cleaned:
        for found in cleaned.objects:
            if isinstance(found, pikepdf.Stream):
                data = found.read_raw_bytes()
                assert fold(AUTHOR).encode() not in data and AUTHOR.encode() not in data
                if found.get("/Subtype") == "/Image":
                    assert scan_data(data) == scan_data(photo)  # not a pixel changed
            elif isinstance(found, pikepdf.Dictionary):
                assert "/V" not in found or found.get("/FT") != "/Sig"
    assert not authored.shows(copy, AUTHOR) and SCHOOL.encode() not in copy


def test_files_attached_to_a_pdf_are_left_out_and_named(tmp_path: Path) -> None:
    """An attached Word document (as LibreOffice's hybrid PDF embeds its source) and a file in an attachment
    annotation carry their author in their content and their names: the copy leaves both out, keeps its page, and
    the report names them so that the author can be told."""
    import pikepdf

    original, attached = authored.pdf_with_attachments(AUTHOR)
    assert authored.shows(original, AUTHOR)

    copy, report = judge_copy(tmp_path, "kem.pdf", original, "pdf")
    assert sorted(report.left_out) == sorted(attached) and report.kept == []
    assert not authored.shows(copy, AUTHOR) and b"bang-diem" not in copy
    with pikepdf.open(io.BytesIO(copy)) as cleaned:
        assert len(cleaned.pages) == 1 and not cleaned.attachments
        assert list(cleaned.pages[0].get("/Annots", [])) == []

    package = make_zip(tmp_path / "p.zip", {"index.html": b"<p>x</p>", "tai-lieu/kem.pdf": original})
    packed, in_package = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert not authored.shows(packed, AUTHOR)
    assert sorted(in_package.left_out) == sorted(f"tai-lieu/kem.pdf: {name}" for name in attached)


def test_the_source_that_libreoffices_hybrid_pdf_keeps_in_its_trailer_is_left_out(tmp_path: Path) -> None:
    """LibreOffice's "hybrid PDF" (Export as PDF > Hybrid PDF, embed OpenDocument file) keeps the whole .odt, its
    meta.xml naming the author, in the trailer's /AdditionalStreams, beside the /DocChecksum it adds."""
    import pikepdf

    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as odt:
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        odt.writestr("meta.xml", f"<office:meta><meta:initial-creator>{AUTHOR}</meta:initial-creator></office:meta>")
    blank = pikepdf.new()
    blank.add_blank_page(page_size=(200, 200))
    blank.save(tmp_path / "blank.pdf")
    path = tmp_path / "hybrid.pdf"
    with pikepdf.open(tmp_path / "blank.pdf") as document:  # qpdf keeps the trailer's keys of a file it read
        kind = pikepdf.Name("/application/vnd.oasis.opendocument.text")
        document.trailer.AdditionalStreams = pikepdf.Array([kind, document.make_stream(source.getvalue())])
        document.trailer.DocChecksum = pikepdf.Name("/A978E50F7870FA8D3AB50C97A252BEF4")
        document.save(path, compress_streams=False)
    assert authored.shows(path.read_bytes(), AUTHOR)  # the stream holds the zip as it is

    copy, report = judge_copy(tmp_path, "hybrid.pdf", path.read_bytes(), "pdf")
    assert not authored.shows(copy, AUTHOR) and b"AdditionalStreams" not in copy and b"DocChecksum" not in copy
    assert report.left_out == ["OpenDocument .odt"] and report.kept == []


def test_a_pdfs_colour_profiles_lose_their_words(tmp_path: Path) -> None:
    """Photoshop and InDesign embed the working colour profile, perhaps a calibrated monitor's named after its
    owner, as an ICCBased colour space and as the output intent."""
    import pikepdf

    profile = authored.icc_profile(AUTHOR)
    document = pikepdf.new()
    document.add_blank_page(page_size=(200, 200))
    stream = document.make_stream(profile)
    stream.N = 3
    document.pages[0].Resources = pikepdf.Dictionary(ColorSpace=pikepdf.Dictionary(CS0=[pikepdf.Name.ICCBased, stream]))
    intent = pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1, DestOutputProfile=stream)
    document.Root.OutputIntents = [intent]
    path = tmp_path / "in.pdf"
    document.save(path, compress_streams=False)
    assert authored.shows(path.read_bytes(), AUTHOR)

    copy, report = judge_copy(tmp_path, "in.pdf", path.read_bytes(), "pdf")
    with pikepdf.open(io.BytesIO(copy)) as cleaned:
        (kept,) = [o.read_bytes() for o in cleaned.objects if isinstance(o, pikepdf.Stream) and "/N" in o]
    assert not authored.shows(kept, AUTHOR) and len(kept) == len(profile) and report.kept == []


def test_a_pdfs_links_to_files_on_the_authors_computer_keep_the_file_name_alone(tmp_path: Path) -> None:
    """Word's "Save as PDF" writes a hyperlink to a local file as a file: address, another tool as a Launch action:
    both name the author's login; a link to the web is kept."""
    import pikepdf

    login = authored.ascii_of(AUTHOR).replace(" ", "")
    document = pikepdf.new()
    document.add_blank_page(page_size=(200, 200))
    links = [
        pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(f"file:///C:/Users/{login}/Desktop/bai-2.pdf")),
        pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String(f"D:\\{login}\\bang-diem.xlsx")),
        pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://vi.wikipedia.org/wiki/Quang_h%E1%BB%A3p")),
    ]
    annotations = [
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10], A=action)
        for action in links
    ]
    document.pages[0].Annots = pikepdf.Array(annotations)
    path = tmp_path / "lien-ket.pdf"
    document.save(path, compress_streams=False)
    assert login.encode() in path.read_bytes()

    copy, report = judge_copy(tmp_path, "lien-ket.pdf", path.read_bytes(), "pdf")
    assert login.encode() not in copy and report.kept == []
    with pikepdf.open(io.BytesIO(copy)) as cleaned:
        actions = [annotation.A for annotation in cleaned.pages[0].Annots]
        assert [str(actions[0].URI), str(actions[1].F), str(actions[2].URI)] == [
            "bai-2.pdf", "bang-diem.xlsx", "https://vi.wikipedia.org/wiki/Quang_h%E1%BB%A3p"
        ]  # fmt: skip
