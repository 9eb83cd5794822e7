"""The Network class and the functions that build one."""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Optional, Union

import numpy as np

from georiviere import _georiviere
from georiviere._errors import InvalidInputError
from georiviere._region import RegionProfile, resolve_region

if TYPE_CHECKING:
    import geopandas

    from georiviere._referencing import River

ProgressCallable = Callable[[str, float], Optional[bool]]
"""``progress(stage, fraction)``: return False to cancel, None to go on."""

CrsLike = Union[str, int, Any]
"""An ``"EPSG:2154"`` string, WKT, an EPSG code or a ``pyproj.CRS``."""

StrPath = Union[str, "os.PathLike[str]"]


class Table(Mapping[str, Any]):
    """Columns of a network's reaches or nodes, by name.

    A column is built in the compiled module on first access and cached, so
    later accesses return the same read-only numpy array. Call ``.copy()``
    on an array before modifying it. ``len(table)`` is the number of columns
    and ``table.num_rows`` the number of rows.
    """

    def __init__(
        self,
        rows: str,
        names: Sequence[str],
        num_rows: int,
        load: Callable[[str], Any],
    ) -> None:
        self._rows = rows
        self._names = tuple(names)
        self._num_rows = num_rows
        self._load = load
        self._cache: dict[str, Any] = {}

    @property
    def num_rows(self) -> int:
        """Number of rows: reaches or nodes."""
        return self._num_rows

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names in their documented order."""
        return self._names

    def __getitem__(self, name: str) -> Any:
        column = self._cache.get(name)
        if column is None:
            if name not in self._names:
                raise KeyError(
                    f"no column named {name!r} in the table of {self._rows}; "
                    f"the columns are {', '.join(self._names)}"
                )
            column = self._load(name)
            self._cache[name] = column
        return column

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __repr__(self) -> str:
        return (
            f"<georiviere.Table of {self._num_rows} {self._rows}: "
            f"{', '.join(self._names)}>"
        )


class ReachGeometry(NamedTuple):
    """Vertices of a reach, in downstream order, in the network's CRS.

    The arrays are read-only views of the network's memory.
    """

    xy: np.ndarray
    """(n, 2) float64 array of x, y."""
    z: Optional[np.ndarray]
    """(n,) float64 array of Z values, or None when the source has none."""
    m: Optional[np.ndarray]
    """(n,) float64 array of M values, or None when the source has none."""


@dataclasses.dataclass(frozen=True)
class Problem:
    """A defect found in the data, such as a gap, a cycle or a duplicate."""

    kind: str
    """One of duplicate, zero_length, invalid_geometry, cycle, reversed,
    diffluence, disconnected, multiple_outlets, gap, crossing,
    topology_mismatch, unknown_direction, unexpected_sink."""
    message: str
    """Description of the defect and its place, in one sentence."""
    wkt: str
    """Location of the defect as WKT, or GEOMETRYCOLLECTION EMPTY."""
    reach_ids: list[int]
    """Reaches involved, if any."""
    source_fids: list[int]
    """Feature ids of the source lines involved, if any."""


class Network:
    """A directed river network built by :func:`build_network`.

    ``net.reaches`` is a :class:`Table` with one row per reach; row i is
    the reach of id i. Its columns are:

    - ``reach_id``, ``from_node``, ``to_node`` (int64): the reach and its
      upstream and downstream nodes.
    - ``length_m`` (float64): length in metres.
    - ``strahler`` (int32): Strahler order, 1 at sources.
    - ``shreve`` (int64): Shreve magnitude, the number of sources upstream.
    - ``hack`` (int32): Hack order, 1 on the main stem of each basin.
    - ``upstream_length_m`` (float64): total length of the reach and of
      every reach upstream of it.
    - ``distance_to_outlet_m`` (float64): distance from the reach's
      downstream end to the outlet.
    - ``max_upstream_distance_m`` (float64): longest flow path from a
      source to the reach's downstream end.
    - ``main_stem_id`` (int64): id of the main stem the reach belongs to.
    - ``basin_id`` (int64): id of the outlet node of the reach's basin,
      -1 when there is none (reaches in a cycle).
    - ``is_minor_branch``, ``in_cycle``, ``is_virtual`` (bool): the minor
      outflow of a diffluence, part of a directed cycle, an added link.
    - ``name`` (object array of str): the river name, empty when unknown.
    - ``source_fids`` (list of lists of int): source feature ids, upstream
      first.
    - ``geometry`` (list of str): the reach line as WKT.

    ``net.nodes`` has ``node_id`` (int64), ``kind`` (object array of str:
    source, confluence, diffluence, outlet or junction), ``in_degree``,
    ``out_degree`` (int32), ``outlet`` (object array of str: ``"known"``
    at an outlet that the region profile's [outlets] table locates,
    ``"sink"`` at another node without outflow, empty elsewhere) and
    ``x``, ``y`` (float64).

    A Network cannot be modified, so it may be read from several threads.
    """

    def __init__(
        self,
        core: _georiviere.Network,
        region_report: Optional[dict[str, Any]] = None,
    ) -> None:
        """Wrap a compiled network; use :func:`build_network` instead."""
        self._core = core
        self._region_report = region_report
        self._reaches = Table(
            "reaches",
            _georiviere.Network.reach_column_names(),
            core.reach_count,
            core.reach_column,
        )
        self._nodes = Table(
            "nodes",
            _georiviere.Network.node_column_names(),
            core.node_count,
            core.node_column,
        )
        fields = core.field_names()
        self._reach_attributes = Table(
            "reaches", fields, core.reach_count, core.reach_field_column
        )
        self._source_attributes = Table(
            "source features",
            ["fid", *fields],
            core.source_feature_count,
            core.source_field_column,
        )
        self._problems: Optional[tuple[Problem, ...]] = None

    @property
    def reaches(self) -> Table:
        """Reach columns; see the class documentation."""
        return self._reaches

    @property
    def nodes(self) -> Table:
        """Node columns; see the class documentation."""
        return self._nodes

    @property
    def reach_attributes(self) -> Table:
        """Source attributes per reach, one column per source field.

        A reach made of several source lines gets their common value, or a
        null (NaN or None) where they differ, as in the files that
        :meth:`to_file` writes. Integer fields are int64, or float64 with
        NaN when there are nulls. Real fields are float64, and text and
        date fields are object arrays of str or None.
        """
        return self._reach_attributes

    @property
    def source_attributes(self) -> Table:
        """Attributes of the source features in read order: ``fid`` (int64)
        and one column per source field, typed as in
        :attr:`reach_attributes`. Join reaches to it through the
        ``source_fids`` reach column."""
        return self._source_attributes

    @property
    def problems(self) -> list[Problem]:
        """Defects found while building, in the order they were found."""
        if self._problems is None:
            self._problems = tuple(
                Problem(kind, message, wkt, reach_ids, source_fids)
                for kind, message, wkt, reach_ids, source_fids in (
                    self._core.problems()
                )
            )
        return list(self._problems)

    @property
    def crs_wkt(self) -> str:
        """WKT of the network's projected CRS, empty when unknown."""
        return self._core.crs_wkt

    @property
    def region_report(self) -> Optional[dict[str, Any]]:
        """What the region profile changed, or None when built without one.

        Keys: ``profile``; line counts ``lines_read``, ``lines_kept``,
        ``lines_artificial``, ``lines_dropped``, ``dropped_by_value``
        (``"field=value"`` to count) and ``artificial_fids``; direction
        counts ``lines_reversed``, ``reversed_by_field``,
        ``reversed_by_z_fields``, ``reversed_by_geometry_z``,
        ``reversed_by_dem``, ``decided_by_dem``,
        ``reversed_from_outlets``, ``oriented_from_outlets``,
        ``lines_both_ways`` and ``unknown_direction``; ``lines_above`` and
        ``lines_below`` the ground; the settings used, ``topology_mode``,
        ``snap_tolerance_m``, ``gap_tolerance_m`` (None for the default),
        ``split_crossings`` and ``name_field``; ``topology_mismatches``,
        ``minor_branches_from_field``, ``karst_links_added`` and
        ``karst_links_skipped``; for [outlets], ``outlet_method``,
        ``outlet_features`` (polygons read or terminal lines found),
        ``known_outlets`` (nodes flagged) and ``unexpected_sinks``.
        """
        if self._region_report is None:
            return None
        return dict(self._region_report)

    def __len__(self) -> int:
        return self._core.reach_count

    def __repr__(self) -> str:
        match = re.match(r'\s*\w+\["([^"]*)"', self.crs_wkt)
        crs = repr(match.group(1)) if match else "unknown"
        return (
            f"<georiviere.Network: {self._core.reach_count} reaches, "
            f"{self._core.node_count} nodes, "
            f"{self._core.problem_count} problems, CRS {crs}>"
        )

    def reach_geometry(self, reach_id: int) -> ReachGeometry:
        """Return the vertices of a reach as read-only numpy views.

        Raises IndexError for an id outside ``0 .. len(net) - 1``.
        """
        xy, z, m = self._core.reach_geometry(reach_id)
        return ReachGeometry(xy, z, m)

    def upstream(self, reach_id: int) -> np.ndarray:
        """Return the ids (int64) of every reach upstream of a reach.

        Every branch is followed, minor branches included. The reach itself
        is left out, even on a cycle. The order is breadth-first from the
        reach. Raises IndexError for an unknown id.
        """
        return self._core.upstream(reach_id)

    def downstream(self, reach_id: int) -> np.ndarray:
        """Return the ids (int64) of every reach downstream of a reach.

        Every branch of a diffluence is followed. The reach itself is left
        out. The order is breadth-first from the reach. Raises IndexError
        for an unknown id.
        """
        return self._core.downstream(reach_id)

    def path(self, from_reach: int, to_reach: int) -> np.ndarray:
        """Return the ids (int64) of the reaches from one reach to another.

        Both ends are included. When either reach is downstream of the
        other, this is the shortest flow path by length, listed from
        ``from_reach`` even when that runs upstream. Otherwise, as between
        two tributaries, it is the shortest path regardless of flow
        direction. The array is empty when the reaches are not connected.
        """
        return self._core.path(from_reach, to_reach)

    def rivers(self) -> list["River"]:
        """Return the rivers: the reaches of each main stem, upstream to
        downstream, with their measures from the source. See
        :func:`georiviere.locate` and docs/referencing.md."""
        from georiviere._referencing import rivers

        return rivers(self)

    def locate(
        self, x: float, y: float, max_distance: float
    ) -> Optional[dict[str, Any]]:
        """Find the reach closest to a point, within max_distance metres.

        Returns None when no reach is that close, else a dict with
        ``reach_id``, ``measure_m`` (distance along the reach from its
        upstream end), ``offset_m`` (distance from the point to the reach)
        and ``x``, ``y`` (the closest point on the reach).
        """
        return self._core.locate(float(x), float(y), float(max_distance))

    def locate_many(
        self, xs: Any, ys: Any, max_distance: float
    ) -> dict[str, np.ndarray]:
        """Find the closest reach of every point, within max_distance metres.

        ``xs`` and ``ys`` are sequences or arrays of the same length. Returns
        the arrays ``reach_id`` (int64), ``measure_m``, ``offset_m``, ``x``
        and ``y`` (float64), one value per point, as :meth:`locate` does.
        Where no reach is close enough, or a coordinate is NaN, reach_id
        is -1 and the other values are NaN. The spatial index is built once
        per network.
        """
        return self._core.locate_many(
            np.asarray(xs, dtype=np.float64),
            np.asarray(ys, dtype=np.float64),
            float(max_distance),
        )

    def to_file(
        self,
        path: StrPath,
        overwrite: bool = False,
        format: Optional[str] = None,
        progress: Optional[ProgressCallable] = None,
    ) -> list[str]:
        """Write the layers reaches, nodes and problems; return the paths.

        ``format`` is a GDAL driver short name such as ``"GPKG"`` or
        ``"GeoJSON"``. When it is None, the extension of ``path`` selects the
        driver. Drivers with one layer per file (GeoJSON, FlatGeobuf,
        Shapefile) write one file per layer. Raises :class:`IoError` when an
        output exists and ``overwrite`` is False, or when GDAL fails.
        """
        return self._core.write(
            os.fsdecode(os.fspath(path)), bool(overwrite), format or "",
            progress,
        )

    def to_geodataframe(
        self, attributes: bool = True
    ) -> "geopandas.GeoDataFrame":
        """Return the reaches as a GeoDataFrame with the network's CRS.

        The columns are those of :attr:`reaches`, with the lines, Z kept,
        in the ``geometry`` column. With ``attributes``, the columns of
        :attr:`reach_attributes` follow; a source field named like one of
        ours gets the prefix ``src_``. ``source_fids`` contains Python lists,
        so drop or convert it before writing the frame with GDAL.
        """
        geopandas = _import_geopandas("to_geodataframe")
        from shapely.geometry import LineString

        data = {
            name: self._reaches[name]
            for name in self._reaches.columns
            if name != "geometry"
        }
        if attributes:
            used = {name.lower() for name in self._reaches.columns}
            for field in self._reach_attributes.columns:
                name = field
                if name.lower() in used:
                    name = f"src_{field}"
                number = 2
                while name.lower() in used:
                    name = f"src_{field}_{number}"
                    number += 1
                used.add(name.lower())
                data[name] = self._reach_attributes[field]
        lines = []
        for reach_id in range(len(self)):
            xy, z, _ = self._core.reach_geometry(reach_id)
            coordinates = xy if z is None else np.column_stack((xy, z))
            lines.append(LineString(coordinates))
        return geopandas.GeoDataFrame(
            data, geometry=lines, crs=self.crs_wkt or None
        )

    def nodes_geodataframe(self) -> "geopandas.GeoDataFrame":
        """Return the nodes as a GeoDataFrame of points."""
        geopandas = _import_geopandas("nodes_geodataframe")
        data = {name: self._nodes[name] for name in self._nodes.columns}
        points = geopandas.points_from_xy(data["x"], data["y"])
        return geopandas.GeoDataFrame(
            data, geometry=points, crs=self.crs_wkt or None
        )

    def problems_geodataframe(self) -> "geopandas.GeoDataFrame":
        """Return the problems as a GeoDataFrame, one row per problem."""
        geopandas = _import_geopandas("problems_geodataframe")
        problems = self.problems
        data = {
            "kind": [p.kind for p in problems],
            "message": [p.message for p in problems],
            "reach_ids": [p.reach_ids for p in problems],
            "source_fids": [p.source_fids for p in problems],
        }
        geometry = geopandas.GeoSeries.from_wkt([p.wkt for p in problems])
        return geopandas.GeoDataFrame(
            data, geometry=geometry, crs=self.crs_wkt or None
        )


