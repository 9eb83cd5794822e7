"""Tests of `georiviere network --region`: a region profile configures the
pipeline, and explicit options override it."""

import json

import pytest

from network_checks import (Network, check_every_reach_reaches_outlet,
                            check_node_degrees,
                            check_shreve_sums_at_confluences,
                            check_strahler_never_decreases, read_layer)

# Lambert-93 offsets that put the inline coordinates inside France.
X0 = 800000.0
Y0 = 6500000.0


def check_invariants(network):
    check_node_degrees(network)
    check_strahler_never_decreases(network)
    check_shreve_sums_at_confluences(network)
    check_every_reach_reaches_outlet(network)


def write_lines(path, lines):
    """Write LineStrings in local coordinates, shifted by (X0, Y0), to a
    GeoJSON file in Lambert-93."""
    features = [
        {"type": "Feature", "id": i, "properties": {"n": i},
         "geometry": {"type": "LineString",
                      "coordinates": [[X0 + x, Y0 + y] for x, y in line]}}
        for i, line in enumerate(lines)
    ]
    crs = {"type": "name",
           "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}}
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": crs,
                                "features": features}))
    return path


def region_lines(stdout):
    return [line for line in stdout.splitlines()
            if line.startswith("region:")]


# Two streams: one sinks at (10, 0), the other resurges at (100, 0).
KARST_LINES = [[(0.0, 0.0), (10.0, 0.0)], [(100.0, 0.0), (200.0, 0.0)]]

KARST_CATALOGUE = f"""
[catalogue]
name = "Causses"

[regions.causse]
base = "generic"
[regions.causse.crs]
epsg = 2154
[[regions.causse.karst.links]]
name = "Perte du ruisseau"
sink = [{X0 + 10.0}, {Y0}]
resurgence = [{X0 + 100.0}, {Y0}]

[regions.plain]
base = "generic"
[regions.plain.crs]
epsg = 2154
"""


def basin_ids(path):
    return {reach["basin_id"] for reach in Network(path).reaches}


def test_karst_link_joins_basins(run, tmp_path):
    source = write_lines(tmp_path / "karst.geojson", KARST_LINES)
    catalogue = tmp_path / "causses.toml"
    catalogue.write_text(KARST_CATALOGUE)

    plain = tmp_path / "plain.gpkg"
    run("network", source, "--region", "plain", "--catalogue", catalogue,
        "-o", plain, check=0)
    assert len(basin_ids(plain)) == 2

    joined = tmp_path / "joined.gpkg"
    result = run("network", source, "--region", "causse", "--catalogue",
                 catalogue, "-o", joined, check=0)
    assert "region: causse (region 'causse' of catalogue" in result.stdout
    assert "region: 1 karst links added, 0 skipped" in result.stdout
    network = Network(joined)
    assert len(network.reaches) == 3
    assert len(basin_ids(joined)) == 1
    check_invariants(network)


def test_outlets_line_layer_names_profile_key(run, tmp_path):
    source = write_lines(tmp_path / "lines.geojson", [
        [(0.0, 0.0), (10.0, 0.0)], [(10.0, 0.0), (28.0, 0.0)]])
    profile = tmp_path / "coast.toml"
    profile.write_text(f"""
[region]
base = "generic"
[outlets]
method = "polygon_layer"
path = "{source}"
""")
    result = run("network", source, "--region", profile, "-o",
                 tmp_path / "out.gpkg", check=2)
    assert "[outlets] path of region profile" in result.stderr
    assert "choose a polygon layer with [outlets] path and layer" \
        in result.stderr, result.stderr
    assert "--layer" not in result.stderr


