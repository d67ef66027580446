"""Entries judged by people (e-Learning lectures, creativity projects, Tin học trẻ Bảng D products) on the web.

Views live in one module per concern: ``views`` (lists, creating and editing entries, the entry's page, the
contest's entry settings), ``files`` (uploading, removing and opening files; ``uploads`` streams a request's body
to disk) ``preview`` (e-lecture packages served in a sandbox) and ``preview_links`` (the tokens of their addresses).
"""

from flask import Blueprint

bp = Blueprint("entries", __name__, template_folder="templates")

from . import files, preview, views  # noqa: E402,F401