def _import_geopandas(method: str) -> Any:
    try:
        import geopandas
    except ImportError as error:
        raise ImportError(
            f"Network.{method}() needs geopandas: install the Debian package "
            "python3-geopandas, or run 'pip install geopandas'"
        ) from error
    return geopandas


def _crs_text(crs: Optional[CrsLike]) -> str:
    if crs is None:
        return ""
    if isinstance(crs, bool):
        raise TypeError(f"crs must be a string, an EPSG code or a CRS, "
                        f"not {crs!r}")
    if isinstance(crs, int):
        return f"EPSG:{crs}"
    if isinstance(crs, str):
        return crs
    to_wkt = getattr(crs, "to_wkt", None)
    if callable(to_wkt):
        return str(to_wkt())
    raise TypeError(
        "crs must be a string such as 'EPSG:2154', an EPSG code, WKT or an "
        f"object with a to_wkt() method such as pyproj.CRS, not "
        f"{type(crs).__name__}"
    )


def _tolerance(name: str, value: Optional[float]) -> Optional[float]:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number) or number < 0.0:
        raise InvalidInputError(
            f"{name} must be a finite distance in metres >= 0, got {value!r}"
        )
    return number


def _build_options(
    snap_tolerance: float,
    split_crossings: bool,
    name_field: Optional[str],
    gap_tolerance: Optional[float],
) -> _georiviere.BuildOptions:
    options = _georiviere.BuildOptions()
    options.snap_tolerance_m = _tolerance("snap_tolerance", snap_tolerance)
    options.split_crossings = bool(split_crossings)
    options.gap_tolerance_m = _tolerance("gap_tolerance", gap_tolerance)
    options.name_field = name_field or ""
    return options


