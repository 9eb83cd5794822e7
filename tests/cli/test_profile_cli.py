"""Tests of `georiviere profile` and `georiviere zones` on inline inputs,
bad input and the Yzeron lines with a synthetic DEM."""

import csv
import json
import math
from collections import defaultdict

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

gdal.UseExceptions()

LAMBERT_93 = {"type": "name",
              "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}}

# Lambert-93 offsets that put the inline coordinates inside France.
X0 = 800000.0
Y0 = 6500000.0

SAMPLE_COLUMNS = ["river", "main_stem_id", "measure_m", "reach", "x", "y",
                  "z"]
SUMMARY_COLUMNS = [
    "river", "main_stem_id", "level", "reach", "segment", "start_m", "end_m",
    "length_m", "start_z", "end_z", "min_z", "max_z", "drop_m", "mean_slope",
    "ascent_m", "descent_m", "samples", "nodata_samples"]
ZONE_COLUMNS = ["river", "main_stem_id", "polygon_fid", "polygon", "start_m",
                "end_m", "length_m"]
REACH_ZONE_COLUMNS = ["reach", "river", "main_stem_id", "polygon_fid",
                      "polygon", "start_m", "end_m", "length_m"]


def write_geojson(path, features, crs=LAMBERT_93):
    collection = {"type": "FeatureCollection", "features": features}
    if crs is not None:
        collection["crs"] = crs
    path.write_text(json.dumps(collection))
    return path


def line_feature(coordinates, **properties):
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "LineString", "coordinates": coordinates}}


def square_feature(x0, y0, size, **properties):
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size],
            [x0, y0 + size], [x0, y0]]
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def write_dem(path, origin_x, origin_y, cols, rows, cell, function,
              nodata_cells=()):
    """A Float64 GeoTIFF in Lambert-93 whose cell centres hold
    function(x, y); origin is the top-left corner."""
    xs = origin_x + cell * (np.arange(cols) + 0.5)
    ys = origin_y - cell * (np.arange(rows) + 0.5)
    grid_x, grid_y = np.meshgrid(xs, ys)
    values = function(grid_x, grid_y).astype(np.float64)
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


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        return reader.fieldnames, list(reader)


@pytest.fixture
def rivers(tmp_path):
    """"Main" flows south along x = X0 from Y0 + 2000 to Y0, in two lines
    joined at Y0 + 1000 where "Trib" flows in from the east."""
    return write_geojson(tmp_path / "rivers.geojson", [
        line_feature([[X0, Y0 + 2000], [X0, Y0 + 1000]], name="Main"),
        line_feature([[X0, Y0 + 1000], [X0, Y0]], name="Main"),
        line_feature([[X0 + 500, Y0 + 1000], [X0, Y0 + 1000]], name="Trib"),
    ])


def plane(x, y):
    return 100.0 + 0.01 * (y - Y0) + 0.002 * (x - X0)


@pytest.fixture
def dem(tmp_path):
    """10 m cells over [X0 - 100, X0 + 600] x [Y0 - 100, Y0 + 2100] holding
    the plane, bilinear-exact between cell centres."""
    return write_dem(tmp_path / "dem.tif", X0 - 100, Y0 + 2100, 70, 220,
                     10.0, plane)


def test_profile_writes_samples_and_summary(run, tmp_path, rivers, dem):
    output = tmp_path / "profile.csv"
    result = run("profile", rivers, "--name-field", "name", "--dem", dem,
                 "--river", "Main", "--step", "100", "-o", output, check=0)
    assert "river Main" in result.stdout
    columns, rows = read_csv(output)
    assert columns == SAMPLE_COLUMNS
    # Every 100 m from 0 to 2000: the reach end at 1000 is a step.
    assert [float(row["measure_m"]) for row in rows] == [
        100.0 * i for i in range(21)]
    for row in rows:
        assert row["river"] == "Main"
        x = float(row["x"])
        y = float(row["y"])
        assert x == pytest.approx(X0)
        assert y == pytest.approx(Y0 + 2000 - float(row["measure_m"]))
        assert float(row["z"]) == pytest.approx(plane(x, y), abs=1e-3)
    assert len({row["reach"] for row in rows}) == 2

    columns, summary = read_csv(tmp_path / "profile_summary.csv")
    assert columns == SUMMARY_COLUMNS
    levels = [row["level"] for row in summary]
    assert levels == ["river", "reach", "reach"]
    whole = summary[0]
    assert float(whole["drop_m"]) == pytest.approx(20.0, abs=1e-3)
    assert float(whole["drop_m"]) == pytest.approx(
        float(rows[0]["z"]) - float(rows[-1]["z"]), abs=1e-3)
    assert float(whole["mean_slope"]) == pytest.approx(0.01, abs=1e-6)
    assert float(whole["ascent_m"]) == pytest.approx(0.0, abs=1e-3)
    assert float(whole["descent_m"]) == pytest.approx(20.0, abs=1e-3)
    assert whole["nodata_samples"] == "0"
    reach_drops = [float(row["drop_m"]) for row in summary[1:]]
    assert reach_drops == pytest.approx([10.0, 10.0], abs=1e-3)


