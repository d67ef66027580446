"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json. A test holds it to the routes:
every route of the blueprint is described here, and nothing else."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from sandbox.languages import LANGUAGES

from ..models import ContestRound
from ..services.contests.contest_kinds import KINDS
from . import bp

PREFIX = "/api/v1"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): {"$ref": f"#/components/responses/E{code}"} for code in (401, *codes)}


_STR = {"type": "string"}
_INT = {"type": "integer"}
_NUM = {"type": "number"}
_BOOL = {"type": "boolean"}
_TIME = {"type": "string", "format": "date-time", "description": "UTC, ISO 8601 with Z"}
_LANGUAGE = {"type": "string", "enum": list(LANGUAGES)}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "type": [schema["type"], "null"]}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties)}


CONTEST = {
    "id": _INT,
    "title": _STR,
    "kind": {"type": "string", "enum": [kind.value for kind in KINDS]},
    "round": {"type": "string", "enum": [r.value for r in ContestRound]},
    "school_year": _STR,
    "organiser": _STR,
    "registration_opens": _TIME,
    "registration_closes": _TIME,
    "submission_opens": _TIME,
    "submission_closes": _TIME,
    "registration": {
        "type": "string",
        "enum": ["open", "draft", "proposal_not_approved", "not_yet", "closed"],
        "description": "whether registration is open now, and if not, the first reason why",
    },
}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {**_STR, "description": "a message for people, in the interface's language"},
            "field": {**_nullable(_STR), "description": "the request field at fault (422 and 429 only)"},
        },
    },
    "Contest": _object(CONTEST),
    "Category": _object({"id": _INT, "code": _STR, "name": _STR}),
    "ContestDetail": _object(
        {
            **CONTEST,
            "description": _STR,
            "max_team_size": _INT,
            "open_to_students": _BOOL,
            "open_to_teachers": _BOOL,
            "categories": {"type": "array", "items": _ref("Category")},
            "registered": {**_BOOL, "description": "whether the caller is registered"},
            "category": {**_nullable(_STR), "description": "the code of the caller's category"},
            "team": {
                **_nullable(
                    _object(
                        {"name": _nullable(_STR), "code": _nullable(_STR), "members": {"type": "array", "items": _STR}}
                    )
                ),
                "description": "the caller's team (its members share its submissions); null when they enter alone",
            },
        }
    ),
    "ContestList": _object({"contests": {"type": "array", "items": _ref("Contest")}, "page": _INT, "has_next": _BOOL}),
    "Problem": _object(
        {
            "label": _STR,
            "title": _STR,
            "category": {**_nullable(_STR), "description": "the category that sees it; null: every category"},
            "time_limit_ms": _INT,
            "memory_limit_kb": _INT,
            "max_score": _NUM,
        }
    ),
    "ProblemList": _object(
        {
            "problems": {"type": "array", "items": _ref("Problem")},
            "languages": {"type": "array", "items": _LANGUAGE},
            "time_multipliers": {
                "type": "object",
                "propertyNames": _LANGUAGE,
                "additionalProperties": _NUM,
                "description": "for each language of the contest, the multiple of a problem's time_limit_ms that a "
                "submission in it gets (1: the limit itself)",
            },
            "reason": {**_nullable(_STR), "description": "why the caller sees no problems, if so"},
        }
    ),
    "NewSubmission": {
        **_object(
            {
                "problem": {**_STR, "description": "the problem's label", "examples": ["A"]},
                "language": _LANGUAGE,
                "source": {
                    **_STR,
                    "description": "the program, at most 64 KiB in UTF-8 (a Scratch project: its .sb3 in base64)",
                },
            }
        ),
        "additionalProperties": False,
    },
    "SubmissionCreated": _object(
        {
            "id": _INT,
            "status": {"type": "string", "enum": ["queued"]},
            "url": {"type": "string", "format": "uri", "description": "where to follow its judging"},
        }
    ),
    "SubmissionStatus": _object(
        {
            "id": _INT,
            "contest": _INT,
            "problem": {**_STR, "description": "the problem's label"},
            "language": _STR,
            "submitted_at": _TIME,
            "status": {"type": "string", "enum": ["queued", "compiling", "running", "done", "error"]},
            "done": {**_INT, "description": "tests judged so far"},
            "total": _INT,
            "final": {**_BOOL, "description": "the judging is over; nothing will change"},
            "verdict": _nullable(_STR),
            "score": _nullable(_NUM),
            "max_score": _nullable(_NUM),
            "compile_output": _STR,
            "feedback": {
                "type": "string",
                "enum": ["full", "verdicts", "score"],
                "description": "how much the contest tells: full (tests with times), verdicts, or score only",
            },
            "tests": {
                "type": "array",
                "description": "empty with feedback 'score'; only position and verdict with 'verdicts'",
                "items": {
                    "type": "object",
                    "required": ["position", "verdict"],
                    "properties": {
                        "position": _INT,
                        "verdict": _STR,
                        "name": _STR,
                        "group": _STR,
                        "time_ms": _INT,
                        "memory_kb": _INT,
                        "score": _NUM,
                    },
                },
            },
        }
    ),
    "Scoreboard": _object(
        {
            "contest_id": _INT,
            "mode": {"type": "string", "enum": ["ioi", "icpc"]},
            "best_per_subtask": _BOOL,
            "problems": {
                "type": "array",
                "items": _object({"label": _STR, "title": _STR, "max_score": _NUM}),
            },
            "rows": {"type": "array", "items": _ref("ScoreboardRow")},
            "frozen": {**_BOOL, "description": "submissions from freeze_at on are not shown to this caller"},
            "published": _BOOL,
            "freeze_at": _nullable(_TIME),
            "computed_at": _TIME,
            "units": {"type": "array", "items": _object({"id": _INT, "name": _STR})},
            "districts": {"type": "array", "items": _object({"id": _INT, "name": _STR})},
        }
    ),
    "ScoreboardRow": _object(
        {
            "rank": {**_INT, "description": "within the row's board; equal results share the better rank (1, 2, 2, 4)"},
            "registration_id": _INT,
            "name": _STR,
            "members": {"type": "array", "items": _STR},
            "unit_id": _INT,
            "unit_name": _STR,
            "district_id": _nullable(_INT),
            "district_name": _nullable(_STR),
            "cells": {"type": "array", "items": _ref("ScoreboardCell"), "description": "one per problem"},
            "total": {**_NUM, "description": "IOI: points; ICPC: problems solved"},
            "penalty": {**_nullable(_INT), "description": "ICPC: penalty minutes"},
            "board_id": {**_nullable(_INT), "description": "the category (Bảng B, C …) the rank is within"},
            "board_name": _nullable(_STR),
        }
    ),
    "ScoreboardCell": _object(
        {
            "score": {**_nullable(_NUM), "description": "IOI; null when nothing was submitted"},
            "tries": _INT,
            "pending": {
                **_INT,
                "description": "submissions that do not count yet (made after the freeze, or waiting for their result)"
                " and may still change the cell: none on an IOI cell at full marks, none after an ICPC cell's first AC",
            },
            "solved": {**_BOOL, "description": "ICPC"},
            "minutes": {**_nullable(_INT), "description": "ICPC: minutes from the start to the first AC"},
        }
    ),
}

