"""Tests of region profiles from Python: loading, presets, catalogues and
build_network(region=...)."""

import threading
import tomllib

import pytest

import georiviere
from conftest import SHARED_DATA
from inline_inputs import X0, Y0, line_strings, write_geojson

# Two streams: one sinks at (10, 0), the other resurges at (100, 0).
KARST_LINES = [[(0.0, 0.0), (10.0, 0.0)], [(100.0, 0.0), (200.0, 0.0)]]

KARST_PROFILE = f"""
[region]
base = "generic"
[crs]
epsg = 2154
[[karst.links]]
name = "Perte"
sink = [{X0 + 10.0}, {Y0}]
resurgence = [{X0 + 100.0}, {Y0}]
"""


def require_data(relative):
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"no real data at {path}")
    return path


def test_preset_names_sorted():
    names = georiviere.RegionProfile.preset_names()
    assert names == sorted(names)
    assert {"bdtopo", "bdtopo_v2", "osm", "nhdplus"} <= set(names)


def test_preset_round_trips_through_toml():
    profile = georiviere.RegionProfile.preset("nhdplus")
    assert profile.name == "nhdplus"
    assert "NHDPlus" in profile.description
    text = profile.to_toml()
    assert tomllib.loads(text)["topology"]["from_node_field"] == "FromNode"
    assert georiviere.RegionProfile.from_toml(text) == profile
    assert georiviere.RegionProfile.preset("osm") != profile


def test_unknown_preset_raises_config_error():
    with pytest.raises(georiviere.ConfigError, match="did you mean 'osm'"):
        georiviere.RegionProfile.preset("osn")


def test_config_error_is_value_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[topology]\nsnap_tolerance_m = -1.0\n')
    with pytest.raises(ValueError) as raised:
        georiviere.RegionProfile.load(path)
    assert isinstance(raised.value, georiviere.ConfigError)
    assert isinstance(raised.value, georiviere.InvalidInputError)
    assert f"{path}:2" in str(raised.value)
    assert "snap_tolerance_m" in str(raised.value)


def test_missing_profile_file():
    with pytest.raises(georiviere.InputFileNotFoundError):
        georiviere.RegionProfile.load("/nonexistent/profile.toml")


def test_load_takes_name_from_file(tmp_path):
    path = tmp_path / "causse.toml"
    path.write_text(KARST_PROFILE)
    profile = georiviere.RegionProfile.load(path)
    assert profile.name == "causse"
    links = tomllib.loads(profile.to_toml())["karst"]["links"]
    assert [link["name"] for link in links] == ["Perte"]


def test_catalogue_resolves_regions(tmp_path):
    path = tmp_path / "parc.toml"
    path.write_text(
        '[regions.jura]\nbase = "bdtopo"\n[regions.jura.topology]\n'
        'snap_tolerance_m = 2.0\n[regions.plaine]\nbase = "generic"\n')
    catalogue = georiviere.RegionCatalogue.load(path)
    assert catalogue.names() == ["jura", "plaine"]
    assert len(catalogue) == 2
    assert "jura" in catalogue
    jura = catalogue.resolve("jura")
    assert jura.name == "jura"
    topology = tomllib.loads(jura.to_toml())["topology"]
    assert topology["snap_tolerance_m"] == 2.0
    with pytest.raises(georiviere.ConfigError, match="plaine"):
        catalogue.resolve("camargue")


def test_catalogue_path_as_region_raises(tmp_path):
    path = tmp_path / "parc.toml"
    path.write_text('[regions.plaine]\nbase = "generic"\n')
    source = write_geojson(tmp_path / "lines.geojson",
                           line_strings(KARST_LINES))
    with pytest.raises(georiviere.ConfigError, match="RegionCatalogue"):
        georiviere.build_network(source, region=path)


def test_karst_link_joins_basins(tmp_path):
    source = write_geojson(tmp_path / "lines.geojson",
                           line_strings(KARST_LINES))
    plain = georiviere.build_network(source, region="generic")
    assert len(set(plain.reaches["basin_id"])) == 2
    assert plain.region_report["karst_links_added"] == 0

    profile_path = tmp_path / "causse.toml"
    profile_path.write_text(KARST_PROFILE)
    for region in (profile_path, str(profile_path),
                   georiviere.RegionProfile.load(profile_path)):
        net = georiviere.build_network(source, region=region)
        assert len(net) == 3
        assert list(net.reaches["is_virtual"]) == [False, False, True]
        assert len(set(net.reaches["basin_id"])) == 1
        assert net.region_report["karst_links_added"] == 1


