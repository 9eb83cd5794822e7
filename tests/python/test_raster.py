"""The DEM functions on numpy arrays, and dem_network on real DEMs."""

import threading
import time

import numpy as np
import pytest

import georiviere

# A single pit (the 1) whose lowest rim cells are at 10.
PIT_DEM = [
    [10.0, 12.0, 10.0, 10.0],
    [12.0, 1.0, 10.0, 12.0],
    [10.0, 12.0, 10.0, 11.0],
]

# A plane falling by 1 per row and per column, towards the south-east.
PLANE = [[100.0 - r - c for c in range(3)] for r in range(3)]

# Georiviere D8 codes of PLANE with square cells: south-east inside, south
# on the east column, east on the last row. Every cell drains to (2, 2).
PLANE_D8 = [[1, 1, 2], [1, 1, 2], [0, 0, 0]]

# Cells of 1 km x 1 km in Lambert-93.
KM_GEOTRANSFORM = (800000.0, 1000.0, 0.0, 6500000.0, 0.0, -1000.0)


def test_fill_raises_pit_to_spill():
    dem = np.array(PIT_DEM, dtype=np.float64)
    filled = georiviere.fill_depressions(dem)
    expected = np.array(PIT_DEM)
    expected[1, 1] = 10.0
    np.testing.assert_array_equal(filled, expected)
    assert dem[1, 1] == 1.0, "the input changed without inplace=True"
    assert filled.dtype == np.float64


def test_fill_keeps_float32():
    filled = georiviere.fill_depressions(np.array(PIT_DEM, dtype=np.float32))
    assert filled.dtype == np.float32
    assert filled[1, 1] == 10.0


def test_fill_converts_integer_dem():
    filled = georiviere.fill_depressions(np.array(PIT_DEM, dtype=np.int16))
    assert filled.dtype == np.float32
    assert filled[1, 1] == 10.0


def test_fill_epsilon_lifts_above_spill():
    filled = georiviere.fill_depressions(np.array(PIT_DEM), epsilon=True)
    assert filled[1, 1] > 10.0
    assert filled[1, 1] < 10.0 + 1e-9


def test_fill_inplace_writes_caller_array():
    dem = np.array(PIT_DEM, dtype=np.float32)
    result = georiviere.fill_depressions(dem, inplace=True)
    assert result is dem
    assert dem[1, 1] == 10.0


def test_fill_out_receives_result():
    dem = np.array(PIT_DEM)
    out = np.zeros_like(dem)
    result = georiviere.fill_depressions(dem, out=out)
    assert result is out
    assert out[1, 1] == 10.0
    assert dem[1, 1] == 1.0


def test_fill_keeps_nodata_cells():
    dem = np.array(PIT_DEM)
    dem[0, 3] = -9999.0
    dem[2, 3] = np.nan
    filled = georiviere.fill_depressions(dem, nodata=-9999.0)
    assert filled[0, 3] == -9999.0
    assert np.isnan(filled[2, 3])
    assert filled[1, 1] == 10.0


def test_fill_leaves_pit_beside_nodata():
    # A cell next to nodata drains out of the grid, so it is no pit.
    dem = np.array(PIT_DEM)
    dem[0, 0] = -9999.0
    filled = georiviere.fill_depressions(dem, nodata=-9999.0)
    assert filled[1, 1] == 1.0


def test_fill_inplace_rejects_strided_view():
    dem = np.zeros((4, 6))
    with pytest.raises(georiviere.InvalidInputError, match="C-contiguous"):
        georiviere.fill_depressions(dem[:, ::2], inplace=True)


def test_fill_inplace_rejects_integer_array():
    dem = np.array(PIT_DEM, dtype=np.int32)
    with pytest.raises(georiviere.InvalidInputError, match="float32"):
        georiviere.fill_depressions(dem, inplace=True)


