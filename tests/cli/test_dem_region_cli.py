"""Runs `georiviere dem --region` with profiles whose [streams] table sets
the stream thresholds, on small generated DEMs."""

import re

import numpy as np
from osgeo import gdal, ogr, osr

from test_dem_cli import valley, write_dem

gdal.UseExceptions()

# Two V-shaped valleys draining south, floors at columns 5 and 16 of 22,
# 100 m cells from x 500000: the west valley spans x 500000 to 501100, the
# east one x 501100 to 502200.
TWO_VALLEYS_EAST = (501100.0, 4997000.0, 502200.0, 5000000.0)


def two_valleys(rows=30, cols=22):
    r, c = np.mgrid[0:rows, 0:cols]
    floor = np.where(c <= 10, 5, 16)
    return 100.0 + np.abs(c - floor) * 2.0 + (rows - r) * 0.5


def stream_cells(stdout):
    match = re.search(r"^stream cells: (\d+) ", stdout, re.MULTILINE)
    assert match, stdout
    return int(match.group(1))


def write_profile(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_profile_threshold_changes_the_streams(run, tmp_path):
    dem = write_dem(tmp_path / "valley.tif", valley())
    profile = write_profile(tmp_path / "fine.toml", """\
[region]
name = "fine"
[streams]
threshold_km2 = 0.05
""")
    default = run("dem", dem, "-o", tmp_path / "default.gpkg", check=0)
    fine = run("dem", dem, "--region", profile, "-o", tmp_path / "fine.gpkg",
               check=0)
    # The floor cell of row r gathers about 21 (r + 1) cells of 0.01 km2:
    # 1 km2 from row 4, 0.05 km2 from row 0; the side cells stay below.
    assert stream_cells(fine.stdout) > stream_cells(default.stdout) > 0
    assert f"region: fine (profile file {profile})" in fine.stdout
    assert "region: stream thresholds 0.05 km2" in fine.stdout
    assert "region:" not in default.stdout


def test_threshold_option_replaces_the_profile(run, tmp_path):
    dem = write_dem(tmp_path / "valley.tif", valley())
    profile = write_profile(tmp_path / "fine.toml", """\
[streams]
threshold_km2 = 0.05
""")
    plain = run("dem", dem, "--threshold-km2", "2", "-o",
                tmp_path / "plain.gpkg", check=0)
    given = run("dem", dem, "--region", profile, "--threshold-km2", "2",
                "-o", tmp_path / "given.gpkg", check=0)
    assert stream_cells(given.stdout) == stream_cells(plain.stdout)
    assert "replaced by --threshold-km2" in given.stdout


def test_box_override_gives_streams_in_one_valley(run, tmp_path):
    dem = write_dem(tmp_path / "valleys.tif", two_valleys())
    min_x, min_y, max_x, max_y = TWO_VALLEYS_EAST
    profile = write_profile(tmp_path / "east.toml", f"""\
[region]
name = "east"
[streams]
threshold_km2 = 50
[[streams.overrides]]
name = "east valley"
threshold_km2 = 0.1
bbox = [{min_x}, {min_y}, {max_x}, {max_y}]
""")
    output = tmp_path / "east.gpkg"
    result = run("dem", dem, "--region", profile, "-o", output, check=0)
    assert ("region: stream thresholds 50 km2, 0.1 km2 in box 'east valley'"
            in result.stdout)
    # Without the box no cell reaches 50 km2; with it the east valley has
    # the streams a uniform 0.1 km2 gives it, the west valley none.
    uniform = run("dem", dem, "--threshold-km2", "0.1", "-o",
                  tmp_path / "uniform.gpkg", check=0)
    east = stream_cells(result.stdout)
    assert 0 < east < stream_cells(uniform.stdout)
    assert east * 2 == stream_cells(uniform.stdout)


def test_box_in_another_crs_is_transformed(run, tmp_path):
    # The DEM in UTM zone 31 (EPSG:32631), the box in Lambert-93
    # (EPSG:2154) around the east valley.
    dem = write_dem(tmp_path / "valleys.tif", two_valleys())
    source = osr.SpatialReference()
    source.ImportFromEPSG(32631)
    target = osr.SpatialReference()
    target.ImportFromEPSG(2154)
    for srs in (source, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_lambert = osr.CoordinateTransformation(source, target)
    min_x, min_y, max_x, max_y = TWO_VALLEYS_EAST
    # A smaller box inside the east valley, so its envelope in UTM stays
    # east of the ridge at x 501100.
    corners = [to_lambert.TransformPoint(x, y)[:2]
               for x, y in ((min_x + 200, min_y + 200),
                            (max_x - 200, max_y - 200))]
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    profile = write_profile(tmp_path / "lambert.toml", f"""\
[crs]
epsg = 2154
[streams]
threshold_km2 = 50
[[streams.overrides]]
name = "east"
threshold_km2 = 0.1
bbox = [{min(xs)}, {min(ys)}, {max(xs)}, {max(ys)}]
""")
    result = run("dem", dem, "--region", profile, "-o",
                 tmp_path / "lambert.gpkg", check=0)
    assert stream_cells(result.stdout) > 0


def write_zones(path, zones, epsg=32631):
    """Write polygons (kind, WKT) to a GeoPackage layer named zones."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = dataset.CreateLayer("zones", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("kind", ogr.OFTString))
    for kind, wkt in zones:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("kind", kind)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    dataset = None
    return path


def rectangle(min_x, min_y, max_x, max_y):
    return (f"POLYGON (({min_x} {min_y}, {max_x} {min_y}, {max_x} {max_y}, "
            f"{min_x} {max_y}, {min_x} {min_y}))")


def test_polygon_override_matches_the_box(run, tmp_path):
    dem = write_dem(tmp_path / "valleys.tif", two_valleys())
    # The east valley as a polygon, and the west one, which the filter
    # leaves out.
    min_x, min_y, max_x, max_y = TWO_VALLEYS_EAST
    zones = write_zones(tmp_path / "zones.gpkg", [
        ("marsh", rectangle(min_x, min_y, max_x, max_y)),
        ("plateau", rectangle(500000.0, min_y, min_x, max_y)),
    ])
    profile = write_profile(tmp_path / "zones.toml", f"""\
[region]
name = "zones"
[streams]
threshold_km2 = 50
[[streams.overrides]]
name = "marsh"
threshold_km2 = 0.1
polygon_path = "{zones}"
polygon_where = "kind = 'marsh'"
""")
    result = run("dem", dem, "--region", profile, "-o",
                 tmp_path / "marsh.gpkg", check=0)
    # 11 columns by 30 rows of the east valley.
    assert ("region: stream thresholds 50 km2, 0.1 km2 in polygons 'marsh' "
            "(1 polygons, 330 cells)" in result.stdout)
    uniform = run("dem", dem, "--threshold-km2", "0.1", "-o",
                  tmp_path / "uniform.gpkg", check=0)
    assert stream_cells(result.stdout) * 2 == stream_cells(uniform.stdout)
    assert "warning" not in result.stderr


def test_polygon_override_with_hole(run, tmp_path):
    # A hole over the east valley's floor, column 16 (x 501600 to 501700),
    # takes the floor out of the low threshold: fewer stream cells than
    # the whole valley gives.
    dem = write_dem(tmp_path / "valleys.tif", two_valleys())
    min_x, min_y, max_x, max_y = TWO_VALLEYS_EAST
    outer = rectangle(min_x, min_y, max_x, max_y)[len("POLYGON ("):-1]
    hole = rectangle(501550.0, min_y, 501750.0, 4999000.0)[len("POLYGON ("):-1]
    zones = write_zones(tmp_path / "zones.gpkg", [
        ("marsh", f"POLYGON ({outer}, {hole})"),
    ])
    profile = write_profile(tmp_path / "hole.toml", f"""\
[streams]
threshold_km2 = 50
[[streams.overrides]]
name = "marsh"
threshold_km2 = 0.1
polygon_path = "{zones}"
""")
    result = run("dem", dem, "--region", profile, "-o",
                 tmp_path / "hole.gpkg", check=0)
    # The hole removes 2 columns by 20 rows from the 330 cells.
    assert "(1 polygons, 290 cells)" in result.stdout
    box = run("dem", dem, "--threshold-km2", "0.1", "-o",
              tmp_path / "uniform.gpkg", check=0)
    assert 0 < stream_cells(result.stdout) < stream_cells(box.stdout) // 2


def test_missing_polygon_layer_exits_2(run, tmp_path):
    dem = write_dem(tmp_path / "valleys.tif", two_valleys())
    profile = write_profile(tmp_path / "missing.toml", """\
[[streams.overrides]]
name = "marsh"
threshold_km2 = 0.1
polygon_path = "no_such_zones.gpkg"
""")
    result = run("dem", dem, "--region", profile, "-o",
                 tmp_path / "out.gpkg", check=2)
    assert "stream threshold override 'marsh'" in result.stderr
    assert "no_such_zones.gpkg" in result.stderr
    assert not (tmp_path / "out.gpkg").exists()


def test_profile_epsg_is_the_crs_of_a_dem_without_one(run, tmp_path):
    dem = write_dem(tmp_path / "nocrs.tif", valley(), epsg=None)
    profile = write_profile(tmp_path / "utm.toml", """\
[crs]
epsg = 32631
""")
    result = run("dem", dem, "--region", profile, "-o", tmp_path / "out.gpkg",
                 check=0)
    assert "EPSG:32631" in result.stdout
    missing = run("dem", dem, "-o", tmp_path / "missing.gpkg", check=2)
    assert "--crs" in missing.stderr


def test_catalogue_region(run, tmp_path):
    dem = write_dem(tmp_path / "valley.tif", valley())
    catalogue = write_profile(tmp_path / "parc.toml", """\
[regions.fine]
base = "bdtopo"
[regions.fine.streams]
threshold_km2 = 0.05
""")
    default = run("dem", dem, "-o", tmp_path / "default.gpkg", check=0)
    result = run("dem", dem, "--region", "fine", "--catalogue", catalogue,
                 "-o", tmp_path / "fine.gpkg", check=0)
    assert stream_cells(result.stdout) > stream_cells(default.stdout)
    assert f"region 'fine' of catalogue {catalogue}" in result.stdout


def test_bad_profile_exits_2_with_file_and_line(run, tmp_path):
    dem = write_dem(tmp_path / "valley.tif", valley())
    profile = write_profile(tmp_path / "bad.toml", """\
[region]
name = "bad"
[streams]
threshold_km2 = -1
""")
    output = tmp_path / "bad.gpkg"
    result = run("dem", dem, "--region", profile, "-o", output, check=2)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{profile}:4" in lines[0]
    assert not output.exists()


def test_unknown_preset_exits_2(run, tmp_path):
    dem = write_dem(tmp_path / "valley.tif", valley())
    output = tmp_path / "out.gpkg"
    result = run("dem", dem, "--region", "no_such_preset", "-o", output,
                 check=2)
    assert "no_such_preset" in result.stderr
    assert not output.exists()


def test_unknown_polygon_layer_names_profile_key(run, tmp_path):
    dem = write_dem(tmp_path / "valleys.tif", two_valleys())
    zones = tmp_path / "zones.gpkg"
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(zones))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    dataset.CreateLayer("marsh", srs, ogr.wkbPolygon)
    dataset = None
    profile = write_profile(tmp_path / "layer.toml", f"""\
[[streams.overrides]]
name = "marsh"
threshold_km2 = 0.1
polygon_path = "{zones}"
polygon_layer = "nope"
""")
    result = run("dem", dem, "--region", profile, "-o",
                 tmp_path / "out.gpkg", check=2)
    assert "layer 'nope' not found" in result.stderr, result.stderr
    assert "[[streams.overrides]] polygon_path and polygon_layer" \
        in result.stderr
    assert "--layer" not in result.stderr
