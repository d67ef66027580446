"""Rubrics: the criteria judges score an entry against, per contest or per category.

A category's rubric, when it exists, replaces the contest's for that category's entries. A rubric can be changed
only while no sheet scored against it has been submitted: changing it later would make the sheets disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal, overload

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from ...extensions import DbSession
from ...models import Contest, Criterion, CriterionScore, Entry, Rubric, ScoreSheet, SheetStatus, User
from ...policies.contests import is_staff
from ..errors import InvalidInput, NotAllowed
from ..number_text import for_reader
from ..records import audit

MAX_POINTS = Decimal("1000")
MAX_WEIGHT = Decimal("100")
CENT = Decimal("0.01")
LIMIT = Decimal("100000")  # points are Numeric(7, 2)
# A number as people type one: digits (any script's, as Decimal reads them), a point or a comma, digits; a sign.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def to_cent(value: Decimal) -> Decimal:
    """``value`` to the hundredth, half up (as a school rounds a mark, and as an entry's mean is rounded)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionSpec:
    """What an organiser sets on a criterion; the numbers are exact decimals of at most two places."""

    name: str
    max_points: Decimal
    step: Decimal = Decimal("0.5")
    weight: Decimal = Decimal("1")
    guidance: str = ""
    tie_break: int | None = None


# The templates organisers start from (the usual criteria of the Department's contests); weights are editable.
TEMPLATES: dict[str, tuple[object, list[CriterionSpec]]] = {
    "creativity": (
        _l("Youth and Children Creativity"),
        [
            CriterionSpec(
                "Tính mới và tính sáng tạo",
                Decimal(30),
                guidance="Giải pháp mới, chưa được công bố; ý tưởng độc đáo, cách làm sáng tạo so với giải pháp đã có.",
                tie_break=1,
            ),
            CriterionSpec(
                "Vật liệu và sử dụng năng lượng",
                Decimal(20),
                guidance="Tận dụng vật liệu sẵn có, tái chế, an toàn, thân thiện môi trường; tiết kiệm năng lượng.",
            ),
            CriterionSpec(
                "Tính hiệu quả và khả năng ứng dụng",
                Decimal(30),
                guidance="Giải quyết được vấn đề thực tiễn; có thể áp dụng, nhân rộng trong nhà trường và đời sống.",
                tie_break=2,
            ),
            CriterionSpec(
                "Tính thẩm mỹ, tự động hoá và thông minh",
                Decimal(20),
                guidance="Sản phẩm gọn, đẹp, hoàn thiện; mức độ tự động hoá, điều khiển thông minh.",
            ),
        ],
    ),
    "elearning": (
        _l("e-Learning lecture design"),
        [
            CriterionSpec(
                "Nội dung",
                Decimal(30),
                guidance="Chính xác, khoa học, đúng chương trình; bám sát yêu cầu cần đạt; có liên hệ thực tế.",
                tie_break=1,
            ),
            CriterionSpec(
                "Phương pháp sư phạm",
                Decimal(30),
                guidance=(
                    "Phát huy tính tích cực, tự học của người học; "
                    "hoạt động, câu hỏi, bài tập và kiểm tra đánh giá phù hợp."
                ),
                tie_break=2,
            ),
            CriterionSpec(
                "Công nghệ và tính tương tác",
                Decimal(20),
                guidance=(
                    "Sử dụng công nghệ hợp lý; tương tác, phản hồi với người học; "
                    "chạy ổn định, đúng chuẩn (HTML5, SCORM)."
                ),
            ),
            CriterionSpec(
                "Hình thức trình bày",
                Decimal(20),
                guidance="Bố cục rõ ràng, thẩm mỹ; âm thanh, hình ảnh, video chất lượng; ngôn ngữ chuẩn mực.",
            ),
        ],
    ),
}


@overload
def parse_decimal(raw: str | Decimal | None, field: str, *, required: Literal[True] = True) -> Decimal: ...
@overload
def parse_decimal(raw: str | Decimal | None, field: str, *, required: bool) -> Decimal | None: ...
def parse_decimal(raw: str | Decimal | None, field: str, *, required: bool = True) -> Decimal | None:
    """``raw`` as an exact decimal of at most two places (a comma is taken as the decimal point, as Vietnamese
    write it), written as plain digits (``PLAIN_NUMBER``); None when empty and not ``required``. Raises
    InvalidInput for anything else."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise InvalidInput(_l("Enter a number."), field)
        return None
    if isinstance(raw, str) and not PLAIN_NUMBER.fullmatch(raw.strip()):
        # Decimal would read "1e1" and "1_0" as 10: a slip of the keyboard is no score
        raise InvalidInput(_l("“%(value)s” is not a number.", value=raw.strip()[:40]), field)
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(_l("“%(value)s” is not a number.", value=str(raw)[:40]), field) from None
    if not value.is_finite():
        raise InvalidInput(_l("“%(value)s” is not a number.", value=str(raw)[:40]), field)
    if abs(value) >= LIMIT:
        raise InvalidInput(_l("The number is too large."), field)
    if value != value.quantize(CENT):
        raise InvalidInput(_l("Use at most two decimal places."), field)
    return value.quantize(CENT)


def _check(spec: CriterionSpec) -> None:
    if not spec.name.strip():
        raise InvalidInput(_l("The criterion needs a name."), "name")
    if len(spec.name.strip()) > 200:
        raise InvalidInput(_l("A criterion's name has at most 200 characters."), "name")
    if not Decimal(0) < spec.max_points <= MAX_POINTS:
        raise InvalidInput(
            _l("The maximum must be more than 0 and at most %(n)s.", n=for_reader(MAX_POINTS)), "max_points"
        )
    if not Decimal(0) < spec.step <= spec.max_points:
        raise InvalidInput(_l("The step must be more than 0 and at most the maximum."), "step")
    if spec.max_points % spec.step != 0:
        raise InvalidInput(_l("The maximum must be a whole number of steps."), "step")
    if not Decimal(0) < spec.weight <= MAX_WEIGHT:
        raise InvalidInput(_l("The weight must be more than 0 and at most %(n)s.", n=for_reader(MAX_WEIGHT)), "weight")
    if spec.tie_break is not None and not 1 <= spec.tie_break <= 50:
        raise InvalidInput(_l("The tie-break order is a number from 1 to 50, or empty."), "tie_break")


def _check_total(rubric: Rubric, spec: CriterionSpec, replacing: Criterion | None = None) -> None:
    """InvalidInput when the rubric's highest total, with ``spec`` added (or in place of ``replacing``), would reach
    ``LIMIT``: sheet totals, means and decided scores are stored as Numeric(7, 2)."""
    others = sum((c.max_points * c.weight for c in rubric.criteria if c is not replacing), Decimal(0))
    total = to_cent(others + spec.max_points * spec.weight)
    if total >= LIMIT:
        raise InvalidInput(
            _l(
                "The rubric's highest total would be %(total)s: it must stay below %(limit)s. Lower a maximum or a "
                "weight.",
                total=format(total.normalize(), "f"),
                limit=format(LIMIT, "f"),
            ),
            "weight",
        )


def rubric_for(session: DbSession, contest: Contest, category_id: int | None) -> Rubric | None:
    """The rubric defined for exactly this scope (the contest's own when ``category_id`` is None)."""
    query = select(Rubric).where(Rubric.contest_id == contest.id)
    query = query.where(Rubric.category_id.is_(None) if category_id is None else Rubric.category_id == category_id)
    return session.scalars(query).first()


def rubric_for_entry(session: DbSession, entry: Entry) -> Rubric | None:
    """The rubric an entry is scored against: its category's if there is one, else its contest's."""
    if entry.category_id is not None:
        own = rubric_for(session, entry.contest, entry.category_id)
        if own is not None:
            return own
    return rubric_for(session, entry.contest, None)


def is_locked(session: DbSession, contest: Contest, category_id: int | None) -> bool:
    """Whether a submitted sheet was scored against the rubric of this scope (so the rubric may not change).

    For a category, sheets of its entries count even if they were scored against the contest's rubric: giving the
    category a rubric of its own would change theirs."""
    query = (
        select(func.count())
        .select_from(ScoreSheet)
        .join(Entry, Entry.id == ScoreSheet.entry_id)
        .where(Entry.contest_id == contest.id, ScoreSheet.status == SheetStatus.SUBMITTED)
    )
    if category_id is not None:
        query = query.where(Entry.category_id == category_id)
    else:
        own = select(Rubric.category_id).where(Rubric.contest_id == contest.id, Rubric.category_id.is_not(None))
        query = query.where((Entry.category_id.is_(None)) | (Entry.category_id.not_in(own)))
    return bool(session.scalar(query))


def _guard(session: DbSession, actor: User, contest: Contest, category_id: int | None) -> None:
    if not is_staff(actor, contest):
        raise NotAllowed()
    if category_id is not None and category_id not in {c.id for c in contest.categories}:
        raise InvalidInput(_l("This category is not one of the contest's."), "category")
    if is_locked(session, contest, category_id):
        raise InvalidInput(
            _l("Judges have already submitted score sheets against this rubric: it can no longer be changed.")
        )


def _rubric(session: DbSession, contest: Contest, category_id: int | None) -> Rubric:
    rubric = rubric_for(session, contest, category_id)
    if rubric is None:
        rubric = Rubric(contest_id=contest.id, category_id=category_id)
        session.add(rubric)
    return rubric


def _check_tie_breaks(rubric: Rubric) -> None:
    orders = [c.tie_break for c in rubric.criteria if c.tie_break is not None]
    if len(orders) != len(set(orders)):
        raise InvalidInput(_l("Two criteria have the same tie-break order."), "tie_break")


def _drop_scores(session: DbSession, criterion_ids: list[int]) -> None:
    """Delete the (draft) scores given on these criteria: by hand, as SQLite does not cascade without its pragma."""
    if criterion_ids:
        session.execute(delete(CriterionScore).where(CriterionScore.criterion_id.in_(criterion_ids)))


def _renumber(rubric: Rubric) -> None:
    for position, criterion in enumerate(rubric.criteria):
        criterion.position = position


def _record(session: DbSession, actor: User, action: str, rubric: Rubric, data: dict[str, object]) -> None:
    session.flush()
    audit.record(session, action, actor_id=actor.id, object_type="rubric", object_id=rubric.id, data=data)


def add_criterion(
    session: DbSession, actor: User, contest: Contest, category_id: int | None, spec: CriterionSpec
) -> Criterion:
    """Append a criterion to the rubric of the scope (creating the rubric). Refuses, changing nothing, bad values,
    a highest total that would reach ``LIMIT``, or a rubric that is locked."""
    _guard(session, actor, contest, category_id)
    _check(spec)
    rubric = _rubric(session, contest, category_id)
    _check_total(rubric, spec)
    criterion = Criterion(
        position=len(rubric.criteria),
        name=spec.name.strip(),
        guidance=spec.guidance.strip(),
        max_points=spec.max_points,
        step=spec.step,
        weight=spec.weight,
        tie_break=spec.tie_break,
    )
    rubric.criteria.append(criterion)
    _check_tie_breaks(rubric)
    _record(session, actor, "rubric.criterion_add", rubric, {"name": criterion.name})
    return criterion


def update_criterion(session: DbSession, actor: User, criterion: Criterion, spec: CriterionSpec) -> None:
    """Change a criterion while its rubric is not locked, its highest total staying below ``LIMIT``."""
    rubric = criterion.rubric
    _guard(session, actor, rubric.contest, rubric.category_id)
    _check(spec)
    _check_total(rubric, spec, criterion)
    criterion.name = spec.name.strip()
    criterion.guidance = spec.guidance.strip()
    criterion.max_points = spec.max_points
    criterion.step = spec.step
    criterion.weight = spec.weight
    criterion.tie_break = spec.tie_break
    _check_tie_breaks(rubric)
    _record(session, actor, "rubric.criterion_update", rubric, {"criterion": criterion.id, "name": criterion.name})


def remove_criterion(session: DbSession, actor: User, criterion: Criterion) -> None:
    """Remove a criterion (and the draft scores given on it) while its rubric is not locked."""
    rubric = criterion.rubric
    _guard(session, actor, rubric.contest, rubric.category_id)
    _drop_scores(session, [criterion.id])
    rubric.criteria.remove(criterion)
    _renumber(rubric)
    _record(session, actor, "rubric.criterion_remove", rubric, {"criterion": criterion.id, "name": criterion.name})


def move_criterion(session: DbSession, actor: User, criterion: Criterion, offset: int) -> None:
    """Move a criterion ``offset`` places (-1 up, 1 down) in its rubric; at either end it stays."""
    rubric = criterion.rubric
    _guard(session, actor, rubric.contest, rubric.category_id)
    order = list(rubric.criteria)
    here = order.index(criterion)
    there = min(max(here + offset, 0), len(order) - 1)
    order.insert(there, order.pop(here))
    for position, item in enumerate(order):
        item.position = position
    _record(session, actor, "rubric.criterion_move", rubric, {"criterion": criterion.id, "position": there})


def apply_template(session: DbSession, actor: User, contest: Contest, category_id: int | None, key: str) -> Rubric:
    """Replace the scope's criteria with those of template ``key`` (see TEMPLATES)."""
    if key not in TEMPLATES:
        raise InvalidInput(_l("Choose one of the templates."), "template")
    _guard(session, actor, contest, category_id)
    rubric = _rubric(session, contest, category_id)
    _drop_scores(session, [c.id for c in rubric.criteria if c.id is not None])
    rubric.criteria.clear()
    session.flush()
    for position, spec in enumerate(TEMPLATES[key][1]):
        rubric.criteria.append(
            Criterion(
                position=position,
                name=spec.name,
                guidance=spec.guidance,
                max_points=spec.max_points,
                step=spec.step,
                weight=spec.weight,
                tie_break=spec.tie_break,
            )
        )
    _record(session, actor, "rubric.template", rubric, {"template": key})
    return rubric


def max_total(rubric: Rubric) -> Decimal:
    """The highest total a sheet can reach: Σ max × weight, to the hundredth half up (``to_cent``)."""
    return to_cent(sum((c.max_points * c.weight for c in rubric.criteria), Decimal(0)))
