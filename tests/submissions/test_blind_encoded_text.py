"""Text an authoring tool keeps base64-encoded (Articulate Rise writes the whole course, its lessons' words, into its
page as one base64 string; tools store JSON so in scripts) is read for names as plain text is: decoded, it is what
judges read in the lecture, and the author is warned."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from submissions.blind import Sighting

from .blind_helpers import AUTHOR, SCHOOL, cleaned_in_package

COURSE = {
    "course": {"title": "Phân số", "lessons": [{"title": "Bài 1", "items": [{"html": f"<p>Giáo viên: {AUTHOR}</p>"}]}]}
}


def encoded(value: object) -> str:
    return base64.b64encode(json.dumps(value, ensure_ascii=False).encode()).decode()


def test_a_rise_course_encoded_in_its_page_is_read_for_names(tmp_path: Path) -> None:
    page = f'<!doctype html><div id="app"></div><script>window.courseData = "{encoded(COURSE)}";</script>'.encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "scormcontent/index.html", page)
    assert copy == page
    assert report.sightings == [Sighting("scormcontent/index.html", "text", (AUTHOR,))]


RISE_EXPORT = {
    "course": {
        "id": "clx1",
        "title": "Phân số",
        "lessons": [{"title": "Bài 1", "items": [{"html": "<p>Phân số</p>"}]}],
    },
    "author": AUTHOR,
    "authorEmail": "ngocntb@gmail.com",
    "labelSet": {"labels": {"start": "BẮT ĐẦU"}},
}


def decoded_course(page: bytes) -> object:
    run = page.split(b'"')[-2]
    return json.loads(base64.b64decode(run + b"=" * (-len(run) % 4)))


@pytest.mark.parametrize("padded", [True, False])
def test_the_author_of_a_rise_course_encoded_in_its_page_is_emptied(tmp_path: Path, padded: bool) -> None:
    """Rise's course JSON names its author (shown on the course's cover): emptied in the judge's copy, encoded again
    as Rise wrote it, every other field as it was."""
    run = encoded(RISE_EXPORT) if padded else encoded(RISE_EXPORT).rstrip("=")
    page = f'<div id="app"></div><script>window.courseData = "{run}";</script>'.encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "scormcontent/index.html", page)
    assert decoded_course(copy) == {**RISE_EXPORT, "author": "", "authorEmail": ""}
    assert copy.endswith(b'";</script>') and copy.split(b'"')[-2].endswith(b"=") == run.endswith("=")
    assert report.sightings == []


def test_json_encoded_in_a_script_is_read_for_names(tmp_path: Path) -> None:
    script = f'deserialize("{encoded({"school": SCHOOL, "slides": list(range(40))})}");'.encode()
    _packed, _copy, report = cleaned_in_package(tmp_path, "lib/data.js", script)
    assert report.sightings == [Sighting("lib/data.js", "text", (SCHOOL,))]


def test_a_picture_in_base64_is_not_taken_for_text(tmp_path: Path) -> None:
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(photo, "JPEG", quality=90)
    page = f'<img src="data:image/jpeg;base64,{base64.b64encode(photo.getvalue()).decode()}">'.encode()
    _packed, _copy, report = cleaned_in_package(tmp_path, "index.html", page)
    assert report.sightings == []


def test_names_written_as_escapes_in_a_script_or_data_file_are_read(tmp_path: Path) -> None:
    """Storyline and iSpring write a slide's words into their data scripts as JSON, letters outside ASCII as
    ``\\uXXXX`` escapes (and the HTML in them with ``&#NNNN;`` entities): read as the letters they stand for."""
    escaped = json.dumps({"text": f"Giáo viên: {AUTHOR}"})  # ensure_ascii: Nguy\\u1ec5n...
    assert AUTHOR not in escaped
    script = f"window.globalProvideData('slide', '{escaped}');".encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "html5/data/js/5xyz.js", script)
    assert copy == script and report.sightings == [Sighting("html5/data/js/5xyz.js", "text", (AUTHOR,))]
    entities = "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in SCHOOL)
    data = json.dumps({"html": f"<p>{entities}</p>"}).encode()
    _packed, _copy, report = cleaned_in_package(tmp_path, "data/slide1.json", data)
    assert report.sightings == [Sighting("data/slide1.json", "text", (SCHOOL,))]
