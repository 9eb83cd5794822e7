"""Linear referencing on a river network: rivers, located points, network
distances, segments and linear events.

Measures are in metres. Along a reach they run from its upstream end, and
along a river from its source. A river is the chain of reaches of one main
stem, upstream to downstream; its mouth is its downstream end. See
docs/referencing.md for the conventions (bank side, kilometre points).
"""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

from georiviere import _georiviere
from georiviere._region import RegionProfile, resolve_region

if TYPE_CHECKING:
    from georiviere._network import Network, ProgressCallable, StrPath

AttributeValue = Union[int, float, str, None]


@dataclasses.dataclass(frozen=True, eq=False)
class River:
    """The reaches of one main stem, upstream to downstream.

    Rivers compare by identity, because their fields hold numpy arrays.
    """

    main_stem_id: int
    """Id of the river's most downstream reach, as in the reach column."""
    name: str
    """Name of its most downstream named reach; empty when unnamed."""
    reach_ids: np.ndarray
    """(n,) int64 reach ids, from the source to the mouth."""
    reach_starts_m: np.ndarray
    """(n,) float64 measure of each reach's upstream end from the source."""
    reach_ends_m: np.ndarray
    """(n,) float64 measure of each reach's downstream end."""
    length_m: float
    mouth_distance_to_outlet_m: float
    """Distance from the river's mouth to the network outlet."""

    def position(self, measure_m: float) -> tuple[int, float]:
        """Return the reach id and the measure along that reach of the place
        ``measure_m`` metres from the river's source.

        A place on the boundary of two reaches goes to the downstream one,
        the mouth to the last reach. Raises ValueError for a measure outside
        ``0 .. length_m``.
        """
        if not 0.0 <= measure_m <= self.length_m:
            raise ValueError(
                f"measure {measure_m} m is outside the river "
                f"{self.name or self.main_stem_id}, which is "
                f"{self.length_m} m long"
            )
        index = int(np.searchsorted(self.reach_starts_m, measure_m,
                                    side="right")) - 1
        index = max(index, 0)
        return (int(self.reach_ids[index]),
                float(measure_m - self.reach_starts_m[index]))


@dataclasses.dataclass(frozen=True)
class LinearEvent:
    """An event over a range of a river, held by measures from its source.

    ``attributes`` maps names to int, float, str or None.
    """

    main_stem_id: int
    start_m: float
    end_m: float
    attributes: dict[str, AttributeValue] = dataclasses.field(
        default_factory=dict)

    @property
    def length_m(self) -> float:
        return self.end_m - self.start_m


def _profile_core(region: Union[RegionProfile, StrPath, None]) -> Any:
    return None if region is None else resolve_region(region)._core


def rivers(network: "Network") -> list[River]:
    """Return the rivers of the network by increasing main_stem_id.

    Reaches in a directed cycle belong to no river. Raises
    InvalidInputError when the main stems are inconsistent.
    """
    return [River(**river)
            for river in _georiviere.list_rivers(network._core)]


def find_rivers(network: "Network", name_or_id: Union[str, int]
                ) -> list[River]:
    """Return the rivers named ``name_or_id``, longest first, or the river
    whose main_stem_id it is.

    Raises InvalidInputError (a ValueError) when none matches.
    """
    from georiviere._errors import InvalidInputError

    key = str(name_or_id)
    all_rivers = rivers(network)
    found = [river for river in all_rivers if key and river.name == key]
    if not found:
        found = [river for river in all_rivers
                 if str(river.main_stem_id) == key]
    if not found and not any(river.name for river in all_rivers):
        raise InvalidInputError(
            f"no river named or with main stem id {key!r}: the rivers have "
            "no names because no name field was read; build the network "
            "with name_field=, or give a main stem id")
    if not found:
        lowered = key.lower()
        close = [river.name for river in all_rivers
                 if lowered and lowered in river.name.lower()]
        close = sorted(set(close), key=lambda name: (name.lower() != lowered,
                                                      name))[:3]
        hint = ("; did you mean " + ", ".join(repr(n) for n in close) + "?"
                if close else ".")
        raise InvalidInputError(
            f"no river named or with main stem id {key!r}{hint} Names are "
            "the reach names of the name field, matched with their case, "
            "and ids the main_stem_id reach column; list them with "
            "Network.rivers()"
        )
    return sorted(found, key=lambda river: -river.length_m)


