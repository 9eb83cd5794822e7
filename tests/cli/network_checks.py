"""Reads a network written by `georiviere network` and checks invariants
that hold on any river network."""

from collections import defaultdict

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()


def read_layer(path, name):
    """Return the features of a layer as a list of dicts with a `geometry`."""
    dataset = ogr.Open(str(path))
    layer = dataset.GetLayerByName(name)
    assert layer is not None, f"{path} has no layer {name}"
    rows = []
    for feature in layer:
        row = feature.items()
        geometry = feature.GetGeometryRef()
        row["geometry"] = geometry.Clone() if geometry is not None else None
        rows.append(row)
    return rows


def layer_crs(path, name):
    dataset = ogr.Open(str(path))
    crs = dataset.GetLayerByName(name).GetSpatialRef().Clone()
    return crs


class Network:
    """The reaches, nodes and problems layers of an output dataset."""

    def __init__(self, path):
        self.path = path
        self.reaches = read_layer(path, "reaches")
        self.nodes = read_layer(path, "nodes")
        self.problems = read_layer(path, "problems")
        self.by_id = {r["reach_id"]: r for r in self.reaches}
        self.outflows = defaultdict(list)
        self.inflows = defaultdict(list)
        for reach in self.reaches:
            self.outflows[reach["from_node"]].append(reach)
            self.inflows[reach["to_node"]].append(reach)
        self.cycle_reaches = set()
        for problem in self.problems:
            if problem["kind"] == "cycle":
                self.cycle_reaches.update(
                    int(i) for i in problem["reach_ids"].split(",") if i)

    def problem_counts(self):
        counts = defaultdict(int)
        for problem in self.problems:
            counts[problem["kind"]] += 1
        return dict(counts)

    def node_counts(self):
        counts = defaultdict(int)
        for node in self.nodes:
            counts[node["kind"]] += 1
        return dict(counts)

    def total_length(self):
        return sum(r["length_m"] for r in self.reaches)


def possible_minor_branches(network):
    """Return the ids of reaches that may be minor diffluence branches.

    The output does not say which outflow of a diffluence is the minor
    branch. A minor branch starts at a diffluence and continues through
    every node where all inflows are minor, so the candidates are the
    outflows of diffluences and, repeatedly, reaches whose inflows are all
    candidates.
    """
    candidates = set()
    for node, outflows in network.outflows.items():
        if len(outflows) >= 2:
            candidates.update(r["reach_id"] for r in outflows)
    changed = True
    while changed:
        changed = False
        for reach in network.reaches:
            if reach["reach_id"] in candidates:
                continue
            inflows = network.inflows[reach["from_node"]]
            if inflows and all(i["reach_id"] in candidates for i in inflows):
                candidates.add(reach["reach_id"])
                changed = True
    return candidates


def check_strahler_never_decreases(network):
    """Checks that no reach downstream has a lower order.

    A minor branch may carry a higher order than the stream it joins, so
    reaches that may be minor branches are skipped.
    """
    minor = possible_minor_branches(network)
    for reach in network.reaches:
        if reach["reach_id"] in network.cycle_reaches | minor:
            continue
        for downstream in network.outflows[reach["to_node"]]:
            if downstream["reach_id"] in network.cycle_reaches:
                continue
            assert downstream["strahler"] >= reach["strahler"], (
                f"Strahler decreases from reach {reach['reach_id']} "
                f"({reach['strahler']}) to {downstream['reach_id']} "
                f"({downstream['strahler']})")


def check_shreve_sums_at_confluences(network):
    """Checks Shreve magnitudes: 1 at sources, and below each node the
    number of distinct sources upstream, found by a search.

    A source reached through several braid arms counts once, so below a
    confluence the magnitude lies between the maximum and the sum of the
    inflows' magnitudes, and equals the sum where the inflows share no
    source. Reaches with a directed cycle upstream are only bounded.
    Returns the number of confluences checked exactly.
    """
    exact = 0
    for node in network.nodes:
        node_id = node["node_id"]
        inflows = network.inflows[node_id]
        for reach in network.outflows[node_id]:
            if reach["reach_id"] in network.cycle_reaches:
                continue
            if not inflows:
                assert reach["shreve"] == 1, (
                    f"source reach {reach['reach_id']} has Shreve "
                    f"{reach['shreve']}")
                continue
            if any(i["reach_id"] in network.cycle_reaches for i in inflows):
                continue
            magnitudes = [i["shreve"] for i in inflows]
            assert max(magnitudes) <= reach["shreve"] <= sum(magnitudes), (
                f"reach {reach['reach_id']} has Shreve {reach['shreve']}, "
                f"its inflows have {magnitudes}")
            sources = upstream_sources(network, reach)
            if sources is None:
                continue
            assert reach["shreve"] == len(sources), (
                f"reach {reach['reach_id']} has Shreve {reach['shreve']}, "
                f"with {len(sources)} distinct sources upstream")
            exact += len(inflows) >= 2
    return exact


def upstream_sources(network, reach):
    """Return the source nodes upstream of a reach, or None when a reach in
    a directed cycle lies upstream."""
    sources = set()
    seen = {reach["reach_id"]}
    stack = [reach]
    while stack:
        current = stack.pop()
        inflows = network.inflows[current["from_node"]]
        if not inflows:
            sources.add(current["from_node"])
        for inflow in inflows:
            if inflow["reach_id"] in network.cycle_reaches:
                return None
            if inflow["reach_id"] not in seen:
                seen.add(inflow["reach_id"])
                stack.append(inflow)
    return sources


def check_every_reach_reaches_outlet(network):
    outlets = {n["node_id"] for n in network.nodes if n["kind"] == "outlet"}
    for reach in network.reaches:
        if reach["reach_id"] in network.cycle_reaches:
            continue
        seen = set()
        stack = [reach]
        reached = False
        while stack and not reached:
            current = stack.pop()
            if current["reach_id"] in seen:
                continue
            seen.add(current["reach_id"])
            if current["to_node"] in outlets:
                reached = True
            stack.extend(network.outflows[current["to_node"]])
        assert reached, f"reach {reach['reach_id']} reaches no outlet"


def check_node_degrees(network):
    for node in network.nodes:
        node_id = node["node_id"]
        assert node["in_degree"] == len(network.inflows[node_id])
        assert node["out_degree"] == len(network.outflows[node_id])


def duplicate_length(network):
    total = 0.0
    for problem in network.problems:
        if problem["kind"] == "duplicate" and problem["geometry"] is not None:
            total += problem["geometry"].Length()
    return total


def input_length(path, layer=None, where=None, target=None,
                 assume_crs=None):
    """Total 2D length of the input lines, in the target CRS if given."""
    dataset = ogr.Open(str(path))
    source = dataset.GetLayerByName(layer) if layer else dataset.GetLayer(0)
    if where:
        source.SetAttributeFilter(where)
    source_crs = source.GetSpatialRef()
    if source_crs is None and assume_crs is not None:
        source_crs = osr.SpatialReference()
        source_crs.ImportFromEPSG(assume_crs)
    transform = None
    if target is not None and source_crs is not None and \
            not source_crs.IsSame(target):
        source_crs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(source_crs, target)
    total = 0.0
    for feature in source:
        geometry = feature.GetGeometryRef()
        if geometry is None:
            continue
        geometry = geometry.Clone()
        if transform is not None:
            geometry.Transform(transform)
        total += geometry.Length()
    return total
