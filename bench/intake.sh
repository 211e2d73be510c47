#!/usr/bin/env bash
# Webhook-intake benchmark: publishes the app in Release, sets it up in a temporary data directory through its own
# command-line verbs, and measures it against bare Kestrel and a naive SQLite intake with wrk, all on 127.0.0.1.
#
#   bench/intake.sh [--duration 8] [--connections 8,32,128] [--threads 2] [--warmup 2]
#   bench/intake.sh --processing [--messages 100000] [--senders 5000] [--connections 32] [--timeout 900] [--end-to-end no]
#
# --processing times the processor alone over events written straight into the database before the app starts, then
# (unless --end-to-end no) the same number of webhooks end to end over HTTP. Prints a markdown table and writes
# bench/results/intake-<date>.json (intake-processing-<date>.json with --processing). Set KEEP_WORK=1 to keep the
# temporary directory (logs, databases) for a look afterwards.
# Exit codes: 0 measured (targets met or not), 3 an acknowledged webhook was not stored, anything else: could not measure.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=run
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --processing) mode=processing; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) args+=("$1"); shift ;;
    esac
done

# The load generator. Debian packages wrk (with LuaJIT); wrk2 is not packaged, so the constant-rate run is done by
# the bench program itself.
if ! command -v wrk >/dev/null 2>&1; then
    echo "Installing wrk for the load..."
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

work="$(mktemp -d -t omnichat-intake.XXXXXX)"
cleanup() {
    if [ "${KEEP_WORK:-0}" = 1 ]; then echo "Kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "Publishing the app and the bench program (Release)..."
dotnet publish Omnichat.Blazor -c Release -o "$work/app" -v quiet -nologo >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log"; exit 1; }
dotnet publish bench/Omnichat.IntakeBench -c Release -o "$work/bench" -v quiet -nologo >>"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log"; exit 1; }

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- Omnichat.Blazor 2>/dev/null)" ]; then commit="$commit+changes"; fi

set +e
dotnet "$work/bench/Omnichat.IntakeBench.dll" "$mode" --app "$work/app" --work "$work/run" \
    --out bench/results --commit "$commit" ${args[@]+"${args[@]}"}
status=$?
set -e
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
    echo "The benchmark stopped (exit $status); the last lines of its logs:" >&2
    tail -n 20 "$work"/run/*.log >&2 2>/dev/null || true
fi
exit "$status"