def test_profile_default_step_is_cell_size(run, tmp_path, rivers, dem):
    output = tmp_path / "profile.csv"
    run("profile", rivers, "--name-field", "name", "--dem", dem, "-q",
        "-o", output, check=0)
    _, rows = read_csv(output)
    by_river = defaultdict(list)
    for row in rows:
        by_river[row["river"]].append(float(row["measure_m"]))
    assert set(by_river) == {"Main", "Trib"}
    assert len(by_river["Main"]) == 201
    assert by_river["Main"][1] == pytest.approx(10.0)
    assert len(by_river["Trib"]) == 51


def test_profile_smoothing_and_segments(run, tmp_path, rivers, dem):
    output = tmp_path / "profile.csv"
    run("profile", rivers, "--name-field", "name", "--dem", dem,
        "--river", "Main", "--step", "100", "--smooth", "300",
        "--segment-length", "500", "-q", "-o", output, check=0)
    columns, rows = read_csv(output)
    assert columns == SAMPLE_COLUMNS + ["smoothed_z"]
    # On a plane, the centred mean of equally spaced samples is the plane
    # away from the ends; at the source the window is cut.
    middle = rows[10]
    assert float(middle["smoothed_z"]) == pytest.approx(
        float(middle["z"]), abs=1e-3)
    assert float(rows[0]["smoothed_z"]) < float(rows[0]["z"])

    _, summary = read_csv(tmp_path / "profile_summary.csv")
    segments = [row for row in summary if row["level"] == "segment"]
    assert [row["segment"] for row in segments] == ["0", "1", "2", "3"]
    assert [float(row["length_m"]) for row in segments] == pytest.approx(
        [500.0] * 4)
    # The summaries read the smoothed values.
    whole = summary[0]
    assert float(whole["start_z"]) == pytest.approx(
        float(rows[0]["smoothed_z"]), abs=1e-3)


def test_profile_reports_nodata_gaps(run, tmp_path, rivers):
    # A nodata cell centred on (X0 + 5, Y0 + 1505) reaches the samples at
    # y = Y0 + 1500 and Y0 + 1510 on the river at x = X0.
    dem = write_dem(tmp_path / "holed.tif", X0 - 100, Y0 + 2100, 70, 220,
                    10.0, plane, nodata_cells=[(59, 10)])
    output = tmp_path / "profile.csv"
    result = run("profile", rivers, "--name-field", "name", "--dem", dem,
                 "--river", "Main", "--step", "10", "-o", output, check=0)
    assert "1 nodata gaps" in result.stdout
    assert "without DEM value" in result.stderr
    _, rows = read_csv(output)
    empty = [float(row["measure_m"]) for row in rows if row["z"] == ""]
    assert empty == pytest.approx([490.0, 500.0])
    _, summary = read_csv(tmp_path / "profile_summary.csv")
    assert summary[0]["nodata_samples"] == "2"


def test_profile_rejects_bad_input(run, tmp_path, rivers, dem):
    output = tmp_path / "profile.csv"
    for arguments, message in [
            (["--dem", tmp_path / "missing.tif"], "not found"),
            (["--dem", dem, "--step", "-5"], "invalid --step"),
            (["--dem", dem, "--smooth", "nan"], "invalid --smooth"),
            (["--dem", dem, "--river", "Rhône"], "no river named"),
    ]:
        result = run("profile", rivers, "--name-field", "name", *arguments,
                     "-o", output, check=2)
        assert message in result.stderr, result.stderr
        assert not output.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dem.tif", "rivers.geojson"]


