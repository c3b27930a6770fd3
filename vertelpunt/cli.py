"""flask command groups: demo, users, traject, org, links."""

from __future__ import annotations

import secrets

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from linkgen import share as share_urls
from linkgen import tokens
from vertelpunt.auth import services as accounts
from vertelpunt.auth import tokens as account_tokens
from vertelpunt.auth import totp
from vertelpunt.core.access import traject_by_slug
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import Link, Organisation
from vertelpunt.models.accounts import ROLES
from vertelpunt.models.links import AUDIENCES
from vertelpunt.staff import services

users = AppGroup("users", help="Staff accounts.")
traject_cli = AppGroup("traject", help="Trajecten.")
org_cli = AppGroup("org", help="Organisations of a traject.")
links = AppGroup("links", help="Narrator links.")
counts_cli = AppGroup("counts", help="The coalition's response counts.")


def _fail(message: str):
    db.session.rollback()
    raise click.ClickException(message)


def _traject(slug: str):
    traject = traject_by_slug(slug)
    if traject is None:
        _fail(f"No traject '{slug}'.")
    return traject


def _link(token: str) -> Link:
    normal = tokens.normalise(token)
    link = db.session.scalar(select(Link).where(Link.token == normal)) if normal else None
    if link is None:
        _fail(f"No link '{token}'.")
    return link


def _url(link: Link) -> str:
    return share_urls.link_url(current_app.config["PUBLIC_BASE_URL"], link.token)


@users.command("create")
@click.argument("username")
@click.option("--admin", is_flag=True, help="Platform administrator.")
@click.option("--role", type=click.Choice(ROLES), help="Role in the traject given with --traject.")
@click.option("--traject", "slug", help="Traject short name (slug) for --role.")
@click.option("--password", help="Leave out to be asked (or to generate one with --generate).")
@click.option("--generate", is_flag=True, help="Generate a strong password and print it.")
@click.option("--email", default=None, help="Address for invitations and password resets.")
def create_user(username, admin, role, slug, password, generate, email):
    """Create a staff account."""
    if bool(role) != bool(slug):
        _fail("--role and --traject go together.")
    if generate:
        password = secrets.token_urlsafe(12)
    elif not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(
            username, password, admin=admin, memberships=[(slug, role)] if role else [], email=email
        )
    except accounts.AccountError as exc:
        _fail(str(exc))
    db.session.commit()
    click.echo(f"Created user {user.username}" + (f" with password {password}" if generate else ""))


def _user(username: str):
    from vertelpunt.models import User

    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        _fail(f"No user '{username}'.")
    return user


@users.command("deactivate")
@click.argument("username")
def deactivate_user(username):
    """Deactivate an account: its logins end at once."""
    user = _user(username)
    accounts.end_user_sessions(user)
    account_tokens.retire_all(user)
    user.active = False
    db.session.commit()
    click.echo(f"Deactivated {user.username}")


@users.command("activate")
@click.argument("username")
def activate_user(username):
    """Make a deactivated account active again."""
    user = _user(username)
    user.active = True
    db.session.commit()
    click.echo(f"Activated {user.username}")


@users.command("reset-second-factor")
@click.argument("username")
def reset_second_factor(username):
    """For a lost phone (also an administrator's): the next login sets up a new second factor."""
    user = _user(username)
    totp.disable(user)
    accounts.end_user_sessions(user)
    db.session.commit()
    click.echo(f"Second factor of {user.username} reset")


@traject_cli.command("create")
@click.option("--slug", required=True)
@click.option("--name", required=True)
@click.option("--region", required=True)
@click.option("--focus", required=True)
@click.option("--opens", "opens_on", required=True, help="YYYY-MM-DD")
@click.option("--closes", "closes_on", required=True, help="YYYY-MM-DD")
@click.option("--municipality", "municipalities", multiple=True, required=True)
@click.option("--focus-prompt", "focus_prompt_nl", default="")
def create_traject(**kwargs):
    """Create a traject with its municipalities and general link."""
    try:
        traject = services.create_traject(**{**kwargs, "municipalities": list(kwargs["municipalities"])})
    except InputError as exc:
        _fail(str(exc))
    db.session.commit()
    click.echo(f"Created traject {traject.slug}; general link {_url(services.general_link(traject))}")


