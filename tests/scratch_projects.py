"""Scratch 3 projects made by the tests: a ``project.json`` and its assets zipped into an ``.sb3``.

A script is written as nested tuples, ``("looks_say", {"MESSAGE": ("operator_add", {"NUM1": ..., "NUM2": 2})})``:
an opcode and its inputs (a string or a number is a literal; a tuple is a reporter block); the special inputs
``"VAR"`` / ``"LIST"`` name a variable or list (fields), ``"FIELD_X"`` is the field ``X``, and ``"SUBSTACK"``
(``"SUBSTACK2"``, an "if ... else" block's second branch) holds a list of stack blocks. A custom block is
``("procedures_definition", {"PROCCODE": "jump %s", "ARGS": ["height"]})`` at the top of its script and
``("procedures_call", {"PROCCODE": "jump %s", "ARGS": [10]})`` where it is used, as Scratch saves them (a shadow
prototype holding the argument reporters, a mutation naming the arguments).
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
import zipfile
from collections.abc import Sequence
from typing import Any

Block = tuple[str, dict[str, Any]]

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d">%s</svg>'
BACKDROP = SVG % (480, 360, b'<rect width="480" height="360" fill="#eef"/>')
COSTUME = SVG % (40, 40, b'<circle cx="20" cy="20" r="18" fill="#f80"/>')


class _Writer:
    def __init__(self, variables: dict[str, str], lists: dict[str, str]) -> None:
        self.blocks: dict[str, dict[str, Any]] = {}
        self.variables = variables
        self.lists = lists

    def new_id(self) -> str:
        return f"b{len(self.blocks) + 1}"

    def stack(self, blocks: Sequence[Block], parent: str | None, top: bool) -> str | None:
        first = previous = None
        for opcode, inputs in blocks:
            block_id = self.block(opcode, inputs, previous or parent, top and previous is None)
            if previous is not None:
                self.blocks[previous]["next"] = block_id
            first = first or block_id
            previous = block_id
        return first

    def block(self, opcode: str, args: dict[str, Any], parent: str | None, top: bool) -> str:
        if opcode in ("procedures_definition", "procedures_call"):
            return self.procedure(opcode, args["PROCCODE"], args["ARGS"], parent, top)
        block_id = self.empty(opcode, parent, top)
        block = self.blocks[block_id]
        for name, value in args.items():
            if name == "VAR":
                block["fields"]["VARIABLE"] = [value, self.variables[value]]
            elif name == "LIST":
                block["fields"]["LIST"] = [value, self.lists[value]]
            elif name in ("SUBSTACK", "SUBSTACK2"):
                block["inputs"][name] = [2, self.stack(value, block_id, False)]
            elif name.isupper() and name.startswith("FIELD_"):
                block["fields"][name.removeprefix("FIELD_")] = [value, None]
            elif isinstance(value, tuple) and value and value[0] == "var":
                block["inputs"][name] = [3, [12, value[1], self.variables[value[1]]], [10, ""]]
            elif isinstance(value, tuple):
                block["inputs"][name] = [3, self.block(value[0], value[1], block_id, False), [10, ""]]
            else:
                block["inputs"][name] = [1, [10, str(value)]]
        return block_id

    def empty(self, opcode: str, parent: str | None, top: bool, shadow: bool = False) -> str:
        """A block with no inputs or fields yet."""
        block_id = self.new_id()
        block: dict[str, Any] = {
            "opcode": opcode,
            "next": None,
            "parent": parent,
            "inputs": {},
            "fields": {},
            "shadow": shadow,
            "topLevel": top,
        }
        if top:
            block.update(x=0, y=0)
        self.blocks[block_id] = block
        return block_id

    def procedure(self, opcode: str, proccode: str, args: Sequence[Any], parent: str | None, top: bool) -> str:
        """A custom block's definition (its shadow prototype and argument reporters made here) or a call of it."""
        ids = [f"{proccode}#{i}" for i in range(len(args))]
        kinds = re.findall(r"%[sb]", proccode)
        mutation: dict[str, Any] = {
            "tagName": "mutation",
            "children": [],
            "proccode": proccode,
            "argumentids": json.dumps(ids),
            "warp": "false",
        }
        block_id = self.empty(opcode, parent, top)
        block = self.blocks[block_id]
        if opcode == "procedures_call":
            block["mutation"] = mutation
            for arg_id, value in zip(ids, args, strict=True):
                if isinstance(value, tuple):
                    block["inputs"][arg_id] = [3, self.block(value[0], value[1], block_id, False), [10, ""]]
                else:
                    block["inputs"][arg_id] = [1, [10, str(value)]]
            return block_id
        prototype = self.empty("procedures_prototype", block_id, False, shadow=True)
        self.blocks[prototype]["mutation"] = {
            **mutation,
            "argumentnames": json.dumps(list(args)),
            "argumentdefaults": json.dumps(["false" if kind == "%b" else "" for kind in kinds]),
        }
        block["inputs"]["custom_block"] = [1, prototype]
        for arg_id, name, kind in zip(ids, args, kinds, strict=True):
            opcode = "argument_reporter_boolean" if kind == "%b" else "argument_reporter_string_number"
            reporter = self.empty(opcode, prototype, False, shadow=True)
            self.blocks[reporter]["fields"]["VALUE"] = [name, None]
            self.blocks[prototype]["inputs"][arg_id] = [1, reporter]
        return block_id


