"""Tests of `georiviere locate` and `georiviere segment` on inline inputs,
the sample and bad input."""

import json
import math
from collections import defaultdict

import pytest
from osgeo import ogr, osr

from network_checks import Network

LAMBERT_93 = {"type": "name",
              "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}}

# Lambert-93 offsets that put the inline coordinates inside France.
X0 = 800000.0
Y0 = 6500000.0

LOCATED_FIELDS = [
    "point_fid", "reach_id", "reach_measure_m", "offset_m", "side",
    "main_stem_id", "river_name", "distance_from_source_m",
    "distance_to_mouth_m", "distance_to_outlet_m", "kilometre_point",
    "snapped_x", "snapped_y",
]


def write_geojson(path, features, crs=LAMBERT_93):
    collection = {"type": "FeatureCollection", "features": features}
    if crs is not None:
        collection["crs"] = crs
    path.write_text(json.dumps(collection))
    return path


def line_feature(coordinates, **properties):
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "LineString", "coordinates": coordinates}}


def point_feature(x, y, **properties):
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "Point", "coordinates": [x, y]}}


def read_layer(path, layer):
    """Features of a layer as (attributes, (x, y) or None) pairs."""
    dataset = ogr.Open(str(path))
    assert dataset is not None, f"cannot open {path}"
    result = []
    for feature in dataset.GetLayerByName(layer):
        geometry = feature.GetGeometryRef()
        xy = None if geometry is None else (geometry.GetX(), geometry.GetY())
        result.append((feature.items(), xy))
    return result


def field_names(path, layer):
    dataset = ogr.Open(str(path))
    definition = dataset.GetLayerByName(layer).GetLayerDefn()
    return [definition.GetFieldDefn(i).GetName()
            for i in range(definition.GetFieldCount())]


@pytest.fixture
def diagonal(tmp_path):
    """One straight river from (X0 + 10000, Y0 + 10000), its source, to
    (X0 + 50000, Y0 + 50000), named "Diagonale"."""
    return write_geojson(tmp_path / "diagonal.geojson", [line_feature(
        [[X0 + 10000, Y0 + 10000], [X0 + 50000, Y0 + 50000]],
        nom="Diagonale")])


@pytest.fixture
def diagonal_points(tmp_path):
    """A point 14.142 m north-west of the line, one 1 km away from it."""
    return write_geojson(tmp_path / "points.geojson", [
        point_feature(X0 + 10000, Y0 + 10020, obs="erosion"),
        point_feature(X0 + 20000, Y0 + 21000, obs="far"),
    ])


def test_locate_diagonal_point(run, diagonal, diagonal_points, tmp_path):
    output = tmp_path / "located.gpkg"
    result = run("locate", diagonal, diagonal_points, "--name-field", "nom",
                 "-o", output, check=0)
    assert "located: 1 within 50 m, not located: 1" in result.stdout
    assert field_names(output, "located") == LOCATED_FIELDS + ["obs"]

    [(located, xy)] = read_layer(output, "located")
    assert xy == (X0 + 10000, Y0 + 10020)
    assert located["obs"] == "erosion"
    assert located["offset_m"] == pytest.approx(14.142, abs=5e-4)
    assert located["reach_measure_m"] == pytest.approx(14.142, abs=5e-4)
    # Looking downstream to the north-east, the point is on the left.
    assert located["side"] == "left"
    assert located["river_name"] == "Diagonale"
    length = 40000 * math.sqrt(2)
    assert located["distance_from_source_m"] == pytest.approx(14.142,
                                                              abs=5e-4)
    assert located["distance_to_mouth_m"] == pytest.approx(length - 14.142,
                                                           abs=5e-4)
    assert located["kilometre_point"] == pytest.approx(
        (length - 14.142) / 1000, abs=1e-6)
    assert located["snapped_x"] == pytest.approx(X0 + 10010)
    assert located["snapped_y"] == pytest.approx(Y0 + 10010)


def test_locate_reports_far_point(run, diagonal, diagonal_points, tmp_path):
    output = tmp_path / "located.gpkg"
    run("locate", diagonal, diagonal_points, "-o", output, check=0)
    [(far, xy)] = read_layer(output, "not_located")
    assert xy == (X0 + 20000, Y0 + 21000)
    assert far["obs"] == "far"
    assert far["status"] == "beyond_max_distance"
    assert far["nearest_distance_m"] == pytest.approx(1000 / math.sqrt(2))
    assert "no reach within 50.000 m" in far["reason"]


def test_locate_larger_max_distance(run, diagonal, diagonal_points, tmp_path):
    output = tmp_path / "located.gpkg"
    run("locate", diagonal, diagonal_points, "--max-distance", 1000, "-o",
        output, check=0)
    assert len(read_layer(output, "located")) == 2
    assert read_layer(output, "not_located") == []


