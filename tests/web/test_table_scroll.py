"""Issue 11, item 16: a table never widens the page on a phone. Every table of the templates sits directly in a
``.table-scroll`` box (app/static/hoithi.css), which scrolls sideways instead of the page; the browser test
tests/e2e/test_mobile_layout.py measures the main pages, this one keeps new templates from forgetting the box."""

from __future__ import annotations

import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
TABLE = re.compile(r"<table\b")
WRAPPED = re.compile(r"<div\b[^>]*\bclass=\"table-scroll\"[^>]*>\s*<table\b")
# Templates whose table is boxed by the page that includes them.
BOXED_BY_INCLUDER = {"scoreboard_table.html": "scoreboard.html's #scoreboard-live; the print view needs no box"}


def test_every_table_of_the_templates_is_in_a_scroll_box() -> None:
    unboxed = []
    for template in sorted(APP.rglob("templates/**/*.html")):
        if template.name in BOXED_BY_INCLUDER:
            continue
        text = template.read_text(encoding="utf-8")
        if len(TABLE.findall(text)) != len(WRAPPED.findall(text)):
            unboxed.append(str(template.relative_to(APP)))
    assert unboxed == [], 'put each <table> in <div class="table-scroll">…</div>: ' + ", ".join(unboxed)


def test_the_scoreboard_refreshes_inside_its_scroll_box() -> None:
    page = (APP / "programming" / "templates" / "programming" / "scoreboard.html").read_text(encoding="utf-8")
    assert re.search(r'<div id="scoreboard-live" class="table-scroll"', page)
