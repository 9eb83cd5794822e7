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
    area = georiviere.flow_accumulation(
        directions, geotransform=gt, area_km2=True
    )
    labels = georiviere.catchments(directions, area, 1.0)
    polygons = georiviere.polygonize(labels, geotransform=gt)

Points are located on the rivers of a network in metres along them::

    found = georiviere.locate(net, [(x, y)], max_distance_m=50.0)
    print(found["river_name"], found["kilometre_point"], found["side"])

Rivers get longitudinal profiles on a DEM and the polygons they cross::

    profile = georiviere.longitudinal_profile(net, "dem.tif", river="Yzeron")
    print(profile.summary().drop_m)
    georiviere.plot_profile(profile, "yzeron.png")
    crossed = georiviere.zones(net, "communes.gpkg", field="nom")
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
from georiviere._profile import (
    LongitudinalProfile,
    ProfileSummary,
    Zones,
    longitudinal_profile,
    plot_profile,
    zones,
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
    polygonize,
    resolve_flats,
    stream_network,
)
from georiviere._referencing import (
    LinearEvent,
    River,
    find_rivers,
    locate,
    merge_events,
    network_distance,
    segment,
    split_event,
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
    "LinearEvent",
    "LongitudinalProfile",
    "Network",
    "OutletCatchments",
    "Problem",
    "ProfileSummary",
    "ReachGeometry",
    "RegionCatalogue",
    "RegionProfile",
    "River",
    "Table",
    "Zones",
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
    "find_rivers",
    "flow_accumulation",
    "flow_direction_d8",
    "locate",
    "longitudinal_profile",
    "merge_events",
    "network_distance",
    "plot_profile",
    "polygonize",
    "resolve_flats",
    "segment",
    "split_event",
    "stream_network",
    "zones",
]
