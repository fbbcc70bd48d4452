"""The editor's background helpers and Markdown: the autosave of drafts, the live preview
(rendered and sanitized as saving would), tables and footnotes, and media by reference, with an
image's description required."""
from __future__ import annotations

import io

from sqlalchemy import select

from forum.models import Medium, Post, PostStatus
from tests.support import media_files


def upload(client, data: bytes, name: str) -> Medium:
    response = client.post("/admin/media", data={"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    medium_id = int(response.headers["Location"].split("uploaded=")[1].split("&")[0])
    return medium_id


def test_autosave_saves_a_draft_and_never_a_published_post(client, login, db_session, factory):
    author = login("author")
    draft = factory.post(title="Draft", status=PostStatus.DRAFT, author=author)
    live = factory.post(title="Live", author=author, body_md="Live text.")
    factory.session.commit()
    version = draft.updated_at.isoformat()
    answer = client.post(f"/admin/posts/{draft.id}/autosave", data={
        "title": "Draft", "body_md": "Typed a moment ago.", "version": version})
    assert answer.status_code == 200 and answer.json["saved"] is True
    db_session.expire_all()
    saved = db_session.get(Post, draft.id)
    assert saved.body_md == "Typed a moment ago." and saved.status == PostStatus.DRAFT
    assert answer.json["version"] == saved.updated_at.isoformat()
    refused = client.post(f"/admin/posts/{live.id}/autosave", data={
        "title": "Live", "body_md": "Half-written", "version": live.updated_at.isoformat()})
    assert refused.status_code == 409 and refused.json["saved"] is False
    db_session.expire_all()
    assert db_session.get(Post, live.id).body_md == "Live text."


def test_the_live_preview_renders_tables_and_footnotes_and_sanitizes(client, login):
    login("author")
    body = ("Claim[^1] <script>alert(1)</script>\n\n| Year | Cost |\n|---|---|\n| 2026 | 4 |\n\n"
            "[^1]: The source.\n\n[x](javascript:alert(1))")
    html = client.post("/admin/posts/preview", data={"body_md": body}).get_data(as_text=True)
    assert "<table>" in html and "<td>2026</td>" in html
    assert 'class="footnote-ref"' in html and 'id="fn1"' in html and "The source." in html
    assert "<script" not in html and "href=\"javascript" not in html
    assert "&lt;script&gt;" in html


def test_an_image_needs_its_description_and_renders_responsively(client, login, db_session):
    login("author")
    image_id = upload(client, media_files.photo_with_gps(width=2000, height=1000), "chart.jpg")
    pdf_id = upload(client, media_files.pdf_with_author(pages=3), "Ministry memo.pdf")
    refused = client.post("/admin/posts/new", data={
        "title": "With image", "body_md": f"Look: ![](media:{image_id})", "action": "publish"})
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "needs a description" in text and f"![](media:{image_id})" in text  # typing kept
    unknown = client.post("/admin/posts/new", data={
        "title": "With image", "body_md": "![A chart](media:999999)", "action": "draft"})
    assert unknown.status_code == 400 and "no medium 999999" in unknown.get_data(as_text=True)
    saved = client.post("/admin/posts/new", data={
        "title": "With image", "slug": "with-image", "action": "publish",
        "featured_media_id": str(image_id),
        "body_md": f"![Rents by year](media:{image_id})\n\n![The memo](media:{pdf_id})"})
    assert saved.status_code == 303
    client.post("/logout")
    page = client.get("/posts/with-image").get_data(as_text=True)
    db_session.expire_all()
    image = db_session.get(Medium, image_id)
    assert f'srcset="/media/{image.token}-480.jpg 480w, /media/{image.token}-960.jpg 960w' in page
    assert 'type="image/webp"' in page and 'sizes="(min-width: 50rem) 46rem, 100vw"' in page
    assert 'width="2000" height="1000" alt="Rents by year"' in page
    assert 'class="media-card"' in page and "PDF, 3 pages" in page and "The memo" in page
    assert 'class="post-featured"' in page


def test_deleting_a_medium_in_use_asks_first_and_lists_the_posts(client, login, db_session, app):
    login("author")
    image_id = upload(client, media_files.small_png(), "logo.png")
    client.post("/admin/posts/new", data={"title": "Uses the logo", "action": "draft",
                                          "body_md": f"![Our logo](media:{image_id})"})
    ask = client.get(f"/admin/media/{image_id}/delete").get_data(as_text=True)
    assert "still used by 1 post" in ask and "Uses the logo" in ask
    refused = client.post(f"/admin/media/{image_id}/delete", data={})
    assert refused.status_code == 409 and "tick the box" in refused.get_data(as_text=True)
    db_session.expire_all()
    token = db_session.get(Medium, image_id).token
    assert client.get(f"/media/{token}.png").status_code == 200
    done = client.post(f"/admin/media/{image_id}/delete", data={"confirm": "yes"})
    assert done.status_code == 303
    db_session.expire_all()
    assert db_session.get(Medium, image_id) is None
    assert client.get(f"/media/{token}.png").status_code == 404
    assert db_session.scalars(select(Post).where(Post.title == "Uses the logo")).one()
