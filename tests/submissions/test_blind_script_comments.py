"""A package's script loses its comments in the judge's copy (a data file's header: "Người thực hiện: ...", a note
beside the code naming the teacher's school): each turns to spaces, its line breaks kept, so every line keeps its
number. A licence comment a minifier keeps (``/*!``, ``@license``, ``@preserve``) stays, and so does every string,
template literal and regular expression that looks like a comment. Node runs the copy as it ran the original."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from submissions.blind.script_comments import without_comments

from .blind_helpers import AUTHOR, SCHOOL, cleaned_in_package, judge_copy
from .crafting import make_zip
from .real_tools import run

pytestmark = pytest.mark.slow  # Node runs

DATA = (
    "\ufeff/* Bài giảng: Phân số\n"
    f" * Người thực hiện: {AUTHOR}\n"
    " */\n"
    "// Liên hệ: ngocntb@gmail.com\n"
    "\n"
    'window.globalProvideData(\'data\', \'{"slides":[{"title":"Phân số","url":"http://x.vn/*a*/"}]}\');'
    f" // trường {SCHOOL}\n"
).encode()
LIBRARY = b"/*! jQuery v3.7.1 | (c) OpenJS Foundation and other contributors | jquery.org/license */\nvar jq = 1;\n"
RUN = (
    "const vm = require('vm'); const fs = require('fs');"
    "const box = {out: []}; box.window = box; box.globalProvideData = (k, v) => box.out.push([k, v]);"
    "vm.runInNewContext(fs.readFileSync(process.argv[1], 'utf8'), box); console.log(JSON.stringify(box.out));"
)


def test_a_scripts_opening_comment_is_blanked_and_the_script_runs_the_same(tmp_path: Path) -> None:
    package = make_zip(
        tmp_path / "p.zip",
        {"story.html": b"<script src=story_content/data.js></script>", "story_content/data.js": DATA,
         "lib/jquery.min.js": LIBRARY},
    )  # fmt: skip
    copy, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        cleaned = after.read("story_content/data.js")
        assert after.read("lib/jquery.min.js") == LIBRARY
    text = cleaned.decode("utf-8")
    assert AUTHOR not in text and "ngocntb" not in text and "Bài giảng: Phân số" not in text
    assert text.count("\n") == DATA.decode().count("\n") and text.startswith("\ufeff ")
    assert SCHOOL not in text and "http://x.vn/*a*/" in text  # the comment after the code goes, the string stays
    assert report.sightings == []
    (tmp_path / "before.js").write_bytes(DATA)
    (tmp_path / "after.js").write_bytes(cleaned)
    ran = run("node", "-e", RUN, tmp_path / "after.js")
    assert ran == run("node", "-e", RUN, tmp_path / "before.js") and "Phân số" in ran


TRICKY = (
    "var a = 10, g = 2, i = 5; // lớp 5A - cô Nguyễn Thị Bích Ngọc\n"
    "var half = a / 2 /* chia đôi */ / g;\n"
    "var re = /\\/\\/[/*]+/g, url = 'http://x.vn/*b*/', q = \"//c\";\n"
    "var t = `x//${ {k: '/*'}.k + `//${i}` }/*y*/`; /* Trường THCS Lê Lợi */\n"
    "function f(s) { return /a\\/b/.test(s) ? i++ / 1 : 0 } // GV: Ngọc\n"
    "var o = {n: 1}; /*! keep me */\n"
    "module.exports = [half, re.source, url, q, t, f('a/b'), o.n];\n"
).encode()


def test_comments_are_told_from_strings_templates_and_regular_expressions(tmp_path: Path) -> None:
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<script src=app.js></script>", "app.js": TRICKY})
    copy, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        cleaned = after.read("app.js")
    text = cleaned.decode("utf-8")
    assert len(cleaned) == len(TRICKY) and text.count("\n") == TRICKY.decode().count("\n")
    for gone in ("Ngọc", "Lê Lợi", "chia đôi", "lớp 5A"):
        assert gone not in text
    assert "/*! keep me */" in text and "'http://x.vn/*b*/'" in text and "`x//${" in text and "/*y*/`" in text
    show = "const r = require(process.argv[1]); console.log(JSON.stringify(r));"
    (tmp_path / "before.js").write_bytes(TRICKY)
    (tmp_path / "after.js").write_bytes(cleaned)
    assert run("node", "-e", show, tmp_path / "after.js") == run("node", "-e", show, tmp_path / "before.js")
    assert report.sightings == []


def test_a_script_this_reading_cannot_follow_loses_only_its_opening_comments() -> None:
    script = b"/* Ng\xc6\xb0\xe1\xbb\x9di th\xe1\xbb\xb1c hi\xe1\xbb\x87n: X */\nvar s = 'open;\n// note\n"
    cleaned = without_comments(script)
    assert cleaned.startswith(b" " * 10) and cleaned.endswith(b"// note\n") and len(cleaned) == len(script)


def test_a_pages_inline_scripts_lose_their_comments_too(tmp_path: Path) -> None:
    """A page's own scripts (Captivate's and iSpring's start pages set their player up inline) lose their comments
    as a script file does, in place; JSON-LD and a script loaded from a file are no inline JavaScript."""
    page = (
        "<!doctype html><html><head><script>var cpXHRJSLoader = 1; // Người thực hiện: "
        f"{AUTHOR}\n/* {SCHOOL} */ var url = 'http://x.vn/*a*/';</script>"
        '<script type="application/ld+json">{"name": "Phân số"}</script></head><body><p>Phân số</p></body></html>'
    ).encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "index_scorm.html", page)
    assert len(copy) == len(page) and AUTHOR.encode() not in copy and SCHOOL.encode() not in copy
    assert b"var url = 'http://x.vn/*a*/';</script>" in copy and b'{"name": "Ph\xc3\xa2n s\xe1\xbb\x91"}' in copy
    assert report.sightings == []
