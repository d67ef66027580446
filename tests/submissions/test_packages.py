"""HTML5 and SCORM packages are accepted with the right launch entry; packages without one are refused."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from submissions.validate import Limits, check_file

from .crafting import make_zip, write_zeros_bomb

INDEX = "<!doctype html><title>Bài giảng</title>"

SCORM_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bai-giang" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1">
      <title>Bài giảng</title>
      <item identifier="item1" identifierref="res1"><title>Mở đầu</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="{href}">
      <file href="{href}"/>
    </resource>
  </resources>
</manifest>
"""

# SCORM 2004: the default organisation is not the first, its first item is a folder, and xml:base applies.
SCORM_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bai-giang" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="main">
    <organization identifier="other"><item identifier="x" identifierref="quiz"/></organization>
    <organization identifier="main">
      <item identifier="chapter"><title>Chương 1</title>
        <item identifier="lesson" identifierref="lesson-res"/>
      </item>
    </organization>
  </organizations>
  <resources xml:base="content/">
    <resource identifier="quiz" type="webcontent" adlcp:scormType="sco" href="quiz.html"/>
    <resource identifier="lesson-res" type="webcontent" adlcp:scormType="sco" xml:base="lesson/"
        href="b%C3%A0i%201.html?lang=vi"/>
  </resources>