def test_fill_rejects_wrong_ndim():
    with pytest.raises(georiviere.InvalidInputError, match="two-dimensional"):
        georiviere.fill_depressions(np.zeros(5))
    with pytest.raises(ValueError):
        georiviere.fill_depressions(np.zeros((2, 2, 2)))


def test_fill_rejects_text_dtype():
    with pytest.raises(georiviere.InvalidInputError, match="numbers"):
        georiviere.fill_depressions(np.array([["a", "b"], ["c", "d"]]))


def test_fill_out_rejects_shape_mismatch():
    with pytest.raises(georiviere.InvalidInputError, match="shape"):
        georiviere.fill_depressions(np.array(PIT_DEM), out=np.zeros((3, 3)))


def test_fill_rejects_bad_geotransform():
    with pytest.raises(georiviere.InvalidInputError, match="6 values"):
        georiviere.fill_depressions(np.array(PIT_DEM), geotransform=(0, 1))


def test_breach_lowers_rim_not_pit():
    dem = np.array(PIT_DEM)
    breached = georiviere.breach_depressions(dem)
    assert breached[1, 1] == 1.0
    assert np.all(breached <= dem)
    assert np.any(breached < dem), "no cell was carved"
    # The pit now has a neighbour at or below it that leads out.
    neighbours = breached[0:3, 0:3].copy()
    neighbours[1, 1] = np.inf
    assert neighbours.min() <= 1.0


def test_breach_inplace_writes_caller_array():
    dem = np.array(PIT_DEM, dtype=np.float32)
    result = georiviere.breach_depressions(dem, inplace=True)
    assert result is dem
    assert np.any(dem != np.array(PIT_DEM, dtype=np.float32))


def test_d8_plane_georiviere_codes():
    directions = georiviere.flow_direction_d8(np.array(PLANE))
    assert directions.dtype == np.uint8
    np.testing.assert_array_equal(directions, PLANE_D8)


def test_d8_plane_esri_codes():
    directions = georiviere.flow_direction_d8(np.array(PLANE), encoding="esri")
    assert directions.dtype == np.uint8
    np.testing.assert_array_equal(directions, [[2, 2, 4], [2, 2, 4], [1, 1, 1]])


def test_d8_plane_taudem_codes():
    directions = georiviere.flow_direction_d8(
        np.array(PLANE), encoding="taudem"
    )
    np.testing.assert_array_equal(directions, [[8, 8, 7], [8, 8, 7], [1, 1, 1]])


def test_d8_plane_grass_codes():
    directions = georiviere.flow_direction_d8(np.array(PLANE), encoding="grass")
    assert directions.dtype == np.int16
    # Negative where the flow leaves the grid: the corner cell's east.
    np.testing.assert_array_equal(
        directions, [[7, 7, 6], [7, 7, 6], [8, 8, -8]]
    )


def test_d8_uses_cell_size():
    # Cells 10 times taller than wide: east is the steepest drop.
    directions = georiviere.flow_direction_d8(
        np.array(PLANE), geotransform=(0.0, 1.0, 0.0, 0.0, 0.0, -10.0)
    )
    np.testing.assert_array_equal(directions[0], [0, 0, 2])
    np.testing.assert_array_equal(directions[1], [0, 0, 2])


def test_d8_marks_nodata():
    dem = np.array(PLANE)
    dem[0, 0] = -1.0
    directions = georiviere.flow_direction_d8(dem, nodata=-1.0)
    assert directions[0, 0] == 255
    assert georiviere.flow_direction_d8(dem, nodata=-1.0, encoding="grass")[
        0, 0
    ] == -32768


def test_d8_rejects_unknown_encoding():
    with pytest.raises(georiviere.InvalidInputError, match="encoding"):
        georiviere.flow_direction_d8(np.array(PLANE), encoding="saga")


