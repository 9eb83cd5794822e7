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
        x, y: float64.
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
