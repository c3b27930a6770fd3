#!/usr/bin/env bash
# Rebuild vertelpunt/coalition/static/plotly-partial.min.js: a partial plotly.js with only the trace
# types this platform draws, served at /staff/assets/plotly.min.js (coalition.plotly_js) instead of the
# full plotly.min.js of the Python package (4.8 MB) on the response dashboard and the sessions' report,
# figures and evidence pages.
#
# Trace types: bar only. Every figure the platform builds is a bar chart: coalition/figures.py (weekly
# stories, breakdowns per dimension, horizontal, with marker patterns) and sessions/monitoring.py
# (indicator charts). plotly.js's core always registers scatter as well, and its components (legend,
# hover, modebar, annotations, shapes...). If a figure gets another trace type, add its module below
# (require('plotly.js/lib/<type>')), run this script and commit the result; tests/coalition/
# test_plotly_bundle.py checks that every trace type in the figures is in the bundle.
#
# plotly.js is pinned to the version the Python plotly package bundles (its plotly.min.js header), so the
# attributes the Python side validates against are the ones the browser draws; esbuild is pinned too.
# Needs node and npm (registry access); works in a temporary directory, touches nothing else.
#
#     scripts/plotly_bundle.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PLOTLY_JS_VERSION=4.1.1
ESBUILD_VERSION=0.28.2
OUT="$PWD/vertelpunt/coalition/static/plotly-partial.min.js"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
echo '{"name": "plotly-partial", "private": true}' >package.json
npm install --no-audit --no-fund --save-exact "plotly.js@$PLOTLY_JS_VERSION" "esbuild@$ESBUILD_VERSION" >/dev/null
cat >entry.js <<'EOF'
var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/bar')]);
module.exports = Plotly;
EOF
# As plotly.js's own build (esbuild-config.js): global -> window, no AMD. Its only CSS import
# (maplibre-gl's, for map traces, not included) is left out. The result defines window.Plotly.
./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
  --define:global=window --define:define.amd=false --loader:.css=empty --legal-comments=eof \
  --banner:js="/* plotly.js v$PLOTLY_JS_VERSION, partial bundle: core (scatter) + bar. Copyright 2012-2026, Plotly, Inc. MIT license. Built by scripts/plotly_bundle.sh */" \
  --log-level=warning --outfile="$work/plotly-partial.min.js"
cp "$work/plotly-partial.min.js" "$OUT"
ls -l "$OUT"
sha256sum "$OUT"  # 867ebefdc64546ca82021ee0ff693cda695114b6fab507aced25448a422a1f34 when built (2026-12-05)
