"""Blueprints whose static files are public: styling and scripts hold nothing of any traject, so they
are served to anyone (also before a login) and cached for a week."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, send_file

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
