#!/usr/bin/env bash
# Configures and builds georiviere in build/ (Release), with the Python
# module, tests, tools and benchmarks. Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${GEORIVIERE_BUILD_DIR:-build}"
jobs="$(nproc)"
mkdir -p "$build_dir"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
  -DPython3_EXECUTABLE=/usr/bin/python3 "$@" > "$build_dir/configure.log" 2>&1 ||
  { cat "$build_dir/configure.log"; exit 1; }
cmake --build "$build_dir" -j "$jobs"
