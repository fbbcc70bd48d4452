"""A valid submission for every endpoint in Forum that accepts POST, as the person who would
send it (a reader holding a private link, a moderator, an admin, an author), for the rule that
every POST answers with a 303 to a page that reloads (tests/functional/privacy/
test_every_form_redirects.py). The endpoints come from the app's URL map: one without an entry
here, or in ANSWERED_IN_PLACE with the reason, fails that suite's first test.

The field values reuse the hostile-input catalogue's valid bases (tests/support/writable_forms).
"""
from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from forum.api.tokens import create_token
from forum.db import utcnow
from forum.embed.sites import add_site
from forum.follow.mailing import unfollow_url
from forum.models import (
    ApiToken,
    BannedAddress,
    Comment,
    CommentStatus,
    MediaKind,
    Medium,
    Subscription,
    User,
)
from forum.privacy import data_requests as privacy_requests
from forum.privacy.support import stop_url
from tests.support import media_files
from tests.support.comment_forms import form_token_for, post_comment
from tests.support.mail import body_of
from tests.support.writable_forms import _comment_base, _settings_form

READER, AUTHOR, EDITOR, MODERATOR, ADMIN = "reader", "author", "editor", "moderator", "admin"
SECRET = "test-secret-key-not-for-production"

# POST endpoints that do not redirect, and why each is right to answer where it is.
ANSWERED_IN_PLACE = {
    "privacy.export": "a download (Content-Disposition: attachment): the browser stays on the "
                      "page it was on, so there is no new address to reload",
    "discussion.preview_fragment": "the script's preview, fetched in the background; no page is "
                                "loaded, so there is no address to reload",
    "api.create_comment": "the JSON API: a script or program gets 201 with the receipt in the "
                          "body; no page was loaded, so there is none to reload",
    "api.report_comment": "the JSON API: 201 with JSON, for a script",
    "api.edit_by_token": "the JSON API: 200 with the changed comment, for a script",
    "api.withdraw_by_token": "the JSON API: 200 with the withdrawn comment, for a script",
    "api.erase_by_token": "the JSON API: 200 with the erased comment, for a script",
    "api.confirm_email": "the JSON API: 200 with JSON, for a script",
    "api.moderate": "the JSON API's staff endpoint: 200 with the decided comment, for a script",
    "admin.posts.autosave": "the editor's script saves a draft in the background and needs "
                            "the new version stamp back (JSON); the plain Save button of the "
                            "same form answers 303",
    "admin.posts.preview_fragment": "the editor's live preview, fetched in the background; "
                                    "no page is loaded and nothing changes",
    "discussion.preview_page": "the no-script preview changes nothing; a redirect would have to "
                            "carry the unsent comment in the address (and so in logs) or in a "
                            "cookie, which the comment form never sets",
}


@dataclass
class World:
    """The rows a submission acts on; built fresh for each endpoint's test."""

    app: Any
    client: Any
    db: Any
    factory: Any
    inbox: Any
    post: Any

    def url(self, endpoint: str, **values) -> str:
        with self.app.test_request_context():
            return self.app.url_for(endpoint, **values)

    def reader_comment(self, **fields) -> tuple[Comment, str]:
        """A comment posted through the real form; its private link's path."""
        body = f"A reader's comment {uuid.uuid4().hex[:8]}"
        response = post_comment(self.client, self.app, self.post, body=body, **fields)
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
        path = response.headers["Location"].split("?")[0].replace("http://localhost", "")
        self.db.expire_all()
        comment = self.db.scalars(select(Comment).where(Comment.body_md == body)).one()
        return comment, path

    def staff_comment(self, status: CommentStatus = CommentStatus.APPROVED) -> Comment:
        comment = self.factory.comment(self.post, status=status)
        self.factory.session.commit()
        return comment

    def mailed_path(self, fragment: str) -> str:
        links = [word for message in self.inbox.messages
                 for word in body_of(message).split() if fragment in word]
        return links[-1].replace("http://localhost", "")

    def data_request_action(self, email: str = "reader@example.org") -> str:
        """The hour-long token /my-data's page carries, from a spent emailed link."""
        self.reader_comment(email=email)
        with self.app.app_context():
            token = privacy_requests.request_access_link(self.db, SECRET, email,
                                                         now=_now(), hours=24)
            self.db.commit()
            request, address = privacy_requests.use_access_link(self.db, SECRET, token,
                                                                now=_now())
            self.db.commit()
            return privacy_requests.action_token(SECRET, request, address)


