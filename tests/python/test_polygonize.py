"""georiviere.polygonize: polygons of label grids, checked by hand, against
GDALPolygonize and on the catchments of a real DEM."""

import numpy as np
import pytest

import georiviere

# North-up cells of 1 x 1 whose grid's top-left corner is (0, 1).
UNIT_GEOTRANSFORM = (0.0, 1.0, 0.0, 1.0, 0.0, -1.0)


def signed_area(ring):
    """Shoelace area of a closed ring: positive when counterclockwise."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def corners(ring):
    """The distinct vertices of a closed ring, as a set of (x, y)."""
    return {(float(x), float(y)) for x, y in ring[:-1]}


def assert_closed(ring):
    assert ring.dtype == np.float64
    assert ring.ndim == 2
    assert ring.shape[1] == 2
    np.testing.assert_array_equal(ring[0], ring[-1])


def test_polygonize_one_cell_square():
    polygons = georiviere.polygonize(
        np.array([[5]], dtype=np.uint32), geotransform=UNIT_GEOTRANSFORM
    )
    assert list(polygons) == [5]
    assert isinstance(next(iter(polygons)), int)
    parts = polygons[5]
    assert len(parts) == 1
    assert len(parts[0]) == 1
    ring = parts[0][0]
    assert_closed(ring)
    assert ring.shape == (5, 2)
    assert corners(ring) == {(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)}
    assert signed_area(ring) == 1.0


def test_polygonize_ring_with_hole():
    labels = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.uint32)
    polygons = georiviere.polygonize(labels, geotransform=UNIT_GEOTRANSFORM)
    assert list(polygons) == [1]
    assert len(polygons[1]) == 1
    exterior, hole = polygons[1][0]
    assert_closed(exterior)
    assert_closed(hole)
    assert signed_area(exterior) == 9.0
    assert signed_area(hole) == -1.0
    assert corners(exterior) == {(0.0, 1.0), (3.0, 1.0), (3.0, -2.0),
                                 (0.0, -2.0)}
    assert corners(hole) == {(1.0, 0.0), (2.0, 0.0), (2.0, -1.0),
                             (1.0, -1.0)}


def test_polygonize_island_is_own_label():
    labels = np.array([[1, 1, 1], [1, 2, 1], [1, 1, 1]], dtype=np.uint32)
    polygons = georiviere.polygonize(labels)
    assert list(polygons) == [1, 2]
    assert [len(part) for part in polygons[1]] == [2]
    assert [len(part) for part in polygons[2]] == [1]
    assert signed_area(polygons[2][0][0]) == 1.0
    assert signed_area(polygons[1][0][1]) == -1.0


def test_polygonize_corner_touch_one_part():
    labels = np.array([[1, 0], [0, 1]], dtype=np.uint32)
    polygons = georiviere.polygonize(labels, geotransform=UNIT_GEOTRANSFORM)
    assert len(polygons[1]) == 1
    assert len(polygons[1][0]) == 1
    ring = polygons[1][0][0]
    assert_closed(ring)
    assert signed_area(ring) == 2.0
    # A figure of eight through the shared corner, which appears twice.
    assert ring.shape == (9, 2)
    shared = np.all(ring[:-1] == [1.0, 0.0], axis=1)
    assert np.count_nonzero(shared) == 2


def test_polygonize_corner_touching_holes_two():
    labels = np.ones((4, 4), dtype=np.uint32)
    labels[1, 1] = 0
    labels[2, 2] = 0
    polygons = georiviere.polygonize(labels)
    assert len(polygons[1]) == 1
    rings = polygons[1][0]
    assert len(rings) == 3
    assert signed_area(rings[0]) == 16.0
    assert sorted(signed_area(ring) for ring in rings[1:]) == [-1.0, -1.0]


def test_polygonize_separate_regions_two_parts():
    labels = np.array([[3, 0, 3]], dtype=np.uint32)
    polygons = georiviere.polygonize(labels)
    assert len(polygons[3]) == 2
    assert [signed_area(part[0]) for part in polygons[3]] == [1.0, 1.0]


def test_polygonize_orientation_south_up():
    # A positive pixel height flips the grid, but exteriors stay
    # counterclockwise.
    labels = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.uint32)
    polygons = georiviere.polygonize(
        labels, geotransform=(10.0, 2.0, 0.0, 20.0, 0.0, 2.0)
    )
    exterior, hole = polygons[1][0]
    assert signed_area(exterior) == 36.0
    assert signed_area(hole) == -4.0
    assert corners(hole) == {(12.0, 22.0), (14.0, 22.0), (14.0, 24.0),
                             (12.0, 24.0)}


def test_polygonize_rotated_geotransform():
    # Column steps go by (1, 1) and row steps by (1, -1): each cell is a
    # square of area 2 turned by 45 degrees.
    polygons = georiviere.polygonize(
        np.array([[1, 1]], dtype=np.uint32),
        geotransform=(0.0, 1.0, 1.0, 0.0, 1.0, -1.0),
    )
    ring = polygons[1][0][0]
    assert signed_area(ring) == 4.0
    assert corners(ring) == {(0.0, 0.0), (2.0, 2.0), (3.0, 1.0), (1.0, -1.0)}


def test_polygonize_default_geotransform():
    # Without a geotransform, cell (row, col) spans x col..col+1 and
    # y -row-1..-row, as for the other steps.
    polygons = georiviere.polygonize(np.array([[0, 0], [0, 7]],
                                              dtype=np.uint32))
    assert corners(polygons[7][0][0]) == {(1.0, -1.0), (2.0, -1.0),
                                          (2.0, -2.0), (1.0, -2.0)}


def test_polygonize_no_labels_empty():
    assert georiviere.polygonize(np.zeros((3, 4), dtype=np.uint32)) == {}
    assert georiviere.polygonize(np.zeros((0, 4), dtype=np.uint32)) == {}


def assert_same_polygons(actual, expected):
    assert list(actual) == list(expected)
    for label, parts in expected.items():
        assert len(actual[label]) == len(parts), label
        for part, expected_part in zip(actual[label], parts):
            assert len(part) == len(expected_part), label
            for ring, expected_ring in zip(part, expected_part):
                np.testing.assert_array_equal(ring, expected_ring)


def test_polygonize_strided_view():
    rng = np.random.default_rng(3)
    grid = rng.integers(0, 4, size=(30, 40)).astype(np.uint32)
    view = grid[1::2, ::-3]
    assert not view.flags.c_contiguous
    assert_same_polygons(
        georiviere.polygonize(view, geotransform=UNIT_GEOTRANSFORM),
        georiviere.polygonize(
            np.ascontiguousarray(view), geotransform=UNIT_GEOTRANSFORM
        ),
    )


def test_polygonize_reads_uint32_in_place():
    labels = np.array([[1, 2], [2, 2]], dtype=np.uint32)
    labels.setflags(write=False)
    assert georiviere._raster._labels_input(labels) is labels
    assert list(georiviere.polygonize(labels)) == [1, 2]


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int64, np.uint64,
                                   ">u4"])
def test_polygonize_converts_integer_labels(dtype):
    labels = np.array([[1, 1, 0], [0, 2, 2]])
    assert_same_polygons(
        georiviere.polygonize(labels.astype(dtype)),
        georiviere.polygonize(labels.astype(np.uint32)),
    )


def test_polygonize_rejects_float_labels():
    with pytest.raises(georiviere.InvalidInputError, match="float64"):
        georiviere.polygonize(np.ones((2, 2)))


def test_polygonize_rejects_bool_labels():
    with pytest.raises(georiviere.InvalidInputError, match="bool"):
        georiviere.polygonize(np.ones((2, 2), dtype=bool))


def test_polygonize_rejects_negative_label():
    labels = np.array([[1, 2], [-3, 0]], dtype=np.int32)
    with pytest.raises(georiviere.InvalidInputError,
                       match=r"got -3 at \(row, col\) \(1, 0\)"):
        georiviere.polygonize(labels)


def test_polygonize_rejects_label_above_uint32():
    labels = np.array([[1, 2**32]], dtype=np.int64)
    with pytest.raises(georiviere.InvalidInputError, match="4294967296"):
        georiviere.polygonize(labels)


@pytest.mark.parametrize("shape", [(4,), (2, 2, 2)])
def test_polygonize_rejects_wrong_ndim(shape):
    with pytest.raises(georiviere.InvalidInputError,
                       match="two-dimensional"):
        georiviere.polygonize(np.ones(shape, dtype=np.uint32))


def test_polygonize_rejects_bad_geotransform():
    with pytest.raises(georiviere.InvalidInputError, match="6 values"):
        georiviere.polygonize(np.ones((2, 2), dtype=np.uint32),
                              geotransform=(0.0, 1.0))


@pytest.mark.parametrize("geotransform, message", [
    ((float("nan"), 1.0, 0.0, 0.0, 0.0, -1.0), "not finite"),
    ((0.0, float("inf"), 0.0, 0.0, 0.0, -1.0), "not finite"),
    ((0.0, 1.0, 1.0, 0.0, 1.0, 1.0), "determinant is zero"),
])
def test_polygonize_rejects_degenerate_geotransform(geotransform, message):
    with pytest.raises(georiviere.InvalidInputError, match=message):
        georiviere.polygonize(np.ones((2, 2), dtype=np.uint32),
                              geotransform=geotransform)


def test_polygonize_rejects_masked_array():
    labels = np.ma.masked_array(np.ones((2, 2), dtype=np.uint32),
                                mask=[[True, False], [False, False]])
    with pytest.raises(georiviere.InvalidInputError, match="filled"):
        georiviere.polygonize(labels)
    assert list(georiviere.polygonize(labels.filled(0))) == [1]


def test_catchments_reject_cyclic_directions():
    # ESRI codes: the first cell drains east, the second west, into each
    # other.
    directions = np.array([[1, 16]], dtype=np.uint8)
    area = np.array([[0.001, 0.001]])
    with pytest.raises(georiviere.InvalidInputError, match="cycle"):
        georiviere.catchments(directions, area, 1.0, encoding="esri")


def test_polygonize_progress_reaches_one():
    calls = []

    def progress(stage, fraction):
        calls.append((stage, fraction))
        return True

    georiviere.polygonize(np.ones((5, 5), dtype=np.uint32), progress=progress)
    assert calls
    assert all(0.0 <= fraction <= 1.0 for _, fraction in calls)
    assert calls[-1][1] == 1.0


def test_polygonize_progress_false_cancels():
    with pytest.raises(georiviere.CancelledError):
        georiviere.polygonize(np.ones((5, 5), dtype=np.uint32),
                              progress=lambda stage, f: False)


def test_polygonize_progress_exception_propagates():
    class Stop(Exception):
        pass

    def progress(stage, fraction):
        raise Stop(stage)

    with pytest.raises(Stop):
        georiviere.polygonize(np.ones((5, 5), dtype=np.uint32),
                              progress=progress)


def gdal_polygons(labels, geotransform):
    """Polygonize with GDALPolygonize (8CONNECTED=8) on a MEM raster.

    Returns {label: sorted [(area, ring count)] of its parts}."""
    gdal = pytest.importorskip("osgeo.gdal")
    ogr = pytest.importorskip("osgeo.ogr")
    gdal.UseExceptions()
    rows, cols = labels.shape
    raster = gdal.GetDriverByName("MEM").Create(
        "", cols, rows, 1, gdal.GDT_UInt32
    )
    raster.SetGeoTransform(geotransform)
    band = raster.GetRasterBand(1)
    band.WriteArray(labels)
    band.SetNoDataValue(0)
    source = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = source.CreateLayer("polygons")
    layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger64))
    gdal.Polygonize(band, band.GetMaskBand(), layer, 0, ["8CONNECTED=8"])
    result = {}
    for feature in layer:
        geometry = feature.GetGeometryRef()
        result.setdefault(feature.GetField("label"), []).append(
            (geometry.GetArea(), geometry.GetGeometryCount())
        )
    return {label: sorted(parts) for label, parts in sorted(result.items())}


def part_summaries(polygons):
    """{label: sorted [(area, ring count)] of its parts}, with the area of
    each part its exterior's minus its holes'."""
    result = {}
    for label, parts in polygons.items():
        summary = []
        for rings in parts:
            assert signed_area(rings[0]) > 0.0, label
            assert all(signed_area(hole) < 0.0 for hole in rings[1:]), label
            area = sum(signed_area(ring) for ring in rings)
            summary.append((area, len(rings)))
        result[label] = sorted(summary)
    return result


@pytest.mark.parametrize("seed,count", [(11, 3), (12, 6), (13, 2)])
def test_polygonize_matches_gdal_random(seed, count):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, count, size=(37, 53)).astype(np.uint32)
    geotransform = (1000.0, 2.0, 0.0, 5000.0, 0.0, -2.0)
    actual = part_summaries(
        georiviere.polygonize(labels, geotransform=geotransform)
    )
    expected = gdal_polygons(labels, geotransform)
    assert list(actual) == list(expected)
    for label in expected:
        assert actual[label] == expected[label], label


@pytest.fixture(scope="module")
def bigtujunga(shared_data):
    """The DEM of Big Tujunga, its geotransform and its link catchment
    labels from the Python DEM steps with a 1 km2 threshold."""
    path = shared_data / "raster" / "bigtujunga" / "bigtujunga.tif"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    gdal = pytest.importorskip("osgeo.gdal")
    gdal.UseExceptions()
    dataset = gdal.Open(str(path))
    band = dataset.GetRasterBand(1)
    dem = band.ReadAsArray()
    nodata = band.GetNoDataValue()
    geotransform = dataset.GetGeoTransform()
    crs = dataset.GetProjection()
    filled = georiviere.fill_depressions(dem, nodata=nodata)
    directions = georiviere.resolve_flats(
        filled, nodata=nodata, geotransform=geotransform, crs=crs
    )
    area = georiviere.flow_accumulation(
        directions, geotransform=geotransform, crs=crs, area_km2=True
    )
    labels = georiviere.catchments(
        directions, area, 1.0, geotransform=geotransform, crs=crs
    )
    return dem, nodata, geotransform, labels


def test_polygonize_bigtujunga_covers_valid_area(bigtujunga):
    dem, nodata, geotransform, labels = bigtujunga
    cell_area = abs(geotransform[1] * geotransform[5])
    valid_cells = np.count_nonzero(dem != nodata)
    assert np.count_nonzero(labels) == valid_cells

    polygons = georiviere.polygonize(labels, geotransform=geotransform)
    counts = np.bincount(labels.ravel())
    present = [int(label) for label in np.flatnonzero(counts) if label != 0]
    assert list(polygons) == present
    # Flow paths join cells by their sides or corners, so each link's
    # catchment is one part. The last label, of cells that meet no stream,
    # may have several.
    for label in present[:-1]:
        assert len(polygons[label]) == 1, label
    total = 0.0
    for label, parts in polygons.items():
        area = sum(signed_area(ring) for rings in parts for ring in rings)
        assert area == pytest.approx(counts[label] * cell_area), label
        total += area
    assert total == pytest.approx(valid_cells * cell_area, rel=1e-12)


def test_polygonize_bigtujunga_matches_gdal(bigtujunga):
    _, _, geotransform, labels = bigtujunga
    actual = part_summaries(
        georiviere.polygonize(labels, geotransform=geotransform)
    )
    expected = gdal_polygons(labels, geotransform)
    assert list(actual) == list(expected)
    for label in expected:
        assert len(actual[label]) == len(expected[label]), label
        for (area, rings), (gdal_area, gdal_rings) in zip(
            actual[label], expected[label]
        ):
            assert area == pytest.approx(gdal_area), label
            assert rings == gdal_rings, label
