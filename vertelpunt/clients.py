"""Who is asking, as far as limits need to know: the client's address behind the trusted proxies, and
only ever as a keyed hash.

Behind nginx every request comes from 127.0.0.1; without trusting the proxy's X-Forwarded-For, every
narrator in a region would share one rate-limit bucket and one guesser would lock out every staff
member. The address itself is never kept: limit counters may live in Redis, which can persist its keys
to disk, so they hold an HMAC of the address under a key derived from SECRET_KEY instead."""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app: Flask) -> None:
    """Take the client address and scheme from the last PROXY_HOPS proxies' headers (0: trust none)."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def client_key() -> str:
    """A stable, keyed hash of the client's address; the same address gives the same key per app."""
    secret = hashlib.sha256(b"client-key:" + current_app.config["SECRET_KEY"].encode()).digest()
    address = (request.remote_addr or "unknown").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]
