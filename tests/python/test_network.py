"""Building a network from tiny inputs: columns, metrics and queries."""

import gc
import math
import pathlib

import numpy as np
import pytest

import georiviere
from inline_inputs import X0, Y0

LENGTH_A = 100.0 * math.sqrt(2.0)
LENGTH_B = 50.0 * math.sqrt(2.0)
LENGTH_C = 100.0

REACH_DTYPES = {
    "reach_id": np.int64,
    "from_node": np.int64,
    "to_node": np.int64,
    "length_m": np.float64,
    "strahler": np.int32,
    "shreve": np.int64,
    "hack": np.int32,
    "upstream_length_m": np.float64,
    "distance_to_outlet_m": np.float64,
    "max_upstream_distance_m": np.float64,
    "main_stem_id": np.int64,
    "basin_id": np.int64,
    "is_minor_branch": np.bool_,
    "in_cycle": np.bool_,
    "is_virtual": np.bool_,
    "name": np.object_,
}

NODE_DTYPES = {
    "node_id": np.int64,
    "kind": np.object_,
    "in_degree": np.int32,
    "out_degree": np.int32,
    "outlet": np.object_,
    "x": np.float64,
    "y": np.float64,
}


@pytest.fixture
def y_net(y_path):
    return georiviere.build_network(y_path, name_field="nom")


def reach_of_fids(net, fids):
    """Return the id of the reach made of exactly the source features
    `fids`, upstream first."""
    matches = [
        i for i, found in enumerate(net.reaches["source_fids"]) if found == fids
    ]
    assert len(matches) == 1, net.reaches["source_fids"]
    return matches[0]


def reach_of_fid(net, fid):
    """Return the id of the reach made of source feature `fid` alone."""
    return reach_of_fids(net, [fid])


def test_y_network_has_three_reaches(y_net):
    assert len(y_net) == 3
    assert sorted(y_net.reaches["strahler"].tolist()) == [1, 1, 2]
    assert y_net.nodes.num_rows == 4
    assert y_net.problems == []


def test_y_network_metrics(y_net):
    a = reach_of_fid(y_net, 0)
    b = reach_of_fid(y_net, 1)
    c = reach_of_fid(y_net, 2)
    r = y_net.reaches

    assert r["strahler"][a] == 1
    assert r["strahler"][b] == 1
    assert r["strahler"][c] == 2
    assert r["shreve"][c] == 2
    assert r["length_m"][a] == pytest.approx(LENGTH_A)
    assert r["length_m"][c] == pytest.approx(LENGTH_C)
    assert r["upstream_length_m"][c] == pytest.approx(
        LENGTH_A + LENGTH_B + LENGTH_C
    )
    assert r["max_upstream_distance_m"][c] == pytest.approx(
        LENGTH_A + LENGTH_C
    )
    assert r["distance_to_outlet_m"][a] == pytest.approx(LENGTH_C)
    assert r["distance_to_outlet_m"][c] == 0.0

    # Line 0 is the longer and has the outlet's name, so it is the main stem.
    assert r["main_stem_id"][a] == c
    assert r["main_stem_id"][b] == b
    assert r["hack"][a] == 1
    assert r["hack"][b] == 2
    assert r["basin_id"].tolist() == [r["to_node"][c]] * 3
    assert r["to_node"][a] == r["from_node"][c]
    assert r["to_node"][b] == r["from_node"][c]
    assert r["name"][a] == "Le Bief"
    assert r["name"][b] == "La Combe"


def test_reach_columns_dtypes_and_lengths(y_net):
    r = y_net.reaches
    assert set(REACH_DTYPES) | {"source_fids", "geometry"} == set(r)
    for name, dtype in REACH_DTYPES.items():
        assert r[name].dtype == dtype, name
        assert r[name].shape == (3,), name
    assert r["reach_id"].tolist() == [0, 1, 2]
    assert len(r["source_fids"]) == 3
    assert len(r["geometry"]) == 3
    assert all(w.startswith("LINESTRING") for w in r["geometry"])


