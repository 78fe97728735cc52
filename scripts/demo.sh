#!/usr/bin/env bash
# The main job of parity: installs missing system packages (scripts/setup.sh), builds the
# `parity` tool in the `release` preset and runs `parity demo`, which writes out/demo/demo.json
# and out/demo/unfair2d.png. Extra arguments go to `parity demo` (see `parity demo --help`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
cmake --preset release
cmake --build --preset release --parallel "$(nproc)" --target parity_tool
build/release/apps/parity demo --out out/demo "$@"
