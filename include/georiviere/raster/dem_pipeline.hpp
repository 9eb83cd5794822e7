// From a DEM to a river network with sub-catchments: the whole chain.
//
// Steps, each reported through the progress callback:
// 1. Depression filling (raster/fill_depressions.hpp, exact Priority-Flood,
//    tiled when options.threads is above 1) or breaching
//    (raster/breach_depressions.hpp), in place on the DEM.
// 2. D8 flow directions (raster/flow_direction.hpp), with per-row cell
//    sizes in metres on geographic grids, then flat resolution
//    (raster/resolve_flats.hpp). Every valid cell then drains to the grid
//    edge or to a nodata cell.
// 3. Upstream area in km^2 (raster/flow_accumulation.hpp), with the
//    ellipsoidal per-row cell areas of raster/cell_area.hpp on geographic
//    grids.
// 4. Stream links where the upstream area reaches the threshold
//    (raster/streams.hpp). The DEM is released after this step.
// 5. Outlet snapping (raster/catchments.hpp). The upstream area grid is
//    released after this step.
// 6. The RiverNetwork (raster/stream_network.hpp), in the working CRS.
// 7. Sub-catchment labels, their areas and polygons, then the same for the
//    given outlets, reusing the label grid.
//
// Memory: the DEM (sizeof(T) bytes per cell, 4 for float), the directions
// (1 byte) and the upstream area (8 bytes) are alive together during step
// 3, with the accumulation's 1-byte flags: 14 bytes per cell for a float
// DEM. Step 2 peaks at about 9 bytes per cell plus the cell lists of the
// largest flat. Step 1 takes 5 bytes per cell on top of the DEM with more
// than one thread (flags and 4-byte labels), 1 byte with one. From step 6
// on, only the directions and the 4-byte labels remain. The grid sink callbacks
// see each grid before it is released, so writing them costs no extra copy.
//
// Bad input raises InvalidInputError or CrsError naming the value and the
// fix: an empty DEM, a DEM without valid cells, a missing or unusable CRS,
// a rotated geotransform, an invalid threshold or snap distance, and a
// threshold that no cell reaches.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/io/dem_output.hpp"
#include "georiviere/raster/breach_depressions.hpp"
#include "georiviere/raster/catchments.hpp"
#include "georiviere/raster/cell_area.hpp"
#include "georiviere/raster/fill_depressions.hpp"
#include "georiviere/raster/flow_accumulation.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/resolve_flats.hpp"
#include "georiviere/raster/stream_network.hpp"
#include "georiviere/raster/streams.hpp"

