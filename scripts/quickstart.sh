#!/usr/bin/env bash
# Installs the Debian packages, builds georiviere and runs
# `georiviere network` on the bundled sample network.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
# The tool and the Python module only; the tests build in run-tests.sh.
GEORIVIERE_TARGETS="georiviere_cli georiviere_python" bash scripts/build.sh

output="$PWD/build/sample-network.gpkg"
./build/bin/georiviere network testdata/sample/rivers.geojson \
  --snap-tolerance 1 --name-field nom -o "$output" --overwrite
echo
echo "The sample network is in $output (layers reaches, nodes, problems)."
