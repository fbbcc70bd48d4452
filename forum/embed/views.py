"""The public side of embedding: the script (/embed.js), the no-script way to a page's
discussion (/embed/thread?url=), and the demo's example host page."""
from __future__ import annotations

import click
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from sqlalchemy import select

from forum import theme_path
from forum.db import get_session, utcnow
from forum.embed import threads as thread_service
from forum.embed.example import set_up_example
from forum.embed.forms import StartThreadForm
from forum.models import Role, User
from forum.web.helpers import cross_site_request, now

bp = Blueprint("embed", __name__, cli_group=None)

SCRIPT_MAX_AGE = 3600  # an hour: a fixed script reaches every embedding page within it


@bp.get("/embed.js")
def script():
    """The widget, at the short address the host page's tag names."""
    response = send_from_directory(theme_path("static") / "embed", "embed.js",
                                   mimetype="text/javascript", max_age=SCRIPT_MAX_AGE)
    return response


@bp.get("/embed/thread")
def thread():
    """The `<noscript>` link: the page's discussion on Forum itself, where everything works
    as on a post; before its first comment, a page that offers to start it."""
    session = get_session()
    url = request.args.get("url", "")
    title = request.args.get("title", "")
    found = thread_service.find_thread(session, url)
    if found is not None:
        return redirect(url_for("publishing.post", slug=found.post.slug) + "#comments", 303)
    key, site = thread_service.page_key(session, url)
    if site is None:
        abort(404, description=thread_service.NOT_REGISTERED)
    return render_template("embed/start.html", page_url=key,
                           title=thread_service.clean_title(title, key), errors={})


@bp.post("/embed/thread")
def start():
    """No discussion yet and no script: start it (capped per site), then the post's page,
    where the comment form works as on any post."""
    if cross_site_request():
        abort(403, description="A discussion can only be started from this site's own page.")
    form = StartThreadForm()
    found = thread_service.ensure_thread(get_session(), form.url.data, form.title.data, now())
    return redirect(url_for("publishing.post", slug=found.post.slug) + "#respond", 303)


@bp.get("/embed/example")
def example():
    """The demo's host page: a static article with the script tag, as a site would have it.
    Opened at another origin than Forum's (the demo prints the address), it shows what an
    embedding site's readers see."""
    if not current_app.config.get("EMBED_EXAMPLE_PAGE"):
        abort(404)
    forum_url = current_app.config["SITE_URL"].rstrip("/")
    page_url = request.host_url.rstrip("/") + url_for("embed.example")
    response = current_app.make_response(render_template(
        "embed/example.html", forum_url=forum_url, page_url=page_url))
    # A strict policy, as a careful host site would set: only Forum is added, for the script,
    # its stylesheet and its API calls; nothing inline.
    response.headers["Content-Security-Policy"] = "; ".join([
        "default-src 'self'", f"script-src 'self' {forum_url}", f"style-src 'self' {forum_url}",
        f"connect-src 'self' {forum_url}", "img-src 'self' https: data:", "font-src 'self'",
        "object-src 'none'", "base-uri 'self'", f"form-action 'self' {forum_url}",
        "frame-ancestors 'none'"])
    return response


@bp.cli.command("embed-example")
def embed_example_command() -> None:
    """Register the demo's example host origin, seed its discussion, print its address."""
    session = get_session()
    admin = session.scalar(select(User).where(User.role == Role.ADMIN).order_by(User.id))
    if admin is None:
        raise click.ClickException("Load the demo first (forum load-demo): it creates the "
                                   "administrator the example's discussion stands under.")
    page_url = set_up_example(session, admin, current_app.config["SITE_URL"] or "", utcnow())
    session.commit()
    if page_url is None:
        click.echo("The embedding example needs SITE_URL on 127.0.0.1 or localhost (a second "
                   "local origin); see docs/embed.md to embed in your own site.")
        return
    click.echo(f"Embedded discussion example (another origin): {page_url}")
