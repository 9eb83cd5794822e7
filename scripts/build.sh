#!/usr/bin/env bash
# Configures and builds georiviere in build/ (Release), with the Python
# module, tests, tools and benchmarks. GEORIVIERE_TARGETS, when set, names
# the targets to build instead of all of them. Extra arguments go to cmake
# at configure time.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${GEORIVIERE_BUILD_DIR:-build}"
jobs="$(nproc)"
mkdir -p "$build_dir"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
  -DPython3_EXECUTABLE=/usr/bin/python3 "$@" > "$build_dir/configure.log" 2>&1 ||
  { cat "$build_dir/configure.log"; exit 1; }
targets=()
for target in ${GEORIVIERE_TARGETS:-}; do
  targets+=(--target "$target")
done
cmake --build "$build_dir" -j "$jobs" "${targets[@]}"
