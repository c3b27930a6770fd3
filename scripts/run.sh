#!/usr/bin/env bash
# Set up and run the platform on SQLite with the Twente demo: prints LINK and LOGIN lines, then serves
# http://127.0.0.1:5000 (Ctrl-C stops it).
source "$(dirname "$0")/_venv.sh"
# The database, its WAL and the secret key: readable by their owner only.
umask 077
mkdir -p instance
chmod 700 instance
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s instance/secret_key ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(48))" > instance/secret_key
  SECRET_KEY=$(cat instance/secret_key)
  export SECRET_KEY
fi
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://127.0.0.1:${PORT:-5000}}
.venv/bin/flask db upgrade 2>&1 | grep -v '^INFO' || true
.venv/bin/flask demo
# The redaction worker beside the web server, as in production: deduce redacts new stories and checks
# what a facilitator asks to publish (never in a web worker). It stops with the server.
.venv/bin/flask redaction run > instance/redaction-worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT
echo "redaction worker running (log: instance/redaction-worker.log)"
.venv/bin/flask run --host 127.0.0.1 --port "${PORT:-5000}"
