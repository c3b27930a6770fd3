"""What administrators do with accounts: invite, change roles, deactivate, reset a second factor.

Rules that keep the platform manageable: an administrator cannot deactivate their own account or take
their own administrator role away, and the last active administrator stays one."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from wtforms import BooleanField

from vertelpunt.auth import services, tokens, totp
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.forms import auth as forms
from vertelpunt.models import Membership, Traject, User
from vertelpunt.models.accounts import ROLES
from vertelpunt.text import clean_text


def role_labels() -> dict[str, str]:
    return {"coalition": _("Coalition"), "facilitator": _("Facilitator")}


@dataclass
class Row:
    user: User
    roles: list[tuple[str, str]]  # (traject name, role label)

    @property
    def state(self) -> str:
        if not self.user.active:
            return "inactive"
        return "invited" if self.user.invited else "active"


def trajecten() -> list[Traject]:
    return list(db.session.scalars(select(Traject).order_by(Traject.name)))


def rows() -> list[Row]:
    names = {t.id: t.name for t in trajecten()}
    labels = role_labels()
    users = db.session.scalars(select(User).order_by(func.lower(User.username)))
    return [
        Row(u, sorted((names.get(m.traject_id, "?"), labels[m.role]) for m in u.memberships)) for u in users
    ]


def _field(traject_id: int, role: str) -> str:
    return f"t{traject_id}_{role}"


def access_form(base: type[forms.AccessFields], places: list[Traject], user: User | None = None, **kwargs):
    """The form with a switch per traject and role; filled from ``user`` when it is not posted."""

    class Form(base):
        pass

    labels = role_labels()
    for traject in places:
        for role in ROLES:
            setattr(Form, _field(traject.id, role), BooleanField(labels[role]))
    if user is None:
        return Form(**kwargs)
    data = {_field(m.traject_id, m.role): True for m in user.memberships}
    return Form(data={**data, "email": user.email or "", "is_admin": user.is_admin}, **kwargs)


def chosen_roles(form, places: list[Traject]) -> set[tuple[int, str]]:
    return {(t.id, role) for t in places for role in ROLES if form[_field(t.id, role)].data}


def _active_admins() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.is_admin, User.active))


def invite(username: str, email: str, is_admin: bool, roles: set[tuple[int, str]]) -> tuple[User, str]:
    """A new account without a password, and its invitation's secret (for the mail only)."""
    username = clean_text(username)
    email = services.normal_email(email)
    errors = {}
    if not username or len(username) > 80:
        errors["username"] = _("Use 1 to 80 characters.")
    elif services.username_taken(username):
        errors["username"] = _("This username is taken.")
    if email and services.email_taken(email):
        errors["email"] = _("Another account has this address.")
    if errors:
        raise InputError(errors)
    user = User(username=username, password_hash="", is_admin=is_admin, email=email)
    user.memberships = [Membership(traject_id=t, role=r) for t, r in sorted(roles)]
    db.session.add(user)
    db.session.flush()
    return user, tokens.issue(user, "invite")


def reinvite(user: User) -> str:
    if not user.invited or not user.active or not user.email:
        raise InputError({"user": _("This account is not waiting for an invitation.")})
    return tokens.issue(user, "invite")


def set_access(user: User, by: User, email: str, is_admin: bool, roles: set[tuple[int, str]]) -> None:
    email = services.normal_email(email)
    if email and services.email_taken(email, but=user):
        raise InputError({"email": _("Another account has this address.")})
    if user.is_admin and not is_admin:
        if user.id == by.id:
            raise InputError({"is_admin": _("You cannot take away your own administrator role.")})
        if user.active and _active_admins() <= 1:
            raise InputError({"is_admin": _("The platform needs at least one administrator.")})
    user.email = email
    user.is_admin = is_admin
    current = {(m.traject_id, m.role): m for m in user.memberships}
    for key, membership in current.items():
        if key not in roles:
            user.memberships.remove(membership)
    for traject_id, role in sorted(roles - set(current)):
        user.memberships.append(Membership(traject_id=traject_id, role=role))
    db.session.flush()


def set_active(user: User, by: User, active: bool) -> None:
    """Deactivating ends the person's logins at once and makes their open links worthless."""
    if not active:
        if user.id == by.id:
            raise InputError({"active": _("You cannot deactivate your own account.")})
        if user.is_admin and user.active and _active_admins() <= 1:
            raise InputError({"active": _("The platform needs at least one administrator.")})
        services.end_user_sessions(user)
        tokens.retire_all(user)
    user.active = active
    db.session.flush()


def reset_second_factor(user: User, by: User) -> None:
    """For a lost phone: the person sets up a new second factor at their next login, and whoever is
    logged in as them now (perhaps with the lost phone) is out."""
    totp.disable(user)
    services.end_user_sessions(user, keep=by.get_id() if by.id == user.id else None)
    db.session.flush()
