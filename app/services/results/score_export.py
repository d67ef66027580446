"""Every score of a contest as an .xlsx workbook, for its organisers (it names judges and authors).

Two sheets: a summary (one row per entry: sheets, mean, normalised mean, score, reconciliation, rank, award) and the
detail (one row per entry × judge × criterion, with points and comments, and a total row per sheet with the overall
comment). The award column holds the published awards, or, before publication, those the rules would give now, and
says which entries are disqualified.
Headings follow the interface language; texts typed by users stay texts (``xlsx_text``).
"""

from __future__ import annotations

import io
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import DbSession
from ...models import Contest, CriterionScore, ScoreSheet, SheetStatus
from ...timeutil import to_local
from ..xlsx_text import append_row, set_widths
from .aggregation import AGREEMENT_LABELS
from .awards import LEVEL_LABELS
from .publication import planned_awards, published_at, published_levels
from .ranking import ranked_results


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def export_scores(session: DbSession, contest: Contest) -> bytes:
    """The workbook described in the module's docstring."""
    groups = ranked_results(session, contest)
    if published_at(session, contest) is not None:
        levels = published_levels(session, contest)
    else:
        levels = planned_awards(session, contest, groups)
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Summary"))
    set_widths(summary, [16, 10, 40, 30, 30, 10, 10, 10, 12, 10, 16, 8, 16])
    append_row(
        summary,
        [
            _("Category"),
            _("Entry"),
            _("Title"),
            _("Authors"),
            _("Unit"),
            _("Sheets submitted"),
            _("Sheets assigned"),
            _("Mean"),
            _("Normalised mean"),
            _("Score"),
            _("Reconciliation"),
            _("Rank"),
            _("Award"),
        ],
    )
    for group in groups:
        for r in group.entries:
            level = levels.get(r.entry.id)
            append_row(
                summary,
                [
                    group.category.name if group.category else "",
                    r.entry.code,
                    r.entry.title,
                    ", ".join(a.user.full_name for a in r.entry.authors),
                    r.entry.unit.name,
                    r.submitted,
                    r.assigned,
                    _number(r.mean),
                    _number(r.normalised),
                    _number(r.score),
                    str(AGREEMENT_LABELS[r.agreement]),
                    r.rank,
                    str(LEVEL_LABELS[level]) if level else _("Disqualified") if r.disqualified else "",
                ],
            )
    detail = workbook.create_sheet(_("Scores"))
    set_widths(detail, [10, 40, 24, 12, 17, 36, 8, 8, 50])
    append_row(
        detail,
        [
            _("Entry"),
            _("Title"),
            _("Judge"),
            _("Status"),
            _("Submitted at"),
            _("Criterion"),
            _("Points"),
            _("Weight"),
            _("Comment"),
        ],
    )
    sheets = session.scalars(
        select(ScoreSheet)
        .where(ScoreSheet.contest_id == contest.id)
        .options(
            selectinload(ScoreSheet.judge),
            selectinload(ScoreSheet.entry),
            selectinload(ScoreSheet.scores).selectinload(CriterionScore.criterion),
        )
    ).all()
    for sheet in sorted(sheets, key=lambda s: (s.entry.code, s.judge.sort_key)):
        # The sheet's state in the words of the judging pages; when it was submitted, in a column of its own.
        status = _("submitted") if sheet.status is SheetStatus.SUBMITTED else _("draft")
        at = sheet.submitted_at if sheet.status is SheetStatus.SUBMITTED else None
        when = to_local(at).replace(tzinfo=None) if at is not None else None  # a date Excel sorts, in Vietnam's time
        head = [sheet.entry.code, sheet.entry.title, sheet.judge.full_name, status, when]
        for score in sorted(sheet.scores, key=lambda s: s.criterion.position):
            append_row(
                detail,
                [*head, score.criterion.name, _number(score.points), _number(score.criterion.weight), score.comment],
            )
        append_row(detail, [*head, _("Total"), _number(sheet.total), None, sheet.overall_comment])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
