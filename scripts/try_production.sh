#!/usr/bin/env bash
# Follow docs/production.md on this machine, as a new operator would, in a scratch folder: nginx from
# Debian with a self-signed certificate in front of gunicorn on loopback, the systemd units' commands
# run as plain processes. Then check what the guide promises:
#   flask doctor finds no fault; stories sent through nginx are stored; the rate limit sees distinct
#   clients by the address nginx forwards; static files come from nginx compressed; no log on the
#   machine (nginx, gunicorn's access and error output) holds a line for a narrator's request.
# Prints "TRY OK" at the end, or stops at the first broken promise. DATABASE_URL may point to an
# empty PostgreSQL database; by default SQLite in the scratch folder. TRY_WORKER=1 also runs the
# redaction worker once (deduce: slow on a first run).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
[ -x "$PY" ] || { echo "no .venv: run bash scripts/test.sh or scripts/run.sh once first"; exit 1; }

# 1. Packages: nginx from Debian.
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "== installing nginx (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light >/dev/null; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/storycycle-try.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { "$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
HTTPS_PORT=$(free_port); HTTP_PORT=$(free_port); APP_PORT=$(free_port)
HOST=vertel.example.nl

# 2.-4. The instance folder (0700) and the settings file the units read.
umask 077
mkdir -p "$WORK/instance" "$WORK/nginx/logs" "$WORK/nginx/tmp"
chmod 700 "$WORK/instance"
{
  echo "STORYCYCLE_ENV=production"
  echo "SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
  echo "DATABASE_URL=${DATABASE_URL:-sqlite:///$WORK/instance/storycycle.db}"
  echo "PUBLIC_BASE_URL=https://$HOST"
  echo "TRUSTED_HOSTS=$HOST"
  echo "PROXY_HOPS=1"
  echo "STORYCYCLE_INSTANCE=$WORK/instance"
  echo "GUNICORN_BIND=127.0.0.1:$APP_PORT"
  echo "GUNICORN_WORKERS=2"
  echo "GUNICORN_ACCESSLOG=$WORK/gunicorn-access.log"
  echo "STORY_RATE_LIMIT=\"2 per 10 minutes\""
  if redis-cli ping 2>/dev/null | grep -q PONG; then echo "REDIS_URL=redis://127.0.0.1:6379/14"; fi
} > "$WORK/env"
set -a; . "$WORK/env"; set +a
export FLASK_APP=vertelpunt
[ -z "${REDIS_URL:-}" ] || redis-cli -n 14 flushdb >/dev/null

# 5. Schema and a traject with its general link.
echo "== flask db upgrade"
.venv/bin/flask db upgrade 2>&1 | grep -v '^INFO' || true
today=$(date +%F); later=$(date -d '+30 days' +%F)
LINK=$(.venv/bin/flask traject create --slug proef --name Proef --region Proef --focus Proef \
  --opens "$today" --closes "$later" --municipality Enschede | sed -n 's/.*general link //p')
TOKEN=${LINK##*/}
[ -n "$TOKEN" ] || { echo "no general link made"; exit 1; }

# 10. A first backup, as the nightly storycycle-backup.timer makes it.
.venv/bin/flask backup

# 8. (before any story) flask doctor must find no fault in this set-up.
echo "== flask doctor"
.venv/bin/flask doctor --min-free-mb 100

# 6. The web unit's command as a plain process.
exec_start() { sed -n 's/^ExecStart=//p' "deploy/systemd/$1" | sed "s#/srv/storycycle#$ROOT#g"; }
# shellcheck disable=SC2046
$(exec_start storycycle-web.service) > "$WORK/gunicorn-out.log" 2> "$WORK/gunicorn-err.log" &
PIDS+=($!)

# 7. nginx with the guide's site file, changed only where it says CHANGE (and the ports).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$HOST" \
  -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" 2>/dev/null
sed -e "s#/etc/ssl/storycycle/fullchain.pem#$WORK/nginx/cert.pem#; s#/etc/ssl/storycycle/privkey.pem#$WORK/nginx/key.pem#" \
    -e "s#/var/log/nginx/#$WORK/nginx/logs/#g; s#/srv/storycycle/#$ROOT/#; s#server 127.0.0.1:8000;#server 127.0.0.1:$APP_PORT;#" \
    -e "/listen \[::\]/d; s#listen 443 ssl#listen 127.0.0.1:$HTTPS_PORT ssl#; s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" \
    deploy/nginx/storycycle.conf > "$WORK/nginx/site.conf"
cat > "$WORK/nginx/nginx.conf" <<EOF
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/main-error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log $WORK/nginx/logs/main-access.log;
  client_body_temp_path $WORK/nginx/tmp/body; proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi; uwsgi_temp_path $WORK/nginx/tmp/uwsgi; scgi_temp_path $WORK/nginx/tmp/scgi;
  include $WORK/nginx/site.conf;
}
EOF
"$NGINX" -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)

