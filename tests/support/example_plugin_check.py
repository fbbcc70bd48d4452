"""Run by tests/plugin_host/test_example_plugin_install.py with the Python of a fresh virtualenv
where only pip put the example plugin: checks that Forum finds it through its entry point and
that its rule, page and template slot work. Prints one JSON object with what it saw.
"""
from __future__ import annotations

import json
import sys
from datetime import timedelta

from forum import create_app
from forum.accounts.users import create_user
from forum.db import get_database, get_session, utcnow
from forum.migrate import upgrade_to_head
from forum.models import Comment, Post, PostStatus, Role

database_url, instance_path = sys.argv[1], sys.argv[2]
app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x" * 32,
                  "INSTANCE_PATH": instance_path, "WTF_CSRF_ENABLED": False,
                  # Only the example's rule is under test; the built-in anti-spam rules and
                  # posting limits would hold every comment from this one new commenter.
                  "PLUGINS_DISABLED": ["antispam"], "RATELIMIT_ENABLED": False})
upgrade_to_head(get_database(app).engine)
with app.app_context():
    session = get_session()
    admin = create_user(session, "admin@example.org", "Admin", Role.ADMIN, "correct horse battery")
    post = Post(title="A post", slug="a-post", body_md="Body", body_html="<p>Body</p>",
                status=PostStatus.PUBLISHED, published_at=utcnow() - timedelta(hours=1),
                author=admin)
    session.add(post)
    session.commit()

client = app.test_client()
seen = {"record": {}, "comments": {}}
record = app.extensions["forum_plugins"].records.get("example")
if record is not None:
    seen["record"] = {"source": record.source, "loaded": record.module is not None,
                      "error": record.error}
client.post("/login", data={"email": "admin@example.org", "password": "correct horse battery"})
plugins_page = client.get("/admin/plugins/").get_data(as_text=True)
seen["admin_lists_example"] = 'id="plugin-example"' in plugins_page
seen["admin_shows_description"] = "holds comments written in capitals" in plugins_page
client.post("/logout")
shouting = client.post("/posts/a-post/comments", data={
    "author_name": "Loud", "body_md": "THIS POLICY IS A DISGRACE AND EVERYONE KNOWS IT"})
calm = client.post("/posts/a-post/comments", data={
    "author_name": "Calm", "body_md": "I think this policy has a few problems."})
seen["comment_codes"] = [shouting.status_code, calm.status_code]
with app.app_context():
    for comment in get_session().query(Comment).all():
        seen["comments"][comment.author_name] = comment.status.value
page = client.get("/shouting/")
seen["page_status"] = page.status_code
seen["page_has_text"] = "Why we hold shouting" in page.get_data(as_text=True)
seen["slot_on_post"] = "example-plugin-note" in client.get("/posts/a-post").get_data(as_text=True)
print(json.dumps(seen))
