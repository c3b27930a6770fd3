"""The engine is a plain package: it imports without Flask and never imports the web app."""

import subprocess
import sys

MODULES = (
    "sensemaking.grouping, sensemaking.patterns, sensemaking.placement, sensemaking.evaluate, "
    "sensemaking.suggest, sensemaking.stacking, sensemaking.calibration, sensemaking.trials"
)


def test_engine_imports_without_flask_or_vertelpunt():
    code = (
        f"import sys; import {MODULES}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'vertelpunt'}); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
