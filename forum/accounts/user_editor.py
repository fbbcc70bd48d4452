"""Managing staff accounts: invite, change role, deactivate, delete (only those without posts),
and a person's own password and sessions. Every change is audited, without personal data."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum import audit
from forum.accounts import staff_sessions
from forum.accounts.users import authenticate_user, create_user, hash_password, validate_password
from forum.core.errors import ValidationError
from forum.models import Post, Role, User


def parse_role(raw: str) -> Role | None:
    try:
        return Role(raw)
    except ValueError:
        return None


def list_users(session: Session) -> list[tuple[User, int]]:
    """Every account with its number of posts (one query)."""
    counts = select(Post.author_id, func.count().label("posts")).group_by(Post.author_id) \
        .subquery()
    rows = session.execute(select(User, func.coalesce(counts.c.posts, 0))
                           .outerjoin(counts, counts.c.author_id == User.id)
                           .order_by(User.display_name, User.id))
    return [(user, count) for user, count in rows]


def post_count(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).select_from(Post)
                          .where(Post.author_id == user.id)) or 0


def invite(session: Session, actor: User, email: str, display_name: str, role_value: str,
           password: str) -> User:
    """Create an account; without a password it cannot sign in until one is set."""
    role = parse_role(role_value)
    if role is None:
        raise ValidationError({"role": "Choose one of the roles."})
    user = create_user(session, email, display_name, role, password or None)
    audit.record(session, actor, "user.create", target_type="user", target_id=user.id,
                 details={"role": role.value, "password_set": bool(password)})
    return user


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN, User.active.is_(True))) or 0


def _is_last_admin(session: Session, user: User) -> bool:
    return user.role == Role.ADMIN and user.active and _active_admins(session) <= 1


def change_role(session: Session, actor: User, user: User, role_value: str) -> None:
    role = parse_role(role_value)
    if role is None:
        raise ValidationError({"role": "Choose one of the roles."})
    if role == user.role:
        return
    if _is_last_admin(session, user):
        raise ValidationError({"role": "This is the last active administrator; make someone "
                                       "else an administrator first."})
    audit.record(session, actor, "user.role", target_type="user", target_id=user.id,
                 details={"from": user.role.value, "to": role.value})
    user.role = role


def set_active(session: Session, actor: User, user: User, active: bool) -> None:
    if active == user.active:
        return
    if not active and user.id == actor.id:
        raise ValidationError({"form": "You cannot deactivate your own account."})
    if not active and _is_last_admin(session, user):
        raise ValidationError({"form": "This is the last active administrator."})
    user.active = active
    if not active:
        staff_sessions.end_all(session, user)  # signed out everywhere at once
    audit.record(session, actor, "user.reactivate" if active else "user.deactivate",
                 target_type="user", target_id=user.id)


def delete_user(session: Session, actor: User, user: User) -> None:
    """Only an account that wrote nothing may go; an author is deactivated instead, so their
    posts keep their byline."""
    if user.id == actor.id:
        raise ValidationError({"form": "You cannot delete your own account."})
    if post_count(session, user):
        raise ValidationError({"form": "This person wrote posts, so the account stays (their "
                                       "byline needs it). Deactivate it instead."})
    if _is_last_admin(session, user):
        raise ValidationError({"form": "This is the last active administrator."})
    audit.record(session, actor, "user.delete", target_type="user", target_id=user.id)
    session.delete(user)
    session.flush()


def change_password(session: Session, user: User, current: str, new: str, repeat: str) -> None:
    """Check the current password, set the new one, and end every other session."""
    errors: dict[str, str] = {}
    if not authenticate_user(user, current):
        errors["current_password"] = "This is not your current password."
    if problem := validate_password(new):
        errors["new_password"] = problem
    elif new != repeat:
        errors["repeat_password"] = "The two new passwords differ."
    if errors:
        raise ValidationError(errors)
    user.password_hash = hash_password(new)
    user.session_generation += 1
    audit.record(session, user, "user.password", target_type="user", target_id=user.id)


def sign_out_everywhere(session: Session, user: User) -> None:
    """Every login cookie carries the generation; bumping it makes all of them stale."""
    user.session_generation += 1
    audit.record(session, user, "user.sign_out_all", target_type="user", target_id=user.id)