namespace georiviere {

enum class DepressionMethod {
  fill,  // raise depressions to their spill level (Priority-Flood)
  breach // carve a channel out of each depression
};

// Callbacks that receive the intermediate grids before they are released,
// to write or inspect them. Each grid carries the DEM's geotransform and
// CRS.
template <typename T> struct DemGridSink {
  std::function<void(const Grid<T>&)> conditioned_dem;
  std::function<void(const Grid<std::uint8_t>&)> flow_directions;
  std::function<void(const Grid<double>&)> upstream_area_km2;
  std::function<void(const Grid<std::uint32_t>&)> link_catchments;
};

template <typename T> struct DemPipelineOptions {
  // Upstream area from which a cell is a stream cell, in km^2.
  double threshold_km2 = 1.0;
  // Thresholds by location, in the grid's CRS (after `crs` is applied):
  // a cell whose centre lies in a box uses the threshold of the first such
  // box instead of threshold_km2 (raster/streams.hpp). Empty: threshold_km2
  // everywhere.
  // NOTE: outlet snapping still looks for cells reaching threshold_km2.
  std::vector<ThresholdBox> threshold_boxes;
  DepressionMethod depressions = DepressionMethod::fill;
  // CRS of the DEM (WKT or input such as "EPSG:2154"). Empty: the DEM's
  // own CRS, which must then be set.
  std::string crs;
  // Points to snap and delineate, in the CRS of the DEM.
  std::vector<OutletPoint> outlets;
  // Largest distance in metres from an outlet point to its stream cell.
  double snap_distance_m = 0.0;
  DemGridSink<T> grids;
  ProgressCallback progress;
  // OpenMP threads for exact filling, D8 directions, flat resolution, flow
  // accumulation and catchment labelling (1 or more). The other steps run
  // on the calling thread. The output does not depend on the thread count.
  int threads = 1;
  // Polygonize catchments with GDALPolygonize instead of
  // trace_label_polygons: the same polygons, more slowly (io/dem_output.hpp).
  bool gdal_polygonize = false;
};

// Counts of the run, for summaries.
struct DemSummary {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t valid_cells = 0;
  double valid_area_km2 = 0.0;
  std::size_t conditioned_cells =
      0;                      // raised by filling or lowered by breaching
  std::size_t flat_cells = 0; // directed by flat resolution
  std::size_t stream_cells = 0;
  double max_upstream_area_km2 = 0.0;
};

struct DemNetworkResult {
  GridReferencing referencing;
  StreamLinks links;
  RiverNetwork network;
  // One multipolygon per link, by link id, then one for the cells that meet
  // no stream when there are any. Fields: link_id (null for that last
  // one), area_km2, upstream_area_km2 (at the link's downstream end).
  FeatureLayer catchments;
  std::vector<SnappedOutlet> outlets;
  OutletCatchmentInfo outlet_info;
  // Given only when outlets were given: the outlets (snapped position, or
  // the point as given when not snapped) and their catchments.
  FeatureLayer outlet_points;
  FeatureLayer outlet_catchments;
  DemSummary summary;
};

namespace detail {

template <typename T>
void count_valid_cells(const Grid<T>& dem, const GridCellAreas& areas,
                       DemSummary& summary) {
  for (std::size_t r = 0; r < dem.rows(); ++r) {
    std::size_t valid = 0;
    for (std::size_t c = 0; c < dem.cols(); ++c) {
      valid += dem.is_nodata(r, c) ? 0 : 1;
    }
    summary.valid_cells += valid;
    summary.valid_area_km2 += static_cast<double>(valid) * areas.at_row(r);
  }
}

inline GridCellAreas cell_areas_of(const GridReferencing& referencing,
                                   const GeoTransform& transform,
                                   std::size_t rows) {
  GridCellAreas areas;
  if (referencing.geographic) {
    areas.row_km2 =
        geographic_cell_areas_km2(transform, rows, referencing.ellipsoid);
  } else {
    areas.uniform_km2 =
        projected_cell_area_km2(transform, referencing.metres_per_unit);
  }
  return areas;
}

inline std::vector<PolygonRings> parts_of(std::vector<LabelPolygons>& found,
                                          std::size_t& next,
                                          std::uint32_t label) {
  if (next < found.size() && found[next].label == label) {
    return std::move(found[next++].parts);
  }
  return {};
}

inline FeatureLayer link_catchment_layer(const StreamLinks& links,
                                         std::vector<LabelPolygons> polygons,
                                         const std::vector<double>& areas) {
  FeatureLayer layer;
  layer.name = "catchments";
  layer.attributes.fields = {{"link_id", FieldType::integer},
                             {"area_km2", FieldType::real},
                             {"upstream_area_km2", FieldType::real}};
  std::size_t next = 0;
  for (const StreamLink& link : links.links) {
    const auto label = static_cast<std::uint32_t>(link.id + 1);
    layer.polygons.push_back(detail::parts_of(polygons, next, label));
    layer.attributes.fids.push_back(link.id);
    layer.attributes.rows.push_back(
        {link.id, areas[label], link.downstream_area_km2});
  }
  const std::uint32_t rest = no_stream_label(links);
  if (areas[rest] > 0.0) {
    layer.polygons.push_back(detail::parts_of(polygons, next, rest));
    layer.attributes.fids.push_back(-1);
    layer.attributes.rows.push_back({FieldValue{}, areas[rest], FieldValue{}});
  }
  return layer;
}

inline void outlet_layers(DemNetworkResult& result,
                          std::vector<LabelPolygons> polygons,
                          const std::vector<double>& areas) {
  FeatureLayer& points = result.outlet_points;
  FeatureLayer& catchments = result.outlet_catchments;
  points.name = "outlets";
  points.geometry = LayerGeometry::point;
  points.attributes.fields = {{"outlet_id", FieldType::integer},
                              {"source_fid", FieldType::integer},
                              {"snapped", FieldType::integer},
                              {"snap_distance_m", FieldType::real},
                              {"upstream_area_km2", FieldType::real},
                              {"catchment_id", FieldType::integer},
                              {"downstream_outlet_id", FieldType::integer}};
  catchments.name = "outlet_catchments";
  catchments.attributes.fields = {{"outlet_id", FieldType::integer},
                                  {"source_fid", FieldType::integer},
                                  {"area_km2", FieldType::real},
                                  {"upstream_area_km2", FieldType::real},
                                  {"downstream_outlet_id", FieldType::integer}};

  const GeoTransform& transform = result.links.transform;
  std::vector<double> x;
  std::vector<double> y;
  std::size_t next = 0;
  for (std::size_t k = 0; k < result.outlets.size(); ++k) {
    const SnappedOutlet& outlet = result.outlets[k];
    const auto id = static_cast<std::int64_t>(k);
    const auto optional_id = [](std::int64_t value) {
      return value < 0 ? FieldValue{} : FieldValue{value};
    };
    Point position = outlet.position;
    if (outlet.snapped) {
      const auto [cx, cy] = transform.cell_centre(outlet.row, outlet.col);
      position = Point{cx, cy};
    }
    x.push_back(position.x);
    y.push_back(position.y);
    const std::int64_t downstream = result.outlet_info.downstream_outlet[k];
    points.attributes.rows.push_back(
        {id, outlet.fid, std::int64_t{outlet.snapped ? 1 : 0},
         outlet.snapped ? FieldValue{outlet.distance_m} : FieldValue{},
         outlet.snapped ? FieldValue{outlet.upstream_area_km2} : FieldValue{},
         optional_id(result.outlet_info.catchment_of[k]),
         optional_id(downstream)});
    if (result.outlet_info.catchment_of[k] == id) {
      const auto label = static_cast<std::uint32_t>(k + 1);
      catchments.polygons.push_back(parts_of(polygons, next, label));
      catchments.attributes.rows.push_back({id, outlet.fid, areas[label],
                                            outlet.upstream_area_km2,
                                            optional_id(downstream)});
    }
  }
  transform_to_working_crs(result.referencing, x, y);
  for (std::size_t k = 0; k < x.size(); ++k) {
    points.points.push_back(Point{x[k], y[k]});
  }
}

template <typename T>
void condition_and_direct(Grid<T>& dem, Grid<std::uint8_t>& directions,
                          const GridReferencing& referencing,
                          const DemPipelineOptions<T>& options,
                          DemSummary& summary) {
  if (options.depressions == DepressionMethod::breach) {
    summary.conditioned_cells = breach_depressions(dem, options.progress);
  } else {
    summary.conditioned_cells = fill_depressions(
        dem, FillMode::exact, options.progress, options.threads);
  }
  directions = Grid<std::uint8_t>(dem.rows(), dem.cols(), d8_nodata, d8_nodata);
  directions.copy_georeferencing(dem);
  d8_flow_directions(dem.view(), directions.view(),
                     referencing.cell_sizes_m(dem.transform(), dem.rows()),
                     options.progress, options.threads);
  summary.flat_cells =
      resolve_flats(dem, directions, options.progress, options.threads);
}

} // namespace detail

// Runs the chain on `dem`, which it consumes (see the top of this header).
// Throws InvalidInputError or CrsError for bad input and CancelledError
// when the progress callback returns false.
template <typename T>
DemNetworkResult derive_river_network(Grid<T> dem,
                                      const DemPipelineOptions<T>& options) {
  const StreamThreshold threshold{options.threshold_km2,
                                  options.threshold_boxes};
  detail::require_valid_threshold(threshold);
  if (!(options.snap_distance_m >= 0.0) ||
      !std::isfinite(options.snap_distance_m)) {
    throw InvalidInputError("invalid snap distance " +
                            std::to_string(options.snap_distance_m) +
                            " m: give a distance of 0 or more");
  }
  detail::require_thread_count(options.threads);
  if (dem.empty()) {
    throw InvalidInputError("the DEM has no cells");
  }
  if (!options.crs.empty()) {
    dem.set_crs_wkt(options.crs);
  }
  DemNetworkResult result;
  result.referencing = describe_grid_referencing(dem.crs_wkt(), dem.transform(),
                                                 dem.rows(), dem.cols());
  dem.set_crs_wkt(result.referencing.grid_crs_wkt);
  const GridCellAreas areas =
      detail::cell_areas_of(result.referencing, dem.transform(), dem.rows());
  DemSummary& summary = result.summary;
  summary.rows = dem.rows();
  summary.cols = dem.cols();
  detail::count_valid_cells(dem, areas, summary);
  if (summary.valid_cells == 0) {
    throw InvalidInputError("every cell of the DEM is nodata: check its nodata "
                            "value or give a DEM that covers the area");
  }

  Grid<std::uint8_t> directions;
  detail::condition_and_direct(dem, directions, result.referencing, options,
                               summary);
  if (options.grids.conditioned_dem) {
    options.grids.conditioned_dem(dem);
  }
  if (options.grids.flow_directions) {
    options.grids.flow_directions(directions);
  }

  Grid<double> area =
      areas.row_km2.empty()
          ? upstream_area_km2(directions.view(), areas.uniform_km2,
                              options.progress, options.threads)
          : upstream_area_km2(directions.view(),
                              std::span<const double>(areas.row_km2),
                              options.progress, options.threads);
  area.copy_georeferencing(dem);
  for (const double value : area.cells()) {
    if (value > summary.max_upstream_area_km2) {
      summary.max_upstream_area_km2 = value;
    }
  }
  if (summary.max_upstream_area_km2 < threshold.smallest()) {
    throw InvalidInputError("no cell reaches the stream threshold of " +
                            std::to_string(threshold.smallest()) +
                            " km2: the largest upstream area is " +
                            std::to_string(summary.max_upstream_area_km2) +
                            " km2; lower the threshold");
  }

  result.links = extract_stream_links(directions.view(), area.view(),
                                      dem.view(), threshold, options.progress);
  summary.stream_cells = result.links.stream_cell_count;
  if (summary.stream_cells == 0) {
    throw InvalidInputError(
        "no cell reaches its stream threshold: the largest upstream area is " +
        std::to_string(summary.max_upstream_area_km2) +
        " km2 and the threshold boxes with lower thresholds contain no cell "
        "reaching them; lower the thresholds or check the boxes' CRS");
  }
  dem = Grid<T>();

  result.outlets =
      snap_outlets(options.outlets, area.view(), options.threshold_km2,
                   result.referencing.cell_sizes_m(directions.transform(),
                                                   directions.rows()),
                   options.snap_distance_m);
  if (options.grids.upstream_area_km2) {
    options.grids.upstream_area_km2(area);
  }
  area = Grid<double>();

  result.network = build_stream_network(result.links, directions.view(),
                                        result.referencing, options.progress);

  Grid<std::uint32_t> labels;
  label_link_catchments(directions.view(), result.links, labels,
                        options.progress, options.threads);
  labels.copy_georeferencing(directions);
  if (options.grids.link_catchments) {
    options.grids.link_catchments(labels);
  }
  const std::uint32_t rest = no_stream_label(result.links);
  std::vector<double> label_areas = label_areas_km2(labels.view(), rest, areas);
  const auto polygonize =
      options.gdal_polygonize ? polygonize_labels_with_gdal : polygonize_labels;
  result.catchments = detail::link_catchment_layer(
      result.links,
      polygonize(labels.view(), result.referencing, options.progress),
      label_areas);

  if (!result.outlets.empty()) {
    result.outlet_info =
        label_outlet_catchments(directions.view(), result.outlets, labels,
                                options.progress, options.threads);
    label_areas = label_areas_km2(
        labels.view(), static_cast<std::uint32_t>(result.outlets.size()),
        areas);
    detail::outlet_layers(
        result, polygonize(labels.view(), result.referencing, options.progress),
        label_areas);
  }
  return result;
}

} // namespace georiviere
