# Finds the libraries georiviere builds on. All come from Debian 12 packages
# that scripts/install-deps.sh installs.
find_package(GDAL 3.6 CONFIG REQUIRED)
find_package(GEOS 3.11 CONFIG REQUIRED)
find_package(PROJ 9 CONFIG REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(tomlplusplus CONFIG REQUIRED)
