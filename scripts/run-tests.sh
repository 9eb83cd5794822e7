#!/usr/bin/env bash
# Installs the Debian packages, builds georiviere, then runs every test:
# the GoogleTest suite through ctest, and the Python and command-line tests
# through pytest. Tests that need ../shared/data skip when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh

status=0
(cd build && ctest --output-on-failure -j "$(nproc)") || status=1

export GEORIVIERE_BUILD_DIR="$PWD/build"
/usr/bin/python3 -m pytest -q tests/python tests/cli || status=1
exit "$status"
