"""H5P content played by h5p-standalone in an HTML5 package (``index.html`` beside the player and the content
folder: ``h5p.json``, ``content/content.json``): the authors H5P keeps as metadata (``authors``, ``changes`` and
``authorComments`` of ``h5p.json`` and of each piece of content's ``metadata``) are removed from the judge's copy,
since H5P's "Rights of use" button shows them to whoever plays it; what the content says stays, read for names."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from submissions.blind import Sighting
from submissions.validate import check_file

from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import make_zip

H5P_JSON = {
    "title": "Phân số - Bài 3",
    "language": "vi",
    "mainLibrary": "H5P.QuestionSet",
    "embedTypes": ["div"],
    "license": "CC BY-SA",
    "licenseVersion": "4.0",
    "authors": [{"name": AUTHOR, "role": "Author"}, {"name": SCHOOL, "role": "Licensee"}],
    "changes": [{"date": "03-12-24 10:05:00", "author": AUTHOR, "log": "Sửa câu 2"}],
    "authorComments": f"Bài của {AUTHOR}, tổ Toán",
    "defaultLanguage": "vi",
    "preloadedDependencies": [{"machineName": "H5P.QuestionSet", "majorVersion": "1", "minorVersion": "20"}],
}
CONTENT_JSON: dict[str, Any] = {
    "introPage": {"showIntroPage": False},
    "questions": [
        {
            "library": "H5P.MultiChoice 1.16",
            "params": {"question": "<p>1/2 + 1/4 = ?</p>", "answers": [{"text": "3/4", "correct": True}]},
            "subContentId": "a1",
            "metadata": {
                "title": "Câu 1",
                "authors": [{"name": AUTHOR, "role": "Author"}],
                "changes": [{"author": AUTHOR, "log": "", "date": "03-12-24"}],
                "authorComments": AUTHOR,
                "license": "U",
            },
        },
        {
            "library": "H5P.Image 1.1",
            "params": {"file": {"path": "images/hinh.png", "copyright": {"author": AUTHOR, "license": "U"}}},
            "metadata": {"title": "Hình", "license": "U"},
        },
    ],
    "endGame": {"overallFeedback": [{"from": 0, "to": 100, "feedback": f"Cô {AUTHOR} chúc các em học tốt"}]},
}


def standalone() -> dict[str, bytes]:
    """An HTML5 package as h5p-standalone's setup is zipped: its page, its player, the unpacked H5P content."""
    return {
        "index.html": b'<!doctype html><div id="h5p"></div><script src="dist/main.bundle.js"></script>',
        "dist/main.bundle.js": b"window.H5PStandalone={}",
        "workspace/h5p.json": json.dumps(H5P_JSON, ensure_ascii=False, indent=2).encode(),
        "workspace/content/content.json": json.dumps(CONTENT_JSON, ensure_ascii=False).encode(),
        "workspace/H5P.QuestionSet-1.20/library.json": b'{"title": "Question Set", "author": "Joubel"}',
    }


def test_h5p_metadata_loses_its_authors_and_the_content_keeps_its_words(tmp_path: Path) -> None:
    package = make_zip(tmp_path / "p.zip", standalone())
    assert check_file(package).ok
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        h5p = json.loads(after.read("workspace/h5p.json"))
        content = json.loads(after.read("workspace/content/content.json"))
        library = after.read("workspace/H5P.QuestionSet-1.20/library.json")
    assert h5p["authors"] == [] and "changes" not in h5p and "authorComments" not in h5p
    assert {k: v for k, v in h5p.items() if k not in ("authors", "changes", "authorComments")} == {
        k: v for k, v in H5P_JSON.items() if k not in ("authors", "changes", "authorComments")
    }
    first = content["questions"][0]
    assert first["metadata"] == {"title": "Câu 1", "authors": [], "license": "U"}
    assert first["params"] == CONTENT_JSON["questions"][0]["params"]
    # a picture's copyright, shown by "Rights of use" too, loses its author (the teacher who took it)
    assert content["questions"][1]["params"]["file"]["copyright"] == {"author": "", "license": "U"}
    assert content["endGame"] == CONTENT_JSON["endGame"]  # the lecture's words: the work
    assert library == b'{"title": "Question Set", "author": "Joubel"}'  # the library's author is not the teacher
    assert report.sightings == [Sighting("workspace/content/content.json", "text", (AUTHOR,))]
    assert report.kept == []


