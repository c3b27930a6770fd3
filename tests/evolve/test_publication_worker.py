"""The redaction worker's part of publishing: deduce looks at what was asked (never a web worker), a
text changed while it was busy is not published unchecked, and one text that breaks the check does not
stop the others. deduce loads once per process (about 10 s, 1 GB): only the first test here uses it."""

from __future__ import annotations

import html
import threading

import pytest
from sqlalchemy import update

from tests.conftest import PG_URL
from tests.evolve.conftest import check, close, form_of, previewed_of, public_texts, publish, publish_post
from vertelpunt.evolve import publication
from vertelpunt.extensions import db
from vertelpunt.models import Action, Theme

ONLY_DEDUCE = "We spraken met Kloosterhuis van de gemeente over de wachtlijst."
SUMMARY = "Gezinnen wachten maanden op hulp en horen in die tijd niets."


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_text_only_deduce_recognises_is_refused_by_the_worker(app, held, as_user):
    pytest.importorskip("deduce")
    close(held)
    client = as_user("begeleider")
    # The fast rules in the request do not know this name: the step accepts it and asks the worker.
    # The traject's own organisation and municipality names pass deduce as well.
    own = "Wijkteam Zuid en de gemeente Hengelo zien het ook."
    data = form_of(
        held, action_public=True, action_description=ONLY_DEDUCE, named_public=True, named_summary=own
    )
    assert publish(client, held, data).status_code == 303
    action_id, theme_id, step_url = held.action.id, held.named.id, held.step
    db.session.remove()
    result = app.test_cli_runner().invoke(args=["redaction", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "checked 2 texts" in result.output
    assert "Kloosterhuis" not in result.output  # the log names no text
    action, theme = db.session.get(Action, action_id), db.session.get(Theme, theme_id)
    assert (action.publication, action.public, theme.publication) == ("refused", False, "public")
    shown = public_texts(app)
    assert "Kloosterhuis" not in shown and "Wachtenden" not in shown
    assert own in shown
    # The facilitator sees what was found, by name, on the step page.
    step = _page(client.get(step_url))
    assert "niet gepubliceerd: de privacycheck vond iets persoonlijks" in step
    assert "Dit lijkt een naam: “Kloosterhuis”" in step
    # Sent again unchanged, it is refused at once: the preview never shows what will not be public.
    again = publish_post(client, held, data, preview="1")
    assert again.status_code == 422 and "Dit lijkt een naam: “Kloosterhuis”" in _page(again)


def _change_summary_meanwhile(client, held, new_summary: str, real_request: bool):
    """What a facilitator does while the worker runs deduce. On PostgreSQL a real request (another
    connection, committed at once) for a text the fast rules pass; otherwise the same UPDATE inside the
    worker's own transaction (on SQLite the worker holds the write lock, so a request would only wait;
    a text the fast rules refuse stands for one only deduce refuses, which the web accepts)."""
    data = form_of(held, named_public=True, named_summary=new_summary)
    if real_request and PG_URL:
        previewed = previewed_of(_page(publish_post(client, held, data, preview="1")))
        statuses = []

        def request():  # a thread of its own: its own app context, session and connection
            statuses.append(publish_post(client, held, data, confirm="1", previewed=previewed).status_code)

        def change():
            thread = threading.Thread(target=request)
            thread.start()
            thread.join(timeout=60)
            assert statuses == [303]

        return change

    def change():
        db.session.execute(
            update(Theme)
            .where(Theme.id == held.named.id)
            .values(public_summary=new_summary, publication="requested")
        )

    return change


@pytest.mark.parametrize(
    ("meanwhile", "real_request"),
    [("Wachten duurt lang, zegt Jan Jansen.", False), ("Het wachten duurt vaak een half jaar.", True)],
)
def test_a_text_changed_while_the_worker_was_busy_is_not_published_unchecked(
    app, held, as_user, monkeypatch, meanwhile, real_request
):
    close(held)
    client = as_user("begeleider")
    publish(client, held, form_of(held, named_public=True, named_summary=SUMMARY))
    change = _change_summary_meanwhile(client, held, meanwhile, real_request)
    started, real = [], publication.problems

    def busy(text, context, use_deduce=False):
        if not started:
            # Once, after the worker read the texts and before it decides. (The web request's own
            # fast check comes through here too, and must not start another change.)
            started.append(True)
            change()
        return real(text, context, use_deduce)

    monkeypatch.setattr(publication, "problems", busy)
    assert check() == 1
    db.session.expire_all()
    theme = db.session.get(Theme, held.named.id)
    # Neither the checked text nor the unchecked one is public: the newer one waits for its own check.
    assert (theme.publication, theme.public_summary) == ("requested", meanwhile)
    shown = public_texts(app)
    assert SUMMARY not in shown and meanwhile not in shown
    monkeypatch.setattr(publication, "problems", real)
    check()
    db.session.expire_all()
    theme = db.session.get(Theme, held.named.id)
    if "Jansen" in meanwhile:
        assert theme.publication == "refused" and "Jansen" not in public_texts(app)
    else:
        assert theme.publication == "public" and meanwhile in public_texts(app)


def test_a_text_the_check_cannot_handle_is_refused_and_the_others_go_on(app, held, as_user, monkeypatch):
    close(held)
    client = as_user("begeleider")
    publish(client, held, form_of(held, named_public=True, named_summary=SUMMARY, action_public=True))
    real = publication.problems

    def breaks(text, context, use_deduce=False):
        if text == SUMMARY:
            raise RecursionError("a hostile text")
        return real(text, context, use_deduce)

    monkeypatch.setattr(publication, "problems", breaks)
    assert check() == 2
    db.session.expire_all()
    theme, action = db.session.get(Theme, held.named.id), db.session.get(Action, held.action.id)
    assert (theme.publication, action.publication) == ("refused", "public")
    assert SUMMARY not in public_texts(app) and "Wachtenden elke maand bellen" in public_texts(app)
    step = _page(client.get(held.step))
    assert "Deze tekst kon niet worden gecontroleerd" in step


def test_withdrawn_while_waiting_is_never_published(app, held, as_user):
    close(held)
    client = as_user("begeleider")
    publish(client, held, form_of(held, named_public=True, named_summary=SUMMARY))
    publish(client, held, form_of(held, named_public=False))
    check()
    assert db.session.get(Theme, held.named.id).publication == "private"
    assert SUMMARY not in public_texts(app)
