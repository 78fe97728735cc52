#!/usr/bin/env bash
# The test command of parity: installs missing system packages (scripts/setup.sh), then
# configures, builds and tests the `release` preset (build/release). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
cmake --preset release
cmake --build --preset release --parallel "$(nproc)"
ctest --preset release --parallel "$(nproc)"
