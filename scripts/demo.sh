#!/usr/bin/env bash
# The main job on the simulated XPO line: set up, build, then start every simulated instrument of
# station/configs/sim-xpo.yaml in-process (real loopback TCP and pseudo-terminals), open each through its
# driver, identify it and read its state.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
exec build/optiqual probe --station station/configs/sim-xpo.yaml "$@"