def test_locate_region_kilometre_points(run, diagonal, diagonal_points,
                                        tmp_path):
    # bdtopage counts 1000 km at the mouth, decreasing upstream.
    profile = tmp_path / "pk.toml"
    profile.write_text('[region]\nbase = "generic"\n[crs]\nepsg = 2154\n'
                       '[kilometre_points]\norigin = "mouth"\nunit = "km"\n'
                       'offset = 1000.0\nincrease = "downstream"\n')
    output = tmp_path / "located.gpkg"
    run("locate", diagonal, diagonal_points, "--region", profile, "-o",
        output, check=0)
    [(located, _)] = read_layer(output, "located")
    length = 40000 * math.sqrt(2)
    assert located["kilometre_point"] == pytest.approx(
        1000 - (length - 14.142) / 1000, abs=1e-6)


def test_locate_reprojects_points(run, diagonal, tmp_path):
    # The same point as in test_locate_diagonal_point, in WGS 84.
    source = osr.SpatialReference()
    source.ImportFromEPSG(2154)
    target = osr.SpatialReference()
    target.ImportFromEPSG(4326)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(source, target)
    longitude, latitude, _ = transform.TransformPoint(X0 + 10000, Y0 + 10020)
    points = write_geojson(tmp_path / "wgs84.geojson",
                           [point_feature(longitude, latitude)], crs=None)
    output = tmp_path / "located.gpkg"
    run("locate", diagonal, points, "-o", output, check=0)
    [(located, _)] = read_layer(output, "located")
    assert located["offset_m"] == pytest.approx(14.142, abs=1e-3)


def test_locate_geojson_layer_files(run, diagonal, diagonal_points, tmp_path):
    output = tmp_path / "out.geojson"
    result = run("locate", diagonal, diagonal_points, "-o", output, check=0)
    assert (tmp_path / "out_located.geojson").is_file()
    assert (tmp_path / "out_not_located.geojson").is_file()
    assert f"output: {tmp_path / 'out_located.geojson'}" in result.stdout


def test_locate_point_without_geometry(run, diagonal, tmp_path):
    points = write_geojson(tmp_path / "points.geojson", [
        {"type": "Feature", "properties": {"obs": "lost"}, "geometry": None},
        point_feature(X0 + 10000, Y0 + 10020, obs="erosion"),
    ])
    output = tmp_path / "located.gpkg"
    run("locate", diagonal, points, "-o", output, check=0)
    [(lost, xy)] = read_layer(output, "not_located")
    assert xy is None
    assert lost["status"] == "invalid_point"
    assert lost["reason"].startswith("the feature has no geometry")
    assert lost["obs"] == "lost"


def test_locate_bad_input_exit_code(run, diagonal, diagonal_points, sample,
                                    tmp_path):
    output = tmp_path / "located.gpkg"
    result = run("locate", diagonal, diagonal_points, "--max-distance", -1,
                 "-o", output, check=2)
    assert "invalid --max-distance -1" in result.stderr
    result = run("locate", diagonal, tmp_path / "missing.geojson", "-o",
                 output, check=2)
    assert "missing.geojson" in result.stderr
    # A line layer given as points.
    result = run("locate", diagonal, sample, "-o", output, check=2)
    assert "Point or MultiPoint layer is needed" in result.stderr
    assert not output.exists()
    assert list(tmp_path.glob(".*tmp*")) == []


def test_locate_keeps_existing_output(run, diagonal, diagonal_points,
                                      tmp_path):
    output = tmp_path / "located.gpkg"
    output.write_text("keep")
    result = run("locate", diagonal, diagonal_points, "-o", output, check=2)
    assert "already exists" in result.stderr
    assert output.read_text() == "keep"
    run("locate", diagonal, diagonal_points, "-o", output, "--overwrite",
        check=0)
    assert len(read_layer(output, "located")) == 1


def test_locate_network_reaches_layer(run, sample, tmp_path):
    # The reaches layer of `georiviere network` is a valid NETWORK input.
    network = tmp_path / "network.gpkg"
    run("network", sample, "--snap-tolerance", 1, "-o", network, check=0)
    points = write_geojson(tmp_path / "points.geojson",
                           [point_feature(925030, 6589750, obs="erosion")])
    output = tmp_path / "located.gpkg"
    run("locate", network, points, "--layer", "reaches", "--name-field",
        "nom", "-o", output, check=0)
    [(located, _)] = read_layer(output, "located")
    assert located["river_name"] == "La Valserine"
    # The Valserine flows south here, so a point east of it is on the left.
    assert located["side"] == "left"


def segment_lengths_by_river(path, layer="segments"):
    lengths = defaultdict(float)
    for attributes, _ in read_layer_lines(path, layer):
        lengths[attributes["main_stem_id"]] += attributes["length_m"]
    return lengths


def read_layer_lines(path, layer):
    dataset = ogr.Open(str(path))
    result = []
    for feature in dataset.GetLayerByName(layer):
        result.append((feature.items(), feature.GetGeometryRef().Length()))
    return result


