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

. bench/common.sh

chromium="${OMNICHAT_CHROMIUM:-/usr/bin/chromium}"
apt_install "$chromium" chromium "for the consoles"
bench_workdir consoles

gcdump="$(command -v dotnet-gcdump || true)"
if [ -z "$gcdump" ] && [ -x "$HOME/.dotnet/tools/dotnet-gcdump" ]; then gcdump="$HOME/.dotnet/tools/dotnet-gcdump"; fi
if [ -z "$gcdump" ]; then
    echo "Installing dotnet-gcdump for the heap figures..."
    dotnet tool install dotnet-gcdump --tool-path "$work/tools" >/dev/null
    gcdump="$work/tools/dotnet-gcdump"
fi

publish_bench
run_bench 0 -- consoles --app "$work/app" --work "$work/run" --chromium "$chromium" --gcdump "$gcdump" "$@"
