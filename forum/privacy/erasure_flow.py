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
from forum.privacy.manage import Managed
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


def erase_managed_comment(managed: Managed, *, delete_bodies: bool) -> None:
    """Erase one comment through its management link (the page's button or the API): its
    personal data, its text too when asked; recorded as a data request when an email was held,
    with a confirmation mailed there."""
    session = get_session()
    moment = now()
    email = managed.comment.author_email
    result = erase(session, [managed.comment], delete_bodies=delete_bodies, purposes=purposes(),
                   now=moment, method=ConsentMethod.MANAGEMENT_LINK,
                   erase_hooks=plugin_erase(email, delete_bodies) if email else None)
    messages = []
    if email:
        privacy_requests.record_done(session, secret_key(), DataRequestKind.ERASURE, email,
                                     method=ConsentMethod.MANAGEMENT_LINK, now=moment,
                                     outcome={"comments": 1, "bodies_deleted": delete_bodies})
        messages.append(queue(session, "erasure_done", recipient=email, now=moment,
                              subject="Your data was erased", count=1,
                              bodies_deleted=delete_bodies))
    data_erased(result.subject_refs)
    send_queued(messages, moment)
