"""Scratch blocks in words: a previewed script's lines written as Scratch writes its blocks, in the interface's
language ("nói Hello trong 2 giây" / "say Hello for 2 seconds").

``BLOCKS`` is the one table of wordings: an opcode and a template whose placeholders are the block's inputs and
fields (Scratch's own names for them). Its English templates are marked for translation, so the Vietnamese comes
from the catalogue; templates of symbols alone ("%(NUM1)s + %(NUM2)s") are the same in every language. A block the
table does not know keeps the line of its opcode, fields and inputs (``Block.text``). A custom block (a pupil's
"My Blocks") is written from its own words, its arguments in their slots: "define jump (height)", "jump (10)".
Nothing here runs the project: ``submissions.scratch`` read it into lines, and this only writes them out.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l

from submissions.scratch import ELSE, Block, Script

BLOCKS: dict[str, Any] = {
    # Events
    "event_whenflagclicked": _l("when green flag clicked"),
    "event_whenkeypressed": _l("when %(KEY_OPTION)s key pressed"),
    "event_whenthisspriteclicked": _l("when this sprite clicked"),
    "event_whenstageclicked": _l("when stage clicked"),
    "event_whenbroadcastreceived": _l("when I receive %(BROADCAST_OPTION)s"),
    "event_whenbackdropswitchesto": _l("when backdrop switches to %(BACKDROP)s"),
    "event_broadcast": _l("broadcast %(BROADCAST_INPUT)s"),
    "event_broadcastandwait": _l("broadcast %(BROADCAST_INPUT)s and wait"),
    # Control
    "control_wait": _l("wait %(DURATION)s seconds"),
    "control_repeat": _l("repeat %(TIMES)s"),
    "control_forever": _l("forever"),
    "control_if": _l("if %(CONDITION)s then"),
    "control_if_else": _l("if %(CONDITION)s then"),
    ELSE: _l("else"),
    "control_wait_until": _l("wait until %(CONDITION)s"),
    "control_repeat_until": _l("repeat until %(CONDITION)s"),
    "control_stop": _l("stop %(STOP_OPTION)s"),
    "control_start_as_clone": _l("when I start as a clone"),
    "control_create_clone_of": _l("create clone of %(CLONE_OPTION)s"),
    "control_delete_this_clone": _l("delete this clone"),
    # Looks
    "looks_sayforsecs": _l("say %(MESSAGE)s for %(SECS)s seconds"),
    "looks_say": _l("say %(MESSAGE)s"),
    "looks_thinkforsecs": _l("think %(MESSAGE)s for %(SECS)s seconds"),
    "looks_think": _l("think %(MESSAGE)s"),
    "looks_switchcostumeto": _l("switch costume to %(COSTUME)s"),
    "looks_nextcostume": _l("next costume"),
    "looks_switchbackdropto": _l("switch backdrop to %(BACKDROP)s"),
    "looks_nextbackdrop": _l("next backdrop"),
    "looks_changesizeby": _l("change size by %(CHANGE)s"),
    "looks_setsizeto": _l("set size to %(SIZE)s %%"),
    "looks_cleargraphiceffects": _l("clear graphic effects"),
    "looks_size": _l("size"),
    "looks_show": _l("show"),
    "looks_hide": _l("hide"),
    # Sound
    "sound_play": _l("start sound %(SOUND_MENU)s"),
    "sound_playuntildone": _l("play sound %(SOUND_MENU)s until done"),
    "sound_stopallsounds": _l("stop all sounds"),
    "sound_changevolumeby": _l("change volume by %(VOLUME)s"),
    "sound_setvolumeto": _l("set volume to %(VOLUME)s %%"),
    "sound_volume": _l("volume"),
    # Motion
    "motion_movesteps": _l("move %(STEPS)s steps"),
    "motion_turnright": _l("turn ↻ %(DEGREES)s degrees"),
    "motion_turnleft": _l("turn ↺ %(DEGREES)s degrees"),
    "motion_goto": _l("go to %(TO)s"),
    "motion_gotoxy": _l("go to x: %(X)s y: %(Y)s"),
    "motion_glideto": _l("glide %(SECS)s secs to %(TO)s"),
    "motion_glidesecstoxy": _l("glide %(SECS)s secs to x: %(X)s y: %(Y)s"),
    "motion_pointindirection": _l("point in direction %(DIRECTION)s"),
    "motion_pointtowards": _l("point towards %(TOWARDS)s"),
    "motion_changexby": _l("change x by %(DX)s"),
    "motion_setx": _l("set x to %(X)s"),
    "motion_changeyby": _l("change y by %(DY)s"),
    "motion_sety": _l("set y to %(Y)s"),
    "motion_ifonedgebounce": _l("if on edge, bounce"),
    "motion_xposition": _l("x position"),
    "motion_yposition": _l("y position"),
    "motion_direction": _l("direction"),
    # Sensing
    "sensing_askandwait": _l("ask %(QUESTION)s and wait"),
    "sensing_answer": _l("answer"),
    "sensing_touchingobject": _l("touching %(TOUCHINGOBJECTMENU)s?"),
    "sensing_keypressed": _l("key %(KEY_OPTION)s pressed?"),
    "sensing_mousedown": _l("mouse down?"),
    "sensing_timer": _l("timer"),
    "sensing_resettimer": _l("reset timer"),
    # Operators
    "operator_add": "%(NUM1)s + %(NUM2)s",
    "operator_subtract": "%(NUM1)s - %(NUM2)s",
    "operator_multiply": "%(NUM1)s * %(NUM2)s",
    "operator_divide": "%(NUM1)s / %(NUM2)s",
    "operator_gt": "%(OPERAND1)s > %(OPERAND2)s",
    "operator_lt": "%(OPERAND1)s < %(OPERAND2)s",
    "operator_equals": "%(OPERAND1)s = %(OPERAND2)s",
    "operator_random": _l("pick random %(FROM)s to %(TO)s"),
    "operator_and": _l("%(OPERAND1)s and %(OPERAND2)s"),
    "operator_or": _l("%(OPERAND1)s or %(OPERAND2)s"),
    "operator_not": _l("not %(OPERAND)s"),
    "operator_join": _l("join %(STRING1)s %(STRING2)s"),
    "operator_letter_of": _l("letter %(LETTER)s of %(STRING)s"),
    "operator_length": _l("length of %(STRING)s"),
    "operator_contains": _l("%(STRING1)s contains %(STRING2)s?"),
    "operator_mod": _l("%(NUM1)s mod %(NUM2)s"),
    "operator_round": _l("round %(NUM)s"),
    "operator_mathop": _l("%(OPERATOR)s of %(NUM)s"),
    # Variables
    "data_variable": "%(VARIABLE)s",
    "data_setvariableto": _l("set %(VARIABLE)s to %(VALUE)s"),
    "data_changevariableby": _l("change %(VARIABLE)s by %(VALUE)s"),
    "data_showvariable": _l("show variable %(VARIABLE)s"),
    "data_hidevariable": _l("hide variable %(VARIABLE)s"),
    # Lists
    "data_listcontents": "%(LIST)s",
    "data_addtolist": _l("add %(ITEM)s to %(LIST)s"),
    "data_deleteoflist": _l("delete %(INDEX)s of %(LIST)s"),
    "data_deletealloflist": _l("delete all of %(LIST)s"),
    "data_insertatlist": _l("insert %(ITEM)s at %(INDEX)s of %(LIST)s"),
    "data_replaceitemoflist": _l("replace item %(INDEX)s of %(LIST)s with %(ITEM)s"),
    "data_itemoflist": _l("item %(INDEX)s of %(LIST)s"),
    "data_itemnumoflist": _l("item # of %(ITEM)s in %(LIST)s"),
    "data_lengthoflist": _l("length of list %(LIST)s"),
    "data_listcontainsitem": _l("%(LIST)s contains %(ITEM)s?"),
    # Pen
    "pen_clear": _l("erase all"),
    "pen_stamp": _l("stamp"),
    "pen_penDown": _l("pen down"),
    "pen_penUp": _l("pen up"),
    "pen_setPenColorToColor": _l("set pen color to %(COLOR)s"),
    "pen_changePenSizeBy": _l("change pen size by %(SIZE)s"),
    "pen_setPenSizeTo": _l("set pen size to %(SIZE)s"),
    # My Blocks: the prototype and the calls are written from their own words (``custom_text``)
    "procedures_definition": _l("define %(custom_block)s"),
    "argument_reporter_string_number": "%(VALUE)s",
    "argument_reporter_boolean": "%(VALUE)s",
    # Menus: a dropdown inside another block, shown as its choice alone
    "motion_goto_menu": "%(TO)s",
    "motion_glideto_menu": "%(TO)s",
    "motion_pointtowards_menu": "%(TOWARDS)s",
    "looks_costume": "%(COSTUME)s",
    "looks_backdrops": "%(BACKDROP)s",
    "sound_sounds_menu": "%(SOUND_MENU)s",
    "sensing_touchingobjectmenu": "%(TOUCHINGOBJECTMENU)s",
    "sensing_keyoptions": "%(KEY_OPTION)s",
    "control_create_clone_of_menu": "%(CLONE_OPTION)s",
    "event_broadcast_menu": "%(BROADCAST_OPTION)s",
}
"""Each block Scratch's editor offers pupils (Events, Control, Looks, basic Sound, Motion, Sensing, Operators,
Variables, Lists, Pen) and how it reads, its inputs and fields as ``%(NAME)s``."""

MENUS = frozenset(
    {
        "motion_goto_menu",
        "motion_glideto_menu",
        "motion_pointtowards_menu",
        "looks_costume",
        "looks_backdrops",
        "sound_sounds_menu",
        "sensing_touchingobjectmenu",
        "sensing_keyoptions",
        "control_create_clone_of_menu",
        "event_broadcast_menu",
        "procedures_prototype",
    }
)
"""Dropdowns, and a custom block's prototype under "define": written bare inside their block, where a reporter is
written in brackets."""

BOOLEANS = frozenset(
    {
        "operator_gt",
        "operator_lt",
        "operator_equals",
        "operator_and",
        "operator_or",
        "operator_not",
        "operator_contains",
        "sensing_touchingobject",
        "sensing_keypressed",
        "sensing_mousedown",
        "data_listcontainsitem",
        "argument_reporter_boolean",
    }
)
"""Blocks that answer true or false: written ``<...>`` inside another block, as Scratch draws them pointed."""

CHOICES: dict[str, Any] = {
    "_mouse_": _l("mouse-pointer"),
    "_random_": _l("random position"),
    "_edge_": _l("edge"),
    "_myself_": _l("myself"),
    "_stage_": _l("Stage"),
    "all": _l("all"),
    "this script": _l("this script"),
    "other scripts in sprite": _l("other scripts in sprite"),
    "space": _l("space"),
    "up arrow": _l("up arrow"),
    "down arrow": _l("down arrow"),
    "left arrow": _l("left arrow"),
    "right arrow": _l("right arrow"),
    "any": _l("any"),
}
"""The choices of Scratch's own dropdowns that Scratch translates (a variable's or a costume's name it does not)."""