def test_without_region_no_report(tmp_path):
    source = write_geojson(tmp_path / "lines.geojson",
                           line_strings(KARST_LINES))
    assert georiviere.build_network(source).region_report is None


def test_arguments_override_profile(tmp_path):
    # Ends 0.4 m apart: joined with the profile's 0.5 m snap tolerance,
    # left apart with snap_tolerance=0.
    source = write_geojson(
        tmp_path / "lines.geojson",
        line_strings([[(0.0, 0.0), (10.0, 0.0)], [(10.4, 0.0), (20.0, 0.0)]]))
    profile = georiviere.RegionProfile.from_toml(
        '[region]\nname = "test"\nbase = "generic"\n[crs]\nepsg = 2154\n'
        '[topology]\nsnap_tolerance_m = 0.5\n')
    joined = georiviere.build_network(source, region=profile)
    assert len(joined) == 1
    assert joined.region_report["snap_tolerance_m"] == 0.5
    apart = georiviere.build_network(source, region=profile,
                                     snap_tolerance=0)
    assert len(apart) == 2
    assert apart.region_report["snap_tolerance_m"] == 0.0


def test_build_releases_gil(tmp_path):
    source = write_geojson(tmp_path / "lines.geojson",
                           line_strings(KARST_LINES))
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.0005)

    thread = threading.Thread(target=tick)
    thread.start()
    try:
        for _ in range(20):
            georiviere.build_network(source, region="generic")
    finally:
        stop.set()
        thread.join()
    assert ticks


# Real data: what each preset changes.

def test_culet_directions_from_z_fields():
    source = require_data("vector/culet/network0.gml")
    net = georiviere.build_network(source, region="bdtopo_v2")
    report = net.region_report
    assert report["reversed_by_z_fields"] == 9
    assert report["lines_reversed"] == 9
    assert report["unknown_direction"] == 0
    # The preset supplies the Lambert-93 CRS that the file lacks.
    assert "Lambert-93" in net.crs_wkt
    # "NR" marks unnamed streams: no reach keeps it as a name.
    assert "NR" not in set(net.reaches["name"])
    assert "ruisseau de culet" in set(net.reaches["name"])


def test_yzeron_unnamed_values():
    source = require_data("vector/yzeron/hydrography3.shp")
    profile = georiviere.RegionProfile.from_toml(
        '[region]\nname = "yzeron"\nbase = "bdtopo_v2"\n[direction]\n'
        'chain = ["digitized"]\nz_start_field = ""\nz_end_field = ""\n')
    net = georiviere.build_network(source, region=profile)
    names = set(net.reaches["name"])
    assert "NR" not in names
    assert "" in names
    plain = georiviere.build_network(source, snap_tolerance=0.5,
                                     name_field="nom")
    assert "NR" in set(plain.reaches["name"])
    assert len(plain) == len(net)


def test_liechtenstein_osm_classes():
    source = require_data(
        "vector/liechtenstein/liechtenstein-2013-08-03.osm.pbf")
    net = georiviere.build_network(source, region="osm")
    report = net.region_report
    assert report["dropped_by_value"] == {"waterway=riverbank": 2,
                                          "waterway=dam": 1}
    assert report["lines_artificial"] == 25
    assert report["lines_kept"] == 48
    assert report["lines_below"] == 10
    waterways = set(net.reach_attributes["waterway"])
    assert "riverbank" not in waterways
    assert "dam" not in waterways


def test_walker_trusted_topology():
    source = require_data("vector/walker/walker.gpkg")
    net = georiviere.build_network(source, region="nhdplus")
    report = net.region_report
    assert report["topology_mode"] == "from_to_nodes"
    assert report["topology_mismatches"] == 0
    assert len(net) == 51
    assert not any(p.kind == "topology_mismatch" for p in net.problems)
    kinds = list(net.nodes["kind"])
    assert kinds.count("outlet") == 1


# dem_network(region=...): stream thresholds from the [streams] table.

