"""The staff side of revisions: the history, a word-level diff between any two revisions,
restoring one as a new revision, and what readers see ("Updated on", the change note)."""
from __future__ import annotations

from sqlalchemy import select

from forum.models import Post, PostRevision


def save(client, post_id: int | None, body: str, **fields):
    url = f"/admin/posts/{post_id}/edit" if post_id else "/admin/posts/new"
    data = {"title": "Housing bill", "body_md": body, "action": "publish", **fields}
    response = client.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].split("/posts/")[1].split("/")[0])


def test_history_diff_and_restore_as_a_new_revision(client, login, db_session):
    login("author")
    post_id = save(client, None, "The bill caps rents at five percent.")
    save(client, post_id, "The bill caps rents at three percent.", revision_summary="New figure")
    save(client, post_id, "The bill caps rents at three percent for two years.")
    history = client.get(f"/admin/posts/{post_id}/revisions").get_data(as_text=True)
    assert "New figure" in history and history.count("Restore<span") == 2
    compare = client.get(f"/admin/posts/{post_id}/revisions/compare?older=1&newer=3")
    html = compare.get_data(as_text=True)
    assert compare.status_code == 200
    # Word level: only the changed words are marked, not the whole paragraph.
    assert "<del>five</del><ins>three</ins>" in html
    assert "<ins> for two years</ins>" in html
    assert "The bill caps rents at " in html
    restored = client.post(f"/admin/posts/{post_id}/revisions/1/restore")
    assert restored.status_code == 303
    db_session.expire_all()
    post = db_session.get(Post, post_id)
    assert post.revision == 4 and post.body_md == "The bill caps rents at five percent."
    revisions = db_session.scalars(select(PostRevision).where(PostRevision.post_id == post_id)
                                   .order_by(PostRevision.number)).all()
    assert [r.summary for r in revisions][1:] == ["New figure", "", "Restored revision 1"]
    assert revisions[2].body_md.endswith("for two years.")  # the replaced text is kept
    client.post("/logout")
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "five percent" in page and "Updated on" in page


def test_restoring_the_current_revision_is_refused(client, login):
    login("author")
    post_id = save(client, None, "Only text.")
    response = client.post(f"/admin/posts/{post_id}/revisions/1/restore")
    assert response.status_code == 409
    assert "already the current text" in response.get_data(as_text=True)
    assert client.post(f"/admin/posts/{post_id}/revisions/9/restore").status_code == 404
    assert client.get(f"/admin/posts/{post_id}/revisions/compare?older=x").status_code == 400


def test_another_authors_history_is_not_shown(client, login, factory):
    other = factory.post(title="Not yours")
    factory.session.commit()
    login("author")
    assert client.get(f"/admin/posts/{other.id}/revisions").status_code == 403
    assert client.post(f"/admin/posts/{other.id}/revisions/1/restore").status_code == 403


def test_a_public_change_note_shows_only_after_an_update_of_a_published_post(
        app, client, login):
    reader = app.test_client()
    login("author")
    post_id = save(client, None, "First words.", slug="rent-caps")
    assert "Updated on" not in reader.get("/posts/rent-caps").get_data(as_text=True)
    save(client, post_id, "Corrected words.", slug="rent-caps",
         change_note="Corrected the cap after the minister's reply")
    page = reader.get("/posts/rent-caps").get_data(as_text=True)
    assert "Updated on" in page and "Corrected the cap after the minister&#39;s reply" in page


def test_a_changed_slug_keeps_the_old_address_with_a_301(app, client, login):
    reader = app.test_client()
    login("author")
    post_id = save(client, None, "Text.", slug="old-name")
    save(client, post_id, "Text.", slug="new-name")
    moved = reader.get("/posts/old-name?cpage=1")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith("/posts/new-name?cpage=1")
    assert reader.get("/posts/new-name").status_code == 200
    save(client, post_id, "Text.", slug="old-name")  # taking the old name back is allowed
    assert reader.get("/posts/old-name").status_code == 200
    assert reader.get("/posts/new-name").status_code == 301


def test_a_long_unchanged_stretch_is_condensed_around_the_change(client, login):
    login("author")
    filler = " ".join(f"word{number}" for number in range(400))
    post_id = save(client, None, f"Start. {filler} The cap is five percent. {filler} End.")
    save(client, post_id, f"Start. {filler} The cap is six percent. {filler} End.")
    html = client.get(f"/admin/posts/{post_id}/revisions/compare").get_data(as_text=True)
    assert "<del>five</del><ins>six</ins>" in html
    assert "unchanged words …]" in html and "word200" not in html
    assert "word399 The cap is " in html  # the change keeps its sentence around it
