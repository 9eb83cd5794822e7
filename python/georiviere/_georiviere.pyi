"""Private compiled core of georiviere; use the georiviere package instead."""

from collections.abc import Callable
from typing import Any, Optional

import numpy as np

__version__: str

_Progress = Optional[Callable[[str, float], Optional[bool]]]

class BuildOptions:
    """Options of build_network, with tolerances in metres."""

    snap_tolerance_m: float
    split_crossings: bool
    gap_tolerance_m: Optional[float]
    """None: 10 times the snap tolerance, at least 1 m."""
    name_field: str
    """Empty: no names."""
    def __init__(self) -> None: ...

class Network:
    """A built river network; georiviere.Network wraps it."""

    @property
    def reach_count(self) -> int: ...
    @property
    def node_count(self) -> int: ...
    @property
    def problem_count(self) -> int: ...
    @property
    def crs_wkt(self) -> str: ...
    @staticmethod
    def reach_column_names() -> list[str]: ...
    @staticmethod
    def node_column_names() -> list[str]: ...
    def reach_column(self, name: str) -> Any:
        """Build one reach column; raises KeyError for an unknown name.

        Read-only numpy arrays, row i for reach id i:
        reach_id, from_node, to_node, shreve, main_stem_id, basin_id: int64;
        strahler, hack: int32;
        length_m, upstream_length_m, distance_to_outlet_m,
        max_upstream_distance_m: float64 (metres);
        is_minor_branch, in_cycle, is_virtual: bool;
        name: object array of str.
        Python lists: source_fids (list of int per reach, upstream first)
        and geometry (WKT string per reach).
        """
    def node_column(self, name: str) -> Any:
        """Build one node column; raises KeyError for an unknown name.

        node_id: int64; kind: object array of str (source, confluence,
        diffluence, outlet, junction); in_degree, out_degree: int32;
        outlet: object array of str (known, sink or empty); x, y: float64.
        """
    def reach_geometry(
        self, reach_id: int
    ) -> tuple[np.ndarray, Optional[np.ndarray], Optional[np.ndarray]]:
        """Return read-only views (xy of shape (n, 2), z, m) of a reach.

        z and m are None when the source lines have no such values. Raises
        IndexError for an unknown id.
        """
    @property
    def source_feature_count(self) -> int: ...
    def field_names(self) -> list[str]:
        """Return the source field names in layer order."""
    def reach_field_column(self, name: str) -> np.ndarray:
        """Build one source field's column per reach: the common value of
        the reach's source rows, else null. Integer fields give int64, or
        float64 with NaN when there are nulls. Real fields give float64,
        and text and date fields object arrays of str or None."""
    def source_field_column(self, name: str) -> np.ndarray:
        """Build one column per source feature; ``"fid"`` gives the ids."""
    def problems(self) -> list[tuple[str, str, str, list[int], list[int]]]:
        """Return (kind, message, wkt, reach_ids, source_fids) per problem."""
    def upstream(self, reach_id: int) -> np.ndarray: ...
    def downstream(self, reach_id: int) -> np.ndarray: ...
    def path(self, from_reach: int, to_reach: int) -> np.ndarray: ...
    def locate(
        self, x: float, y: float, max_distance_m: float
    ) -> Optional[dict[str, Any]]: ...
    def locate_many(
        self, xs: np.ndarray, ys: np.ndarray, max_distance_m: float
    ) -> dict[str, np.ndarray]: ...
    def write(
        self, path: str, overwrite: bool, format: str, progress: _Progress
    ) -> list[str]: ...

def build_from_file(
    path: str,
    layer: str,
    where: str,
    crs: str,
    options: BuildOptions,
    progress: _Progress,
) -> Network: ...
def build_from_wkt(
    wkts: list[str], crs_wkt: str, options: BuildOptions, progress: _Progress
) -> Network: ...

