"""The judge's copy of a SCORM manifest's LOM rights and of an EPUB book in a package: the people they name go, the
manifest still launches and the book still opens (its package document keeps what EPUB requires)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from submissions.packages import launch_href
from submissions.validate import check_file

from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import make_zip

_LOM = "http://ltsc.ieee.org/xsd/LOM"
_OPF = "http://www.idpf.org/2007/opf"
_DC = "http://purl.org/dc/elements/1.1/"
_NCX = "http://www.daisy.org/z3986/2005/ncx/"


def _scorm_2004_manifest() -> bytes:
    """A SCORM 2004 manifest as iSpring and Captivate write it: LOM with a lifecycle contributor's vCard and the
    rights' description naming the author and the school."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest identifier="m" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
        f'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:lom="{_LOM}">\n'
        "<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion>\n"
        '<lom:lom><lom:general><lom:title><lom:string language="vi">Phân số</lom:string></lom:title></lom:general>\n'
        "<lom:lifeCycle><lom:contribute><lom:role><lom:source>LOMv1.0</lom:source><lom:value>author</lom:value>"
        f"</lom:role><lom:entity>BEGIN:VCARD\nVERSION:3.0\nFN:{AUTHOR}\nORG:{SCHOOL}\nEND:VCARD</lom:entity>"
        "</lom:contribute></lom:lifeCycle>\n"
        "<lom:rights><lom:cost><lom:source>LOMv1.0</lom:source><lom:value>no</lom:value></lom:cost>"
        "<lom:copyrightAndOtherRestrictions><lom:source>LOMv1.0</lom:source><lom:value>yes</lom:value>"
        "</lom:copyrightAndOtherRestrictions>"
        f'<lom:description><lom:string language="vi">© 2026 {AUTHOR}, {SCHOOL}</lom:string></lom:description>'
        "</lom:rights></lom:lom></metadata>\n"
        '<organizations default="o"><organization identifier="o"><title>Phân số</title>'
        '<item identifier="i" identifierref="r"><title>Bài 1</title></item></organization></organizations>\n'
        '<resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index_lms.html">'
        '<file href="index_lms.html"/></resource></resources></manifest>\n'
    ).encode()


def test_a_manifests_lom_rights_lose_the_people_they_name_and_the_manifest_still_launches(tmp_path: Path) -> None:
    package = make_zip(tmp_path / "goi.zip", {"imsmanifest.xml": _scorm_2004_manifest(), "index_lms.html": "<p>1/2"})
    assert check_file(package).ok
    copy, report = judge_copy(tmp_path, "goi.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        manifest = after.read("imsmanifest.xml")
    text = manifest.decode()
    assert AUTHOR not in text and SCHOOL not in text and "VCARD" not in text
    root = etree.fromstring(manifest)
    rights = root.find(f".//{{{_LOM}}}rights")
    assert rights is not None  # kept, with its vocabulary values: the player and an LMS still read them
    assert [v.text for v in rights.iter(f"{{{_LOM}}}value")] == ["no", "yes"]
    described = rights.find(f"{{{_LOM}}}description/{{{_LOM}}}string")
    assert described is not None and not (described.text or "") and described.get("language") == "vi"
    assert root.findtext(f".//{{{_LOM}}}title/{{{_LOM}}}string") == "Phân số"  # the work stays
    assert launch_href(manifest) == ("index_lms.html", "") and report.kept == [] and report.sightings == []
    check = check_file(tmp_path / "judge-goi.zip", declared_name="goi.zip")
    assert check.ok and check.kind == "scorm" and check.launch == "index_lms.html"


def _epub() -> bytes:
    """An EPUB 3 book as Sigil or Calibre writes it: its creator refined by a role, a contributor, a publisher."""
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<package xmlns="{_OPF}" version="3.0" unique-identifier="uid">\n'
        f'<metadata xmlns:dc="{_DC}">\n'
        '<dc:identifier id="uid">urn:uuid:0b8f6a44-5d0c-4d0e-9d7e-0d1c2b3a4f5e</dc:identifier>\n'
        "<dc:title>Truyện cổ tích lớp 6</dc:title><dc:language>vi</dc:language>\n"
        f'<dc:creator id="creator">{AUTHOR}</dc:creator>\n'
        '<meta refines="#creator" property="role" scheme="marc:relators">aut</meta>\n'
        f'<meta refines="#creator" property="file-as">Ngọc, {AUTHOR}</meta>\n'
        f"<dc:contributor>Trần Văn Bình</dc:contributor><dc:publisher>{SCHOOL}</dc:publisher>\n"
        f"<dc:rights>© 2026 {AUTHOR}</dc:rights>\n"
        '<meta property="dcterms:modified">2026-03-01T08:00:00Z</meta>\n'
        "</metadata>\n"
        '<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>\n'
        '<spine><itemref idref="c1"/></spine></package>\n'
    )
    xhtml = '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>{0}</title></head><body>{1}</body></html>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        book.writestr("OEBPS/content.opf", opf)
        book.writestr(
            "OEBPS/toc.ncx",
            '<?xml version="1.0" encoding="utf-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
            '<head><meta name="dtb:uid" content="urn:uuid:0b8f6a44-5d0c-4d0e-9d7e-0d1c2b3a4f5e"/></head>'
            f"<docTitle><text>Truyện cổ tích lớp 6</text></docTitle><docAuthor><text>{AUTHOR}</text></docAuthor>"
            '<navMap><navPoint id="p1" playOrder="1"><navLabel><text>Sọ Dừa</text></navLabel>'
            '<content src="c1.xhtml"/></navPoint></navMap></ncx>',
        )
        nav = (
            '<nav xmlns:epub="http://www.idpf.org/2007/ops" epub:type="toc">'
            '<ol><li><a href="c1.xhtml">Sọ Dừa</a></li></ol></nav>'
        )
        book.writestr("OEBPS/nav.xhtml", xhtml.format("Mục lục", nav))
        book.writestr("OEBPS/c1.xhtml", xhtml.format("Sọ Dừa", "<p>Ngày xưa có hai vợ chồng...</p>"))
    return buffer.getvalue()