_NAMED = frozenset({"VARIABLE", "LIST", "BROADCAST_OPTION", "COSTUME", "BACKDROP", "SOUND_MENU"})
"""Fields that hold a name the pupil gave, never one of ``CHOICES``."""

_EMPTY = "_"

CUSTOM = frozenset({"procedures_prototype", "procedures_call"})
"""A custom block's prototype (under "define") and its calls: worded by the pupil (``Block.proccode``)."""
_SLOT = re.compile(r"%[sbn]")
"""A slot in a custom block's words: ``%s`` a number or text, ``%b`` a condition (``%n``: a number, in old
projects)."""


class _Slots(dict[str, str]):
    """A block's inputs and fields by name; an empty slot (an ``if`` without its condition) reads ``_``."""

    def __missing__(self, key: str) -> str:
        return _EMPTY


def block_text(block: Block) -> str:
    """The block as Scratch writes it in the current language, its nested reporters inline; a block ``BLOCKS``
    does not know, as its opcode, fields and inputs."""
    if block.opcode in CUSTOM and block.proccode.strip():
        return custom_text(block)
    template = BLOCKS.get(block.opcode)
    if template is None:
        return block.text()
    slots = _Slots()
    for name, value in block.fields:
        choice = CHOICES.get(value) if name not in _NAMED else None
        slots[name] = str(choice) if choice is not None else value
    for name, found in block.inputs:
        slots[name] = _inline(found)
    return str(template) % slots


