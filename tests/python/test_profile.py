"""Tests of georiviere.longitudinal_profile, plot_profile and zones on
inline inputs and the Yzeron lines with a synthetic DEM."""

import math
import re
import threading

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

import georiviere
from conftest import SHARED_DATA
from inline_inputs import X0, Y0, line_strings, write_geojson

gdal.UseExceptions()

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def write_dem(path, origin_x, origin_y, cols, rows, cell, function,
              nodata_cells=()):
    """A Float64 GeoTIFF in Lambert-93 whose cell centres hold
    function(x, y); origin is the top-left corner."""
    xs = origin_x + cell * (np.arange(cols) + 0.5)
    ys = origin_y - cell * (np.arange(rows) + 0.5)
    grid_x, grid_y = np.meshgrid(xs, ys)
    values = np.asarray(function(grid_x, grid_y), dtype=np.float64)
    for row, col in nodata_cells:
        values[row, col] = -9999.0
    dataset = gdal.GetDriverByName("GTiff").Create(
        str(path), cols, rows, 1, gdal.GDT_Float64)
    dataset.SetGeoTransform((origin_x, cell, 0.0, origin_y, 0.0, -cell))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    dataset.SetProjection(srs.ExportToWkt())
    band = dataset.GetRasterBand(1)
    band.WriteArray(values)
    band.SetNoDataValue(-9999.0)
    dataset = None
    return path


def plane(x, y):
    return 100.0 + 0.01 * (y - Y0) + 0.002 * (x - X0)


@pytest.fixture
def network(tmp_path):
    """"Main" flows south along x = X0 from Y0 + 2000 to Y0 in two lines;
    "Trib" flows west into it at Y0 + 1000."""
    lines = [[(0.0, 2000.0), (0.0, 1000.0)], [(0.0, 1000.0), (0.0, 0.0)],
             [(500.0, 1000.0), (0.0, 1000.0)]]
    path = write_geojson(tmp_path / "rivers.geojson", line_strings(lines),
                         properties=[{"name": "Main"}, {"name": "Main"},
                                     {"name": "Trib"}])
    return georiviere.build_network(path, name_field="name")


@pytest.fixture
def dem(tmp_path):
    """10 m cells over [X0 - 100, X0 + 600] x [Y0 - 100, Y0 + 2100]
    holding the plane, which bilinear interpolation reproduces."""
    return write_dem(tmp_path / "dem.tif", X0 - 100, Y0 + 2100, 70, 220,
                     10.0, plane)


def test_profile_samples_plane(network, dem):
    profile = georiviere.longitudinal_profile(network, dem, river="Main",
                                              step_m=100.0)
    assert isinstance(profile, georiviere.LongitudinalProfile)
    assert profile.name == "Main"
    assert profile.length_m == pytest.approx(2000.0)
    assert len(profile) == 21
    np.testing.assert_allclose(profile.measure_m, np.arange(21) * 100.0)
    np.testing.assert_allclose(profile.x, X0)
    np.testing.assert_allclose(profile.y, Y0 + 2000.0 - profile.measure_m)
    np.testing.assert_allclose(profile.z, plane(profile.x, profile.y),
                               atol=1e-9)
    assert profile.measure_m.dtype == np.float64
    assert profile.reach_id.dtype == np.int64
    assert len(set(profile.reach_id.tolist())) == 2
    assert profile.smoothed_z is None
    assert len(profile.gap_starts_m) == 0


