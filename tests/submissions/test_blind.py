"""The judge's copy of an uploaded file (``submissions.blind``), on real files as authoring tools write them: no
author left in Office, photo, zip or page metadata; the work itself unchanged; names that cannot be removed
reported; parts that cannot be cleaned copied and listed. PDFs: ``test_blind_pdf.py``."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from submissions.blind import make_judge_copy
from submissions.packages import launch_href
from submissions.validate import check_file

from . import authored
from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import make_zip


def test_a_word_document_loses_properties_and_the_authors_of_comments_and_changes(tmp_path: Path) -> None:
    original = authored.docx(AUTHOR)
    assert authored.shows(original, AUTHOR)
    copy, report = judge_copy(tmp_path, "giao-an.docx", original, "docx")
    assert not authored.shows(copy, AUTHOR) and report.kept == [] and report.sightings == []
    with zipfile.ZipFile(io.BytesIO(original)) as before, zipfile.ZipFile(io.BytesIO(copy)) as after:
        assert after.namelist() == before.namelist()
        for name in after.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(after.read(name))  # every part is still well-formed XML
        assert after.read("[Content_Types].xml") == before.read("[Content_Types].xml")
        document = after.read("word/document.xml").decode()
        assert "Bài giảng: thuật toán sắp xếp" in document and 'mc:Ignorable="w15"' in document
        assert "Sửa lại ví dụ" in after.read("word/comments.xml").decode()
        assert "<Application>Microsoft Office Word</Application>" in after.read("docProps/app.xml").decode()
        photo = Image.open(io.BytesIO(after.read("word/media/image1.jpeg")))
        assert dict(photo.getexif()) == {0x0112: 6}
    check = check_file(tmp_path / "judge-giao-an.docx", declared_name="giao-an.docx")
    assert check.ok and check.kind == "document"


def test_names_in_an_office_documents_own_text_are_reported_not_removed(tmp_path: Path) -> None:
    parts = {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": (
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            "<w:p><w:r><w:t>Giáo viên: Nguyễn Thị </w:t></w:r><w:r><w:t>Bích Ngọc</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>Bài giảng</w:t></w:r></w:p></w:body></w:document>"
        ).encode(),
        "word/footer1.xml": (
            '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:p><w:r><w:t>{SCHOOL}</w:t></w:r></w:p></w:ftr>"
        ).encode(),
    }
    document = make_zip(tmp_path / "giao-an.docx", parts)
    copy, report = judge_copy(tmp_path, "giao-an.docx", document.read_bytes(), "docx")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        assert AUTHOR in after.read("word/document.xml").decode().replace("</w:t></w:r><w:r><w:t>", "")
    seen = {(s.where, s.place, s.names) for s in report.sightings}
    assert seen == {("word/document.xml", "text", (AUTHOR,)), ("word/footer1.xml", "text", (SCHOOL,))}


def test_a_scorm_package_keeps_its_work_and_loses_every_author(tmp_path: Path) -> None:
    source = authored.package(tmp_path / "goi.zip", AUTHOR, SCHOOL)
    original = source.read_bytes()
    assert authored.shows(original, AUTHOR)
    copy, report = judge_copy(tmp_path, "goi.zip", original, "zip")
    assert not authored.shows(copy, AUTHOR)
    with zipfile.ZipFile(io.BytesIO(original)) as before, zipfile.ZipFile(io.BytesIO(copy)) as after:
        assert after.comment == b"" and all(i.comment == b"" and i.extra == b"" for i in after.infolist())
        assert after.namelist() == before.namelist()
        assert after.read("lesson/app.js") == before.read("lesson/app.js")
        page = after.read("lesson/index.html").decode()
        manifest = after.read("imsmanifest.xml")
    assert 'name="viewport"' in page and "<!-- giữ nguyên -->" in page  # a script's string is not a comment
    assert "<!--" not in page.replace("<!-- giữ nguyên -->", "") and "Thuật toán sắp xếp" in page
    assert launch_href(manifest) == ("lesson/index.html", "") and b"<schemaversion>1.2</schemaversion>" in manifest
    assert b"contribute" not in manifest and b"VCARD" not in manifest
    where = {(s.where, s.place) for s in report.sightings}
    assert where == {("lesson/index.html", "text"), ("lesson/Truong_Thcs_Le_Quy_Don/logo.png", "name")}
    assert all(s.names == (SCHOOL,) for s in report.sightings) and report.kept == []
    check = check_file(tmp_path / "judge-goi.zip", declared_name="goi.zip")
    assert check.ok and check.kind == "scorm" and check.launch == "lesson/index.html"


@pytest.mark.parametrize("before", [b"\r\n", b"\xef\xbb\xbf\r\n\r\n"], ids=["blank-line", "bom-and-blank-lines"])
def test_a_manifest_with_blank_lines_before_its_declaration_is_cleaned_as_well(tmp_path: Path, before: bytes) -> None:
    """Some exporters write them; the checker accepts such a manifest, so the judge's copy must clean it."""
    package = make_zip(
        tmp_path / "goi.zip", {"imsmanifest.xml": before + authored.manifest(AUTHOR), "lesson/index.html": "<p>Bài 1"}
    )
    assert check_file(package).ok
    copy, report = judge_copy(tmp_path, "goi.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        manifest = after.read("imsmanifest.xml")
    assert not authored.shows(manifest, AUTHOR) and b"contribute" not in manifest
    assert launch_href(manifest) == ("lesson/index.html", "") and report.kept == []


def test_a_member_name_in_vietnamese_windows_encoding_is_kept_readable(tmp_path: Path) -> None:
    source = tmp_path / "cu.zip"
    with zipfile.ZipFile(source, "w") as zf:
        zf.writestr("index.html", b"<p>x</p><!-- a -->")
    raw = source.read_bytes().replace(b"index.html", b"b\xe0i_01.htm")  # "bài" in cp1258, no UTF-8 flag
    copy, _ = judge_copy(tmp_path, "cu.zip", raw, "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        assert after.namelist() == ["bài_01.htm"] and after.read("bài_01.htm") == b"<p>x</p>"


def test_a_nested_zip_that_the_checker_would_refuse_is_copied_and_listed(tmp_path: Path) -> None:
    inner = make_zip(tmp_path / "inner.zip", {"../ngoai.html": b"<!-- x --><p>y</p>"}).read_bytes()
    outer = make_zip(tmp_path / "outer.zip", {"index.html": b"<p>z</p>", "kho/inner.zip": inner})
    copy, report = judge_copy(tmp_path, "outer.zip", outer.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        assert after.read("kho/inner.zip") == inner
    assert report.kept == ["kho/inner.zip"]


def test_word_properties_kept_where_dotnet_writes_them_are_emptied(tmp_path: Path) -> None:
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{AUTHOR}</dc:creator></cp:coreProperties>'
    ).encode()
    parts = {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        "package/services/metadata/core-properties/6c3b1f0e5a.psmdcp": core,
    }
    document = make_zip(tmp_path / "net.docx", parts)
    copy, _ = judge_copy(tmp_path, "net.docx", document.read_bytes(), "docx")
    assert not authored.shows(copy, AUTHOR)


def test_lom_annotations_and_inkscapes_file_names_are_removed(tmp_path: Path) -> None:
    from submissions.blind.markup import clean_xml

    manifest = (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><metadata><lom xmlns="http://ltsc.ieee.org/xsd/LOM">'
        f"<annotation><entity>BEGIN:VCARD\nFN:{AUTHOR}\nEMAIL:ngoc@truong.edu.vn\nEND:VCARD</entity>"
        "<description><string>Đã duyệt</string></description></annotation>"
        "<general><title><string>Sắp xếp</string></title></general></lom></metadata></manifest>"
    ).encode()
    cleaned = clean_xml(manifest).decode()
    assert AUTHOR not in cleaned and "ngoc@truong" not in cleaned and "Sắp xếp" in cleaned
    drawing = (
        b'<svg xmlns="http://www.w3.org/2000/svg" '
        b'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        b'sodipodi:docname="hinh-cua-ngocntb.svg" inkscape:export-filename="C:\\Users\\ngocntb\\Pictures\\h.png" '
        b'inkscape:export-xdpi="96" width="10"><rect width="5" height="5"/></svg>'
    )
    picture = clean_xml(drawing).decode()
    assert "ngocntb" not in picture and 'width="10"' in picture and "<rect" in picture


def test_names_in_a_packages_scripts_data_and_subtitles_are_reported_and_kept(tmp_path: Path) -> None:
    data = f'window.globalProvideData("data", {{"author": "{AUTHOR}", "text": "Giáo viên: {AUTHOR}"}});'.encode()
    subtitles = f"WEBVTT\n\n00:00.000 --> 00:02.000\nXin chào, tôi là giáo viên {SCHOOL}\n".encode()
    package = make_zip(
        tmp_path / "p.zip",
        {"story.html": b"<p>x</p>", "story_content/data.js": data, "media/intro.vtt": subtitles,
         "story_content/frame.xml": f"<frame><author>{AUTHOR}</author></frame>".encode()},
    )  # fmt: skip
    copy, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        # the player's author setting is emptied, in a script or XML (test_blind_tool_data); the slide's words are
        # the work, kept
        assert after.read("story_content/data.js") == data.replace(f'"author": "{AUTHOR}"'.encode(), b'"author": ""')
        assert AUTHOR.encode() not in after.read("story_content/frame.xml")
    assert {(s.where, s.names) for s in report.sightings} == {
        ("story_content/data.js", (AUTHOR,)),
        ("media/intro.vtt", (SCHOOL,)),
    }


def _cleaned_word_part(tmp_path: Path, name: str, data: bytes) -> str:
    """The part ``name`` (holding ``data``) of the judge's copy of an otherwise empty Word document."""
    parts = {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        name: data,
    }
    copy, _ = judge_copy(tmp_path, "w.docx", make_zip(tmp_path / "w.docx", parts).read_bytes(), "docx")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        return after.read(name).decode()


def test_a_word_template_is_named_without_the_folder_that_held_it(tmp_path: Path) -> None:
    relationships = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
        b'Target="file:///C:\\Users\\ngocntb\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm" '
        b'TargetMode="External"/></Relationships>'
    )
    kept = _cleaned_word_part(tmp_path, "word/_rels/settings.xml.rels", relationships)
    assert "ngocntb" not in kept and 'Target="Normal.dotm"' in kept and 'TargetMode="External"' in kept


def test_a_page_saved_as_utf16_is_cleaned_and_stays_utf16(tmp_path: Path) -> None:
    page = f'<html><head><meta name="author" content="{AUTHOR}"><title>Bài 1</title></head><body>Sắp xếp</body></html>'
    data = b"\xff\xfe" + page.encode("utf-16-le")
    package = make_zip(tmp_path / "p.zip", {"index.htm": data})
    copy, _ = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        cleaned = after.read("index.htm")
    assert cleaned.startswith(b"\xff\xfe")
    text = cleaned[2:].decode("utf-16-le")
    assert AUTHOR not in text and "Sắp xếp" in text and "<title>Bài 1</title>" in text


def test_onedrive_properties_lose_who_a_document_is_shared_with_and_its_owners_address(tmp_path: Path) -> None:
    properties = (
        '<?xml version="1.0"?><p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties">'
        f"<documentManagement><SharedWithUsers><UserInfo><DisplayName>{AUTHOR}</DisplayName></UserInfo>"
        "</SharedWithUsers><_dlc_DocIdUrl>https://truong-my.sharepoint.com/personal/ngocntb_truong_edu_vn/GiaoAn.docx"
        "</_dlc_DocIdUrl></documentManagement></p:properties>"
    ).encode()
    kept = _cleaned_word_part(tmp_path, "customXml/item1.xml", properties)
    assert AUTHOR not in kept and "ngocntb" not in kept and "documentManagement" in kept


def test_words_cover_page_properties_lose_the_schools_address_phone_and_email(tmp_path: Path) -> None:
    """Word keeps what a cover page's fields show (Insert > Cover Page: the company's address, phone, fax and
    e-mail, filled from the school's details) in a ``customXml`` item of its own; the abstract and the date, which
    are the work's, stay."""
    from lxml import etree

    namespace = "http://schemas.microsoft.com/office/2006/coverPageProps"
    properties = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<CoverPageProperties xmlns="{namespace}">'
        "<PublishDate>2026-03-02</PublishDate><Abstract>Bài giảng Sinh học 11: quang hợp</Abstract>"
        f"<CompanyAddress>{SCHOOL}, 12 Lê Lợi, Huế</CompanyAddress><CompanyPhone>0234 3822 123</CompanyPhone>"
        "<CompanyFax>0234 3822 124</CompanyFax><CompanyEmail>ngocntb@thcs-lqd.edu.vn</CompanyEmail>"
        "</CoverPageProperties>"
    ).encode()
    kept = _cleaned_word_part(tmp_path, "customXml/item2.xml", properties)
    assert SCHOOL not in kept and "ngocntb" not in kept and "3822" not in kept
    root = etree.fromstring(kept.encode())
    values = {etree.QName(child).localname: child.text or "" for child in root}
    assert values == {
        "PublishDate": "2026-03-02",
        "Abstract": "Bài giảng Sinh học 11: quang hợp",
        "CompanyAddress": "",
        "CompanyPhone": "",
        "CompanyFax": "",
        "CompanyEmail": "",
    }