def locate(
    network: "Network",
    points: Any,
    max_distance_m: float = 50.0,
    *,
    region: Union[RegionProfile, StrPath, None] = None,
    progress: Optional["ProgressCallable"] = None,
) -> dict[str, np.ndarray]:
    """Locate points on the nearest reach within ``max_distance_m`` metres.

    Args:
        network: the network.
        points: an (n, 2) array-like of x, y in the network's CRS.
        max_distance_m: points farther from every reach are not located.
        region: a region profile (or preset name or file) whose
            [kilometre_points] rules give the kilometre points; None: km
            from the mouth, growing upstream.
        progress: ``progress(stage, fraction)``, as for build_network.

    Returns one array per field, row i for point i:

    - ``status``: located, beyond_max_distance, no_reach, no_river or
      invalid_point;
    - ``reach_id`` (-1 where not located), ``reach_measure_m``,
      ``offset_m``;
    - ``side``: left, right or none, looking downstream;
    - ``main_stem_id``, ``river_name``, ``distance_from_source_m``,
      ``distance_to_mouth_m``, ``distance_to_outlet_m``,
      ``kilometre_point``, ``snapped_x``, ``snapped_y``: NaN where not
      located;
    - ``nearest_distance_m``: the distance to the nearest reach, also for
      points beyond the maximum;
    - ``reason``: why the point is not located, empty for located points.

    Runs with the GIL released.

    Raises InvalidInputError for a negative or NaN ``max_distance_m``,
    TypeError for a path in place of the points and ValueError for an
    array of another shape.
    """
    if isinstance(points, (str, bytes, os.PathLike)):
        raise TypeError(
            f"points must be an (n, 2) array of x, y in the network's CRS, "
            f"not the path {os.fsdecode(points)!r}; read the file first, or "
            "run 'georiviere locate' on it")
    array = np.asarray(points, dtype=np.float64)
    if array.size == 0:
        array = array.reshape(0, 2)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(
            f"points must be an (n, 2) array of x, y, not of shape "
            f"{array.shape}"
        )
    return _georiviere.locate_points(
        network._core,
        np.ascontiguousarray(array[:, 0]),
        np.ascontiguousarray(array[:, 1]),
        float(max_distance_m),
        _profile_core(region),
        progress,
    )


def network_distance(
    network: "Network",
    from_reach: int,
    from_measure_m: float,
    to_reach: int,
    to_measure_m: float,
) -> dict[str, Any]:
    """Measure the distance along the network between two places, each a
    reach id and a measure along it from its upstream end.

    Returns a dict:

    - ``relation``: ``upstream`` or ``downstream`` for the first place
      relative to the second, ``same_place``, ``unrelated`` when connected
      only through a confluence (as on two sibling tributaries), or
      ``not_connected`` (different basins);
    - ``distance_m``: NaN when not connected;
    - ``path``: int64 reach ids from the first reach to the second;
    - ``reason``: why there is no distance, else empty.

    Raises IndexError for an unknown reach id.
    """
    return _georiviere.network_distance(
        network._core, int(from_reach), float(from_measure_m),
        int(to_reach), float(to_measure_m))


def segment(
    network: "Network",
    length_m: float = 0.0,
    *,
    balanced: bool = False,
    at_confluences: bool = False,
    attribute: Optional[str] = None,
    progress: Optional["ProgressCallable"] = None,
) -> dict[str, Any]:
    """Cut every river into segments.

    Each river is cut at its confluences when ``at_confluences`` is set,
    and between reaches whose ``attribute`` differs: a source field, or
    name, strahler, shreve, hack. Then each part is cut every ``length_m``
    metres from its upstream end, so that its last segment is shorter.
    With ``balanced``, each part is cut into as many segments of equal
    length instead. Segment lengths add up to the river's length.

    Returns columns, row i for segment i: ``segment_id`` (i),
    ``main_stem_id``,
    ``river_name``, ``segment_index`` (from 0 at the source),
    ``start_m``, ``end_m``, ``length_m`` (along the river),
    ``start_reach``, ``start_reach_measure_m``, ``end_reach``,
    ``end_reach_measure_m`` (the reach and measure along it at each end),
    ``reach_ids`` (list of the reaches covered) and ``geometry`` (WKT).
    Runs with the GIL released.

    Raises InvalidInputError for a negative length or an unknown attribute.
    """
    columns = _georiviere.segment_rivers(
        network._core, float(length_m), bool(balanced),
        bool(at_confluences), attribute or "", progress)
    # segment_id numbers the segments from 0 in row order, as in the
    # CLI's segments layer.
    count = len(columns["length_m"])
    return {"segment_id": np.arange(count, dtype=np.int64), **columns}


def _event_tuple(event: LinearEvent) -> tuple[int, float, float, dict]:
    return (int(event.main_stem_id), float(event.start_m),
            float(event.end_m), dict(event.attributes))


def _event(values: tuple[int, float, float, dict]) -> LinearEvent:
    return LinearEvent(values[0], values[1], values[2], dict(values[3]))


def split_event(event: LinearEvent, at_m: float
                ) -> tuple[LinearEvent, LinearEvent]:
    """Split a linear event at ``at_m``; both parts keep every attribute.

    Raises InvalidInputError unless ``start_m < at_m < end_m``.
    """
    upstream, downstream = _georiviere.split_event(_event_tuple(event),
                                                   float(at_m))
    return _event(upstream), _event(downstream)


def merge_events(
    events: list[LinearEvent],
    *,
    rule: str = "equal_attributes",
    touch_tolerance_m: float = 1e-6,
) -> list[LinearEvent]:
    """Merge touching events of one river; return them sorted by river and
    measure.

    With ``rule="equal_attributes"`` two events merge only when their
    attributes are equal. With ``"join_values"`` touching events always
    merge, and an attribute whose values differ becomes the text of both,
    upstream first, joined by "; " (a missing attribute is "null").
    Overlapping events never merge.
    """
    merged = _georiviere.merge_events(
        [_event_tuple(event) for event in events], str(rule),
        float(touch_tolerance_m))
    return [_event(values) for values in merged]
