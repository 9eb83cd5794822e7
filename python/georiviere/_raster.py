"""DEM hydrology on numpy arrays: depressions, D8 flow, streams, catchments.

Each step takes 2-D numpy arrays and, for steps that depend on cell size or
position, a GDAL geotransform ``(origin_x, pixel_width, row_rotation,
origin_y, column_rotation, pixel_height)``. Without one, cells are 1 x 1
CRS units. A C-contiguous input of the dtype a step works on is read in
place, without a copy. Other inputs are converted first. Every step runs
with the GIL released, so other Python threads keep running.

Flow directions use georiviere's D8 encoding unless ``encoding`` names
another: 0 to 7 clockwise from east (0 E, 1 SE, 2 S, 3 SW, 4 W, 5 NW,
6 N, 7 NE), 8 for a cell without a lower neighbour, 255 for nodata, in a
uint8 array. The other encodings are:

- ``"esri"``: 1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N, 128 NE, 0 no flow,
  255 nodata (uint8).
- ``"taudem"``: 1 E, 2 NE, 3 N, 4 NW, 5 W, 6 SW, 7 S, 8 SE, 0 no flow,
  255 nodata (uint8).
- ``"grass"``: 1 NE, 2 N, 3 NW, 4 W, 5 SW, 6 S, 7 SE, 8 E, negative where
  the flow leaves the grid, 0 no flow, -32768 nodata (int16).
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Sequence
from typing import Any, NamedTuple, Optional, Union

import numpy as np

from georiviere import _georiviere
from georiviere._errors import InvalidInputError
from georiviere._network import (CrsLike, Network, ProgressCallable, StrPath,
                                 _crs_text)
from georiviere._region import RegionProfile, resolve_region

GeoTransformLike = Sequence[float]
OutletPoints = Sequence[Sequence[float]]

ENCODINGS = ("georiviere", "esri", "taudem", "grass")

_DEM_TYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _as_grid(array: Any, name: str) -> np.ndarray:
    """Return ``array`` as a 2-D numpy array, raising InvalidInputError."""
    result = np.asarray(array)
    if result.ndim != 2:
        raise InvalidInputError(
            f"{name} must be a two-dimensional array, got {result.ndim} "
            f"dimensions of shape {result.shape}"
        )
    return result


def _dem_input(dem: Any) -> np.ndarray:
    """Return a C-contiguous float32 or float64 DEM, copying only when the
    caller's array is not one already."""
    array = _as_grid(dem, "dem")
    if array.dtype in _DEM_TYPES:
        return np.ascontiguousarray(array)
    kind = array.dtype.kind
    if kind not in "biuf":
        raise InvalidInputError(
            f"dem must contain numbers, got dtype {array.dtype}: convert it "
            "to float32 or float64"
        )
    # float32 represents every value of these types exactly.
    if kind == "b" or (kind == "f" and array.dtype.itemsize <= 4) or (
        kind in "iu" and array.dtype.itemsize <= 2
    ):
        return np.ascontiguousarray(array, dtype=np.float32)
    return np.ascontiguousarray(array, dtype=np.float64)


def _nodata(nodata: Optional[float]) -> Optional[float]:
    if nodata is None:
        return None
    return float(nodata)


def _geotransform(
    geotransform: Optional[GeoTransformLike],
) -> Optional[tuple[float, ...]]:
    if geotransform is None:
        return None
    values = tuple(float(value) for value in geotransform)
    if len(values) != 6:
        raise InvalidInputError(
            f"geotransform must have 6 values as GDAL gives them, got "
            f"{len(values)}: pass dataset.GetGeoTransform()"
        )
    if not all(math.isfinite(value) for value in values):
        raise InvalidInputError(
            f"geotransform {values} has a value that is not finite: pass "
            "dataset.GetGeoTransform()"
        )
    if values[1] == 0.0 or values[5] == 0.0:
        raise InvalidInputError(
            f"geotransform {values} has a zero pixel width or height: pass "
            "dataset.GetGeoTransform()"
        )
    if values[1] * values[5] - values[2] * values[4] == 0.0:
        raise InvalidInputError(
            f"geotransform {values} maps every cell onto one line (its "
            "determinant is zero): pass dataset.GetGeoTransform()"
        )
    return values


def _check_encoding(encoding: str) -> None:
    if encoding not in ENCODINGS:
        raise InvalidInputError(
            f"unknown flow direction encoding {encoding!r}: use one of "
            f"{', '.join(ENCODINGS)}"
        )


