"""E-lecture packages laid out as authoring tools export them, and zipped as teachers zip them.

An export is a mapping of member names to contents, with the page a browser opens first (``launch``). The layouts
follow what each kind of tool writes: a SCORM 1.2 manifest with namespace prefixes and a byte order mark and its
player under ``res/`` (as iSpring Suite writes), a SCORM 2004 manifest launching ``index_lms.html`` beside
``story.html`` (Articulate Storyline), a SCORM 2004 manifest with ``xml:base`` and a percent-encoded Vietnamese
folder (Adobe Captivate), Captivate's xAPI output launched by its ``tincan.xml``, a cmi5 course launched by its
``cmi5.xml``, a web export opening at ``story.html`` (Storyline), at ``index.html`` (Rise,
ActivePresenter, Lectora). Each wrapping then zips an export the way a teacher's computer does: as is, inside the
folder the tool wrote, with the litter of Windows and macOS, by PowerShell's ``Compress-Archive`` (backslashes), by
macOS's Finder (decomposed names and ``__MACOSX``), or one folder deeper.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PAGE = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Quang hợp</title>'
    '<link rel="stylesheet" href="{css}"></head><body><h1>Bài 1: Quang hợp</h1>'
    '<img src="{image}" alt="Lá cây"><script src="{script}"></script></body></html>'
)
PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG_1PX = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Export:
    """What a tool wrote: its members and the member a browser opens first."""

    members: dict[str, bytes]
    launch: str


def page(css: str, image: str, script: str) -> bytes:
    return PAGE.format(css=css, image=image, script=script).encode()


def ispring_scorm12() -> Export:
    manifest = (
        '<?xml version="1.0" encoding="utf-8"?>\r\n'
        '<imscp:manifest identifier="ispring-1" version="1.2" xmlns:imscp="http://www.imsproject.org/xsd/imscp_rootv1p1p2"'
        ' xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd">\r\n'
        "<imscp:metadata><imscp:schema>ADL SCORM</imscp:schema><imscp:schemaversion>1.2</imscp:schemaversion>"
        "</imscp:metadata>\r\n"
        '<imscp:organizations default="org"><imscp:organization identifier="org"><imscp:title>Quang hợp</imscp:title>'
        '<imscp:item identifier="item" identifierref="res" isvisible="true"><imscp:title>Bài 1</imscp:title>'
        "<adlcp:masteryscore>80</adlcp:masteryscore></imscp:item></imscp:organization></imscp:organizations>\r\n"
        '<imscp:resources><imscp:resource identifier="res" type="webcontent" adlcp:scormtype="sco" '
        'href="res/index.html"><imscp:file href="res/index.html"/><imscp:file href="res/data/player.js"/>'
        "</imscp:resource></imscp:resources></imscp:manifest>\r\n"
    )
    return Export(
        {
            "imsmanifest.xml": BOM + manifest.encode(),
            "imscp_rootv1p1p2.xsd": b"<xs:schema/>",
            "res/index.html": page("data/player.css", "data/slide1.png", "data/player.js"),
            "res/data/player.css": b"body { margin: 0 }",
            "res/data/player.js": b"window.player = {};",
            "res/data/slide1.png": PNG_1PX,
        },
        "res/index.html",
    )


def storyline_scorm2004(manifest_name: str = "imsmanifest.xml") -> Export:
    manifest = (
        '<?xml version="1.0" standalone="no" ?>\n'
        '<manifest identifier="Storyline_1" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" '
        'xmlns:imsss="http://www.imsglobal.org/xsd/imsss">\n'
        "<metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>\n"
        '<organizations default="Storyline_1_ORG"><organization identifier="Storyline_1_ORG">'
        '<title>Quang hợp</title><item identifier="Storyline_1_SCO" identifierref="Storyline_1_RES">'
        "<title>Quang hợp</title></item></organization></organizations>\n"
        '<resources><resource identifier="Storyline_1_RES" type="webcontent" adlcp:scormType="sco" '
        'href="index_lms.html"><file href="index_lms.html"/><file href="story.html"/></resource></resources>\n'
        "</manifest>\n"
    )
    return Export(
        {
            manifest_name: manifest.encode(),
            "index_lms.html": page("html5/lib/stylesheets/main.min.css", "story_content/thumbnail.jpg", "lms/API.js"),
            "story.html": page("html5/lib/stylesheets/main.min.css", "story_content/thumbnail.jpg", "lms/API.js"),
            "lms/API.js": b"function findAPI() { return null; }",
            "html5/lib/stylesheets/main.min.css": b"html { height: 100% }",
            "story_content/thumbnail.jpg": JPEG_1PX,
        },
        "index_lms.html",
    )


def captivate_scorm2004() -> Export:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest identifier="Captivate_1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">\n'
        "<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>\n"
        '<organizations default="ORG"><organization identifier="ORG"><title>Quang hợp</title>'
        '<item identifier="SCO" identifierref="RES" parameters="?lang=vi"><title>Bài 1</title></item>'
        "</organization></organizations>\n"
        '<resources xml:base="n%E1%BB%99i%20dung/"><resource identifier="RES" type="webcontent" '
        'adlcp:scormType="sco" href="index_scorm.html?autoplay=0"><file href="index_scorm.html"/></resource>'
        "</resources>\n</manifest>\n"
    )
    return Export(
        {
            "imsmanifest.xml": manifest.encode(),
            "nội dung/index_scorm.html": page("assets/css/CPLibraryAll.css", "dr/ảnh bìa.png", "assets/js/CPM.js"),
            "nội dung/assets/css/CPLibraryAll.css": b".cp { }",
            "nội dung/assets/js/CPM.js": b"var cp = {};",
            "nội dung/dr/ảnh bìa.png": PNG_1PX,
        },
        "nội dung/index_scorm.html",
    )


def storyline_web() -> Export:
    return Export(
        {
            "story.html": page(
                "html5/lib/stylesheets/main.min.css", "story_content/thumbnail.jpg", "html5/data/js/data.js"
            ),
            "html5/lib/stylesheets/main.min.css": b"html { height: 100% }",
            "html5/data/js/data.js": b"window.globalProvideData('data', '{}');",
            "story_content/thumbnail.jpg": JPEG_1PX,
            "meta.xml": b"<meta/>",
        },
        "story.html",
    )


def html5_index() -> Export:
    return Export(
        {
            "index.html": page("lib/main.css", "assets/Ảnh 1.png", "lib/main.bundle.js"),
            "lib/main.css": b"main { }",
            "lib/main.bundle.js": b"var app = {};",
            "assets/Ảnh 1.png": PNG_1PX,
        },
        "index.html",
    )


def captivate_xapi() -> Export:
    """Captivate's xAPI (Tin Can) output: ``tincan.xml`` naming its launch page, beside the goodbye page it shows
    when the learner leaves; no ``index.html``."""
    tincan = (
        '<?xml version="1.0" encoding="utf-8" ?>\n<tincan xmlns="http://projecttincan.com/tincan.xsd">'
        '<activities><activity id="http://hoithi.example/bai-1" type="http://adlnet.gov/expapi/activities/course">'
        '<name>Quang hợp</name><description lang="und">Bài 1</description>'
        '<launch lang="und">index_TINCAN.html</launch></activity></activities></tincan>'
    )
    return Export(
        {
            "tincan.xml": tincan.encode(),
            "index_TINCAN.html": page("assets/css/CPLibraryAll.css", "dr/bia.png", "assets/js/CPM.js"),
            "goodbye.html": b"<html><body>T\xe1\xba\xa1m bi\xe1\xbb\x87t</body></html>",
            "assets/css/CPLibraryAll.css": b".cp { }",
            "assets/js/CPM.js": b"var cp = {};",
            "dr/bia.png": PNG_1PX,
        },
        "index_TINCAN.html",
    )


def cmi5_course() -> Export:
    """A cmi5 course: ``cmi5.xml`` at the top, whose assignable unit's URL (relative, with a query) names the page to
    launch, among the player's other pages."""
    course = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">'
        '<course id="https://hoithi.example/bai-2"><title><langstring lang="vi">Phân số</langstring></title>'
        '<description><langstring lang="vi">Bài 2</langstring></description></course>'
        '<au id="https://hoithi.example/bai-2/au" moveOn="Completed" launchMethod="OwnWindow">'
        '<title><langstring lang="vi">Bài 2</langstring></title>'
        '<description><langstring lang="vi">Phân số</langstring></description>'
        "<url>content/launch.html?lang=vi</url></au></courseStructure>"
    )
    return Export(
        {
            "cmi5.xml": course.encode(),
            "content/launch.html": page("lib/player.css", "img/bia.png", "lib/player.js"),
            "content/review.html": b"<p>Xem l\xe1\xba\xa1i</p>",
            "content/lib/player.css": b"body { }",
            "content/lib/player.js": b"var player = {};",
            "content/img/bia.png": PNG_1PX,
        },
        "content/launch.html",
    )


