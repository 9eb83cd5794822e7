"""Fixtures of the georiviere Python tests.

The package is imported from a build tree: ``$GEORIVIERE_BUILD_DIR/python``
(default ``build/python`` in the repository). Inputs are tiny GeoJSON files written
to ``tmp_path`` from inline coordinates in Lambert-93 (EPSG:2154).
"""

import os
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
BUILD_DIR = Path(os.environ.get("GEORIVIERE_BUILD_DIR", REPOSITORY / "build"))
sys.path.insert(0, str(BUILD_DIR / "python"))

# Real data lives beside the clone, in ../shared/data; tests skip without it.
SHARED_DATA = Path(
    os.environ.get(
        "GEORIVIERE_SHARED_DATA",
        Path(__file__).resolve().parents[3] / "shared" / "data",
    )
)

from inline_inputs import (LAMBERT_93, X0, Y0, Y_LINES,  # noqa: F401
                           line_strings, shifted, write_geojson)


@pytest.fixture
def y_path(tmp_path):
    """A GeoJSON Y network of three lines."""
    names = [{"nom": "Le Bief"}, {"nom": "La Combe"}, {"nom": "Le Bief"}]
    return write_geojson(
        tmp_path / "y.geojson", line_strings(Y_LINES), properties=names
    )


@pytest.fixture
def duplicate_path(tmp_path):
    """The Y network plus an exact copy of line 0 as line 3."""
    return write_geojson(
        tmp_path / "duplicate.geojson",
        line_strings(Y_LINES + [Y_LINES[0]]),
    )


@pytest.fixture
def points_path(tmp_path):
    """A GeoJSON layer of two points."""
    points = [
        {"type": "Point", "coordinates": [X0, Y0]},
        {"type": "Point", "coordinates": [X0 + 10.0, Y0]},
    ]
    return write_geojson(tmp_path / "points.geojson", points)


@pytest.fixture
def no_crs_path(tmp_path):
    """The Y network as a Shapefile without a .prj file."""
    ogr = pytest.importorskip("osgeo.ogr")
    path = tmp_path / "no_crs.shp"
    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(
        str(path)
    )
    layer = dataset.CreateLayer("no_crs", None, ogr.wkbLineString)
    for line in Y_LINES:
        feature = ogr.Feature(layer.GetLayerDefn())
        wkt = "LINESTRING (%s)" % ", ".join(
            f"{x} {y}" for x, y in shifted(line)
        )
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    dataset = None
    assert not path.with_suffix(".prj").exists()
    return path


@pytest.fixture
def comb_path(tmp_path):
    """A large synthetic network for timing: a 20 km main stem split into
    4000 lines, each upstream end receiving a 300 m tributary."""
    count = 4000
    step = 5.0
    lines = []
    for i in range(count):
        y_top = (count - i) * step
        lines.append([(0.0, y_top), (0.0, y_top - step)])
        lines.append([(300.0, y_top + 1.0), (0.0, y_top)])
    return write_geojson(tmp_path / "comb.geojson", line_strings(lines))


@pytest.fixture(scope="session")
def shared_data():
    """The real data folder; skips the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent")
    return SHARED_DATA
