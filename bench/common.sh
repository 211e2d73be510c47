# Shared by the benchmark scripts (sourced, from the repository root): Debian packages they need, a temporary work
# directory, the Release publish of the app and the bench program, and running the bench program.

# apt_install COMMAND PACKAGE WHY: installs PACKAGE with apt-get unless COMMAND is already there.
apt_install() {
    if command -v "$1" >/dev/null 2>&1 || [ -x "$1" ]; then return; fi
    echo "Installing $2 $3..."
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}

# bench_workdir NAME: sets $work to a new temporary directory, removed on exit unless KEEP_WORK=1.
bench_workdir() {
    work="$(mktemp -d -t "omnichat-$1.XXXXXX")"
    trap 'if [ "${KEEP_WORK:-0}" = 1 ]; then echo "Kept $work"; else rm -rf "$work"; fi' EXIT
}

# publish_bench: the app into $work/app and the bench program into $work/bench, in Release; sets $commit to the
# commit measured (+changes when the app has uncommitted changes).
publish_bench() {
    echo "Publishing the app and the bench program (Release)..."
    dotnet publish Omnichat.Blazor -c Release -o "$work/app" -v quiet -nologo >"$work/publish.log" 2>&1 \
        || { cat "$work/publish.log"; exit 1; }
    dotnet publish bench/Omnichat.IntakeBench -c Release -o "$work/bench" -v quiet -nologo >>"$work/publish.log" 2>&1 \
        || { cat "$work/publish.log"; exit 1; }
    commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [ -n "$(git status --porcelain -- Omnichat.Blazor 2>/dev/null)" ]; then commit="$commit+changes"; fi
}

# run_bench OK_STATUS... -- ARGS: runs the bench program with ARGS; on an exit status not listed as measured, shows the
# last lines of its logs. Exits with the program's status.
run_bench() {
    local measured=()
    while [ "$1" != "--" ]; do measured+=("$1"); shift; done
    shift
    set +e
    # The command first; the defaults before the caller's options, so an --out given by the caller wins.
    dotnet "$work/bench/Omnichat.IntakeBench.dll" "$1" --out bench/results --commit "$commit" "${@:2}"
    local status=$?
    set -e
    if [[ ! " ${measured[*]} " =~ " $status " ]]; then
        echo "The benchmark stopped (exit $status); the last lines of its logs:" >&2
        tail -n 20 "$work"/run/*.log >&2 2>/dev/null || true
    fi
    exit "$status"
}
