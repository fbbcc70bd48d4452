"""Passage responses in export and erasure: a reader's quotes are exported with their comment
and go with its text; a quote of their words in another reader's reply goes too."""
from sqlalchemy import select

from forum.db import utcnow
from forum.discussion.comments import CommentInput
from forum.models import ConsentMethod, PassageAnchor
from forum.passages.quotes import QuoteInput
from forum.privacy.comment_choices import ConsentChoices, submit_with_consents
from forum.privacy.erasure import erase
from forum.privacy.export import build_export
from tests.support.services import LIMITS, PURPOSES, SECRET, no_checks

MEMO = "The register will hold every address for ten years.\n\nCouncils may share it.\n"


def respond(session, post, name, body, quotes=(), parent=None, reply_quote=""):
    data = CommentInput(author_name=name, body_md=body, parent_id=str(parent.id) if parent
                        else "", quotes=[QuoteInput(text=q) for q in quotes],
                        reply_quote=reply_quote)
    return submit_with_consents(session, post, data, ConsentChoices(), secret_key=SECRET,
                                purposes=PURPOSES, now=utcnow(), ip_hash=None, limits=LIMITS,
                                check_hooks=no_checks).outcome.comment


def scene(factory, session):
    post = factory.post(body_md=MEMO)
    ada = respond(session, post, "Ada", "Ten years is far too long.",
                  quotes=["every address for ten years"])
    bob = respond(session, post, "Bob", "Why?", parent=ada, reply_quote="far too long")
    carol = respond(session, post, "Carol", "Which councils?", quotes=["Councils may share it."])
    return post, ada, bob, carol


def quotes(session):
    session.expire_all()
    return [(a.comment_id, a.exact) for a in session.scalars(
        select(PassageAnchor).order_by(PassageAnchor.id))]


def test_the_export_includes_the_passages_a_comment_quotes(factory, db_session):
    _post, ada, bob, _carol = scene(factory, db_session)
    records = build_export(db_session, [ada, bob], now=utcnow())["comments"]
    assert records[0]["passages"] == [{
        "quotes": "post", "quoted_comment_id": None, "exact": "every address for ten years",
        "prefix": "The register will hold ", "suffix": ".\nCouncils may share it.",
        "position": 23, "post_revision": 1, "still_in_post": True}]
    assert records[1]["passages"][0]["quotes"] == "comment"
    assert records[1]["passages"][0]["quoted_comment_id"] == ada.id


def test_erasing_a_readers_text_removes_their_quotes_and_quotes_of_their_words(factory,
                                                                               db_session):
    _post, ada, bob, carol = scene(factory, db_session)
    erase(db_session, [ada], delete_bodies=False, purposes=PURPOSES, now=utcnow(),
          method=ConsentMethod.EMAIL_LINK)
    assert len(quotes(db_session)) == 3  # the text stays, so do the quotes of it
    erase(db_session, [ada], delete_bodies=True, purposes=PURPOSES, now=utcnow(),
          method=ConsentMethod.EMAIL_LINK)
    assert quotes(db_session) == [(carol.id, "Councils may share it.")]
    assert bob.body_md == "Why?"  # Bob's own words stay