EXPORTS: dict[str, Callable[[], Export]] = {
    "captivate-xapi": captivate_xapi,
    "cmi5-course": cmi5_course,
    "ispring-scorm12": ispring_scorm12,
    "storyline-scorm2004": storyline_scorm2004,
    "captivate-scorm2004": captivate_scorm2004,
    "storyline-web": storyline_web,
    "html5-index": html5_index,
}

FOLDER = "Bài giảng Quang hợp"


def as_exported(export: Export) -> tuple[dict[str, bytes], str]:
    return dict(export.members), export.launch


def in_its_folder(export: Export) -> tuple[dict[str, bytes], str]:
    return {f"{FOLDER}/{name}": data for name, data in export.members.items()}, f"{FOLDER}/{export.launch}"


def with_litter(export: Export) -> tuple[dict[str, bytes], str]:
    members, launch = in_its_folder(export)
    litter = {".DS_Store": b"\0\0\0\1Bud1", "Thumbs.db": b"\xd0\xcf\x11\xe0", f"{FOLDER}/desktop.ini": b"[.Shell]"}
    return members | litter, launch


def by_powershell(export: Export) -> tuple[dict[str, bytes], str]:
    """``Compress-Archive`` of Windows PowerShell 5 writes backslashes between folders."""
    members, launch = in_its_folder(export)
    return {name.replace("/", "\\"): data for name, data in members.items()}, launch


