"""gunicorn settings for production and benchmarks: `gunicorn -c gunicorn.conf.py 'vertelpunt:create_app()'`."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One worker per core: on SQLite more workers only queue for its single write lock, and a waiting
# worker sleeps in SQLite's busy handler instead of serving (measured with bench/submit.py).
workers = int(os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() or 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# No client address (%(h)s), user agent or referrer: on story routes they would identify a narrator.
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(M)sms'
# No access line at all for narrator pages (see vertelpunt/logs.py).
logger_class = "vertelpunt.logs.GunicornLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
