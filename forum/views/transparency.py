"""The public moderation report: what happened to comments and reports, month by month."""
from __future__ import annotations

from flask import Blueprint, render_template

from forum.db import get_session
from forum.models import RemovalReason
from forum.services.transparency import monthly_report

bp = Blueprint("transparency", __name__)


@bp.get("/moderation")
def report():
    return render_template("transparency.html", months=monthly_report(get_session()),
                           removal_reasons=list(RemovalReason))
