"""Small helpers shared by tests."""

from __future__ import annotations

from tests.conftest import csrf_from, key_from


def open_form(client, token: str):
    response = client.get(f"/{token}")
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    return html, {"csrf_token": csrf_from(html), "submission_key": key_from(html)}


def full_answers(**extra) -> dict:
    data = {
        "prompt": "helped",
        "title": "De mentor die luisterde",
        "story": "Mijn mentor op school nam echt de tijd voor me toen mijn ouders uit elkaar gingen.",
        "feeling": ["relieved", "happy"],
        "tone": "75",
        "focus_of_help": "ab",
        "heard": "100",
        "who_involved": ["school", "family_friends"],
        "should_know": ["everyone"],
        "when": "months_ago",
        "duration": "months",
        "living": "home",
    }
    data.update(extra)
    return data


def submit(client, token: str, **answers):
    """Send a story; a stored one is answered with a redirect to its thank-you page, which is followed."""
    html, hidden = open_form(client, token)
    return client.post(f"/{token}", data={**hidden, **full_answers(**answers)}, follow_redirects=True)


def run_jobs(name: str) -> int:
    """Run the queued jobs called `name` here, as the worker would; other jobs stay queued. The test's
    own read transaction ends first (SQLite has one writer)."""
    from vertelpunt import jobs
    from vertelpunt.extensions import db

    db.session.commit()
    queued = []
    while (task := jobs.huey.dequeue()) is not None:
        queued.append(task)
    ran = 0
    for task in queued:
        if task.name == name:
            jobs.huey.execute(task)
            ran += 1
        else:
            jobs.huey.enqueue(task)
    db.session.expire_all()
    return ran
