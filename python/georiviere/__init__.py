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

A network can also be derived from a DEM, in one call or step by step on
numpy arrays::

    net = georiviere.dem_network("dem.tif", threshold_km2=1.0)
    filled = georiviere.fill_depressions(dem, nodata=-9999.0)
    directions = georiviere.flow_direction_d8(filled, geotransform=gt)
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
from georiviere._raster import (
    DemNetwork,
    OutletCatchments,
    breach_depressions,
    catchments,
    decode_directions,
    dem_network,
    encode_directions,
    extract_streams,
    fill_depressions,
    flow_accumulation,
    flow_direction_d8,
    resolve_flats,
    stream_network,
)
from georiviere._region import RegionCatalogue, RegionProfile

__all__ = [
    "CancelledError",
    "ConfigError",
    "CrsError",
    "DemNetwork",
    "Error",
    "InputFileNotFoundError",
    "InvalidInputError",
    "IoError",
    "Network",
    "OutletCatchments",
    "Problem",
    "ReachGeometry",
    "RegionCatalogue",
    "RegionProfile",
    "Table",
    "__version__",
    "breach_depressions",
    "build_network",
    "build_network_from_wkt",
    "catchments",
    "decode_directions",
    "dem_network",
    "encode_directions",
    "extract_streams",
    "fill_depressions",
    "flow_accumulation",
    "flow_direction_d8",
    "resolve_flats",
    "stream_network",
]
