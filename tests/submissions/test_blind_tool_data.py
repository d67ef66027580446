"""The names authoring tools keep in their players' data scripts are emptied in the judge's copy, the scripts
still run: Captivate's project information in ``CPM.js`` (``cp.cv('cpInfoAuthor', ...)``: its Info button shows
author, company, e-mail, website, copyright), Storyline's ``data.js`` (JSON in a string, ``"author"``) and iSpring's
player settings (a ``presenters`` list: name, job title, e-mail, photo, biography). Each script is run by Node
before and after, and what its player receives compared: only those fields changed, to empty strings."""

from __future__ import annotations

import io
import json
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from submissions.validate import check_file

from .authored import shows
from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import make_zip


def escaped(text: str) -> str:
    """``text`` as these tools write letters outside ASCII in their scripts: ``\\uXXXX``."""
    return json.dumps(text)[1:-1]


CAPTIVATE_CPM = f"""cp.CPProjInit = function () {{
  cp.model.data = {{project: {{fps: 30, w: 1024, h: 627}}, project_main: {{from: 1, to: 900, rtDirty: false}}}};
}};
cp.cv('cpInfoAuthor', '{escaped(AUTHOR)}', 1, 15, 0);
cp.cv('cpInfoCompany', '{escaped(SCHOOL)}', 1, 15, 0);
cp.cv('cpInfoCopyright', '\\u00a9 2026 {escaped(AUTHOR)}', 1, 15, 0);
cp.cv('cpInfoCourseName', 'Quang h\\u1ee3p', 1, 15, 0);
cp.cv('cpInfoDescription', 'B\\u00e0i gi\\u1ea3ng Sinh h\\u1ecdc 11', 1, 15, 0);
cp.cv('cpInfoEmail', 'ngocntb@thcs-lqd.edu.vn', 1, 15, 0);
cp.cv('cpInfoWebsite', 'thcs-lqd.edu.vn/~ngoc', 1, 15, 0);
cp.cv('cpInfoProjectName', 'Quang h\\u1ee3p', 1, 15, 0);
"""
STORYLINE_DATA = {
    "title": "Quang hợp",
    "author": AUTHOR,
    "email": "ngocntb@thcs-lqd.edu.vn",
    "description": "Bài giảng Sinh học 11",
    "scenes": [{"kind": "scene", "slides": [{"id": "6Ej", "title": "Mở đầu", "html5url": "html5/data/js/6Ej.js"}]}],
    "validation": {"email": "Hãy nhập địa chỉ email"},  # a message, no address: kept
}
ISPRING_SETTINGS = {
    "skin": {"name": "Universal", "showPresenterInfo": True},
    "presenters": [
        {
            "name": AUTHOR,
            "jobTitle": f"Giáo viên Sinh học, {SCHOOL}",
            "email": "ngocntb@thcs-lqd.edu.vn",
            "phone": "0912 345 678",
            "photo": "data/presenter1.jpg",
            "biography": f"{AUTHOR} dạy Sinh học từ năm 2008.",
        }
    ],
    "slides": [{"title": "Quang hợp", "presenterIndex": 0}],
}
ACTIVEPRESENTER_PARAMS = f"""/*==========================
 * Atomi Ajax Player - Template parameters
 * Company: Atomi Systems, Inc.
 ==========================*/

var PrezInfo = {{
\tName:"Quang h\u1ee3p",
\tDescription:"B\u00e0i gi\u1ea3ng Sinh h\u1ecdc 11",
\tDate1: "2/3/2026",
\tAuthor:"ngocntb",
\tCopyright:"\u00a9 2026 {escaped(AUTHOR)}",
\tHomepage:"https://thcs-lqd.edu.vn/~ngocntb",
\tRLVersion: "9.1.2",
\tAppHomePage: "http://atomisystems.com",
\tViewPort: {{width:1032, height:754}}
}};

var Params =
{{
\tGenerator: "ActivePresenter 9.1.2",
\tCC: {{bgimg: "cc_bgimage.png", modes: 3}},
\tLanguage: "vi_VN"
}};
"""
CAPTURE = """
const vm = require("vm");
const code = require("fs").readFileSync(process.argv[1], "utf8");
const out = {};
const cp = {model: {}, cv: (name, value) => { out[name] = value; }};
const sandbox = {cp, window: {globalProvideData: (kind, text) => { out[kind] = JSON.parse(text); }}};
vm.runInNewContext(code, sandbox);
if (cp.CPProjInit) { cp.CPProjInit(); out.model = cp.model.data; }
if (sandbox.ispringSettings) out.settings = sandbox.ispringSettings;
if (sandbox.PrezInfo) { out.PrezInfo = sandbox.PrezInfo; out.Params = sandbox.Params; }
process.stdout.write(JSON.stringify(out));
"""