</manifest>
"""


def check(tmp_path: Path, files: Mapping[str, bytes | str], limits: Limits | None = None) -> dict[str, object]:
    return check_file(make_zip(tmp_path / "goi.zip", files), limits=limits).to_dict()


def accepted(kind: str, launch: str) -> dict[str, object]:
    return {"ok": True, "kind": kind, "launch": launch, "errors": []}


@pytest.mark.parametrize(
    ("files", "launch"),
    [
        ({"index.html": INDEX, "js/app.js": ""}, "index.html"),
        ({"Bai giang/": "", "Bai giang/index.htm": INDEX, "Bai giang/css/a.css": ""}, "Bai giang/index.htm"),
        ({"story/Index.HTML": INDEX, "__MACOSX/story/._Index.HTML": ""}, "story/Index.HTML"),
    ],
)
def test_html5_launch(tmp_path: Path, files: dict[str, bytes | str], launch: str) -> None:
    assert check(tmp_path, files) == accepted("html5", launch)


def test_html5_index_must_be_at_the_root(tmp_path: Path) -> None:
    """Away from the root, only the one index.html of the zip would be taken (see test_real_packages)."""
    report = check(tmp_path, {"a/index.html": INDEX, "b/index.html": INDEX})
    assert report == {
        "ok": False,
        "kind": "html5",
        "launch": None,
        "errors": [
            "the package has several start pages in different folders (a/index.html, b/index.html): zip only the "
            "exported folder"
        ],
    }


def test_empty_packages(tmp_path: Path) -> None:
    assert check(tmp_path, {})["errors"] == ["the package is empty"]
    assert check(tmp_path, {"folder/": ""})["errors"] == ["the package is empty"]


def test_scorm_12(tmp_path: Path) -> None:
    files = {"imsmanifest.xml": SCORM_12.format(href="shared/launch.html"), "shared/launch.html": INDEX}
    assert check(tmp_path, files | {"index.html": INDEX}) == accepted("scorm", "shared/launch.html")


def test_scorm_2004_default_organisation_and_xml_base(tmp_path: Path) -> None:
    files = {
        "pkg/imsmanifest.xml": SCORM_2004,
        "pkg/content/quiz.html": INDEX,
        "pkg/content/lesson/bài 1.html": INDEX,
    }
    assert check(tmp_path, files) == accepted("scorm", "pkg/content/lesson/bài 1.html")


def test_scorm_falls_back_to_the_first_resource_with_an_href(tmp_path: Path) -> None:
    manifest = SCORM_12.format(href="a.html").replace('identifierref="res1"', 'identifierref="nowhere"')
    assert check(tmp_path, {"imsmanifest.xml": manifest, "a.html": INDEX}) == accepted("scorm", "a.html")


def test_scorm_launch_file_missing(tmp_path: Path) -> None:
    report = check(tmp_path, {"imsmanifest.xml": SCORM_12.format(href="story.html"), "index.html": INDEX})
    assert report == {
        "ok": False,
        "kind": "scorm",
        "launch": None,
        "errors": ["imsmanifest.xml: its launch file story.html is not in the package"],
    }


@pytest.mark.parametrize("href", ["../outside.html", "http://example.com/a.html"])
def test_scorm_launch_outside_the_package(tmp_path: Path, href: str) -> None:
    report = check(tmp_path, {"imsmanifest.xml": SCORM_12.format(href=href), "outside.html": INDEX})
    assert report["errors"] == [f"imsmanifest.xml: its launch file {href} is not in the package"]


def test_scorm_without_any_href(tmp_path: Path) -> None:
    manifest = SCORM_12.format(href="x").replace(' href="x"', "")
    report = check(tmp_path, {"imsmanifest.xml": manifest})
    assert report["errors"] == ["imsmanifest.xml: no resource names a launch file"]


@pytest.mark.parametrize(
    "manifest",
    [
        "<manifest><resources><resource href='a.html'></manifest>",
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><manifest>&a;</manifest>',
        '<?xml version="1.0" encoding="bogus"?><manifest/>',
    ],
)
def test_scorm_bad_manifest(tmp_path: Path, manifest: str) -> None:
    report = check_file(make_zip(tmp_path / "goi.zip", {"imsmanifest.xml": manifest, "a.html": INDEX}))
    assert [p["code"] for p in report.problems] == ["scorm.bad_manifest"]
    assert report.errors[0].startswith("imsmanifest.xml: not a valid manifest")


def test_scorm_manifest_size_cap(tmp_path: Path) -> None:
    files = {"imsmanifest.xml": SCORM_12.format(href="a.html"), "a.html": INDEX}
    report = check(tmp_path, files, Limits(max_manifest_size=100))
    assert report["errors"] == ["imsmanifest.xml: the manifest is damaged or larger than 100 bytes"]


def test_ten_thousand_files_accepted(tmp_path: Path) -> None:
    files: dict[str, bytes | str] = {f"lesson/media/{i:05}.js": f"var n = {i};" for i in range(10_000)}
    assert check(tmp_path, files | {"lesson/index.html": INDEX}) == accepted("html5", "lesson/index.html")


def test_docx_is_checked_as_an_archive(tmp_path: Path) -> None:
    files = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "../evil": ""}
    report = check_file(make_zip(tmp_path / "giao-an.docx", files))
    assert (report.kind, [p["code"] for p in report.problems]) == ("document", ["zip.parent_path"])


def test_a_zip_inside_a_package_is_a_file_like_any_other_never_unpacked(tmp_path: Path) -> None:
    """A nested zip bomb costs the check its compressed size: only the outer zip is unpacked (and it is small)."""
    inner = write_zeros_bomb(tmp_path / "inner.zip", 50).read_bytes()
    path = make_zip(tmp_path / "p.zip", {"index.html": INDEX, "tai-lieu/bom.zip": inner})
    assert check_file(path).to_dict() == {"ok": True, "kind": "html5", "launch": "index.html", "errors": []}


@pytest.mark.parametrize(
    ("files", "code"),
    [
        # Scratch 3 (.sb3): project.json and its costumes and sounds, named by their MD5
        ({"project.json": '{"targets": []}', "83a9787d4cb6f3b7632b4ddfebf74367.wav": b"RIFF"}, "file.scratch_project"),
        (
            {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"},
            "file.open_document",
        ),
        (
            {"mimetype": "application/epub+zip", "META-INF/container.xml": "<container/>", "OEBPS/ch1.xhtml": INDEX},
            "file.epub",
        ),
    ],
    ids=["scratch", "odt", "epub"],
)
@pytest.mark.parametrize("name", ["tep.zip", "tep.docx", "tep.sb3", "tep.odt", "tep.epub"])
def test_zips_that_are_not_packages_are_refused_by_their_format_only(
    tmp_path: Path, files: dict[str, bytes | str], code: str, name: str
) -> None:
    report = check_file(make_zip(tmp_path / "x", files), declared_name=name)
    assert [p["code"] for p in report.problems] == [code]


@pytest.mark.parametrize(
    "files",
    [
        {"Bai giang - Storyline output.zip": b"PK\x05\x06" + bytes(18)},
        {"Bai giang/Bai giang.zip": b"PK\x05\x06" + bytes(18), "Bai giang/Bao cao.docx": b"PK", "__MACOSX/._x": b""},
    ],
)
def test_a_zip_holding_a_zip_and_no_page_says_to_upload_the_inner_zip(
    tmp_path: Path, files: dict[str, bytes | str]
) -> None:
    inner = next(name for name in files if name.endswith(".zip"))
    report = check_file(make_zip(tmp_path / "goi.zip", files))
    assert [(p["code"], p["entry"]) for p in report.problems] == [("package.nested_zip", inner)]


def test_a_zip_of_zips_beside_pages_is_not_told_to_upload_the_inner_one(tmp_path: Path) -> None:
    files: dict[str, bytes | str] = {"a.html": INDEX, "b.html": INDEX, "tai-nguyen.zip": b"PK\x05\x06" + bytes(18)}
    assert [p["code"] for p in check_file(make_zip(tmp_path / "goi.zip", files)).problems] == ["package.several_pages"]


def smart_player(stem: str) -> dict[str, bytes | str]:
    """Camtasia's HTML5 (Smart Player) output for a video named ``stem``: the page, the player it embeds in an
    iframe, the player's settings, the video and the player's scripts and skins."""
    page = f'<iframe src="{stem}_player.html?embedIFrameId=embeddedSmartPlayerInstance"></iframe>'
    return {
        f"{stem}/{stem}.html": page,
        f"{stem}/{stem}_player.html": INDEX,
        f"{stem}/{stem}_config.xml": "<x:xmpmeta/>",
        f"{stem}/{stem}_embed.css": "",
        f"{stem}/{stem}.mp4": b"",
        f"{stem}/{stem}_First_Frame.png": b"",
        f"{stem}/scripts/config_xml.js": "",
        f"{stem}/skins/overlay/skin.js": "",
    }


@pytest.mark.parametrize("stem", ["Bài giảng Vật lý", "Lesson_03"])
def test_camtasias_smart_player_output_starts_at_its_page(tmp_path: Path, stem: str) -> None:
    assert check(tmp_path, smart_player(stem)) == accepted("html5", f"{stem}/{stem}.html")


def test_several_pages_and_no_start_page_are_named_with_the_fix(tmp_path: Path) -> None:
    files = {
        "bai/gioi-thieu.html": INDEX,
        "bai/noi-dung.html": INDEX,
        "bai/noi-dung_unsupported.html": "",
        "bai/a.js": "",
    }
    report = check_file(make_zip(tmp_path / "goi.zip", files))
    assert [(p["code"], p["entry"]) for p in report.problems] == [
        ("package.several_pages", "gioi-thieu.html, noi-dung.html, noi-dung_unsupported.html")
    ]
    assert report.errors[0].endswith("rename the start page to index.html")
