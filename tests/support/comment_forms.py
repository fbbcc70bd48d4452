"""Post comments the way a person's browser does: with the form's signed timing token, drawn
a while ago, and the honeypot left empty."""
from __future__ import annotations

from datetime import timedelta

from forum.db import utcnow
from plugins.antispam import form_token


def form_token_for(app, post, seconds_ago: float = 60) -> str:
    return form_token.issue(app.config["SECRET_KEY"], post.id,
                            utcnow() - timedelta(seconds=seconds_ago))


def post_comment(client, app, post, body: str = "A considered answer.", *,
                 name: str = "A Reader", email: str = "", seconds_ago: float = 60,
                 environ_base: dict | None = None, **extra):
    data = {"author_name": name, "author_email": email, "body_md": body, "homepage": "",
            "form_started": form_token_for(app, post, seconds_ago)}
    data.update(extra)
    return client.post(f"/posts/{post.slug}/comments", data=data,
                       environ_base=environ_base or {})
