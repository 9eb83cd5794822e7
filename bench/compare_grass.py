#!/usr/bin/python3
"""Compare `georiviere dem` with GRASS GIS r.watershed on the same DEM.

Writes the synthetic DEM of bench/generate_dem.hpp as a GeoTIFF (write_dem),
then in the same run:

1. times `georiviere dem DEM --threshold-km2 T -o streams.gpkg`: reading
   the GeoTIFF, exact depression filling, D8 directions, flat resolution,
   upstream area, stream links, the river network, sub-catchment polygons
   and the GeoPackage output, on one thread;
2. imports the DEM into a temporary GRASS location created from the GeoTIFF
   (r.in.gdal, timed apart) and times r.watershed with the same threshold in
   cells, writing accumulation, drainage, stream and basin rasters. With
   --grass-flow sfd (the default) r.watershed uses single flow directions
   (-s, D8 like georiviere); with mfd it uses its default multiple flow
   directions. r.watershed finds its way out of depressions by A* search
   instead of filling them, and runs on one thread.

Both commands run under GNU time, which gives the wall time, the CPU time
(user plus system) and the peak resident memory of the process. The script
prints them, the ratios of the GRASS times to the georiviere times, and
georiviere's peak memory in bytes per DEM cell.

GRASS is optional: when the `grass` command is missing (Debian package
grass-core, installed by `bash scripts/install-deps.sh --bench`), the
script prints that it skips the GRASS run and times georiviere alone.

Usage: /usr/bin/python3 bench/compare_grass.py --build-dir BUILD
           [--size N] [--threshold-km2 T] [--grass-flow sfd|mfd]
           [--keep DIR]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

CELL_SIZE_M = 10.0  # generated_cell_size_m in bench/generate_dem.hpp


def parse_time_report(text):
    """Return (wall seconds, CPU seconds, peak RSS bytes) from GNU time -v.

    CPU seconds are user plus system time. Both programs run on one thread,
    so on a machine shared with other jobs their CPU times compare more
    fairly than their wall times.
    """
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", text).group(1)
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60.0 + float(part)
    cpu = sum(float(re.search(label + r": (\S+)", text).group(1))
              for label in (r"User time \(seconds\)",
                            r"System time \(seconds\)"))
    peak_kib = int(re.search(r"Maximum resident set size.*: (\d+)",
                             text).group(1))
    return seconds, cpu, peak_kib * 1024


def run_timed(command, env=None):
    """Run `command` under GNU time -v; return parse_time_report's values."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        full = ["/usr/bin/time", "-v", "-o", report.name] + command
        result = subprocess.run(full, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(
                "compare_grass: command failed with exit code {}: {}\n{}{}"
                .format(result.returncode, " ".join(command), result.stdout,
                        result.stderr))
        return parse_time_report(report.read())


def find_program(build_dir, relative):
    path = os.path.join(build_dir, relative)
    if not os.access(path, os.X_OK):
        sys.exit("compare_grass: {} not found; build it with cmake "
                 "-DGEORIVIERE_BUILD_BENCHMARKS=ON "
                 "-DGEORIVIERE_BUILD_EXAMPLES=ON".format(path))
    return path


def time_grass(dem_path, work_dir, threshold_cells, flow):
    """Import the DEM and time r.watershed; return a dict of figures."""
    location = os.path.join(work_dir, "grassdb", "bench")
    os.makedirs(os.path.dirname(location))
    subprocess.run(["grass", "-c", dem_path, "-e", location], check=True,
                   capture_output=True)
    mapset = os.path.join(location, "PERMANENT")
    env = dict(os.environ, GRASS_VERBOSE="0")
    import_seconds, _, _ = run_timed(
        ["grass", mapset, "--exec", "r.in.gdal", "input=" + dem_path,
         "output=dem"], env)
    # g.region aligns the computational region with the imported raster.
    subprocess.run(["grass", mapset, "--exec", "g.region", "raster=dem"],
                   check=True, capture_output=True, env=env)
    command = ["grass", mapset, "--exec", "/usr/bin/time", "-v", "-o",
               os.path.join(work_dir, "watershed.time"), "r.watershed"]
    if flow == "sfd":
        command.append("-s")
    command += ["elevation=dem", "threshold={}".format(threshold_cells),
                "accumulation=acc", "drainage=dir", "stream=streams",
                "basin=basins", "--overwrite"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("compare_grass: r.watershed failed:\n" + result.stdout +
                 result.stderr)
    with open(os.path.join(work_dir, "watershed.time")) as report:
        seconds, cpu, peak = parse_time_report(report.read())
    # grass --version prints to stdout or stderr depending on the release.
    about = subprocess.run(["grass", "--version"], capture_output=True,
                           text=True)
    version = (about.stdout + about.stderr).strip().splitlines()[0]
    return {"import_s": import_seconds, "watershed_s": seconds,
            "watershed_cpu_s": cpu, "watershed_peak": peak,
            "version": version}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", required=True,
                        help="CMake build directory with bench/write_dem "
                        "and bin/georiviere")
    parser.add_argument("--size", type=int, default=10000,
                        help="DEM rows and columns (default 10000)")
    parser.add_argument("--threshold-km2", type=float, default=1.0,
                        help="stream threshold in km2 (default 1); GRASS "
                        "gets the same area in 10 m cells")
    parser.add_argument("--grass-flow", choices=["sfd", "mfd"], default="sfd",
                        help="r.watershed flow model (default sfd, D8)")
    parser.add_argument("--keep", metavar="DIR",
                        help="work in DIR and keep the files")
    args = parser.parse_args()

    write_dem = find_program(args.build_dir, "bench/write_dem")
    georiviere = find_program(args.build_dir, "bin/georiviere")
    cells = args.size * args.size
    threshold_cells = round(args.threshold_km2 * 1e6 /
                            (CELL_SIZE_M * CELL_SIZE_M))

    work_dir = args.keep or tempfile.mkdtemp(prefix="georiviere-grass-")
    os.makedirs(work_dir, exist_ok=True)
    try:
        dem_path = os.path.join(work_dir, "dem.tif")
        subprocess.run([write_dem, dem_path, str(args.size)], check=True,
                       capture_output=True)
        print("DEM: {} x {} cells of {:g} m, {}".format(
            args.size, args.size, CELL_SIZE_M, dem_path))

        output = os.path.join(work_dir, "streams.gpkg")
        ours_s, ours_cpu, ours_peak = run_timed(
            [georiviere, "dem", dem_path, "--threshold-km2",
             str(args.threshold_km2), "-o", output, "--overwrite", "-q"])
        print("georiviere dem: {:.1f} s wall, {:.1f} s CPU, peak {:.0f} MiB, "
              "{:.2f} bytes per cell".format(ours_s, ours_cpu,
                                             ours_peak / 2**20,
                                             ours_peak / cells))

        if shutil.which("grass") is None:
            print("GRASS GIS not found (Debian package grass-core): skipping "
                  "the r.watershed run")
            return
        grass = time_grass(dem_path, work_dir, threshold_cells,
                           args.grass_flow)
        print("{}: r.in.gdal {:.1f} s; r.watershed ({}, threshold {} cells) "
              "{:.1f} s wall, {:.1f} s CPU, peak {:.0f} MiB".format(
                  grass["version"], grass["import_s"], args.grass_flow,
                  threshold_cells, grass["watershed_s"],
                  grass["watershed_cpu_s"], grass["watershed_peak"] / 2**20))
        print("ratio r.watershed / georiviere dem: {:.2f} by wall time, "
              "{:.2f} by CPU time".format(grass["watershed_s"] / ours_s,
                                          grass["watershed_cpu_s"] /
                                          ours_cpu))
    finally:
        if not args.keep:
            shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