@traject_cli.command("list")
def list_trajecten():
    from vertelpunt.models import Traject

    for traject in db.session.scalars(select(Traject).order_by(Traject.slug)):
        click.echo(f"{traject.slug}\t{traject.name}\t{traject.opens_on}..{traject.closes_on}")


@org_cli.command("create")
@click.argument("slug")
@click.argument("name")
@click.option("--type", "organisation_type", required=True)
@click.option("--municipality", "municipality_code", default="")
@click.option("--contact", "contact_person", default="")
def create_org(slug, name, **kwargs):
    """Add an organisation to a traject."""
    try:
        organisation = services.create_organisation(_traject(slug), name=name, **kwargs)
    except InputError as exc:
        _fail(str(exc))
    db.session.commit()
    click.echo(f"Created organisation {organisation.name}")


@links.command("create")
@click.argument("slug")
@click.option("--organisation", default="", help="Organisation name; leave out for a general link.")
@click.option("--audience", type=click.Choice(AUDIENCES), required=True)
@click.option("--prefill", multiple=True, help="question=option, e.g. age_group=age_12_18")
@click.option("--label", default="")
@click.option("--channel", default="")
def create_link(slug, organisation, audience, prefill, label, channel):
    """Mint a link."""
    traject = _traject(slug)
    org = None
    if organisation:
        org = db.session.scalar(
            select(Organisation).where(
                Organisation.traject_id == traject.id, Organisation.name == organisation
            )
        )
        if org is None:
            _fail(f"No organisation '{organisation}' in {slug}.")
    pairs = {}
    for item in prefill:
        if "=" not in item:
            _fail(f"--prefill needs question=option, got '{item}'.")
        question, option = item.split("=", 1)
        pairs[question.strip()] = option.strip()
    try:
        link = services.create_link(
            traject, organisation=org, audience=audience, prefill=pairs, label=label, channel=channel
        )
    except InputError as exc:
        _fail(str(exc))
    db.session.commit()
    click.echo(f"LINK {link.audience} {organisation or '-'} {_url(link)}")


@links.command("list")
@click.argument("slug")
def list_links(slug):
    """Every link of a traject with its status."""
    for link in _traject(slug).links:
        name = link.organisation.name if link.organisation else "(general)"
        click.echo(f"{link.status}\t{link.audience}\t{name}\t{_url(link)}\t{link.prefill}")


def _status_command(name: str, status: str, help_text: str):
    @links.command(name, help=help_text)
    @click.argument("token")
    def command(token):
        try:
            services.set_link_status(_link(token), status)
        except InputError as exc:
            _fail(str(exc))
        db.session.commit()
        click.echo(f"{name}: {token}")

    return command


_status_command("pause", "paused", "Pause a link (a friendly page until resumed).")
_status_command("resume", "active", "Resume a paused link.")
_status_command("close", "closed", "Close a link for good.")


@links.command("replace")
@click.argument("token")
def replace(token):
    """Close a link and mint a new one with the same settings (not for a closed link)."""
    try:
        new = services.replace_link(_link(token))
    except InputError as exc:
        _fail(str(exc))
    db.session.commit()
    click.echo(f"LINK {new.audience} {new.organisation.name if new.organisation else '-'} {_url(new)}")


@click.command("demo")
@click.option("--stories", default=300, show_default=True)
def demo(stories):
    """Seed the Twente demo traject (once) and print its links and fresh demo logins."""
    from vertelpunt.demo.seed import seed_demo

    for line in seed_demo(stories):
        click.echo(line)


@counts_cli.command("keep")
def keep_counts():
    """Count and keep every traject's closed days (after a deploy or a restore), so that no view has to;
    the redaction worker does the same when a day closes."""
    from vertelpunt.coalition.days import keep_closed_days

    click.echo(f"closed days kept for {keep_closed_days()} trajecten")


def init_app(app: Flask) -> None:
    from vertelpunt import ops
    from vertelpunt.redaction_worker import redaction
    from vertelpunt.retention import retention

    for group in (users, traject_cli, org_cli, links, counts_cli, retention, redaction):
        app.cli.add_command(group)
    app.cli.add_command(demo)
    ops.init_app(app)  # flask doctor, and the version in the staff pages' footer
