"""Admin → Embedding sites (/admin/embed-sites): the origins allowed to embed discussions.
Admins only (MANAGE_SETTINGS): a site on the list may start discussions and read answers."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from forum.core.errors import ValidationError
from forum.core.forms import form_errors, typed
from forum.core.permissions import Permission
from forum.db import get_session
from forum.embed import sites as site_service
from forum.embed.forms import EmbedSiteForm
from forum.web.access import require

bp = Blueprint("embed_sites", __name__)


def _render(form: dict | None = None, errors: dict[str, str] | None = None, status: int = 200):
    session = get_session()
    return render_template("embed/admin_sites.html", sites=site_service.all_sites(session),
                           counts=site_service.thread_counts(session),
                           form=form or {"threads_per_hour": "30"}, errors=errors or {}), status


@bp.get("/embed-sites", endpoint="index")
@require(Permission.MANAGE_SETTINGS)
def index():
    return _render()


@bp.post("/embed-sites")
@require(Permission.MANAGE_SETTINGS)
def add_site():
    session = get_session()
    fields = EmbedSiteForm()
    fields.validate()
    errors, form = form_errors(fields), typed(fields)
    form["keep_query"] = "on" if fields.keep_query.data else ""
    if not errors:
        try:
            with session.begin_nested():
                site = site_service.add_site(session, current_user, fields.origin.data,
                                             fields.label.data, fields.keep_query.data,
                                             fields.threads_per_hour.data)
        except ValidationError as error:
            errors = error.errors
    if errors:
        return _render(form, errors, 400)
    flash(f"{site.origin} may now embed discussions.")
    return redirect(url_for("admin.embed_sites.index"), 303)


@bp.post("/embed-sites/<int:site_id>/remove")
@require(Permission.MANAGE_SETTINGS)
def remove_site(site_id: int):
    site = site_service.remove_site(get_session(), current_user, site_id)
    flash(f"{site.origin} may no longer embed discussions; its discussions stay readable here.")
    return redirect(url_for("admin.embed_sites.index"), 303)
