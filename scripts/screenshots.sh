#!/usr/bin/env bash
# Regenerates every picture README.md and docs/*.md show (docs/images/*.png): each panel picture by the real
# `optiqual panel` under xvfb-run, playing its input script docs/screenshots/NAME.txt (docs/panel.md "Scripted
# input") on a throw-away database, with fixed serials and the station files' seeds; the run report by Chromium
# (headless) from `optiqual report run --format html`. Each PNG is then recompressed losslessly with optipng.
#
#   ./scripts/screenshots.sh                 every picture
#   ./scripts/screenshots.sh panel-golden …  only those
#
# Needs build/optiqual and build/optiqual_bench_db (./scripts/build.sh), xvfb-run, chromium and optipng
# (scripts/install-deps.sh installs them). Not run by CI: tests/docs/ScreenshotsTest.cpp checks instead that every
# picture the docs reference exists and is made here.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/optiqual
for tool in "$bin" build/optiqual_bench_db; do
    [[ -x $tool ]] || { echo "screenshots.sh: $tool is missing: build it first (./scripts/build.sh)" >&2; exit 1; }
done
for tool in xvfb-run chromium optipng; do
    command -v "$tool" >/dev/null || { echo "screenshots.sh: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wanted=("$@")
made=()

# Whether picture $1 was asked for (all when no name was given).
want() {
    [[ ${#wanted[@]} -eq 0 ]] && return 0
    local w
    for w in "${wanted[@]}"; do [[ $w == "$1" ]] && return 0; done
    return 1
}

# add_user NAME USER ROLE PASSWORD: a user in picture NAME's database, before its panel opens.
add_user() {
    want "$1" || return 0
    printf '%s\n' "$4" >"$work/$1.password"
    "$bin" --log-file '' user add --db "$work/$1.db" --name "$2" --role "$3" --password-file "$work/$1.password" \
        >/dev/null
}

# shot NAME STATION [PANEL ARGUMENTS…]: docs/images/NAME.png, the panel on station/configs/STATION with the XPO
# functional sequence playing docs/screenshots/NAME.txt, 5 frames after the script's last line.
shot() {
    local name=$1 station=$2
    shift 2
    want "$name" || return 0
    local status=0
    # The X authority file in our own folder: xvfb-run's temporary one sometimes fails to clean up (exit 5 after
    # the panel's clean exit), as tests/ui/PanelRenderTest.cpp notes.
    xvfb-run -a -f "$work/$name.Xauthority" -s '-screen 0 1280x800x24' "$bin" --log-file '' --log-level warn panel \
        --station "station/configs/$station" --sequence sequences/xpo/xpo-functional.yaml --db "$work/$name.db" \
        --script "docs/screenshots/$name.txt" "$@" --screenshot "docs/images/$name.png" --frames 5 \
        >"$work/$name.log" 2>&1 || status=$?
    # The panel's exit code is its units' (1 a unit failed, 2 one aborted: the prompt picture's unit is aborted when
    # the panel closes), so a failed script line is told by its message; 64 is a script or argument refused.
    if [[ $status -gt 2 ]] || grep -q '^script failed:' "$work/$name.log" || [[ ! -s docs/images/$name.png ]]; then
        echo "screenshots.sh: $name failed (exit $status):" >&2
        cat "$work/$name.log" >&2
        exit 1
    fi
    made+=("docs/images/$name.png")
}

# report_shot NAME: docs/images/NAME.png, the HTML report of the XPO golden sample's run, 900 × 1500 pixels.
report_shot() {
    local name=$1
    want "$name" || return 0
    "$bin" --log-file '' --log-level warn run --station station/configs/sim-xpo.yaml --sequence sequences/xpo/xpo-functional.yaml \
        --serial XPO-GOLDEN-1 --time-scale 2000 --simulated-operator --progress none --db "$work/$name.db" >/dev/null
    "$bin" --log-file '' report run 1 --db "$work/$name.db" --format html --out "$work/$name.html"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,1500 \
        --screenshot="$PWD/docs/images/$name.png" "file://$work/$name.html" >"$work/$name.log" 2>&1
    made+=("docs/images/$name.png")
}

if want panel-yield; then build/optiqual_bench_db generate "$work/panel-yield.db" 100000 >/dev/null; fi
add_user panel-kiosk tina technician technician-pass
add_user panel-overrides erik engineer engineer-pass

shot panel-golden sim-xpo.yaml --time-scale 2000 --simulated-operator
shot panel-live sim-xpo.yaml --time-scale 200 --simulated-operator
shot panel-line sim-xpo-line.yaml --time-scale 2000 --simulated-operator
shot panel-batch sim-xpo-line.yaml --process-model batch
shot panel-prompt sim-xpo.yaml --time-scale 50
shot panel-history sim-xpo.yaml --time-scale 2000 --simulated-operator
shot panel-yield sim-xpo.yaml
shot panel-kiosk sim-xpo.yaml --time-scale 2000 --simulated-operator --kiosk
shot panel-overrides sim-xpo.yaml --time-scale 2000 --simulated-operator
report_shot run-report

for png in "${made[@]}"; do
    optipng -quiet -o2 "$png"
    printf '%-34s %7d bytes\n' "$png" "$(stat -c %s "$png")"
done
