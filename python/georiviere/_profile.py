"""Longitudinal profiles of rivers on a DEM, their plots, and the polygons
each river crosses.

Measures are in metres from the river's source (or the reach's upstream
end), along the reach geometries, as in :mod:`georiviere._referencing`.
See docs/referencing.md for the sampling, smoothing and summary rules.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

from georiviere import _georiviere

if TYPE_CHECKING:
    from georiviere._network import Network, ProgressCallable, StrPath


@dataclasses.dataclass(frozen=True)
class ProfileSummary:
    """Summary of a profile over ``start_m .. end_m``; NaN where no value.

    ``drop_m`` is ``start_z - end_z`` and ``mean_slope`` is ``drop_m`` over
    the length, in m/m, positive downhill. ``ascent_m`` and ``descent_m``
    add up the rises and falls between consecutive valid values, bridging
    nodata gaps.
    """

    start_m: float
    end_m: float
    length_m: float
    start_z: float
    end_z: float
    min_z: float
    max_z: float
    drop_m: float
    mean_slope: float
    ascent_m: float
    descent_m: float
    sample_count: int
    nodata_count: int


@dataclasses.dataclass(frozen=True, eq=False)
class LongitudinalProfile:
    """Elevations sampled along a river or a reach, ordered downstream.

    The arrays have one entry per sample. ``z`` is NaN where the DEM has no
    value. Each run of such samples is a gap, from the measure of its first
    sample to that of its last.
    """

    main_stem_id: int
    """The river's main stem id, or -1 for the profile of a lone reach."""
    name: str
    length_m: float
    step_m: float
    smoothing_m: float
    """Width of the moving-average window; 0 without smoothing."""
    measure_m: np.ndarray
    reach_id: np.ndarray
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    smoothed_z: Optional[np.ndarray]
    """None without smoothing; NaN where ``z`` is NaN."""
    gap_starts_m: np.ndarray
    gap_ends_m: np.ndarray
    gap_sample_counts: np.ndarray
    reach_ids: np.ndarray
    """The reaches sampled, upstream first."""
    reach_starts_m: np.ndarray
    reach_ends_m: np.ndarray
    _core: Any = dataclasses.field(repr=False)

    def __len__(self) -> int:
        return len(self.measure_m)

    def _use_smoothed(self, smoothed: Optional[bool]) -> bool:
        return self.smoothed_z is not None if smoothed is None else smoothed

    def summary(self, start_m: Optional[float] = None,
                end_m: Optional[float] = None,
                smoothed: Optional[bool] = None) -> ProfileSummary:
        """Summarise the profile over ``start_m .. end_m``, by default the
        whole profile.

        The ends take the profile's values interpolated between the two
        neighbouring samples. ``smoothed`` reads ``smoothed_z``, by default
        when the profile has it. Raises InvalidInputError for an interval
        outside the profile, and for smoothed values of a profile without
        smoothing.
        """
        start = 0.0 if start_m is None else float(start_m)
        end = self.length_m if end_m is None else float(end_m)
        return ProfileSummary(**self._core.summary(
            start, end, self._use_smoothed(smoothed)))

    def reach_summaries(self, smoothed: Optional[bool] = None
                        ) -> list[ProfileSummary]:
        """Summarise each reach of the profile, upstream first, in the
        order of ``reach_ids``."""
        return [ProfileSummary(**summary) for summary in
                self._core.reach_summaries(self._use_smoothed(smoothed))]


def longitudinal_profile(
    network: "Network",
    dem: "StrPath",
    river: Union[str, int, None] = None,
    reach: Optional[int] = None,
    step_m: Optional[float] = None,
    smoothing_m: float = 0.0,
    band: int = 1,
) -> LongitudinalProfile:
    """Sample the DEM along a river or a reach, with bilinear interpolation.

    Give exactly one of ``river`` (a name, the longest river of that name,
    or a main stem id) and ``reach`` (a reach id). Samples lie every
    ``step_m`` metres from the source, by default the DEM's cell size, plus
    one at each reach end. ``smoothing_m`` > 0 adds ``smoothed_z``, the
    mean of the valid ``z`` within half that width of each sample. The DEM
    may be in any CRS: points are transformed to it. A DEM without a CRS
    raises CrsError when the network has one; set it with ``gdal_edit.py
    -a_srs``. The GIL is released while the DEM is read.

    Raises InputFileNotFoundError for a missing DEM, and ValueError unless
    exactly one of river and reach is given. Raises InvalidInputError for a
    DEM that gives no elevation on any sample, an unknown river or reach, a
    step that is not more than 0 or a negative smoothing width. A DEM that
    misses only part of the river gives nodata gaps, not an error.
    """
    if (river is None) == (reach is None):
        raise ValueError("give exactly one of river and reach")
    core = _georiviere.longitudinal_profile(
        network._core, os.fsdecode(os.fspath(dem)),
        None if river is None else str(river),
        None if reach is None else int(reach),
        0.0 if step_m is None else float(step_m), float(smoothing_m),
        int(band))
    arrays = core.arrays()
    if not np.isfinite(arrays["z"]).any():
        from georiviere._errors import InvalidInputError

        target = f"river {river}" if reach is None else f"reach {reach}"
        raise InvalidInputError(
            f"the DEM {os.fsdecode(os.fspath(dem))} gives no elevation on "
            f"{target}: it does not overlap it or is nodata under all of "
            "it; give a DEM that covers the river")
    return LongitudinalProfile(**arrays, _core=core)


