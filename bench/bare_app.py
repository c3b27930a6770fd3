"""A bare Flask app for the submission benchmark's baseline: the same HTTP shape, no work.

`bench/submit.py` runs it under the same gunicorn settings and client load as StoryCycle, so
`stories/s ÷ bare req/s` says what share of the stack's ceiling the real submission reaches.

GET /<token> hands out a form with the two hidden fields the narrator client reads; POST /<token>
reads the whole form (as the real endpoint does) and answers with a tiny page holding a receipt.
No database, session, CSRF check, templates or rate limiter.

    gunicorn -c gunicorn.conf.py --pythonpath bench 'bare_app:app'
"""

from __future__ import annotations

import secrets

from flask import Flask, request

app = Flask(__name__)

FORM = (
    "<!doctype html><title>bare</title><form method=post>"
    '<input type="hidden" name="csrf_token" value="{csrf}">'
    '<input type="hidden" name="submission_key" value="{key}">'
    "</form>"
)
RECEIPT = '<!doctype html><title>bare</title><p class="receipt"><strong>{code}</strong></p>'


@app.get("/<token>")
def form(token: str):
    return FORM.format(csrf=secrets.token_hex(8), key=secrets.token_urlsafe(18))


@app.post("/<token>")
def submit(token: str):
    fields = request.form.to_dict(flat=False)
    return RECEIPT.format(code=f"{len(fields)}-{len(fields.get('story', [''])[0])}")