def river_lengths(network_path):
    """Length of each main stem from the reaches of `georiviere network`."""
    lengths = defaultdict(float)
    for reach in Network(network_path).reaches:
        if reach["main_stem_id"] is not None:
            lengths[reach["main_stem_id"]] += reach["length_m"]
    return lengths


def test_segment_lengths_add_up(run, sample, tmp_path):
    network = tmp_path / "network.gpkg"
    run("network", sample, "--snap-tolerance", 1, "-o", network, check=0)
    output = tmp_path / "segments.gpkg"
    result = run("segment", sample, "--snap-tolerance", 1, "--length", 1000,
                 "-o", output, check=0)
    assert "segments:" in result.stdout
    expected = river_lengths(network)
    measured = segment_lengths_by_river(output)
    assert set(measured) == set(expected)
    for stem, length in expected.items():
        assert measured[stem] == pytest.approx(length, abs=1e-6)
    for attributes, geometry_length in read_layer_lines(output, "segments"):
        assert attributes["length_m"] <= 1000 + 1e-9
        assert geometry_length == pytest.approx(attributes["length_m"],
                                                abs=1e-6)


def test_segment_fields_and_attributes(run, sample, tmp_path):
    output = tmp_path / "segments.gpkg"
    run("segment", sample, "--snap-tolerance", 1, "--name-field", "nom",
        "--length", 1000, "-o", output, check=0)
    names = field_names(output, "segments")
    assert names[:12] == [
        "segment_id", "main_stem_id", "river_name", "segment_index",
        "start_m", "end_m", "length_m", "start_reach",
        "start_reach_measure_m", "end_reach", "end_reach_measure_m",
        "reach_ids"]
    assert names[12:] == ["id", "nom", "regime"]
    valserine = [a for a, _ in read_layer_lines(output, "segments")
                 if a["river_name"] == "La Valserine"]
    assert valserine[0]["start_m"] == 0.0
    assert valserine[0]["nom"] == "La Valserine"
    for before, after in zip(valserine, valserine[1:]):
        assert after["start_m"] == pytest.approx(before["end_m"])
        assert after["segment_index"] == before["segment_index"] + 1


def test_segment_at_confluences_only(run, sample, tmp_path):
    output = tmp_path / "segments.gpkg"
    run("segment", sample, "--snap-tolerance", 1, "--length", 0, "--at",
        "confluences", "-o", output, check=0)
    network = tmp_path / "network.gpkg"
    run("network", sample, "--snap-tolerance", 1, "-o", network, check=0)
    measured = segment_lengths_by_river(output)
    for stem, length in river_lengths(network).items():
        assert measured[stem] == pytest.approx(length, abs=1e-6)


def test_segment_at_attribute(run, sample, tmp_path):
    output = tmp_path / "segments.gpkg"
    run("segment", sample, "--snap-tolerance", 1, "--length", 0, "--at",
        "attribute:regime", "-o", output, check=0)
    for attributes, _ in read_layer_lines(output, "segments"):
        assert "regime" in attributes


def test_segment_bad_options_exit_code(run, sample, tmp_path):
    output = tmp_path / "segments.gpkg"
    result = run("segment", sample, "--length", 100, "--at", "bridges", "-o",
                 output, check=2)
    assert "invalid --at value 'bridges'" in result.stderr
    result = run("segment", sample, "--length", -5, "-o", output, check=2)
    assert "invalid --length" in result.stderr
    result = run("segment", sample, "--length", 100, "--at",
                 "attribute:missing", "-o", output, check=2)
    assert "unknown segment attribute 'missing'" in result.stderr
    result = run("segment", sample, "-o", output, check=2)
    assert "--length" in result.stderr
    assert not output.exists()
    assert list(tmp_path.glob(".*tmp*")) == []


def test_locate_and_segment_output_equal_to_input(run, sample, diagonal,
                                                  diagonal_points, tmp_path):
    source = tmp_path / "rivers.shp"
    ogr.GetDriverByName("ESRI Shapefile").CopyDataSource(
        ogr.Open(str(sample)), str(source))
    points = tmp_path / "points.shp"
    ogr.GetDriverByName("ESRI Shapefile").CopyDataSource(
        ogr.Open(str(diagonal_points)), str(points))
    before = sorted(p.name for p in tmp_path.iterdir())
    for arguments in (["locate", source, diagonal_points, "-o", source],
                      ["locate", diagonal, points, "-o", points],
                      ["segment", source, "--length", 100, "-o", source]):
        result = run(*arguments, "--overwrite", check=2)
        assert f"output {arguments[-1]} is the input" in result.stderr, \
            result.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_locate_unknown_points_layer_names_option(run, diagonal,
                                                  diagonal_points, tmp_path):
    output = tmp_path / "located.gpkg"
    result = run("locate", diagonal, diagonal_points, "--points-layer",
                 "nope", "-o", output, check=2)
    assert "layer 'nope' not found" in result.stderr, result.stderr
    assert "pass one of them with --points-layer" in result.stderr
    assert not output.exists()
