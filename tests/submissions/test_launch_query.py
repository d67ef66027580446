"""A SCORM package's launch keeps what its manifest adds after the page: the resource href's query and fragment
joined with the launching item's ``parameters`` as SCORM 2004 CAM says (Articulate's ``index_lms.html?lang=vi``,
iSpring's and Captivate's ``parameters="?resume=false"``), encoded so that it stays a query or fragment of that page:
it names no other file and closes no attribute."""

from __future__ import annotations

from pathlib import Path

import pytest

from submissions.launch_query import MAX_QUERY, join
from submissions.validate import check_file

from .crafting import make_zip

INDEX = "<!doctype html><title>Bài giảng</title>"

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="story" version="1.2" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Bài giảng</title>
    <item identifier="i1" identifierref="r1" isvisible="true" {parameters}><title>Bài 1</title></item>
  </organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="{href}">
    <file href="index_lms.html"/></resource></resources>
</manifest>
"""


def launched(tmp_path: Path, href: str, parameters: str | None = None) -> tuple[str | None, str | None, list[str]]:
    attribute = "" if parameters is None else f'parameters="{parameters}"'
    files = {"imsmanifest.xml": MANIFEST.format(href=href, parameters=attribute), "index_lms.html": INDEX}
    report = check_file(make_zip(tmp_path / "goi.zip", files))
    return report.launch, report.launch_query, report.errors


@pytest.mark.parametrize(
    ("href", "parameters", "query"),
    [
        ("index_lms.html?lang=vi", None, "?lang=vi"),  # Articulate Storyline's LMS export
        ("index_lms.html", "?resume=false", "?resume=false"),  # iSpring, Captivate
        ("index_lms.html?lang=vi", "&amp;resume=false", "?lang=vi&resume=false"),
        ("index_lms.html?lang=vi", "?&amp;resume=false", "?lang=vi&resume=false"),
        ("index_lms.html", "#slide=3", "#slide=3"),
        ("index_lms.html#start", "#slide=3", "#start"),  # the href's own fragment wins
        ("index_lms.html?a=1", "b=2#slide=3", "?a=1&b=2#slide=3"),
        ("index_lms.html", "", None),
        ("index_lms.html?", None, None),
    ],
)
def test_the_launch_keeps_the_hrefs_query_and_the_items_parameters(
    tmp_path: Path, href: str, parameters: str | None, query: str | None
) -> None:
    assert launched(tmp_path, href, parameters) == ("index_lms.html", query, [])


@pytest.mark.parametrize(
    ("parameters", "query"),
    [
        ("?x=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "?x=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"),
        ("?p=../../../etc/passwd", "?p=../../../etc/passwd"),  # a query: the page opened is index_lms.html still
        ("?ten=Bài 1\\a", "?ten=B%C3%A0i%201%5Ca"),
        ("?a=100%&amp;b=%41", "?a=100%25&b=%41"),
        ("?a=1&#10;b=2", "?a=1%0Ab=2"),
    ],
)
def test_what_a_query_may_not_hold_is_encoded(tmp_path: Path, parameters: str, query: str) -> None:
    assert launched(tmp_path, "index_lms.html", parameters) == ("index_lms.html", query, [])


def test_a_query_cannot_change_the_page_launched(tmp_path: Path) -> None:
    """A query of the href that looks like a path is a query; the page is the href's path, in the package."""
    launch, query, errors = launched(tmp_path, "index_lms.html?../../evil.html", "#javascript:alert(1)")
    assert (launch, query, errors) == ("index_lms.html", "?../../evil.html#javascript:alert(1)", [])
    assert query is not None and query[0] in "?#"


def test_a_launch_query_longer_than_the_cap_refuses_the_package(tmp_path: Path) -> None:
    _, _, errors = launched(tmp_path, "index_lms.html", "?x=" + "a" * MAX_QUERY)
    assert errors == [f"imsmanifest.xml: its launch's query and parameters are longer than {MAX_QUERY} characters"]


def test_join_is_scorm_cams_algorithm() -> None:
    assert join("", "", "?&&a=1") == "?a=1"
    assert join("a=1", "", "#f") == "?a=1#f"
    assert join("", "top", "#f") == "#top"
    assert join("", "", "  ") == ""


def test_a_cmi5_courses_url_keeps_its_query_and_a_tincan_launch_its_own(tmp_path: Path) -> None:
    """cmi5's LMS launches an assignable unit at its URL with the URL's own query kept (its parameters follow)."""
    course = (
        '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"><au id="a">'
        "<url>content/launch.html?lang=vi&amp;ten=B%C3%A0i 2</url></au></courseStructure>"
    )
    files = {"cmi5.xml": course, "content/launch.html": INDEX, "content/review.html": INDEX}
    report = check_file(make_zip(tmp_path / "c.zip", files))
    assert (report.launch, report.launch_query, report.errors) == (
        "content/launch.html",
        "?lang=vi&ten=B%C3%A0i%202",
        [],
    )
    tincan = '<tincan><activities><activity id="x"><launch>index_TINCAN.html</launch></activity></activities></tincan>'
    files = {"tincan.xml": tincan, "index_TINCAN.html": INDEX, "goodbye.html": INDEX}
    report = check_file(make_zip(tmp_path / "t.zip", files))
    assert (report.launch, report.launch_query) == ("index_TINCAN.html", None)


def test_a_package_stored_before_launch_queries_recovers_its_query_from_its_manifest(tmp_path: Path) -> None:
    """A package uploaded before the launch query was recorded (``entry_files.launch_query`` NULL) opened at its
    page alone: the query is read again from its stored manifest, only when today's reading opens the very page
    recorded then (a package that opens today keeps opening there), and never refuses anything."""
    from submissions.launch_recovery import recovered_query as query_of

    def recovered_query(package: Path, launch: str) -> str | None:
        with package.open("rb") as f:
            return query_of(f, launch)

    stored = make_zip(
        tmp_path / "storyline.zip",
        {
            "Bai giang/imsmanifest.xml": MANIFEST.format(
                href="index_lms.html?lang=vi", parameters='parameters="?resume=false"'
            ),
            "Bai giang/index_lms.html": INDEX,
            "Bai giang/story.html": INDEX,
        },
    )
    assert recovered_query(stored, "Bai giang/index_lms.html") == "?lang=vi&resume=false"
    assert recovered_query(stored, "Bai giang/story.html") is None  # recorded elsewhere: that page stays
    plain = make_zip(
        tmp_path / "plain.zip",
        {"imsmanifest.xml": MANIFEST.format(href="index_lms.html", parameters=""), "index_lms.html": INDEX},
    )
    assert recovered_query(plain, "index_lms.html") is None
    too_long = make_zip(
        tmp_path / "long.zip",
        {
            "imsmanifest.xml": MANIFEST.format(href="index_lms.html", parameters=f'parameters="?q={"a" * MAX_QUERY}"'),
            "index_lms.html": INDEX,
        },
    )
    assert recovered_query(too_long, "index_lms.html") is None  # refused today; stored then: it opens as before
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(stored.read_bytes()[:-30])
    assert recovered_query(damaged, "Bai giang/index_lms.html") is None
    with_program = make_zip(
        tmp_path / "program.zip",
        {
            "imsmanifest.xml": MANIFEST.format(href="index_lms.html?lang=vi", parameters=""),
            "index_lms.html": INDEX,
            "Publish/Bai giang.exe": b"MZ" + bytes(200),  # refused by today's check, accepted then
        },
    )
    assert recovered_query(with_program, "index_lms.html") == "?lang=vi"
