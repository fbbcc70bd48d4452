from forum.core.slugs import slugify, unique_slug
from forum.models import Post


def test_slugify_keeps_letters_of_every_script():
    assert slugify("Über die Datenbank — Teil 2") == "über-die-datenbank-teil-2"
    assert slugify("Проект закона о реестре") == "проект-закона-о-реестре"
    assert slugify("数据 保护") == "数据-保护"
    assert slugify("  --Hello,   World!--  ") == "hello-world"


def test_slugify_of_only_punctuation_is_empty():
    assert slugify("!!! ???") == ""


def test_unique_slug_appends_the_next_free_number(db_session, factory):
    factory.post(slug="register")
    factory.post(slug="register-2")
    assert unique_slug(db_session, Post, "Register!") == "register-3"
    assert unique_slug(db_session, Post, "Something new") == "something-new"


def test_unique_slug_falls_back_when_nothing_is_left(db_session):
    assert unique_slug(db_session, Post, "???", fallback="post") == "post"


def test_a_numbered_slug_stays_within_the_length_limit(db_session, factory):
    from forum.core.slugs import MAX_SLUG_LENGTH
    long_title = "x" * 200
    factory.post(slug=slugify(long_title))
    numbered = unique_slug(db_session, Post, long_title)
    assert len(numbered) <= MAX_SLUG_LENGTH and numbered.endswith("-2")
    factory.post(slug=numbered)
    assert unique_slug(db_session, Post, long_title).endswith("-3")