def test_profile_summary_drop_matches_ends(network, dem):
    profile = georiviere.longitudinal_profile(network, dem, river="Main",
                                              step_m=100.0)
    summary = profile.summary()
    assert summary.drop_m == pytest.approx(profile.z[0] - profile.z[-1])
    assert summary.drop_m == pytest.approx(20.0)
    assert summary.mean_slope == pytest.approx(0.01)
    assert summary.descent_m - summary.ascent_m == pytest.approx(
        summary.drop_m)
    reaches = profile.reach_summaries()
    assert [r.drop_m for r in reaches] == pytest.approx([10.0, 10.0])
    part = profile.summary(150.0, 350.0)
    assert part.start_z == pytest.approx(plane(X0, Y0 + 1850.0))
    assert part.length_m == pytest.approx(200.0)
    with pytest.raises(georiviere.InvalidInputError):
        profile.summary(-5.0, 100.0)
    with pytest.raises(georiviere.InvalidInputError):
        profile.summary(smoothed=True)


def test_profile_default_step_and_reach(network, dem):
    profile = georiviere.longitudinal_profile(network, dem, river="Trib")
    assert profile.step_m == pytest.approx(10.0)
    assert len(profile) == 51
    reach = int(profile.reach_ids[0])
    by_reach = georiviere.longitudinal_profile(network, dem, reach=reach,
                                               step_m=10.0)
    assert by_reach.main_stem_id == -1
    np.testing.assert_allclose(by_reach.z, profile.z)


def test_profile_smoothing_and_gaps(network, tmp_path):
    # A nodata cell centred on (X0 + 5, Y0 + 1505) blanks the samples at
    # y = Y0 + 1500 and Y0 + 1510.
    dem = write_dem(tmp_path / "holed.tif", X0 - 100, Y0 + 2100, 70, 220,
                    10.0, plane, nodata_cells=[(59, 10)])
    profile = georiviere.longitudinal_profile(
        network, dem, river="Main", step_m=10.0, smoothing_m=50.0)
    assert np.isnan(profile.z).sum() == 2
    np.testing.assert_allclose(profile.gap_starts_m, [490.0])
    np.testing.assert_allclose(profile.gap_ends_m, [500.0])
    assert profile.gap_sample_counts.tolist() == [2]
    assert profile.smoothed_z is not None
    assert np.isnan(profile.smoothed_z).sum() == 2
    # Away from the ends and the gap, the centred mean of a plane is the
    # plane.
    assert profile.smoothed_z[100] == pytest.approx(profile.z[100])
    summary = profile.summary()
    assert summary.nodata_count == 2
    assert summary.start_z == pytest.approx(profile.smoothed_z[0])


def test_profile_rejects_bad_arguments(network, dem, tmp_path):
    with pytest.raises(ValueError):
        georiviere.longitudinal_profile(network, dem)
    with pytest.raises(ValueError):
        georiviere.longitudinal_profile(network, dem, river="Main", reach=0)
    with pytest.raises(georiviere.InvalidInputError):
        georiviere.longitudinal_profile(network, dem, river="Rhône")
    with pytest.raises(georiviere.InvalidInputError):
        georiviere.longitudinal_profile(network, dem, river="Main",
                                        step_m=-1.0)
    with pytest.raises(georiviere.InvalidInputError):
        georiviere.longitudinal_profile(network, dem, reach=99)
    with pytest.raises(georiviere.InputFileNotFoundError):
        georiviere.longitudinal_profile(network, tmp_path / "missing.tif",
                                        river="Main")


def test_profile_dem_without_value_is_rejected(network, tmp_path):
    # Every cell is nodata: no sample of "Main" has an elevation.
    blank = write_dem(tmp_path / "blank.tif", X0 - 100, Y0 + 2100, 70, 220,
                      10.0, lambda x, y: np.full_like(x, -9999.0))
    with pytest.raises(georiviere.InvalidInputError,
                       match="blank.tif gives no elevation on river Main"):
        georiviere.longitudinal_profile(network, blank, river="Main")
    # A DEM far away from the rivers.
    far = write_dem(tmp_path / "far.tif", X0 + 50_000, Y0 + 2100, 70, 220,
                    10.0, plane)
    with pytest.raises(georiviere.InvalidInputError,
                       match="does not overlap"):
        georiviere.longitudinal_profile(network, far, reach=0)
    # A DEM that misses part of the river still gives a profile, with a gap.
    half = write_dem(tmp_path / "half.tif", X0 - 100, Y0 + 1100, 70, 120,
                     10.0, plane)
    profile = georiviere.longitudinal_profile(network, half, river="Main",
                                              step_m=100.0)
    assert np.isnan(profile.z).any()
    assert np.isfinite(profile.z).any()