def test_profile_unknown_river_hints(run, tmp_path, rivers, dem):
    output = tmp_path / "profile.csv"
    result = run("profile", rivers, "--dem", dem, "--river", "Main", "-o",
                 output, check=2)
    assert "no name field was read" in result.stderr, result.stderr
    assert "--name-field" in result.stderr
    result = run("profile", rivers, "--name-field", "name", "--dem", dem,
                 "--river", "main", "-o", output, check=2)
    assert "'main'; did you mean 'Main'?" in result.stderr, result.stderr
    assert not output.exists()


def test_profile_dem_without_value_fails(run, tmp_path, rivers):
    output = tmp_path / "profile.csv"
    # Every cell is nodata.
    blank = write_dem(tmp_path / "blank.tif", X0 - 100, Y0 + 2100, 70, 220,
                      10.0, lambda x, y: np.full_like(x, -9999.0))
    # A DEM 50 km east of the rivers.
    far = write_dem(tmp_path / "far.tif", X0 + 50_000, Y0 + 2100, 70, 220,
                    10.0, plane)
    for dem in (blank, far):
        result = run("profile", rivers, "--name-field", "name", "--dem", dem,
                     "-o", output, check=2)
        assert f"the DEM {dem} gives no elevation on the 2 rivers" \
            in result.stderr, result.stderr
        assert "does not overlap them or is nodata" in result.stderr
        assert not output.exists()
        assert not (tmp_path / "profile_summary.csv").exists()


def test_profile_dem_without_crs_fails(run, tmp_path, rivers, dem):
    no_crs = tmp_path / "nocrs.tif"
    gdal.Translate(str(no_crs), str(dem))
    copy = gdal.Open(str(no_crs), gdal.GA_Update)
    copy.SetProjection("")
    copy = None
    output = tmp_path / "profile.csv"
    result = run("profile", rivers, "--dem", no_crs, "-o", output, check=2)
    assert f"{no_crs} has no CRS" in result.stderr, result.stderr
    assert "gdal_edit.py -a_srs" in result.stderr
    assert not output.exists()


def test_profile_and_zones_write_csv_only(run, tmp_path, rivers, dem,
                                          squares):
    for command in (["profile", rivers, "--dem", dem],
                    ["zones", rivers, squares]):
        for name in ("out.gpkg", "out.txt", "out"):
            output = tmp_path / name
            result = run(*command, "-o", output, check=2)
            assert f"output {output} is not a .csv file" in result.stderr, \
                result.stderr
            assert "give a path ending in .csv" in result.stderr
            assert not output.exists()
    run("profile", rivers, "--dem", dem, "-q", "-o", tmp_path / "p.CSV",
        check=0)
    assert (tmp_path / "p_summary.CSV").is_file()


def test_profile_option_errors_show_value(run, tmp_path, rivers, dem):
    output = tmp_path / "profile.csv"
    for arguments, message in [
            (["--step", "nan"], "invalid --step nan:"),
            (["--smooth", "nan"], "invalid --smooth nan:"),
            (["--band", "0"], "--band"),
    ]:
        result = run("profile", rivers, "--dem", dem, *arguments, "-o",
                     output, check=2)
        assert message in result.stderr, result.stderr
        assert "179769313486231570814" not in result.stderr
    result = run("profile", rivers, "--dem", dem, "--band", "0", "-o",
                 output, check=2)
    assert "invalid --band 0: give a band number, 1 or more" \
        in result.stderr, result.stderr


def test_profile_never_overwrites_inputs(run, tmp_path, rivers, dem):
    before = dem.read_bytes()
    result = run("profile", rivers, "--dem", dem, "-o", dem, "--overwrite",
                 check=2)
    assert "is the input" in result.stderr
    assert dem.read_bytes() == before

    output = tmp_path / "profile.csv"
    output.write_text("keep me")
    result = run("profile", rivers, "--dem", dem, "-o", output, check=2)
    assert "--overwrite" in result.stderr
    assert output.read_text() == "keep me"
    run("profile", rivers, "--dem", dem, "-o", output, "--overwrite", "-q",
        check=0)
    assert output.read_text().startswith("river,")


