"""The demo content is consistent: every category, post and reply it refers to exists, the
main discussion is threaded as the demo promises, and no raw HTML hides in the Markdown."""
import re

from forum.demo.content import CATEGORIES, COMMENTS, POSTS


def _words(text: object) -> int:
    return sum(1 for token in str(text).split() if re.search(r"\w", token))


def test_demo_content_is_consistent():
    assert len(CATEGORIES) == 6, "expected exactly six categories"
    cat_slugs = [c["slug"] for c in CATEGORIES]
    assert len(set(cat_slugs)) == len(cat_slugs), "duplicate category slug"
    for cat in CATEGORIES:
        assert cat["parent"] is None or cat["parent"] in cat_slugs, cat["slug"]
    assert any(cat["parent"] for cat in CATEGORIES), "no child category"

    post_slugs = [p["slug"] for p in POSTS]
    assert len(set(post_slugs)) == len(post_slugs), "duplicate post slug"
    html_tag = re.compile(r"</?[A-Za-z][^>]*>")
    for post in POSTS:
        assert post["categories"], post["slug"]
        for slug in post["categories"]:
            assert slug in cat_slugs, f"{post['slug']}: unknown category {slug}"
        assert post["status"] in {"published", "draft", "scheduled"}, post["slug"]
        assert not html_tag.search(str(post["body_md"])), f"raw HTML in {post['slug']}"
        if post["status"] == "scheduled":
            assert float(post["days_ago"]) < 0, post["slug"]
        if post["status"] == "published":
            assert float(post["days_ago"]) > 0, post["slug"]
    statuses = [p["status"] for p in POSTS]
    assert statuses.count("draft") == 1 and statuses.count("scheduled") == 1

    main = POSTS[0]
    assert main["status"] == "published"
    assert 700 <= _words(main["body_md"]) <= 1100, _words(main["body_md"])
    for post in POSTS[1:4]:
        assert post["status"] == "published"
        assert 150 <= _words(post["body_md"]) <= 350, (post["slug"], _words(post["body_md"]))

    seen: dict[str, dict[str, object]] = {}
    depth: dict[str, int] = {}
    for comment in COMMENTS:
        key = str(comment["key"])
        assert key not in seen, f"duplicate comment key {key}"
        assert comment["post"] in post_slugs, f"{key}: unknown post"
        post = POSTS[post_slugs.index(str(comment["post"]))]
        assert post["status"] == "published", f"{key}: comment on unpublished post"
        hours = float(comment["hours_after_post"])
        assert 0 < hours < float(post["days_ago"]) * 24, f"{key}: comment in the future"
        parent = comment["parent"]
        if parent is None:
            depth[key] = 1
        else:
            assert parent in seen, f"{key}: parent {parent} missing or later in the list"
            assert seen[parent]["post"] == comment["post"], f"{key}: parent on another post"
            assert hours > float(seen[parent]["hours_after_post"]), f"{key}: before parent"
            depth[key] = depth[parent] + 1
        website, email = comment["author_website"], comment["author_email"]
        assert website is None or re.match(r"https://example\.(org|net|com)(/|$)", website), key
        assert email is None or re.fullmatch(r"[\w.+-]+@example\.(org|net)", email), key
        assert not html_tag.search(str(comment["body_md"])), f"raw HTML in {key}"
        seen[key] = comment

    main_comments = [c for c in COMMENTS if c["post"] == main["slug"]]
    assert 5 <= len(main_comments) <= 8, len(main_comments)
    assert sum(1 for c in main_comments if c["is_staff"]) == 1
    assert max(depth[str(c["key"])] for c in main_comments) >= 3

    # The long comment quotes the post: every quoted passage must appear in it verbatim.
    flat_body = " ".join(str(main["body_md"]).split())
    long_comment = seen["c1"]
    assert 250 <= _words(long_comment["body_md"]) <= 400, _words(long_comment["body_md"])
    quotes = [
        line[2:] for line in str(long_comment["body_md"]).splitlines() if line.startswith("> ")
    ]
    assert len(quotes) >= 3
    for quote in quotes:
        assert " ".join(quote.split()) in flat_body, f"misquoted: {quote}"

    print(
        f"ok: {len(CATEGORIES)} categories, {len(POSTS)} posts, {len(COMMENTS)} comments "
        f"(main post: {_words(main['body_md'])} words, {len(main_comments)} comments)"
    )