def _directions_input(
    directions: Any, encoding: str, nodata: Optional[float] = None
) -> np.ndarray:
    """Return directions as a C-contiguous uint8 array of georiviere codes.

    An array that already is one is returned as is, without a copy.
    """
    _check_encoding(encoding)
    array = _as_grid(directions, "directions")
    if encoding != "georiviere":
        if array.dtype.kind not in "fiu":
            raise InvalidInputError(
                f"directions must contain numbers, got dtype {array.dtype}"
            )
        codes = np.ascontiguousarray(array, dtype=np.float64)
        return _georiviere.decode_directions(codes, encoding, _nodata(nodata))
    if array.dtype == np.uint8:
        return np.ascontiguousarray(array)
    if array.dtype.kind not in "iu":
        raise InvalidInputError(
            f"georiviere flow directions must be integers 0 to 8 or 255, got "
            f"dtype {array.dtype}: pass encoding= for codes of another tool"
        )
    converted = array.astype(np.uint8)
    if not np.array_equal(converted, array):
        raise InvalidInputError(
            "georiviere flow directions must be 0 to 8 or 255, got values "
            "out of the uint8 range: pass encoding= for codes of another tool"
        )
    return converted


def fill_depressions(
    dem: Any,
    nodata: Optional[float] = None,
    epsilon: bool = False,
    geotransform: Optional[GeoTransformLike] = None,
    *,
    out: Optional[np.ndarray] = None,
    inplace: bool = False,
    progress: Optional[ProgressCallable] = None,
) -> np.ndarray:
    """Fill the depressions of a DEM by Priority-Flood.

    Each depression rises to the elevation of its spill point. Every valid
    cell on the grid edge or next to a nodata cell drains out of the grid.
    NaN cells and cells equal to ``nodata`` are nodata and never change.

    Args:
        dem: 2-D array of elevations.
        nodata: the nodata value, besides NaN.
        epsilon: raise each filled cell a few ulps above the cell it drains
            to, so that no flat remains, in place of leaving flat lakes.
        geotransform: accepted for symmetry with the other steps. Filling
            does not depend on the cell size, so it is only validated.
        out: a C-contiguous array of the DEM's shape and dtype (float32 or
            float64) that receives the result, with no allocation.
        inplace: fill ``dem`` itself, which must then be a writeable
            C-contiguous float32 or float64 array. A cancelled call leaves
            ``dem`` (or ``out``) partly filled.
        progress: ``progress(stage, fraction)``, as for build_network.

    Returns:
        The filled DEM: a new array, or ``out``, or ``dem`` with
        ``inplace=True``.

    Raises:
        InvalidInputError: an input of the wrong dimension, dtype or shape.
    """
    _geotransform(geotransform)
    target = _fill_target(dem, out, inplace)
    _georiviere.fill_in_place(target, _nodata(nodata), bool(epsilon), progress)
    return target


def _fill_target(
    dem: Any, out: Optional[np.ndarray], inplace: bool
) -> np.ndarray:
    """Return the array a conditioning step writes into."""
    if inplace and out is not None:
        raise InvalidInputError("pass either out= or inplace=True, not both")
    if inplace:
        if not isinstance(dem, np.ndarray):
            raise InvalidInputError(
                f"inplace=True needs a numpy array, got {type(dem).__name__}"
            )
        _check_writeable_dem(dem, "dem")
        return dem
    source = _dem_input(dem)
    if out is None:
        return source.copy()
    if not isinstance(out, np.ndarray):
        raise InvalidInputError(
            f"out must be a numpy array, got {type(out).__name__}"
        )
    _check_writeable_dem(out, "out")
    if out.shape != source.shape:
        raise InvalidInputError(
            f"out has shape {out.shape} but dem has shape {source.shape}: "
            "give an array of the same shape"
        )
    np.copyto(out, source, casting="same_kind")
    return out


def _check_writeable_dem(array: np.ndarray, name: str) -> None:
    _as_grid(array, name)
    if array.dtype not in _DEM_TYPES:
        raise InvalidInputError(
            f"{name} must be a float32 or float64 array to be written in "
            f"place, got dtype {array.dtype}"
        )
    if not array.flags.c_contiguous:
        raise InvalidInputError(
            f"{name} must be C-contiguous to be written in place: pass "
            "numpy.ascontiguousarray(...) or drop inplace/out"
        )
    if not array.flags.writeable:
        raise InvalidInputError(f"{name} is read-only: pass a writeable array")


