"""Runs `georiviere network` on the sample, on bad input and on real data."""

import math
from pathlib import Path

import pytest
from osgeo import ogr

from network_checks import (Network, check_every_reach_reaches_outlet,
                            check_node_degrees,
                            check_shreve_sums_at_confluences,
                            check_strahler_never_decreases, duplicate_length,
                            input_length, layer_crs)

REACH_FIELDS = [
    "reach_id", "from_node", "to_node", "length_m", "strahler", "shreve",
    "hack", "upstream_length_m", "distance_to_outlet_m",
    "max_upstream_distance_m", "main_stem_id", "basin_id", "source_fids",
]


def field_names(path, layer):
    # The dataset must outlive its layer, or GDAL's bindings crash.
    dataset = ogr.Open(str(path))
    definition = dataset.GetLayerByName(layer).GetLayerDefn()
    return [definition.GetFieldDefn(i).GetName()
            for i in range(definition.GetFieldCount())]


def check_invariants(network):
    check_node_degrees(network)
    check_strahler_never_decreases(network)
    check_shreve_sums_at_confluences(network)
    check_every_reach_reaches_outlet(network)


# The sample is drawn by testdata/make_sample.py; its comments list the
# defects. With a 1 m tolerance the 0.3 m gap closes, line 2 is split by the
# T-junction, the duplicate of line 14 is dropped and lines 19 and 8 merge,
# which leaves 20 reaches.
def test_sample_network(run, sample, tmp_path):
    output = tmp_path / "sample.gpkg"
    result = run("network", sample, "--snap-tolerance", 1, "--name-field",
                 "nom", "-o", output, check=0)
    assert f"output: {output}" in result.stdout
    assert "reaches: 20" in result.stdout

    assert field_names(output, "reaches")[:len(REACH_FIELDS)] == REACH_FIELDS
    assert field_names(output, "reaches")[len(REACH_FIELDS):] == [
        "id", "nom", "regime"]
    assert field_names(output, "nodes") == [
        "node_id", "kind", "in_degree", "out_degree"]
    assert field_names(output, "problems")[:2] == ["kind", "message"]

    network = Network(output)
    assert len(network.reaches) == 20
    assert network.problem_counts() == {
        "duplicate": 1, "gap": 1, "crossing": 1, "reversed": 1,
        "diffluence": 2, "disconnected": 3, "multiple_outlets": 1}
    check_invariants(network)

    outlet_reach = next(r for r in network.reaches if r["source_fids"] == "7")
    assert outlet_reach["strahler"] == 3
    assert outlet_reach["distance_to_outlet_m"] == 0.0
    assert outlet_reach["hack"] == 1
    assert outlet_reach["nom"] == "La Valserine"
    merged = next(r for r in network.reaches if r["source_fids"] == "19,8")
    assert merged["strahler"] == 1
    assert merged["nom"] == "Ruisseau des Combes"
    # Lines 19 and 8 differ in regime, so the merged reach has none.
    assert merged["regime"] is None


def test_sample_lengths_add_up(run, sample, tmp_path):
    output = tmp_path / "sample.gpkg"
    run("network", sample, "--snap-tolerance", 1, "-o", output, check=0)
    network = Network(output)
    expected = input_length(sample) - duplicate_length(network)
    # Snapping moves a few line ends by less than the 1 m tolerance.
    assert network.total_length() == pytest.approx(expected, abs=2.0)


def test_existing_output_needs_overwrite(run, sample, tmp_path):
    output = tmp_path / "sample.gpkg"
    output.write_bytes(b"keep me")
    result = run("network", sample, "-o", output, check=2)
    assert "--overwrite" in result.stderr
    assert output.read_bytes() == b"keep me"
    run("network", sample, "-o", output, "--overwrite", check=0)
    dataset = ogr.Open(str(output))
    assert dataset.GetLayerByName("reaches") is not None


def test_output_never_replaces_input(run, sample, tmp_path):
    source = tmp_path / "rivers.gpkg"
    ogr.GetDriverByName("GPKG").CopyDataSource(ogr.Open(str(sample)),
                                               str(source))
    before = source.read_bytes()
    result = run("network", source, "-o", source, "--overwrite", check=2)
    assert "input" in result.stderr
    assert source.read_bytes() == before


def test_single_layer_output_beside_input(run, sample, tmp_path):
    # A GeoJSON output goes to NAME_reaches.geojson and so on, so the
    # files of -o rivers_net.geojson land beside the input.
    copy = tmp_path / "rivers.geojson"
    copy.write_bytes(sample.read_bytes())
    run("network", copy, "-o", tmp_path / "rivers_net.geojson", check=0)
    assert copy.read_bytes() == sample.read_bytes()
    assert (tmp_path / "rivers_net_reaches.geojson").exists()


