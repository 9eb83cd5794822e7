#!/usr/bin/python3
"""Run every benchmark of the vector network pipeline and print the results.

Prints the machine (lscpu, nproc, free, compiler, build type, load), then
runs bench_network, peak_memory, bench_file --stages and compare_networkx.py
as docs/benchmarks.md describes. The output is plain text to paste into
that page.

Usage: /usr/bin/python3 bench/run_benchmarks.py --build-dir BUILD
           [--lines N] [--repeat R] [--skip-python] [--python-full-checks]
"""

import argparse
import datetime
import os
import subprocess
import sys
import tempfile


def run(command, check=True):
    """Run a command, echo it and its output, and return the output."""
    print(f"$ {' '.join(command)}", flush=True)
    result = subprocess.run(command, capture_output=True, text=True)
    output = result.stdout + result.stderr
    print(output.rstrip(), flush=True)
    if check and result.returncode != 0:
        sys.exit(f"run_benchmarks: {command[0]} failed with exit status "
                 f"{result.returncode}")
    return output


def print_machine(build_dir):
    """Print the date, load, CPU, memory, compiler and build type."""
    print(f"date: {datetime.datetime.now().astimezone().isoformat()}")
    run(["uptime"])
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    print("\n".join(lscpu.splitlines()[:20]))
    run(["nproc"])
    run(["free", "-g"])
    run(["c++", "--version"], check=False)
    cache = os.path.join(build_dir, "CMakeCache.txt")
    with open(cache, encoding="utf-8") as stream:
        for line in stream:
            if line.startswith(("CMAKE_BUILD_TYPE:", "CMAKE_CXX_COMPILER:")):
                print(line.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", required=True,
                        help="build directory configured with "
                             "GEORIVIERE_BUILD_BENCHMARKS=ON")
    parser.add_argument("--lines", type=int, default=1000000,
                        help="line count of the largest network, default "
                             "1000000")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of bench_file, default 3")
    parser.add_argument("--skip-python", action="store_true",
                        help="skip the shapely + networkx comparison")
    parser.add_argument("--python-full-checks", action="store_true",
                        help="also run the comparison with geometry checks "
                             "on the largest network (slow)")
    arguments = parser.parse_args()

    bench_dir = os.path.join(arguments.build_dir, "bench")
    script_dir = os.path.dirname(os.path.abspath(__file__))
    print("## Machine")
    print_machine(arguments.build_dir)

    print("\n## Google Benchmark")
    run([os.path.join(bench_dir, "bench_network"),
         "--benchmark_counters_tabular=true"])

    print("\n## Peak memory")
    for lines in (arguments.lines // 10, arguments.lines):
        run([os.path.join(bench_dir, "peak_memory"), str(lines)])

    print("\n## Stage times")
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "network.grvlines")
        run([os.path.join(bench_dir, "export_network"), str(arguments.lines),
             path])
        run([os.path.join(bench_dir, "bench_file"), path, "--stages",
             "--repeat", str(arguments.repeat)])

    if not arguments.skip_python:
        print("\n## Comparison with shapely and networkx")
        compare = os.path.join(script_dir, "compare_networkx.py")
        run([sys.executable, compare, "--build-dir", arguments.build_dir,
             "--lines", str(arguments.lines // 10), "--full-checks"])
        largest = [sys.executable, compare, "--build-dir",
                   arguments.build_dir, "--lines", str(arguments.lines)]
        if arguments.python_full_checks:
            largest.append("--full-checks")
        run(largest)
    run(["uptime"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
