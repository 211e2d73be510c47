#!/usr/bin/env bash
# Live updates with many consoles open: publishes the app in Release, sets it up in a temporary data directory with
# agents of one queue holding thousands of conversations, opens N consoles in headless Chromium, and measures
# webhook → visible latency in one console and server memory per console while new customers write at a constant rate.
#
#   bench/consoles.sh [--consoles 10,30,100] [--conversations 10000] [--agents 10] [--rate 50] [--duration 20]
#
# Prints a markdown table and writes bench/results/consoles-<date>.json. KEEP_WORK=1 keeps the temporary directory.
# Needs Debian's chromium (as ./test.sh installs it) and dotnet-gcdump (installed into the temporary directory when
# it is not on the PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

chromium="${OMNICHAT_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
    echo "Installing chromium for the consoles..."
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

work="$(mktemp -d -t omnichat-consoles.XXXXXX)"
cleanup() {
    if [ "${KEEP_WORK:-0}" = 1 ]; then echo "Kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

gcdump="$(command -v dotnet-gcdump || true)"
if [ -z "$gcdump" ] && [ -x "$HOME/.dotnet/tools/dotnet-gcdump" ]; then gcdump="$HOME/.dotnet/tools/dotnet-gcdump"; fi
if [ -z "$gcdump" ]; then
    echo "Installing dotnet-gcdump for the heap figures..."
    dotnet tool install dotnet-gcdump --tool-path "$work/tools" >/dev/null
    gcdump="$work/tools/dotnet-gcdump"
fi

echo "Publishing the app and the bench program (Release)..."
dotnet publish Omnichat.Blazor -c Release -o "$work/app" -v quiet -nologo >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log"; exit 1; }
dotnet publish bench/Omnichat.IntakeBench -c Release -o "$work/bench" -v quiet -nologo >>"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log"; exit 1; }

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- Omnichat.Blazor 2>/dev/null)" ]; then commit="$commit+changes"; fi

set +e
dotnet "$work/bench/Omnichat.IntakeBench.dll" consoles --app "$work/app" --work "$work/run" --chromium "$chromium" \
    --gcdump "$gcdump" --out bench/results --commit "$commit" "$@"
status=$?
set -e
if [ "$status" -ne 0 ]; then
    echo "The benchmark stopped (exit $status); the last lines of its logs:" >&2
    tail -n 20 "$work"/run/*.log >&2 2>/dev/null || true
fi
exit "$status"
