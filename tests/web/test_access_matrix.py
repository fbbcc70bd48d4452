"""Every staff endpoint x every role x anonymous, against the policy in services.permissions.

The list of endpoints comes from the app's URL map: a new staff endpoint without an expectation
here makes `test_every_staff_endpoint_has_an_expectation` fail.
"""
from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from sqlalchemy import select

from forum.api.tokens import create_token
from forum.db import utcnow
from forum.embed.sites import add_site
from forum.models import ApiToken, BannedAddress, MediaKind, Medium

STAFF_BLUEPRINTS = ("admin.posts.", "admin.", "accounts.", "admin.comments.", "admin.privacy.",
                    "admin.plugins.")
ALL_ROLES = {"admin", "editor", "author", "moderator"}
WRITERS = {"admin", "editor", "author"}
EDITORS = {"admin", "editor"}
ADMINS = {"admin"}
MODERATORS = {"admin", "editor", "moderator"}
PERSONAL_DATA = {"admin", "moderator"}

# (endpoint, method) -> (roles allowed, status an allowed role gets). The forms are posted empty,
# so an allowed role mostly sees the form's own 400; what matters is that it is not 403/302.
EXPECTED: dict[tuple[str, str], tuple[set[str], int]] = {
    ("admin.posts.index", "GET"): (WRITERS, 200),
    ("admin.posts.bulk_posts", "POST"): (WRITERS, 400),
    ("admin.posts.new_post", "GET"): (WRITERS, 200),
    ("admin.posts.new_post", "POST"): (WRITERS, 400),
    # The post belongs to someone else: an author may not touch it.
    ("admin.posts.edit_post", "GET"): (EDITORS, 200),
    ("admin.posts.edit_post", "POST"): (EDITORS, 400),
    ("admin.posts.unpublish_post", "POST"): (EDITORS, 303),
    ("admin.posts.set_comments", "POST"): (EDITORS, 400),
    ("admin.posts.delete_post", "GET"): (EDITORS, 200),
    ("admin.posts.delete_post", "POST"): (EDITORS, 303),
    ("admin.posts.pages", "GET"): (WRITERS, 200),
    ("admin.posts.new_page", "GET"): (WRITERS, 200),
    ("admin.posts.new_page", "POST"): (WRITERS, 400),
    ("admin.posts.preview_fragment", "POST"): (WRITERS, 200),
    ("admin.posts.revision_history", "GET"): (EDITORS, 200),
    ("admin.posts.compare_revisions", "GET"): (EDITORS, 200),
    ("admin.posts.restore_revision", "POST"): (EDITORS, 409),  # revision 1 is the current one
    ("admin.posts.autosave", "POST"): (EDITORS, 409),  # a published post is never autosaved
    ("admin.media.index", "GET"): (WRITERS, 200),
    ("admin.media.upload", "POST"): (WRITERS, 400),  # no file
    # The file was uploaded by someone else: an author may use it, not delete it.
    ("admin.media.delete", "GET"): (EDITORS, 200),
    ("admin.media.delete", "POST"): (EDITORS, 303),
    ("admin.dashboard", "GET"): (ALL_ROLES, 200),
    ("admin.categories.index", "GET"): (EDITORS, 200),
    ("admin.categories.create_category", "POST"): (EDITORS, 400),
    ("admin.categories.edit_category", "GET"): (EDITORS, 200),
    ("admin.categories.edit_category", "POST"): (EDITORS, 400),
    ("admin.categories.merge_category", "POST"): (EDITORS, 400),
    ("admin.categories.delete_category", "GET"): (EDITORS, 200),
    ("admin.categories.delete_category", "POST"): (EDITORS, 303),
    ("admin.users.index", "GET"): (ADMINS, 200),
    ("admin.users.create_user", "POST"): (ADMINS, 400),
    ("admin.users.user", "GET"): (ADMINS, 200),
    ("admin.users.user_role", "POST"): (ADMINS, 400),
    ("admin.users.user_active", "POST"): (ADMINS, 400),
    ("admin.users.delete_user", "POST"): (ADMINS, 303),
    ("admin.settings.index", "GET"): (ADMINS, 200),
    ("admin.settings.save_settings", "POST"): (ADMINS, 400),
    ("admin.audit.index", "GET"): (ADMINS, 200),
    ("admin.mail.index", "GET"): (ADMINS, 200),
    ("admin.mail.send_mail_now", "POST"): (ADMINS, 303),
    ("accounts.change_password", "GET"): (ALL_ROLES, 200),
    ("accounts.change_password", "POST"): (ALL_ROLES, 400),
    ("accounts.sign_out_everywhere", "POST"): (ALL_ROLES, 303),
    ("accounts.logout", "POST"): (ALL_ROLES, 303),
    ("admin.comments.index", "GET"): (MODERATORS, 200),
    ("admin.comments.bulk", "POST"): (MODERATORS, 400),
    ("admin.comments.decide", "POST"): (MODERATORS, 400),  # no decision chosen
    ("admin.comments.comment_view", "GET"): (MODERATORS, 200),
    ("admin.comments.edit", "POST"): (MODERATORS, 400),
    ("admin.comments.reply", "POST"): (MODERATORS, 400),
    ("admin.comments.resolve_reports", "POST"): (MODERATORS, 409),  # no open reports
    ("admin.comments.ban", "POST"): (MODERATORS, 409),  # the comment has no address hash
    ("admin.comments.ban_list", "GET"): (MODERATORS, 200),
    ("admin.comments.lift_ban", "POST"): (MODERATORS, 303),
    ("admin.privacy.notices", "GET"): (ADMINS, 200),
    ("admin.privacy.notices", "POST"): (ADMINS, 400),
    ("admin.privacy.requests", "GET"): (PERSONAL_DATA, 200),
    ("admin.privacy.requests", "POST"): (PERSONAL_DATA, 400),
    ("admin.privacy.personal_data", "GET"): (PERSONAL_DATA, 200),
    ("admin.privacy.personal_data", "POST"): (PERSONAL_DATA, 400),  # a reason is required
    ("admin.privacy.access_log", "GET"): (ADMINS, 200),
    ("admin.plugins.index", "GET"): (ADMINS, 200),
    ("admin.plugins.switch", "POST"): (ADMINS, 303),
    ("admin.embed_sites.index", "GET"): (ADMINS, 200),
    ("admin.embed_sites.add_site", "POST"): (ADMINS, 400),  # an origin is required
    ("admin.embed_sites.remove_site", "POST"): (ADMINS, 303),
    ("admin.api_tokens.index", "GET"): (ALL_ROLES, 200),
    ("admin.api_tokens.create", "POST"): (ALL_ROLES, 400),  # a name is required
    ("admin.api_tokens.revoke", "POST"): (ADMINS, 303),  # someone else's token
}
# The sign-in page is public: a visitor gets the form, a signed-in person is sent on.
PUBLIC = {("accounts.login", "GET"): (200, 302), ("accounts.login", "POST"): (401, 302)}


