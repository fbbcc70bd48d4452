"""The audit log in words: every action Forum records has a sentence, the sentences name what
they are about (post titles, people), and an action nobody words falls back to its code."""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from forum import audit
from forum.audit.wording import Ref
from forum.audit.words import audit_lines
from forum.db import utcnow
from forum.models import AuditEntry, CommentReport, ReportReason, ReportStatus
from forum.moderation import actions
from forum.publishing import category_editor as category_admin
from forum.publishing import post_editor as post_admin
from tests.publishing.test_query_count import counting_queries

ROOT = Path(__file__).resolve().parents[2]


def _strings(node: ast.AST) -> set[str]:
    return {child.value for child in ast.walk(node)
            if isinstance(child, ast.Constant) and isinstance(child.value, str)}


@cache
def _trees() -> dict[Path, ast.Module]:
    """Every module of forum/ and plugins/, parsed once per test run."""
    return {path: ast.parse(path.read_text(encoding="utf-8"))
            for path in [*(ROOT / "forum").rglob("*.py"), *(ROOT / "plugins").rglob("*.py")]}


@cache
def recorded_actions() -> frozenset[str]:
    """Every action code passed to `audit.record(...)` in forum/ and plugins/: a literal, either
    branch of a conditional, or the dotted strings a variable holding it was built from."""
    found: set[str] = set()
    for tree in _trees().values():
        assignments: dict[str, set[str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assignments.setdefault(target.id, set()).update(
                            value for value in _strings(node.value) if "." in value)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "audit" and len(node.args) >= 3):
                continue
            action = node.args[2]
            if isinstance(action, ast.Name):
                names = assignments.get(action.id, set())
                if not names:  # imported from another module (REVEAL_ACTION and the like)
                    names = {value for other in _trees().values()
                             for value in _module_constant(other, action.id)}
                found |= names
            else:
                found |= _strings(action)
    return frozenset(found)


def _module_constant(tree: ast.Module, name: str) -> set[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == name for target in node.targets):
            return _strings(node.value)
    return set()


def sentence(line) -> str:
    return "".join(part.text if isinstance(part, Ref) else part for part in line.parts)


def describe(app, entries: list[AuditEntry]):
    with app.test_request_context():
        return audit_lines(entries)


def test_the_search_finds_every_kind_of_entry():
    found = recorded_actions()
    # A sample from each corner, so a broken search cannot pass by finding nothing.
    assert {"comment.approve", "post.publish", "post.edit", "personal_data.reveal",
            "plugin.enable", "plugin.disable", "user.reactivate", "sign_in",
            "sign_in.failed", "wordpress.import", "mail.send_now"} <= found
    assert len(found) >= 40, sorted(found)


def test_every_recorded_action_reads_as_a_sentence_without_its_code(app, db_session, factory):
    actor = factory.user(role="admin", display_name="Editorial team")
    db_session.flush()
    entries = [AuditEntry(action=action, actor_id=actor.id,
                          actor_label="Editorial team (admin)", reason="", details={})
               for action in sorted(recorded_actions())]
    unworded = [(line.entry.action, sentence(line))
                for line in describe(app, entries)
                if not line.worded or line.entry.action in sentence(line)]
    assert unworded == []


def test_moderation_sentences_name_the_comment_and_its_post(app, db_session, factory):
    admin = factory.user(role="admin", display_name="Editorial team")
    post = factory.post(title="One register for everything: Memo 17/2026 on a universal "
                              "population register")
    comment = factory.comment(post, author_name="Greta")
    actions.approve(db_session, admin, comment, utcnow())
    actions.remove(db_session, admin, comment, actions.parse_removal("abuse", ""), utcnow())
    db_session.add(CommentReport(comment_id=comment.id, reason=ReportReason.SPAM,
                                 status=ReportStatus.OPEN))
    db_session.flush()
    actions.close_open_reports(db_session, admin, comment, ReportStatus.DISMISSED, utcnow())
    db_session.flush()
    lines = describe(app, audit.recent(db_session, 10))
    said = [sentence(line) for line in reversed(lines)]
    assert said[0] == f"Editorial team approved comment #{comment.id} on “One register for " \
                      "everything: Memo…”"
    assert said[1] == f"Editorial team removed comment #{comment.id} on “One register for " \
                      "everything: Memo…” (reason: abuse or harassment)"
    assert said[2] == f"Editorial team dismissed 1 report on comment #{comment.id} on “One " \
                      "register for everything: Memo…”"
    first = lines[-1].parts
    assert Ref(f"comment #{comment.id}", "comment", comment.id) in first
    assert Ref("“One register for everything: Memo…”", "post", post.id) in first


def test_deleted_things_keep_their_names(app, db_session, factory):
    admin = factory.user(role="admin", display_name="Ada")
    post = factory.post(title="A post about registers")
    category = factory.category(name="Data protection")
    db_session.flush()
    post_admin.delete_post(db_session, admin, post)
    category_admin.delete_category(db_session, admin, category)
    db_session.flush()
    said = [sentence(line) for line in describe(app, audit.recent(db_session, 2))]
    assert said == ["Ada deleted the category “Data protection”",
                    "Ada deleted the post “A post about registers” and its comments"]


def test_who_acted_reads_naturally(app, db_session, factory):
    target = factory.user(role="editor", display_name="Edith")
    db_session.flush()
    audit.record(db_session, None, "sign_in.failed", actor_label="anonymous visitor",
                 target_type="user", target_id=target.id)
    audit.record(db_session, None, "plugin.fail", target_type="plugin", target_id="antispam",
                 actor_label="system")
    audit.record(db_session, None, "personal_data.erase", target_type="comments",
                 actor_label="the person concerned (email_link)",
                 details={"comments": 3, "bodies_deleted": False, "method": "email_link"})
    audit.record(db_session, None, "plugin.disable", target_type="plugin", target_id="antispam",
                 actor_label="command line")
    db_session.flush()
    said = [sentence(line) for line in reversed(describe(app, audit.recent(db_session, 4)))]
    assert said == ["A sign-in to the account of Edith failed (wrong password)",
                    "The plugin “antispam” failed and was switched off",
                    "The person concerned erased their data from 3 comments, the texts kept",
                    "The command line switched off the plugin “antispam”"]


def test_a_plugin_words_its_own_actions(app, db_session):
    audit.record(db_session, None, "wordpress.import", target_type="site",
                 target_id="example.wordpress.com", actor_label="command line",
                 details={"imported_posts": 12, "imported_comments": 30})
    db_session.flush()
    line = describe(app, audit.recent(db_session, 1))[0]
    assert line.worded
    assert sentence(line) == ("The command line imported a WordPress export from "
                              "example.wordpress.com: 12 posts, 30 comments")


def test_an_unknown_action_falls_back_to_its_code_in_words(app, db_session, factory):
    comment = factory.comment(factory.post(title="Short title"))
    audit.record(db_session, None, "shouting.reset", target_type="comment",
                 target_id=comment.id, actor_label="system")
    db_session.flush()
    line = describe(app, audit.recent(db_session, 1))[0]
    assert not line.worded
    assert sentence(line) == (f"The system: “shouting reset” on comment #{comment.id} on "
                              "“Short title”")


@pytest.mark.parametrize("count", [3, 60])
def test_wording_a_page_costs_a_fixed_number_of_queries(app, db_session, factory, count):
    admin = factory.user(role="admin")
    for _ in range(count):
        post = factory.post()
        comment = factory.comment(post)
        audit.record(db_session, admin, "comment.approve", target_type="comment",
                     target_id=comment.id)
        audit.record(db_session, admin, "post.publish", target_type="post", target_id=post.id)
        audit.record(db_session, admin, "user.role", target_type="user", target_id=admin.id)
    db_session.commit()
    entries = audit.recent(db_session, 2 * count)
    with counting_queries(app.test_connection) as statements:
        describe(app, entries)
    assert len(statements) <= 4, statements
