#!/usr/bin/env bash
# Set up and run every test (SQLite; also PostgreSQL when TEST_DATABASE_URL is set). Extra arguments go to pytest.
source "$(dirname "$0")/_venv.sh"
source scripts/_browser.sh
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
