"""Checking an uploaded Scratch 3 project (``.sb3``) before it is judged, and reading it for its preview.

An ``.sb3`` is a zip of ``project.json`` and the costumes and sounds it names. ``read_project`` refuses (with
``UnfitProject``, whose ``code`` the interface translates) a file over the size cap, one that is not a safe zip,
one whose ``project.json`` unpacks past its own cap, one without a readable ``project.json`` or a stage, a sprite
without a costume, a costume or sound that Scratch would not open (not named as Scratch names its files, or whose
file is not of its format: a damaged SVG or PNG), one that names an asset it does not hold, and one that uses an
extension contests do not allow: only Scratch's own blocks, Pen and Music are. Nothing in the project runs
here; the judge runs it in the sandbox (``sandbox/scratch/runner.js`` checks the same again there).
"""

from __future__ import annotations

import base64
import enum
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .archive import Archive, Limits, UnreadableArchive, open_archive

MAX_PROJECT_BYTES = 5 * 1024 * 1024
"""The size cap of an uploaded project (Scratch's own editor saves pupils' tasks in far less)."""
ALLOWED_EXTENSIONS = frozenset({"pen", "music"})
CORE_PREFIXES = frozenset(
    {"motion", "looks", "sound", "event", "control", "sensing", "operator", "data", "procedures", "argument"}
)
_LIMITS = Limits(max_total_size=64 * 1024 * 1024, max_entries=2000)
MAX_PROJECT_JSON_BYTES = 16 * 1024 * 1024
"""The cap of a project's ``project.json`` unpacked (a pupil's task holds far less; past it, parsing alone would
cost too much)."""
_IMAGE_TYPES = {"svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
_MAX_PREVIEW_IMAGE = 512 * 1024
MAX_PREVIEW_IMAGES = 4 * 1024 * 1024
"""The most the costumes' ``data:`` URLs of one preview may weigh together (sprites past it are shown without
their costume): the page holds one copy per sprite, and a crafted project may dress thousands of sprites in one
large image."""
MAX_OUTLINE_BLOCKS = 5000
"""The most blocks a sprite's preview writes out."""
MAX_NESTING = 40
"""The deepest a preview follows blocks inside blocks (deeper ones are shown as "...")."""
ELSE = "control_else"
"""The opcode of the line the preview writes above an "if ... else" block's second branch (no block of Scratch's
own has it)."""
_FORMATS = {
    "costumes": frozenset({"png", "svg", "jpeg", "jpg", "bmp", "gif"}),
    "sounds": frozenset({"wav", "wave", "mp3"}),
}
"""The file formats Scratch 3 opens for a costume and for a sound (its own schema's)."""
_ASSET_ID = re.compile(r"[a-fA-F0-9]{32}")
_ASSET_FILE = re.compile(r"[a-fA-F0-9]{32}\.[a-zA-Z0-9]+")
_SNIFFED = 4096
"""How much of an asset's file is read to tell whether it is of its format."""
_REPORTERS = {12: ("data_variable", "VARIABLE"), 13: ("data_listcontents", "LIST")}
"""The kinds of ``project.json``'s compact inputs that stand for a variable's or a list's reporter block."""


class Unfit(enum.StrEnum):
    """Why a file is not a project the judge takes; values are stable (translations are keyed by them)."""

    TOO_LARGE = "scratch.too_large"
    PROJECT_JSON_TOO_LARGE = "scratch.project_json_too_large"
    NOT_SB3 = "scratch.not_sb3"
    NO_PROJECT_JSON = "scratch.no_project_json"
    BAD_PROJECT_JSON = "scratch.bad_project_json"
    EXTENSION = "scratch.extension"
    MISSING_ASSET = "scratch.missing_asset"
    NO_COSTUME = "scratch.no_costume"
    BAD_COSTUME = "scratch.bad_costume"
    BAD_SOUND = "scratch.bad_sound"


class UnfitProject(ValueError):
    """The file is not a Scratch 3 project the judge takes; ``detail`` names what is at fault (an extension, a
    file), or is empty; ``sprite`` and ``asset`` name the sprite (empty for the stage) and its costume or sound at
    fault."""

    def __init__(self, code: Unfit, detail: str = "", *, sprite: str = "", asset: str = "") -> None:
        super().__init__(f"{code.value}: {detail or sprite + ' ' + asset}".strip(": "))
        self.code = code
        self.detail = detail
        self.sprite = sprite
        self.asset = asset


@dataclass(frozen=True)
class Costume:
    name: str
    data_url: str | None
    """The image as a ``data:`` URL for an ``<img>`` (where an SVG's scripts never run); None when too large."""


@dataclass(frozen=True)
class Block:
    """A block as the project holds it: its opcode, its fields' values and its inputs, each a literal, a nested
    block, or None where the preview stopped following (a cap, a loop, a missing block)."""

    opcode: str
    fields: tuple[tuple[str, str], ...] = ()
    inputs: tuple[tuple[str, Block | str | None], ...] = ()
    proccode: str = ""
    """A custom block's (its prototype's or a call's) words with a slot per argument: ``jump %s %b``."""
    argument_ids: tuple[str, ...] = ()
    """The ids of the inputs that fill a custom block's slots, in order."""

    def text(self) -> str:
        """The block as a line of its opcode, fields and inputs (``looks_say MESSAGE=(Hello)``): what the
        preview shows of a block it has no wording for."""
        parts = [self.opcode, *(f"{name}=[{value}]" for name, value in self.fields)]
        for name, value in self.inputs:
            shown = "..." if value is None else value.text() if isinstance(value, Block) else value
            parts.append(f"{name}=({shown})")
        return " ".join(parts)


@dataclass(frozen=True)
class Line:
    """One block of a script and how deep it sits inside C blocks (0 for the script's own stack)."""

    depth: int
    block: Block


Script = tuple[Line, ...]


@dataclass(frozen=True)
class Sprite:
    """A sprite (or the stage) as the preview shows it: its current costume and its scripts, block by block."""

    name: str
    is_stage: bool
    costume: Costume | None
    scripts: tuple[Script, ...]
    x: float = 0
    y: float = 0
    visible: bool = True


def read_project(data: bytes) -> list[Sprite]:
    """The project's stage and sprites, in layer order; ``UnfitProject`` when the judge would not take it."""
    if len(data) > MAX_PROJECT_BYTES:
        raise UnfitProject(Unfit.TOO_LARGE, str(MAX_PROJECT_BYTES // (1024 * 1024)))
    try:
        with open_archive(io.BytesIO(data), _LIMITS) as archive:
            if archive.problems:
                raise UnfitProject(Unfit.NOT_SB3)
            if "project.json" not in archive.files:
                raise UnfitProject(Unfit.NO_PROJECT_JSON)
            # A zip entry never unpacks past its declared size (zipfile stops there), so checking that size
            # refuses a project.json over its cap before reading it, and a failed read below is damage only.
            if archive.files["project.json"].file_size > MAX_PROJECT_JSON_BYTES:
                raise UnfitProject(Unfit.PROJECT_JSON_TOO_LARGE, str(MAX_PROJECT_JSON_BYTES // (1024 * 1024)))
            raw = archive.read("project.json", MAX_PROJECT_JSON_BYTES)
            project = _parse(raw)
            _check_blocks(project)
            sprites = []
            images = _Images(archive.read)
            in_layers = sorted(project["targets"], key=lambda t: (not t.get("isStage"), _number(t.get("layerOrder"))))
            for target in in_layers:
                _check_assets(target, archive)
                sprites.append(_sprite(target, images))
            return sprites
    except UnreadableArchive:
        raise UnfitProject(Unfit.NOT_SB3) from None


def _check_assets(target: dict[str, Any], archive: Archive) -> None:
    """Refuse a sprite (or the stage) without a costume, or with a costume or sound Scratch would not open
    (``sandbox/scratch/runner.js`` checks the same, in the same order)."""
    who = "" if target.get("isStage") else str(target.get("name", "?"))  # the stage: worded by the interface
    if not _sequence(target.get("costumes")):
        raise UnfitProject(Unfit.NO_COSTUME, sprite=who)
    for kind, unfit in (("costumes", Unfit.BAD_COSTUME), ("sounds", Unfit.BAD_SOUND)):
        for asset in _sequence(target.get(kind)):
            label = str(asset.get("name")) if isinstance(asset, dict) else "?"
            damaged = UnfitProject(unfit, sprite=who, asset=label)
            if not isinstance(asset, dict) or asset.get("dataFormat") not in _FORMATS[kind]:
                raise damaged
            name = _asset_name(asset)
            if not _ASSET_ID.fullmatch(str(asset.get("assetId"))) or not _ASSET_FILE.fullmatch(name):
                raise damaged
            if name not in archive.files:
                raise UnfitProject(Unfit.MISSING_ASSET, f"{name} ({who})", sprite=who, asset=label)
            head = archive.head(name, _SNIFFED)
            if head is None or not _looks_like(asset["dataFormat"], head):
                raise damaged


def _looks_like(data_format: str, head: bytes) -> bool:
    """Whether a file that starts with ``head`` is of ``data_format`` (by its signature: a damaged file says so
    at its start far more often than not)."""
    if data_format == "svg":
        return b"<svg" in head.lower()
    if data_format == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if data_format in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if data_format == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if data_format == "bmp":
        return head.startswith(b"BM")
    if data_format in ("wav", "wave"):
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)  # mp3


def _parse(raw: bytes | None) -> dict[str, Any]:
    try:
        project = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise UnfitProject(Unfit.BAD_PROJECT_JSON) from None
    targets = project.get("targets") if isinstance(project, dict) else None
    if not isinstance(targets, list) or not all(isinstance(t, dict) for t in targets):
        raise UnfitProject(Unfit.BAD_PROJECT_JSON)
    if not any(t.get("isStage") for t in targets):
        raise UnfitProject(Unfit.BAD_PROJECT_JSON)
    return dict(project)


def _check_blocks(project: dict[str, Any]) -> None:
    extensions = project.get("extensions", [])
    used = {e for e in extensions if isinstance(e, str)} if isinstance(extensions, list) else set()
    for target in project["targets"]:
        blocks = target.get("blocks", {})
        for block in blocks.values() if isinstance(blocks, dict) else ():
            if isinstance(block, dict) and isinstance(block.get("opcode"), str):
                prefix = block["opcode"].split("_", 1)[0]
                if prefix not in CORE_PREFIXES:
                    used.add(prefix)
    refused = sorted(used - ALLOWED_EXTENSIONS)
    if refused:
        raise UnfitProject(Unfit.EXTENSION, ", ".join(refused))


def _sequence(value: Any) -> list[Any]:
    """A list of ``project.json`` (costumes, sounds); an empty one where a crafted project put something else."""
    return value if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    """A mapping of ``project.json`` (a block's inputs or fields); an empty one where it is something else."""
    return value if isinstance(value, dict) else {}


def _argument_ids(value: Any) -> tuple[str, ...]:
    """A custom block's argument ids, which ``project.json`` keeps as JSON text in the block's mutation; none where
    a crafted project put anything else there."""
    try:
        ids = json.loads(value) if isinstance(value, str) else None
    except (ValueError, RecursionError):
        return ()
    return tuple(str(i) for i in ids) if isinstance(ids, list) else ()


def _number(value: Any) -> float:
    """A number of ``project.json`` (a position, a layer) as the preview uses it: 0 for anything else, as a
    crafted project may put text or a list there."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return 0.0
    return float(value)


def _asset_name(asset: Any) -> str:
    if not isinstance(asset, dict):
        return "?"
    return str(asset.get("md5ext") or f"{asset.get('assetId')}.{asset.get('dataFormat')}")


class _Images:
    """The costumes' ``data:`` URLs: each file read and encoded once, and all those handed out together within
    ``MAX_PREVIEW_IMAGES`` (None past it, as for one image over ``_MAX_PREVIEW_IMAGE``)."""

    def __init__(self, read: Callable[[str, int], bytes | None]) -> None:
        self.read = read
        self.urls: dict[str, str | None] = {}
        self.spent = 0

    def url(self, name: str, kind: str) -> str | None:
        if name not in self.urls:
            data = self.read(name, _MAX_PREVIEW_IMAGE)
            self.urls[name] = f"data:{kind};base64,{base64.b64encode(data).decode()}" if data else None
        found = self.urls[name]
        if found is None or self.spent + len(found) > MAX_PREVIEW_IMAGES:
            return None
        self.spent += len(found)
        return found


def _sprite(target: dict[str, Any], images: _Images) -> Sprite:
    costumes = _sequence(target.get("costumes"))
    current = target.get("currentCostume", 0)
    costume = None
    if isinstance(current, int) and 0 <= current < len(costumes):
        chosen = costumes[current]
        name = _asset_name(chosen)
        kind = _IMAGE_TYPES.get(name.rsplit(".", 1)[-1].lower())
        url = images.url(name, kind) if kind else None
        costume = Costume(str(chosen.get("name", "")), url)
    found = target.get("blocks")
    blocks: dict[str, Any] = found if isinstance(found, dict) else {}
    outline = _Outline(blocks)
    scripts = tuple(
        outline.script(block_id)
        for block_id, block in blocks.items()
        if isinstance(block, dict) and block.get("topLevel") and not block.get("shadow")
    )
    scripts = tuple(script for script in scripts if script)
    return Sprite(
        name=str(target.get("name", "")),
        is_stage=bool(target.get("isStage")),
        costume=costume,
        scripts=scripts,
        x=_number(target.get("x")),
        y=_number(target.get("y")),
        visible=bool(target.get("visible", True)),
    )


class _Outline:
    """A sprite's scripts as lines, one block each with its depth: its opcode, its fields and its inputs' literal
    values or nested blocks. Each block is taken once at most and the whole outline is capped
    (``MAX_OUTLINE_BLOCKS``), so a crafted ``project.json`` whose blocks point at each other costs no more than its
    size."""

    def __init__(self, blocks: dict[str, Any]) -> None:
        self.blocks = blocks
        self.seen: set[str] = set()

    def _take(self, block_id: Any) -> dict[str, Any] | None:
        if not isinstance(block_id, str) or block_id in self.seen or len(self.seen) >= MAX_OUTLINE_BLOCKS:
            return None
        block = self.blocks.get(block_id)
        if not isinstance(block, dict):
            return None
        self.seen.add(block_id)
        return block

    def script(self, first: str) -> Script:
        lines: list[Line] = []
        self._stack(first, 0, lines)
        return tuple(lines)

    def _stack(self, first: Any, depth: int, lines: list[Line]) -> None:
        block = self._take(first) if depth < MAX_NESTING else None
        while block is not None:
            lines.append(Line(depth, self._block(block)))
            for name, value in _mapping(block.get("inputs")).items():
                if name.startswith("SUBSTACK") and isinstance(value, list) and len(value) > 1:
                    if name == "SUBSTACK2":  # an "if ... else" block's second branch: Scratch writes "else" above it
                        lines.append(Line(depth, Block(ELSE)))
                    self._stack(value[1], depth + 1, lines)
            block = self._take(block.get("next"))

    def _block(self, block: dict[str, Any], nesting: int = 0) -> Block:
        fields = tuple(
            (str(name), str(value[0]))
            for name, value in _mapping(block.get("fields")).items()
            if isinstance(value, list) and value
        )
        inputs = tuple(
            (str(name), self._input(value[1], nesting + 1))
            for name, value in _mapping(block.get("inputs")).items()
            if not name.startswith("SUBSTACK") and isinstance(value, list) and len(value) >= 2
        )
        mutation = _mapping(block.get("mutation"))
        proccode = mutation.get("proccode")
        return Block(
            str(block.get("opcode", "?")),
            fields,
            inputs,
            proccode if isinstance(proccode, str) else "",
            _argument_ids(mutation.get("argumentids")),
        )

    def _input(self, value: Any, nesting: int) -> Block | str | None:
        if isinstance(value, str):
            block = self._take(value) if nesting < MAX_NESTING else None
            return self._block(block, nesting) if block is not None else None
        if isinstance(value, list) and len(value) >= 2:
            if value[0] in _REPORTERS:  # a variable or a list dropped into an input: a reporter block of its own
                opcode, field = _REPORTERS[value[0]]
                return Block(opcode, ((field, str(value[1])),))
            return str(value[1])
        return ""