@pytest.mark.parametrize("name", ["rivers.geojson", "rivers.shp"])
def test_single_layer_output_equal_to_input(run, sample, tmp_path, name):
    # Each layer would go to its own file, NAME_reaches and so on, so no
    # file is the input, but an -o equal to the input is still a mistake.
    source = tmp_path / name
    driver = "GeoJSON" if name.endswith(".geojson") else "ESRI Shapefile"
    ogr.GetDriverByName(driver).CopyDataSource(ogr.Open(str(sample)),
                                               str(source))
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("network", source, "-o", source, "--overwrite", check=2)
    assert f"output {source} is the input" in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("case, content, expected", [
    ("missing", None, "not found"),
    ("points.geojson",
     '{"type":"FeatureCollection","crs":{"type":"name","properties":'
     '{"name":"urn:ogc:def:crs:EPSG::2154"}},"features":[{"type":"Feature",'
     '"properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}',
     "LineString"),
    ("empty.geojson",
     '{"type":"FeatureCollection","crs":{"type":"name","properties":'
     '{"name":"urn:ogc:def:crs:EPSG::2154"}},"features":[]}',
     "no line"),
    # GeoJSON without a "crs" member is WGS 84 by definition, so use CSV.
    ("nocrs.csv", 'WKT,id\n"LINESTRING (0 0,100 100)",1\n', "--crs"),
])
def test_bad_input_exits_with_2(run, tmp_path, case, content, expected):
    path = tmp_path / case
    if content is not None:
        path.write_text(content)
    output = tmp_path / "out.gpkg"
    result = run("network", path, "-o", output, check=2)
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not output.exists()
    assert list(tmp_path.glob("*.tmp*")) == []
    assert list(tmp_path.glob(".*")) == []


def test_unknown_layer_names_layers(run, sample, tmp_path):
    result = run("network", sample, "--layer", "nope", "-o",
                 tmp_path / "out.gpkg", check=2)
    assert "nope" in result.stderr
    assert "rivers" in result.stderr


def test_unknown_name_field(run, sample, tmp_path):
    result = run("network", sample, "--name-field", "nope", "-o",
                 tmp_path / "out.gpkg", check=2)
    assert "nope" in result.stderr


def test_geojson_output_one_file_per_layer(run, sample, tmp_path):
    output = tmp_path / "net.geojson"
    run("network", sample, "--snap-tolerance", 1, "-o", output, check=0)
    for layer in ("reaches", "nodes", "problems"):
        assert (tmp_path / f"net_{layer}.geojson").exists()


# Real data: each run checks the invariants that hold on any network.

def run_real(run, tmp_path, source, *options):
    output = tmp_path / "network.gpkg"
    run("network", source, *options, "-o", output, check=0)
    network = Network(output)
    check_invariants(network)
    return network, output


def test_yzeron(run, shared_data, tmp_path):
    source = shared_data / "vector/yzeron/hydrography3.shp"
    network, _ = run_real(run, tmp_path, source, "--snap-tolerance", 1,
                          "--name-field", "nom")
    assert len(network.reaches) > 100
    expected = input_length(source) - duplicate_length(network)
    assert network.total_length() == pytest.approx(expected, rel=1e-4)
    assert check_shreve_sums_at_confluences(network) > 50


def test_culet_needs_crs(run, shared_data, tmp_path):
    source = shared_data / "vector/culet/network0.gml"
    result = run("network", source, "-o", tmp_path / "out.gpkg", check=2)
    assert "--crs" in result.stderr
    network, _ = run_real(run, tmp_path, source, "--crs", "EPSG:2154",
                          "--snap-tolerance", 1)
    expected = input_length(source) - duplicate_length(network)
    assert network.total_length() == pytest.approx(expected, rel=1e-4)


def test_liechtenstein_osm(run, shared_data, tmp_path):
    source = shared_data / "vector/liechtenstein/liechtenstein-2013-08-03.osm.pbf"
    where = "waterway IN ('river','stream','canal','drain','ditch')"
    network, output = run_real(run, tmp_path, source, "--layer", "lines",
                               "--where", where, "--snap-tolerance", 1)
    assert len(network.reaches) > 20
    crs = layer_crs(output, "reaches")
    assert crs.IsProjected()
    assert crs.GetUTMZone() == 32
    expected = input_length(source, "lines", where, target=crs)
    expected -= duplicate_length(network)
    assert network.total_length() == pytest.approx(expected, rel=1e-3)


def test_walker_nhdplus(run, shared_data, tmp_path):
    source = shared_data / "vector/walker/walker.gpkg"
    network, output = run_real(run, tmp_path, source, "--snap-tolerance", 1)
    crs = layer_crs(output, "reaches")
    assert crs.GetUTMZone() == 10
    expected = input_length(source, target=crs) - duplicate_length(network)
    assert network.total_length() == pytest.approx(expected, rel=1e-3)
    outlets = [n for n in network.nodes if n["kind"] == "outlet"]
    assert len(outlets) >= 1
    assert not math.isnan(network.total_length())


@pytest.mark.parametrize("text", ["foo", "Belge", "RGF93 v1 / Lambert-93"])
def test_crs_rejects_bare_name(run, sample, tmp_path, text):
    # PROJ would take a word as the name of a CRS that contains it.
    output = tmp_path / "out.gpkg"
    result = run("network", sample, "--crs", text, "-o", output, check=2)
    assert f"invalid CRS '{text}'" in result.stderr, result.stderr
    assert "EPSG:2154" in result.stderr
    assert not output.exists()


@pytest.mark.parametrize("text", [
    "2154", "EPSG:2154", "urn:ogc:def:crs:EPSG::2154",
    "+proj=utm +zone=31 +datum=WGS84 +units=m +no_defs"])
def test_crs_accepts_codes_and_proj_strings(run, sample, tmp_path, text):
    run("network", sample, "--crs", text, "-q", "-o", tmp_path / "out.gpkg",
        check=0)
