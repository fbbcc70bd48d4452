"""Turn a parsed WordPress export into Forum rows, by the rules in docs/wordpress.md.

The importer only adds to the session (it never commits): the command commits once at the end,
so a failure halfway leaves the database as it was. Every WordPress object that becomes a row
is noted in `wordpress_imports` under (site, kind, WordPress id), so importing the same file
again finds everything there and changes nothing.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.core import markup
from forum.core.slugs import slugify, unique_slug
from forum.core.validators import single_line
from forum.db import utcnow
from forum.models import (
    Category,
    Comment,
    CommentStatus,
    Post,
    PostKind,
    PostStatus,
    Role,
    User,
)
from forum.passages.blockquotes import anchor_quotes_in_text
from forum.publishing.posts import make_excerpt
from plugins.wordpress.models import WordpressImport
from plugins.wordpress.wxr_model import (
    COMMENT_APPROVED,
    COMMENT_PENDING,
    COMMENT_SPAM,
    COMMENT_TRASH,
    TAXONOMY_CATEGORY,
    TAXONOMY_TAG,
    WxrAuthor,
    WxrComment,
    WxrDocument,
    WxrError,
    WxrItem,
    WxrTerm,
)

IMPORTED_TYPES = ("post", "page")
TAGS_PARENT = ("Tags", "tags")  # name, slug: tags become categories under this one
PLACEHOLDER_EMAIL_DOMAIN = "imported.invalid"  # RFC 2606: can never receive mail
SKIPPED_TYPE_REASONS = {
    "attachment": "media files are not copied (the posts keep linking to them on the old site)",
    "nav_menu_item": "menus are theme configuration, not content",
    "revision": "old revisions are not content",
}
COMMENT_STATUS = {COMMENT_APPROVED: CommentStatus.APPROVED, COMMENT_PENDING: CommentStatus.PENDING,
                  COMMENT_SPAM: CommentStatus.SPAM, COMMENT_TRASH: CommentStatus.REMOVED}
_NOT_IN_A_LOGIN = re.compile(r"[^\w .\-*@]")  # WordPress's sanitize_user() allowlist
_BLOCK_START = re.compile(r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|dl|"
                          r"address|section|article|aside|header|footer|nav|form|!--)\b", re.I)


@dataclass
class ImportReport:
    imported: Counter = field(default_factory=Counter)
    merged: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # (kind, reason) -> how many
    notes: list[str] = field(default_factory=list)  # per-item remarks (drafts made, ...)

    def skip(self, kind: str, reason: str) -> None:
        self.skipped[(kind, reason)] += 1

    def lines(self) -> list[str]:
        out = []
        for title, counter in (("Imported", self.imported), ("Merged with existing",
                                                              self.merged),
                               ("Already imported (unchanged)", self.unchanged)):
            if counter:
                out.append(f"{title}: " + ", ".join(f"{n} {kind}" for kind, n in
                                                    sorted(counter.items())))
        for (kind, reason), number in sorted(self.skipped.items()):
            out.append(f"Skipped {number} {kind}: {reason}")
        out.extend(f"Note: {note}" for note in self.notes)
        return out


def autop(text: str) -> str:
    """WordPress stores text with bare line breaks and adds paragraphs when showing it
    (wpautop); Forum stores finished HTML, so paragraphs are made here, once."""
    if _BLOCK_START.match(text) and not re.search(r"\n\s*\n", text):
        return text  # already finished HTML (e.g. Forum's own export): leave it exactly
    chunks = [chunk.strip() for chunk in re.split(r"\r?\n\s*\r?\n", text) if chunk.strip()]
    return "\n".join(chunk if _BLOCK_START.match(chunk)
                     else "<p>" + chunk.replace("\r\n", "\n").replace("\n", "<br>\n") + "</p>"
                     for chunk in chunks)


def _as_utc(gmt: datetime | None, local: datetime | None) -> datetime | None:
    # A zero GMT date leaves only local wall-clock time; its zone is unknown, so it is read as UTC.
    return gmt or (local.replace(tzinfo=UTC) if local else None)


class WordpressImporter:
    def __init__(self, session: Session, document: WxrDocument, now: datetime | None = None):
        self.session = session
        self.document = document
        self.site = (document.base_blog_url or document.link or document.title or "unknown")[:300]
        self.now = now or utcnow()
        self.report = ImportReport()
        self._known: dict[tuple[str, str], int] = {
            (row.kind, row.wp_id): row.forum_id for row in session.scalars(
                select(WordpressImport).where(WordpressImport.site == self.site))}
        self._users: dict[str, User] = {}  # WordPress login -> Forum user
        self._users_by_wp_id: dict[int, User] = {}
        self._categories: dict[tuple[str, str], Category] = {}  # (taxonomy, slug) -> category
        self._page_parents: list[tuple[Post, int]] = []  # (page, its WordPress parent's id)

    # --- bookkeeping ----------------------------------------------------------------------

    def _mapped(self, kind: str, wp_id: object, model: type):
        forum_id = self._known.get((kind, str(wp_id)))
        return self.session.get(model, forum_id) if forum_id is not None else None

    def _remember(self, kind: str, wp_id: object, forum_id: int) -> None:
        self._known[(kind, str(wp_id))] = forum_id
        self.session.add(WordpressImport(site=self.site, kind=kind, wp_id=str(wp_id),
                                         forum_id=forum_id))

    def run(self, on_item: Callable[[WxrItem], None] = lambda item: None) -> ImportReport:
        """Raises WxrError, before writing anything, when the file contradicts itself or an
        earlier import from the same site."""
        self._check_ids()
        for author in self.document.authors:
            self._author(author)
        self._terms()
        for item in self.document.items:
            self._item(item)
            on_item(item)
        self._link_page_parents()
        self.session.flush()
        return self.report

    def _check_ids(self) -> None:
        """WordPress numbers posts and comments once per site: the same number for two of them
        (in this file, or one imported earlier for another post) cannot be told apart."""
        problems: list[str] = []
        post_of_comment: dict[int, int] = {}
        seen_posts: set[int] = set()
        for item in self.document.items:
            if item.post_type not in IMPORTED_TYPES:
                continue
            if item.post_id in seen_posts:
                problems.append(f"post id {item.post_id} appears twice")
            seen_posts.add(item.post_id)
            already_imported = ("post", str(item.post_id)) in self._known
            for comment in item.comments:
                earlier = post_of_comment.setdefault(comment.comment_id, item.post_id)
                if earlier != item.post_id:
                    problems.append(f"comment id {comment.comment_id} appears under post "
                                    f"{earlier} and post {item.post_id}")
                elif not already_imported and ("comment", str(comment.comment_id)) in self._known:
                    problems.append(f"comment id {comment.comment_id} of post {item.post_id} was "
                                    f"already imported from {self.site} for another post")
        if problems:
            shown = "; ".join(dict.fromkeys(problems[:5]))
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise WxrError(f"the file's ids clash: {shown}{more}. WordPress gives every post and "
                           "comment of a site its own number, so this file is not one site's "
                           "export (or was edited by hand); fix the ids, or import it as "
                           "another site by changing its <wp:base_blog_url>")

    # --- authors --------------------------------------------------------------------------

    def _author(self, author: WxrAuthor, from_creator: bool = False) -> User:
        login = _NOT_IN_A_LOGIN.sub("", author.login).strip() or "unknown"
        user = self._mapped("author", login, User)
        if user is not None:
            self.report.unchanged["authors"] += 1
        else:
            email = author.email.strip().lower()
            existing = self.session.scalar(select(User).where(func.lower(User.email) == email)) \
                if email else None
            if existing is not None:
                user = existing
                self.report.merged["authors"] += 1
            else:
                # No password: the person cannot sign in until an admin invites them.
                user = User(email=email or f"{slugify(login) or 'author'}@"
                            f"{PLACEHOLDER_EMAIL_DOMAIN}",
                            display_name=(single_line(author.display_name) or login)[:120],
                            role=Role.AUTHOR, password_hash=None)
                self.session.add(user)
                self.session.flush()
                self.report.imported["authors"] += 1
                if from_creator:
                    self.report.notes.append(f"author {login!r} is named by a post but not "
                                             "listed in the file; created without an email")
            self._remember("author", login, user.id)
        self._users[login] = user
        if author.wp_id:
            self._users_by_wp_id[author.wp_id] = user
        return user

    def _user_for(self, creator: str) -> User:
        login = _NOT_IN_A_LOGIN.sub("", creator).strip() or "unknown"
        return self._users.get(login) or self._author(WxrAuthor(login=login), from_creator=True)

    # --- categories and tags --------------------------------------------------------------

    def _terms(self) -> None:
        for category in self.document.categories:
            self._category(category, TAXONOMY_CATEGORY)
        for category in self.document.categories:  # parents may come after their children
            if category.parent_slug:
                child = self._categories[(TAXONOMY_CATEGORY, category.slug)]
                parent = self._categories.get((TAXONOMY_CATEGORY, category.parent_slug))
                if parent is not None and child.parent_id is None and child.id != parent.id:
                    child.parent_id = parent.id
        if self.document.tags:
            tags_parent = self._fixed_category("tags-parent", *TAGS_PARENT)
            for tag in self.document.tags:
                self._category(tag, TAXONOMY_TAG, parent=tags_parent)
        known = {TAXONOMY_CATEGORY, TAXONOMY_TAG}
        for term in self.document.terms:
            if term.kind not in known:
                self.report.skip(f"{term.kind} terms", "Forum has no such taxonomy "
                                 "(menus and post formats are theme matters)")

    def _category(self, term: WxrTerm, taxonomy: str, parent: Category | None = None) -> None:
        kind = "tag" if taxonomy == TAXONOMY_TAG else "category"
        plural = "tags" if taxonomy == TAXONOMY_TAG else "categories"
        if (taxonomy, term.slug) in self._categories:
            return  # listed twice in the file
        category = self._mapped(kind, term.slug, Category)
        if category is not None:
            self.report.unchanged[plural] += 1
        else:
            wanted = slugify(unquote(term.slug)) or slugify(term.name) or kind
            category = self.session.scalar(select(Category).where(Category.slug == wanted))
            if category is not None and taxonomy == TAXONOMY_CATEGORY:
                self.report.merged[plural] += 1
            else:
                # A tag whose slug a category already uses gets a slug of its own.
                category = Category(name=(single_line(term.name) or wanted)[:120],
                                    slug=unique_slug(self.session, Category, wanted),
                                    description=term.description.strip(), parent=parent)
                self.session.add(category)
                self.session.flush()
                self.report.imported[plural] += 1
            self._remember(kind, term.slug, category.id)
        self._categories[(taxonomy, term.slug)] = category

    def _fixed_category(self, kind: str, name: str, slug: str) -> Category:
        category = self._mapped(kind, slug, Category) or self.session.scalar(
            select(Category).where(Category.slug == slug))
        if category is None:
            category = Category(name=name, slug=slug, description="Imported from WordPress.")
            self.session.add(category)
            self.session.flush()
            self.report.imported["categories"] += 1
        if (kind, slug) not in self._known:
            self._remember(kind, slug, category.id)
        return category

    # --- posts and pages ------------------------------------------------------------------

    def _item(self, item: WxrItem) -> None:
        if item.post_type not in IMPORTED_TYPES:
            self.report.skip(f"{item.post_type} items", SKIPPED_TYPE_REASONS.get(
                item.post_type, "Forum imports only posts and pages"))
            return
        plural = item.post_type + "s"
        post = self._mapped("post", item.post_id, Post)
        if post is not None:
            self.report.unchanged[plural] += 1
            self.report.unchanged["comments"] += sum(
                1 for c in item.comments if (("comment", str(c.comment_id)) in self._known))
            return
        status, note = self._status(item)
        if status is None:
            self.report.skip(plural, note)
            return
        post = self._post(item, status, note)
        self.report.imported[plural] += 1
        if note:
            self.report.notes.append(f"{item.post_type} {item.post_id} “{post.title}”: {note}")
        self._comments(item, post)

    def _status(self, item: WxrItem) -> tuple[PostStatus | None, str]:
        if item.status == "trash":
            return None, "in the WordPress trash"
        if item.status in ("auto-draft", "inherit"):
            return None, "automatic drafts and revisions are not content"
        if item.post_password:
            return PostStatus.DRAFT, ("imported as a draft: it was password-protected, which "
                                      "Forum does not support")
        if item.status == "private":
            return PostStatus.DRAFT, "imported as a draft: it was private"
        if item.status == "future":
            return PostStatus.SCHEDULED, ""
        if item.status == "publish":
            return PostStatus.PUBLISHED, ""
        return PostStatus.DRAFT, "" if item.status in ("draft", "pending") else \
            f"imported as a draft: unknown status {item.status!r}"

    def _post(self, item: WxrItem, status: PostStatus, note: str) -> Post:
        when = _as_utc(item.post_date_gmt, item.post_date) or self.now
        body_html = markup.sanitize_post_html(autop(item.content))
        title = single_line(item.title) or f"Untitled (WordPress {item.post_type} {item.post_id})"
        excerpt_source = markup.plain_text(markup.sanitize_post_html(item.excerpt))
        categories = []
        for term in item.categories:
            category = self._categories.get((term.domain, term.nicename))
            if category is not None and category not in categories:
                categories.append(category)
        post = Post(
            title=title[:300], slug=unique_slug(self.session, Post, unquote(item.post_name)
                                                or title, fallback="post"),
            # The WordPress HTML itself is the faithful source (see docs/wordpress.md).
            body_md=item.content, body_html=body_html,
            excerpt=f"[{note}]" if note else (excerpt_source or make_excerpt(body_html)),
            status=status, published_at=None if status == PostStatus.DRAFT else when,
            created_at=when, updated_at=when, author=self._user_for(item.creator),
            comments_open=item.comment_status == "open", categories=categories,
            kind=PostKind.PAGE if item.post_type == "page" else PostKind.POST,
            menu_order=item.menu_order if item.post_type == "page" else 0)
        self.session.add(post)
        self.session.flush()
        self._remember("post", item.post_id, post.id)
        if item.post_type == "page" and item.parent_id:
            self._page_parents.append((post, item.parent_id))
        return post

    def _link_page_parents(self) -> None:
        """A page's parent may come after it in the file (or have been imported before)."""
        for page, wp_parent_id in self._page_parents:
            parent = self._mapped("post", wp_parent_id, Post)
            if parent is not None and parent.kind == PostKind.PAGE and parent.id != page.id:
                page.parent_id = parent.id
            else:
                self.report.notes.append(f"page “{page.title}”: its parent (WordPress page "
                                         f"{wp_parent_id}) is not in Forum; it stands at the "
                                         "top level")

    # --- comments -------------------------------------------------------------------------

    def _comments(self, item: WxrItem, post: Post) -> None:
        created: dict[int, Comment] = {}
        for wp_comment in sorted(item.comments, key=lambda c: c.comment_id):
            if wp_comment.comment_type in ("pingback", "trackback"):
                self.report.skip(wp_comment.comment_type + "s", "links from other sites, "
                                 "not discussion")
                continue
            if wp_comment.approved not in COMMENT_STATUS:
                self.report.skip("comments", f"unknown status {wp_comment.approved!r}")
                continue
            created[wp_comment.comment_id] = self._comment(wp_comment, post)
        self.session.flush()
        for wp_comment in item.comments:
            comment = created.get(wp_comment.comment_id)
            if comment is None:
                continue
            parent = created.get(wp_comment.parent_id)
            if parent is not None:
                comment.parent_id = parent.id
            elif wp_comment.parent_id:
                self.report.notes.append(f"comment {wp_comment.comment_id} answered one that "
                                         "was not imported; it starts its own thread")
            self._remember("comment", wp_comment.comment_id, comment.id)
        for comment in created.values():
            # A <blockquote> of the post's own words becomes an anchored passage response.
            anchored = anchor_quotes_in_text(self.session, post, comment)
            if anchored:
                self.report.imported["quoted passages"] += anchored
        self.report.imported["comments"] += len(created)

    def _comment(self, wp_comment: WxrComment, post: Post) -> Comment:
        staff = self._users_by_wp_id.get(wp_comment.user_id) if wp_comment.user_id else None
        website = wp_comment.author_url if wp_comment.author_url.startswith(
            ("http://", "https://")) else None
        comment = Comment(
            post_id=post.id, author_name=(single_line(wp_comment.author) or "Anonymous")[:120],
            # Not imported: the commenter's email (no consent was recorded for any purpose
            # Forum knows) and the IP address (Forum keeps none it did not hash itself).
            author_email=None, ip_hash=None, author_website=website[:500] if website else None,
            user_id=staff.id if staff else None, body_md=wp_comment.content,
            body_html=markup.sanitize_comment_html(autop(wp_comment.content)),
            status=COMMENT_STATUS[wp_comment.approved],
            created_at=_as_utc(wp_comment.date_gmt, wp_comment.date) or self.now)
        if comment.status == CommentStatus.APPROVED:  # public on the old site already
            comment.first_published_at = comment.created_at
        self.session.add(comment)
        return comment
