"""A reader answers passages of a post through the real comment form (no JavaScript): one
sentence, several passages point by point, a quote-reply; the margin counts and quotes show; bad
quotes are refused with a message and the typed text kept."""
import html
import re

import pytest
from sqlalchemy import select

from forum.models import Comment, PassageAnchor
from forum.passages.blocks import post_text

MEMO = """\
The register will hold every resident's address for ten years. Councils may share it with the
police on request.

The government must publish an impact assessment before the register opens. Critics say the
costs are unknown.

- Retention: ten years.
- Access: councils and the police.
"""


def blocks(post):
    return post_text(post.body_html).blocks


def form(**fields):
    data = {"author_name": "Ada Reader", "author_email": "", "author_website": "",
            "body_md": "This is wrong.", "parent_id": ""}
    data.update(fields)
    return data


def anchors(db_session, comment_id=None):
    db_session.expire_all()
    query = select(PassageAnchor).order_by(PassageAnchor.comment_id, PassageAnchor.ordinal)
    if comment_id is not None:
        query = query.where(PassageAnchor.comment_id == comment_id)
    return list(db_session.scalars(query))


def test_respond_link_prefills_the_form_with_the_paragraph_quoted(client, post):
    second = blocks(post)[1]
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert f'id="{second.block_id}"' in page
    link = html.unescape(re.search(
        rf'href="([^"]*quote_block={second.block_id}[^"]*)"', page).group(1))
    prefilled = client.get(link).get_data(as_text=True)
    assert html.escape(second.text, quote=False) in prefilled
    assert f'name="quote_block" value="{second.block_id}"' in prefilled


def test_a_reader_answers_one_sentence_and_it_shows_quoted_and_counted(client, db_session,
                                                                       post):
    second = blocks(post)[1]
    response = client.post(f"/posts/{post.slug}/comments", data=form(
        quote="Critics say the costs are unknown.", quote_block=second.block_id,
        quote_revision=str(post.revision), body_md="The costs are in annex B."))
    assert response.status_code == 303
    [anchor] = anchors(db_session)
    assert (anchor.exact, anchor.block_id, anchor.revision) == (
        "Critics say the costs are unknown.", second.block_id, post.revision)
    assert anchor.prefix.endswith("before the register opens. ")
    assert anchor.suffix.startswith("\nRetention")
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert re.search(rf'<figure class="passage-quote">\s*<blockquote cite="#{second.block_id}">'
                     r'<p>Critics say the costs are unknown.</p>', page)
    count = re.search(rf'data-block="{second.block_id}"><a class="passage-count"[^>]*>(\d+)',
                      page)
    assert count and count.group(1) == "1"


def test_three_passages_point_by_point_in_one_response(client, db_session, post):
    first, second, item = blocks(post)[0], blocks(post)[1], blocks(post)[2]
    data = form(body_md="Point by point, as follows.")
    fields = list(data.items()) + [
        ("quote", "Councils may share it with the police on request."),
        ("quote_block", first.block_id), ("quote_revision", ""),
        ("quote", "must publish an impact assessment"), ("quote_block", ""),
        ("quote_revision", ""),
        ("quote", "Retention: ten years."), ("quote_block", item.block_id),
        ("quote_revision", str(post.revision)),
        ("quote", ""), ("quote_block", ""), ("quote_revision", "")]  # the empty box
    from werkzeug.datastructures import MultiDict
    response = client.post(f"/posts/{post.slug}/comments", data=MultiDict(fields))
    assert response.status_code == 303
    stored = anchors(db_session)
    assert [a.block_id for a in stored] == [first.block_id, second.block_id, item.block_id]
    ordered = client.get(f"/posts/{post.slug}/passages").get_data(as_text=True)
    assert ordered.index("Councils may share") < ordered.index("impact assessment") \
        < ordered.index("Retention: ten years.")
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    for block in (first, second, item):
        assert f'data-block="{block.block_id}"><a class="passage-count"' in page


@pytest.mark.parametrize("fields, message", [
    ({"quote": "The minister resigned yesterday."}, "is not in the post"),
    ({"quote": "Critics say", "quote_block": "b-00000000"}, "paragraph this post does not have"),
    ({"quote": "Critics say", "quote_revision": "99"}, "version of the post that does not exist"),
    ({"quote": "Critics say", "quote_revision": "9" * 400}, "version of the post"),
    ({"quote": "ten years. Councils may share it. The government"}, "is not in the post"),
])
def test_a_quote_that_is_not_in_the_post_is_refused_and_the_text_kept(client, db_session, post,
                                                                      fields, message):
    response = client.post(f"/posts/{post.slug}/comments",
                           data=form(body_md="My careful answer.", **fields))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in html.unescape(page)
    assert "My careful answer." in page
    assert db_session.scalars(select(Comment)).first() is None


