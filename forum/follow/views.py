"""Following by email: the follow forms of a post and a category, the confirmation link
(double opt-in), and the one-click unsubscribe link (RFC 8058).

Readers have no account and no cookie: the forms are refused when posted from another site
(Origin headers), every address someone types counts against the mail limits, and the answer
is the same whether the address was known or not."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from forum.core.errors import ValidationError
from forum.db import get_session
from forum.extensions import csrf
from forum.follow import mailing
from forum.follow import subscriptions as follow_service
from forum.follow.forms import FollowForm
from forum.follow.subscriptions import FollowRequest
from forum.mail.messages import send_queued
from forum.models import Category, Post, Subscription
from forum.models.follow import FollowTarget
from forum.privacy.mail_limits import count_requested_mail, too_many
from forum.privacy.support import purposes, secret_key
from forum.publishing import categories as category_service
from forum.publishing import posts as post_service
from forum.web.helpers import cross_site_request, now

bp = Blueprint("follow", __name__)


def _form_page(typed: FollowRequest, errors: dict[str, str], *, post: Post | None = None,
               category: Category | None = None) -> str:
    return render_template("follow/follow.html", typed=typed, errors=errors, post=post,
                           category=category)


def _subscribe(*, post: Post | None = None, category: Category | None = None):
    if request.method == "GET":
        return _form_page(FollowRequest(), {}, post=post, category=category)
    if cross_site_request():
        abort(403, description="Follow forms can only be sent from this site's own pages.")
    typed = FollowForm().follow_request()
    session = get_session()
    moment = now()
    try:
        with session.begin_nested():
            subscription, token = follow_service.subscribe(
                session, secret_key(), typed, post=post, category=category, now=moment)
    except ValidationError as error:
        return _form_page(typed, error.errors, post=post, category=category), 400
    refused = count_requested_mail(typed.email)
    if refused:
        return too_many(_form_page(typed, {"form": refused.message}, post=post,
                                   category=category), refused)
    message = mailing.queue_confirmation(session, subscription, token, now=moment)
    send_queued([message], moment)
    return redirect(url_for("follow.sent"), 303)


@bp.route("/posts/<slug>/follow", methods=["GET", "POST"])
@csrf.exempt
def follow_discussion(slug: str):
    return _subscribe(post=post_service.get_live_post(get_session(), slug, now()))


@bp.route("/category/<slug>/follow", methods=["GET", "POST"])
@csrf.exempt
def follow_category(slug: str):
    return _subscribe(category=category_service.get_by_slug(get_session(), slug))


@bp.get("/follow/sent")
def sent():
    return render_template("follow/email_action.html", action="sent")


@bp.route("/follow/confirm/<token>", methods=["GET", "POST"])
@csrf.exempt  # the link goes to the address, not to a browser with a session
def confirm(token: str):
    """GET shows a button (so mail scanners that open links confirm nothing), and after the
    confirmation, the receipt."""
    session = get_session()
    config = current_app.config
    if request.method == "GET":
        subscription = follow_service.pending_for(
            session, secret_key(), token, unconfirmed_days=config["UNCONFIRMED_EMAIL_DAYS"],
            now=now())
        return render_template("follow/email_action.html", token=token,
                               action="confirmed" if subscription.confirmed_at else "confirm",
                               subscription=subscription,
                               following=mailing.target_title(session, subscription),
                               target_url=_target_url(subscription),
                               unfollow_url=mailing.unfollow_url(subscription.id),
                               purpose=_follow_purpose())
    follow_service.confirm(session, secret_key(), token, purposes(),
                           unconfirmed_days=config["UNCONFIRMED_EMAIL_DAYS"], now=now())
    return redirect(url_for("follow.confirm", token=token), 303)


@bp.route("/follow/stop/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here
def unfollow(token: str):
    subscription_id = mailing.read_unfollow_token(token)
    if subscription_id is None:
        abort(404, description="This unsubscribe link is not valid.")
    session = get_session()
    subscription = session.get(Subscription, subscription_id)
    if request.method == "GET":
        return render_template("follow/email_action.html", token=token,
                               action="stop" if subscription else "stopped",
                               following=mailing.target_title(session, subscription)
                               if subscription else None)
    if subscription is not None:
        follow_service.end(session, subscription, purposes(), now=now())
    if request.form.get("List-Unsubscribe") == "One-Click":
        # A mail client, not a person: a plain answer, no page to go to.
        return render_template("follow/email_action.html", action="stopped")
    return redirect(url_for("follow.unfollow", token=token), 303)


def _target_url(subscription: Subscription) -> str:
    session = get_session()
    if subscription.target == FollowTarget.DISCUSSION:
        post = session.get(Post, subscription.post_id)
        return url_for("publishing.post", slug=post.slug) if post else url_for("publishing.home")
    category = session.get(Category, subscription.category_id)
    return url_for("publishing.category", slug=category.slug) if category \
        else url_for("publishing.home")


def _follow_purpose():
    return next(purpose for purpose in purposes() if purpose.key == "follow")
