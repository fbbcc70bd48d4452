"""The demo's authoring side (issue 16): standing pages in the navigation, a photo uploaded
into the main post through the media library (made here, with a GPS position in its EXIF that
the upload removes), and a main post with several revisions to compare and restore."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timedelta

from flask import has_app_context
from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from forum.media import library, storage
from forum.models import Medium, Post, PostKind, User
from forum.publishing.posts import PostInput, input_from, save_post

PAGES = [
    {"title": "About", "slug": "about", "menu_order": 10, "body_md": """\
Forum is where we publish close readings of policy papers — consultation memos, impact
assessments, draft regulations — and where readers answer them, paragraph by paragraph.

We are three volunteers with backgrounds in public law, statistics and local government.
Nobody pays us to write; we say so when someone we write about has asked us to.

| What | How |
|---|---|
| Corrections | Every change to a published post is kept in its history and dated on the post |
| Comments | No account needed; see the [comment policy](/pages/comment-policy) |
| Your data | See, download or erase it from [My data](/my-data) |
"""},
    {"title": "Comment policy", "slug": "comment-policy", "menu_order": 20, "body_md": """\
Argue with the text, not with each other. We remove comments only for the reasons listed on
the public moderation record, and every removal leaves a marker that says why.[^record]

[^record]: The record lists each decision with its reason, without the comment's author.
"""},
]

PHOTO_ALT = ("The consultation notice for Memo 17/2026 pinned to the town hall board, "
             "with the five-week deadline circled")
MAIN_POST = "memo-17-2026-universal-register"


def demo_photo() -> bytes:
    """A picture of a notice board, as a phone would save it: with the place it was taken."""
    image = Image.new("RGB", (1600, 1000), (121, 96, 72))
    draw = ImageDraw.Draw(image)
    draw.rectangle((180, 120, 1420, 880), fill=(246, 243, 234), outline=(60, 60, 60), width=6)
    draw.rectangle((180, 120, 1420, 250), fill=(31, 64, 110))
    for row in range(10):
        draw.line((260, 330 + row * 48, 1340 - (row % 3) * 140, 330 + row * 48),
                  fill=(90, 90, 90), width=10)
    draw.ellipse((980, 760, 1380, 860), outline=(190, 30, 30), width=8)
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"
    exif[0x013B] = "A. Volunteer"
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 22.0, 7.5), 3: "E", 4: (4.0, 53.0, 41.2)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()


def load_pages(session: Session, staff: User, now: datetime, keep_slug: bool) -> list[Post]:
    pages = []
    for item in PAGES:
        data = PostInput(title=str(item["title"]), body_md=str(item["body_md"]),
                         slug=str(item["slug"]) if keep_slug else "", action="publish",
                         kind=PostKind.PAGE, comments_open=False,
                         menu_order=int(str(item["menu_order"])))
        pages.append(save_post(session, staff, data, now=now - timedelta(days=30)))
    return pages


def load_photo_and_revisions(session: Session, staff: User, posts: dict[str, Post],
                             now: datetime) -> Medium | None:
    """Upload the photo as an author would, then revise the main post twice: once to add the
    photo, once to correct a figure with a public change note. The photo needs the app's media
    store: loaded without an app (some test fixtures), the post gets its revisions only."""
    post = posts[MAIN_POST]
    first = input_from(post)
    photo = None
    with_photo = first.body_md
    if has_app_context():
        store = storage.media_store()
        photo = library.upload(session, store, staff, "IMG_20261104_0915.jpg", demo_photo())
        # Whoever loads the demo commits at once, not always where after-commit work runs;
        # until then nobody knows the photo's random address.
        store.publish(library.file_names(photo))
        with_photo = first.body_md.replace(
            "The core proposal is best read",
            f"![{PHOTO_ALT}](media:{photo.id})\n\nThe core proposal is best read", 1)
    second = with_photo + ("\n\nThe consultation closes on 15 December; responses go to the "
                           "Ministry's consultation office.")
    save_post(session, staff, replace(first, body_md=second, action="publish",
                                      revision_summary="Added the photo and the closing date",
                                      featured_media_id=None),
              post=post, now=now - timedelta(days=2))
    corrected = second.replace("five-week", "six-week", 1)
    save_post(session, staff, replace(input_from(post), body_md=corrected, action="publish",
                                      revision_summary="Consultation period corrected",
                                      change_note="The consultation runs six weeks, not five"),
              post=post, now=now - timedelta(days=1))
    return photo
