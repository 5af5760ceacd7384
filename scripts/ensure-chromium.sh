#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests.
# In CI (CI=true) a missing browser is an error; elsewhere the tests are skipped, and said so.
set -u
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core libharfbuzz-subset0) >/tmp/cpd-chromium-install.log 2>&1
  if [ -x /usr/bin/chromium ]; then
    exit 0
  fi
  echo "Installing chromium failed; see /tmp/cpd-chromium-install.log"
fi
if [ "${CI:-}" = "true" ]; then
  echo "ERROR: Chromium is required in CI for the browser tests, and it could not be installed."
  exit 1
fi
echo "NOTE: Chromium is not installed and cannot be installed here (no root): the browser tests will be SKIPPED."
exit 1
