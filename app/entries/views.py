"""Entries: a contest's list, creating and editing an entry, the entry's page, the contest's entry settings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import contest_or_404, me, require, viewable_entry, visible_contest
from ..extensions import db
from ..form_base import SelectChoice
from ..models import Contest, Entry, User
from ..policies import entries as policy
from ..policies.contests import is_staff
from ..service_calls import commit_or_refuse
from ..services.entries import entering as service
from ..services.entries import entry_files, entry_window, judge_copies
from ..services.results import disqualification
from ..storage import content_store
from . import bp
from .forms import EntryForm, SettingsForm, UploadForm
from .preview_links import preview_token


def entries_contest(contest_id: int) -> Contest:
    """A contest that takes entries and that the user may see (404 otherwise)."""
    contest = visible_contest(contest_id)
    if not service.takes_entries(contest):
        abort(404)
    return contest


@bp.app_context_processor
def entry_helpers() -> dict[str, object]:
    return {"takes_entries": service.takes_entries}


def _form(contest: Contest, actor: User, entry: Entry | None, form: EntryForm) -> EntryForm:
    form.category.choices = [SelectChoice(c.id, c.name) for c in service.entry_categories(contest)]
    form.coauthors.choices = [
        SelectChoice(u.id, f"{u.full_name}{' – ' + u.class_name if u.class_name else ''}")
        for u in service.coauthor_candidates(db.session, contest, actor, entry)
    ]
    form.supervisor.choices = [
        SelectChoice(0, "—"),
        *(SelectChoice(t.id, t.full_name) for t in service.supervisor_candidates(db.session, actor)),
    ]
    return form


def _details(form: EntryForm) -> service.EntryDetails:
    return service.EntryDetails(
        title=form.title.data or "",
        subject=form.subject.data or "",
        level=form.level.data or "",
        field=form.field.data or "",
        description=form.description.data or "",
        licence=form.licence_value(),
        category_id=form.category.data or None,
        coauthor_ids=list(form.coauthors.data or []),
        supervisor_id=form.supervisor.data or None,
    )


@bp.route("/contests/<int:contest_id>/entries")
@login_required
def index(contest_id: int) -> str:
    contest = entries_contest(contest_id)
    user = me()
    state = entry_window.window_state(contest)
    mine = service.own_entry(db.session, contest, user)
    return render_template(
        "entries/list.html",
        contest=contest,
        entries=policy.visible_entries(db.session, contest, user),
        mine=mine,
        may_create=mine is None and state is entry_window.WindowState.OPEN and service.can_enter(contest, user),
        window=entry_window.window_message(contest, state),
        organiser=is_staff(user, contest),
        sees_authors=lambda e: policy.sees_authors(db.session, user, e),
    )


@bp.route("/contests/<int:contest_id>/entries/new", methods=["GET", "POST"])
@login_required
def create(contest_id: int) -> str | Response:
    actor = me()
    if request.method == "POST" and service.can_enter(sent_to := contest_or_404(contest_id), actor):
        # an entry sent to a contest whose proposal is not approved is kept for the Sở, hidden (404) or refused below
        entry_window.note_if_unapproved(db.session, actor, sent_to)
    contest = entries_contest(contest_id)
    require(service.can_enter(contest, actor))
    mine = service.own_entry(db.session, contest, actor)
    if mine is not None:
        flash(_("You are already an author of an entry in this contest."), "info")
        return redirect(url_for("entries.detail", entry_id=mine.id))
    state = entry_window.window_state(contest)
    if state is not entry_window.WindowState.OPEN:
        flash(str(entry_window.window_message(contest, state)), "error")
        return redirect(url_for("entries.index", contest_id=contest.id))
    form = _form(contest, actor, None, EntryForm())
    if request.method == "GET" and service.settings_for(db.session, contest).licence_required:
        form.licence.data = "cc_by"
    if form.validate_on_submit() and (
        created := commit_or_refuse(lambda: service.create_entry(db.session, actor, contest, _details(form)))
    ):
        entry = created.value
        flash(_("Your entry %(code)s has been created. Now upload its files.", code=entry.code), "success")
        return redirect(url_for("entries.detail", entry_id=entry.id))
    return render_template(
        "entries/form.html",
        form=form,
        contest=contest,
        entry=None,
        changes_authors=True,
        settings=service.settings_for(db.session, contest),
        window=entry_window.window_message(contest, state),
    )


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit(entry_id: int) -> str | Response:
    entry = viewable_entry(entry_id)
    actor = me()
    require(policy.is_author(entry, actor))
    contest = entry.contest
    entrant = entry.created_by  # the form is the creator's: co-authors and supervisors come from their unit
    changes_authors = policy.may_change_authors(actor, entry)
    coauthor_ids = [a.user_id for a in entry.authors if a.user_id != entrant.id]
    form = _form(contest, entrant, entry, EntryForm(obj=entry))
    if request.method == "GET":
        form.category.data = entry.category_id or 0
        form.licence.data = entry.licence.value if entry.licence else ""
        form.coauthors.data = coauthor_ids
        form.supervisor.data = entry.supervisor_id or 0
    if form.validate_on_submit():
        details = _details(form)
        if not changes_authors:  # the field is not shown to them: the authors stay as they are
            details.coauthor_ids = coauthor_ids
        if commit_or_refuse(lambda: service.update_entry(db.session, actor, entry, details), _("Saved.")):
            return redirect(url_for("entries.detail", entry_id=entry.id))
    return render_template(
        "entries/form.html",
        form=form,
        contest=contest,
        entry=entry,
        changes_authors=changes_authors,
        settings=service.settings_for(db.session, contest),
        window=entry_window.window_message(contest, entry_window.window_state(contest)),
    )


@bp.route("/entries/<int:entry_id>")
@login_required
def detail(entry_id: int) -> str:
    entry = viewable_entry(entry_id)
    user = me()
    contest = entry.contest
    state = entry_window.window_state(contest)
    author = policy.is_author(entry, user)
    files = entry.current_files
    package = next((f for f in files if f.kind.is_package), None)
    cap = entry_files.cap_bytes(db.session, entry)
    names = policy.sees_authors(db.session, user, entry)
    launch = entry_files.served_launch(content_store(), package, blind=not names) if package else None
    return render_template(
        "entries/detail.html",
        entry=entry,
        contest=contest,
        files=files,
        package=package,
        launch=launch,
        preview_token=preview_token(package.id, user.id) if package else None,
        versions=entry_files.versions(entry) if names else [],
        author=author,
        sees_authors=names,
        editable=author and state is entry_window.WindowState.OPEN,
        window=entry_window.window_message(contest, state),
        upload_form=UploadForm(),
        cap_bytes=cap,
        cap_mb=cap // (1024 * 1024),
        slot_of=entry_files.slot_of,
        slot_labels=entry_files.SLOT_LABELS,
        file_name=lambda f: entry_files.download_name(f, entry, for_author=author),
        file_size=lambda f: entry_files.served_size(f, blind=not names),
        blind_warnings=judge_copies.warnings if author else lambda f: [],
        licence_labels=service.LICENCE_LABELS,
        disqualified=disqualification.author_note(db.session, entry),
    )


@bp.route("/contests/<int:contest_id>/entries/settings", methods=["GET", "POST"])
@login_required
def settings(contest_id: int) -> str | Response:
    contest = entries_contest(contest_id)
    actor = me()
    require(is_staff(actor, contest))
    current = service.settings_for(db.session, contest)
    form = SettingsForm(obj=current)
    if form.validate_on_submit() and commit_or_refuse(
        lambda: service.save_settings(
            db.session,
            actor,
            contest,
            upload_cap_mb=form.upload_cap_mb.data or 0,
            licence_required=form.licence_required.data,
        ),
        _("Saved."),
    ):
        return redirect(url_for("entries.index", contest_id=contest.id))
    return render_template("entries/settings.html", form=form, contest=contest)
