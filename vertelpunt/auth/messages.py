"""The texts of the invitation and reset mails (always Dutch: the admin's own language choice is
not the invitee's). The links carry the token's secret; they are put in the mail and nowhere else."""

from __future__ import annotations

from email.message import EmailMessage

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from vertelpunt import mail
from vertelpunt.models import User


def _link(endpoint: str, token: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, token=token)


def invitation(user: User, token: str) -> EmailMessage:
    hours = current_app.config["INVITE_VALID_HOURS"]
    with force_locale("nl"):
        text = "\n\n".join(
            (
                _("Hello,"),
                _("You have been invited to StoryCycle with the username %(name)s.", name=user.username),
                _("Choose your password with this link. It works once, for %(n)s hours:", n=hours),
                _link("auth.accept_invitation", token),
                _("Did you not expect this invitation? Then you can ignore this mail."),
            )
        )
        return mail.message([user.email], _("Your invitation to StoryCycle"), text)


def reset(user: User, token: str) -> EmailMessage:
    minutes = current_app.config["RESET_VALID_MINUTES"]
    with force_locale("nl"):
        text = "\n\n".join(
            (
                _("Hello %(name)s,", name=user.username),
                _("Someone asked for a new password for your StoryCycle account."),
                _("Choose a new password with this link. It works once, for %(n)s minutes:", n=minutes),
                _link("auth.reset_password", token),
                _("Did you not ask for this? Then you can ignore this mail: your password stays the same."),
            )
        )
        return mail.message([user.email], _("A new password for StoryCycle"), text)