ERRORS = {
    400: "The request is malformed (not JSON, a field missing or of the wrong type, a bad parameter).",
    401: "No token, or one that is unknown, revoked, expired, or of an account that is not active.",
    403: "The caller may not do this (e.g. not registered, a problem not visible to them).",
    404: "No such thing, or not visible to the caller.",
    422: "Refused: outside the window, a language not allowed, an empty or too large source.",
    429: "Too soon after the previous submission to the same problem (one every 10 seconds).",
}

CONTEST_ID = {"name": "contest_id", "in": "path", "required": True, "schema": _INT}


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "hoithi API",
            "version": "1",
            "description": "Contests, problems and submissions of hoithi. Every operation but this document "
            "needs a token (create one on the page /account/tokens), sent as 'Authorization: Bearer <token>'. "
            "A token expires when its owner chose on that page (at most a year after it was made). "
            'Times are UTC. Errors are {"error": message}.',
        },
        "security": [{"bearerAuth": []}],
        "paths": {
            f"{PREFIX}/contests": {
                "get": {
                    "operationId": "listContests",
                    "summary": "Published contests, newest registration first, 30 a page",
                    "parameters": [
                        {"name": "kind", "in": "query", "schema": CONTEST["kind"]},
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                    ],
                    "responses": {"200": _json(_ref("ContestList"), "A page of contests"), **_errors(400)},
                }
            },
            f"{PREFIX}/contests/{{contest_id}}": {
                "get": {
                    "operationId": "getContest",
                    "summary": "A contest with its categories and the caller's registration",
                    "parameters": [CONTEST_ID],
                    "responses": {"200": _json(_ref("ContestDetail"), "The contest"), **_errors(404)},
                }
            },
            f"{PREFIX}/contests/{{contest_id}}/problems": {
                "get": {
                    "operationId": "listProblems",
                    "summary": "The problems the caller may see now (contestants: inside the window, their "
                    "category only)",
                    "parameters": [CONTEST_ID],
                    "responses": {"200": _json(_ref("ProblemList"), "The problems"), **_errors(404)},
                }
            },
            f"{PREFIX}/contests/{{contest_id}}/submissions": {
                "post": {
                    "operationId": "submit",
                    "summary": "Send a program to the judge (one per problem every 10 seconds)",
                    "parameters": [CONTEST_ID],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("NewSubmission")}},
                    },
                    "responses": {
                        "201": {
                            **_json(_ref("SubmissionCreated"), "Stored and queued for judging"),
                            "headers": {"Location": {"schema": {"type": "string", "format": "uri"}}},
                        },
                        **_errors(400, 403, 404, 422, 429),
                    },
                }
            },
            f"{PREFIX}/submissions/{{submission_id}}": {
                "get": {
                    "operationId": "getSubmission",
                    "summary": "A submission's judging, as much as the contest's feedback mode tells (the "
                    "submitter and the contest's staff only)",
                    "parameters": [{"name": "submission_id", "in": "path", "required": True, "schema": _INT}],
                    "responses": {"200": _json(_ref("SubmissionStatus"), "The status"), **_errors(403, 404)},
                }
            },
            f"{PREFIX}/contests/{{contest_id}}/scoreboard": {
                "get": {
                    "operationId": "getScoreboard",
                    "summary": "The scoreboard as the caller may see it (the public's is frozen in the last "
                    "minutes until results are published), optionally of one unit or district (ranks stay "
                    "overall)",
                    "parameters": [
                        CONTEST_ID,
                        {"name": "unit", "in": "query", "schema": _INT},
                        {"name": "district", "in": "query", "schema": _INT},
                    ],
                    "responses": {"200": _json(_ref("Scoreboard"), "The board"), **_errors(400, 404)},
                }
            },
            f"{PREFIX}/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": _json({"type": "object"}, "The OpenAPI document")},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "hoithi_ followed by 40 characters"}
            },
            "schemas": SCHEMAS,
            "responses": {f"E{code}": _json(_ref("Error"), text) for code, text in ERRORS.items()},
        },
    }


@bp.route("/openapi.json")
def openapi() -> Response:
    return jsonify(document())