def breach_depressions(
    dem: Any,
    nodata: Optional[float] = None,
    *,
    out: Optional[np.ndarray] = None,
    inplace: bool = False,
    progress: Optional[ProgressCallable] = None,
) -> np.ndarray:
    """Remove the depressions of a DEM by carving a channel out of each.

    Cells are only lowered, along the path from each pit to the lowest
    saddle of its depression. The result keeps flats, so direct them with
    :func:`resolve_flats` or fill with ``epsilon=True`` afterwards. The
    arguments are those of :func:`fill_depressions`.
    """
    target = _fill_target(dem, out, inplace)
    _georiviere.breach_in_place(target, _nodata(nodata), progress)
    return target


def flow_direction_d8(
    dem: Any,
    nodata: Optional[float] = None,
    geotransform: Optional[GeoTransformLike] = None,
    crs: Optional[CrsLike] = None,
    encoding: str = "georiviere",
    *,
    progress: Optional[ProgressCallable] = None,
) -> np.ndarray:
    """Compute the D8 flow direction of each cell: the steepest drop.

    The drop to each neighbour is divided by the distance between the cell
    centres, from the geotransform, or with ``crs`` in metres on a grid in
    degrees. A cell without a lower neighbour gets "no flow" unless it is on
    the edge or next to nodata, where it drains out of the grid.

    Returns:
        A new array of codes in ``encoding`` (see the module documentation).

    Raises:
        InvalidInputError: a DEM that is not 2-D or not numeric, a bad
            geotransform or an unknown encoding.
        CrsError: a CRS that PROJ does not know.
    """
    _check_encoding(encoding)
    directions = _georiviere.flow_directions(
        _dem_input(dem),
        _nodata(nodata),
        _geotransform(geotransform),
        _crs_text(crs),
        progress,
    )
    return encode_directions(directions, encoding)


def encode_directions(directions: Any, encoding: str) -> np.ndarray:
    """Convert georiviere D8 codes to another tool's encoding.

    ``"georiviere"`` returns the array as given.
    """
    _check_encoding(encoding)
    codes = _directions_input(directions, "georiviere")
    if encoding == "georiviere":
        return codes
    return _georiviere.encode_directions(codes, encoding)


def decode_directions(
    directions: Any, encoding: str, nodata: Optional[float] = None
) -> np.ndarray:
    """Convert another tool's D8 codes to georiviere codes.

    Cells equal to ``nodata`` (or NaN) become 255. An invalid code raises
    InvalidInputError naming the cell.
    """
    return _directions_input(directions, encoding, nodata)


def resolve_flats(
    dem: Any,
    directions: Optional[np.ndarray] = None,
    nodata: Optional[float] = None,
    geotransform: Optional[GeoTransformLike] = None,
    crs: Optional[CrsLike] = None,
    *,
    progress: Optional[ProgressCallable] = None,
) -> np.ndarray:
    """Direct the cells of drainable flats towards their outlets.

    Uses Barnes, Lehman and Mulla (2014): water leaves each flat away from
    the higher terrain around it and towards the lower terrain, without
    changing any elevation. Flats without an outlet, such as the bottom of
    an unfilled depression, keep "no flow".

    Args:
        dem: the DEM the directions were computed on.
        directions: georiviere D8 codes of the DEM, as a writeable
            C-contiguous uint8 array, updated in place. None computes them
            with :func:`flow_direction_d8` first.
        nodata, geotransform, crs: as for :func:`flow_direction_d8`, used
            only when ``directions`` is None.

    Returns:
        The directions: ``directions`` itself when given.
    """
    source = _dem_input(dem)
    if directions is None:
        directions = flow_direction_d8(
            source, nodata, geotransform, crs, progress=progress
        )
    _georiviere.resolve_flats_in_place(
        source, directions, _nodata(nodata), progress
    )
    return directions


