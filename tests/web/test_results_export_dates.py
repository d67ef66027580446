"""The scores workbook's dates are dates to Excel, in Vietnam's time and written dd/mm/yyyy hh:mm: an organiser
sorts the sheets by when they were submitted. Written as text, "02/12/2026 08:00" sorted before "30/11/2026 …"."""

from __future__ import annotations

import io
from datetime import datetime

from flask import Flask
from openpyxl import load_workbook

from app.extensions import db
from app.models import ScoreSheet
from app.services.results import score_export

from .results_helpers import flat, judge_of, judged_contest, scored_entry


def test_submitted_at_is_a_date_cell_in_vietnams_time(app: Flask) -> None:
    world = judged_contest()
    a, b = judge_of(world.contest), judge_of(world.contest)
    entry = scored_entry(world, [a, b], [flat(90), flat(94)], code="EL-0001")
    sheets = db.session.query(ScoreSheet).filter_by(entry_id=entry.id).order_by(ScoreSheet.id).all()
    sheets[0].submitted_at = datetime(2026, 11, 30, 9, 15)  # 16:15 in Vietnam
    sheets[1].submitted_at = datetime(2026, 12, 1, 18, 30)  # 01:30 on 2 December in Vietnam
    db.session.flush()
    detail = load_workbook(io.BytesIO(score_export.export_scores(db.session, world.contest))).worksheets[1]
    heading = [c.value for c in detail[1]]
    column = heading.index("Thời điểm nộp") if "Thời điểm nộp" in heading else 4
    cells = [row[column] for row in detail.iter_rows(min_row=2)]
    assert {c.value for c in cells} == {datetime(2026, 11, 30, 16, 15), datetime(2026, 12, 2, 1, 30)}
    assert {c.number_format for c in cells} == {"dd/mm/yyyy hh:mm"}