def test_node_columns_dtypes_and_kinds(y_net):
    n = y_net.nodes
    assert set(NODE_DTYPES) == set(n)
    for name, dtype in NODE_DTYPES.items():
        assert n[name].dtype == dtype, name
        assert n[name].shape == (4,), name
    assert sorted(n["kind"].tolist()) == [
        "confluence", "outlet", "source", "source"
    ]
    outlet = n["kind"].tolist().index("outlet")
    assert n["x"][outlet] == pytest.approx(X0 + 100.0)
    assert n["y"][outlet] == pytest.approx(Y0)
    assert n["in_degree"][outlet] == 1
    assert n["out_degree"][outlet] == 0
    # Without a region profile's [outlets], every sink is "sink".
    assert n["outlet"].tolist().count("sink") == 1
    assert n["outlet"][outlet] == "sink"


def test_columns_cached_and_read_only(y_net):
    first = y_net.reaches["strahler"]
    assert y_net.reaches["strahler"] is first
    with pytest.raises(ValueError):
        first[0] = 7
    with pytest.raises(KeyError, match="strahler"):
        y_net.reaches["strahlr"]


def test_table_mapping_interface(y_net):
    assert repr(y_net.reaches).startswith("<georiviere.Table of 3 reaches:")
    assert len(y_net.nodes) == 7
    assert list(y_net.nodes) == list(y_net.nodes.columns)
    assert "kind" in y_net.nodes
    assert dict(y_net.nodes)["x"] is y_net.nodes["x"]


def test_reach_geometry_views_vertices(y_net):
    a = reach_of_fid(y_net, 0)
    geometry = y_net.reach_geometry(a)
    assert geometry.xy.dtype == np.float64
    assert geometry.xy.shape == (2, 2)
    assert geometry.xy[0].tolist() == [X0, Y0 + 200.0]
    assert geometry.xy[1].tolist() == [X0 + 100.0, Y0 + 100.0]
    assert geometry.z is None
    assert geometry.m is None
    assert not geometry.xy.flags.writeable
    with pytest.raises(IndexError, match="out of range"):
        y_net.reach_geometry(3)


def test_reach_geometry_outlives_network(y_path):
    net = georiviere.build_network(y_path)
    a = reach_of_fid(net, 0)
    xy = net.reach_geometry(a).xy
    # Both calls view the same vertices in the network's memory.
    assert np.shares_memory(xy, net.reach_geometry(a).xy)
    del net
    gc.collect()
    assert xy[0].tolist() == [X0, Y0 + 200.0]


def test_upstream_and_downstream_queries(y_net):
    a = reach_of_fid(y_net, 0)
    b = reach_of_fid(y_net, 1)
    c = reach_of_fid(y_net, 2)

    upstream = y_net.upstream(c)
    assert upstream.dtype == np.int64
    assert sorted(upstream.tolist()) == sorted([a, b])
    assert y_net.upstream(a).tolist() == []

    downstream = y_net.downstream(a)
    assert downstream.dtype == np.int64
    assert downstream.tolist() == [c]
    assert y_net.downstream(c).tolist() == []
    with pytest.raises(IndexError):
        y_net.upstream(-1)


def test_path_between_reaches(y_net):
    a = reach_of_fid(y_net, 0)
    b = reach_of_fid(y_net, 1)
    c = reach_of_fid(y_net, 2)
    assert y_net.path(a, c).tolist() == [a, c]
    assert y_net.path(c, a).tolist() == [c, a]
    # Two tributaries connect through their confluence.
    assert y_net.path(a, b).tolist() == [a, b]
    assert y_net.path(a, a).tolist() == [a]


def test_locate_point_near_reach(y_net):
    c = reach_of_fid(y_net, 2)
    # 3 m east of the middle of line 2, which runs south from y = 100.
    location = y_net.locate(X0 + 103.0, Y0 + 50.0, 10.0)
    assert location is not None
    assert location["reach_id"] == c
    assert location["measure_m"] == pytest.approx(50.0)
    assert location["offset_m"] == pytest.approx(3.0)
    assert location["x"] == pytest.approx(X0 + 100.0)
    assert location["y"] == pytest.approx(Y0 + 50.0)
    assert y_net.locate(X0 + 500.0, Y0 + 50.0, 10.0) is None
    with pytest.raises(ValueError):
        y_net.locate(X0, Y0, -1.0)


