#!/usr/bin/env bash
# Installs what the tests need and runs every test.
set -euo pipefail
cd "$(dirname "$0")"

# Browser downloads are impossible here, so end-to-end tests drive Debian's chromium.
if [ ! -x /usr/bin/chromium ]; then
    echo "Installing chromium for the end-to-end tests..."
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
export OMNICHAT_CHROMIUM="${OMNICHAT_CHROMIUM:-/usr/bin/chromium}"

dotnet tool restore >/dev/null
dotnet build Omnichat.sln -c Release
# The run prints a lot; every failure is repeated at the end, where the tail of a CI log shows it.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! dotnet test Omnichat.sln -c Release --no-build --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"; then
    echo
    echo "=== Failures ==="
    grep -E -A 40 '^\s+Failed [A-Za-z]' "$log" | head -n 400 || true
    echo
    echo "=== Failed tests ==="
    grep -E '^\s+Failed [A-Za-z]' "$log" || echo "(none named: the run itself failed; see above)"
    exit 1
fi
