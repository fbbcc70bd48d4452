"""Following a discussion or a category by email, through the app and a real SMTP server:
double opt-in, the consent ledger, mail on a new approved comment (never to its writer), the
one-click unsubscribe (RFC 8058), and forms that refuse bad input without losing it."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum.db import utcnow
from forum.models import CommentStatus, ConsentEvent, PostStatus, PurposeKey, Subscription
from forum.models.consent import ConsentEventKind
from tests.follow.conftest import mailed_paths
from tests.privacy.conftest import post_comment
from tests.support.mail import body_of

FOLLOWER = "follower@example.org"


def _confirmed_follower(client, inbox, follow, path: str, **kwargs) -> None:
    response = follow(path, **kwargs)
    assert response.status_code == 303 and response.headers["Location"].endswith("/follow/sent")
    [confirm] = mailed_paths(inbox, kwargs.get("email", FOLLOWER), "/follow/confirm/")
    assert client.get(confirm).status_code == 200  # a button, nothing confirmed yet
    assert client.post(confirm).status_code == 303
    inbox.messages.clear()


def test_follow_confirm_receive_and_unsubscribe_in_one_click(client, factory, inbox, follow,
                                                             db_session):
    post = factory.post("Dormant accounts")
    factory.session.commit()
    response = follow(f"/posts/{post.slug}/follow")
    assert response.status_code == 303
    [confirmation] = inbox.to(FOLLOWER)
    assert "Confirm" in confirmation["Subject"] and "List-Unsubscribe" not in confirmation
    [confirm] = mailed_paths(inbox, FOLLOWER, "/follow/confirm/")
    # Before confirming, nothing is sent and no consent is recorded.
    post_comment(client, post, body_md="An early remark nobody is told about.")
    assert inbox.to(FOLLOWER) == [confirmation]
    assert client.get(confirm).status_code == 200
    assert db_session.scalars(select(ConsentEvent).where(
        ConsentEvent.purpose == PurposeKey.FOLLOW)).all() == []
    client.post(confirm)
    receipt = client.get(confirm).get_data(as_text=True)
    assert "Confirmed" in receipt and "Your receipt" in receipt and "Dormant accounts" in receipt
    [given] = db_session.scalars(select(ConsentEvent).where(
        ConsentEvent.purpose == PurposeKey.FOLLOW)).all()
    assert given.event == ConsentEventKind.GIVEN
    inbox.messages.clear()
    # A held comment says nothing; approved, it is mailed, once.
    factory.comment(post, body_md="Held: the bit about dormant accounts.",
                    status=CommentStatus.PENDING)
    factory.session.commit()
    assert inbox.to(FOLLOWER) == []
    post_comment(client, post, author_name="Grace", body_md="The second half was better.")
    [notice] = inbox.to(FOLLOWER)
    assert notice["Subject"] == "New comment on Dormant accounts"
    assert "Grace commented" in body_of(notice) and "second half" in body_of(notice)
    stop = notice["List-Unsubscribe"].strip("<>").replace("http://localhost", "")
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stop in body_of(notice).replace("http://localhost", "")
    # RFC 8058: the mail client posts once, with no cookie and no confirmation page.
    one_click = client.post(stop, data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and "Unsubscribed" in one_click.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.scalars(select(Subscription)).all() == []
    assert [e.event for e in db_session.scalars(select(ConsentEvent).where(
        ConsentEvent.purpose == PurposeKey.FOLLOW).order_by(ConsentEvent.id))] == [
        ConsentEventKind.GIVEN, ConsentEventKind.WITHDRAWN]
    inbox.messages.clear()
    post_comment(client, post, author_name="Hal", body_md="After the unsubscribe.")
    assert inbox.to(FOLLOWER) == []
    assert client.get(stop).status_code == 200  # the old link still answers, politely


def test_the_writer_of_a_comment_is_not_told_of_their_own(client, factory, inbox, follow):
    post = factory.post()
    factory.session.commit()
    _confirmed_follower(client, inbox, follow, f"/posts/{post.slug}/follow")
    post_comment(client, post, author_email=FOLLOWER.upper(), body_md="My own words.")
    assert [m["Subject"] for m in inbox.messages if "New comment" in m["Subject"]] == []


def test_category_followers_hear_of_a_scheduled_post_exactly_once(client, factory, inbox,
                                                                 follow, db_session, runner):
    parent = factory.category("Housing")
    child = factory.category("Rents", parent=parent)
    factory.session.commit()
    _confirmed_follower(client, inbox, follow, f"/category/{parent.slug}/follow")
    later = factory.post("Rent caps, revisited", status=PostStatus.SCHEDULED,
                         published_at=utcnow() + timedelta(hours=1), categories=[child])
    factory.session.commit()
    assert "Announced 0 posts" in runner.invoke(args=["follow", "announce"]).output
    assert inbox.to(FOLLOWER) == []
    later.published_at = utcnow() - timedelta(seconds=1)  # its time comes
    factory.session.commit()
    # Two runs (as two processes' couriers would): one announcement, one mail.
    assert "Announced 1 post" in runner.invoke(args=["follow", "announce"]).output
    assert "Announced 0 posts" in runner.invoke(args=["follow", "announce"]).output
    assert [m["Subject"] for m in inbox.to(FOLLOWER)] == ["New post: Rent caps, revisited"]
    db_session.expire_all()
    assert db_session.get(type(later), later.id).announced_at is not None


def test_bad_input_is_refused_with_the_typing_kept(client, factory, follow, inbox):
    post = factory.post()
    factory.session.commit()
    response = follow(f"/posts/{post.slug}/follow", email="not-an-address", consent=False,
                      frequency="hourly")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="not-an-address"' in page
    assert "Tick the box" in page and "daily digest" in page
    assert inbox.messages == []
    assert client.post("/posts/no-such-post/follow", data={}).status_code == 404
    assert client.post("/category/nowhere/follow", data={}).status_code == 404
    cross = client.post(f"/posts/{post.slug}/follow", data={"email": FOLLOWER},
                        headers={"Origin": "https://elsewhere.example"})
    assert cross.status_code == 403


def test_forged_and_expired_links_get_a_clear_404(client, factory, follow, inbox, db_session):
    assert client.get("/follow/confirm/forged-token").status_code == 404
    assert client.post("/follow/confirm/forged-token").status_code == 404
    assert client.get("/follow/stop/forged-token").status_code == 404
    post = factory.post()
    factory.session.commit()
    follow(f"/posts/{post.slug}/follow")
    [confirm] = mailed_paths(inbox, FOLLOWER, "/follow/confirm/")
    subscription = db_session.scalars(select(Subscription)).one()
    subscription.created_at = utcnow().replace(year=utcnow().year - 1)
    db_session.commit()
    assert client.post(confirm).status_code == 404


def test_confirming_twice_records_one_consent(client, factory, follow, inbox, db_session):
    post = factory.post()
    factory.session.commit()
    follow(f"/posts/{post.slug}/follow")
    [confirm] = mailed_paths(inbox, FOLLOWER, "/follow/confirm/")
    client.post(confirm)
    client.post(confirm)
    assert len(db_session.scalars(select(ConsentEvent).where(
        ConsentEvent.purpose == PurposeKey.FOLLOW)).all()) == 1


def test_staff_see_follower_counts_never_addresses(client, factory, follow, inbox, db_session):
    category = factory.category("Taxation")
    post = factory.post("Counting followers", categories=[category])
    factory.session.commit()
    for address in ("one@example.org", "two@example.org"):
        _confirmed_follower(client, inbox, follow, f"/posts/{post.slug}/follow", email=address)
    _confirmed_follower(client, inbox, follow, f"/category/{category.slug}/follow",
                        email="three@example.org")
    follow(f"/posts/{post.slug}/follow", email="unconfirmed@example.org")  # not counted
    admin = factory.user(role="admin", password="correct horse battery")
    factory.session.commit()
    client.post("/login", data={"email": admin.email, "password": "correct horse battery"})
    posts_page = client.get("/admin/posts").get_data(as_text=True)
    row = posts_page[posts_page.index("Counting followers"):].split("</tr>")[0]
    assert 'data-label="Followers" class="number">2<' in row
    categories_page = client.get("/admin/categories").get_data(as_text=True)
    row = categories_page[categories_page.index("Taxation"):].split("</tr>")[0]
    assert 'data-label="Followers" class="number">1<' in row
    for page in (posts_page, categories_page):
        assert "@example.org" not in page.replace(admin.email, "")