def test_locate_many_points(y_net):
    c = reach_of_fid(y_net, 2)
    xs = [X0 + 103.0, X0 + 500.0, float("nan")]
    ys = [Y0 + 50.0, Y0 + 50.0, Y0]
    found = y_net.locate_many(xs, ys, 10.0)
    assert found["reach_id"].tolist() == [c, -1, -1]
    assert found["measure_m"][0] == pytest.approx(50.0)
    assert found["offset_m"][0] == pytest.approx(3.0)
    assert np.isnan(found["offset_m"][1])
    assert np.isnan(found["x"][2])
    with pytest.raises(ValueError, match="same length"):
        y_net.locate_many([X0], [Y0, Y0], 10.0)


def test_duplicate_line_is_a_problem(duplicate_path):
    net = georiviere.build_network(duplicate_path)
    assert len(net) == 3
    kinds = [p.kind for p in net.problems]
    assert kinds == ["duplicate"]
    problem = net.problems[0]
    assert isinstance(problem, georiviere.Problem)
    assert set(problem.source_fids) & {0, 3}
    assert problem.message
    assert problem.wkt.startswith(("LINESTRING", "MULTILINESTRING"))


def test_path_like_and_crs_arguments(y_path):
    net = georiviere.build_network(pathlib.Path(y_path), crs=2154)
    assert len(net) == 3
    assert "Lambert-93" in net.crs_wkt
    assert "Lambert-93" in repr(net)
    assert "3 reaches" in repr(net)


def test_build_from_wkt_lines():
    lines = [
        "LINESTRING (0 200, 100 100)",
        "LINESTRING (150 150, 100 100)",
        "LINESTRING (100 100, 100 0)",
    ]
    net = georiviere.build_network_from_wkt(lines)
    assert len(net) == 3
    assert sorted(net.reaches["shreve"].tolist()) == [1, 1, 2]
    assert net.crs_wkt == ""


def test_snap_tolerance_joins_near_ends(tmp_path):
    from inline_inputs import line_strings, write_geojson

    # Line 1 ends 0.5 m short of the confluence.
    lines = [
        [(0.0, 200.0), (100.0, 100.0)],
        [(150.0, 150.0), (100.5, 100.0)],
        [(100.0, 100.0), (100.0, 0.0)],
    ]
    path = write_geojson(tmp_path / "gap.geojson", line_strings(lines))
    apart = georiviere.build_network(path)
    joined = georiviere.build_network(path, snap_tolerance=1.0)
    assert max(apart.reaches["strahler"]) == 1
    assert max(joined.reaches["strahler"]) == 2
    assert "gap" in [p.kind for p in apart.problems]


def test_source_attributes_by_feature(y_net):
    table = y_net.source_attributes
    assert table.columns == ("fid", "nom")
    assert table.num_rows == 3
    assert table["fid"].tolist() == [0, 1, 2]
    assert table["nom"].tolist() == ["Le Bief", "La Combe", "Le Bief"]


def test_reach_attributes_nulls_and_types(tmp_path):
    from inline_inputs import line_strings, write_geojson

    # Lines 0 and 1 form one reach: their "code" values agree and their
    # "debit" values do not.
    lines = [
        [(0.0, 200.0), (0.0, 100.0)],
        [(0.0, 100.0), (0.0, 0.0)],
        [(50.0, 50.0), (60.0, 40.0)],
    ]
    properties = [
        {"code": 7, "debit": 1.5, "etat": "permanent"},
        {"code": 7, "debit": 2.5, "etat": "permanent"},
        {"code": None, "debit": 0.5, "etat": None},
    ]
    path = write_geojson(
        tmp_path / "attributes.geojson",
        line_strings(lines),
        properties=properties,
    )
    net = georiviere.build_network(path)
    assert len(net) == 2
    joined = reach_of_fids(net, [0, 1])
    single = reach_of_fids(net, [2])
    attributes = net.reach_attributes

    assert attributes["code"].dtype == np.float64
    assert attributes["code"][joined] == 7.0
    assert np.isnan(attributes["code"][single])
    assert np.isnan(attributes["debit"][joined])
    assert attributes["debit"][single] == 0.5
    assert attributes["etat"].dtype == np.object_
    assert attributes["etat"][joined] == "permanent"
    assert attributes["etat"][single] is None
    assert net.source_attributes["code"].tolist()[:2] == [7.0, 7.0]