def project_json(
    scripts: Sequence[Sequence[Block]],
    variables: Sequence[str] = (),
    lists: Sequence[str] = (),
    extensions: Sequence[str] = (),
) -> dict[str, Any]:
    """A project whose one sprite runs ``scripts``; variables and lists are the stage's (global)."""
    var_ids = {name: f"v{i}" for i, name in enumerate(variables)}
    list_ids = {name: f"l{i}" for i, name in enumerate(lists)}
    writer = _Writer(var_ids, list_ids)
    for script in scripts:
        writer.stack(script, None, True)
    backdrop = _asset(BACKDROP, "backdrop1")
    costume = _asset(COSTUME, "costume1")
    stage = {
        "isStage": True,
        "name": "Stage",
        "variables": {i: [n, 0] for n, i in var_ids.items()},
        "lists": {i: [n, []] for n, i in list_ids.items()},
        "broadcasts": {},
        "blocks": {},
        "comments": {},
        "currentCostume": 0,
        "costumes": [backdrop],
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
        "name": "Mèo",
        "variables": {},
        "lists": {},
        "broadcasts": {},
        "blocks": writer.blocks,
        "comments": {},
        "currentCostume": 0,
        "costumes": [costume],
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
        "extensions": list(extensions),
        "meta": {"semver": "3.0.0", "vm": "5.0.300", "agent": "hoithi tests"},
    }


def _asset(data: bytes, name: str) -> dict[str, Any]:
    digest = hashlib.md5(data).hexdigest()  # Scratch names assets by MD5
    return {
        "name": name,
        "assetId": digest,
        "md5ext": f"{digest}.svg",
        "dataFormat": "svg",
        "bitmapResolution": 1,
        "rotationCenterX": 20,
        "rotationCenterY": 20,
    }


