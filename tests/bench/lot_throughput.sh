#!/usr/bin/env bash
# Lot throughput of the simulated XPO line, and where its time goes.
#
#   tests/bench/lot_throughput.sh [COUNT] [REPEATS]     (defaults: 32 units, 3 repeats; build/ must be built)
#
# Runs the README's main job (a batch lot of COUNT units on station/configs/sim-xpo-line.yaml) at the demo's time
# scale (2000x), at 20000x, and at 20000x without the chiller's real-time command spacing (the Julabo needs 250 ms
# between commands, which no time scale shortens), REPEATS times each, and prints the median wall time, units per
# minute and CPU time (user + system, the whole process) of each. The wall time that the tenfold time scale removes
# is simulated waiting (soaks, settles, chamber and coolant ramps); what the spacing removes is the serial chiller's
# pacing; what stays is CPU work (engine, drivers, simulators, database) on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-32}
repeats=${2:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

sed 's/settings: {ambient_setpoint: 25}/settings: {ambient_setpoint: 25, command_spacing: 0ms}/' \
    station/configs/sim-xpo-line.yaml >"$dir/unpaced.yaml"
grep -q 'command_spacing: 0ms' "$dir/unpaced.yaml"

for run in 2000:station/configs/sim-xpo-line.yaml 20000:station/configs/sim-xpo-line.yaml \
    20000:"$dir/unpaced.yaml"; do
    scale=${run%%:*}
    station=${run#*:}
    : >"$dir/wall" && : >"$dir/cpu"
    for ((r = 1; r <= repeats; ++r)); do
        rm -f "$dir/lot.db"
        /usr/bin/time -f "%e %U %S" -o "$dir/time" build/optiqual --log-file '' lot \
            --station "$station" --sequence sequences/xpo/xpo-functional.yaml \
            --process-model batch --count "$count" --time-scale "$scale" --simulated-operator --seed "$r" \
            --db "$dir/lot.db" >/dev/null 2>&1 || [ $? -eq 1 ]
        # GNU time writes "Command exited with non-zero status 1" first when a unit failed: the figures are last.
        read -r wall user sys < <(tail -n 1 "$dir/time")
        echo "$wall" >>"$dir/wall"
        echo "$user + $sys" | bc -l >>"$dir/cpu"
    done
    wall=$(median <"$dir/wall")
    cpu=$(median <"$dir/cpu")
    pacing=$([ "$station" = station/configs/sim-xpo-line.yaml ] && echo "chiller paced" || echo "unpaced      ")
    printf 'time scale %6s, %s: %d units, median of %d: wall %6.1f s (%5.1f units/min), CPU %5.1f s (%4.2f s per unit)\n' \
        "$scale" "$pacing" "$count" "$repeats" "$wall" "$(echo "$count * 60 / $wall" | bc -l)" "$cpu" \
        "$(echo "$cpu / $count" | bc -l)"
done