def test_encodings_round_trip():
    codes = np.array(PLANE_D8, dtype=np.uint8)
    for encoding in ("esri", "taudem", "grass"):
        encoded = georiviere.encode_directions(codes, encoding)
        decoded = georiviere.decode_directions(encoded, encoding)
        np.testing.assert_array_equal(decoded, codes, err_msg=encoding)


def test_encode_georiviere_shares_memory():
    codes = np.array(PLANE_D8, dtype=np.uint8)
    same = georiviere.encode_directions(codes, "georiviere")
    assert np.shares_memory(same, codes)


def test_decode_rejects_invalid_esri_code():
    with pytest.raises(georiviere.InvalidInputError, match="ESRI"):
        georiviere.decode_directions(np.array([[1, 3]]), "esri")


def test_resolve_flats_directs_filled_pit():
    filled = georiviere.fill_depressions(np.array(PIT_DEM))
    raw = georiviere.flow_direction_d8(filled)
    assert raw[1, 1] == 8, "the filled pit should start without a direction"
    directions = raw.copy()
    result = georiviere.resolve_flats(filled, directions)
    assert result is directions
    assert not np.any(directions == 8)
    # Flat cells point to a neighbour of equal elevation.
    row_offsets = [0, 1, 1, 1, 0, -1, -1, -1]
    col_offsets = [1, 1, 0, -1, -1, -1, 0, 1]
    for r, c in np.argwhere(raw == 8):
        d = directions[r, c]
        target = (r + row_offsets[d], c + col_offsets[d])
        assert filled[target] == filled[r, c]


def test_resolve_flats_computes_directions():
    filled = georiviere.fill_depressions(np.array(PIT_DEM))
    directions = georiviere.resolve_flats(filled)
    assert directions.dtype == np.uint8
    assert not np.any(directions == 8)


def test_resolve_flats_rejects_shape_mismatch():
    directions = np.zeros((2, 2), dtype=np.uint8)
    with pytest.raises(georiviere.InvalidInputError, match="shape"):
        georiviere.resolve_flats(np.array(PIT_DEM), directions)


def test_accumulation_counts_to_corner():
    counts = georiviere.flow_accumulation(np.array(PLANE_D8, dtype=np.uint8))
    assert counts.dtype == np.uint64
    np.testing.assert_array_equal(counts, [[1, 1, 1], [1, 2, 3], [1, 3, 9]])


def test_accumulation_from_esri_codes():
    esri = georiviere.encode_directions(
        np.array(PLANE_D8, dtype=np.uint8), "esri"
    )
    counts = georiviere.flow_accumulation(esri, encoding="esri")
    assert counts[2, 2] == 9


def test_accumulation_area_km2():
    area = georiviere.flow_accumulation(
        np.array(PLANE_D8, dtype=np.uint8),
        geotransform=KM_GEOTRANSFORM,
        area_km2=True,
    )
    assert area.dtype == np.float64
    np.testing.assert_allclose(area, [[1, 1, 1], [1, 2, 3], [1, 3, 9]])


def test_accumulation_area_geographic():
    # 1 x 1 degree cells north of the equator, each 12,308.46 km2 on WGS 84.
    area = georiviere.flow_accumulation(
        np.array([[0, 8]], dtype=np.uint8),
        geotransform=(0.0, 1.0, 0.0, 1.0, 0.0, -1.0),
        crs=4326,
        area_km2=True,
    )
    assert area[0, 1] == pytest.approx(2 * 12308.46, rel=1e-5)


def test_accumulation_weights():
    weights = np.full((3, 3), 0.5)
    weights[0, 0] = np.nan
    sums = georiviere.flow_accumulation(
        np.array(PLANE_D8, dtype=np.uint8), weights=weights
    )
    assert sums[2, 2] == pytest.approx(4.0)
    assert sums[1, 1] == pytest.approx(0.5)


def test_accumulation_rejects_weight_shape():
    with pytest.raises(georiviere.InvalidInputError, match="shape"):
        georiviere.flow_accumulation(
            np.array(PLANE_D8, dtype=np.uint8), weights=np.ones((2, 2))
        )