def test_profile_dem_without_crs_is_rejected(network, dem, tmp_path):
    no_crs = tmp_path / "nocrs.tif"
    gdal.Translate(str(no_crs), str(dem))
    copy = gdal.Open(str(no_crs), gdal.GA_Update)
    copy.SetProjection("")
    copy = None
    assert gdal.Open(str(no_crs)).GetProjection() == ""
    with pytest.raises(georiviere.CrsError, match="has no CRS"):
        georiviere.longitudinal_profile(network, no_crs, river="Main")


def test_profile_releases_gil(network, dem):
    results = []

    def work():
        results.append(georiviere.longitudinal_profile(
            network, dem, river="Main", step_m=1.0))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3
    for result in results:
        np.testing.assert_array_equal(result.z, results[0].z)


def test_plot_profile_writes_png(network, dem, tmp_path):
    pytest.importorskip("matplotlib")
    profile = georiviere.longitudinal_profile(
        network, dem, river="Main", step_m=50.0, smoothing_m=200.0)
    path = tmp_path / "main.png"
    written = georiviere.plot_profile(profile, path)
    assert written == str(path)
    data = path.read_bytes()
    assert len(data) > 0
    assert data[:8] == PNG_SIGNATURE
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] \
        == []
    with pytest.raises(georiviere.IoError):
        georiviere.plot_profile(profile, path)
    georiviere.plot_profile(profile, path, title="Main", overwrite=True)
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    missing = tmp_path / "missing"
    with pytest.raises(georiviere.IoError,
                       match=re.escape(f"output directory not found: "
                                       f"{missing}; create it first")):
        georiviere.plot_profile(profile, missing / "main.png")


@pytest.fixture
def squares(tmp_path):
    """Square A over y in [Y0 + 1400, Y0 + 2000] and B, two parts over
    [Y0 + 200, Y0 + 400] and [Y0 + 600, Y0 + 800], both 600 m wide."""
    def ring(x0, y0, x1, y1):
        return [[X0 + x0, Y0 + y0], [X0 + x1, Y0 + y0], [X0 + x1, Y0 + y1],
                [X0 + x0, Y0 + y1], [X0 + x0, Y0 + y0]]

    geometries = [
        {"type": "Polygon", "coordinates": [ring(-300, 1400, 300, 2000)]},
        {"type": "MultiPolygon",
         "coordinates": [[ring(-300, 200, 300, 400)],
                         [ring(-300, 600, 300, 800)]]},
    ]
    return write_geojson(tmp_path / "squares.geojson", geometries,
                         properties=[{"code": "A"}, {"code": "B"}])


def test_zones_lists_stretches(network, squares):
    result = georiviere.zones(network, squares, field="code")
    assert isinstance(result, georiviere.Zones)
    assert result.polygon_count == 2
    rivers = result.rivers
    main = rivers["river"] == "Main"
    assert rivers["polygon"][main].tolist() == ["A", "B", "B"]
    np.testing.assert_allclose(rivers["start_m"][main], [0, 1200, 1600])
    np.testing.assert_allclose(rivers["end_m"][main], [600, 1400, 1800])
    np.testing.assert_allclose(rivers["length_m"][main], [600, 200, 200])
    assert "reach_id" not in rivers
    assert "reach_id" in result.reaches
    reaches = result.reaches
    assert reaches["length_m"].sum() == pytest.approx(1000.0)
    assert set(reaches["polygon_fid"].tolist()) == set(
        rivers["polygon_fid"].tolist())

    without_field = georiviere.zones(network, squares)
    assert all(value is None for value in without_field.rivers["polygon"])


