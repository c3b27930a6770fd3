"""Traject plan, action ledger, public feedback page and research export."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("evolve", __name__)
