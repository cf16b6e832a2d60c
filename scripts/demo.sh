#!/usr/bin/env bash
# The main job on the simulated XPO line: set up, build, then run a 32-unit production lot of XPO modules through
# the full functional test on the four-socket line (station/configs/sim-xpo-line.yaml), batch by batch, and report
# its yield, the Pareto of root causes and the capability of the key measurements. Every instrument is a simulator
# in-process, reached over real loopback TCP and pseudo-terminals by the same drivers a real station uses, with one
# physical world behind them: each module's power, heat, light and bit errors come from its seeded variation and
# defects (docs/xpo-test-flow.md). Simulated time runs 2000x faster (a 2-hour test takes seconds); a simulated
# operator answers the prompts. Results go to optiqual.db; an HTML yield report to reports/. Extra arguments go to
# `optiqual lot` (e.g. --count 100, --seed 7).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
status=0
build/optiqual lot --station station/configs/sim-xpo-line.yaml --sequence sequences/xpo/xpo-functional.yaml \
    --process-model batch --count 32 --time-scale 2000 --simulated-operator "$@" || status=$?
echo
build/optiqual report yield --since 1h
build/optiqual report pareto --since 1h
build/optiqual report cpk --since 1h --measurement tx_power
mkdir -p reports
build/optiqual report yield --since 1h --format html --out reports/yield.html
echo "HTML yield report: reports/yield.html"
# Exit 1 only says a simulated unit failed, which a lot with seeded defects should: anything else is an error.
[ "$status" -le 1 ] || exit "$status"