def build_network(
    path: StrPath,
    *,
    region: Union[RegionProfile, StrPath, None] = None,
    layer: Optional[str] = None,
    where: Optional[str] = None,
    crs: Optional[CrsLike] = None,
    snap_tolerance: Optional[float] = None,
    split_crossings: Optional[bool] = None,
    name_field: Optional[str] = None,
    gap_tolerance: Optional[float] = None,
    progress: Optional[ProgressCallable] = None,
) -> Network:
    """Read river lines from a vector dataset and build a directed network.

    Args:
        path: any dataset OGR opens (Shapefile, GeoPackage, GeoJSON, GML,
            OSM PBF).
        region: a region profile that configures the whole pipeline: a
            :class:`RegionProfile`, a preset name such as ``"bdtopo"`` or
            ``"osm"``, or the path of a profile file. It sets the layer,
            filter, CRS, field mapping, class filter, flow direction,
            ground levels, tolerances, topology source, main-stem rule and
            karst links. The arguments below that are not None replace the
            profile's values. :attr:`Network.region_report` then lists
            what the profile changed.
        layer: layer name; None reads the only line layer.
        where: OGR SQL attribute filter, such as ``"waterway = 'river'"``.
        crs: working CRS, projected in metres. A layer without a CRS is
            taken to be in it, and other layers are reprojected to it.
            None keeps a projected layer's CRS and reprojects a geographic
            layer to the WGS 84 UTM zone of its centre.
        snap_tolerance: endpoints closer than this, in metres, are joined,
            and an endpoint this close to another line splits it. None: 0,
            or the profile's value.
        split_crossings: split lines where they cross without a shared
            vertex. None: off, because such crossings are usually bridges
            or culverts, or the profile's value.
        name_field: source field of river names. Main stems then follow
            name continuity before the longest upstream path.
        gap_tolerance: dangling ends closer than this, in metres, to
            another line are reported as gap problems. None: 10 times the
            snap tolerance, at least 1 m.
        progress: ``progress(stage, fraction)``, called from the building
            thread with the GIL held. Returning False cancels, and any
            exception it raises is raised again from build_network.

    The reading and building run with the GIL released, so other Python
    threads keep running.

    Raises:
        InputFileNotFoundError: the path does not exist (also a
            FileNotFoundError).
        InvalidInputError: unknown layer or field, empty layer, a layer of
            points or polygons, a negative tolerance (also a ValueError).
        CrsError: the layer has no CRS and ``crs`` is None, or the working
            CRS is not projected in metres.
        ConfigError: an invalid profile file or unknown preset name (also
            an InvalidInputError and a ValueError).
        CancelledError: ``progress`` returned False.
    """
    if region is not None:
        profile = resolve_region(region)
        core, report = _georiviere.build_region_from_file(
            os.fsdecode(os.fspath(path)),
            profile._core,
            layer,
            where,
            None if crs is None else _crs_text(crs),
            _tolerance("snap_tolerance", snap_tolerance),
            _tolerance("gap_tolerance", gap_tolerance),
            None if split_crossings is None else bool(split_crossings),
            name_field,
            progress,
        )
        return Network(core, report)

    options = _build_options(
        snap_tolerance or 0.0, bool(split_crossings), name_field,
        gap_tolerance
    )
    core = _georiviere.build_from_file(
        os.fsdecode(os.fspath(path)),
        layer or "",
        where or "",
        _crs_text(crs),
        options,
        progress,
    )
    return Network(core)


def build_network_from_wkt(
    lines: Sequence[str],
    *,
    crs_wkt: str = "",
    snap_tolerance: float = 0.0,
    split_crossings: bool = False,
    gap_tolerance: Optional[float] = None,
    progress: Optional[ProgressCallable] = None,
) -> Network:
    """Build a network from LINESTRING or MULTILINESTRING WKT strings.

    Line i gets source feature id i. ``crs_wkt`` is stored as the network's
    CRS without checks. The other arguments are those of
    :func:`build_network`; there are no attributes, so no name field.
    """
    options = _build_options(
        snap_tolerance, split_crossings, None, gap_tolerance
    )
    core = _georiviere.build_from_wkt(
        [str(line) for line in lines], crs_wkt, options, progress
    )
    return Network(core)
