# Sourced by test.sh: make Debian's Chromium and axe-core available for the real-browser tests.
# When either cannot be had, the browser tests are skipped, and this says so loudly.
browser_missing=""
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/storycycle-apt.log 2>&1 || true
  fi
  [ -x /usr/bin/chromium ] || browser_missing="no /usr/bin/chromium (apt-get install chromium failed or is not allowed here)"
fi
if [ -z "$browser_missing" ] && [ ! -f node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --silent >/tmp/storycycle-npm.log 2>&1 || true
  fi
  [ -f node_modules/axe-core/axe.min.js ] || browser_missing="axe-core could not be installed from npm"
fi
if [ -n "$browser_missing" ]; then
  export STORYCYCLE_NO_BROWSER="$browser_missing"
  printf '\n%s\n!! BROWSER TESTS WILL BE SKIPPED: %s\n%s\n\n' "$(printf '!%.0s' {1..78})" "$browser_missing" "$(printf '!%.0s' {1..78})"
fi
