#!/usr/bin/env bash
# Builds everything with -Werror and runs every test; then does the same with AddressSanitizer and
# UndefinedBehaviorSanitizer, runs the threaded suites with ThreadSanitizer and fuzzes every outside input for a
# bounded number of runs (skip all three with --no-sanitize).
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=1
[ "${1:-}" = "--no-sanitize" ] && sanitize=0

./scripts/install-deps.sh
# Style first, before anything is built: formatting (seconds), then clang-tidy on the newest changes (minutes).
./scripts/format.sh
./scripts/tidy.sh
./scripts/build.sh
ctest --test-dir build --output-on-failure -j2 --timeout 300
# The shipped files must validate, and the main job must keep working: probe the simulated XPO line, run the
# XPO functional test on it, and report the run from the database.
build/optiqual --log-file '' check station/configs/*.yaml sequences/*/*.yaml
build/optiqual --log-file '' probe --station station/configs/sim-xpo.yaml >/dev/null
ci_db=$(mktemp -d)/ci.db
# The bench's golden sample passes and its limit sample fails where docs/xpo-test-flow.md says it must.
build/optiqual --log-file '' run --station station/configs/sim-xpo.yaml --sequence sequences/xpo/xpo-functional.yaml \
    --serial XPO-GOLDEN-1 --time-scale 2000 --simulated-operator --db "$ci_db" >/dev/null
build/optiqual --log-file '' report yield --db "$ci_db" | grep -q "first-pass yield: *100.0 %"
status=0
build/optiqual --log-file '' run --station station/configs/sim-xpo.yaml --sequence sequences/xpo/xpo-functional.yaml \
    --serial XPO-LIMIT-WEAK12 --time-scale 2000 --simulated-operator --db "$ci_db" >/dev/null || status=$?
[ "$status" -eq 1 ]
build/optiqual --log-file '' report unit XPO-LIMIT-WEAK12 --db "$ci_db" | grep -q "tx_power\[lane 12\]"
# A lot on the four-socket line, batch by batch (exit 1: a defective simulated unit failed, as it should).
build/optiqual --log-file '' lot --station station/configs/sim-xpo-line.yaml --sequence sequences/xpo/xpo-functional.yaml \
    --process-model batch --count 8 --time-scale 5000 --db "$ci_db" >/dev/null || [ $? -eq 1 ]
# The cold-plate stand's golden plate passes (exit 0 required), its known leaker fails its decay test, and a small
# lot runs batch by batch on the two sockets (docs/coldplate-test-flow.md).
cp_db=$(mktemp -d)/cp.db
build/optiqual --log-file '' run --station station/configs/sim-coldplate.yaml \
    --sequence sequences/coldplate/coldplate-acceptance.yaml --serial CP-GOLDEN-1 --time-scale 2000 \
    --simulated-operator --db "$cp_db" >/dev/null
build/optiqual --log-file '' report yield --db "$cp_db" | grep -q "first-pass yield: *100.0 %"
status=0
build/optiqual --log-file '' run --station station/configs/sim-coldplate.yaml \
    --sequence sequences/coldplate/coldplate-acceptance.yaml --serial CP-LIMIT-LEAK --time-scale 2000 \
    --simulated-operator --db "$cp_db" >/dev/null || status=$?
[ "$status" -eq 1 ]
build/optiqual --log-file '' report unit CP-LIMIT-LEAK --db "$cp_db" | grep -q "leak_rate"
build/optiqual --log-file '' lot --station station/configs/sim-coldplate.yaml \
    --sequence sequences/coldplate/coldplate-acceptance.yaml --process-model batch --count 6 --time-scale 5000 \
    --db "$cp_db" >/dev/null || [ $? -eq 1 ]   # exit 1: a defective simulated plate failed, as it should
# The README's lot of 100 plates (the station file's seed 7; ~4 min at 5000×) lands in its first-pass-yield range
# with more than one cause in its Pareto: the defect rates give Π(1 − p) ≈ 90 % (docs/coldplate-test-flow.md).
cp_lot_db=$(mktemp -d)/cp-lot.db
build/optiqual --log-file '' lot --station station/configs/sim-coldplate.yaml \
    --sequence sequences/coldplate/coldplate-acceptance.yaml --process-model batch --count 100 --time-scale 5000 \
    --db "$cp_lot_db" >/dev/null || [ $? -eq 1 ]
