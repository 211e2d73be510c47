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

. bench/common.sh

# The load generator. Debian packages wrk (with LuaJIT); wrk2 is not packaged, so the constant-rate run is done by
# the bench program itself.
apt_install wrk wrk "for the load"
bench_workdir intake
publish_bench
run_bench 0 3 -- "$mode" --app "$work/app" --work "$work/run" ${args[@]+"${args[@]}"}
