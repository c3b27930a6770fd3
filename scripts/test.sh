#!/usr/bin/env bash
# Set up and run every test (SQLite; also PostgreSQL when TEST_DATABASE_URL is set), in a random order
# whose seed is printed so that a failure can be replayed. Extra arguments go to pytest.
source "$(dirname "$0")/_venv.sh"
source scripts/_browser.sh
seed=${TEST_SEED:-$RANDOM}
echo "test order: seed $seed (replay with TEST_SEED=$seed bash scripts/test.sh)"
exec .venv/bin/python -m pytest -q -p no:cacheprovider -p randomly --randomly-seed="$seed" "$@"
