"""Runs `georiviere dem` on small generated DEMs, on bad input and on real
elevation models."""

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from network_checks import (Network, check_every_reach_reaches_outlet,
                            check_node_degrees,
                            check_shreve_sums_at_confluences,
                            check_strahler_never_decreases, layer_crs)

gdal.UseExceptions()

LINK_FIELDS = ["link_id", "downstream_link_id", "us_area_km2", "ds_area_km2",
               "drop_m", "slope"]


def write_dem(path, values, epsg=32631, origin=(500000.0, 5000000.0),
              cell=100.0, nodata=-9999.0):
    """Write a Float32 GeoTIFF, without a CRS when epsg is None."""
    rows, cols = values.shape
    dataset = gdal.GetDriverByName("GTiff").Create(
        str(path), cols, rows, 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((origin[0], cell, 0.0, origin[1], 0.0, -cell))
    if epsg is not None:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        dataset.SetProjection(srs.ExportToWkt())
    band = dataset.GetRasterBand(1)
    band.SetNoDataValue(nodata)
    band.WriteArray(values.astype(np.float32))
    dataset = None
    return path


def valley(rows=21, cols=21):
    """A V-shaped valley draining south along column 10, with a dip."""
    r, c = np.mgrid[0:rows, 0:cols]
    values = 100.0 + np.abs(c - 10) * 2.0 + (rows - r) * 0.5
    values[7:10, 9:12] -= 3.0
    return values


def write_points(path, points, epsg=32631):
    driver = ogr.GetDriverByName("GeoJSON")
    dataset = driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    layer = dataset.CreateLayer("outlets", srs, ogr.wkbPoint)
    for x, y in points:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} {y})"))
        layer.CreateFeature(feature)
    dataset = None
    return path


def read_rows(path, layer):
    dataset = ogr.Open(str(path))
    rows = []
    for feature in dataset.GetLayerByName(layer):
        row = feature.items()
        geometry = feature.GetGeometryRef()
        row["geometry"] = geometry.Clone() if geometry is not None else None
        rows.append(row)
    return rows


def layer_names(path):
    dataset = ogr.Open(str(path))
    return [dataset.GetLayer(i).GetName()
            for i in range(dataset.GetLayerCount())]


def check_network(output):
    network = Network(output)
    check_node_degrees(network)
    check_strahler_never_decreases(network)
    check_shreve_sums_at_confluences(network)
    check_every_reach_reaches_outlet(network)
    assert network.problems == []
    return network


def valid_area_km2(path):
    """Area of the valid cells of a projected DEM in metres, in km2."""
    dataset = gdal.Open(str(path))
    band = dataset.GetRasterBand(1)
    values = band.ReadAsArray()
    transform = dataset.GetGeoTransform()
    valid = np.count_nonzero(values != band.GetNoDataValue())
    return valid * abs(transform[1] * transform[5]) / 1e6


def test_valley_writes_four_layers(run, tmp_path):
    dem = write_dem(tmp_path / "valley.tif", valley())
    output = tmp_path / "valley.gpkg"
    result = run("dem", dem, "--threshold-km2", 0.05, "-o", output, check=0)
    assert f"output: {output}" in result.stdout
    assert layer_names(output) == ["reaches", "nodes", "problems",
                                   "catchments"]

    network = check_network(output)
    assert len(network.reaches) > 5
    first = network.reaches[0]
    assert [name for name in LINK_FIELDS if name in first] == LINK_FIELDS
    assert all(r["length_m"] > 0 for r in network.reaches)
    assert all(r["drop_m"] >= 0 for r in network.reaches)

    catchments = read_rows(output, "catchments")
    assert {c["link_id"] for c in catchments} == {
        r["link_id"] for r in network.reaches}
    total = sum(c["area_km2"] for c in catchments)
    assert total == pytest.approx(4.41, rel=1e-9)
    geometric = sum(c["geometry"].GetArea() for c in catchments) / 1e6
    assert geometric == pytest.approx(4.41, rel=1e-9)


