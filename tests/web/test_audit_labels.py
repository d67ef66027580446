"""Every audit action the code records has a label, so the audit log never shows a raw code."""

from __future__ import annotations

import re
from pathlib import Path

from app.services.labels import AUDIT_ACTION

APP = Path(__file__).resolve().parents[2] / "app"
RECORDED = re.compile(r"""audit\.record\(\s*\w+,\s*["']([a-z_.]+)["']""")


def test_every_recorded_action_has_a_label() -> None:
    recorded = {match for path in APP.rglob("*.py") for match in RECORDED.findall(path.read_text())}
    assert recorded, "no audit.record call found: the pattern is out of date"
    assert sorted(recorded - set(AUDIT_ACTION)) == []
