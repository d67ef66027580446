"""The comment that opens a package's script (a data file's header: "Người thực hiện: ..."), before any code, is
no part of what the player runs: the judge's copy blanks it (spaces, its line breaks kept, so every line keeps its
number). A licence comment a minifier keeps (``/*!``, ``@license``, ``@preserve``) stays, and comments after the
first code are left as they are (telling them from a string or a regular expression needs the script parsed): read
for names and reported. Node runs the copy as it ran the original."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from .blind_helpers import AUTHOR, SCHOOL, judge_copy
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
    assert f"// trường {SCHOOL}\n" in text and "http://x.vn/*a*/" in text  # after the code: kept
    assert [(s.where, s.names) for s in report.sightings] == [("story_content/data.js", (SCHOOL,))]
    (tmp_path / "before.js").write_bytes(DATA)
    (tmp_path / "after.js").write_bytes(cleaned)
    ran = run("node", "-e", RUN, tmp_path / "after.js")
    assert ran == run("node", "-e", RUN, tmp_path / "before.js") and "Phân số" in ran