def test_rasters_written(run, tmp_path):
    dem = write_dem(tmp_path / "valley.tif", valley())
    rasters = tmp_path / "rasters"
    rasters.mkdir()
    run("dem", dem, "--threshold-km2", 1, "--rasters", rasters,
        "-o", tmp_path / "out.gpkg", check=0)
    directions = gdal.Open(str(rasters / "flowdir.tif")).ReadAsArray()
    # ESRI codes: the floor cell of the bottom row flows south (4) off the
    # grid, the cell left of it flows east (1).
    assert directions[20, 10] == 4
    assert directions[20, 9] == 1
    assert set(np.unique(directions)) <= {1, 2, 4, 8, 16, 32, 64, 128}
    area = gdal.Open(str(rasters / "accumulation.tif")).ReadAsArray()
    assert area[20, 10] == pytest.approx(4.41)
    filled = gdal.Open(str(rasters / "filled.tif")).ReadAsArray()
    assert filled[8, 10] == pytest.approx(105.5)
    assert sorted(p.name for p in rasters.iterdir()) == [
        "accumulation.tif", "filled.tif", "flowdir.tif"]


def test_outlets_snap_and_delineate(run, tmp_path):
    dem = write_dem(tmp_path / "valley.tif", valley())
    # The floor cell (15, 10) is at x 501050, y 4998450. The second point
    # lies far from any stream.
    points = write_points(tmp_path / "points.geojson",
                          [(501080.0, 4998460.0), (500050.0, 4999950.0)])
    output = tmp_path / "out.gpkg"
    result = run("dem", dem, "--threshold-km2", 0.5, "--outlets", points,
                 "--snap-distance", 50, "-o", output, check=0)
    assert "outlets: 2 given, 1 snapped" in result.stdout
    assert "was not snapped" in result.stderr
    assert layer_names(output) == ["reaches", "nodes", "problems",
                                   "catchments", "outlets",
                                   "outlet_catchments"]
    outlets = read_rows(output, "outlets")
    assert [o["snapped"] for o in outlets] == [1, 0]
    assert outlets[0]["geometry"].GetX() == pytest.approx(501050.0)
    assert outlets[0]["geometry"].GetY() == pytest.approx(4998450.0)
    catchments = read_rows(output, "outlet_catchments")
    assert len(catchments) == 1
    # Rows 0 to 15 of the valley drain through the floor cell (15, 10).
    assert catchments[0]["area_km2"] == pytest.approx(16 * 21 * 0.01)
    assert catchments[0]["geometry"].GetArea() / 1e6 == pytest.approx(
        catchments[0]["area_km2"])


def test_geographic_dem_output_in_utm(run, tmp_path):
    dem = write_dem(tmp_path / "geo.tif", valley(), epsg=4326,
                    origin=(3.0, 45.0), cell=0.001)
    output = tmp_path / "geo.gpkg"
    run("dem", dem, "--threshold-km2", 0.05, "-o", output, check=0)
    check_network(output)
    for layer in ("reaches", "nodes", "catchments"):
        crs = layer_crs(output, layer)
        assert crs.IsProjected()
        assert crs.GetUTMZone() == 31


def test_geojson_one_file_per_layer(run, tmp_path):
    dem = write_dem(tmp_path / "valley.tif", valley())
    run("dem", dem, "--threshold-km2", 0.05, "-o", tmp_path / "net.geojson",
        check=0)
    for layer in ("reaches", "nodes", "problems", "catchments"):
        assert (tmp_path / f"net_{layer}.geojson").exists()
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())


def test_existing_output_needs_overwrite(run, tmp_path):
    dem = write_dem(tmp_path / "valley.tif", valley())
    output = tmp_path / "out.gpkg"
    run("dem", dem, "--threshold-km2", 0.05, "-o", output, check=0)
    result = run("dem", dem, "--threshold-km2", 0.05, "-o", output, check=2)
    assert "--overwrite" in result.stderr
    run("dem", dem, "--threshold-km2", 0.1, "-o", output, "--overwrite",
        check=0)


