"""The author edits a post that has passage responses: the editor's preview says how many
responses the edit would orphan before saving; saving keeps what can be kept and orphans the
rest honestly, linking to the version they answered."""
import html
import re

from sqlalchemy import select

from forum.models import PassageAnchor, Post

MEMO = """\
The register will hold every resident's address for ten years. Councils may share it with the
police on request.

The government must publish an impact assessment before the register opens. Critics say the
costs are unknown.
"""


def respond(client, post, quote, body):
    response = client.post(f"/posts/{post.slug}/comments", data={
        "author_name": "Ada Reader", "body_md": body, "quote": quote})
    assert response.status_code == 303, response.get_data(as_text=True)


def editor_form(post, body_md, action):
    return {"title": post.title, "slug": post.slug, "body_md": body_md, "excerpt": "",
            "comments_open": "on", "action": action, "version": post.updated_at.isoformat()}


def test_preview_counts_the_orphans_and_saving_orphans_them_honestly(client, db_session, post,
                                                                     login):
    respond(client, post, "Councils may share it with the police on request.", "Which police?")
    respond(client, post, "impact assessment", "It was published in May.")
    respond(client, post, "Critics say the costs are unknown.", "Annex B has them.")
    first_revision = post.revision
    user = login("admin")
    assert user
    editor = client.get(f"/admin/posts/{post.id}/edit").get_data(as_text=True)
    assert "3 responses quote passages of this post" in editor
    # Fix a typo elsewhere, delete one sentence, keep the others.
    edited = MEMO.replace(" Councils may share it with the\npolice on request.", "") \
        .replace("ten years", "ten full years")
    preview = client.post(f"/admin/posts/{post.id}/edit", data=editor_form(post, edited,
                                                                          "preview"))
    assert preview.status_code == 200
    assert "This edit will orphan 1 response:" in html.unescape(preview.get_data(as_text=True))
    saved = client.post(f"/admin/posts/{post.id}/edit", data=editor_form(post, edited,
                                                                        "publish"))
    assert saved.status_code == 303
    db_session.expire_all()
    anchors = list(db_session.scalars(select(PassageAnchor).order_by(PassageAnchor.id)))
    assert [a.block_id is None for a in anchors] == [True, False, False]
    current = db_session.get(Post, post.id)
    assert current.revision == first_revision + 1
    assert all(a.attached_revision == current.revision for a in anchors)
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    orphan = re.search(r'<figure class="passage-quote is-orphaned">(.*?)</figure>', page, re.S)
    assert orphan and "Councils may share it with the police on request." in orphan.group(1)
    assert "The quoted passage has since changed." in orphan.group(1)
    link = re.search(r'href="([^"]*/revisions/\d+)#(b-[0-9a-f]+)"', orphan.group(1))
    assert link.group(1).endswith(f"/posts/{post.slug}/revisions/{first_revision}")
    old = client.get(link.group(1)).get_data(as_text=True)
    assert "You are reading version 1 of this post" in old
    quoted = re.search(rf'<p id="{link.group(2)}">(.*?)</p>', old, re.S)
    assert "Councils may share it with the police on request." in " ".join(
        quoted.group(1).split())
    # The counts follow: the deleted sentence's paragraph no longer counts the orphan.
    assert page.count('class="passage-count"') == 1
    assert re.search(r'class="passage-count"[^>]*>2<', page)


def test_a_later_edit_that_restores_the_words_brings_the_quote_back(client, db_session, post,
                                                                    login):
    respond(client, post, "Critics say the costs are unknown.", "Annex B has them.")
    login("admin")
    removed = MEMO.replace(" Critics say the\ncosts are unknown.", "")
    assert client.post(f"/admin/posts/{post.id}/edit",
                       data=editor_form(post, removed, "publish")).status_code == 303
    db_session.expire_all()
    [anchor] = db_session.scalars(select(PassageAnchor))
    assert anchor.block_id is None
    current = db_session.get(Post, post.id)
    assert client.post(f"/admin/posts/{post.id}/edit",
                       data=editor_form(current, MEMO, "publish")).status_code == 303
    db_session.expire_all()
    [anchor] = db_session.scalars(select(PassageAnchor))
    assert anchor.block_id is not None


def test_an_old_revision_that_does_not_exist_is_a_404(client, post):
    assert client.get(f"/posts/{post.slug}/revisions/1").status_code == 200
    assert client.get(f"/posts/{post.slug}/revisions/2").status_code == 404
    assert client.get(f"/posts/{post.slug}/revisions/0").status_code == 404
    assert client.get(f"/posts/{post.slug}/revisions/{'9' * 300}").status_code == 404
