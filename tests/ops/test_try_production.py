"""scripts/try_production.sh follows docs/production.md on this machine (nginx with a self-signed
certificate in front of gunicorn, the units' commands as plain processes) and checks its promises: doctor
finds no fault, stories sent through nginx are stored, the rate limit sees each client's forwarded
address, static files come compressed from nginx, and no log holds a narrator's request."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_production_guide_works_on_this_machine(database_url, wal_recycle):
    can_install = os.geteuid() == 0 and shutil.which("apt-get")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists() or can_install):
        pytest.skip("nginx is not installed and cannot be installed here (apt-get install nginx-light)")
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed (it makes the self-signed certificate)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUNICORN_", "SMTP_"))}
    env["DATABASE_URL"] = database_url  # migrated and empty, SQLite or PostgreSQL
    wal_recycle("off")  # docs/production.md, step 3, as an operator sets it on PostgreSQL
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "try_production.sh")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert "OK: no faults." in lines
    assert "stored: 3 stories" in lines
    assert lines[-1] == "TRY OK"
