"""The scoreboard as data: its columns, cells and rows, and its compact JSON form for the cache."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from ....models import ScoreboardMode
from ....vnsort import sort_key, title_key


@dataclass(frozen=True)
class Column:
    """A problem as a column of the board."""

    label: str
    title: str
    max_score: float


@dataclass(slots=True)
class Cell:
    """One contestant on one problem, as this viewer may see it.

    ``tries``: IOI, the counted submissions; ICPC, the rejected tries (before the first AC when solved).
    ``pending``: submissions whose results this viewer is not shown (made after the freeze, waiting for their
    first result, or JE: the judge gave up on them) and that may still change the cell, one rule for both modes:
    IOI, none once the cell is at full marks (it cannot rise); ICPC, only those before the first AC, which may
    still add to its penalty (DOMjudge stops counting at the first AC).
    """

    score: float | None = None  # IOI; None when nothing was submitted
    tries: int = 0
    pending: int = 0
    solved: bool = False  # ICPC
    minutes: int | None = None  # ICPC: minutes from the start to the first AC


@dataclass(slots=True)
class Row:
    rank: int
    registration_id: int
    name: str  # the team's name, else the members' names
    members: list[str]
    unit_id: int
    unit_name: str
    district_id: int | None
    district_name: str | None
    cells: list[Cell]
    total: float  # IOI: points; ICPC: problems solved
    penalty: int | None  # ICPC only
    board_id: int | None = None  # the registration's category (Bảng B, C …); ``rank`` is within it
    board_name: str | None = None

    @property
    def standing(self) -> tuple[float, int, int]:
        """What ranks the row, as ``compute`` ranks it (rows equal in it share a rank): ICPC (a row with a penalty),
        problems solved, penalty minutes and the minute of the last AC; otherwise the total alone."""
        if self.penalty is None:
            return (self.total, 0, 0)
        return (self.total, self.penalty, max((c.minutes or 0 for c in self.cells if c.solved), default=0))

    @property
    def name_order(self) -> str:
        """Where the row goes among equal results, as ``compute`` orders them: a team by its name (from its first
        word, ``title_key``), anyone else by their name (the first member's, ``sort_key``), the Vietnamese way."""
        team = self.name != ", ".join(self.members)
        if team or not self.members:
            return title_key(self.name)
        return sort_key(self.members[0])


@dataclass(frozen=True)
class Scoreboard:
    """A computed board. ``frozen``: this board hides submissions made from ``freeze_at`` on."""

    contest_id: int
    mode: ScoreboardMode
    best_per_subtask: bool
    problems: list[Column]
    rows: list[Row]
    frozen: bool
    published: bool
    freeze_at: datetime | None  # when the public board freezes (None: it never does)
    computed_at: datetime
    units: list[tuple[int, str]] = field(default_factory=list)  # every contestant's unit, for the filter
    districts: list[tuple[int, str]] = field(default_factory=list)

    @property
    def icpc(self) -> bool:
        return self.mode is ScoreboardMode.ICPC


def dumps(board: Scoreboard) -> str:
    data: dict[str, Any] = {name: getattr(board, name) for name in board.__dataclass_fields__}
    data["problems"] = [asdict(p) for p in board.problems]
    data["rows"] = [
        [
            r.rank,
            r.registration_id,
            r.name,
            r.members,
            r.unit_id,
            r.unit_name,
            r.district_id,
            r.district_name,
            [[c.score, c.tries, c.pending, c.solved, c.minutes] for c in r.cells],
            r.total,
            r.penalty,
            r.board_id,
            r.board_name,
        ]
        for r in board.rows
    ]
    return json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v))


def loads(raw: bytes | str) -> Scoreboard:
    data: dict[str, Any] = json.loads(raw)
    seen: dict[tuple[Any, ...], Cell] = {}  # most cells repeat (empty, full marks): build each kind once

    def cell(values: list[Any]) -> Cell:
        key = tuple(values)
        found = seen.get(key)
        if found is None:
            found = seen[key] = Cell(*values)
        return found

    rows = []
    for values in data["rows"]:
        rank, registration_id, name, members, unit_id, unit_name, district_id, district_name = values[:8]
        rows.append(
            Row(
                rank,
                registration_id,
                name,
                members,
                unit_id,
                unit_name,
                district_id,
                district_name,
                cells=[cell(c) for c in values[8]],
                total=values[9],
                penalty=values[10],
                board_id=values[11],
                board_name=values[12],
            )
        )
    return Scoreboard(
        contest_id=data["contest_id"],
        mode=ScoreboardMode(data["mode"]),
        best_per_subtask=data["best_per_subtask"],
        problems=[Column(**p) for p in data["problems"]],
        rows=rows,
        frozen=data["frozen"],
        published=data["published"],
        freeze_at=datetime.fromisoformat(data["freeze_at"]) if data["freeze_at"] else None,
        computed_at=datetime.fromisoformat(data["computed_at"]),
        units=[(u[0], u[1]) for u in data["units"]],
        districts=[(d[0], d[1]) for d in data["districts"]],
    )