@pytest.fixture
def squares(tmp_path):
    """Two 600 m wide polygons along "Main": the square A over y in
    [Y0 + 1400, Y0 + 2000], and B, a MultiPolygon of two parts over
    [Y0 + 200, Y0 + 400] and [Y0 + 600, Y0 + 800]. Main enters B once per
    part."""
    a = square_feature(X0 - 300, Y0 + 1400, 600, code="A")
    b = {"type": "Feature", "properties": {"code": "B"},
         "geometry": {"type": "MultiPolygon", "coordinates": [
             [[[X0 - 300, Y0 + 200], [X0 + 300, Y0 + 200],
               [X0 + 300, Y0 + 400], [X0 - 300, Y0 + 400],
               [X0 - 300, Y0 + 200]]],
             [[[X0 - 300, Y0 + 600], [X0 + 300, Y0 + 600],
               [X0 + 300, Y0 + 800], [X0 - 300, Y0 + 800],
               [X0 - 300, Y0 + 600]]]]}}
    return write_geojson(tmp_path / "squares.geojson", [a, b])


def test_zones_lists_river_and_reach_stretches(run, tmp_path, rivers,
                                               squares):
    output = tmp_path / "zones.csv"
    result = run("zones", rivers, squares, "--name-field", "name",
                 "--field", "code", "-o", output, check=0)
    assert "polygons: 2" in result.stdout
    columns, rows = read_csv(output)
    assert columns == ZONE_COLUMNS
    main = [(row["polygon"], float(row["start_m"]), float(row["end_m"]))
            for row in rows if row["river"] == "Main"]
    # Main's source is at Y0 + 2000: A from 0 to 600, then B twice.
    assert main == [("A", 0.0, 600.0), ("B", 1200.0, 1400.0),
                    ("B", 1600.0, 1800.0)]
    trib = [row for row in rows if row["river"] == "Trib"]
    # Trib runs along y = Y0 + 1000, between A and B.
    assert trib == []

    columns, reach_rows = read_csv(tmp_path / "zones_reaches.csv")
    assert columns == REACH_ZONE_COLUMNS
    lengths = defaultdict(float)
    for row in reach_rows:
        lengths[row["polygon"]] += float(row["length_m"])
    assert lengths == pytest.approx({"A": 600.0, "B": 400.0})


def test_zones_rejects_bad_polygons(run, tmp_path, rivers, squares):
    output = tmp_path / "zones.csv"
    result = run("zones", rivers, squares, "--field", "nope", "-o", output,
                 check=2)
    assert "field 'nope' not found" in result.stderr
    result = run("zones", rivers, rivers, "-o", output, check=2)
    assert "Polygon or MultiPolygon" in result.stderr
    result = run("zones", rivers, tmp_path / "missing.gpkg", "-o", output,
                 check=2)
    assert "not found" in result.stderr
    no_crs = write_geojson(tmp_path / "nocrs.geojson",
                           [square_feature(0, 0, 10)], crs=None)
    # GeoJSON without a crs member is WGS 84 by definition (RFC 7946), so
    # the layer is read and reprojected.
    run("zones", rivers, no_crs, "-q", "-o", output, check=0)
    result = run("zones", rivers, squares, "--polygon-layer", "other",
                 "-o", tmp_path / "other.csv", check=2)
    assert "--polygon-layer" in result.stderr
    assert not (tmp_path / "other.csv").exists()


def test_zones_polygons_without_crs(run, tmp_path, rivers):
    # A CSV layer has no CRS.
    no_crs = tmp_path / "squares.csv"
    no_crs.write_text(
        'WKT,code\n"POLYGON ((%f %f,%f %f,%f %f,%f %f))",A\n'
        % (X0 - 300, Y0 + 1400, X0 + 300, Y0 + 1400, X0 + 300, Y0 + 2000,
           X0 - 300, Y0 + 1400))
    output = tmp_path / "zones.csv"
    result = run("zones", rivers, no_crs, "-o", output, check=2)
    assert "pass the CRS of the polygons with --polygon-crs" \
        in result.stderr, result.stderr
    run("zones", rivers, no_crs, "--polygon-crs", "EPSG:2154", "-q", "-o",
        output, check=0)