def flow_accumulation(
    directions: Any,
    encoding: str = "georiviere",
    weights: Any = None,
    geotransform: Optional[GeoTransformLike] = None,
    crs: Optional[CrsLike] = None,
    area_km2: bool = False,
    *,
    nodata: Optional[float] = None,
    progress: Optional[ProgressCallable] = None,
) -> np.ndarray:
    """Accumulate flow down the D8 directions.

    Each cell counts itself and every cell that drains to it, so a ridge
    cell has 1. A direction leaving the grid or entering nodata ends the
    flow there.

    Args:
        directions: D8 codes in ``encoding``.
        encoding: see the module documentation.
        weights: per-cell values to sum instead of counting cells; NaN
            weights count as 0.
        geotransform, crs: cell size and CRS, for ``area_km2``. Without a
            CRS, CRS units are metres. On a geographic CRS each row gets
            its ellipsoidal cell area.
        area_km2: return the upstream area in km2 instead of the count.
        nodata: nodata value of ``directions`` in another encoding.

    Returns:
        uint64 counts (nodata cells 0), or float64 sums or km2 (nodata
        cells NaN).

    Raises:
        InvalidInputError: a code invalid in ``encoding``, directions that
            form a cycle, or grids of different shapes.
    """
    codes = _directions_input(directions, encoding, nodata)
    if weights is not None and area_km2:
        raise InvalidInputError(
            "pass either weights or area_km2=True, not both"
        )
    if weights is not None:
        values = np.ascontiguousarray(
            _as_grid(weights, "weights"), dtype=np.float64
        )
        return _georiviere.accumulation_weighted(codes, values, progress)
    if area_km2:
        return _georiviere.accumulation_area(
            codes, _geotransform(geotransform), _crs_text(crs), progress
        )
    return _georiviere.accumulation_counts(codes, progress)


def _area_input(upstream_area_km2: Any) -> np.ndarray:
    return np.ascontiguousarray(
        _as_grid(upstream_area_km2, "upstream_area_km2"), dtype=np.float64
    )


def extract_streams(upstream_area_km2: Any, threshold_km2: float) -> np.ndarray:
    """Mark the stream cells: those whose upstream area reaches the threshold.

    Returns:
        A uint8 array, 1 for stream cells, 0 for other cells and 255 where
        the area is NaN (nodata).

    Raises:
        InvalidInputError: a threshold that is not positive and finite.
    """
    return _georiviere.stream_mask(
        _area_input(upstream_area_km2), float(threshold_km2)
    )


def stream_network(
    directions: Any,
    upstream_area_km2: Any,
    dem: Any,
    threshold_km2: float,
    geotransform: GeoTransformLike,
    crs: CrsLike,
    *,
    encoding: str = "georiviere",
    nodata: Optional[float] = None,
    progress: Optional[ProgressCallable] = None,
) -> Network:
    """Trace the stream links into a river network.

    A link runs between heads, confluences, outlets and pits, as TauDEM's
    StreamNet draws them. Each becomes one reach through its cell centres,
    in the grid's CRS when projected in metres and otherwise in the WGS 84
    UTM zone of the grid centre. Reach attributes hold link_id,
    downstream_link_id, us_area_km2, ds_area_km2, drop_m and slope.

    Args:
        directions: D8 codes in ``encoding``, with flats resolved.
        upstream_area_km2: from ``flow_accumulation(..., area_km2=True)``.
        dem: the DEM the directions come from, for the drops.
        threshold_km2: upstream area from which a cell is a stream cell.
        geotransform: GDAL geotransform of the grids.
        crs: CRS of the grids (EPSG code, WKT or "EPSG:xxxx").
        nodata: nodata value of ``dem``, and of ``directions`` in another
            encoding.

    Raises:
        InvalidInputError: grids of different shapes or a bad threshold.
        CrsError: a missing or unknown CRS.
    """
    codes = _directions_input(directions, encoding, nodata)
    core = _georiviere.stream_network(
        codes,
        _area_input(upstream_area_km2),
        _dem_input(dem),
        _nodata(nodata),
        float(threshold_km2),
        _geotransform(geotransform),
        _crs_text(crs),
        progress,
    )
    return Network(core)


class DemNetwork(Network):
    """A :class:`Network` derived from a DEM by :func:`dem_network`."""

    def __init__(self, core: Any, summary: dict[str, Any]) -> None:
        """Wrap a compiled network; use :func:`dem_network` instead."""
        super().__init__(core)
        self._summary = dict(summary)

    @property
    def summary(self) -> dict[str, Any]:
        """Counts of the run: ``rows``, ``cols``, ``valid_cells``,
        ``valid_area_km2``, ``conditioned_cells`` (raised by filling or
        lowered by breaching), ``flat_cells`` (directed by flat
        resolution), ``stream_cells``, ``max_upstream_area_km2`` and
        ``threshold_km2``, the stream threshold outside any override. Runs
        with a region add ``region`` and ``threshold_overrides`` (see
        :func:`dem_network`)."""
        return dict(self._summary)


class OutletCatchments(NamedTuple):
    """Catchment labels of outlet points, from :func:`catchments`."""

    labels: np.ndarray
    """uint32: index + 1 of the outlet each cell drains to, 0 for none."""
    cells: list[Optional[tuple[int, int]]]
    """(row, col) of the stream cell each point snapped to, or None."""


