"""Checking an uploaded Scratch project and reading it for the preview (``submissions.scratch``)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

import pytest

from submissions.scratch import (
    ELSE,
    MAX_NESTING,
    MAX_PREVIEW_IMAGES,
    MAX_PROJECT_BYTES,
    MAX_PROJECT_JSON_BYTES,
    Block,
    Line,
    Unfit,
    UnfitProject,
    read_project,
)
from tests.builders import present

from .. import scratch_projects as sp


def test_the_preview_lists_the_stage_then_sprites_with_their_nested_scripts() -> None:
    stage, cat = read_project(sp.counter_to_variable())
    assert stage.is_stage and not cat.is_stage and cat.name == "Mèo"
    assert stage.costume is not None and present(stage.costume.data_url).startswith("data:image/svg+xml;base64,")
    (script,) = cat.scripts
    assert script[0] == Line(0, Block("event_whenflagclicked"))
    lines = [(line.depth, line.block.text()) for line in script]
    assert (1, "data_addtolist LIST=[day] ITEM=(data_variable VARIABLE=[i])") in lines  # inside the repeat, one deeper


def test_an_if_else_block_has_an_else_line_above_its_second_branch() -> None:
    branches = {"SUBSTACK": [("looks_say", {"MESSAGE": "có"})], "SUBSTACK2": [("looks_say", {"MESSAGE": "không"})]}
    choice: sp.Block = ("control_if_else", {**branches, "CONDITION": ("sensing_mousedown", {})})
    project = sp.project_json([[sp.GREEN_FLAG, choice]])
    (script,) = read_project(sp.sb3(project))[1].scripts
    shown = [(line.depth, line.block.opcode) for line in script]
    assert shown == [
        (0, "event_whenflagclicked"),
        (0, "control_if_else"),
        (1, "looks_say"),
        (0, ELSE),
        (1, "looks_say"),
    ]
    assert script[1].block.inputs == (("CONDITION", Block("sensing_mousedown")),)


def test_a_block_of_a_forbidden_extension_is_refused_even_if_the_list_omits_it() -> None:
    project = sp.project_json([[sp.GREEN_FLAG, ("text2speech_speakAndWait", {"WORDS": "xin chào"})]])
    with pytest.raises(UnfitProject) as refused:
        read_project(sp.sb3(project))
    assert refused.value.code is Unfit.EXTENSION and refused.value.detail == "text2speech"


def test_pen_and_music_are_allowed() -> None:
    project = sp.project_json([[sp.GREEN_FLAG, ("pen_penDown", {})]], extensions=["pen", "music"])
    assert len(read_project(sp.sb3(project))) == 2


@pytest.mark.parametrize(
    "members, code",
    [
        ({"other.json": b"{}"}, Unfit.NO_PROJECT_JSON),
        ({"project.json": b"{not json"}, Unfit.BAD_PROJECT_JSON),
        ({"project.json": b"[" * 100_000}, Unfit.BAD_PROJECT_JSON),
        ({"project.json": b'{"targets": [{"isStage": false}]}'}, Unfit.BAD_PROJECT_JSON),
        ({"../project.json": b"{}"}, Unfit.NOT_SB3),
    ],
)
def test_broken_projects_say_why(members: dict[str, bytes], code: Unfit) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(UnfitProject) as refused:
        read_project(buffer.getvalue())
    assert refused.value.code is code


def test_a_project_json_past_its_cap_is_refused_as_too_large_without_being_read() -> None:
    """17 MB of JSON in an .sb3 under the upload cap: refused as too large, naming the cap, not as damaged."""
    data = sp.with_oversized_project_json()
    assert len(data) < MAX_PROJECT_BYTES
    with pytest.raises(UnfitProject) as refused:
        read_project(data)
    assert refused.value.code is Unfit.PROJECT_JSON_TOO_LARGE
    assert refused.value.detail == str(MAX_PROJECT_JSON_BYTES // (1024 * 1024)) == "16"


def test_a_project_json_at_its_cap_is_read() -> None:
    padding = MAX_PROJECT_JSON_BYTES - len(
        json.dumps(sp.project_json([[sp.GREEN_FLAG]]) | {"padding": ""}, ensure_ascii=False).encode()
    )
    data = sp.with_oversized_project_json(padding)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("project.json").file_size == MAX_PROJECT_JSON_BYTES
    stage, _ = read_project(data)
    assert stage.is_stage


@pytest.mark.parametrize("data", [b"", b"PK", b'{"targets": []}', b"<html><script>alert(1)</script></html>"])
def test_what_is_no_zip_at_all_is_no_sb3(data: bytes) -> None:
    with pytest.raises(UnfitProject) as refused:
        read_project(data)
    assert refused.value.code is Unfit.NOT_SB3


def test_a_crafted_project_costs_the_preview_no_more_than_its_size() -> None:
    """Blocks nested thousands deep, or pointing at each other, are written once each and cut short."""
    project = sp.project_json([[sp.GREEN_FLAG, ("looks_say", {"MESSAGE": 1})]])
    blocks = project["targets"][1]["blocks"]
    for i in range(3000):  # a reporter inside a reporter, 3000 deep
        blocks[f"n{i}"] = {"opcode": "operator_add", "inputs": {"NUM1": [3, f"n{i + 1}"], "NUM2": [3, "b1"]}}
    blocks["b2"]["inputs"]["MESSAGE"] = [3, "n0", [10, ""]]
    blocks["b1"]["inputs"] = {"SUBSTACK": [2, "b1"], "SUBSTACK2": [2, "b1"]}
    (script,) = read_project(sp.sb3(project))[1].scripts
    text = "\n".join(line.block.text() for line in script)
    assert text.count("operator_add") < MAX_NESTING and "(...)" in text and len(text) < 5000


def test_many_sprites_sharing_one_large_costume_cost_the_preview_no_more_than_a_few_images() -> None:
    """A small .sb3 whose project.json lists hundreds of sprites, all wearing one large image, must not make the
    preview (read at upload and on every view of the submission page) copy that image once per sprite."""
    project = sp.project_json([[sp.GREEN_FLAG]])
    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 1600  # 400 KiB, under the cap of one previewed image
    digest = hashlib.md5(picture).hexdigest()
    costume = {"name": "to", "assetId": digest, "md5ext": f"{digest}.png", "dataFormat": "png"}
    template = project["targets"][1]
    project["targets"] += [
        {**template, "name": f"S{i}", "costumes": [costume], "blocks": {}, "layerOrder": i + 2} for i in range(300)
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("project.json"), json.dumps(project))
        archive.writestr(f"{digest}.png", picture, zipfile.ZIP_STORED)
        for data in (sp.BACKDROP, sp.COSTUME):
            archive.writestr(f"{hashlib.md5(data).hexdigest()}.svg", data)
    sprites = read_project(buffer.getvalue())
    assert len(sprites) == 302  # every sprite is still listed, with its scripts
    shown = sum(len(s.costume.data_url) for s in sprites if s.costume is not None and s.costume.data_url)
    assert shown <= MAX_PREVIEW_IMAGES + 1024, shown
    assert sprites[0].costume is not None and sprites[0].costume.data_url  # the stage's backdrop comes first


@pytest.mark.parametrize("field, value", [("x", "abc"), ("y", [1]), ("layerOrder", "trên cùng"), ("x", None)])
def test_a_position_or_layer_that_is_no_number_is_shown_at_zero_not_a_fault(field: str, value: object) -> None:
    project = sp.project_json([[sp.GREEN_FLAG]])
    second = {**project["targets"][1], "name": "Chó", "layerOrder": 2}
    project["targets"].append(second)
    project["targets"][1][field] = value
    sprites = read_project(sp.sb3(project))
    assert len(sprites) == 3 and {s.name for s in sprites[1:]} == {"Mèo", "Chó"}
    cat = next(s for s in sprites if s.name == "Mèo")
    assert (cat.x, cat.y) == (0, 0)


@pytest.mark.parametrize(
    "path, value",
    [
        (("targets", 0, "costumes"), 5),
        (("targets", 1, "sounds"), None),
        (("targets", 1, "costumes"), {"0": "x"}),
        (("targets", 1, "blocks", "b2", "inputs"), "MESSAGE"),
        (("targets", 1, "blocks", "b2", "fields"), [1]),
    ],
)
def test_a_crafted_project_json_of_the_wrong_shapes_is_read_or_refused_never_a_fault(
    path: tuple[str | int, ...], value: object
) -> None:
    project = sp.project_json([[sp.GREEN_FLAG, ("looks_say", {"MESSAGE": 1})]])
    holder: Any = project
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    try:
        sprites = read_project(sp.sb3(project))
    except UnfitProject as refused:
        assert refused.code in (Unfit.BAD_PROJECT_JSON, Unfit.MISSING_ASSET, Unfit.NO_COSTUME)
    else:
        assert [s.name for s in sprites] == ["Stage", "Mèo"]
