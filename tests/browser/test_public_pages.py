"""Every kind of public page, reached as a reader reaches it, passes axe-core (no serious or
critical violation, in light and in dark mode) and the Nu HTML checker (no error).

One walk through the site collects the pages: listings, a post with a deep thread, removal
markers and a second discussion page, a held comment shown to its writer, the receipt, the
preview without JavaScript, reporting, "My data" and its emailed links, reply-notification
links, sign-in, and the error pages. The markup does not depend on the database, so the walk
runs once, on SQLite; all pages go to one Nu checker run.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import get_database, utcnow
from forum.models import Comment, CommentStatus, Post
from forum.models.moderation import RemovalReason
from forum.privacy.support import stop_url
from tests.support.a11y import axe_violations, vnu_errors
from tests.support.live_site import demo_site
from tests.support.mail import body_of, mail_reaching, start_smtp

pytestmark = pytest.mark.browser

SLUG = "memo-17-2026-universal-register"
LINK = re.compile(r"http://127\.0\.0\.1:\d+(/[^\s>\"]+)")


@pytest.fixture
def site(tmp_path):
    controller, inbox, port = start_smtp()
    config = {"MAIL_BACKEND": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": port,
              "MAIL_SENDER": "forum@example.org", "COMMENT_THREADS_PER_PAGE": 2,
              "MAX_THREAD_DEPTH": 3, "LOGIN_RATE_LIMIT_PER_IP": "2 per minute",
              "MAIL_TIMEOUT": 60}  # the SMTP server runs in this busy test process
    try:
        with demo_site(tmp_path, **config) as (url, app):
            _add_hard_cases(app)
            yield url, app, inbox
    finally:
        controller.stop()


def _add_hard_cases(app) -> None:
    """What the demo lacks: a thread deeper than the theme nests, and moderation markers."""
    with get_database(app).session_factory() as session:
        post = session.scalar(select(Post).where(Post.slug == SLUG))
        comments = list(session.scalars(select(Comment).where(Comment.post_id == post.id)
                                        .order_by(Comment.created_at)))
        by_id = {comment.id: comment for comment in comments}

        def depth(comment):
            return 1 + (depth(by_id[comment.parent_id]) if comment.parent_id else 0)

        deepest = max(comments, key=depth)
        moment = utcnow() - timedelta(minutes=30)
        parent = deepest
        for number in range(2):  # two levels past the deepest one the theme nests
            parent = _comment(session, post, parent, f"Deeper Reader {number}", moment)
        removed = _comment(session, post, comments[0], "Removed Writer", moment,
                           status=CommentStatus.REMOVED)
        removed.removal_reason = RemovalReason.ABUSE
        removed.removal_statement = "Personal attack on another reader."
        _comment(session, post, removed, "Answer To Removed", moment)
        _comment(session, post, comments[0], "Withdrawn Writer", moment,
                 status=CommentStatus.WITHDRAWN)
        session.commit()


def _comment(session, post, parent, name, moment, status=CommentStatus.APPROVED) -> Comment:
    comment = Comment(post_id=post.id, parent_id=parent.id if parent else None,
                      author_name=name, body_md=f"Words of {name}.",
                      body_html=f"<p>Words of {name}.</p>", status=status, created_at=moment)
    session.add(comment)
    session.flush()
    return comment


class Walk:
    """Visits pages, keeps each page's HTML as the server sent it, and runs axe on it."""

    def __init__(self, page) -> None:
        self.page = page
        self.documents: dict[str, str] = {}
        self.violations: dict[str, list[str]] = {}
        self._last_document = None
        page.on("response", self._remember)

    def _remember(self, response) -> None:
        if response.request.resource_type == "document" and response.frame == self.page.main_frame:
            self._last_document = response

    def check(self, name: str, status: int = 200) -> None:
        response = self._last_document
        assert response is not None and response.status == status, (name, response and
                                                                     response.status)
        self.documents[name] = response.text()
        found = []
        found += axe_violations(self.page)
        # Dark mode changes colours only: the second pass checks their contrast.
        self.page.emulate_media(color_scheme="dark")
        found += [f"[dark] {line}" for line in axe_violations(self.page,
                                                              rules=("color-contrast",))]
        self.page.emulate_media(color_scheme="light")
        if found:
            self.violations[name] = found

    def visit(self, name: str, url: str, status: int = 200) -> None:
        self.page.goto(url)
        self.check(name, status)


def _mail_link(inbox, app, subject_words: str, path_part: str) -> str:
    mail = mail_reaching(inbox, app, subject_words)
    return next(path for path in LINK.findall(body_of(mail)) if path_part in path)


