"""Rows of the authorisation table for the theory tests and combined results (issue 15, items 3 and 4).

The world gets a running programming contest of the organiser's unit with a board A whose test is open, a bank of
two questions (one with an image) and the student's sheet holding both; the rows run in order, so the student
hands the sheet in before printing it.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Flask, current_app

from app.extensions import db
from app.models import User
from app.services.quizzes import bank, sheets
from submissions.store import LocalStore

from .. import builders
from ..submissions.crafting import PNG
from .quiz_helpers import question, quiz

LOGIN = "login"
STAFF = {"anonymous": LOGIN, "organiser": 200, "admin": 200}
PUPIL = {"anonymous": LOGIN, "student": 200}
BASE = "/contests/{quiz_contest}"

# (method, url template, {role: expected}, default): placeholders are keys of the world's ids.
TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    ("GET", BASE + "/manage/quiz", STAFF, 403),
    ("GET", BASE + "/manage/quiz/template.xlsx", STAFF, 403),
    ("GET", BASE + "/manage/quiz/questions/new", STAFF, 403),
    ("GET", BASE + "/manage/quiz/questions/{quiz_question}", STAFF, 403),
    ("GET", BASE + "/manage/quiz/boards/{quiz_board}", STAFF, 403),
    ("GET", BASE + "/manage/quiz/boards/{quiz_board}/sheets", STAFF, 403),
    ("GET", BASE + "/manage/quiz/boards/{quiz_board}/analysis", STAFF, 403),
    ("GET", BASE + "/manage/quiz/sheets/{quiz_sheet}", STAFF, 403),
    ("GET", BASE + "/manage/quiz/result", STAFF, 403),
    # posted empty: the form again with its errors
    ("POST", BASE + "/manage/quiz/import", STAFF, 403),
    ("POST", BASE + "/manage/quiz/questions/new", STAFF, 403),
    ("POST", BASE + "/manage/quiz/questions/{quiz_question}", STAFF, 403),
    ("POST", BASE + "/manage/quiz/boards/{quiz_board}", STAFF, 403),
    # the question is on a sheet: refused with a message, back to the bank
    ("POST", BASE + "/manage/quiz/questions/{quiz_question}/remove", {**STAFF, "organiser": 302, "admin": 302}, 403),
    # a question not on one's sheet does not exist for a pupil (404, docs/authorisation.md)
    ("GET", BASE + "/quiz/questions/{quiz_question}/image", {**STAFF, "student": 200}, 404),
    # the pupil's side: only a pupil of a board with a test has one (404 to everyone else)
    ("GET", BASE + "/quiz", PUPIL, 404),
    ("POST", BASE + "/quiz/start", {"anonymous": LOGIN, "student": 302}, 404),
    ("POST", BASE + "/quiz/answer", {"anonymous": LOGIN, "student": 400}, 404),
    ("POST", BASE + "/quiz/submit", {"anonymous": LOGIN, "student": 302}, 404),
    ("GET", BASE + "/quiz/print", PUPIL, 404),
]

SAMPLE_IDS: dict[str, Any] = {"quiz_contest": 7, "quiz_board": 8, "quiz_question": 9, "quiz_sheet": 10}


def add_to_world(app: Flask, users: dict[str, User], ids: dict[str, Any]) -> None:
    organiser, student = users["organiser"], users["student"]
    contest = builders.contest(organiser_unit=organiser.unit)
    board = builders.categories(contest, "A")["A"]
    builders.register(contest, student, category=board)
    first = question(contest, "Tin học", 1)
    question(contest, "Tin học", 1, text="Câu hai")
    store = LocalStore(current_app.config["STORAGE_DIR"])
    bank.attach_image(db.session, store, organiser, contest, first, io.BytesIO(PNG))
    made = quiz(organiser, contest, board, [("Tin học", 1, 2)])
    sheet = sheets.start(db.session, contest, made, student)
    ids.update(quiz_contest=contest.id, quiz_board=board.id, quiz_question=first.id, quiz_sheet=sheet.id)
