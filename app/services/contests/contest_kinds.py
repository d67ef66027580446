"""The kinds of contest, each described once: its label, the categories offered when one is created (with the
grades each takes: ``grade_rules``), the prefix
of its entries' codes, the rubric template its judges start from, and which pages serve it. Forms, pages, the
API and the services take these from here, so that a kind added to ``ContestKind`` and here is served everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ...models import Contest, ContestKind


@dataclass(frozen=True)
class KindSpec:
    """What sets a kind of contest apart.

    ``programming``: its problems, submissions and scoreboard are served by the ``programming`` pages.
    ``entry_categories``: the codes of the only categories whose entries are judged by people (None: every
    category; an author must then be registered in the entry's category). ``rubric_template``: a key of
    ``rubrics.TEMPLATES`` or None. ``licence_required``: whether entries need a licence unless organisers say
    otherwise.
    """

    kind: ContestKind
    label: LazyString
    code_prefix: str
    categories: tuple[tuple[str, str, str], ...]
    """(code, name, grades: "" for everyone the contest takes)."""
    programming: bool = False
    entry_categories: tuple[str, ...] | None = None
    rubric_template: str | None = None
    licence_required: bool = False


KINDS: dict[ContestKind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            ContestKind.ELEARNING,
            _l("e-Learning lecture design"),
            "EL",
            (("GV", "Giáo viên", ""),),
            rubric_template="elearning",
            licence_required=True,
        ),
        KindSpec(
            ContestKind.INFORMATICS,
            _l("Young Informatics (Tin học trẻ)"),
            "TH",
            (
                ("A", "Bảng A – Tiểu học", "1-5"),
                ("B", "Bảng B – Trung học cơ sở", "6-9"),
                ("C", "Bảng C – Trung học phổ thông", "10-12"),
                ("D", "Bảng D – Sản phẩm sáng tạo", ""),
            ),
            programming=True,
            entry_categories=("D",),  # Bảng D (creative products) is judged by people
        ),
        KindSpec(
            ContestKind.CREATIVITY,
            _l("Youth and Children Creativity"),
            "ST",
            (("TH", "Tiểu học", "1-5"), ("THCS", "Trung học cơ sở", "6-9"), ("THPT", "Trung học phổ thông", "10-12")),
            rubric_template="creativity",
        ),
    )
}
LABELS: dict[ContestKind, LazyString] = {kind: spec.label for kind, spec in KINDS.items()}


def is_programming(contest: Contest) -> bool:
    """Whether the contest has problems judged by the program judge (the ``programming`` pages serve it)."""
    return KINDS[contest.kind].programming