def test_names_in_a_manifests_title_or_an_svgs_text_are_reported(tmp_path: Path) -> None:
    manifest = (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><organizations><organization>'
        f"<title>Bài giảng của {AUTHOR}</title></organization></organizations></manifest>"
    ).encode()
    drawing = f'<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="9">{SCHOOL}</text></svg>'.encode()
    package = make_zip(tmp_path / "p.zip", {"imsmanifest.xml": manifest, "index.html": b"<p>x</p>", "a.svg": drawing})
    _, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert {(s.where, s.names) for s in report.sightings} == {("imsmanifest.xml", (AUTHOR,)), ("a.svg", (SCHOOL,))}


def test_files_a_document_links_to_on_the_authors_computer_are_named_by_their_file_name(tmp_path: Path) -> None:
    """Word records where a linked picture, and Excel where an external workbook, lay on the author's computer or
    network (with their login); a link to the web is kept, and read for names."""
    login = authored.ascii_of(AUTHOR).replace(" ", "")
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        f'Target="file:///C:\\Users\\{login}\\Pictures\\so-do.png" TargetMode="External"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        f'Target="\\\\MAY-{login}\\chia-se\\bang-diem.xlsx" TargetMode="External"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        f'Target="https://truong-my.sharepoint.com/personal/{login.lower()}/bai.pptx" TargetMode="External"/>'
        '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        'Target="https://vi.wikipedia.org/wiki/Quang_h%E1%BB%A3p" TargetMode="External"/>'
        "</Relationships>"
    ).encode()
    document = io.BytesIO(authored.docx(AUTHOR))
    with zipfile.ZipFile(document, "a") as zf:
        zf.writestr("word/_rels/document.xml.rels", relationships)
    spotted: list[str] = []

    def spot_login(text: str) -> list[str]:
        spotted.append(text)
        return [AUTHOR] if login.lower() in text.lower() else []

    source = tmp_path / "giao-an.docx"
    source.write_bytes(document.getvalue())
    target = tmp_path / "judge.docx"
    report = make_judge_copy(source, target, "docx", spot_login)
    with zipfile.ZipFile(target) as after:
        cleaned = after.read("word/_rels/document.xml.rels").decode()
    assert 'Target="so-do.png"' in cleaned and 'Target="bang-diem.xlsx"' in cleaned
    assert "https://vi.wikipedia.org/wiki/Quang_h%E1%BB%A3p" in cleaned
    assert [(s.where, s.place) for s in report.sightings] == [("word/_rels/document.xml.rels", "text")]
    assert "Pictures" not in cleaned and "MAY-" not in cleaned