def run(tmp_path: Path, script: bytes) -> dict[str, object]:
    """What the player receives from ``script``, as Node runs it."""
    path = tmp_path / "script.js"
    path.write_bytes(script)
    done = subprocess.run(["node", "-e", CAPTURE, str(path)], capture_output=True, check=True, timeout=30)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def storyline_js() -> bytes:
    text = json.dumps(STORYLINE_DATA).replace("\\", "\\\\").replace("'", "\\'")
    return f"window.globalProvideData('data', '{text}');".encode()


def ispring_js() -> bytes:
    return f"var ispringSettings = {json.dumps(ISPRING_SETTINGS, indent=1)};\n".encode()


EXPORTS: dict[str, tuple[dict[str, bytes], str, bytes]] = {
    "captivate": (
        {"index.html": b"<!doctype html><div id=main_container></div>"},
        "assets/js/CPM.js",
        CAPTIVATE_CPM.encode(),
    ),
    "storyline": ({"story.html": b"<!doctype html><div id=app></div>"}, "html5/data/js/data.js", storyline_js()),
    "ispring": ({"index.html": b"<!doctype html><div id=player></div>"}, "data/player.js", ispring_js()),
    "activepresenter": (
        {"index.html": b"<!doctype html><script src='AJAX/params.js'></script>"},
        "AJAX/params.js",
        ACTIVEPRESENTER_PARAMS.encode(),
    ),
}


@pytest.mark.parametrize("tool", EXPORTS)
def test_a_players_data_script_loses_the_authors_names_and_still_runs(tmp_path: Path, tool: str) -> None:
    pages, where, data = EXPORTS[tool]
    library = b'$.extend($.validator.messages, {required: "Required.", email: "Please enter a valid email."});'
    package = make_zip(tmp_path / "p.zip", {**pages, where: data, "lib/validate.js": library})
    assert check_file(package).ok
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        cleaned = after.read(where)
        assert after.read("lib/validate.js") == library
    before, now = run(tmp_path, data), run(tmp_path, cleaned)
    for text in (cleaned, json.dumps(now, ensure_ascii=False).encode()):
        assert not shows(text, AUTHOR) and not shows(text, SCHOOL) and b"ngocntb" not in text
    assert report.sightings == [] and report.kept == []
    assert _changed(before, now) == EMPTIED[tool]


EMPTIED = {
    "captivate": {"cpInfoAuthor", "cpInfoCompany", "cpInfoCopyright", "cpInfoEmail", "cpInfoWebsite"},
    "storyline": {"data.author", "data.email"},
    "ispring": {f"settings.presenters.0.{k}" for k in ("name", "jobTitle", "email", "phone", "photo", "biography")},
    "activepresenter": {"PrezInfo.Author", "PrezInfo.Copyright", "PrezInfo.Homepage"},
}


def _changed(before: object, now: object, path: str = "") -> set[str]:
    """The paths of values that differ, each of which is now an empty string."""
    if isinstance(before, dict) and isinstance(now, dict) and before.keys() == now.keys():
        return {p for k in before for p in _changed(before[k], now[k], f"{path}.{k}".lstrip("."))}
    if isinstance(before, list) and isinstance(now, list) and len(before) == len(now):
        return {p for i, (b, n) in enumerate(zip(before, now, strict=True)) for p in _changed(b, n, f"{path}.{i}")}
    if before == now:
        return set()
    assert now == "", (path, now)
    return {path}


def test_a_value_whose_end_is_not_certain_is_kept_and_read_for_names(tmp_path: Path) -> None:
    """An escaped quote in the value: left as it is, the author told, rather than risk breaking the script."""
    data = f"var s = {{author: '{AUTHOR} (\\'Ngọc\\')', title: 'Quang hợp'}};".encode()
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<p>Bai</p>", "data/s.js": data})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        assert after.read("data/s.js") == data
    assert [s.where for s in report.sightings] == ["data/s.js"]


def test_ispring_settings_inline_in_its_page_lose_the_presenter_and_still_run(tmp_path: Path) -> None:
    script = ispring_js()
    page = (
        b"<!doctype html><html><head><script>" + script + b"</script></head><body><div id=player></div></body></html>"
    )
    package = make_zip(tmp_path / "p.zip", {"index.html": page})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        cleaned = after.read("index.html")
    inline = cleaned[cleaned.index(b"<script>") + 8 : cleaned.index(b"</script>")]
    assert not shows(cleaned, AUTHOR) and not shows(cleaned, SCHOOL) and b"ngocntb" not in cleaned
    assert _changed(run(tmp_path, script), run(tmp_path, inline)) == EMPTIED["ispring"]
    assert report.sightings == [] and report.kept == []


