"""Blueprints whose static files are public: styling and scripts hold nothing of any traject, so they
are served to anyone (also before a login), cached for a week, and sent compressed.

Pages are compressed only where a view asks for it (compressed_page): a compressed page that holds a
secret beside text an attacker can put in it leaks the secret through its length (BREACH). The pages that
ask are staff pages heavy with numbers whose only secret is the logout form's token, and that token
carries a timestamp and a signature that change every second, so no two responses hold the same secret
long enough to be guessed, and its stable part is worthless without SECRET_KEY. Never a narrator page
(a withdrawal code), a page showing a key once, or a page that echoes the address. nginx compresses
static files itself (deploy/nginx/storycycle.conf); this is for the embedded default and for what nginx
passes to the app (the chart library, these pages)."""

from __future__ import annotations

import functools
from pathlib import Path

from flask import Blueprint, Flask, Response, make_response, request, send_file
from flask_compress import Compress

ASSET_MAX_AGE = 7 * 24 * 3600


class AssetBlueprint(Blueprint):
    def get_send_file_max_age(self, _filename: str | None) -> int:
        return ASSET_MAX_AGE

    def send_static_file(self, filename: str):
        response = super().send_static_file(filename)
        response.cache_control.public = True
        return response


def is_asset(endpoint: str | None) -> bool:
    """A request for a blueprint's (or the app's) static files: needs no login."""
    return bool(endpoint) and (endpoint == "static" or endpoint.endswith(".static"))


def send_library_file(path: Path, mimetype: str):
    """A public file that ships inside an installed library (the chart library), not in our folders."""
    response = send_file(path, mimetype=mimetype, max_age=ASSET_MAX_AGE)
    response.cache_control.public = True
    return response


class _Compressed:
    """The compressed bytes of each public file, per algorithm: compressing the chart library costs tens of
    milliseconds, and the files only change with a deploy. Bounded by the number of files."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.kept.get(key)

    def set(self, key: str, value: bytes) -> None:
        self.kept[key] = value


def init_compression(app: Flask) -> None:
    app.config.setdefault("COMPRESS_REGISTER", False)  # not every response: see the module's docstring
    app.config.setdefault("COMPRESS_STREAMS", False)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    # Each file is compressed once per algorithm and kept (below): worth the stronger levels.
    app.config.setdefault("COMPRESS_BR_LEVEL", 9)
    app.config.setdefault("COMPRESS_LEVEL", 9)
    compress, pages = Compress(app), Compress(app)
    # Files are kept compressed by their address; pages never (each is made for one request and person).
    compress.cache, compress.cache_key = _Compressed(), lambda req: req.full_path
    pages.cache = None

    @app.after_request
    def _compress_public_files(response: Response) -> Response:
        if getattr(response, "compress_page", False) and response.status_code == 200:
            return pages.after_request(response)
        if response.status_code != 200 or not response.cache_control.public or request.method != "GET":
            return response
        if response.direct_passthrough:  # a file sent as it is read: read it, so it can be compressed
            response.direct_passthrough = False
            response.set_data(response.get_data())
        return compress.after_request(response)


def compressed_page(view):
    """This view's page may be sent compressed (see the module's docstring for which may)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.compress_page = True  # on the response itself: `g` can outlive a request (tests)
        return response

    return wrapper