echo "== through nginx"
"$PY" - "$HTTPS_PORT" "$HOST" "$TOKEN" "$APP_PORT" <<'PYEOF'
import http.client, re, socket, ssl, sys, time
from urllib.parse import urlencode

port, host, token, app_port = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
for _ in range(200):  # gunicorn and nginx start
    try:
        socket.create_connection(("127.0.0.1", app_port), 0.2).close()
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        break
    except OSError:
        time.sleep(0.1)
context = ssl._create_unverified_context()
# As tests/helpers.py's full_answers: a complete narrator form.
ANSWERS = {
    "prompt": "helped", "title": "De mentor die luisterde",
    "story": "Mijn mentor op school nam echt de tijd voor me toen mijn ouders uit elkaar gingen.",
    "feeling": ["relieved", "happy"], "tone": "75", "focus_of_help": "ab", "heard": "100",
    "who_involved": ["school", "family_friends"], "should_know": ["everyone"], "when": "months_ago",
    "duration": "months", "living": "home",
}

def request(client, method, path, body=None, cookie="", headers=None):
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context, source_address=(client, 0))
    sent = {"Host": host, "Referer": f"https://{host}/{token}", **(headers or {})}
    if cookie:
        sent["Cookie"] = cookie
    if body is not None:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    return response, response.read()

def send_story(client):
    response, page = request(client, "GET", f"/{token}")
    assert response.status == 200, response.status
    cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
    html = page.decode()
    fields = {name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1) for name in ("csrf_token", "submission_key")}
    fields.update(ANSWERS)
    # The forged header must not matter: nginx replaces it with the address it saw.
    response, _ = request(client, "POST", f"/{token}", urlencode(fields, doseq=True), cookie, {"X-Forwarded-For": "203.0.113.7"})
    return response.status

# Two stories from one address, a third refused by the rate limit (2 per 10 minutes), and a story from
# another address still stored: nginx forwards each client's own address, one hop.
assert send_story("127.0.0.2") == 303, "first story not stored"
assert send_story("127.0.0.2") == 303, "second story not stored"
assert send_story("127.0.0.2") == 429, "the rate limit did not see the client"
assert send_story("127.0.0.3") == 303, "another client shared the first one's rate-limit bucket"
response, body = request("127.0.0.1", "GET", "/static/narrator.css", headers={"Accept-Encoding": "gzip"})
assert response.status == 200 and response.getheader("Content-Encoding") == "gzip", "static not compressed"
response, _ = request("127.0.0.1", "GET", "/login")
assert response.status == 200, response.status
print("stories sent through nginx: 3 stored, 1 refused by the rate limit; static compressed")
PYEOF

stored=$("$PY" -c "
from vertelpunt import create_app
from vertelpunt.extensions import db
from sqlalchemy import text
app = create_app()
with app.app_context():
    print(db.session.scalar(text('SELECT count(*) FROM stories')))")
[ "$stored" = 3 ] || { echo "expected 3 stored stories, found $stored"; exit 1; }
echo "stored: $stored stories"

if [ -n "${TRY_WORKER:-}" ]; then
  echo "== the worker unit's command, once"
  $(exec_start storycycle-worker.service) --once
fi

# No log holds the narrator's requests; the staff request is there, without an address.
sleep 0.5
kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; PIDS=()
logs=("$WORK"/nginx/logs/*.log "$WORK"/gunicorn-*.log)
if grep -l -e "$TOKEN" -e bedankt -e intrekken "${logs[@]}"; then echo "a log holds a narrator's request"; exit 1; fi
if grep -l -e 127.0.0.2 -e 127.0.0.3 -e 203.0.113.7 "${logs[@]}"; then echo "a log holds a client address"; exit 1; fi
grep -q '"GET /login"' "$WORK/gunicorn-access.log" || { echo "gunicorn's access log lost the staff line"; exit 1; }
grep -q '"GET /login"' "$WORK/nginx/logs/storycycle-access.log" || { echo "nginx's access log lost the staff line"; exit 1; }
echo "logs: no line for a narrator's request, staff lines without addresses"
echo "TRY OK"
