"""The demo's Scratch 3 projects for the Bảng A task (the area of a rectangle), made here as Scratch's editor saves
them: a ``project.json`` and its SVG assets zipped into an ``.sb3``.

Both projects ask for the length and then the width (two "ask and wait" blocks, answered by the test's two input
lines) and say one number: ``AREA`` says length × width, as the task wants; ``PERIMETER`` says (length + width) × 2,
which a pupil who mixed the two formulas would hand in, right only for the squares whose area equals their
perimeter (a 4 × 4 square, a 3 × 6 rectangle)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

BACKDROP = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360">'
    b'<rect width="480" height="360" fill="#e8f4ff"/><rect x="140" y="120" width="200" height="120" '
    b'fill="none" stroke="#3366cc" stroke-width="6"/></svg>'
)
COSTUME = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60">'
    b'<circle cx="30" cy="30" r="26" fill="#ffab19"/><circle cx="21" cy="25" r="4" fill="#333"/>'
    b'<circle cx="39" cy="25" r="4" fill="#333"/></svg>'
)
LENGTH, WIDTH = ("dai", "v-dai"), ("rong", "v-rong")


def _variable(name_id: tuple[str, str]) -> list[Any]:
    """An input holding the variable's reporter."""
    return [3, [12, name_id[0], name_id[1]], [10, ""]]


def _blocks(perimeter: bool) -> dict[str, dict[str, Any]]:
    """The sprite's one script: green flag, ask, set, ask, set, say."""
    chain = ["flag", "ask1", "set1", "ask2", "set2", "say"]

    def stack(opcode: str, index: int, **parts: Any) -> dict[str, Any]:
        block: dict[str, Any] = {
            "opcode": opcode,
            "next": chain[index + 1] if index + 1 < len(chain) else None,
            "parent": chain[index - 1] if index else None,
            "inputs": parts.get("inputs", {}),
            "fields": parts.get("fields", {}),
            "shadow": False,
            "topLevel": index == 0,
        }
        if index == 0:
            block.update(x=40, y=40)
        return block

    def reporter(opcode: str, parent: str, inputs: dict[str, Any]) -> dict[str, Any]:
        return {
            "opcode": opcode,
            "next": None,
            "parent": parent,
            "inputs": inputs,
            "fields": {},
            "shadow": False,
            "topLevel": False,
        }

    blocks = {
        "flag": stack("event_whenflagclicked", 0),
        "ask1": stack("sensing_askandwait", 1, inputs={"QUESTION": [1, [10, "Chiều dài là bao nhiêu?"]]}),
        "set1": stack(
            "data_setvariableto", 2, inputs={"VALUE": [3, "answer-set1", [10, ""]]}, fields={"VARIABLE": list(LENGTH)}
        ),
        "ask2": stack("sensing_askandwait", 3, inputs={"QUESTION": [1, [10, "Chiều rộng là bao nhiêu?"]]}),
        "set2": stack(
            "data_setvariableto", 4, inputs={"VALUE": [3, "answer-set2", [10, ""]]}, fields={"VARIABLE": list(WIDTH)}
        ),
        "say": stack("looks_say", 5, inputs={"MESSAGE": [3, "result", [10, ""]]}),
    }
    for setter in ("set1", "set2"):  # each "set" reads the answer through a reporter block of its own
        blocks[f"answer-{setter}"] = reporter("sensing_answer", setter, {})
    if perimeter:
        blocks["result"] = reporter("operator_multiply", "say", {"NUM1": [3, "sum", [10, ""]], "NUM2": [1, [4, "2"]]})
        blocks["sum"] = reporter("operator_add", "result", {"NUM1": _variable(LENGTH), "NUM2": _variable(WIDTH)})
    else:
        blocks["result"] = reporter("operator_multiply", "say", {"NUM1": _variable(LENGTH), "NUM2": _variable(WIDTH)})
    return blocks


def _asset(data: bytes, name: str, centre: tuple[int, int]) -> dict[str, Any]:
    digest = hashlib.md5(data).hexdigest()  # Scratch names assets by their MD5
    return {
        "name": name,
        "assetId": digest,
        "md5ext": f"{digest}.svg",
        "dataFormat": "svg",
        "bitmapResolution": 1,
        "rotationCenterX": centre[0],
        "rotationCenterY": centre[1],
    }


def _project(perimeter: bool) -> dict[str, Any]:
    stage = {
        "isStage": True,
        "name": "Stage",
        "variables": {LENGTH[1]: [LENGTH[0], 0], WIDTH[1]: [WIDTH[0], 0]},
        "lists": {},
        "broadcasts": {},
        "blocks": {},
        "comments": {},
        "currentCostume": 0,
        "costumes": [_asset(BACKDROP, "nền", (240, 180))],
        "sounds": [],
        "volume": 100,
        "layerOrder": 0,
        "tempo": 60,
        "videoTransparency": 50,
        "videoState": "on",
        "textToSpeechLanguage": None,
    }
    sprite = {
        "isStage": False,
        "name": "Mèo tính diện tích",
        "variables": {},
        "lists": {},
        "broadcasts": {},
        "blocks": _blocks(perimeter),
        "comments": {},
        "currentCostume": 0,
        "costumes": [_asset(COSTUME, "mèo", (30, 30))],
        "sounds": [],
        "volume": 100,
        "layerOrder": 1,
        "visible": True,
        "x": 0,
        "y": 0,
        "size": 100,
        "direction": 90,
        "draggable": False,
        "rotationStyle": "all around",
    }
    return {
        "targets": [stage, sprite],
        "monitors": [],
        "extensions": [],
        "meta": {"semver": "3.0.0", "vm": "5.0.300", "agent": "hoithi demo"},
    }


def _sb3(project: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.json", json.dumps(project, ensure_ascii=False))
        for data in (BACKDROP, COSTUME):
            archive.writestr(f"{hashlib.md5(data).hexdigest()}.svg", data)
    return buffer.getvalue()


def area_project() -> bytes:
    """The sample solution: says length × width."""
    return _sb3(_project(perimeter=False))


def perimeter_project() -> bytes:
    """The wrong solution: says (length + width) × 2."""
    return _sb3(_project(perimeter=True))