def staff_routes(app) -> dict[tuple[str, str], object]:
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(STAFF_BLUEPRINTS):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes[(rule.endpoint, method)] = rule
    return routes


def test_every_staff_endpoint_has_an_expectation(app):
    assert set(staff_routes(app)) == set(EXPECTED) | set(PUBLIC)


def _url_args(rule, factory, owner) -> dict:
    """Fresh targets for each request, so a delete in one row cannot affect the next."""
    args = {}
    if "post_id" in rule.arguments:
        args["post_id"] = factory.post(author=owner).id
    if "category_id" in rule.arguments:
        args["category_id"] = factory.category().id
    if "user_id" in rule.arguments:
        args["user_id"] = factory.user(role="author").id
    if "comment_id" in rule.arguments:
        args["comment_id"] = factory.comment(factory.post(author=owner)).id
    if "ban_id" in rule.arguments:
        ban = BannedAddress(ip_hash=uuid.uuid4().hex * 2)
        factory.session.add(ban)
        factory.session.flush()
        args["ban_id"] = ban.id
    if "site_id" in rule.arguments:
        args["site_id"] = add_site(factory.session, None, f"https://{uuid.uuid4().hex}.example",
                                   "", False, "30").id
    if "token_id" in rule.arguments:
        create_token(factory.session, owner, "Not yours", "test-secret-key-not-for-production",
                     utcnow())
        args["token_id"] = factory.session.scalars(select(ApiToken).order_by(
            ApiToken.id.desc())).first().id
    if "medium_id" in rule.arguments:
        medium = Medium(token=uuid.uuid4().hex, kind=MediaKind.IMAGE, content_type="image/png",
                        extension="png", title="chart", size_bytes=10, width=1, height=1,
                        uploader_id=owner.id)
        factory.session.add(medium)
        factory.session.flush()
        args["medium_id"] = medium.id
    if "number" in rule.arguments:
        args["number"] = 1
    if "name" in rule.arguments:
        args["name"] = "wordpress"
    if "action" in rule.arguments:
        args["action"] = "enable"
    factory.session.commit()
    return args


@pytest.mark.parametrize("role", ["anonymous", "admin", "editor", "author", "moderator"])
def test_role_matrix(app, client, factory, login, role):
    if role != "anonymous":
        login(role)
    owner = factory.user(role="editor")
    failures = []
    # Signing out last, so the rows before it run signed in.
    rows = sorted(staff_routes(app).items(), key=lambda item: item[0][0] == "accounts.logout")
    for (endpoint, method), rule in rows:
        with app.test_request_context():
            url = app.url_for(endpoint, **_url_args(rule, factory, owner))
        response = client.open(url, method=method, data={})
        if (endpoint, method) in PUBLIC:
            anonymous_status, signed_in_status = PUBLIC[(endpoint, method)]
            wanted = anonymous_status if role == "anonymous" else signed_in_status
        elif role == "anonymous":
            wanted = 302
            location = response.headers.get("Location", "")
            if response.status_code == 302 and f"/login?next={quote(url, safe='')}" not in \
                    location and f"/login?next={url}" not in location:
                failures.append(f"{method} {endpoint}: redirected to {location}")
        else:
            allowed, allowed_status = EXPECTED[(endpoint, method)]
            wanted = allowed_status if role in allowed else 403
        if response.status_code != wanted:
            failures.append(f"{method} {endpoint} ({url}): {response.status_code}, "
                            f"expected {wanted}")
        if response.status_code == 403:
            assert "Not allowed" in response.get_data(as_text=True)  # the themed page
    assert not failures, "\n".join(failures)


def test_anonymous_visitor_is_brought_back_after_signing_in(client, factory):
    user = factory.user(role="editor", password="correct horse battery")
    factory.session.commit()
    response = client.get("/admin/categories")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert "/login?next=" in login_url
    response = client.post(login_url, data={"email": user.email,
                                            "password": "correct horse battery"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/categories")
    assert client.get("/admin/categories").status_code == 200


def test_author_may_work_on_own_posts(client, factory, login):
    author = login("author")
    own = factory.post(author=author, title="Mine")
    factory.session.commit()
    assert client.get(f"/admin/posts/{own.id}/edit").status_code == 200
    assert client.post(f"/admin/posts/{own.id}/unpublish").status_code == 303
    assert client.get(f"/admin/posts/{own.id}/delete").status_code == 200