def test_every_public_page_type_passes_axe_and_the_nu_checker(browser, site):
    base, app, inbox = site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    walk = Walk(context.new_page())
    page = walk.page
    walk.visit("home", base + "/")
    walk.visit("post, first page of its discussion", f"{base}/posts/{SLUG}")
    walk.visit("post, second page of its discussion", f"{base}/posts/{SLUG}?cpage=2")
    walk.visit("responses in the order of the text", f"{base}/posts/{SLUG}/passages")
    walk.visit("an earlier version of a post", f"{base}/posts/{SLUG}/revisions/1")
    page.goto(f"{base}/posts/{SLUG}")
    page.locator("a.passage-respond").nth(3).click()
    walk.check("post with a paragraph quoted in the comment form")
    walk.visit("responses to one passage", base + page.locator(
        ".passage-count").first.get_attribute("href"))
    walk.visit("category", base + "/category/data-protection")
    published = page.locator(".summary time").first.get_attribute("datetime")
    walk.visit("month archive", f"{base}/archive/{published[:4]}/{int(published[5:7])}")
    walk.visit("author", base + "/author/1")
    walk.visit("privacy notice", base + "/privacy")
    walk.visit("public moderation record", base + "/moderation")
    walk.visit("standing page with a table", base + "/pages/about")
    walk.visit("standing page with a footnote", base + "/pages/comment-policy")
    walk.visit("404 page", base + "/no-such-page", 404)
    walk.visit("400 page", base + "/?page=abc", 400)

    walk.visit("sign-in", base + "/login")
    for attempt, status in enumerate((401, 401, 429)):
        page.fill("#email", "nobody@example.org")
        page.fill("#password", "not the password")
        page.click("main button[type=submit]")
        if attempt == 0:
            walk.check("sign-in with an error", status)
    walk.check("429 page", 429)

    # A first-time reader comments: held for moderation, the receipt, their own view of it.
    page.goto(f"{base}/posts/{SLUG}")
    page.fill("#body_md", "A first comment, held until a moderator looks.")
    page.fill("#author_name", "Nora Newcomer")
    page.fill("#author_email", "nora@example.org")
    page.check("input[name=consent_reply_notifications]")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**/manage/**")
    walk.check("comment receipt")
    manage_url = page.url.split("?")[0]
    page.click(".stored a")
    page.wait_for_url("**mine=**")
    walk.check("post with a held comment shown to its writer")
    assert "awaiting moderation" in page.inner_text(".is-held")
    walk.visit("private-link management page", manage_url)
    walk.visit("withdraw: the confirmation page", manage_url + "/withdraw")
    walk.visit("erase: the confirmation page", manage_url + "/erase?bodies=keep")

    # Reporting a comment: the form, its error, the thanks.
    page.goto(f"{base}/posts/{SLUG}")
    page.locator(".report-link").first.click()
    walk.check("report form")
    page.click("button:has-text('Send the report')")
    walk.check("report form with an error", 400)
    page.locator("input[name=reason]").first.check()
    page.click("button:has-text('Send the report')")
    walk.check("report received")

    # Reply notifications: the emailed confirmation, and the stop link.
    walk.visit("confirm reply emails",
               base + _mail_link(inbox, app, "confirm", "/privacy/confirm/"))
    page.click("main button[type=submit]")
    walk.check("reply emails confirmed")
    with app.test_request_context(base_url=base):
        stop = stop_url(_held_comment_id(app))
    walk.visit("stop reply emails", stop)
    page.click("main button[type=submit]")
    walk.check("reply emails stopped")

    # "My data": ask for the link, open it from the mail, see, then erase.
    walk.visit("my data", base + "/my-data")
    page.fill("#email", "not an address")
    page.click("main button[type=submit]")
    walk.check("my data with an error", 400)
    page.fill("#email", "nora@example.org")
    page.click("main button[type=submit]")
    walk.check("my data: link sent")
    walk.visit("my data: open the link",
               base + _mail_link(inbox, app, "Your data", "/my-data/access/"))
    page.click("main button[type=submit]")
    walk.check("my data: the list")
    page.check("input[name=bodies][value=keep]")
    page.click("button:has-text('Erase')")
    walk.check("my data: confirm the erasure")
    page.click("button.danger")
    walk.check("my data: erased")

    # The preview button as it works without JavaScript (the script only listens to clicks;
    # axe itself needs JavaScript, so the form is submitted through that button directly).
    page.goto(f"{base}/posts/{SLUG}")
    page.fill("#body_md", "Previewed with **no** script.")
    page.evaluate("document.querySelector('.comment-form')"
                  ".requestSubmit(document.querySelector('.preview-button'))")
    page.wait_for_url("**/comments/preview**")
    walk.check("comment preview without JavaScript")
    context.close()

    violations = walk.violations
    assert violations == {}, "\n".join(f"{name}:\n  " + "\n  ".join(lines)
                                       for name, lines in violations.items())
    documents = walk.documents
    assert len(documents) >= 28
    errors = {name: found for name, found in vnu_errors(documents).items() if found}
    assert errors == {}, "\n".join(f"{name}:\n  " + "\n  ".join(lines)
                                   for name, lines in errors.items())


def _held_comment_id(app) -> int:
    with get_database(app).session_factory() as session:
        return session.scalar(select(Comment.id).where(Comment.author_name == "Nora Newcomer"))
