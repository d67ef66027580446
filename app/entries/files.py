"""An entry's files on the web: uploading (streamed to disk, with a progress bar or as a plain form), removing,
and opening them (videos with range requests, documents and photos inline)."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from werkzeug.wrappers import Response

from submissions.store import StoreDenied, StoreFull, StoreUnavailable

from ..authz import me, require, viewable_entry
from ..extensions import csrf, db
from ..input_checks import id_in
from ..models import Entry, EntryFile, FileKind
from ..policies import entries as policy
from ..security_headers import sandbox
from ..service_calls import commit_or_refuse
from ..services.entries import entry_files, package_items
from ..services.errors import InvalidInput
from ..storage import STORE_DOWN, STORE_FULL, STORE_REFUSES, content_store
from . import bp
from .forms import UploadForm
from .uploads import UploadTooLarge, receive

INLINE = {FileKind.VIDEO, FileKind.IMAGE}


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _answer(entry: Entry, errors: list[str], status: int, success: str | None = None) -> Response:
    """JSON for the page's script (``{"ok", "errors", "redirect"}``), else flashes and back to the entry's page."""
    back = url_for("entries.detail", entry_id=entry.id)
    if _wants_json():
        response = jsonify(ok=not errors, errors=errors, redirect=back)
        response.status_code = status
        if success:
            flash(success, "success")
        return response
    for message in errors:
        flash(message, "error")
    if success:
        flash(success, "success")
    return redirect(back)


def _error_list(error: InvalidInput) -> list[str]:
    if isinstance(error, entry_files.FileRefused):
        return [str(error.message), *error.messages]
    return [str(error.message)]


@bp.route("/entries/<int:entry_id>/files", methods=["POST"])
@csrf.exempt  # the form checks its token itself: the global check would parse the whole body first
@login_required
def upload(entry_id: int) -> Response:
    entry = viewable_entry(entry_id)
    actor = me()
    try:
        entry_files.check_editable(db.session, actor, entry)  # before a byte of the body is read
    except InvalidInput as error:
        return _answer(entry, [str(error.message)], 409)
    cap = entry_files.cap_bytes(db.session, entry)
    target = content_store()
    try:
        with receive(request.environ, target.staging, cap) as got:
            form = UploadForm(formdata=got.form)
            if not form.validate():
                if "csrf_token" in form.errors:
                    return _answer(entry, [_("The form has expired. Please go back, reload it and try again.")], 400)
                return _answer(entry, [_("Choose the kind of file.")], 400)
            if got.path is None:
                return _answer(entry, [_("Choose a file to upload.")], 400)
            replaces = id_in(form.replaces.data)
            added = entry_files.add_file(
                db.session,
                target,
                actor,
                entry,
                got.path,
                got.filename,
                entry_files.Slot(form.slot.data),
                replaces_id=replaces,
            )
    except UploadTooLarge as error:
        db.session.rollback()
        name = entry_files.clean_name(error.filename)
        return _answer(entry, [str(entry_files.over_cap_message(cap, name))], 413)
    except entry_files.OverCap as error:
        db.session.rollback()
        return _answer(entry, _error_list(error), 413)
    except InvalidInput as error:
        db.session.rollback()
        return _answer(entry, _error_list(error), 400)
    except StoreFull as error:  # the temporary files are deleted and nothing is recorded: the disk needs room
        db.session.rollback()
        current_app.logger.error("entry %s: upload not stored, the disk is full: %s", entry.id, error)
        return _answer(entry, [str(STORE_FULL)], 507)
    except (StoreUnavailable, StoreDenied) as error:
        db.session.rollback()
        current_app.logger.error("entry %s: upload not stored: %s", entry.id, error)
        return _answer(entry, [str(STORE_DOWN if isinstance(error, StoreUnavailable) else STORE_REFUSES)], 503)
    db.session.commit()
    done = _("%(name)s has been uploaded.", name=added.original_name)
    if added.kind is FileKind.SCORM:  # the judges' preview lists the manifest's items: the author sees how many
        count = len(package_items.preview_items(target, added, blind=True))
        done += " " + ngettext(
            "Judges will see %(num)d item of its manifest.",
            "Judges will see the %(num)d items of its manifest, in its order, each opened on its own.",
            count,
        )
    return _answer(entry, [], 200, done)


@bp.route("/entries/<int:entry_id>/files/<int:file_id>/remove", methods=["POST"])
@login_required
def remove(entry_id: int, file_id: int) -> Response:
    entry = viewable_entry(entry_id)
    require(policy.is_author(entry, me()))
    commit_or_refuse(
        lambda: entry_files.remove_file(db.session, me(), entry, file_id),
        _("The file has been removed; it stays in the list of earlier versions."),
    )
    return redirect(url_for("entries.detail", entry_id=entry.id))


@bp.route("/entries/<int:entry_id>/files/<int:file_id>")
@login_required
def open_file(entry_id: int, file_id: int) -> Response:
    """The stored file: inline for videos (with range requests), photos and PDFs; a download otherwise. From a
    bucket, a redirect to a short-lived signed link to the object (the web host passes no bytes).
    Judges get only current files, as their judge's copy (``judge_copies``), under a name made of the entry's code
    and the file's kind; those who see the authors get the original."""
    entry = viewable_entry(entry_id)
    user = me()
    found = db.session.get(EntryFile, file_id)
    if found is None or found.entry_id != entry.id:
        abort(404)
    blind = not policy.sees_authors(db.session, user, entry)
    if found.superseded_at is not None and blind:
        abort(404)
    store = content_store()
    digest = entry_files.served_digest(store, found, blind=blind)
    db.session.commit()  # a judge's copy made just now
    media_type = entry_files.media_type(found)
    inline = found.kind in INLINE or media_type == "application/pdf"
    name = entry_files.download_name(found, entry, for_author=policy.is_author(entry, user))
    signed = store.signed_url(digest, name, media_type, inline=inline)
    if signed is not None:  # a bucket: the browser fetches the object itself, with a link valid a few minutes
        return redirect(signed)
    path = store.path(digest)
    if not path.is_file():
        current_app.logger.error("entry file %s: stored object %s is missing", found.id, digest)
        abort(404)
    response = send_file(
        path,
        mimetype=media_type,
        as_attachment=not inline,
        download_name=name,
        conditional=True,
        etag=digest,
        max_age=0,
    )
    if inline and media_type == "application/pdf":
        # Chrome's and Safari's PDF viewers refuse to open in a sandboxed document; a PDF is shown by the viewer,
        # never as a page of this origin, and nosniff keeps it a PDF.
        response.headers["X-Content-Type-Options"] = "nosniff"
    else:
        sandbox(response)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