def test_accumulation_rejects_invalid_code():
    directions = np.array(PLANE_D8, dtype=np.uint8)
    directions[0, 0] = 9
    with pytest.raises(georiviere.InvalidInputError):
        georiviere.flow_accumulation(directions)


def test_streams_mask_by_threshold():
    area = np.array([[1, 1, 1], [1, 2, 3], [1, 3, np.nan]], dtype=float)
    mask = georiviere.extract_streams(area, 3.0)
    assert mask.dtype == np.uint8
    np.testing.assert_array_equal(mask, [[0, 0, 0], [0, 0, 1], [0, 1, 255]])


def test_streams_reject_zero_threshold():
    with pytest.raises(georiviere.InvalidInputError):
        georiviere.extract_streams(np.ones((2, 2)), 0.0)


def corner_grids():
    directions = np.array(PLANE_D8, dtype=np.uint8)
    area = georiviere.flow_accumulation(
        directions, geotransform=KM_GEOTRANSFORM, area_km2=True
    )
    return directions, area


def test_catchments_label_links():
    directions, area = corner_grids()
    labels = georiviere.catchments(directions, area, 3.0)
    assert labels.dtype == np.uint32
    # Link 0 starts at (1, 2) and link 1 at (2, 1). Both end at the corner,
    # which belongs to the first link reaching it.
    np.testing.assert_array_equal(labels, [[1, 1, 1], [2, 1, 1], [2, 2, 1]])


def test_catchments_of_outlet_point():
    directions, area = corner_grids()
    # The centre of cell (2, 1).
    point = (KM_GEOTRANSFORM[0] + 1500.0, KM_GEOTRANSFORM[3] - 2500.0)
    result = georiviere.catchments(
        directions, area, 3.0, outlets=[point],
        geotransform=KM_GEOTRANSFORM
    )
    assert result.cells == [(2, 1)]
    np.testing.assert_array_equal(
        result.labels, [[0, 0, 0], [1, 0, 0], [1, 1, 0]]
    )


def test_stream_network_of_corner():
    directions, area = corner_grids()
    net = georiviere.stream_network(
        directions, area, np.array(PLANE), 3.0, KM_GEOTRANSFORM, 2154
    )
    assert isinstance(net, georiviere.Network)
    assert len(net) == 2
    np.testing.assert_array_equal(net.reaches["strahler"], [1, 1])
    assert "Lambert" in net.crs_wkt
    np.testing.assert_allclose(net.reaches["length_m"], [1000.0, 1000.0])


def test_stream_network_needs_crs():
    directions, area = corner_grids()
    with pytest.raises(georiviere.CrsError):
        georiviere.stream_network(
            directions, area, np.array(PLANE), 3.0, KM_GEOTRANSFORM, None
        )


def test_fill_releases_gil():
    """The main thread keeps counting while a thread fills a large DEM."""
    rng = np.random.default_rng(7)
    dem = rng.random((2000, 2000), dtype=np.float32)
    window = {}
    ticks = 0
    inside = []

    def fill():
        window["start"] = time.perf_counter()
        georiviere.fill_depressions(dem, inplace=True)
        window["end"] = time.perf_counter()

    worker = threading.Thread(target=fill)
    worker.start()
    while worker.is_alive():
        ticks += 1
        inside.append(time.perf_counter())
    worker.join()

    start, end = window["start"], window["end"]
    duration = end - start
    assert duration > 0.05, "the DEM is too small to measure the GIL"
    during = [t for t in inside if start < t < end]
    assert during, "the main thread never ran during fill_depressions"
    covered = during[-1] - during[0]
    assert covered > 0.5 * duration, (
        f"the main thread counted for {covered:.3f} s of the "
        f"{duration:.3f} s call ({ticks} ticks)"
    )


def test_dem_network_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        georiviere.dem_network(tmp_path / "absent.tif")


