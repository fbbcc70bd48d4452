"""Issue 9, defect 7: the comment form, the privacy notice and the receipt's record of choices
say the same thing about the same comment: one basis per purpose, no promise of a box that does
not exist, and a pending reply-email request shown as pending, with the (masked) address."""
import re
from html import unescape

from tests.privacy.conftest import links_in, manage_path, post_comment
from tests.support.mail import body_of

BASIS = re.compile(r'<(?:span|td) class="basis" data-purposes="([^"]*)">([^<]*)</(?:span|td)>')


def bases(page: str) -> dict[str, str]:
    """purpose key -> the basis the page names for it."""
    found: dict[str, set[str]] = {}
    for keys, text in BASIS.findall(page):
        for key in keys.split():
            found.setdefault(key, set()).add(unescape(text).strip())
    assert all(len(texts) == 1 for texts in found.values()), found  # one wording per page
    return {key: texts.pop() for key, texts in found.items()}


def test_form_notice_and_record_name_the_same_basis_for_each_purpose(client, factory, inbox):
    post = factory.post()
    factory.session.commit()
    form_page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    notice_page = client.get("/privacy").get_data(as_text=True)
    form, notice = bases(form_page), bases(notice_page)
    assert form == notice
    assert set(notice) == {"publishing", "abuse_prevention", "moderation_records",
                           "remember_me", "reply_notifications", "show_website",
                           "follow"}  # the last on the post's "Follow this discussion" form
    assert "unticked choice on the form" not in notice_page  # no such box for publishing
    assert "given by posting" in notice["publishing"]

    response = post_comment(client, post, author_email="ada@example.org",
                            consent_reply_notifications="on")
    receipt = client.get(manage_path(response)).get_data(as_text=True)
    record = receipt[receipt.index("Record of your choices"):]
    recorded = bases(record)
    assert set(recorded) == {"remember_me", "reply_notifications", "show_website"}
    assert all(recorded[key] == notice[key] for key in recorded)


def test_a_pending_reply_email_request_shows_as_pending_with_its_masked_address(
        client, factory, inbox):
    post = factory.post()
    factory.session.commit()
    response = post_comment(client, post, author_email="ada@example.org",
                            consent_reply_notifications="on")
    path = manage_path(response)
    receipt = client.get(path).get_data(as_text=True)
    choices = receipt[receipt.index("Your choices"):receipt.index("Record of your choices")]
    reply_choice = choices[choices.index('id="consent-reply_notifications"'):]
    reply_choice = reply_choice[:reply_choice.index("</li>")]
    assert "Requested: waiting for you to confirm" in reply_choice
    assert "a•••@example.org" in reply_choice
    # Not the button of someone who never asked, as if the request had failed; only a way to
    # correct the address.
    assert "Email me about replies" not in reply_choice
    assert "Wrong address? Send the link to another one" in reply_choice
    record = receipt[receipt.index("Record of your choices"):]
    assert re.search(r"reply notifications requested, pending until you confirm the link "
                     r"emailed to a•••@example\.org", record)
    assert "ada@example.org" not in receipt  # masked everywhere on the page

    confirm = inbox.with_subject("Please confirm")[0]
    confirm_path = [link for link in links_in(body_of(confirm)) if "/confirm/" in link][0]
    client.post(confirm_path)
    receipt = client.get(path).get_data(as_text=True)
    record = receipt[receipt.index("Record of your choices"):]
    assert "pending until you confirm" not in record
    assert "reply notifications given" in record


def test_the_form_says_what_happens_to_the_name_and_a_typed_website(client, factory):
    post = factory.post()
    factory.session.commit()
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    name_label = re.search(r'<label for="author_name">(.*?)</label>', page, re.S).group(1)
    assert "required" not in name_label and "pseudonym" in name_label
    website = page[page.index('<label for="author_website">'):]
    website = website[:website.index("<input")]
    assert "only if you also tick “Show my website link”" in website
    assert "Show my website link with my name" in page  # the box it names exists
