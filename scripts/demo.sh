#!/usr/bin/env bash
# The main job on the simulated XPO line: set up, build, then run the XPO functional test on one simulated
# module. Every instrument of station/configs/sim-xpo.yaml runs as a simulator in-process, reached over real
# loopback TCP and a pseudo-terminal by the same drivers a real station uses; simulated time runs 1000x faster
# (the test's 30-minute chamber soaks take seconds); a simulated operator answers the prompts. Results go to
# optiqual.db; the yield report and an HTML run report follow. Extra arguments go to `optiqual run`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
serial="XPO-DEMO-$(date +%H%M%S)"
status=0
build/optiqual run --station station/configs/sim-xpo-legacy.yaml --sequence sequences/xpo/xpo-functional.yaml \
    --serial "$serial" --time-scale 1000 --simulated-operator "$@" || status=$?
echo
build/optiqual report yield
mkdir -p reports
build/optiqual report unit "$serial"
build/optiqual report yield --format html --out reports/yield.html
echo "HTML yield report: reports/yield.html"
exit "$status"