def test_two_threads_match_one(run, tmp_path):
    values = valley(rows=301, cols=41)
    values += np.sin(np.arange(values.size).reshape(values.shape) * 0.7)
    dem = write_dem(tmp_path / "valley.tif", values)
    outputs = []
    for threads in (1, 2):
        output = tmp_path / f"threads{threads}.gpkg"
        run("dem", dem, "--threshold-km2", 0.5, "--threads", threads,
            "-o", output, check=0)
        outputs.append(output)
    for layer in ("reaches", "catchments"):
        one = read_rows(outputs[0], layer)
        two = read_rows(outputs[1], layer)
        assert len(one) == len(two) > 1
        for a, b in zip(one, two):
            assert a["geometry"].ExportToWkt() == b["geometry"].ExportToWkt()
            del a["geometry"], b["geometry"]
            assert a == b


def no_output_left(tmp_path, keep):
    return sorted(p.name for p in tmp_path.iterdir()) == sorted(keep)


@pytest.mark.parametrize("case, options, expected", [
    ("negative threshold", ["--threshold-km2", "-1"], "--threshold-km2"),
    ("threshold too high", ["--threshold-km2", "1000"], "lower the threshold"),
    ("negative snap", ["--snap-distance", "-3"], "--snap-distance"),
    ("zero threads", ["--threads", "0"], "--threads"),
    ("too many threads", ["--threads", "100000"], "give 1 to 1024"),
])
def test_bad_options_exit_with_2(run, tmp_path, case, options, expected):
    dem = write_dem(tmp_path / "valley.tif", valley())
    result = run("dem", dem, *options, "-o", tmp_path / "out.gpkg", check=2)
    assert expected in result.stderr, case
    assert len(result.stderr.strip().splitlines()) == 1
    assert no_output_left(tmp_path, ["valley.tif"])


def test_bad_input_exits_with_2(run, tmp_path):
    missing = run("dem", tmp_path / "missing.tif", "-o", tmp_path / "o.gpkg",
                  check=2)
    assert "not found" in missing.stderr

    empty = write_dem(tmp_path / "empty.tif", np.full((5, 5), -9999.0))
    result = run("dem", empty, "-o", tmp_path / "o.gpkg", check=2)
    assert "nodata" in result.stderr

    no_crs = write_dem(tmp_path / "nocrs.tif", valley(), epsg=None)
    result = run("dem", no_crs, "-o", tmp_path / "o.gpkg", check=2)
    assert "--crs" in result.stderr
    run("dem", no_crs, "--crs", "EPSG:32631", "--threshold-km2", 0.05,
        "-o", tmp_path / "o.gpkg", check=0)

    lines = tmp_path / "lines.geojson"
    lines.write_text('{"type": "FeatureCollection", "features": [{"type": '
                     '"Feature", "properties": {}, "geometry": {"type": '
                     '"LineString", "coordinates": [[0, 0], [1, 1]]}}]}')
    dem = write_dem(tmp_path / "valley.tif", valley())
    result = run("dem", dem, "--outlets", lines, "-o", tmp_path / "p.gpkg",
                 check=2)
    assert "not a point" in result.stderr
    assert not (tmp_path / "p.gpkg").exists()


# Real data: each run checks the invariants of a D8 network and that the
# catchments cover the valid cells.

def part_shapes(geometry):
    """Sorted (exterior area, sorted hole areas) of a multipolygon's parts."""
    shapes = []
    for i in range(geometry.GetGeometryCount()):
        part = geometry.GetGeometryRef(i)
        rings = [ogr.Geometry(ogr.wkbPolygon) for _ in
                 range(part.GetGeometryCount())]
        for ring, polygon in zip((part.GetGeometryRef(k) for k in
                                  range(part.GetGeometryCount())), rings):
            polygon.AddGeometry(ring)
        areas = [round(polygon.GetArea(), 3) for polygon in rings]
        shapes.append((areas[0], sorted(areas[1:])))
    return sorted(shapes)


def check_same_catchments_as_gdal(run, tmp_path, dem, *options):
    outputs = []
    for flags in ((), ("--gdal-polygonize",)):
        output = tmp_path / f"polygonize{len(flags)}.gpkg"
        run("dem", dem, *options, *flags, "-o", output, check=0)
        outputs.append(output)
    traced = read_rows(outputs[0], "catchments")
    gdal_made = read_rows(outputs[1], "catchments")
    assert len(traced) == len(gdal_made) > 1
    for a, b in zip(traced, gdal_made):
        assert a["link_id"] == b["link_id"]
        assert a["area_km2"] == b["area_km2"]
        assert part_shapes(a["geometry"]) == part_shapes(b["geometry"])
        assert a["geometry"].SymDifference(b["geometry"]).GetArea() == \
            pytest.approx(0.0, abs=1e-6)
    return traced


