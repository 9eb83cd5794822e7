"""Writing networks with GDAL and converting them to GeoDataFrames."""

import sys

import pytest

import georiviere


@pytest.fixture
def y_net(y_path):
    return georiviere.build_network(y_path, name_field="nom")


def test_to_file_writes_geopackage(y_net, tmp_path):
    ogr = pytest.importorskip("osgeo.ogr")
    output = tmp_path / "network.gpkg"
    written = y_net.to_file(output)
    assert written == [str(output)]

    dataset = ogr.Open(str(output))
    assert dataset is not None
    count = dataset.GetLayerCount()
    names = {dataset.GetLayer(i).GetName() for i in range(count)}
    assert {"reaches", "nodes", "problems"} <= names
    assert dataset.GetLayerByName("reaches").GetFeatureCount() == 3
    assert dataset.GetLayerByName("nodes").GetFeatureCount() == 4
    assert dataset.GetLayerByName("problems").GetFeatureCount() == 0
    srs = dataset.GetLayerByName("reaches").GetSpatialRef()
    assert srs.GetAuthorityCode(None) == "2154"


def test_to_file_refuses_existing_output(y_net, tmp_path):
    output = tmp_path / "network.gpkg"
    y_net.to_file(output)
    with pytest.raises(OSError) as caught:
        y_net.to_file(output)
    assert isinstance(caught.value, georiviere.IoError)
    y_net.to_file(output, overwrite=True)


def test_to_file_geojson_writes_one_file_per_layer(y_net, tmp_path):
    written = y_net.to_file(tmp_path / "network.geojson", format="GeoJSON")
    assert len(written) == 3
    assert all(path.endswith(".geojson") for path in written)


def test_to_geodataframe_reaches(y_net):
    pytest.importorskip("geopandas")
    frame = y_net.to_geodataframe()
    assert len(frame) == 3
    assert frame.crs.to_epsg() == 2154
    assert frame["strahler"].tolist() == y_net.reaches["strahler"].tolist()
    assert frame.geometry.length.tolist() == pytest.approx(
        y_net.reaches["length_m"].tolist()
    )
    frame.loc[0, "strahler"] = 9
    assert y_net.reaches["strahler"][0] != 9


def test_nodes_and_problems_geodataframes(duplicate_path):
    pytest.importorskip("geopandas")
    net = georiviere.build_network(duplicate_path)
    nodes = net.nodes_geodataframe()
    assert len(nodes) == 4
    assert nodes.geometry.x.tolist() == net.nodes["x"].tolist()
    problems = net.problems_geodataframe()
    assert problems["kind"].tolist() == ["duplicate"]
    assert problems.crs.to_epsg() == 2154


def test_to_geodataframe_source_attributes(y_net):
    pytest.importorskip("geopandas")
    frame = y_net.to_geodataframe()
    assert frame["nom"].tolist() == y_net.reach_attributes["nom"].tolist()
    bare = y_net.to_geodataframe(attributes=False)
    assert "nom" not in bare.columns


def test_to_geodataframe_renames_clashing_field(tmp_path):
    pytest.importorskip("geopandas")
    from inline_inputs import Y_LINES, line_strings, write_geojson

    properties = [{"strahler": 5}, {"strahler": 6}, {"strahler": 7}]
    path = write_geojson(
        tmp_path / "clash.geojson",
        line_strings(Y_LINES),
        properties=properties,
    )
    frame = georiviere.build_network(path).to_geodataframe()
    assert sorted(frame["strahler"].tolist()) == [1, 1, 2]
    assert sorted(frame["src_strahler"].tolist()) == [5, 6, 7]


def test_to_geodataframe_without_geopandas(y_net, monkeypatch):
    # A None entry in sys.modules makes "import geopandas" fail.
    monkeypatch.setitem(sys.modules, "geopandas", None)
    with pytest.raises(ImportError, match="python3-geopandas"):
        y_net.to_geodataframe()
