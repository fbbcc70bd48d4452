"""The public moderation report: what happened to comments and reports, month by month."""
from __future__ import annotations

from flask import Blueprint, render_template

from forum.db import get_session
from forum.models import RemovalReason
from forum.moderation.record import monthly_report

bp = Blueprint("moderation", __name__)


@bp.get("/moderation", endpoint="record")
def report():
    return render_template("moderation/record.html", months=monthly_report(get_session()),
                           removal_reasons=list(RemovalReason))