def test_a_json_that_is_not_h5p_is_left_as_it_is(tmp_path: Path) -> None:
    """``authors`` in an authoring tool's other data is the work (a credits slide): kept, reported."""
    data = json.dumps({"authors": [{"name": AUTHOR}]}, ensure_ascii=False).encode()
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<p>Bai 3</p>", "data/credits.json": data})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        assert after.read("data/credits.json") == data
    assert report.sightings == [Sighting("data/credits.json", "text", (AUTHOR,))]


def test_a_damaged_h5p_json_is_kept_and_told(tmp_path: Path) -> None:
    members = standalone()
    members["workspace/h5p.json"] = f'{{"title": "Bai 3", "authors": [{{"name": "{AUTHOR}"'.encode()
    package = make_zip(tmp_path / "p.zip", members)
    _packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert report.kept == ["workspace/h5p.json"]


def lumi_page() -> bytes:
    """A page that plays its H5P content by itself, as Lumi exports one: the player's settings in a script, the
    content's metadata and its ``content.json`` (as a string) inside, ``</`` written ``<\\/`` as the exporter does."""
    settings = {
        "url": ".",
        "contents": {
            "cid-phan-so": {
                "library": "H5P.QuestionSet 1.20",
                "jsonContent": json.dumps(CONTENT_JSON, ensure_ascii=False),
                "metadata": {k: v for k, v in H5P_JSON.items() if k != "preloadedDependencies"},
            }
        },
    }
    script = json.dumps(settings, ensure_ascii=False).replace("</", "<\\/")
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>Phân số - Bài 3</title>'
        f"<script>window.H5PIntegration = {script};</script><script>var H5P = {{}};</script></head>"
        '<body><div class="h5p-content" data-content-id="phan-so"></div></body></html>'
    ).encode()


@pytest.mark.parametrize("name", ["Phân số - Bài 3.html", "js/h5p-integration.js"])
def test_a_page_playing_h5p_by_itself_loses_the_authors_in_its_settings(tmp_path: Path, name: str) -> None:
    """Lumi's HTML export keeps the content's authors in the page's ``H5PIntegration``, where H5P's "Rights of use"
    button shows them to the judge who plays it; other exporters set it in a script of its own."""
    members = {name: lumi_page()} if name.endswith(".html") else {"index.html": b"<p>H5P</p>", name: lumi_page()}
    package = make_zip(tmp_path / "p.zip", members)
    assert check_file(package).ok
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        page = after.read(name).decode()
    script = page.split("window.H5PIntegration = ", 1)[1].split(";</script>", 1)[0]
    assert "</p>" not in script  # still one script: what would end it is escaped
    content = json.loads(script)["contents"]["cid-phan-so"]
    assert content["metadata"]["authors"] == [] and "changes" not in content["metadata"]
    assert "authorComments" not in content["metadata"] and content["metadata"]["title"] == "Phân số - Bài 3"
    parameters = json.loads(content["jsonContent"])
    assert parameters["questions"][0]["metadata"] == {"title": "Câu 1", "authors": [], "license": "U"}
    assert parameters["questions"][0]["params"] == CONTENT_JSON["questions"][0]["params"]
    assert parameters["questions"][1]["params"]["file"]["copyright"] == {"author": "", "license": "U"}
    assert parameters["endGame"] == CONTENT_JSON["endGame"]  # the lecture's words: the work, kept and reported
    assert report.sightings == [Sighting(name, "text", (AUTHOR,))]
    assert page.endswith('<body><div class="h5p-content" data-content-id="phan-so"></div></body></html>')
