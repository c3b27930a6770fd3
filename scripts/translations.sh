#!/usr/bin/env bash
# Refresh the message catalogue after changing interface texts: extract, merge into the Dutch
# catalogue (fill in the new Dutch texts in vertelpunt/translations/nl/LC_MESSAGES/messages.po), compile.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
"$PYBABEL" extract -F babel.cfg -k _l -o vertelpunt/translations/messages.pot --no-location --sort-output . >/dev/null 2>&1
"$PYBABEL" update -i vertelpunt/translations/messages.pot -d vertelpunt/translations --no-fuzzy-matching -w 110 >/dev/null
"$PYBABEL" compile -d vertelpunt/translations --statistics