def test_an_epub_in_a_package_loses_its_creators_and_publisher_and_still_opens(tmp_path: Path) -> None:
    package = make_zip(
        tmp_path / "goi.zip", {"index.html": '<a href="doc/truyen.epub">Đọc</a>', "doc/truyen.epub": _epub()}
    )
    copy, report = judge_copy(tmp_path, "goi.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        book = after.read("doc/truyen.epub")
    with zipfile.ZipFile(io.BytesIO(book)) as epub:
        first = epub.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert epub.read("mimetype") == b"application/epub+zip"
        opf = epub.read("OEBPS/content.opf")
        ncx = etree.fromstring(epub.read("OEBPS/toc.ncx"))
        assert epub.read("OEBPS/c1.xhtml").decode().count("Sọ Dừa") == 1
    text = opf.decode()
    assert AUTHOR not in text and SCHOOL not in text and "Trần Văn Bình" not in text
    package_doc = etree.fromstring(opf)
    metadata = package_doc.find(f"{{{_OPF}}}metadata")
    assert metadata is not None
    # what EPUB requires stays, and no meta refines an element that is gone (epubcheck's RSC-017)
    assert metadata.findtext(f"{{{_DC}}}title") == "Truyện cổ tích lớp 6"
    assert (metadata.findtext(f"{{{_DC}}}identifier") or "").startswith("urn:uuid:")
    assert metadata.findtext(f"{{{_DC}}}language") == "vi"
    assert [m.get("property") for m in metadata.iter(f"{{{_OPF}}}meta")] == ["dcterms:modified"]
    assert [i.get("idref") for i in package_doc.iter(f"{{{_OPF}}}itemref")] == ["c1"]
    assert report.kept == [] and report.sightings == []
    # the EPUB 2 table of contents' docAuthor (optional in NCX) goes; its title and navigation stay
    assert AUTHOR not in etree.tostring(ncx, encoding="unicode") and ncx.find(f"{{{_NCX}}}docAuthor") is None
    assert ncx.findtext(f"{{{_NCX}}}docTitle/{{{_NCX}}}text") == "Truyện cổ tích lớp 6"
    assert ncx.find(f".//{{{_NCX}}}content").get("src") == "c1.xhtml"  # type: ignore[union-attr]
