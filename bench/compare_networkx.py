#!/usr/bin/python3
"""Compare georiviere's build_network() with shapely and networkx.

Generates one dendritic network with export_network, times build_network()
on it with bench_file, then runs the same job in Python on the same file in
the same run and prints both times and their ratio.

The Python job starts, like build_network(), from geometries in memory: a
list of shapely LineStrings, whose construction is timed separately. It joins
lines at shared endpoints and merges chains of lines through pseudo-nodes
into reaches with shapely.ops.linemerge. It measures reach lengths with
shapely and builds a networkx DiGraph of reaches. It checks the graph for
cycles, diffluences, reversed lines, disconnected components and components
with several outlets. Then it computes Strahler order, Shreve magnitude,
upstream length, distance to the farthest source, distance to the outlet,
main stems, Hack order and basins in topological order.

build_network() also searches for crossings, T-junctions and gaps near
dangling ends. The Python job does so only with --full-checks, with a
shapely STRtree, because this is by far its slowest part. The ratio is
printed with and without these checks.

The rules follow georiviere's headers for a network without cycles or
diffluences, which is what the generator produces. The Python side handles
neither cycles (it stops with an error) nor diffluences (only counted), nor
duplicate lines, so it does less work than build_network(), not more.

Usage: /usr/bin/python3 bench/compare_networkx.py --build-dir BUILD
           [--lines N] [--seed S] [--file PATH] [--full-checks]
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings

import networkx as nx
import numpy as np
import shapely
from shapely.errors import ShapelyDeprecationWarning
from shapely.geometry import LineString, MultiLineString, Point, box
from shapely.ops import linemerge
from shapely.strtree import STRtree


def read_key_values(text):
    """Parse the "key=value" lines printed by the C++ programs."""
    values = {}
    for line in text.splitlines():
        key, separator, value = line.partition("=")
        if separator:
            values[key.strip()] = value.strip()
    return values


def run_program(path, *arguments):
    """Run one of the benchmark programs and return its key=value output."""
    if not os.path.exists(path):
        sys.exit(f"compare_networkx: {path} not found; build the targets "
                 "export_network and bench_file in the build directory "
                 "given with --build-dir")
    result = subprocess.run([path, *arguments], check=True,
                            capture_output=True, text=True)
    return read_key_values(result.stdout)


def read_network_file(path):
    """Read a GRVLINES file into a list of (n, 2) float64 arrays."""
    with open(path, "rb") as stream:
        data = stream.read()
    if data[:8] != b"GRVLINES":
        sys.exit(f"compare_networkx: {path} is not a GRVLINES file")
    version = int(np.frombuffer(data, "<u4", 1, 8)[0])
    if version != 1:
        sys.exit(f"compare_networkx: {path} has format version {version}, "
                 "expected 1")
    line_count, vertex_count = (int(value) for value in
                                np.frombuffer(data, "<u8", 2, 16))
    counts = np.frombuffer(data, "<u4", line_count, 32)
    offset = 32 + 4 * line_count + 4 * (line_count % 2)
    xy = np.frombuffer(data, "<f8", 2 * vertex_count, offset).reshape(-1, 2)
    ends = np.cumsum(counts, dtype=np.int64)
    starts = ends - counts
    return [xy[start:end] for start, end in zip(starts.tolist(),
                                                 ends.tolist())]


def build_reaches(lines):
    """Join lines at shared endpoints and merge pseudo-node chains.

    Returns the reaches as (from_node, to_node, geometry) tuples. Lines are digitised downstream, and endpoints that meet are
    exactly equal, as with a snap tolerance of 0.
    """
    node_of = {}
    line_graph = nx.DiGraph()
    for index, line in enumerate(lines):
        # One list conversion is faster in shapely 1.8 than indexing the
        # coordinate sequence twice.
        coords = list(line.coords)
        start = node_of.setdefault(coords[0], len(node_of))
        end = node_of.setdefault(coords[-1], len(node_of))
        line_graph.add_edge(start, end, line=index)

    # A pseudo-node has one inflow and one outflow. A reach starts at every
    # other node and follows its outflows through pseudo-nodes.
    in_degree = line_graph.in_degree
    out_degree = line_graph.out_degree
    successors = line_graph.succ
    reaches = []
    for node in line_graph.nodes:
        if in_degree[node] == 1 and out_degree[node] == 1:
            continue
        for next_node, data in successors[node].items():
            chain = [data["line"]]
            current = next_node
            while in_degree[current] == 1 and out_degree[current] == 1:
                (current, data), = successors[current].items()
                chain.append(data["line"])
            if len(chain) == 1:
                geometry = lines[chain[0]]
            else:
                geometry = linemerge(MultiLineString(
                    [lines[index] for index in chain]))
            reaches.append((node, current, geometry))
    return reaches


def check_network(graph, length_m):
    """Count cycles, diffluences, reversed lines, disconnected components
    and components with several outlets, as check_direction() does."""
    if not nx.is_directed_acyclic_graph(graph):
        sys.exit("compare_networkx: the network has a directed cycle, "
                 "which this comparison does not handle")
    problems = {}
    out_degree = graph.out_degree
    in_degree = graph.in_degree
    diffluences = sum(1 for node in graph if out_degree[node] >= 2)
    if diffluences:
        problems["diffluence"] = diffluences

    # A reach u -> v is likely reversed when v is a dead end and u has
    # another outflow and no inflow, or v has another inflow.
    reversed_count = 0
    for u, v in graph.edges():
        if out_degree[v] == 0 and out_degree[u] >= 2:
            if in_degree[v] >= 2 or in_degree[u] == 0:
                reversed_count += 1
    if reversed_count:
        problems["reversed"] = reversed_count

    components = list(nx.weakly_connected_components(graph))
    component_lengths = []
    multiple_outlets = 0
    for component in components:
        total = 0.0
        outlets = 0
        for node in component:
            for _, _, reach in graph.in_edges(node, data="reach"):
                total += length_m[reach]
            if out_degree[node] == 0 and in_degree[node] > 0:
                outlets += 1
        component_lengths.append(total)
        multiple_outlets += outlets >= 2
    if len(components) > 1:
        problems["disconnected"] = len(components) - 1
    if multiple_outlets:
        problems["multiple_outlets"] = multiple_outlets
    return problems


def compute_metrics(graph, reach_count, length_m):
    """Compute the per-reach metrics in topological order of the nodes."""
    strahler = [0] * reach_count
    shreve = [0] * reach_count
    upstream_length = [0.0] * reach_count
    max_upstream_distance = [0.0] * reach_count
    distance_to_outlet = [0.0] * reach_count
    hack = [0] * reach_count
    main_stem = [-1] * reach_count
    basin = [-1] * reach_count

    order = list(nx.topological_sort(graph))
    predecessors = graph.pred
    successors = graph.succ

    # Upstream first: each node's outflows from its inflows.
    for node in order:
        inflows = [data["reach"] for data in predecessors[node].values()]
        if inflows:
            top = max(strahler[r] for r in inflows)
            ties = sum(1 for r in inflows if strahler[r] == top)
            order_value = top + 1 if ties >= 2 else top
            magnitude = sum(shreve[r] for r in inflows)
            upstream = sum(upstream_length[r] for r in inflows)
            farthest = max(max_upstream_distance[r] for r in inflows)
        else:
            order_value, magnitude, upstream, farthest = 1, 1, 0.0, 0.0
        for data in successors[node].values():
            r = data["reach"]
            strahler[r] = order_value
            shreve[r] = magnitude
            upstream_length[r] = upstream + length_m[r]
            max_upstream_distance[r] = farthest + length_m[r]

    # Downstream first: distances, main stems, Hack orders and basins. The
    # stem continues into the inflow with the maximum distance to its
    # farthest source, ties to the lowest reach id.
    for node in reversed(order):
        inflows = [data["reach"] for data in predecessors[node].values()]
        if not inflows:
            continue
        outflows = [data["reach"] for data in successors[node].values()]
        main = max(inflows, key=lambda r: (max_upstream_distance[r], -r))
        if outflows:
            below = min(outflows)
            distance = distance_to_outlet[below] + length_m[below]
            stem_hack, stem_id, basin_id = hack[below], main_stem[below], \
                basin[below]
        else:
            distance, stem_hack, stem_id, basin_id = 0.0, 1, main, node
        for r in inflows:
            distance_to_outlet[r] = distance
            basin[r] = basin_id
            if r == main:
                hack[r] = stem_hack
                main_stem[r] = stem_id
            else:
                hack[r] = stem_hack + 1
                main_stem[r] = r
    return {"strahler": strahler, "shreve": shreve,
            "upstream_length_m": upstream_length,
            "max_upstream_distance_m": max_upstream_distance,
            "distance_to_outlet_m": distance_to_outlet, "hack": hack,
            "main_stem_id": main_stem, "basin_id": basin}


def find_geometry_defects(lines, gap_tolerance_m):
    """Count crossings, T-junctions and gaps with a shapely STRtree.

    build_network() searches for these with a snap tolerance of 0 and a gap
    tolerance of 1 m. A crossing is a pair of lines that cross or touch away
    from a node. A T-junction is a node on another line's interior, where
    build_network() splits that line. A gap is a dangling end within the
    gap tolerance of a line it is not joined to. Returns the counts, as
    pairs of lines for crossings and as nodes for the others.
    """
    with warnings.catch_warnings():
        # Shapely 1.8 warns that the STRtree interface changes in 2.0.
        warnings.simplefilter("ignore", ShapelyDeprecationWarning)
        tree = STRtree(lines)
    endpoints = []
    ends = {}
    for index, line in enumerate(lines):
        coords = list(line.coords)
        endpoints.append((coords[0], coords[-1]))
        ends.setdefault(coords[0], []).append(index)
        ends.setdefault(coords[-1], []).append(index)

    crossings = 0
    for index, line in enumerate(lines):
        for other_index in tree.query_items(line):
            if other_index <= index:
                continue
            other = lines[other_index]
            if not line.intersects(other):
                continue
            # Lines joined at a node touch there, so only the rest of their
            # intersection counts.
            shared = [end for end in endpoints[index]
                      if other_index in ends[end]]
            if shared:
                rest = line.intersection(other)
                for end in shared:
                    rest = rest.difference(Point(end))
                if rest.is_empty:
                    continue
            crossings += 1

    t_junctions = 0
    gaps = 0
    for position, members in ends.items():
        x, y = position
        point = Point(position)
        search = box(x - gap_tolerance_m, y - gap_tolerance_m,
                     x + gap_tolerance_m, y + gap_tolerance_m)
        nearest = None
        for other_index in tree.query_items(search):
            if other_index in members:
                continue
            distance = lines[other_index].distance(point)
            if nearest is None or distance < nearest:
                nearest = distance
        if nearest is None:
            continue
        if nearest == 0.0:
            t_junctions += 1
        elif nearest <= gap_tolerance_m and len(members) == 1:
            gaps += 1
    return {"crossing": crossings, "t_junction": t_junctions, "gap": gaps}


def run_python_job(lines, defects):
    """Run the job on shapely LineStrings; return its results.

    `defects` is the result of find_geometry_defects(), or an empty dict
    when the geometry checks were skipped.
    """
    reaches = build_reaches(lines)
    length_m = [geometry.length for _, _, geometry in reaches]
    graph = nx.DiGraph()
    graph.add_edges_from((start, end, {"reach": index})
                         for index, (start, end, _) in enumerate(reaches))
    problems = check_network(graph, length_m)
    for kind in ("crossing", "gap"):
        if defects.get(kind):
            problems[kind] = defects[kind]
    if defects.get("t_junction"):
        sys.exit(f"compare_networkx: {defects['t_junction']} nodes lie on "
                 "another line's interior; this comparison does not split "
                 "lines there")
    metrics = compute_metrics(graph, len(reaches), length_m)
    return {"reaches": len(reaches), "nodes": graph.number_of_nodes(),
            "problems": problems, "length_m": length_m,
            "metrics": metrics}


def summarize_python(result):
    """Figures comparable with bench_file --summary."""
    metrics = result["metrics"]
    summary = {"reaches": result["reaches"], "nodes": result["nodes"],
               "max_shreve": max(metrics["shreve"]),
               "max_hack": max(metrics["hack"]),
               "total_length_m": sum(result["length_m"]),
               "max_upstream_length_m": max(metrics["upstream_length_m"]),
               "max_distance_to_outlet_m":
                   max(metrics["distance_to_outlet_m"]),
               "max_upstream_distance_m":
                   max(metrics["max_upstream_distance_m"])}
    for order in sorted(set(metrics["strahler"])):
        summary[f"strahler.{order}"] = metrics["strahler"].count(order)
    for kind, count in result["problems"].items():
        summary[f"problems.{kind}"] = count
    return summary


def compare_summaries(cpp, python, unchecked):
    """Print the figures side by side; return the keys that differ.

    Keys in `unchecked` are figures the Python job did not compute.
    """
    mismatches = []
    keys = [key for key in python] + [key for key in cpp
                                      if key.startswith(("strahler.",
                                                         "problems."))
                                      and key not in python]
    print(f"{'figure':32} {'georiviere':>18} {'networkx':>18}")
    for key in keys:
        cpp_value = cpp.get(key, "0")
        if key in unchecked:
            print(f"{key:32} {cpp_value:>18} {'not checked':>18}")
            continue
        python_value = python.get(key, 0)
        if isinstance(python_value, float):
            same = abs(float(cpp_value) - python_value) <= \
                1e-6 * max(1.0, abs(python_value))
            python_text = f"{python_value:.3f}"
        else:
            same = int(cpp_value) == python_value
            python_text = str(python_value)
        marker = "" if same else "  <- differs"
        print(f"{key:32} {cpp_value:>18} {python_text:>18}{marker}")
        if not same:
            mismatches.append(key)
    return mismatches


def peak_rss_bytes():
    """Peak resident set size of this process so far (Linux: KiB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", required=True,
                        help="build directory holding export_network and "
                             "bench_file (under bench/)")
    parser.add_argument("--lines", type=int, default=100000,
                        help="number of generated lines, default 100000")
    parser.add_argument("--seed", type=int, default=20240601,
                        help="generator seed, default 20240601")
    parser.add_argument("--file", help="keep the generated network in this "
                                       "file instead of a temporary one")
    parser.add_argument("--full-checks", action="store_true",
                        help="also search for crossings, T-junctions and "
                             "gaps with a shapely STRtree, as "
                             "build_network() does; slow")
    arguments = parser.parse_args()

    load = os.getloadavg()
    bench_dir = os.path.join(arguments.build_dir, "bench")
    with tempfile.TemporaryDirectory() as scratch:
        path = arguments.file or os.path.join(scratch, "network.grvlines")
        expected = run_program(os.path.join(bench_dir, "export_network"),
                               str(arguments.lines), path,
                               "--seed", str(arguments.seed))
        cpp = run_program(os.path.join(bench_dir, "bench_file"), path,
                          "--summary")

        start = time.perf_counter()
        arrays = read_network_file(path)
        read_seconds = time.perf_counter() - start

    start = time.perf_counter()
    lines = [LineString(array) for array in arrays]
    construction_seconds = time.perf_counter() - start
    del arrays

    checks_seconds = checks_cpu_seconds = 0.0
    defects = {}
    if arguments.full_checks:
        start, cpu_start = time.perf_counter(), time.process_time()
        defects = find_geometry_defects(lines, 1.0)
        checks_seconds = time.perf_counter() - start
        checks_cpu_seconds = time.process_time() - cpu_start
    start, cpu_start = time.perf_counter(), time.process_time()
    result = run_python_job(lines, defects)
    python_seconds = time.perf_counter() - start
    python_cpu_seconds = time.process_time() - cpu_start
    python_peak = peak_rss_bytes()

    cpp_seconds = float(cpp["build_network_seconds"])
    cpp_cpu_seconds = float(cpp["build_network_cpu_seconds"])
    print(f"lines: {arguments.lines} (seed {arguments.seed}), "
          f"expected reaches: {expected['expected.reaches']}")
    print(f"python {sys.version.split()[0]}, networkx {nx.__version__}, "
          f"shapely {shapely.__version__} (GEOS "
          f"{'.'.join(str(v) for v in shapely.geos.geos_version)}), "
          f"numpy {np.__version__}")
    unchecked = set() if arguments.full_checks else {"problems.crossing",
                                                     "problems.gap"}
    mismatches = compare_summaries(cpp, summarize_python(result), unchecked)
    print(f"python: file read {read_seconds:.2f} s, LineString "
          f"construction {construction_seconds:.2f} s (both untimed)")
    print(f"python peak RSS: {python_peak / 2**20:.0f} MiB; georiviere "
          f"bench_file peak RSS: {int(cpp['vm_hwm_bytes']) / 2**20:.0f} MiB")
    print(f"load average before the run: {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f}; CPU ratios are less affected by load than wall "
          "ratios")
    rows = [("georiviere build_network", cpp_seconds, cpp_cpu_seconds),
            ("python without geometry checks", python_seconds,
             python_cpu_seconds)]
    if arguments.full_checks:
        rows.append(("python geometry checks", checks_seconds,
                     checks_cpu_seconds))
        rows.append(("python with geometry checks",
                     python_seconds + checks_seconds,
                     python_cpu_seconds + checks_cpu_seconds))
    print(f"{'job':32} {'wall s':>10} {'CPU s':>10} {'ratio wall':>11} "
          f"{'ratio CPU':>10}")
    for name, wall, cpu in rows:
        print(f"{name:32} {wall:10.3f} {cpu:10.3f} "
              f"{wall / cpp_seconds:11.1f} {cpu / cpp_cpu_seconds:10.1f}")
    if mismatches:
        print("results differ: " + ", ".join(mismatches))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