def write_two_valleys(path, epsg=32631):
    """Two V-shaped valleys draining south, 30 rows by 22 columns of 100 m
    from (500000, 5000000): the west valley spans x 500000 to 501100 with
    its floor at column 5, the east one x 501100 to 502200, floor at 16."""
    gdal = pytest.importorskip("osgeo.gdal")
    osr = pytest.importorskip("osgeo.osr")
    import numpy as np

    rows, cols = 30, 22
    r, c = np.mgrid[0:rows, 0:cols]
    floor = np.where(c <= 10, 5, 16)
    values = 100.0 + np.abs(c - floor) * 2.0 + (rows - r) * 0.5
    dataset = gdal.GetDriverByName("GTiff").Create(
        str(path), cols, rows, 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((500000.0, 100.0, 0.0, 5000000.0, 0.0, -100.0))
    if epsg is not None:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(values.astype(np.float32))
    dataset = None
    return path


EAST_VALLEY = (501100.0, 4997000.0, 502200.0, 5000000.0)


def test_dem_network_region_threshold(tmp_path):
    dem = write_two_valleys(tmp_path / "valleys.tif")
    fine = georiviere.RegionProfile.from_toml(
        '[region]\nname = "fine"\n[streams]\nthreshold_km2 = 0.1\n')
    net = georiviere.dem_network(dem, region=fine)
    plain = georiviere.dem_network(dem)
    assert net.summary["region"] == "fine"
    assert net.summary["threshold_km2"] == 0.1
    assert net.summary["threshold_overrides"] == []
    assert plain.summary["threshold_km2"] == 1.0
    assert "region" not in plain.summary
    assert net.summary["stream_cells"] > plain.summary["stream_cells"]


def test_dem_network_region_box_and_polygon(tmp_path):
    dem = write_two_valleys(tmp_path / "valleys.tif")
    min_x, min_y, max_x, max_y = EAST_VALLEY
    zones = tmp_path / "zones.geojson"
    zones.write_text(
        '{"type": "FeatureCollection", "crs": {"type": "name", '
        '"properties": {"name": "urn:ogc:def:crs:EPSG::32631"}}, '
        '"features": [{"type": "Feature", "properties": {"kind": "marsh"}, '
        '"geometry": {"type": "Polygon", "coordinates": [['
        f'[{min_x}, {min_y}], [{max_x}, {min_y}], [{max_x}, {max_y}], '
        f'[{min_x}, {max_y}], [{min_x}, {min_y}]]]}}}}]}}',
        encoding="utf-8")
    box = georiviere.RegionProfile.from_toml(f"""
[streams]
threshold_km2 = 50
[[streams.overrides]]
name = "east"
threshold_km2 = 0.1
bbox = [{min_x}, {min_y}, {max_x}, {max_y}]
""")
    polygon = georiviere.RegionProfile.from_toml(f"""
[streams]
threshold_km2 = 50
[[streams.overrides]]
name = "marsh"
threshold_km2 = 0.1
polygon_path = "{zones}"
polygon_where = "kind = 'marsh'"
""")
    by_box = georiviere.dem_network(dem, region=box)
    by_polygon = georiviere.dem_network(dem, region=polygon)
    uniform = georiviere.dem_network(dem, threshold_km2=0.1)
    # Only the east valley has streams, as many as a uniform 0.1 km2
    # gives it.
    assert by_box.summary["stream_cells"] * 2 == uniform.summary[
        "stream_cells"]
    assert by_polygon.summary["stream_cells"] == by_box.summary[
        "stream_cells"]
    assert by_box.summary["threshold_overrides"] == [
        {"name": "east", "threshold_km2": 0.1, "kind": "bbox"}]
    assert by_polygon.summary["threshold_overrides"] == [
        {"name": "marsh", "threshold_km2": 0.1, "kind": "polygons",
         "polygons": 1, "cells": 330}]


def test_dem_network_threshold_replaces_region(tmp_path):
    dem = write_two_valleys(tmp_path / "valleys.tif")
    profile = georiviere.RegionProfile.from_toml(
        '[streams]\nthreshold_km2 = 0.1\n[[streams.overrides]]\n'
        'name = "nowhere"\nthreshold_km2 = 0.05\n'
        'polygon_path = "absent.gpkg"\n')
    net = georiviere.dem_network(dem, threshold_km2=2.0, region=profile)
    assert net.summary["threshold_km2"] == 2.0
    assert net.summary["threshold_overrides"] == []
    # Without the explicit threshold, the missing layer is an error.
    with pytest.raises(FileNotFoundError, match="override 'nowhere'"):
        georiviere.dem_network(dem, region=profile)


def test_dem_network_region_epsg_for_dem_without_crs(tmp_path):
    dem = write_two_valleys(tmp_path / "nocrs.tif", epsg=None)
    with pytest.raises(georiviere.CrsError):
        georiviere.dem_network(dem)
    profile = georiviere.RegionProfile.from_toml("[crs]\nepsg = 32631\n")
    net = georiviere.dem_network(dem, region=profile)
    assert "32631" in net.crs_wkt or "UTM zone 31N" in net.crs_wkt


def test_dem_network_region_preset_name(tmp_path):
    dem = write_two_valleys(tmp_path / "valleys.tif")
    net = georiviere.dem_network(dem, region="generic")
    assert net.summary["region"] == "generic"


# [outlets]: known outlets flag nodes and report other sinks.

def test_known_outlets_from_sea_polygon(tmp_path):
    # A river reaching the sea east of x = 30, and a tributary digitised
    # from the confluence up, which makes a sink at (10, 10).
    source = write_geojson(tmp_path / "lines.geojson", line_strings(
        [[(0.0, 0.0), (10.0, 0.0)], [(10.0, 0.0), (28.0, 0.0)],
         [(10.0, 0.0), (10.0, 10.0)]]))
    ring = [(30.0, -50.0), (80.0, -50.0), (80.0, 50.0), (30.0, 50.0),
            (30.0, -50.0)]
    sea = write_geojson(tmp_path / "sea.geojson", [
        {"type": "Polygon",
         "coordinates": [[[X0 + x, Y0 + y] for x, y in ring]]}])
    profile = georiviere.RegionProfile.from_toml(
        f'[region]\nbase = "generic"\n[outlets]\nmethod = "polygon_layer"\n'
        f'path = "{sea}"\ndistance_m = 5.0\n')
    net = georiviere.build_network(source, region=profile)
    report = net.region_report
    assert report["outlet_method"] == "polygon_layer"
    assert report["outlet_features"] == 1
    assert report["known_outlets"] == 1
    assert report["unexpected_sinks"] == 1
    sinks = [p for p in net.problems if p.kind == "unexpected_sink"]
    assert len(sinks) == 1
    assert "not a known outlet" in sinks[0].message
    outlets = net.nodes["outlet"].tolist()
    assert sorted(outlets) == ["", "", "known", "sink"]
    known = outlets.index("known")
    assert net.nodes["x"][known] == pytest.approx(X0 + 28.0)


def test_dem_step_reports_decisions(tmp_path):
    gdal = pytest.importorskip("osgeo.gdal")
    osr = pytest.importorskip("osgeo.osr")
    import numpy as np

    # Ground falling eastwards, 1 m per metre, under a line digitised
    # westwards: the DEM step reverses it.
    dem = tmp_path / "dem.tif"
    dataset = gdal.GetDriverByName("GTiff").Create(str(dem), 40, 10, 1,
                                                   gdal.GDT_Float32)
    dataset.SetGeoTransform((X0 - 5.0, 1.0, 0.0, Y0 + 5.0, 0.0, -1.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    dataset.SetProjection(srs.ExportToWkt())
    _, cols = np.mgrid[0:10, 0:40]
    dataset.GetRasterBand(1).WriteArray((100.0 - cols).astype(np.float32))
    dataset = None
    source = write_geojson(tmp_path / "lines.geojson", line_strings(
        [[(30.0, 0.0), (0.0, 0.0)]]))
    profile = georiviere.RegionProfile.from_toml(
        f'[region]\nbase = "generic"\n[direction]\nchain = ["dem"]\n'
        f'dem_path = "{dem}"\n')
    net = georiviere.build_network(source, region=profile)
    report = net.region_report
    assert report["decided_by_dem"] == 1
    assert report["reversed_by_dem"] == 1
    assert report["unknown_direction"] == 0
    first_x = float(net.reaches["geometry"][0].split("(")[1].split()[0])
    assert first_x == pytest.approx(X0)
