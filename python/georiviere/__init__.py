"""Directed river networks from river lines.

georiviere reads river lines from any dataset GDAL opens, joins them into a
directed network of reaches and nodes, and computes per-reach attributes
such as Strahler order, upstream length and main stems::

    import georiviere

    net = georiviere.build_network("rivers.shp", snap_tolerance=1.0)
    print(net.reaches["strahler"], net.problems)
    net.to_file("network.gpkg")

A region profile configures the pipeline for a data product::

    net = georiviere.build_network("troncons.gpkg", region="bdtopo")
    print(net.region_report["lines_dropped"])
"""

from georiviere._errors import (
    CancelledError,
    ConfigError,
    CrsError,
    Error,
    InputFileNotFoundError,
    InvalidInputError,
    IoError,
)
from georiviere._georiviere import __version__
from georiviere._network import (
    Network,
    Problem,
    ReachGeometry,
    Table,
    build_network,
    build_network_from_wkt,
)
from georiviere._region import RegionCatalogue, RegionProfile

__all__ = [
    "CancelledError",
    "ConfigError",
    "CrsError",
    "Error",
    "InputFileNotFoundError",
    "InvalidInputError",
    "IoError",
    "Network",
    "Problem",
    "ReachGeometry",
    "RegionCatalogue",
    "RegionProfile",
    "Table",
    "__version__",
    "build_network",
    "build_network_from_wkt",
]