def by_finder(export: Export) -> tuple[dict[str, bytes], str]:
    """macOS's Finder writes names decomposed, and AppleDouble files under ``__MACOSX``."""
    members, launch = in_its_folder(export)
    decomposed = {unicodedata.normalize("NFD", name): data for name, data in members.items()}
    apple = {f"__MACOSX/{FOLDER}/._{name.rsplit('/', 1)[-1]}": b"\0\5\26\7" for name in members}
    return decomposed | {unicodedata.normalize("NFD", name): data for name, data in apple.items()}, launch


def by_finder_with_folder_icon(export: Export) -> tuple[dict[str, bytes], str]:
    """A folder given a custom icon holds the empty file ``Icon\r`` (its icon in the resource fork, which Finder
    zips as ``._Icon\r`` under ``__MACOSX``)."""
    members, launch = by_finder(export)
    icon = {f"{FOLDER}/Icon\r": b"", f"__MACOSX/{FOLDER}/._Icon\r": b"\0\5\26\7icns"}
    return members | {unicodedata.normalize("NFD", name): data for name, data in icon.items()}, launch


def one_folder_deeper(export: Export) -> tuple[dict[str, bytes], str]:
    members, launch = in_its_folder(export)
    return {f"Nộp bài/{name}": data for name, data in members.items()}, f"Nộp bài/{launch}"


WRAPPINGS: dict[str, Callable[[Export], tuple[dict[str, bytes], str]]] = {
    "as-exported": as_exported,
    "in-its-folder": in_its_folder,
    "with-litter": with_litter,
    "by-powershell": by_powershell,
    "by-finder": by_finder,
    "by-finder-with-folder-icon": by_finder_with_folder_icon,
    "one-folder-deeper": one_folder_deeper,
}


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    """The members zipped as ``zipfile`` writes them (names flagged UTF-8 when they are not ASCII); folders get
    their own entries, as most zip tools write them."""
    folders = {name.rsplit("/", 1)[0] + "/" for name in members if "/" in name}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for folder in sorted(folders):
            zf.writestr(folder, b"")
        for name, data in members.items():
            zf.writestr(name, data)
    return path
