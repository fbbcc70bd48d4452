"""How a post's Markdown refers to the library, and what that becomes in the stored HTML.

`![A chart of spending](media:12)` is an image: a <picture> with WebP and original-format
`srcset`s, `sizes`, `width` and `height` (no layout shift) and the alt text, which is
required. The same syntax naming a PDF becomes a link card: its title, pages and size.
The addresses are site-relative paths (/media/…), fixed at upload, so the HTML is stored once.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core.markup import MediaEmbed, media_references, render_post
from forum.media.library import describe
from forum.media.processing import RESPONSIVE_WIDTHS
from forum.models import Medium

# The post column is about 46rem wide on a wide screen; the whole viewport below that.
SIZES = "(min-width: 50rem) 46rem, 100vw"


def file_url(medium: Medium, width: int | None = None, extension: str | None = None) -> str:
    suffix = f"-{width}" if width else ""
    return f"/media/{medium.token}{suffix}.{extension or medium.extension}"


def _srcset(medium: Medium, extension: str) -> str:
    candidates = [f"{file_url(medium, width, extension)} {width}w" for width in medium.widths]
    # WebP copies of a wide original stop at the largest width (forum.media.processing).
    if extension == medium.extension or (medium.width or 0) <= RESPONSIVE_WIDTHS[-1]:
        candidates.append(f"{file_url(medium, None, extension)} {medium.width}w")
    return ", ".join(candidates)


def image_html(medium: Medium, alt: str, title: str | None = None) -> str:
    title_attribute = f' title="{escape(title)}"' if title else ""
    webp = "" if medium.extension in ("webp", "gif") else (
        f'<source type="image/webp" srcset="{_srcset(medium, "webp")}" sizes="{SIZES}">')
    srcset = "" if medium.extension == "gif" else (
        f' srcset="{_srcset(medium, medium.extension)}" sizes="{SIZES}"')
    return (f'<picture>{webp}<img src="{file_url(medium)}"{srcset} width="{medium.width}" '
            f'height="{medium.height}" alt="{escape(alt)}"{title_attribute} loading="lazy" '
            f'decoding="async"></picture>')


def document_html(medium: Medium, label: str) -> str:
    return (f'<a class="media-card" href="{file_url(medium)}">'
            f'<span class="media-card-title">{escape(label or medium.title)}</span> '
            f'<span class="media-card-meta">{escape(describe(medium))}</span></a>')


def _embed(medium: Medium) -> MediaEmbed:
    def draw(alt: str, title: str | None) -> str:
        if medium.is_image:
            return image_html(medium, alt, title)
        return document_html(medium, alt or title or "")
    return draw


def resolve(session: Session, markdown_source: str) -> tuple[dict[int, MediaEmbed],
                                                              dict[str, str]]:
    """The renderers for the media `markdown_source` refers to, and the errors to show the
    author: an unknown medium, or an image without its description."""
    references = media_references(markdown_source)
    ids = {medium_id for medium_id, _alt in references}
    found = {medium.id: medium for medium in session.scalars(
        select(Medium).where(Medium.id.in_(ids)))} if ids else {}
    problems: list[str] = []
    for medium_id, alt in references:
        medium = found.get(medium_id)
        if medium is None:
            problems.append(f"There is no medium {medium_id} in the library (media:{medium_id}); "
                            "choose one from the list below the editor.")
        elif medium.is_image and not alt:
            problems.append(f"Image {medium_id} (“{medium.title}”) needs a description for "
                            f"readers who cannot see it: write it between the brackets, e.g. "
                            f"![A chart of the budget](media:{medium_id}).")
    errors = {"body_md": " ".join(dict.fromkeys(problems))} if problems else {}
    embeds: dict[int, Callable[[str, str | None], str]] = {
        medium_id: _embed(medium) for medium_id, medium in found.items()}
    return embeds, errors


def render(session: Session, markdown_source: str) -> str:
    """A post's HTML with its media drawn (for previews and restores: no check)."""
    embeds, _errors = resolve(session, markdown_source)
    return render_post(markdown_source, embeds)


_MEDIA_ATTRIBUTE = re.compile(r'((?:src|href|srcset)="|, )/media/')


def absolute_media(html: str, page_url: str) -> str:
    """Stored HTML names the library's files by site-relative paths; a feed reader shows them
    away from the site, so feeds give the full address."""
    root = urljoin(page_url, "/").rstrip("/")
    return _MEDIA_ATTRIBUTE.sub(lambda match: f"{match.group(1)}{root}/media/", html)
