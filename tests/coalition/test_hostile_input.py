"""Hostile values into every POST route of the coalition blueprint: a 4xx page with a Dutch message and
nothing stored, never a 500. The routes are found in app.url_map, so a new one fails here until it has
its fields below."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from tests.coalition.test_table import GOOD, HEADER
from tests.conftest import csrf_from, login
from tests.hostile_values import HOSTILE as SHARED_VALUES
from vertelpunt.extensions import db
from vertelpunt.models import CoalitionSettings, Link, Organisation, ShareText, Target

BASE = "/staff/trajecten/testregio"

HOSTILE = [*SHARED_VALUES, "0", ["1", "2"]]  # and a list where one value is expected
# English that must never reach a Dutch page (WTForms' and Flask-WTF's own messages).
ENGLISH = ("This field is required", "Not a valid", "Invalid", "could not coerce", "Field must be")
# What a refused page says, in Dutch: the page's own line or the field's sentence.
DUTCH = (
    "Nog niet opgeslagen",
    "Vul ",
    "Kies ",
    "Dit doel bestaat niet",
    "Dit zijn geen e-mailadressen",
    "Gebruik hoogstens",
    "Dit is geen tabel",
    "Er is niets ingelezen",
    "te lang",
    "Zet {link} in de tekst",
)

# Per route: the page to take the CSRF token from, and a valid post that the hostile values spoil.
ROUTES = {
    "coalition.add_target": (
        "/targets",
        "/targets",
        {"dimension": "perspective", "value_perspective": "youth", "min_count": "5", "min_share": "20"},
    ),
    "coalition.remove_target": ("/targets", "/targets/remove", {"target_id": "{target}"}),
    "coalition.digest_settings": ("/digest", "/digest", {"recipients": "a@b.nl", "quiet_days": "14"}),
    "coalition.texts": (
        "/texts?audience=parent",
        "/texts?audience=parent",
        {
            "audience": "parent",
            "whatsapp": "Deel je verhaal: {link}",
            "email_subject": "Uw ervaring",
            "email_body": "Deel uw ervaring: {link}",
            "newsletter": "Deel uw ervaring: {link}",
        },
    ),
    "coalition.table": ("/table", "/table", {"file": "table", "valid_only": "1"}),
}


def accepted(endpoint: str, field: str, value) -> bool:
    """Hostile values a field may take as they are: nothing, which means a default (no recipients, the
    standard text, no minimum beside the other one); text people may write, shown escaped; a flag."""
    if isinstance(value, list):
        return False
    nothing = value in (None, "", "\x00")  # a NUL is dropped from text, and then nothing is left
    if endpoint == "coalition.texts":
        if field == "audience":
            return True  # the page's address says the audience
        return nothing or (field == "email_subject" and value != "x" * 100_000)
    if (endpoint, field) == ("coalition.digest_settings", "recipients"):
        return nothing
    if endpoint == "coalition.add_target" and field in ("min_count", "min_share"):
        return value in (None, "")
    return (endpoint, field) == ("coalition.table", "valid_only")


def stored() -> tuple:
    db.session.rollback()
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Target, ShareText, CoalitionSettings, Organisation, Link)
    )


def _table(value) -> tuple:
    if value == "table":  # a good table of one row
        body = f"{HEADER}\r\n{GOOD[0]}\r\n".encode("utf-8-sig")
        return (io.BytesIO(body), "tabel.csv")
    if isinstance(value, list):
        return [_table(v) for v in value]
    # A file whose content is the hostile value, or a plain form value where a file belongs.
    return (io.BytesIO(str(value).encode("utf-8", "surrogatepass")), "tabel.csv") if value else value


def test_every_post_route_of_the_coalition_blueprint_is_covered(app):
    posts = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("coalition.") and "POST" in rule.methods
    }
    assert posts == set(ROUTES)


@pytest.fixture
def manager(client, users, traject):
    from vertelpunt.coalition import services

    target = services.add_target(traject, dimension="audience", value="parent", min_count=3)
    db.session.commit()
    login(client, "coalitie")
    return client, target.id


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_hostile_values_get_a_dutch_refusal_and_store_nothing(manager, endpoint):
    client, target_id = manager
    page_url, post_url, good = ROUTES[endpoint]
    good = {
        k: (v.format(target=target_id) if isinstance(v, str) and k == "target_id" else v)
        for k, v in good.items()
    }
    for field in good:
        for value in [*HOSTILE, None]:  # None: the field left out
            data = {k: v for k, v in good.items() if k != field}
            if value is not None:
                data[field] = value
            if endpoint == "coalition.table":
                data = {k: (_table(v) if k == "file" else v) for k, v in data.items()}
            before = stored()
            token = csrf_from(client.get(BASE + page_url).get_data(as_text=True))
            kwargs = {"content_type": "multipart/form-data"} if endpoint == "coalition.table" else {}
            response = client.post(BASE + post_url, data={"csrf_token": token, **data}, **kwargs)
            body = response.get_data(as_text=True)
            what = (endpoint, field, repr(value)[:40], response.status_code)
            assert response.status_code < 500, what
            assert not any(english in body for english in ENGLISH), what
            if accepted(endpoint, field, value):
                assert response.status_code in (200, 302), what
                _undo(endpoint, target_id)
                continue
            if endpoint == "coalition.remove_target" and response.status_code == 302:
                # A well-formed id of no target (removed meanwhile): said on the page it came from.
                assert value is not None and stored() == before, what
                assert "Dit doel bestaat niet" in client.get(BASE + "/targets").get_data(as_text=True)
                continue
            assert 400 <= response.status_code < 500, what
            assert any(dutch in body for dutch in DUTCH), what
            assert stored() == before, what


def _undo(endpoint: str, target_id: int) -> None:
    """An accepted value was stored: take it away again, so the next one is judged on its own."""
    tables = {
        "coalition.texts": [ShareText.__table__.delete()],
        "coalition.digest_settings": [CoalitionSettings.__table__.delete()],
        "coalition.add_target": [Target.__table__.delete().where(Target.id != target_id)],
        "coalition.table": [
            Link.__table__.delete().where(Link.organisation_id.is_not(None)),
            Organisation.__table__.delete(),
        ],
    }
    for statement in tables.get(endpoint, []):
        db.session.execute(statement)
    db.session.commit()


def test_a_text_with_control_characters_is_stored_without_them(manager):
    client, _target = manager
    page = client.get(BASE + "/texts?audience=parent").get_data(as_text=True)
    data = dict(ROUTES["coalition.texts"][2], email_subject="Uw\x00 ervaring\u202e")
    response = client.post(BASE + "/texts?audience=parent", data={"csrf_token": csrf_from(page), **data})
    assert response.status_code == 302
    assert db.session.scalar(select(ShareText.body).where(ShareText.kind == "email_subject")) == "Uw ervaring"


def test_a_target_from_the_form_is_stored_as_numbers(manager):
    client, _target = manager
    page = client.get(BASE + "/targets").get_data(as_text=True)
    data = dict(ROUTES["coalition.add_target"][2])
    response = client.post(BASE + "/targets", data={"csrf_token": csrf_from(page), **data})
    assert response.status_code == 302
    target = db.session.scalar(select(Target).where(Target.dimension == "perspective"))
    assert (target.value, target.min_count, target.min_share) == ("youth", 5, 20)
