#!/usr/bin/env bash
# Installs every Debian 12 package that georiviere's build, tools, tests and
# benchmarks need. Safe to run again: apt-get skips what is already there.
# With --bench it also installs GRASS GIS (grass-core), which only
# bench/compare_grass.py uses, so that tests and CI skip its large download.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  libgdal-dev gdal-bin python3-gdal
  libgeos-dev
  libproj-dev proj-bin proj-data
  libboost-graph-dev
  libgtest-dev libgmock-dev
  libbenchmark-dev
  libcli11-dev
  libtomlplusplus-dev
  pybind11-dev python3-pybind11 python3-dev python3-numpy
  python3-pytest
  python3-geopandas python3-shapely python3-networkx
  python3-matplotlib
)

if [ "${1:-}" = "--bench" ]; then
  packages+=(grass-core)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} Debian packages are installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