def test_a_quote_of_an_older_revision_is_anchored_to_the_current_text(client, db_session, post,
                                                                     factory):
    written_against = post.revision
    post.body_md = MEMO.replace("ten years.", "seven years.", 1)
    from forum.core.markup import render_post
    post.body_html = render_post(post.body_md)
    factory.session.commit()
    assert post.revision == written_against + 1
    response = client.post(f"/posts/{post.slug}/comments", data=form(
        quote="Councils may share it with the police on request.",
        quote_revision=str(written_against)))
    assert response.status_code == 303
    [anchor] = anchors(db_session)
    assert anchor.revision == written_against and anchor.block_id is not None
    stale = client.post(f"/posts/{post.slug}/comments", data=form(
        body_md="Another answer.", quote="address for ten years",
        quote_revision=str(written_against)))
    assert stale.status_code == 409
    assert "has changed since you opened the post" in html.unescape(stale.get_data(as_text=True))


def test_a_quote_reply_must_be_words_of_the_comment_it_answers(client, db_session, post,
                                                              factory):
    parent = factory.comment(post, body_md="Annex B puts the cost at **£40m** a year.",
                             author_name="Bea")
    factory.session.commit()
    refused = client.post(f"/posts/{post.slug}/comments", data=form(
        parent_id=str(parent.id), reply_quote="£400m a year", body_md="Source?"))
    assert refused.status_code == 400
    assert "is not in Bea’s comment" in html.unescape(refused.get_data(as_text=True))
    accepted = client.post(f"/posts/{post.slug}/comments", data=form(
        parent_id=str(parent.id), reply_quote="the cost at £40m a year", body_md="Source?"))
    assert accepted.status_code == 303
    [anchor] = anchors(db_session)
    assert anchor.quoted_comment_id == parent.id and anchor.block_id is None
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert re.search(r'is-reply-quote">\s*<blockquote><p>the cost at £40m a year</p></blockquote>'
                     rf'\s*<figcaption>— <a href="#comment-{parent.id}">Bea</a>', page)


def test_the_discussion_filtered_by_passage(client, db_session, post, factory):
    first, second = blocks(post)[0], blocks(post)[1]
    for quote, body in (("Councils may share it", "About sharing."),
                        ("Critics say the costs are unknown.", "About costs.")):
        assert client.post(f"/posts/{post.slug}/comments",
                           data=form(quote=quote, body_md=body)).status_code == 303
    page = client.get(f"/posts/{post.slug}/passages?passage={second.block_id}")
    text = page.get_data(as_text=True)
    assert "1 response to this passage" in text
    assert "About costs." in text and "About sharing." not in text
    assert client.get(f"/posts/{post.slug}/passages?passage=b-nothere").status_code == 404
    assert first.block_id in client.get(f"/posts/{post.slug}/passages").get_data(as_text=True)


def test_too_many_or_too_long_quotes_and_control_characters_are_refused(client, db_session,
                                                                        post):
    from werkzeug.datastructures import MultiDict
    many = MultiDict(list(form(body_md="Kept text.").items())
                     + [("quote", "Critics say")] * 13)
    response = client.post(f"/posts/{post.slug}/comments", data=many)
    assert response.status_code == 400
    assert "Quote at most 12 passages" in response.get_data(as_text=True)
    long = client.post(f"/posts/{post.slug}/comments",
                       data=form(body_md="Kept text.", quote="ten years " * 400))
    assert long.status_code == 400 and "quote at most 1,500" in long.get_data(as_text=True)
    nul = client.post(f"/posts/{post.slug}/comments",
                      data=form(body_md="Kept text.", quote="Critics\x00 say"))
    assert nul.status_code == 400
    assert db_session.scalars(select(Comment)).first() is None


def test_a_staff_answer_may_quote_the_post_too(client, db_session, post, login):
    login("author")
    response = client.post(f"/posts/{post.slug}/comments", data={
        "body_md": "The assessment is in the annex.", "quote": "impact assessment"})
    assert response.status_code == 303
    [anchor] = anchors(db_session)
    assert anchor.exact == "impact assessment" and anchor.block_id == blocks(post)[1].block_id
