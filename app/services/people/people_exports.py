"""The .xlsx sheets of people that hoithi hands out: a unit's people, and new logins with their temporary passwords
(``people_xlsx`` reads the sheets that coordinators fill in)."""

from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook

from ...models import User
from ...timeutil import format_date
from .. import labels
from ..xlsx_text import append_row, set_widths


def export_people(users: list[User]) -> bytes:
    """An .xlsx of ``users`` in the given order, with Vietnamese headings, roles and states when the interface is
    Vietnamese (a "Vai trò" of học sinh or giáo viên reads back in an import)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("People"))
    set_widths(sheet, [6, 30, 20, 14, 10, 30, 30, 24, 14])
    append_row(
        sheet,
        [
            _("No."),
            _("Full name"),
            _("Login"),
            _("Date of birth"),
            _("Class"),
            _("E-mail"),
            _("Unit"),
            _("Roles"),
            _("Status"),
        ],
    )
    for i, user in enumerate(users, start=1):
        append_row(
            sheet,
            [
                i,
                user.full_name,
                user.username,
                format_date(user.date_of_birth),
                user.class_name or "",
                user.email or "",
                user.unit.name,
                ", ".join(sorted(str(labels.ROLE[r]) for r in user.roles)),
                str(labels.ACCOUNT_STATUS[user.status]),
            ],
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def credentials_sheet(created: list[tuple[User, str]]) -> bytes:
    """An .xlsx of new logins and their temporary passwords, to print and hand out."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Accounts"))
    set_widths(sheet, [6, 30, 10, 20, 20])
    append_row(sheet, [_("No."), _("Full name"), _("Class"), _("Login"), _("Temporary password")])
    for i, (user, password) in enumerate(created, start=1):
        append_row(sheet, [i, user.full_name, user.class_name or "", user.username, password])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


__all__ = ["credentials_sheet", "export_people"]