ISPRING_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<settings>
  <skin name="Universal" showPresenterInfo="true"/>
  <presenters>
    <presenter id="0" name="{AUTHOR}" photo="data/presenter1.jpg">
      <jobTitle>Giáo viên Sinh học, {SCHOOL}</jobTitle>
      <email>ngocntb@thcs-lqd.edu.vn</email>
      <phone>0912 345 678</phone>
      <biography><![CDATA[<p>{AUTHOR} dạy Sinh học từ năm 2008.</p>]]></biography>
    </presenter>
  </presenters>
  <slides><slide title="Quang hợp" presenterIndex="0"/></slides>
</settings>
""".encode()


def test_ispring_settings_kept_as_xml_lose_the_presenter_and_stay_the_same_document(tmp_path: Path) -> None:
    from lxml import etree

    package = make_zip(
        tmp_path / "p.zip", {"index.html": b"<!doctype html><div id=player></div>", "data/settings.xml": ISPRING_XML}
    )
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        cleaned = after.read("data/settings.xml")
    assert not shows(cleaned, AUTHOR) and not shows(cleaned, SCHOOL) and b"ngocntb" not in cleaned
    before, now = etree.fromstring(ISPRING_XML), etree.fromstring(cleaned)
    assert [e.tag for e in before.iter()] == [e.tag for e in now.iter()]  # every element kept, in its place
    presenter = now.find("presenters/presenter")
    assert presenter is not None and presenter.get("id") == "0"
    assert presenter.get("name") == presenter.get("photo") == "" and all(not (e.text or "").strip() for e in presenter)
    assert now.find("slides/slide").attrib == before.find("slides/slide").attrib  # type: ignore[union-attr]
    assert now.find("skin").attrib == before.find("skin").attrib  # type: ignore[union-attr]
    assert report.sightings == [] and report.kept == []


def _photo(tmp_path: Path, name: str, size: tuple[int, int], form: str) -> bytes:
    """A photo of random pixels (as a face's are: no two alike) of ``size``, saved as ``form`` by Pillow."""
    import os

    from PIL import Image

    picture = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    path = tmp_path / name
    picture.save(path, form)
    return path.read_bytes()


@pytest.mark.parametrize(
    "where, form, named",
    [
        ("script", "JPEG", "presenter1"),
        ("page", "PNG", "presenter1"),
        ("xml", "JPEG", "presenter1"),
        ("script", "JPEG", unicodedata.normalize("NFD", "ảnh cô Ngọc")),  # a Mac's name, decomposed
        ("page", "PNG", quote("ảnh cô Ngọc")),  # a page's address, percent-encoded
    ],
)
def test_the_presenters_photo_is_blank_in_the_judges_copy_and_still_a_picture_of_its_size(
    tmp_path: Path, where: str, form: str, named: str
) -> None:
    from PIL import Image

    suffix = ".jpg" if form == "JPEG" else ".png"
    photo_name = f"data/{unicodedata.normalize('NFC', unquote(named))}{suffix}"
    written = f"data/{named}{suffix}"
    settings = dict(ISPRING_SETTINGS, presenters=[dict(ISPRING_SETTINGS["presenters"][0], photo=written)])  # type: ignore[index]
    script = f"var ispringSettings = {json.dumps(settings)};".encode()
    files: dict[str, bytes] = {
        "index.html": b"<!doctype html><div id=player></div>",
        photo_name: _photo(tmp_path, "face" + suffix, (120, 160), form),
        "data/slide1.jpg": _photo(tmp_path, "slide.jpg", (64, 48), "JPEG"),  # a slide's picture: the work
    }
    if where == "script":
        files["data/player.js"] = script
    elif where == "page":
        files["index.html"] = b"<!doctype html><script>" + script + b"</script><div id=player></div>"
    else:
        files["data/settings.xml"] = ISPRING_XML.replace(b"data/presenter1.jpg", written.encode())
    package = make_zip(tmp_path / "p.zip", {"Bai giang/" + name: data for name, data in files.items()})
    assert check_file(package).ok
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        blank, slide = after.read("bai-giang/" + photo_name), after.read("bai-giang/data/slide1.jpg")
    with Image.open(io.BytesIO(blank)) as picture, Image.open(io.BytesIO(files[photo_name])) as face:
        assert (picture.format, picture.size) == (face.format, face.size)  # the player still shows a picture
        assert len({colour for _, colour in picture.convert("RGB").getcolors(1 << 16) or [(0, None)]}) == 1
    with Image.open(io.BytesIO(slide)) as picture, Image.open(io.BytesIO(files["data/slide1.jpg"])) as before:
        assert picture.tobytes() == before.tobytes()  # the lecture's own pictures keep every pixel
    assert report.kept == [] and report.greyed == ["Bai giang/" + photo_name]  # as the author named it


def test_the_presenters_photo_is_blank_also_where_a_slide_shows_it(tmp_path: Path) -> None:
    """A teacher who puts their own photo on the title slide as well: it is one file, and the face is the author's
    wherever it shows, so the slide shows the grey picture too (docs/blind-review.md says so); the slide's page and
    its other pictures are kept as they were."""
    from PIL import Image

    face = _photo(tmp_path, "face.jpg", (120, 160), "JPEG")
    slide = b'<!doctype html><h1>Ph\xc3\xa2n s\xe1\xbb\x91</h1><img src="presenter1.jpg" alt="">'
    script = f"var ispringSettings = {json.dumps(ISPRING_SETTINGS)};".encode()
    package = make_zip(
        tmp_path / "p.zip",
        {"index.html": b"<!doctype html><div id=player></div>", "data/player.js": script,
         "data/presenter1.jpg": face, "data/slide1.html": slide},
    )  # fmt: skip
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        blank, page = after.read("data/presenter1.jpg"), after.read("data/slide1.html")
    assert page == slide
    with Image.open(io.BytesIO(blank)) as picture:
        assert picture.size == (120, 160)
        assert len({colour for _, colour in picture.convert("RGB").getcolors(1 << 16) or [(0, None)]}) == 1
    assert report.kept == [] and report.greyed == ["data/presenter1.jpg"]  # the author is told (test_blind_review)


PROJECT_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<meta>
  <project title="Quang hợp" id="6a1F" author="{AUTHOR}" authorEmail="ngocntb@thcs-lqd.edu.vn" lang="vi-VN">
    <email>Nhập địa chỉ e-mail</email>
    <author>{AUTHOR}</author>
    <slide title="Mở đầu" />
  </project>
</meta>
""".encode()


def test_a_tools_xml_loses_the_attributes_and_texts_naming_a_person(tmp_path: Path) -> None:
    """A project's XML (``author="..."``, ``<author>``, an ``authorEmail``) loses those values as a script's keys
    do; an ``email`` that holds no address (a field's placeholder) and every other attribute stay."""
    from lxml import etree

    package = make_zip(tmp_path / "p.zip", {"story.html": b"<!doctype html>", "meta.xml": PROJECT_XML})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        cleaned = after.read("meta.xml")
    project = etree.fromstring(cleaned).find("project")
    assert project is not None and not shows(cleaned, AUTHOR) and b"ngocntb" not in cleaned
    assert {str(k): str(v) for k, v in project.attrib.items()} == {
        "title": "Quang hợp",
        "id": "6a1F",
        "author": "",
        "authorEmail": "",
        "lang": "vi-VN",
    }
    assert project.findtext("email") == "Nhập địa chỉ e-mail" and project.findtext("author") == ""
    assert report.sightings == [] and report.kept == []


def test_the_same_settings_kept_as_a_json_data_file_lose_the_presenter_and_stay_json(tmp_path: Path) -> None:
    """A player that fetches its settings as JSON (``data/settings.json``, a course's ``config.json``) keeps the same
    fields a data script does: emptied alike, every other value as it was, the file still JSON."""
    settings = {**ISPRING_SETTINGS, "course": {"title": "Quang hợp", "author": AUTHOR, "email": "ngocntb@lqd.edu.vn"}}
    data = json.dumps(settings, ensure_ascii=False, indent=2).encode()
    package = make_zip(
        tmp_path / "p.zip", {"index.html": b"<!doctype html><div id=player></div>", "data/settings.json": data}
    )
    copy, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        cleaned = after.read("data/settings.json")
    now = json.loads(cleaned)
    assert AUTHOR.encode() not in cleaned and SCHOOL.encode() not in cleaned and b"ngocntb" not in cleaned
    assert now["course"] == {"title": "Quang hợp", "author": "", "email": ""}
    assert now["slides"] == settings["slides"] and now["skin"] == settings["skin"]
    assert set(now["presenters"][0].values()) == {""}
    assert report.sightings == []


def test_a_bundled_librarys_manifest_keeps_its_author(tmp_path: Path) -> None:
    """npm's ``package.json`` names the library's author, not the teacher's: kept as it was."""
    manifest = b'{"name": "reveal.js", "author": {"name": "Hakim El Hattab", "email": "hakim@x.se"}, "license": "MIT"}'
    flat = b'{"name": "lib", "author": "Hakim El Hattab", "email": "hakim@x.se"}'
    members = {"index.html": b"<p>x</p>", "lib/reveal/package.json": manifest, "lib/x/bower.json": flat}
    copy, _report = judge_copy(tmp_path, "p.zip", make_zip(tmp_path / "p.zip", members).read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        assert after.read("lib/reveal/package.json") == manifest and after.read("lib/x/bower.json") == flat