def test_zones_warns_when_empty(run, tmp_path, rivers):
    far = write_geojson(tmp_path / "far.geojson",
                        [square_feature(X0 + 50_000, Y0, 100, code="far")])
    output = tmp_path / "zones.csv"
    result = run("zones", rivers, far, "-o", output, check=0)
    assert "warning: no river crosses a polygon of" in result.stderr, \
        result.stderr
    assert output.read_text().count("\n") == 1


# ---- real data -------------------------------------------------------------


@pytest.fixture
def yzeron(shared_data):
    path = shared_data / "vector" / "yzeron" / "hydrography3.shp"
    if not path.exists():
        pytest.skip(f"{path} is missing")
    return path


def yzeron_extent(path):
    dataset = ogr.Open(str(path))
    min_x, max_x, min_y, max_y = dataset.GetLayer(0).GetExtent()
    return min_x - 100, max_x + 100, min_y - 100, max_y + 100


def test_profile_yzeron_drop_matches_ends(run, tmp_path, yzeron):
    min_x, max_x, min_y, max_y = yzeron_extent(yzeron)
    cell = 25.0
    dem = write_dem(
        tmp_path / "dem.tif", min_x, max_y,
        int(math.ceil((max_x - min_x) / cell)),
        int(math.ceil((max_y - min_y) / cell)), cell,
        lambda x, y: 800.0 - 0.002 * (x - min_x) + 0.001 * (y - min_y))
    output = tmp_path / "profile.csv"
    run("profile", yzeron, "--name-field", "nom", "--dem", dem, "-q",
        "-o", output, check=0)
    _, rows = read_csv(output)
    ends = {}
    for row in rows:
        key = row["main_stem_id"]
        first, _ = ends.get(key, (row, None))
        ends[key] = (first, row)
    _, summary = read_csv(tmp_path / "profile_summary.csv")
    river_rows = [row for row in summary if row["level"] == "river"]
    assert len(river_rows) == len(ends)
    for row in river_rows:
        first, last = ends[row["main_stem_id"]]
        assert float(row["drop_m"]) == pytest.approx(
            float(first["z"]) - float(last["z"]), abs=2e-3)
        assert float(row["descent_m"]) - float(row["ascent_m"]) == \
            pytest.approx(float(row["drop_m"]), abs=2e-3)
        assert row["nodata_samples"] == "0"


def test_zones_yzeron_grid_adds_up(run, tmp_path, yzeron):
    min_x, max_x, min_y, max_y = yzeron_extent(yzeron)
    size = 1000.0
    features = []
    x = math.floor(min_x / size) * size
    while x < max_x:
        y = math.floor(min_y / size) * size
        while y < max_y:
            features.append(square_feature(x, y, size,
                                           code=f"{int(x)}_{int(y)}"))
            y += size
        x += size
    grid = write_geojson(tmp_path / "grid.geojson", features)
    output = tmp_path / "zones.csv"
    run("zones", yzeron, grid, "--name-field", "nom", "--field", "code",
        "-q", "-o", output, check=0)
    _, rows = read_csv(output)
    lengths = defaultdict(float)
    for row in rows:
        lengths[row["main_stem_id"]] += float(row["length_m"])

    profile = tmp_path / "lengths.csv"
    dem = write_dem(tmp_path / "flat.tif", min_x, max_y,
                    int(math.ceil((max_x - min_x) / 50.0)),
                    int(math.ceil((max_y - min_y) / 50.0)), 50.0,
                    lambda x, y: 0.0 * x + 100.0)
    run("profile", yzeron, "--name-field", "nom", "--dem", dem, "-q",
        "-o", profile, check=0)
    _, summary = read_csv(tmp_path / "lengths_summary.csv")
    river_lengths = {row["main_stem_id"]: float(row["length_m"])
                     for row in summary if row["level"] == "river"}
    assert set(lengths) == set(river_lengths)
    for stem, length in river_lengths.items():
        # Rounded to the millimetre per row in the CSV.
        assert lengths[stem] == pytest.approx(length, abs=0.01), stem