def test_zones_rejects_bad_input(network, squares, tmp_path):
    with pytest.raises(georiviere.InvalidInputError):
        georiviere.zones(network, squares, field="nope")
    with pytest.raises(georiviere.InputFileNotFoundError):
        georiviere.zones(network, tmp_path / "missing.gpkg")
    lines = write_geojson(tmp_path / "lines.geojson",
                          line_strings([[(0.0, 0.0), (1.0, 0.0)]]))
    with pytest.raises(georiviere.InvalidInputError):
        georiviere.zones(network, lines)


def test_zones_polygons_without_crs(network, tmp_path):
    # A CSV layer has no CRS.
    no_crs = tmp_path / "squares.csv"
    no_crs.write_text(
        'WKT,code\n"POLYGON ((%f %f,%f %f,%f %f,%f %f))",A\n'
        % (X0 - 300, Y0 + 1400, X0 + 300, Y0 + 1400, X0 + 300, Y0 + 2000,
           X0 - 300, Y0 + 1400))
    with pytest.raises(georiviere.CrsError,
                       match="pass the CRS of the polygons with "
                       "polygon_crs="):
        georiviere.zones(network, no_crs)
    result = georiviere.zones(network, no_crs, polygon_crs="EPSG:2154")
    assert result.polygon_count == 1


def test_zones_reports_progress(network, squares):
    fractions = []
    georiviere.zones(network, squares,
                     progress=lambda stage, fraction:
                     fractions.append(fraction) or True)
    assert fractions
    assert fractions[-1] == pytest.approx(1.0)


# ---- real data -------------------------------------------------------------


@pytest.fixture
def yzeron():
    path = SHARED_DATA / "vector" / "yzeron" / "hydrography3.shp"
    if not path.exists():
        pytest.skip(f"{path} is missing")
    return georiviere.build_network(path, name_field="nom")


def test_yzeron_profiles_drop_matches_ends(yzeron, tmp_path):
    dataset = ogr.Open(str(SHARED_DATA / "vector" / "yzeron" /
                           "hydrography3.shp"))
    min_x, max_x, min_y, max_y = dataset.GetLayer(0).GetExtent()
    min_x, min_y, max_x, max_y = min_x - 100, min_y - 100, max_x + 100, \
        max_y + 100
    cell = 25.0

    def tilted(x, y):
        return 800.0 - 0.002 * (x - min_x) + 0.001 * (y - min_y)

    dem = write_dem(tmp_path / "dem.tif", min_x, max_y,
                    int(math.ceil((max_x - min_x) / cell)),
                    int(math.ceil((max_y - min_y) / cell)), cell, tilted)
    rivers = yzeron.rivers()
    assert rivers
    for river in rivers:
        profile = georiviere.longitudinal_profile(
            yzeron, dem, river=river.main_stem_id)
        summary = profile.summary()
        assert len(profile.gap_starts_m) == 0
        assert summary.drop_m == pytest.approx(profile.z[0] - profile.z[-1],
                                               abs=1e-9)
        assert summary.drop_m == pytest.approx(
            tilted(profile.x[0], profile.y[0])
            - tilted(profile.x[-1], profile.y[-1]), abs=1e-6)

    size = 1000.0
    geometries = []
    x = math.floor(min_x / size) * size
    while x < max_x:
        y = math.floor(min_y / size) * size
        while y < max_y:
            geometries.append({"type": "Polygon", "coordinates": [[
                [x, y], [x + size, y], [x + size, y + size], [x, y + size],
                [x, y]]]})
            y += size
        x += size
    grid = write_geojson(tmp_path / "grid.geojson", geometries)
    result = georiviere.zones(yzeron, grid)
    for river in rivers:
        inside = result.rivers["main_stem_id"] == river.main_stem_id
        assert result.rivers["length_m"][inside].sum() == pytest.approx(
            river.length_m, abs=1e-6), river.name
