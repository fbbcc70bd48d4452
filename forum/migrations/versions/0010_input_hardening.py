"""input hardening (issue 10): reporters' fingerprints; repair of text stored by older code

Revision ID: 0010_input_hardening
Revises: 0009_staff_sessions
Create Date: 2026-11-30 09:00:00

Schema: comment_reports gets two keyed fingerprints of its reporter (address, email), so one
visitor's reports count once.

Data, written by older code and shown wrongly or dangerously until now:
- comments' stored HTML escaped the text of code spans twice (`a < b` showed as `a &lt; b`):
  inside <code> the extra `&amp;` is undone, which reverses exactly what the second pass did;
- automatic excerpts held entities (`&lt;`) where the text had the character;
- titles and names holding line breaks (they broke every mail about the post) become one line.
The content version is bumped, so no reader keeps a cached copy of the old pages.
"""
import html
import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0010_input_hardening"
down_revision = "0009_staff_sessions"
branch_labels = None
depends_on = None

_CODE = re.compile(r"(<code[^>]*>)(.*?)(</code>)", re.DOTALL)
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029]+")
_ONE_LINE_COLUMNS = (("posts", "title"), ("categories", "name"), ("users", "display_name"),
                     ("comments", "author_name"))


def _repair_code_spans(body_html: str) -> str:
    return _CODE.sub(lambda m: m.group(1) + m.group(2).replace("&amp;", "&") + m.group(3),
                     body_html)


def _rewrite(connection, table: str, column: str, where: str, change, **params) -> int:
    rows = connection.execute(sa.text(f"SELECT id, {column} FROM {table} WHERE {where}"), params)
    changed = 0
    for row_id, value in rows.fetchall():
        new_value = change(value)
        if new_value != value:
            connection.execute(sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
                               {"value": new_value, "id": row_id})
            changed += 1
    return changed


def upgrade() -> None:
    with op.batch_alter_table("comment_reports") as batch:
        batch.add_column(sa.Column("reporter_address_ref", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("reporter_email_ref", sa.String(length=64), nullable=True))

    connection = op.get_bind()
    changed = _rewrite(connection, "comments", "body_html",
                       "body_html LIKE '%<code%' AND body_html LIKE '%&amp;%'",
                       _repair_code_spans)
    changed += _rewrite(connection, "posts", "excerpt", "excerpt LIKE '%&%;%'",
                        lambda text: html.unescape(text) if _ENTITY.search(text) else text)
    for table, column in _ONE_LINE_COLUMNS:
        changed += _rewrite(connection, table, column, f"{column} LIKE :cr OR {column} LIKE :lf",
                            lambda text: _LINE_BREAKS.sub(" ", text).strip() or text,
                            cr="%\r%", lf="%\n%")
    if changed:
        _bump_content_version(connection)


def _bump_content_version(connection) -> None:
    previous = connection.execute(sa.text(
        "SELECT changed_at FROM content_version WHERE id = 1")).scalar()
    if previous is None:
        return  # no page was ever cached from this database
    if isinstance(previous, str):  # SQLite hands back text
        previous = datetime.fromisoformat(previous)
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    changed_at = max(now, previous.replace(tzinfo=None, microsecond=0) + timedelta(seconds=1))
    connection.execute(sa.text("UPDATE content_version SET version = version + 1, "
                               "changed_at = :changed_at WHERE id = 1"),
                       {"changed_at": changed_at})


def downgrade() -> None:
    with op.batch_alter_table("comment_reports") as batch:
        batch.drop_column("reporter_email_ref")
        batch.drop_column("reporter_address_ref")