def catchments(
    directions: Any,
    upstream_area_km2: Any,
    threshold_km2: float,
    *,
    outlets: Optional[OutletPoints] = None,
    snap_distance: float = 0.0,
    geotransform: Optional[GeoTransformLike] = None,
    crs: Optional[CrsLike] = None,
    encoding: str = "georiviere",
    nodata: Optional[float] = None,
    progress: Optional[ProgressCallable] = None,
) -> Union[np.ndarray, OutletCatchments]:
    """Label the sub-catchment of each stream link, or of outlet points.

    Without ``outlets``, every valid cell gets the link id + 1 of the first
    stream link its flow path meets (the ids of :func:`stream_network`).
    Cells that meet no stream get the link count + 1, and nodata cells 0.

    With ``outlets``, a sequence of (x, y) points in the grid's CRS, each
    point snaps to the stream cell of largest upstream area within
    ``snap_distance`` metres, or the stream cell containing it. Every cell
    then gets index + 1 of the first outlet its flow path reaches, so
    nested catchments do not overlap, or 0.

    Returns:
        A uint32 label array, or an :class:`OutletCatchments` with outlets.
    """
    codes = _directions_input(directions, encoding, nodata)
    points = None
    if outlets is not None:
        points = [(float(x), float(y)) for x, y in outlets]
    labels, cells = _georiviere.catchment_labels(
        codes,
        _area_input(upstream_area_km2),
        float(threshold_km2),
        points,
        float(snap_distance),
        _geotransform(geotransform),
        _crs_text(crs),
        progress,
    )
    if points is None:
        return labels
    return OutletCatchments(labels, cells)


def _labels_input(labels: Any) -> np.ndarray:
    """Return labels as a C-contiguous uint32 array.

    A C-contiguous uint32 array is returned as is, without a copy. Other
    integer arrays are converted after a check of their range.
    """
    if isinstance(labels, np.ma.MaskedArray):
        raise InvalidInputError(
            "labels is a masked array, whose mask polygonize would ignore: "
            "pass labels.filled(0) to leave the masked cells out"
        )
    array = _as_grid(labels, "labels")
    if array.dtype == np.uint32:
        return np.ascontiguousarray(array)
    if array.dtype.kind not in "iu":
        raise InvalidInputError(
            f"labels must be integers, got dtype {array.dtype}: convert "
            "whole-number labels with labels.astype(numpy.uint32)"
        )
    if array.size == 0:
        return np.ascontiguousarray(array, dtype=np.uint32)
    low = int(array.min())
    if low < 0:
        cell = tuple(int(i) for i in np.unravel_index(array.argmin(),
                                                      array.shape))
        raise InvalidInputError(
            f"labels must not be negative, got {low} at (row, col) {cell}: "
            "use 0 for cells without a label"
        )
    high = int(array.max())
    if high > np.iinfo(np.uint32).max:
        cell = tuple(int(i) for i in np.unravel_index(array.argmax(),
                                                      array.shape))
        raise InvalidInputError(
            f"labels must fit in uint32 (at most {np.iinfo(np.uint32).max}), "
            f"got {high} at (row, col) {cell}: renumber the labels"
        )
    return np.ascontiguousarray(array, dtype=np.uint32)


def polygonize(
    labels: Any,
    *,
    geotransform: Optional[GeoTransformLike] = None,
    progress: Optional[ProgressCallable] = None,
) -> dict[int, list[list[np.ndarray]]]:
    """Trace the polygons of each label of a label grid, such as catchments.

    Each 8-connected region of cells of one label becomes one part, with
    the cells of other labels inside it as holes. The polygons are those
    of GDALPolygonize with ``8CONNECTED=8``: two cells of a label that
    touch by a corner join there, so the exterior ring passes through that
    corner twice, and holes are 4-connected. Vertices are the cell corners
    where the boundary turns.

    The tracing runs with the GIL released. Building the returned lists
    and arrays needs the GIL, and takes longest on grids with many small
    parts.

    Args:
        labels: 2-D array of non-negative integers, such as the output of
            :func:`catchments`. Cells of label 0 belong to no polygon. A
            C-contiguous uint32 array is read in place, and other integer
            arrays are converted first.
        geotransform: GDAL geotransform that maps cell corners to map
            coordinates. None: cells of 1 x 1 from the corner (0, 0),
            rows going towards -y, as for the other steps.
        progress: ``progress(stage, fraction)``, as for build_network.

    Returns:
        A dict from each label present (an int, 0 excluded) to its parts,
        by increasing label. Each part is a list of rings, the exterior
        first, counterclockwise, then its holes, clockwise, whatever the
        signs of the geotransform. Each ring is a float64 array of shape
        (n, 2) of (x, y) map coordinates whose last row repeats the first.

    Raises:
        InvalidInputError: labels that are not a 2-D array of integers,
            or that contain a negative value or one above the uint32
            range, or a bad geotransform.
        CancelledError: ``progress`` returned False.
    """
    return _georiviere.label_polygons(
        _labels_input(labels), _geotransform(geotransform), progress
    )


