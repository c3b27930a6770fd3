"""Every route against every role. Routes come from the URL map, so a new route fails this test until
its expected access is written down in POLICY below."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import csrf_from, login
from vertelpunt.extensions import db
from vertelpunt.staff import services

ROLES = [
    "anonymous",
    "narrator",  # an anonymous visitor who opened a link (has a session cookie)
    "participant",  # a session participant without an account: no staff access
    "coalition",
    "other_coalition",
    "facilitator",
    "other_facilitator",
    "admin",
]
LOGINS = {
    "coalition": "coalitie",
    "other_coalition": "coalitie-elders",
    "facilitator": "begeleider",
    "other_facilitator": "begeleider-elders",
    "admin": "admin",
}
OK, REDIRECT, LOGIN, FORBIDDEN, HIDDEN = "ok", "redirect", "login", 403, 404


def expected(policy: str, role: str):
    anonymous = role in ("anonymous", "narrator", "participant")
    if policy == "public":
        return OK
    if policy == "session_participant":
        # Participant pages need a device that joined the open session; anyone else, staff included,
        # is sent to the code form (a redirect, also for a session id that does not exist).
        return OK if role == "participant" else REDIRECT
    if policy == "participant_own":
        # A participant's own card: the matrix's card was written by someone else, so even a joined
        # participant finds nothing (404); anyone who did not join is sent to the code form.
        return HIDDEN if role == "participant" else REDIRECT
    if policy == "secret_link":
        # The address carries a secret (an invitation, a password reset, a projector's presenter link):
        # the matrix's sample is none, so the page does not exist for anyone, logged in or not.
        return HIDDEN
    if policy == "login_step":
        # A later step of logging in: without a password given just before, back to the login form.
        return LOGIN
    if anonymous:
        return LOGIN
    if policy == "staff":
        return OK
    if policy == "admin":
        return OK if role == "admin" else FORBIDDEN
    own = role in ("coalition", "facilitator", "admin")
    if not own:
        return HIDDEN
    if policy == "traject_view":
        return OK
    if policy == "traject_manage":
        return OK if role in ("coalition", "admin") else FORBIDDEN
    if policy == "traject_facilitate":
        return OK if role in ("facilitator", "admin") else FORBIDDEN
    raise AssertionError(policy)


# endpoint -> policy. "ok" for a POST that changes something means a redirect back.
POLICY = {
    "static": "public",
    "share.home": "public",
    "share.form": "public",
    "share.submit": "public",
    "share.withdraw": "public",
    # The thank-you page shows a withdrawal code only to the phone holding the slot's cookie.
    "share.thanks": "public",
    "auth.login": "public",
    # The load balancer's probe (vertelpunt/ops/health.py): one word about the database, no login.
    "health.healthz": "public",
    "auth.logout": "staff",
    # Accounts (vertelpunt/auth): the second factor, resets and invitations, one's own account, admin pages.
    "auth.login_code": "login_step",
    "auth.login_setup": "login_step",
    "auth.forgot_password": "public",
    "auth.reset_password": "secret_link",
    "auth.accept_invitation": "secret_link",
    "auth.account": "staff",
    "auth.change_password": "staff",
    "auth.totp_setup": "staff",
    "auth.totp_off": "staff",
    "auth.accounts": "admin",
    "auth.invite": "admin",
    "auth.audit_log": "admin",
    "auth.edit_account": "admin",
    "auth.set_active": "admin",
    "auth.resend_invitation": "admin",
    "auth.reset_totp": "admin",
    "staff.index": "staff",
    "staff.new_traject": "admin",
    "staff.traject": "traject_view",
    "staff.new_organisation": "traject_manage",
    "staff.new_link": "traject_manage",
    "staff.link_action": "traject_manage",
    # Raised at any time, lowered only before the vertelpunt opens (spec 4.4).
    "staff.set_threshold": "admin",
    "staff.end_traject": "admin",
    "jobs.queue": "admin",
    "jobs.failed_job": "admin",
    # Library code and styling only, cached for a week.
    "coalition.plotly_js": "public",
    "coalition.static": "public",
    "coalition.response": "traject_view",
    "coalition.response_csv": "traject_view",
    "coalition.targets": "traject_view",
    "coalition.add_target": "traject_manage",
    "coalition.remove_target": "traject_manage",
    "coalition.digest_page": "traject_view",
    "coalition.digest_settings": "traject_manage",
    "coalition.table": "traject_manage",
    "coalition.table_csv": "traject_manage",
    "coalition.table_xlsx": "traject_manage",
    "coalition.texts": "traject_manage",
    "coalition.kit_page": "traject_manage",
    "coalition.kit_qr_svg": "traject_manage",
    "coalition.kit_qr_png": "traject_manage",
    "coalition.kit_flyer": "traject_manage",
    # Sessions for the facilitator (vertelpunt/sessions).
    # Library code and styling only, cached for a week.
    "sessions.static": "public",
    # Coalition members read the session list and the reports; reports hold no story text.
    "sessions.index": "traject_view",
    "sessions.report_page": "traject_view",
    "sessions.report_markdown": "traject_view",
    "sessions.report_pdf": "traject_view",
    "sessions.new": "traject_facilitate",
    "sessions.overview": "traject_facilitate",
    "sessions.prepare": "traject_facilitate",
    "sessions.add_participants": "traject_facilitate",
    "sessions.remove_participant": "traject_facilitate",
    "sessions.status": "traject_facilitate",
    "sessions.publish": "traject_facilitate",
    "sessions.publish_withdraw": "traject_facilitate",
    "sessions.code": "traject_facilitate",
    "sessions.stories": "traject_facilitate",
    "sessions.reviews": "traject_facilitate",
    "sessions.actions": "traject_facilitate",
    "sessions.edit_action": "traject_facilitate",
    "sessions.delete_action": "traject_facilitate",
    "sessions.first_steps": "traject_facilitate",
    "sessions.dissent": "traject_facilitate",
    "sessions.evidence": "traject_facilitate",
    "sessions.figures_page": "traject_facilitate",
    "sessions.sources_page": "traject_facilitate",
    "sessions.delete_source": "traject_facilitate",
    # The live session: participants and board (vertelpunt/sessions/board).
    "board.static": "public",
    "board.join": "public",
    "board.join_name": "session_participant",
    "board.participant_home": "session_participant",
    "board.participant_story": "session_participant",
    "board.participant_observe": "session_participant",
    "board.participant_edit": "participant_own",
    "board.participant_remove": "participant_own",
    "board.participant_evaluation": "session_participant",
    "board.board": "traject_facilitate",
    "board.group": "traject_facilitate",
    "board.add_theme": "traject_facilitate",
    "board.move": "traject_facilitate",
    "board.remove": "traject_facilitate",
    "board.rename": "traject_facilitate",
    "board.confirm": "traject_facilitate",
    "board.merge": "traject_facilitate",
    "board.split": "traject_facilitate",
    "board.observations": "traject_facilitate",
    "board.live": "traject_facilitate",
    "board.evaluations": "traject_facilitate",
    # A projector's read-only board without a login (vertelpunt/sessions/board/presenter.py).
    "board.presenter_links": "traject_facilitate",
    "board.revoke_presenter": "traject_facilitate",
    "board.presenter": "secret_link",
    # Evolve and report back (vertelpunt/evolve).
    "evolve.static": "public",
    "evolve.public_page": "public",
    "evolve.public_via_link": "public",
    "evolve.public_text": "public",
    "evolve.plan_page": "traject_view",
    "evolve.plan_default": "traject_manage",
    "evolve.plan_cycles": "traject_manage",
    "evolve.plan_milestones": "traject_manage",
    "evolve.plan_criteria": "traject_manage",
    "evolve.plan_members": "traject_manage",
    "evolve.ledger_page": "traject_view",
    "evolve.ledger_csv": "traject_view",
    "evolve.quotes_page": "traject_facilitate",
    "evolve.quotes_save": "traject_facilitate",
    "evolve.export_page": "traject_facilitate",
    "evolve.export_zip": "traject_facilitate",
    "evolve.export_json": "traject_facilitate",
}


def routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_has_a_policy(app):
    missing = {rule.endpoint for rule, _ in routes(app)} - set(POLICY)
    assert not missing, f"routes without an access expectation: {sorted(missing)}"


def _session_objects(traject, link) -> dict:
    """One of everything a session holds, so that every session route has something to show."""
    import datetime as dt

    from vertelpunt.models import (
        Action,
        DuidingSession,
        FailedJob,
        Observation,
        SessionParticipant,
        SessionStory,
        Story,
        Theme,
    )

    story = Story(
        traject_id=traject.id,
        link_id=link.id,
        organisation_id=link.organisation_id,
        framework_version=1,
        language="nl",
        prompt="helped",
        title="Een titel",
        text="Een verhaal over de school.",
        submitted_on=dt.date.today(),
        submission_key="matrix-story",
        redaction="full",  # participants read only stories the redaction worker finished
    )
    session = DuidingSession(
        traject_id=traject.id, title="Sessie 1", held_on=dt.date.today(), join_code="MATRIX01", status="open"
    )
    db.session.add_all([story, session])
    db.session.flush()
    participant = SessionParticipant(session_id=session.id, name="Deelnemer", organisation="Wijkteam")
    theme = Theme(session_id=session.id, name="School")
    db.session.add_all([participant, theme, SessionStory(session_id=session.id, story_id=story.id)])
    db.session.flush()
    observation = Observation(session_id=session.id, text="Valt op", theme_id=theme.id)
    observation.stories.append(story)
    action = Action(traject_id=traject.id, session_id=session.id, theme_id=theme.id, title="Bellen")
    failed = FailedJob(name="redact_story", ids=str(story.id), error="OperationalError")
    db.session.add_all([observation, action, failed])
    db.session.commit()
    return {
        "failed_id": failed.id,
        "op": "wissen",
        "session_id": session.id,
        "participant_id": participant.id,
        "theme_id": theme.id,
        "observation_id": observation.id,
        "action_id": action.id,
        "story_id": story.id,
        "code": session.join_code,
    }


def _values(rule, link, objects, app=None):
    samples = {
        "token": link.token,
        "slug": "testregio",
        "link_id": link.id,
        "action": "pause",
        "filename": "narrator.css",
        **objects,
    }
    if rule.endpoint.endswith(".static") and app is not None:
        # A blueprint's own static folder: the first file in it.
        folder = Path(app.blueprints[rule.endpoint.split(".")[0]].static_folder)
        samples["filename"] = sorted(p.name for p in folder.iterdir() if p.is_file())[0]
    return {name: samples[name] for name in rule.arguments}


def _outcome(response) -> object:
    if response.status_code in (200, 201):
        return OK
    if response.status_code in (301, 302, 303):
        return LOGIN if "/login" in response.headers["Location"] else REDIRECT
    return response.status_code


def _join_session(client, objects) -> None:
    """The participant role types the open session's code and a name on its own device."""
    token = csrf_from(client.get("/sessie").get_data(as_text=True))
    joined = client.post("/sessie", data={"csrf_token": token, "code": objects["code"]})
    assert joined.status_code == 302, joined.status_code
    named = client.post(joined.headers["Location"], data={"csrf_token": token, "name": "Deelnemer"})
    assert named.status_code == 302, named.status_code


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(app, users, traject, organisation, role):
    link = services.create_link(traject, organisation=organisation, audience="parent")
    db.session.commit()
    objects = _session_objects(traject, link)
    objects["user_id"] = users["coalition"].id  # the account the admin pages act on
    client = app.test_client()
    if role in LOGINS:
        assert login(client, LOGINS[role]).status_code == 302
    if role == "narrator":
        client.get(f"/{link.token}")
    if role == "participant":
        _join_session(client, objects)
    token = csrf_from(client.get("/login").get_data(as_text=True))
    failures = []
    for rule, method in routes(app):
        if rule.endpoint == "auth.logout":
            continue  # checked last: it ends the login that the other routes need
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **_values(rule, link, objects, app))
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        got, want = _outcome(response), expected(POLICY[rule.endpoint], role)
        if method == "POST" and want == OK:
            # An empty post is bad input, not an access question: a clear refusal of the input will do.
            refusals = (400, 401, 409, 410, 422) if POLICY[rule.endpoint] == "public" else (422,)
            ok = got in (OK, REDIRECT) or got in refusals
        else:
            ok = got == want or (want == OK and got == REDIRECT and rule.endpoint == "auth.login")
        if not ok:
            failures.append(f"{method} {url}: got {got}, expected {want}")
        if rule.endpoint == "staff.link_action" and got in (OK, REDIRECT):
            services.set_link_status(db.session.get(type(link), link.id), "active")
            db.session.commit()
    logout = client.post("/logout", data={"csrf_token": token})
    want = expected("staff", role)
    if _outcome(logout) not in ((REDIRECT, LOGIN) if want == OK else (want,)):
        failures.append(f"POST /logout: got {_outcome(logout)}, expected {want}")
    assert failures == []
