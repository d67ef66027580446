"""A page's JSON-LD (what WordPress's Yoast writes into every page of a site a teacher exports as static pages) loses
the people it describes in the judge's copy: the author's and publisher's values and every ``Person`` node emptied,
their types kept, the rest of the data and of the page as it was."""

from __future__ import annotations

import json
import re
from pathlib import Path

from submissions.blind.json_ld import without_people

from .blind_helpers import AUTHOR, SCHOOL, cleaned_in_package

GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "WebPage",
            "@id": "https://ngoc.edu.vn/phan-so/",
            "name": "Phân số - Bài giảng",
            "author": {"@id": "https://ngoc.edu.vn/#/schema/person/1a2b"},
            "publisher": {"@type": "Organization", "name": SCHOOL, "logo": "https://ngoc.edu.vn/logo.png"},
        },
        {
            "@type": ["Person"],
            "@id": "https://ngoc.edu.vn/#/schema/person/1a2b",
            "name": AUTHOR,
            "image": {"@type": "ImageObject", "url": "https://ngoc.edu.vn/avatar-ngoc.jpg", "caption": AUTHOR},
            "sameAs": ["https://facebook.com/ngoc.ntb"],
        },
        {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1, "name": "Toán 6"}]},
    ],
}


def test_json_ld_loses_the_people_it_describes(tmp_path: Path) -> None:
    script = json.dumps(GRAPH, ensure_ascii=False)
    page = (
        f'<!doctype html><html><head><script type="application/ld+json" class="yoast-schema-graph">{script}</script>'
        "</head><body><h1>Phân số</h1></body></html>"
    ).encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "index.html", page)
    text = copy.decode("utf-8")
    assert AUTHOR not in text and SCHOOL not in text and "ngoc.ntb" not in text and "avatar-ngoc" not in text
    found = re.search(r'<script type="application/ld\+json" class="yoast-schema-graph">(.*?)</script>', text)
    assert found is not None
    graph = json.loads(found.group(1))["@graph"]
    assert graph[0]["name"] == "Phân số - Bài giảng" and graph[0]["author"] == {"@id": ""}
    assert graph[0]["publisher"] == {"@type": "Organization", "name": "", "logo": ""}
    assert graph[1]["@type"] == ["Person"] and graph[1]["name"] == "" and graph[1]["sameAs"] == [""]
    assert graph[2] == GRAPH["@graph"][2]  # no person: as it was
    assert text.endswith("</script></head><body><h1>Phân số</h1></body></html>")
    assert report.sightings == []


def test_json_ld_without_people_or_not_json_is_left_as_it_is(tmp_path: Path) -> None:
    page = (
        '<html><head><script type="application/ld+json">{"@type": "Course", "name": "Phân số"}</script>'
        '<script type="application/ld+json">{"author": </script></head></html>'
    ).encode()
    _packed, copy, _report = cleaned_in_package(tmp_path, "index.html", page)
    assert copy == page


def test_json_ld_nested_deeper_than_can_be_walked_is_left_as_it_is(tmp_path: Path) -> None:
    nested = '{"author": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert without_people(nested) == nested