def test_dem_network_rejects_unknown_method(tmp_path):
    with pytest.raises(georiviere.InvalidInputError, match="breach"):
        georiviere.dem_network(tmp_path / "dem.tif", depressions="carve")


def read_band(path):
    gdal = pytest.importorskip("osgeo.gdal")
    dataset = gdal.Open(str(path))
    band = dataset.GetRasterBand(1)
    return band.ReadAsArray(), band.GetNoDataValue()


def test_med_fill_matches_taudem(shared_data):
    folder = shared_data / "raster" / "med"
    if not (folder / "MED_01_01.tif").exists():
        pytest.skip(f"{folder} is absent")
    dem, nodata = read_band(folder / "MED_01_01.tif")
    expected, _ = read_band(folder / "MED_01_01fel.tif")
    dem = dem.astype(np.float32)
    before = dem.copy()
    georiviere.fill_depressions(dem, nodata=nodata, inplace=True)
    assert np.count_nonzero(dem != before) == 1527
    np.testing.assert_array_equal(dem, expected.astype(np.float32))


def test_pysheds_esri_accumulation_max(shared_data):
    path = shared_data / "raster" / "pysheds" / "dir.asc"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    codes, nodata = read_band(path)
    counts = georiviere.flow_accumulation(
        codes, encoding="esri", nodata=nodata
    )
    assert counts.max() == 77260


def test_bigtujunga_dem_network(shared_data):
    path = shared_data / "raster" / "bigtujunga" / "bigtujunga.tif"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    calls = []
    net = georiviere.dem_network(
        path, threshold_km2=1.0,
        progress=lambda stage, fraction: calls.append(stage)
    )
    assert isinstance(net, georiviere.Network)
    assert len(net) > 10
    assert np.all(net.reaches["strahler"] >= 1)
    assert np.all(net.reaches["length_m"] > 0.0)
    assert net.summary["rows"] == 643
    assert net.summary["cols"] == 1197
    assert net.summary["stream_cells"] > 0
    assert calls, "progress was never called"


def test_bigtujunga_two_threads_match_one(shared_data):
    path = shared_data / "raster" / "bigtujunga" / "bigtujunga.tif"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    one = georiviere.dem_network(path, threshold_km2=1.0)
    two = georiviere.dem_network(path, threshold_km2=1.0, threads=2)
    assert len(two) == len(one)
    for column in ("strahler", "length_m", "upstream_length_m"):
        np.testing.assert_array_equal(
            two.reaches[column], one.reaches[column], err_msg=column
        )


def test_dem_network_rejects_zero_threads(shared_data):
    path = shared_data / "raster" / "bigtujunga" / "bigtujunga.tif"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    with pytest.raises(georiviere.InvalidInputError, match="thread"):
        georiviere.dem_network(path, threads=0)


@pytest.mark.parametrize("threads", [100000, 2**40, 1.5, "2", True])
def test_dem_network_rejects_bad_thread_counts(tmp_path, threads):
    # The count is checked before the DEM is read.
    with pytest.raises(georiviere.InvalidInputError, match="thread count"):
        georiviere.dem_network(tmp_path / "absent.tif", threads=threads)


def test_d8_reads_readonly_dem():
    dem = np.array(PLANE)
    dem.setflags(write=False)
    directions = georiviere.flow_direction_d8(dem)
    np.testing.assert_array_equal(directions, PLANE_D8)


def test_fill_progress_false_cancels():
    dem = np.array(PIT_DEM)
    with pytest.raises(georiviere.CancelledError):
        georiviere.fill_depressions(dem, progress=lambda stage, f: False)


def test_accumulation_progress_exception_propagates():
    class Stop(Exception):
        pass

    def progress(stage, fraction):
        raise Stop(stage)

    with pytest.raises(Stop):
        georiviere.flow_accumulation(
            np.array(PLANE_D8, dtype=np.uint8), progress=progress
        )