fpy=$(build/optiqual --log-file '' report yield --db "$cp_lot_db" | sed -n 's/.*first-pass yield: *\([0-9.]*\) %.*/\1/p')
awk -v y="$fpy" 'BEGIN { exit !(y >= 80 && y <= 97) }'
[ "$(build/optiqual --log-file '' report pareto --db "$cp_lot_db" | grep -c '^ *[0-9]\+  measurement')" -ge 2 ]
# The CPO bench's golden engine passes (exit 0 required), its weak-laser sample fails at laser_power, and a lot
# of 100 (a few seconds) lands in its first-pass-yield range with more than one cause in its Pareto
# (docs/cpo-test-flow.md).
cpo_db=$(mktemp -d)/cpo.db
build/optiqual --log-file '' run --station station/configs/sim-cpo.yaml --sequence sequences/cpo/cpo-engine-final.yaml \
    --serial CPO-GOLDEN-1 --time-scale 5000 --simulated-operator --db "$cpo_db" >/dev/null
build/optiqual --log-file '' report yield --db "$cpo_db" | grep -q "first-pass yield: *100.0 %"
status=0
build/optiqual --log-file '' run --station station/configs/sim-cpo.yaml --sequence sequences/cpo/cpo-engine-final.yaml \
    --serial CPO-LIMIT-WEAK --time-scale 5000 --simulated-operator --db "$cpo_db" >/dev/null || status=$?
[ "$status" -eq 1 ]
build/optiqual --log-file '' report unit CPO-LIMIT-WEAK --db "$cpo_db" | grep -q "laser_power"
cpo_lot_db=$(mktemp -d)/cpo-lot.db
build/optiqual --log-file '' lot --station station/configs/sim-cpo.yaml --sequence sequences/cpo/cpo-engine-final.yaml \
    --count 100 --time-scale 5000 --seed 11 --db "$cpo_lot_db" >/dev/null || [ $? -eq 1 ]
fpy=$(build/optiqual --log-file '' report yield --db "$cpo_lot_db" | sed -n 's/.*first-pass yield: *\([0-9.]*\) %.*/\1/p')
awk -v y="$fpy" 'BEGIN { exit !(y >= 80 && y <= 97) }'   # the configured range: defect rates Π(1 − p) ≈ 90 %
[ "$(build/optiqual --log-file '' report pareto --db "$cpo_lot_db" | grep -c '^ *[0-9]\+  measurement')" -ge 2 ]

if [ "$sanitize" = 1 ]; then
    BUILD_DIR=build-asan ./scripts/build.sh -DSANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug \
        -DOPTIQUAL_BUILD_BENCHMARKS=OFF -DOPTIQUAL_HEADER_CHECK=OFF
    # The 12-unit XPO lot (≈ 23,000 steps) is too slow instrumented; its code paths run in the single-unit XPO tests.
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure -j2 --timeout 600 -E 'XpoLine\.LotUnits'
    # ThreadSanitizer on the threaded parts: the engine and event bus (station), the results writer (db) and the
    # instruments with their simulators. Only those suites are built: the other tests in the tree are excluded.
    BUILD_DIR=build-tsan BUILD_TARGETS="optiqual_instruments_tests optiqual_db_tests optiqual_station_tests" \
        ./scripts/build.sh -DSANITIZE=thread -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOPTIQUAL_BUILD_BENCHMARKS=OFF \
        -DOPTIQUAL_HEADER_CHECK=OFF
    TSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/tsan.supp second_deadlock_stack=1" \
        ctest --test-dir build-tsan --output-on-failure -j2 --timeout 600 -E '_NOT_BUILT$|^Interop\.|^fuzz\.'
    # A bounded libFuzzer run of every target from a fixed seed (the same 20,000 inputs each time, ~3 min): new
    # inputs beyond the replayed corpus, so that a change that breaks an input path fails here, not in the field.
    ./scripts/fuzz.sh --runs 20000
fi
echo "all tests passed"