class RegionProfile:
    """A resolved region profile; georiviere.RegionProfile wraps it."""

    name: str
    description: str
    @staticmethod
    def load(path: str) -> RegionProfile: ...
    @staticmethod
    def parse(text: str, source_name: str) -> RegionProfile: ...
    @staticmethod
    def preset(name: str) -> RegionProfile: ...
    @staticmethod
    def preset_names() -> list[str]: ...
    def to_toml(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...

class RegionCatalogue:
    """Regions of a catalogue file; georiviere.RegionCatalogue wraps it."""

    @staticmethod
    def load(path: str) -> RegionCatalogue: ...
    def names(self) -> list[str]: ...
    def resolve(self, name: str) -> RegionProfile: ...
    @property
    def source(self) -> str: ...
    def __len__(self) -> int: ...

def is_region_catalogue(path: str) -> bool: ...
def build_region_from_file(
    path: str,
    profile: RegionProfile,
    layer: Optional[str],
    where: Optional[str],
    crs: Optional[str],
    snap_tolerance_m: Optional[float],
    gap_tolerance_m: Optional[float],
    split_crossings: Optional[bool],
    name_field: Optional[str],
    progress: _Progress,
) -> tuple[Network, dict[str, Any]]:
    """Build with a region profile; the values that are not None replace
    the profile's. Returns the network and the region report."""

# DEM functions. Grids are 2-D C-contiguous arrays of the exact dtype named,
# read and written in place; georiviere._raster converts other inputs.
_GeoTransform = Optional[tuple[float, float, float, float, float, float]]
_Points = list[tuple[float, float]]

def fill_in_place(
    dem: np.ndarray, nodata: Optional[float], epsilon: bool,
    progress: _Progress
) -> int:
    """Fill a float32 or float64 DEM in place; returns the cells raised."""
def breach_in_place(
    dem: np.ndarray, nodata: Optional[float], progress: _Progress
) -> int:
    """Breach a float32 or float64 DEM in place; returns the cells
    lowered."""
def flow_directions(
    dem: np.ndarray,
    nodata: Optional[float],
    geotransform: _GeoTransform,
    crs: str,
    progress: _Progress,
) -> np.ndarray:
    """Return the D8 codes (uint8, georiviere encoding) of a float32 or
    float64 DEM."""
def resolve_flats_in_place(
    dem: np.ndarray,
    directions: np.ndarray,
    nodata: Optional[float],
    progress: _Progress,
) -> int:
    """Direct flats in the uint8 directions; returns the cells directed."""
def decode_directions(
    codes: np.ndarray, encoding: str, nodata: Optional[float]
) -> np.ndarray:
    """Convert float64 ESRI, TauDEM or GRASS codes to uint8 georiviere
    codes."""
def encode_directions(directions: np.ndarray, encoding: str) -> np.ndarray:
    """Convert uint8 georiviere codes to ESRI or TauDEM (uint8) or GRASS
    (int16) codes."""
def accumulation_counts(
    directions: np.ndarray, progress: _Progress
) -> np.ndarray:
    """Count the cells draining through each cell (uint64), the cell itself
    included, 0 on nodata."""
def accumulation_weighted(
    directions: np.ndarray, weights: np.ndarray, progress: _Progress
) -> np.ndarray:
    """Sum float64 weights down the flow (float64), NaN on nodata."""
def accumulation_area(
    directions: np.ndarray,
    geotransform: _GeoTransform,
    crs: str,
    progress: _Progress,
) -> np.ndarray:
    """Accumulate the upstream area in km2 (float64), NaN on nodata."""
def stream_mask(
    upstream_area_km2: np.ndarray, threshold_km2: float
) -> np.ndarray:
    """Mark stream cells (uint8): 1 stream, 0 other, 255 where the area is
    NaN."""
def stream_network(
    directions: np.ndarray,
    upstream_area_km2: np.ndarray,
    dem: np.ndarray,
    nodata: Optional[float],
    threshold_km2: float,
    geotransform: _GeoTransform,
    crs: str,
    progress: _Progress,
) -> Network: ...
def catchment_labels(
    directions: np.ndarray,
    upstream_area_km2: np.ndarray,
    threshold_km2: float,
    outlets: Optional[_Points],
    snap_distance_m: float,
    geotransform: _GeoTransform,
    crs: str,
    progress: _Progress,
) -> tuple[np.ndarray, list[Optional[tuple[int, int]]]]:
    """Label link catchments (outlets None) or outlet catchments (uint32).
    Returns the labels and the snapped (row, col) of each outlet or None."""

# Largest thread count that dem_network accepts.
max_thread_count: int

def label_polygons(
    labels: np.ndarray, geotransform: _GeoTransform, progress: _Progress
) -> dict[int, list[list[np.ndarray]]]:
    """Trace the polygons of each label other than 0 of a uint32 grid:
    {label: parts}, each part a list of float64 (n, 2) closed rings, the
    exterior first."""
def dem_network(
    path: str,
    threshold_km2: Optional[float],
    breach: bool,
    crs: str,
    outlets: _Points,
    snap_distance_m: float,
    progress: _Progress,
    region: Optional[RegionProfile] = None,
    threads: int = 1,
) -> tuple[Network, dict[str, Any]]:
    """Run the DEM chain on a file; returns the network and the run's
    counts."""

# Linear referencing (python/src/referencing.cpp).
_EventTuple = tuple[int, float, float, dict[str, Any]]

def list_rivers(network: Network) -> list[dict[str, Any]]:
    """Return one dict per river: main_stem_id, name, reach_ids,
    reach_starts_m, reach_ends_m, length_m, mouth_distance_to_outlet_m."""
def locate_points(
    network: Network,
    xs: np.ndarray,
    ys: np.ndarray,
    max_distance_m: float,
    profile: Optional[RegionProfile],
    progress: _Progress,
) -> dict[str, np.ndarray]:
    """Locate points; one column per field of georiviere.locate()."""
def network_distance(
    network: Network,
    from_reach: int,
    from_measure_m: float,
    to_reach: int,
    to_measure_m: float,
) -> dict[str, Any]:
    """Return relation, distance_m, path and reason."""
def segment_rivers(
    network: Network,
    length_m: float,
    balanced: bool,
    at_confluences: bool,
    attribute: str,
    progress: _Progress,
) -> dict[str, Any]:
    """Cut rivers into segments; one column per field of
    georiviere.segment()."""
def split_event(
    event: _EventTuple, at_m: float
) -> tuple[_EventTuple, _EventTuple]: ...
def merge_events(
    events: list[_EventTuple], rule: str, touch_tolerance_m: float
) -> list[_EventTuple]: ...

# Longitudinal profiles and zoning (python/src/profile.cpp).
class Profile:
    def arrays(self) -> dict[str, Any]: ...
    def summary(
        self, start_m: float, end_m: float, smoothed: bool
    ) -> dict[str, Any]: ...
    def reach_summaries(self, smoothed: bool) -> list[dict[str, Any]]: ...

def longitudinal_profile(
    network: Network,
    dem: str,
    river: Optional[str],
    reach: Optional[int],
    step_m: float,
    smoothing_m: float,
    band: int,
) -> Profile:
    """Sample a profile; a step of 0 takes the DEM's cell size."""
def zones(
    network: Network,
    path: str,
    layer: str,
    where: str,
    polygon_crs: str,
    field: str,
    progress: _Progress,
) -> dict[str, Any]:
    """Return rivers and reaches (dicts of columns), polygon_count, source."""