def dem_network(
    path: StrPath,
    threshold_km2: Optional[float] = None,
    *,
    depressions: str = "fill",
    crs: Optional[CrsLike] = None,
    outlets: Optional[OutletPoints] = None,
    snap_distance: float = 0.0,
    progress: Optional[ProgressCallable] = None,
    region: Union[RegionProfile, StrPath, None] = None,
    threads: int = 1,
) -> DemNetwork:
    """Derive a river network from a DEM file.

    Runs the whole chain: depression filling (or breaching), D8 directions
    and flat resolution, upstream area in km2, stream links where it
    reaches ``threshold_km2``, and the network with its metrics. The DEM is
    read as float32. The run releases the GIL.

    Args:
        path: any raster GDAL opens; band 1 is the DEM.
        threshold_km2: upstream area from which a cell is a stream cell.
            None: the ``region``'s thresholds, or 1 km2 without a region.
            A number replaces the region's whole [streams] table.
        depressions: ``"fill"`` or ``"breach"``.
        crs: CRS of the DEM when the file has none, or to override it.
            None for a DEM without a CRS: the ``region``'s epsg, if set.
        outlets: (x, y) points in the DEM's CRS to snap to the streams;
            they change no reach, but an unsnapped point is not an error.
        snap_distance: largest snapping distance in metres.
        progress: ``progress(stage, fraction)``, as for build_network.
        region: a :class:`RegionProfile`, a preset name or a profile file
            path, whose [streams] table sets the stream thresholds: the
            default ``threshold_km2`` and the overrides by box or polygon
            layer, first match winning (see docs/regions.md).
        threads: OpenMP threads for exact filling, D8 directions, flat
            resolution, flow accumulation, catchment labelling and the
            GeoTIFF read, 1 or more. The other steps run on one thread,
            and the result does not depend on the count.

    Returns:
        A :class:`DemNetwork`: the network, with the run's counts in
        :attr:`DemNetwork.summary`. With a region the summary also has
        ``region`` (the profile name) and ``threshold_overrides``, one dict
        per override applied (``name``, ``threshold_km2``, ``kind``
        ``"bbox"`` or ``"polygons"``, and for polygons the ``polygons``
        read and the grid ``cells`` they cover); it is empty when
        ``threshold_km2`` replaced the profile.

    Raises:
        InputFileNotFoundError: the path does not exist.
        InvalidInputError: a bad threshold or thread count, a DEM
            without valid cells, or a threshold that no cell reaches.
        CrsError: the DEM has no CRS and neither ``crs`` nor the
            region's epsg gives one.
        ConfigError: an invalid region profile, or threshold boxes without
            an epsg on a DEM in degrees.
        IoError: GDAL cannot read the file.
        CancelledError: ``progress`` returned False.
    """
    if depressions not in ("fill", "breach"):
        raise InvalidInputError(
            f"unknown depression method {depressions!r}: use 'fill' or "
            "'breach'"
        )
    limit = _georiviere.max_thread_count
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral):
        raise InvalidInputError(
            f"invalid thread count {threads!r}: give a whole number from 1 "
            f"to {limit}"
        )
    if not 1 <= threads <= limit:
        raise InvalidInputError(
            f"invalid thread count {threads}: give 1 to {limit} threads"
        )
    points = [] if outlets is None else [
        (float(x), float(y)) for x, y in outlets
    ]
    profile = None if region is None else resolve_region(region)
    core, summary = _georiviere.dem_network(
        os.fsdecode(os.fspath(path)),
        None if threshold_km2 is None else float(threshold_km2),
        depressions == "breach",
        _crs_text(crs),
        points,
        float(snap_distance),
        progress,
        region=None if profile is None else profile._core,
        threads=int(threads),
    )
    return DemNetwork(core, summary)