def plot_profile(
    profile: LongitudinalProfile,
    path: "StrPath",
    title: Optional[str] = None,
    overwrite: bool = False,
    dpi: int = 100,
) -> str:
    """Draw the profile (elevation against kilometres from the source) to a
    PNG file, and return its path.

    Nodata gaps are breaks in the line, reach ends are dotted vertical
    lines, and the smoothed values, when present, are a second line. The
    image is written beside ``path`` under a temporary name, then renamed.
    Raises IoError when the folder of ``path`` does not exist, or when
    ``path`` exists and ``overwrite`` is False.
    """
    # Imported here so that the rest of the package works without
    # matplotlib; Agg draws without a display.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from georiviere._errors import IoError

    target = os.fsdecode(os.fspath(path))
    directory = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(directory):
        raise IoError(f"output directory not found: {directory}; create it "
                      "first")
    if os.path.exists(target) and not overwrite:
        raise IoError(f"output {target} already exists; remove it or pass "
                      "overwrite=True")
    figure, axes = plt.subplots(figsize=(10, 4))
    try:
        kilometres = profile.measure_m / 1000.0
        axes.plot(kilometres, profile.z, color="tab:blue", linewidth=1.0,
                  label="DEM")
        if profile.smoothed_z is not None:
            axes.plot(kilometres, profile.smoothed_z, color="tab:red",
                      linewidth=1.0,
                      label=f"smoothed over {profile.smoothing_m:g} m")
        for start in profile.reach_starts_m[1:]:
            axes.axvline(start / 1000.0, color="grey", linestyle=":",
                         linewidth=0.8)
        axes.set_xlabel("distance from source (km)")
        axes.set_ylabel("elevation (m)")
        name = profile.name or f"main stem {profile.main_stem_id}"
        axes.set_title(title if title is not None else name)
        axes.legend(loc="upper right")
        axes.grid(True, linewidth=0.3)

        descriptor, temporary = tempfile.mkstemp(
            prefix=".profile-", suffix=".png", dir=directory)
        os.close(descriptor)
        try:
            figure.savefig(temporary, format="png", dpi=dpi)
            os.replace(temporary, target)
        except BaseException:
            if os.path.exists(temporary):
                os.remove(temporary)
            raise
    finally:
        plt.close(figure)
    return target


@dataclasses.dataclass(frozen=True)
class Zones:
    """The stretches of rivers and reaches inside polygons, as columns.

    Both tables have the columns ``river``, ``main_stem_id`` (-1 for a
    reach on no river), ``polygon_fid``, ``polygon`` (the ``field`` value,
    or None), ``start_m``, ``end_m`` and ``length_m``, and ``reaches`` also
    has ``reach_id``, as the CLI's CSV files. In ``rivers`` the measures run
    from the river's source, and the rows go river by river, upstream to
    downstream. In ``reaches`` they run from the reach's upstream end.
    """

    rivers: dict[str, np.ndarray]
    reaches: dict[str, np.ndarray]
    polygon_count: int
    source: str


def zones(
    network: "Network",
    polygons: "StrPath",
    layer: Optional[str] = None,
    where: Optional[str] = None,
    field: Optional[str] = None,
    polygon_crs: Optional[str] = None,
    progress: Optional["ProgressCallable"] = None,
) -> Zones:
    """List the polygons of a dataset that each river and each reach
    crosses, with the stretch inside each polygon.

    The polygons are reprojected to the network's CRS. ``polygon_crs`` is
    the CRS of a layer that has none. A river that follows a border shared
    by two polygons is counted in the one on its left, looking downstream.
    The GIL is released while the polygons are read and intersected.

    Raises InputFileNotFoundError, InvalidInputError (a layer of lines or
    points, an unknown layer or field) and CrsError (a layer without CRS
    and no ``polygon_crs``).
    """
    result = _georiviere.zones(
        network._core, os.fsdecode(os.fspath(polygons)), layer or "",
        where or "", polygon_crs or "", field or "", progress)
    # The river table has no reach column, as in the CLI's CSV: a river's
    # stretch may cover several reaches.
    result["rivers"].pop("reach_id", None)
    return Zones(**result)