def test_outlets_from_sea_polygons(run, tmp_path):
    # A river reaching the sea east of x = 30, and a tributary digitised
    # from the confluence up, which makes a sink at (10, 10).
    source = write_lines(tmp_path / "lines.geojson", [
        [(0.0, 0.0), (10.0, 0.0)], [(10.0, 0.0), (28.0, 0.0)],
        [(10.0, 0.0), (10.0, 10.0)]])
    sea = tmp_path / "sea.geojson"
    ring = [[X0 + x, Y0 + y] for x, y in
            ((30, -50), (80, -50), (80, 50), (30, 50), (30, -50))]
    sea.write_text(json.dumps({
        "type": "FeatureCollection",
        "crs": {"type": "name",
                "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
        "features": [{"type": "Feature", "properties": {},
                      "geometry": {"type": "Polygon",
                                   "coordinates": [ring]}}]}))
    profile = tmp_path / "coast.toml"
    profile.write_text(f"""
[region]
base = "generic"
[outlets]
method = "polygon_layer"
path = "{sea}"
distance_m = 5.0
""")
    output = tmp_path / "coast.gpkg"
    result = run("network", source, "--region", profile, "-o", output,
                 check=0)
    assert ("region: outlets by polygon_layer (1 polygons): 1 known "
            "outlets, 1 unexpected sinks" in region_lines(result.stdout))
    nodes = read_layer(output, "nodes")
    by_outlet = {}
    for node in nodes:
        by_outlet.setdefault(node["outlet"], []).append(
            (round(node["geometry"].GetX() - X0, 6),
             round(node["geometry"].GetY() - Y0, 6)))
    assert by_outlet["known"] == [(28.0, 0.0)]
    assert by_outlet["sink"] == [(10.0, 10.0)]
    problems = [p for p in read_layer(output, "problems")
                if p["kind"] == "unexpected_sink"]
    assert len(problems) == 1
    assert "not a known outlet" in problems[0]["message"]


def test_nodes_have_no_outlet_field_without_outlets(run, tmp_path):
    source = write_lines(tmp_path / "lines.geojson",
                         [[(0.0, 0.0), (10.0, 0.0)]])
    output = tmp_path / "plain.gpkg"
    run("network", source, "--region", "generic", "--crs", "EPSG:2154",
        "-o", output, check=0)
    assert "outlet" not in read_layer(output, "nodes")[0]


def test_profile_file_with_base(run, tmp_path):
    source = write_lines(tmp_path / "karst.geojson", KARST_LINES)
    profile = tmp_path / "causse.toml"
    profile.write_text(
        '[region]\nbase = "generic"\n[crs]\nepsg = 2154\n'
        f'[[karst.links]]\nname = "Perte"\nsink = [{X0 + 10.0}, {Y0}]\n'
        f'resurgence = [{X0 + 100.0}, {Y0}]\n')
    output = tmp_path / "out.gpkg"
    result = run("network", source, "--region", profile, "-o", output,
                 check=0)
    assert f"region: causse (profile file {profile})" in result.stdout
    assert len(basin_ids(output)) == 1


def test_config_error_is_one_line(run, tmp_path):
    source = write_lines(tmp_path / "lines.geojson", KARST_LINES)
    profile = tmp_path / "bad.toml"
    profile.write_text('[region]\nbase = "generic"\n[topology]\n'
                       'snap_tolerence_m = 2.0\n')
    output = tmp_path / "out.gpkg"
    result = run("network", source, "--region", profile, "-o", output,
                 check=2)
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1
    assert f"{profile}:4" in errors[0]
    assert "snap_tolerence_m" in errors[0]
    assert "did you mean 'snap_tolerance_m'" in errors[0]
    assert result.stdout == ""
    assert not output.exists()


def test_unknown_preset_exits_with_2(run, tmp_path):
    source = write_lines(tmp_path / "lines.geojson", KARST_LINES)
    result = run("network", source, "--region", "bdtopoo", "-o",
                 tmp_path / "out.gpkg", check=2)
    assert "did you mean 'bdtopo'" in result.stderr


def test_catalogue_needs_catalogue_option(run, tmp_path):
    source = write_lines(tmp_path / "lines.geojson", KARST_LINES)
    catalogue = tmp_path / "causses.toml"
    catalogue.write_text(KARST_CATALOGUE)
    result = run("network", source, "--region", catalogue, "-o",
                 tmp_path / "out.gpkg", check=2)
    assert "--catalogue" in result.stderr
    result = run("network", source, "--region", "jura", "--catalogue",
                 catalogue, "-o", tmp_path / "out.gpkg", check=2)
    assert "causse" in result.stderr


def test_missing_profile_field_exits_with_2(run, tmp_path):
    source = write_lines(tmp_path / "lines.geojson", KARST_LINES)
    result = run("network", source, "--region", "bdtopo_v2", "-o",
                 tmp_path / "out.gpkg", check=2)
    assert "z_ini" in result.stderr
    assert "[direction] z_start_field" in result.stderr


# Real data.

def test_culet_bdtopo_v2(run, shared_data, tmp_path):
    source = shared_data / "vector/culet/network0.gml"
    output = tmp_path / "culet.gpkg"
    # The preset supplies the CRS the file lacks, and orients the lines
    # from z_ini and z_fin.
    result = run("network", source, "--region", "bdtopo_v2", "-o", output,
                 check=0)
    lines = region_lines(result.stdout)
    assert lines[0] == "region: bdtopo_v2 (built-in preset)"
    assert ("region: 9 lines reversed (0 by the direction field, 9 by "
            "elevation fields, 0 by vertex Z, 0 by the DEM, 0 away from "
            "outlets)"
            in lines[1])
    assert "snap tolerance 0.5 m" in lines[2]
    network = Network(output)
    assert network.problem_counts().get("unknown_direction", 0) == 0
    check_node_degrees(network)


def test_explicit_options_override(run, shared_data, tmp_path):
    source = shared_data / "vector/culet/network0.gml"
    output = tmp_path / "culet.gpkg"
    result = run("network", source, "--region", "bdtopo_v2",
                 "--snap-tolerance", 0, "--gap-tolerance", 3,
                 "--split-crossings", "-o", output, check=0)
    assert ("region: geometric topology, snap tolerance 0 m, gap tolerance "
            "3 m, crossings split") in result.stdout


def test_yzeron_bdtopo_v2(run, shared_data, tmp_path):
    source = shared_data / "vector/yzeron/hydrography3.shp"
    # The Yzeron extract has no z_ini and z_fin; its lines are digitised
    # downstream.
    profile = tmp_path / "yzeron.toml"
    profile.write_text('[region]\nbase = "bdtopo_v2"\n[direction]\n'
                       'chain = ["digitized"]\nz_start_field = ""\n'
                       'z_end_field = ""\n')
    output = tmp_path / "yzeron.gpkg"
    result = run("network", source, "--region", profile, "-o", output,
                 check=0)
    assert "region: 0 lines reversed" in result.stdout
    network = Network(output)
    assert len(network.reaches) > 100
    check_invariants(network)


def test_liechtenstein_osm(run, shared_data, tmp_path):
    source = (shared_data
              / "vector/liechtenstein/liechtenstein-2013-08-03.osm.pbf")
    output = tmp_path / "osm.gpkg"
    result = run("network", source, "--region", "osm", "-o", output, check=0)
    lines = region_lines(result.stdout)
    assert ("region: 3 lines dropped by class (waterway=dam 1, "
            "waterway=riverbank 2), 25 kept as artificial") in lines
    assert ("region: 0 lines above and 10 below the ground, not noded with "
            "the lines they cross") in lines
    assert "input: 76 line parts" in result.stdout
    network = Network(output)
    waterways = {reach["waterway"] for reach in network.reaches}
    assert "riverbank" not in waterways
    assert "dam" not in waterways
    assert {"canal", "drain", "ditch"} <= waterways
    check_node_degrees(network)


def test_walker_nhdplus(run, shared_data, tmp_path):
    source = shared_data / "vector/walker/walker.gpkg"
    output = tmp_path / "walker.gpkg"
    result = run("network", source, "--region", "nhdplus", "-o", output,
                 check=0)
    assert ("region: trusted topology from fields (from_to_nodes), 0 "
            "mismatches, 0 minor branches marked") in result.stdout
    network = Network(output)
    assert len(network.reaches) == 51
    assert network.problem_counts() == {}
    assert network.node_counts() == {"outlet": 1, "source": 26,
                                     "confluence": 25}
    check_invariants(network)


def test_direction_dem_off_lines_warns(run, tmp_path):
    from osgeo import gdal, osr

    source = write_lines(tmp_path / "lines.geojson", [[(0.0, 0.0),
                                                       (10.0, 0.0)]])
    # A DEM 50 km east of the line.
    dem = tmp_path / "far.tif"
    dataset = gdal.GetDriverByName("GTiff").Create(str(dem), 4, 4, 1,
                                                   gdal.GDT_Float32)
    dataset.SetGeoTransform((X0 + 50_000, 10.0, 0.0, Y0 + 20, 0.0, -10.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).Fill(100.0)
    dataset = None
    profile = tmp_path / "dem.toml"
    profile.write_text(f"""
[region]
base = "generic"
[direction]
chain = ["dem", "digitized"]
dem_path = "{dem}"
""")
    result = run("network", source, "--region", profile, "-o",
                 tmp_path / "out.gpkg", check=0)
    assert ("warning: the [direction] DEM decided none of the 1 lines"
            in result.stderr), result.stderr
