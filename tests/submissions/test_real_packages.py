"""Packages as authoring tools export them and teachers zip them (see ``exports``) are accepted, opening at the
page the tool meant; the variations real uploads bring (a manifest's name in capitals, an href in another letter
case than the file, a tool's own start page, one HTML page) are accepted too, and a package without any start page
is still refused."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale

from app.services.entries.entry_problems import report_messages
from submissions.archive import Limits, open_archive
from submissions.validate import check_file

from .exports import EXPORTS, WRAPPINGS, storyline_scorm2004, write_zip


@pytest.mark.parametrize("wrapping", WRAPPINGS)
@pytest.mark.parametrize("tool", EXPORTS)
def test_exports_are_accepted_however_they_were_zipped(tmp_path: Path, tool: str, wrapping: str) -> None:
    members, launch = WRAPPINGS[wrapping](EXPORTS[tool]())
    report = check_file(write_zip(tmp_path / "bai-giang.zip", members))
    kind = "html5" if tool.endswith(("-web", "-index", "-xapi", "-course")) else "scorm"
    assert report.to_dict() == {"ok": True, "kind": kind, "launch": launch, "errors": []}


def test_the_launch_is_named_as_pages_name_it(tmp_path: Path) -> None:
    """macOS zips names decomposed; the launch recorded is composed (NFC), as pages and addresses write it."""
    members, launch = WRAPPINGS["by-finder"](EXPORTS["captivate-scorm2004"]())
    report = check_file(write_zip(tmp_path / "p.zip", members))
    assert report.launch == launch == unicodedata.normalize("NFC", launch)


def test_a_folder_icon_is_left_out_and_other_control_characters_still_refused(tmp_path: Path) -> None:
    """Finder's ``Icon\r`` is not part of the package (never stored or served); a carriage return in any other name
    still refuses it."""
    members, _launch = WRAPPINGS["by-finder-with-folder-icon"](EXPORTS["storyline-web"]())
    with write_zip(tmp_path / "icon.zip", members).open("rb") as f, open_archive(f, Limits()) as archive:
        assert not archive.problems
        assert archive.files and not [name for name in archive.files if "\r" in name]
    report = check_file(write_zip(tmp_path / "cr.zip", {"index.html": b"<p>x</p>", "Icon\r.html": b""}))
    assert [p["code"] for p in report.problems] == ["zip.bad_name"]


def test_a_manifest_named_in_capitals(tmp_path: Path) -> None:
    """FAT-formatted USB sticks and old Windows tools write IMSMANIFEST.XML: still the package's manifest, so the
    package opens at the page it names, not refused for lacking an index.html."""
    export = storyline_scorm2004("IMSMANIFEST.XML")
    report = check_file(write_zip(tmp_path / "p.zip", export.members))
    assert report.to_dict() == {"ok": True, "kind": "scorm", "launch": "index_lms.html", "errors": []}


def test_a_manifest_naming_its_launch_file_in_another_letter_case(tmp_path: Path) -> None:
    """Authored on Windows, where Index.html opens index.html: the launch is the file the package holds."""
    export = storyline_scorm2004()
    manifest = export.members["imsmanifest.xml"].replace(b'href="index_lms.html"', b'href="Index_LMS.html"')
    report = check_file(write_zip(tmp_path / "p.zip", export.members | {"imsmanifest.xml": manifest}))
    assert report.to_dict() == {"ok": True, "kind": "scorm", "launch": "index_lms.html", "errors": []}


@pytest.mark.parametrize(
    ("members", "launch"),
    [
        # a Storyline LMS export whose manifest was left out: its start page for a browser is story.html
        ({"index_lms.html": b"<p>lms</p>", "story.html": b"<p>story</p>", "lms/API.js": b""}, "story.html"),
        ({"Bai 1/index_lms.html": b"<p>lms</p>", "Bai 1/lms/API.js": b""}, "Bai 1/index_lms.html"),
        ({"Default.htm": b"<p>x</p>", "images/a.png": b""}, "Default.htm"),
        # Storyline 1 and 2 published as HTML5 only: story_html5.html beside the page shown to older browsers
        (
            {
                "story_html5.html": b"<p>h</p>",
                "story_unsupported.html": b"",
                "ioslaunch.html": b"",
                "story_content/a.js": b"",
            },
            "story_html5.html",
        ),
        ({"index_lms_html5.html": b"", "story_html5.html": b"", "lms/API.js": b""}, "story_html5.html"),
        ({"index_lms_html5.html": b"", "index_lms_flash.html": b"", "lms/API.js": b""}, "index_lms_html5.html"),
        # Articulate Presenter '13 and Quizmaker '13: X.html chooses between X_html5.html and X_flash.html
        (
            {
                "presentation.html": b"",
                "presentation_html5.html": b"",
                "presentation_flash.html": b"",
                "presentation_unsupported.html": b"",
                "ioslaunch.html": b"",
                "presentation_content/a.js": b"",
            },
            "presentation.html",
        ),
        (
            {"quiz_html5.html": b"", "quiz_unsupported.html": b"", "ioslaunch.html": b"", "data/a.js": b""},
            "quiz_html5.html",
        ),
        # published for Flash and HTML5: story.html chooses between them
        ({"story.html": b"", "story_html5.html": b"", "story_flash.html": b""}, "story.html"),
        # one HTML page at the top, whatever its name (a presentation saved as a web page)
        ({"Quang hợp.html": b"<p>x</p>", "Quang hợp_files/slide1.png": b""}, "Quang hợp.html"),
        # index.html wins over the other pages
        ({"index.html": b"<p>x</p>", "story.html": b"<p>y</p>", "about.html": b""}, "index.html"),
    ],
)
def test_html5_start_pages(tmp_path: Path, members: dict[str, bytes], launch: str) -> None:
    report = check_file(write_zip(tmp_path / "p.zip", members))
    assert report.to_dict() == {"ok": True, "kind": "html5", "launch": launch, "errors": []}


@pytest.mark.parametrize(
    ("members", "code"),
    [
        # two pages, none of them a start page: named, to rename one
        ({"trang1.html": b"", "trang2.html": b"", "a.js": b""}, "package.several_pages"),
        (
            {"Bai giang/a.js": b"", "Bai giang/b.css": b"", "._index.html": b"", "__MACOSX/index.html": b""},
            "package.no_index",
        ),
    ],
)
def test_no_start_page_is_still_refused(tmp_path: Path, members: dict[str, bytes], code: str) -> None:
    report = check_file(write_zip(tmp_path / "p.zip", members))
    assert [p["code"] for p in report.problems] == [code]


@pytest.mark.parametrize(
    "manifest",
    [
        # blank lines before the declaration (exporters that write the manifest from a template), after a BOM too
        b'\r\n<?xml version="1.0" encoding="UTF-8"?>\n<manifest><resources><resource href="bai/a.html"/></resources>'
        b"</manifest>",
        b'\xef\xbb\xbf\n<?xml version="1.0"?><manifest><resources><resource href="bai/a.html"/></resources></manifest>',
        # xml:base on the manifest itself (IMS CP allows it there as on resources and resource)
        b'<manifest xml:base="bai/"><resources><resource href="a.html"/></resources></manifest>',
        # declared in the Vietnamese Windows code page
        '<?xml version="1.0" encoding="windows-1258"?><manifest><resources><resource href="bai/a.html"/>'
        "</resources><!-- Bài gia\u0309ng --></manifest>".encode("cp1258"),
    ],
)
def test_manifests_as_exporters_write_them(tmp_path: Path, manifest: bytes) -> None:
    report = check_file(write_zip(tmp_path / "p.zip", {"imsmanifest.xml": manifest, "bai/a.html": b"<p>x</p>"}))
    assert report.to_dict() == {"ok": True, "kind": "scorm", "launch": "bai/a.html", "errors": []}


H5P = {
    "h5p.json": '{"title": "Quang hợp", "mainLibrary": "H5P.InteractiveVideo", "language": "vi"}'.encode(),
    "content/content.json": b"{}",
    "H5P.InteractiveVideo-1.26/library.json": b"{}",
}


@pytest.mark.parametrize("name", ["quang-hop.h5p", "quang-hop.zip"])
def test_an_h5p_file_is_refused_saying_it_needs_a_player(tmp_path: Path, name: str) -> None:
    """An .h5p file (or one renamed .zip) has no page a browser can open: refused once, by a reason that tells the
    teacher to export it, not as a package without index.html or a file of an unknown type."""
    report = check_file(write_zip(tmp_path / name, H5P))
    assert (report.ok, [p["code"] for p in report.problems]) == (False, ["package.h5p"])


@pytest.mark.parametrize(
    ("name", "tool"),
    [("Bài 5.story", "Articulate Storyline"), ("quang-hop.cptx", "Adobe Captivate"), ("bai.approj", "ActivePresenter")],
)
def test_an_authoring_tools_project_is_refused_saying_to_publish_it(
    app: Flask, tmp_path: Path, name: str, tool: str
) -> None:
    """A teacher uploads the project file the tool saves (a .story is a zip) instead of what it publishes: refused
    once, naming the tool and telling to publish, not "rename it .zip" nor "the package has no index.html"."""
    report = check_file(
        write_zip(tmp_path / "upload", {"story/story.xml": b"<story/>", "[Content_Types].xml": b"<Types/>"}),
        declared_name=name,
    )
    assert [(p["code"], p["detail"]) for p in report.problems] == [("file.authoring_project", tool)]
    with app.test_request_context(), force_locale("vi"):
        assert report_messages(report) == [
            f"Đây là tệp dự án của {tool}: chỉ phần mềm đó mở được, và giám khảo không có nó. Hãy xuất bản (Publish) "
            f"bài giảng từ {tool} ra HTML5 hoặc SCORM rồi tải tệp zip nhận được lên."
        ]


@pytest.mark.parametrize(("tool", "kind"), [("storyline-scorm2004", "scorm"), ("storyline-web", "html5")])
def test_an_export_zipped_with_other_files_beside_it(tmp_path: Path, tool: str, kind: str) -> None:
    """The export's folder and the written report beside it: the only manifest (or start page) in the zip says
    where the package is."""
    members, launch = WRAPPINGS["in-its-folder"](EXPORTS[tool]())
    members |= {"Thuyết minh bài giảng.docx": b"PK\x05\x06" + bytes(18), "Ảnh chụp màn hình/1.png": b"\x89PNG"}
    report = check_file(write_zip(tmp_path / "Nộp bài.zip", members))
    assert report.to_dict() == {"ok": True, "kind": kind, "launch": launch, "errors": []}


@pytest.mark.parametrize(
    ("members", "named"),
    [
        ({"Bai 1/index.html": b"<p>1</p>", "Bai 2/index.html": b"<p>2</p>", "ghi-chu.txt": b""}, "Bai 1/index.html"),
        ({f"{x}/imsmanifest.xml": b"<manifest/>" for x in "AB"} | {f"{x}/res/index.html": b"" for x in "AB"}, "A/ims"),
    ],
)
def test_several_start_pages_in_several_folders_are_still_refused(
    tmp_path: Path, members: dict[str, bytes], named: str
) -> None:
    """Two lectures in one zip: which one the teacher means cannot be guessed, and the refusal says why."""
    report = check_file(write_zip(tmp_path / "p.zip", members))
    assert [p["code"] for p in report.problems] == ["package.several_starts"]
    assert named in (report.problems[0]["entry"] or "")


@pytest.mark.parametrize(
    "launch", ["https://lms.example/bai-1/index.html", "../index_TINCAN.html", "", "khong-co.html"]
)
def test_a_tincan_launch_outside_the_package_names_no_start_page(tmp_path: Path, launch: str) -> None:
    """An xAPI descriptor whose launch is an address elsewhere, climbs out, is empty or names a missing page does
    not choose a page: the package is refused as one without a start page is."""
    tincan = f"<tincan><activities><activity><launch>{launch}</launch></activity></activities></tincan>"
    members = {"tincan.xml": tincan.encode(), "index_TINCAN.html": b"<p>1", "goodbye.html": b"<p>2"}
    report = check_file(write_zip(tmp_path / "p.zip", members))
    assert [p["code"] for p in report.problems] == ["package.several_pages"]


def test_a_tincan_descriptor_with_a_doctype_is_not_read(tmp_path: Path) -> None:
    tincan = b'<!DOCTYPE t [<!ENTITY a "index_TINCAN.html">]><tincan><activities><activity><launch>&a;</launch>'
    members = {"tincan.xml": tincan + b"</activity></activities></tincan>", "a.html": b"1", "b.html": b"2"}
    assert not check_file(write_zip(tmp_path / "p.zip", members)).ok
