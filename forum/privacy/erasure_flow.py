"""Carrying out an erasure request, the same whether the person followed their emailed link or
an admin acts on their request made by another channel: erase, record the request, and once
the request's work is committed tell the plugins, then tell the person. Never commits."""
from __future__ import annotations

from flask_login import current_user

from forum.db import get_session
from forum.mail.messages import queue, send_queued
from forum.models.consent import ConsentMethod, DataRequestKind
from forum.privacy import data_requests as privacy_requests
from forum.privacy.erasure import erase
from forum.privacy.export import comments_for_email
from forum.privacy.support import data_erased, plugin_erase, purposes, secret_key
from forum.web.helpers import now


def carry_out_erasure(email: str, *, delete_bodies: bool, method: ConsentMethod,
                      by_staff: bool = False) -> int:
    """Erase everything held under `email`; returns how many comments it touched."""
    session = get_session()
    moment = now()
    actor = current_user if by_staff else None
    comments = comments_for_email(session, secret_key(), email)
    result = erase(session, comments, delete_bodies=delete_bodies, purposes=purposes(),
                   now=moment, method=method, emails=[email], actor=actor,
                   erase_hooks=plugin_erase(email, delete_bodies))
    privacy_requests.record_done(session, secret_key(), DataRequestKind.ERASURE, email,
                                 method=method, now=moment, handled_by=actor,
                                 outcome={"comments": result.comments,
                                          "bodies_deleted": delete_bodies})
    done = queue(session, "erasure_done", recipient=email, now=moment,
                 subject="Your data was erased", count=result.comments,
                 bodies_deleted=delete_bodies)
    data_erased(result.subject_refs)
    send_queued([done], moment)
    return result.comments