def sb3(project: dict[str, Any], *, drop_assets: bool = False, files: dict[str, bytes] | None = None) -> bytes:
    """The ``.sb3`` (a zip) of ``project`` with its SVG assets, or without them (``drop_assets``), and ``files``
    besides (or instead of the assets of the same names)."""
    held = {} if drop_assets else {f"{hashlib.md5(data).hexdigest()}.svg": data for data in (BACKDROP, COSTUME)}
    held.update(files or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.json", json.dumps(project, ensure_ascii=False))
        for name, data in held.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_oversized_project_json(size: int = 17 * 1024 * 1024) -> bytes:
    """An ``.sb3`` under the upload cap whose ``project.json`` unpacks to ``size`` bytes and more: padded with two
    letters at random (about 7:1, under the zip checks' ratio cap)."""
    project = project_json([[GREEN_FLAG]])
    coin = bytes(ord("a") + (b & 1) for b in range(256))
    project["padding"] = random.Random(3).randbytes(size).translate(coin).decode("ascii")
    return sb3(project)


DAMAGES = ("svg", "png", "md5ext", "sound", "no-costume")
"""The ways ``damaged`` spoils a project's assets."""


def damaged(how: str) -> bytes:
    """A project whose sprite Mèo says "hi" but whose assets Scratch would not open: its costume "costume1" a
    damaged SVG (``svg``) or PNG (``png``), or named otherwise than by its MD5 (``md5ext``); a sound "meo" that is
    not a WAV file (``sound``); or no costume at all (``no-costume``)."""
    project = project_json([[GREEN_FLAG, ("looks_say", {"MESSAGE": "hi"})]])
    sprite = project["targets"][1]
    costume = sprite["costumes"][0]
    files: dict[str, bytes] = {}
    if how == "svg":
        files[costume["md5ext"]] = b"\x00\x01 not an image"
    elif how == "png":
        costume.update(md5ext=f"{costume['assetId']}.png", dataFormat="png")
        files[costume["md5ext"]] = b"<svg>not a png</svg>"
    elif how == "md5ext":
        costume["md5ext"] = "costume1.svg"
        files["costume1.svg"] = COSTUME
    elif how == "sound":
        wav = b"MP3? no, nothing at all"
        digest = hashlib.md5(wav).hexdigest()
        sprite["sounds"] = [{"name": "meo", "assetId": digest, "md5ext": f"{digest}.wav", "dataFormat": "wav"}]
        files[f"{digest}.wav"] = wav
    elif how == "no-costume":
        sprite["costumes"] = []
    else:
        raise ValueError(how)
    return sb3(project, files=files)


def ask(question: str) -> Block:
    return ("sensing_askandwait", {"QUESTION": question})


ANSWER: Block = ("sensing_answer", {})
GREEN_FLAG: Block = ("event_whenflagclicked", {})


def adder(operator: str = "operator_add") -> bytes:
    """Asks for two numbers and says their sum (or, with another operator, something else)."""
    return sb3(
        project_json(
            [
                [
                    GREEN_FLAG,
                    ask("Số thứ nhất?"),
                    ("data_setvariableto", {"VAR": "a", "VALUE": ANSWER}),
                    ask("Số thứ hai?"),
                    ("looks_say", {"MESSAGE": (operator, {"NUM1": ("var", "a"), "NUM2": ANSWER})}),
                ]
            ],
            variables=["a"],
        )
    )


def many_kinds_of_blocks() -> bytes:
    """Blocks of each category a pupil uses (the preview's wording), and one opcode the preview has none for."""
    mouse = ("sensing_touchingobjectmenu", {"FIELD_TOUCHINGOBJECTMENU": "_mouse_"})
    return sb3(
        project_json(
            [
                [
                    GREEN_FLAG,
                    ("data_setvariableto", {"VAR": "tổng", "VALUE": 0}),
                    ask("Tên em là gì?"),
                    ("looks_sayforsecs", {"MESSAGE": "Hello", "SECS": 2}),
                    (
                        "control_repeat",
                        {
                            "TIMES": 10,
                            "SUBSTACK": [
                                ("motion_movesteps", {"STEPS": 10}),
                                ("data_addtolist", {"LIST": "dãy", "ITEM": ANSWER}),
                            ],
                        },
                    ),
                    (
                        "control_if_else",
                        {
                            "CONDITION": ("sensing_touchingobject", {"TOUCHINGOBJECTMENU": mouse}),
                            "SUBSTACK": [("looks_say", {"MESSAGE": ("operator_add", {"NUM1": ANSWER, "NUM2": 1})})],
                            "SUBSTACK2": [("pen_penDown", {})],
                        },
                    ),
                    ("looks_magicspell", {"WORDS": "abc"}),
                ]
            ],
            variables=["tổng"],
            lists=["dãy"],
            extensions=["pen"],
        )
    )


def forever() -> bytes:
    """Never ends: moves one step each frame."""
    return sb3(project_json([[GREEN_FLAG, ("control_forever", {"SUBSTACK": [("motion_movesteps", {"STEPS": 1})]})]]))


def says_forever() -> bytes:
    """Never ends and never moves: says a long line again and again (all within one frame, as nothing redraws)."""
    return sb3(project_json([[GREEN_FLAG, ("control_forever", {"SUBSTACK": [("looks_say", {"MESSAGE": "x" * 100})]})]]))


def counter_to_variable() -> bytes:
    """Reads n and leaves 1 + 2 + ... + n in the variable ``tong`` and 1..n in the list ``day``, saying nothing."""
    return sb3(
        project_json(
            [
                [
                    GREEN_FLAG,
                    ask("n?"),
                    ("data_setvariableto", {"VAR": "tong", "VALUE": 0}),
                    ("data_setvariableto", {"VAR": "i", "VALUE": 0}),
                    ("data_deletealloflist", {"LIST": "day"}),
                    (
                        "control_repeat",
                        {
                            "TIMES": ANSWER,
                            "SUBSTACK": [
                                ("data_changevariableby", {"VAR": "i", "VALUE": 1}),
                                ("data_changevariableby", {"VAR": "tong", "VALUE": ("var", "i")}),
                                ("data_addtolist", {"LIST": "day", "ITEM": ("var", "i")}),
                            ],
                        },
                    ),
                ]
            ],
            variables=["tong", "i"],
            lists=["day"],
        )
    )


def with_video_sensing() -> bytes:
    """Uses the video sensing extension, which contests do not allow."""
    return sb3(
        project_json(
            [[GREEN_FLAG, ("videoSensing_videoToggle", {"FIELD_VIDEO_STATE": "on"}), ("looks_say", {"MESSAGE": 1})]],
            extensions=["videoSensing"],
        )
    )


def with_custom_blocks() -> bytes:
    """Defines the custom block "jump (height) <loud>" and uses it: the green flag says 10, then "HOP 3"."""
    height = ("argument_reporter_string_number", {"FIELD_VALUE": "height"})
    loud = ("argument_reporter_boolean", {"FIELD_VALUE": "loud"})
    jump = "jump %s %b"
    return sb3(
        project_json(
            [
                [
                    ("procedures_definition", {"PROCCODE": jump, "ARGS": ["height", "loud"]}),
                    ("motion_changeyby", {"DY": height}),
                    (
                        "control_if_else",
                        {
                            "CONDITION": loud,
                            "SUBSTACK": [
                                ("looks_say", {"MESSAGE": ("operator_join", {"STRING1": "HOP ", "STRING2": height})})
                            ],
                            "SUBSTACK2": [("looks_say", {"MESSAGE": height})],
                        },
                    ),
                ],
                [
                    GREEN_FLAG,
                    (
                        "procedures_call",
                        {"PROCCODE": jump, "ARGS": [10, ("operator_lt", {"OPERAND1": 2, "OPERAND2": 1})]},
                    ),
                    (
                        "procedures_call",
                        {"PROCCODE": jump, "ARGS": [3, ("operator_lt", {"OPERAND1": 1, "OPERAND2": 2})]},
                    ),
                ],
            ]
        )
    )
