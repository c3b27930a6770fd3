"""Cards are handled like stories (issue 13, point 2), written as the attacks that worked before:

- a participant's card naming a youth put the name on the board, the projector, every phone, the
  engine's key terms and its theme names;
- a session's story set could hold stories the deduce worker had not seen yet, and participants read them."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import run_jobs
from tests.sessions.board.conftest import add_story, board_url, staff, token_of
from tests.sessions.board.test_own_observations import form_of, joined, observe
from vertelpunt.extensions import db
from vertelpunt.models import Observation, SessionEvaluation, SessionStory, Theme
from vertelpunt.sessions.board import regroup, stories

CARD = "Sanne Wolters belde 06-12345678 over de wachtlijst, sanne.wolters@example.nl weet meer"
SECRETS = ("Sanne", "Wolters", "06-12345678", "example.nl")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s.casefold() in text.casefold()]


def test_a_card_that_looks_personal_is_shown_back_to_its_writer_only_and_not_stored(app, live):
    writer = joined(app, live, "Fatma")
    response = observe(writer, live, form_of(writer, live), CARD, [str(live.stories[0].id)])
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Dit lijkt persoonlijk" in page
    assert "<mark>Sanne Wolters</mark>" in page and "<mark>06-12345678</mark>" in page
    assert 'name="personal_checked" value="yes"' in page
    assert db.session.scalar(select(Observation.id)) is None  # nothing stored before the writer decides


def test_a_card_sent_anyway_is_stored_redacted_and_never_shown_with_the_name(app, live):
    writer = joined(app, live, "Fatma")
    form = {**form_of(writer, live), "personal_checked": "yes"}
    assert observe(writer, live, form, CARD, [str(live.stories[0].id)]).status_code == 302
    stored = db.session.scalar(select(Observation.text))
    assert _leaks(stored) == [] and "[naam]" in stored and "wachtlijst" in stored

    other = joined(app, live, "Ali")
    facilitator = staff(app.test_client())
    seen = {
        "writer's phone": writer.get(f"/sessie/{live.session.id}").get_data(as_text=True),
        "another phone": other.get(f"/sessie/{live.session.id}").get_data(as_text=True),
        "board": facilitator.get(board_url(live)).get_data(as_text=True),
        "observations": facilitator.get(board_url(live, "observaties")).get_data(as_text=True),
        "live feed": facilitator.get(board_url(live, "observaties/live?since=0")).get_data(as_text=True),
    }
    for where, text in seen.items():
        assert _leaks(text) == [], where


def test_the_engine_never_reads_a_name_from_a_card(app, live):
    """Key terms and engine-made theme names come from the stored (redacted) text, without its tags."""
    writer = joined(app, live, "Fatma")
    texts = [
        "Sanne Wolters wacht al maanden op de wachtlijst",
        "Sanne Wolters hoort niets van de wachtlijst",
        "Bij Sanne Wolters duurt de wachtlijst te lang",
        "De school van Sanne Wolters belt niet terug",
        "School en Sanne Wolters: niemand belt terug",
        "Sanne Wolters mist de school en de mentor",
    ]
    for text in texts:
        form = {**form_of(writer, live), "personal_checked": "yes"}
        assert observe(writer, live, form, text, [str(live.stories[0].id)]).status_code == 302
    assert all("[naam]" in o.text for o in db.session.scalars(select(Observation)))
    assert all(regroup.engine_text(o).count("[") == 0 for o in db.session.scalars(select(Observation)))

    facilitator = staff(app.test_client())
    done = facilitator.post(
        board_url(live, "bord/groeperen"), data={"csrf_token": token_of(facilitator, board_url(live))}
    )
    assert done.status_code in (302, 303)
    assert run_jobs("group_session") == 1
    themes = list(db.session.scalars(select(Theme).where(Theme.session_id == live.session.id)))
    assert themes, "the engine made no themes to check"
    for theme in themes:
        words = " ".join([theme.name, *(theme.key_terms or [])])
        assert _leaks(words) == [] and "naam" not in words.casefold(), words


def test_a_changed_card_and_an_evaluation_are_checked_as_a_new_card_is(app, live):
    writer = joined(app, live, "Fatma")
    assert (
        observe(
            writer, live, form_of(writer, live), "Eerst zonder naam", [str(live.stories[0].id)]
        ).status_code
        == 302
    )
    card = db.session.scalar(select(Observation))
    url = f"/sessie/{live.session.id}/observaties/{card.id}"
    warned = writer.post(
        url, data={"csrf_token": token_of(writer, url), "text": CARD, "stories": [str(live.stories[0].id)]}
    )
    assert "Dit lijkt persoonlijk" in warned.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Observation, card.id).text == "Eerst zonder naam"
    sent = writer.post(
        url,
        data={
            "csrf_token": token_of(writer, url),
            "text": CARD,
            "stories": [str(live.stories[0].id)],
            "personal_checked": "yes",
        },
    )
    assert sent.status_code == 302
    db.session.expire_all()
    assert _leaks(db.session.get(Observation, card.id).text) == []

    evaluation = f"/sessie/{live.session.id}/evaluatie"
    data = {
        "csrf_token": token_of(writer, evaluation),
        "rating": "4",
        "went_well": CARD,
        "to_improve": "Niets",
    }
    assert "Dit lijkt persoonlijk" in writer.post(evaluation, data=data).get_data(as_text=True)
    assert db.session.scalar(select(SessionEvaluation.id)) is None
    assert writer.post(evaluation, data={**data, "personal_checked": "yes"}).status_code in (302, 303)
    assert _leaks(db.session.scalar(select(SessionEvaluation.went_well))) == []


def test_a_theme_name_typed_on_the_board_is_redacted_like_a_card(app, live):
    theme = Theme(session_id=live.session.id, name="Wachten", confirmed=True, named_by_person=True)
    db.session.add(theme)
    db.session.commit()
    facilitator = staff(app.test_client())
    url = board_url(live, f"bord/themas/{theme.id}/naam")
    facilitator.post(
        url, data={"csrf_token": token_of(facilitator, board_url(live)), "name": "Sanne Wolters"}
    )
    db.session.expire_all()
    assert _leaks(db.session.get(Theme, theme.id).name) == []


def test_participants_read_only_stories_the_redaction_worker_finished(app, live):
    """A story only the fast rules saw (deduce has not) or one deduce failed on stays out of the set."""
    waiting = add_story(live.link, "Nog niet klaar", "Mijn buurman Kees Jansen uit de Dorpsstraat")
    waiting.redaction = "rules"
    failed = add_story(live.link, "Mislukt", "Een verhaal dat deduce niet aankon")
    failed.redaction = "failed"
    db.session.flush()
    db.session.add_all(
        [
            SessionStory(session_id=live.session.id, story_id=waiting.id, position=90),
            SessionStory(session_id=live.session.id, story_id=failed.id, position=91),
        ]
    )
    db.session.commit()
    reader = joined(app, live, "Fatma")
    home = reader.get(f"/sessie/{live.session.id}").get_data(as_text=True)
    assert "Nog niet klaar" not in home and "Mislukt" not in home
    for story in (waiting, failed):
        assert reader.get(f"/sessie/{live.session.id}/verhalen/{story.id}").status_code == 404
    ids = {s.id for s in stories.session_stories(live.session)}
    assert waiting.id not in ids and failed.id not in ids and live.stories[0].id in ids
    board = staff(app.test_client()).get(board_url(live)).get_data(as_text=True)
    assert "Nog niet klaar" not in board and "Mislukt" not in board


def test_a_set_chosen_by_filter_holds_only_finished_stories(app, live):
    from vertelpunt.sessions import selection

    waiting = add_story(live.link, "Nog niet klaar", "Een verhaal zonder deduce")
    waiting.redaction = "rules"
    db.session.commit()
    ids = selection.stories_matching(live.traject, {})
    assert waiting.id not in ids and live.stories[0].id in ids