def test_names_in_a_pages_inline_scripts_are_reported_and_kept(tmp_path: Path) -> None:
    """An authoring tool's data in a page's own script is read as a .js file's is; JSON-LD's author is emptied
    (``test_blind_json_ld``)."""
    page = (
        '<html><head><script type="application/ld+json">{"author": {"name": "' + SCHOOL + '"}}</script>'
        "<script>var course = {teacher: '" + SCHOOL + "'};</script></head><body><p>Quang hợp</p></body></html>"
    )
    package = make_zip(tmp_path / "p.zip", {"index.html": page.encode()})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert [(s.where, s.place, s.names) for s in report.sightings] == [("index.html", "text", (SCHOOL,))]
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        assert after.read("index.html") == page.replace('"name": "' + SCHOOL + '"', '"name": ""').encode()


def test_an_opendocument_file_in_a_package_loses_its_properties_and_the_authors_of_its_comments(tmp_path: Path) -> None:
    """LibreOffice's .odt keeps its authors in meta.xml and who wrote a comment or a change in content.xml."""
    office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    names = (
        f'{office} xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {names}><office:meta>'
        f"<meta:initial-creator>{AUTHOR}</meta:initial-creator><dc:creator>{AUTHOR}</dc:creator>"
        f"<dc:title>Giáo án của {AUTHOR}</dc:title><meta:generator>LibreOffice/7.4</meta:generator>"
        f'<meta:user-defined meta:name="Tác giả">{AUTHOR}</meta:user-defined></office:meta></office:document-meta>'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {names}><office:body><office:text>'
        f"<text:p>Quang hợp<office:annotation><dc:creator>{AUTHOR}</dc:creator><meta:creator-initials>NTBN"
        "</meta:creator-initials><text:p>Sửa lại</text:p></office:annotation></text:p>"
        f"<text:p>{SCHOOL}</text:p></office:text></office:body></office:document-content>"
    )
    document = io.BytesIO()
    with zipfile.ZipFile(document, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")  # first, stored
        zf.writestr("content.xml", content)
        zf.writestr("meta.xml", meta)
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<p>x</p>", "tai-lieu/giao-an.odt": document.getvalue()})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert authored.shows(package.read_bytes(), AUTHOR) and not authored.shows(packed, AUTHOR)
    assert [(s.where, s.names) for s in report.sightings] == [("tai-lieu/giao-an.odt/content.xml", (SCHOOL,))]
    with (
        zipfile.ZipFile(io.BytesIO(packed)) as after,
        zipfile.ZipFile(io.BytesIO(after.read("tai-lieu/giao-an.odt"))) as odt,
    ):
        first = odt.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert b"LibreOffice/7.4" in odt.read("meta.xml") and "Sửa lại" in odt.read("content.xml").decode()