def _now():
    return utcnow()


Build = Callable[[World], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Submission:
    role: str
    build: Build


def _manage(action: str, data: dict[str, Any]) -> Build:
    def build(world: World):
        _comment, path = world.reader_comment()
        return path + action, data
    return build


def _comment_form(world: World):
    return world.url("discussion.create", slug=world.post.slug), {
        **_comment_base(world), "form_started": form_token_for(world.app, world.post)}


def _confirm(world: World):
    world.reader_comment(email="confirm@example.org", consent_reply_notifications="on")
    return world.mailed_path("/privacy/confirm/"), {}


def _stop(world: World):
    comment, _path = world.reader_comment(email="stop@example.org",
                                          consent_reply_notifications="on")
    world.client.post(world.mailed_path("/privacy/confirm/"))
    with world.app.test_request_context():
        return stop_url(comment.id).replace("http://localhost", ""), {}


def _access(world: World):
    world.reader_comment(email="access@example.org")
    world.client.post("/my-data", data={"email": "access@example.org"})
    return world.mailed_path("/my-data/access/"), {}


def _erase_my_data(world: World):
    return "/my-data/erase", {"action": world.data_request_action(), "bodies": "keep",
                              "confirm": "yes"}


def _follow_data(email: str) -> dict[str, Any]:
    return {"email": email, "frequency": "immediate", "consent_follow": "on"}


def _follow_confirm(world: World):
    world.client.post(world.url("follow.follow_discussion", slug=world.post.slug),
                      data=_follow_data("follow.confirm@example.org"))
    return world.mailed_path("/follow/confirm/"), {}


def _unfollow(world: World):
    world.client.post(world.url("follow.follow_discussion", slug=world.post.slug),
                      data=_follow_data("follow.stop@example.org"))
    world.client.post(world.mailed_path("/follow/confirm/"))
    subscription = world.db.scalars(select(Subscription)).all()[-1]
    with world.app.test_request_context():
        return unfollow_url(subscription.id).replace("http://localhost", ""), {}


def _follow_category(world: World):
    category = world.factory.category()
    world.factory.session.commit()
    return world.url("follow.follow_category", slug=category.slug), _follow_data(
        "follow.category@example.org")


def _decide(world: World):
    comment = world.staff_comment(CommentStatus.PENDING)
    return world.url("admin.comments.decide", comment_id=comment.id), {
        "decision": "approve", "seen": "pending", "tab": "pending"}


def _bulk_approve(world: World):
    comment = world.staff_comment(CommentStatus.PENDING)
    return "/admin/comments/bulk", {"action": "approve", "comment_ids": str(comment.id),
                                    "tab": "pending", f"seen-{comment.id}": "pending"}


def _on_comment(endpoint: str, data: dict[str, Any]) -> Build:
    def build(world: World):
        return world.url(endpoint, comment_id=world.staff_comment().id), data
    return build


def _ban(world: World):
    comment, _path = world.reader_comment()  # posted through the form: it has an address hash
    return world.url("admin.comments.ban", comment_id=comment.id), {}


def _resolve_reports(world: World):
    comment = world.staff_comment()
    world.client.post(f"/comments/{comment.id}/report", data={"reason": "spam"})
    return world.url("admin.comments.resolve_reports", comment_id=comment.id), {
        "decision": "dismiss"}


def _lift_ban(world: World):
    ban = BannedAddress(ip_hash=uuid.uuid4().hex * 2)
    world.db.add(ban)
    world.db.commit()
    return world.url("admin.comments.lift_ban", ban_id=ban.id), {}


def _own_post(endpoint: str, data: dict[str, Any]) -> Build:
    def build(world: World):
        return world.url(endpoint, post_id=world.post.id), data
    return build


def _category(endpoint: str, data: Callable[[World], dict[str, Any]]) -> Build:
    def build(world: World):
        category = world.factory.category()
        world.factory.session.commit()
        return world.url(endpoint, category_id=category.id), data(world)
    return build


def _merge_target(world: World) -> dict[str, Any]:
    target = world.factory.category()
    world.factory.session.commit()
    return {"target_id": str(target.id)}


def _user(endpoint: str, data: dict[str, Any]) -> Build:
    def build(world: World):
        user = world.factory.user(role="author")
        world.factory.session.commit()
        return world.url(endpoint, user_id=user.id), data
    return build


def _embed_site(world: World):
    """A registered embedding site (and the administrator its discussions stand under)."""
    world.factory.user(role="admin")
    site = add_site(world.factory.session, None, "https://site.example", "", False, "30")
    world.factory.session.commit()
    return site


def _start_embedded_thread(world: World):
    _embed_site(world)
    return "/embed/thread", {"url": "https://site.example/articles/one/", "title": "One"}


def _remove_embed_site(world: World):
    site = _embed_site(world)
    return world.url("admin.embed_sites.remove_site", site_id=site.id), {}


def _revoke_own_token(world: World):
    """A token of the signed-in author (the newest staff account; signing in comes after)."""
    author = world.db.scalars(select(User).order_by(User.id.desc())).first()
    create_token(world.db, author, "A script", SECRET, utcnow())
    world.db.commit()
    token = world.db.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
    return world.url("admin.api_tokens.revoke", token_id=token.id), {}
def _restore(world: World):
    world.post.body_md = "A second version of the text."
    world.factory.session.commit()  # revision 2, so revision 1 can be restored
    return world.url("admin.posts.restore_revision", post_id=world.post.id, number=1), {}


def _upload(world: World):
    return "/admin/media", {"file": (io.BytesIO(media_files.small_png()), "chart.png")}


def _medium_to_delete(world: World):
    medium = Medium(token=uuid.uuid4().hex, kind=MediaKind.IMAGE, content_type="image/png",
                    extension="png", title="unused", size_bytes=10, width=1, height=1,
                    uploader_id=world.post.author_id)
    world.factory.session.add(medium)
    world.factory.session.commit()
    return world.url("admin.media.delete", medium_id=medium.id), {}


def _login(world: World):
    user = world.factory.user(role="author", password="correct horse battery")
    world.factory.session.commit()
    return "/login", {"email": user.email, "password": "correct horse battery"}


SUBMISSIONS: dict[str, Submission] = {
    # A reader, without an account
    "discussion.create": Submission(READER, _comment_form),
    "discussion.report": Submission(READER, lambda w: (
        w.url("discussion.report", comment_id=w.staff_comment().id),
        {"reason": "other", "details": "This misquotes the report it cites."})),
    "privacy.edit": Submission(READER, _manage("/edit", {"body_md": "Better words."})),
    "privacy.change": Submission(READER, _manage("/consent", {
        "purpose": "show_website", "decision": "give", "website": "https://ada.example.org"})),
    "privacy.withdraw": Submission(READER, _manage("/withdraw", {"confirm": "yes"})),
    "privacy.erase_comment": Submission(READER, _manage("/erase", {"bodies": "keep",
                                                                   "confirm": "yes"})),
    "privacy.my_data": Submission(READER, lambda w: ("/my-data",
                                                     {"email": "someone@example.org"})),
    "privacy.access": Submission(READER, _access),
    "privacy.erase_my_data": Submission(READER, _erase_my_data),
    "privacy.confirm_notifications": Submission(READER, _confirm),
    "privacy.stop_notifications": Submission(READER, _stop),
    "embed.start": Submission(READER, _start_embedded_thread),
    "follow.follow_discussion": Submission(READER, lambda w: (
        w.url("follow.follow_discussion", slug=w.post.slug),
        _follow_data("follow.discussion@example.org"))),
    "follow.follow_category": Submission(READER, _follow_category),
    "follow.confirm": Submission(READER, _follow_confirm),
    "follow.unfollow": Submission(READER, _unfollow),
    # Signing in and one's own account
    "accounts.login": Submission(READER, _login),
    "accounts.logout": Submission(AUTHOR, lambda w: ("/logout", {})),
    "accounts.change_password": Submission(AUTHOR, lambda w: ("/account/password", {
        "current_password": "correct horse battery", "new_password": "a new long passphrase",
        "repeat_password": "a new long passphrase"})),
    "accounts.sign_out_everywhere": Submission(AUTHOR, lambda w: ("/account/sessions", {})),
    # Authors and editors
    "admin.posts.new_post": Submission(AUTHOR, lambda w: ("/admin/posts/new", {
        "title": "A new post", "body_md": "Its text.", "action": "publish",
        "comments_open": "on"})),
    "admin.posts.edit_post": Submission(AUTHOR, _own_post("admin.posts.edit_post", {
        "title": "A better title", "body_md": "Its text.", "action": "publish",
        "comments_open": "on"})),
    "admin.posts.unpublish_post": Submission(AUTHOR, _own_post("admin.posts.unpublish_post", {})),
    "admin.posts.set_comments": Submission(AUTHOR, _own_post("admin.posts.set_comments",
                                                             {"open": "0"})),
    "admin.posts.delete_post": Submission(AUTHOR, _own_post("admin.posts.delete_post", {})),
    "admin.posts.new_page": Submission(AUTHOR, lambda w: ("/admin/pages/new", {
        "title": "About", "body_md": "Who writes here.", "action": "publish"})),
    "admin.posts.restore_revision": Submission(AUTHOR, _restore),
    "admin.media.upload": Submission(AUTHOR, _upload),
    "admin.media.delete": Submission(AUTHOR, _medium_to_delete),
    "admin.posts.bulk_posts": Submission(AUTHOR, lambda w: ("/admin/posts/bulk", {
        "post_ids": str(w.post.id), "bulk_action": "close_comments"})),
    "admin.categories.create_category": Submission(EDITOR, lambda w: ("/admin/categories",
                                                           {"name": "Housing"})),
    "admin.categories.edit_category": Submission(EDITOR, _category(
        "admin.categories.edit_category", lambda w: {
            "name": "Renamed", "slug": f"renamed-{uuid.uuid4().hex[:6]}", "description": ""})),
    "admin.categories.merge_category": Submission(EDITOR, _category(
        "admin.categories.merge_category", _merge_target)),
    "admin.categories.delete_category": Submission(EDITOR, _category(
        "admin.categories.delete_category", lambda w: {})),
    # Moderators
    "admin.comments.decide": Submission(MODERATOR, _decide),
    "admin.comments.bulk": Submission(MODERATOR, _bulk_approve),
    "admin.comments.edit": Submission(MODERATOR, _on_comment("admin.comments.edit",
                                                         {"body_md": "Edited text."})),
    "admin.comments.reply": Submission(MODERATOR, _on_comment("admin.comments.reply",
                                                          {"body_md": "Thank you."})),
    "admin.comments.resolve_reports": Submission(MODERATOR, _resolve_reports),
    "admin.comments.ban": Submission(MODERATOR, _ban),
    "admin.comments.lift_ban": Submission(MODERATOR, _lift_ban),
    "admin.privacy.personal_data": Submission(MODERATOR, _on_comment(
        "admin.privacy.personal_data", {"reason": "Checking a complaint about this comment"})),
    "admin.privacy.requests": Submission(ADMIN, lambda w: ("/admin/privacy/requests", {
        "email": "asked.by.letter@example.org", "action": "erase_keep"})),
    # Admins
    "admin.settings.save_settings": Submission(ADMIN, lambda w: ("/admin/settings",
                                                                 _settings_form(w))),
    "admin.users.create_user": Submission(ADMIN, lambda w: ("/admin/users", {
        "email": f"new{uuid.uuid4().hex[:6]}@example.org", "display_name": "New person",
        "role": "author", "password": ""})),
    "admin.users.user_role": Submission(ADMIN, _user("admin.users.user_role", {"role": "editor"})),
    "admin.users.user_active": Submission(ADMIN, _user("admin.users.user_active", {"active": "0"})),
    "admin.users.delete_user": Submission(ADMIN, _user("admin.users.delete_user", {})),
    "admin.mail.send_mail_now": Submission(ADMIN, lambda w: ("/admin/mail/send", {})),
    "admin.plugins.switch": Submission(ADMIN, lambda w: ("/admin/plugins/wordpress/disable",
                                                         {})),
    "admin.embed_sites.add_site": Submission(ADMIN, lambda w: ("/admin/embed-sites", {
        "origin": "https://news.example", "label": "News", "threads_per_hour": "30"})),
    "admin.embed_sites.remove_site": Submission(ADMIN, _remove_embed_site),
    "admin.api_tokens.create": Submission(AUTHOR, lambda w: ("/admin/api-tokens",
                                                             {"label": "A script"})),
    "admin.api_tokens.revoke": Submission(AUTHOR, _revoke_own_token),
    "admin.privacy.notices": Submission(ADMIN, lambda w: ("/admin/privacy/notices", {
        "label": f"v{uuid.uuid4().hex[:4]}", "body_md": "The notice, revised."})),
}
