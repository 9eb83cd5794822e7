"""Networks built from real data in ../shared/data; skipped without it."""

import numpy as np
import pytest

import georiviere


@pytest.fixture(scope="module")
def yzeron(shared_data):
    path = shared_data / "vector" / "yzeron" / "hydrography3.shp"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return georiviere.build_network(path, snap_tolerance=1.0, name_field="nom")


def test_yzeron_builds_reaches(yzeron):
    assert len(yzeron) > 0
    # The .prj names Lambert-93 in its ESRI form.
    assert "Lambert 93" in yzeron.crs_wkt
    lengths = yzeron.reaches["length_m"]
    assert np.all(lengths > 0.0)
    # Every one of the 542 source features ends up in a reach or a problem.
    fids = {fid for fids in yzeron.reaches["source_fids"] for fid in fids}
    for problem in yzeron.problems:
        fids.update(problem.source_fids)
    assert len(fids) == 542


def test_yzeron_node_degrees_match_reaches(yzeron):
    r = yzeron.reaches
    n = yzeron.nodes
    assert n["in_degree"].sum() == len(yzeron)
    assert n["out_degree"].sum() == len(yzeron)
    in_counts = np.bincount(r["to_node"], minlength=n.num_rows)
    out_counts = np.bincount(r["from_node"], minlength=n.num_rows)
    assert in_counts.tolist() == n["in_degree"].tolist()
    assert out_counts.tolist() == n["out_degree"].tolist()
    sources = n["kind"] == "source"
    outlets = n["kind"] == "outlet"
    assert np.all(n["in_degree"][sources] == 0)
    assert np.all(n["out_degree"][outlets] == 0)
    assert outlets.sum() >= 1


def test_yzeron_strahler_never_decreases_downstream(yzeron):
    r = yzeron.reaches
    strahler = r["strahler"]
    minor = r["is_minor_branch"]
    in_cycle = r["in_cycle"]
    starting_at = {}
    for reach_id, node in enumerate(r["from_node"]):
        starting_at.setdefault(int(node), []).append(reach_id)
    checked = 0
    for reach_id in range(len(yzeron)):
        if minor[reach_id] or in_cycle[reach_id]:
            continue
        for below in starting_at.get(int(r["to_node"][reach_id]), []):
            if minor[below] or in_cycle[below]:
                continue
            assert strahler[below] >= strahler[reach_id], (reach_id, below)
            checked += 1
    assert checked > 0


def test_yzeron_basins_cover_acyclic_reaches(yzeron):
    r = yzeron.reaches
    acyclic = ~r["in_cycle"]
    assert np.all(r["basin_id"][acyclic] >= 0)
    assert np.all(r["basin_id"][acyclic] < yzeron.nodes.num_rows)
    assert np.all(r["strahler"][acyclic] >= 1)
    # basin_id is the id of an outlet node, or of a node of a cycle that
    # has no way out.
    outlets = yzeron.nodes["kind"] == "outlet"
    allowed = set(yzeron.nodes["node_id"][outlets].tolist())
    allowed.update(r["from_node"][r["in_cycle"]].tolist())
    assert set(r["basin_id"][acyclic].tolist()) <= allowed


def test_yzeron_upstream_of_outlet_reach(yzeron):
    r = yzeron.reaches
    outlet_reaches = np.flatnonzero(
        (r["distance_to_outlet_m"] == 0.0) & ~r["in_cycle"]
    )
    largest = outlet_reaches[np.argmax(r["upstream_length_m"][outlet_reaches])]
    upstream = yzeron.upstream(int(largest))
    assert len(upstream) > 10
    downstream = yzeron.downstream(int(upstream[0]))
    assert int(largest) in downstream.tolist()


def test_yzeron_geodataframe_matches_columns(yzeron):
    pytest.importorskip("geopandas")
    frame = yzeron.to_geodataframe()
    assert len(frame) == len(yzeron)
    assert frame.crs.to_epsg() == 2154
    assert frame.geometry.has_z.all()
    assert frame.geometry.length.to_numpy() == pytest.approx(
        yzeron.reaches["length_m"], rel=1e-9
    )


def test_yzeron_where_filter_keeps_permanent(shared_data):
    path = shared_data / "vector" / "yzeron" / "hydrography3.shp"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    net = georiviere.build_network(path, where="regime = 'Permanent'")
    regimes = set(net.source_attributes["regime"].tolist())
    assert regimes == {"Permanent"}
    assert 0 < net.source_attributes.num_rows < 542


def test_liechtenstein_osm_reprojected_to_utm(shared_data):
    path = (
        shared_data / "vector" / "liechtenstein"
        / "liechtenstein-2013-08-03.osm.pbf"
    )
    if not path.exists():
        pytest.skip(f"{path} is absent")
    net = georiviere.build_network(
        path,
        layer="lines",
        where="waterway IN ('river', 'stream', 'canal', 'drain', 'ditch')",
        snap_tolerance=1.0,
    )
    # The README counts 4 + 44 + 5 + 18 + 2 ways of these kinds.
    assert net.source_attributes.num_rows == 73
    assert "UTM zone 32N" in net.crs_wkt
    assert len(net) > 0
    waterways = set(net.source_attributes["waterway"].tolist())
    assert waterways <= {"river", "stream", "canal", "drain", "ditch"}