def custom_text(block: Block) -> str:
    """A custom block's prototype or call as Scratch draws it: its words, each argument in its slot's shape
    (``(10)``, ``<...>``), the way a slot of a custom block stays visible between the pupil's own words; a slot the
    project leaves empty is drawn empty (``()``, ``<>``)."""
    values = dict(block.inputs)
    words = _SLOT.split(block.proccode)
    parts = [words[0]]
    for index, (kind, after) in enumerate(zip(_SLOT.findall(block.proccode), words[1:], strict=True)):
        arg_id = block.argument_ids[index] if index < len(block.argument_ids) else None
        boolean = kind == "%b"
        if arg_id not in values:
            parts.append("<>" if boolean else "()")
        else:
            value = values[arg_id]
            parts.append(f"({value})" if isinstance(value, str) else _inline(value))
        parts.append(after)
    return " ".join(part.strip() for part in parts if part.strip())


def _inline(value: Block | str | None) -> str:
    if value is None:
        return "..."
    if not isinstance(value, Block):
        return value
    text = block_text(value)
    if value.opcode in MENUS:
        return text
    return f"<{text}>" if value.opcode in BOOLEANS else f"({text})"


def script_text(script: Script) -> str:
    """A script as indented lines, one block each, as ``block_text`` writes them."""
    return "\n".join("  " * line.depth + block_text(line.block) for line in script)