def test_traced_catchments_match_gdal(run, tmp_path):
    values = valley(rows=301, cols=41)
    values += np.sin(np.arange(values.size).reshape(values.shape) * 0.7)
    # A bowl whose bottom is nodata: the cells of the bowl drain into it
    # and form a hole in the catchment around them.
    r, c = np.mgrid[0:values.shape[0], 0:values.shape[1]]
    values -= np.maximum(0.0, 20.0 - 5.0 * np.hypot(r - 150, c - 30))
    values[150, 30] = -9999.0
    dem = write_dem(tmp_path / "valley.tif", values)
    traced = check_same_catchments_as_gdal(run, tmp_path, dem,
                                           "--threshold-km2", 0.5)
    assert any(a["geometry"].GetGeometryCount() > 1 or
               a["geometry"].GetGeometryRef(0).GetGeometryCount() > 1
               for a in traced)


def run_real(run, tmp_path, source, *options):
    output = tmp_path / "network.gpkg"
    run("dem", source, *options, "-o", output, check=0)
    network = check_network(output)
    assert len(network.reaches) > 10
    catchments = read_rows(output, "catchments")
    return network, catchments, output


def test_bigtujunga(run, shared_data, tmp_path):
    source = shared_data / "raster/bigtujunga/bigtujunga.tif"
    _, catchments, output = run_real(run, tmp_path, source,
                                     "--threshold-km2", 1)
    expected = valid_area_km2(source)
    assert sum(c["area_km2"] for c in catchments) == pytest.approx(
        expected, rel=1e-3)
    geometric = sum(c["geometry"].GetArea() for c in catchments) / 1e6
    assert geometric == pytest.approx(expected, rel=1e-3)
    assert layer_crs(output, "reaches").GetUTMZone() == 11


def test_bigtujunga_traced_catchments_match_gdal(run, shared_data, tmp_path):
    source = shared_data / "raster/bigtujunga/bigtujunga.tif"
    check_same_catchments_as_gdal(run, tmp_path, source, "--threshold-km2", 1)


def test_whitebox_needs_crs(run, shared_data, tmp_path):
    source = shared_data / "raster/whitebox/DEM.tif"
    result = run("dem", source, "-o", tmp_path / "out.gpkg", check=2)
    assert "--crs" in result.stderr
    _, catchments, _ = run_real(run, tmp_path, source, "--crs", "EPSG:26917",
                                "--threshold-km2", 2)
    expected = valid_area_km2(source)
    assert sum(c["area_km2"] for c in catchments) == pytest.approx(
        expected, rel=1e-3)


@pytest.mark.parametrize("relative, threshold", [
    ("raster/pysheds/dem.tif", 1),
    ("raster/rhine/rhine_elv0.tif", 500),
])
def test_geographic_real(run, shared_data, tmp_path, relative, threshold):
    source = shared_data / relative
    network, catchments, output = run_real(run, tmp_path, source,
                                           "--threshold-km2", threshold)
    assert layer_crs(output, "reaches").IsProjected()
    # A sphere of the authalic radius gives each cell's area within a few
    # tenths of a percent of the ellipsoidal area the tool uses.
    dataset = gdal.Open(str(source))
    band = dataset.GetRasterBand(1)
    values = band.ReadAsArray()
    x0, dx, _, y0, _, dy = dataset.GetGeoTransform()
    top = np.radians(y0 + dy * np.arange(values.shape[0]))
    bottom = np.radians(y0 + dy * (np.arange(values.shape[0]) + 1))
    row_area = 6371007.2 ** 2 * np.radians(abs(dx)) * np.abs(
        np.sin(top) - np.sin(bottom)) / 1e6
    valid = (values != band.GetNoDataValue()).sum(axis=1)
    expected = float((valid * row_area).sum())
    total = sum(c["area_km2"] for c in catchments)
    assert total == pytest.approx(expected, rel=5e-3)
    largest = max(r["ds_area_km2"] for r in network.reaches)
    assert largest <= total
