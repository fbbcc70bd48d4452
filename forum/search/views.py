"""/search: the public search page (a GET form; works without JavaScript).

The query is never logged: forum.log_privacy replaces every query string in a logged path,
and nothing here logs the request. Search pages set no cookie and are cached like any other
public page (forum.web.http_cache)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from sqlalchemy import select

from forum.core.errors import ValidationError
from forum.db import get_session
from forum.models import Category
from forum.search.forms import SearchQueryForm
from forum.search.service import SearchForm, SearchTooSlow, search
from forum.web.helpers import now, page_number

bp = Blueprint("search", __name__)


@bp.get("/search")
def results():
    fields = SearchQueryForm()
    form = SearchForm(q=fields.q.data.strip(), kind=fields.kind.data or "all",
                      category=fields.category.data.strip(), since=fields.since.data.strip(),
                      until=fields.until.data.strip(), page=page_number())
    session = get_session()
    moment = now()
    context: dict[str, Any] = {"form": form, "results": None, "errors": {}, "problem": None,
               "categories": list(session.scalars(select(Category).order_by(Category.name)))}
    if not form.q and form == SearchForm(page=form.page):
        return render_template("search/search.html", **context)  # the empty page: no query
    status = 200
    try:
        context["results"] = search(session, form, now=moment)
    except ValidationError as error:
        context["errors"], status = error.errors, 400
    except SearchTooSlow as error:
        context["problem"], status = error.message, error.status_code
    return render_template("search/search.html", **context), status
