// The DEM functions of georiviere._georiviere: depression filling and
// breaching, D8 flow directions, flat resolution, flow accumulation, stream
// cells and links, catchment labels and their polygons, and the whole
// DEM-to-network chain.
//
// Every function reads and writes 2-D numpy arrays in place: it wraps the
// caller's buffer in a GridView, so the arrays must be C-contiguous and of
// the exact dtype named. The Python package (georiviere/_raster.py) converts
// other inputs before calling. Results that the library returns as a Grid are
// moved into the numpy array's owner, so they are not copied either. Each
// computation runs with the GIL released.
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/io/raster_io.hpp"
#include "georiviere/raster/breach_depressions.hpp"
#include "georiviere/raster/catchments.hpp"
#include "georiviere/raster/cell_area.hpp"
#include "georiviere/raster/dem_pipeline.hpp"
#include "georiviere/raster/fill_depressions.hpp"
#include "georiviere/raster/flow_accumulation.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/grid.hpp"
#include "georiviere/raster/polygonize.hpp"
#include "georiviere/raster/resolve_flats.hpp"
#include "georiviere/raster/stream_network.hpp"
#include "georiviere/raster/streams.hpp"
#include "georiviere/region/region_profile.hpp"
#include "georiviere/region/stream_thresholds.hpp"

namespace georiviere::python {

namespace {

using namespace pybind11::literals;

using Transform = std::optional<std::array<double, 6>>;

// Points as (x, y) pairs, which pybind11 converts from any sequence of
// pairs.
using PointList = std::vector<std::array<double, 2>>;

std::vector<OutletPoint> outlet_points(const PointList& points) {
  std::vector<OutletPoint> result;
  result.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    result.push_back(
        {static_cast<std::int64_t>(i), Point{points[i][0], points[i][1]}});
  }
  return result;
}

GeoTransform transform_of(const Transform& values) {
  return values ? GeoTransform::from_array(*values) : GeoTransform{};
}

std::string dtype_name(const py::array& array) {
  return py::str(array.dtype());
}

// Raises InvalidInputError unless `array` is 2-D.
void require_2d(const py::array& array, const char* name) {
  if (array.ndim() != 2) {
    throw InvalidInputError(std::string(name) +
                            " must be a two-dimensional array, got " +
                            std::to_string(array.ndim()) + " dimensions");
  }
}

// True when `array` is C-contiguous with cells of type T in native order.
template <typename T> bool holds(const py::array& array) {
  return py::array_t<T, py::array::c_style>::check_(array);
}

template <typename T>
void require_type(const py::array& array, const char* name,
                  const char* type_name) {
  require_2d(array, name);
  if (!holds<T>(array)) {
    throw InvalidInputError(std::string(name) +
                            " must be a C-contiguous array of " + type_name +
                            ", got dtype " + dtype_name(array) +
                            ": convert it with numpy.ascontiguousarray");
  }
}

void require_writeable(const py::array& array, const char* name) {
  if (!array.writeable()) {
    throw InvalidInputError(std::string(name) +
                            " is read-only: pass a writeable array");
  }
}

template <typename T>
std::optional<T> nodata_of(const std::optional<double>& nodata) {
  if (!nodata) {
    return std::nullopt;
  }
  return static_cast<T>(*nodata);
}

// A view of the caller's buffer, without a copy.
template <typename T>
GridView<T> view_of(py::array& array, const std::optional<double>& nodata,
                    const GeoTransform& transform) {
  auto* data = static_cast<T*>(array.mutable_data());
  return GridView<T>(data, static_cast<std::size_t>(array.shape(0)),
                     static_cast<std::size_t>(array.shape(1)),
                     nodata_of<T>(nodata), transform);
}

template <typename T>
GridView<const T> const_view_of(const py::array& array,
                                const std::optional<double>& nodata,
                                const GeoTransform& transform) {
  const auto* data = static_cast<const T*>(array.data());
  return GridView<const T>(data, static_cast<std::size_t>(array.shape(0)),
                           static_cast<std::size_t>(array.shape(1)),
                           nodata_of<T>(nodata), transform);
}

// Calls f(T{}) with T the cell type of a DEM: float or double.
template <typename F>
auto with_dem_type(const py::array& dem, const char* name, F&& f) {
  require_2d(dem, name);
  if (holds<float>(dem)) {
    return f(float{});
  }
  if (holds<double>(dem)) {
    return f(double{});
  }
  throw InvalidInputError(std::string(name) +
                          " must be a C-contiguous float32 or float64 array, "
                          "got dtype " +
                          dtype_name(dem) +
                          ": convert it with numpy.ascontiguousarray");
}

void require_same_shape(const py::array& a, const py::array& b,
                        const char* name_a, const char* name_b) {
  if (a.shape(0) != b.shape(0) || a.shape(1) != b.shape(1)) {
    throw InvalidInputError(
        std::string(name_a) + " has shape (" + std::to_string(a.shape(0)) +
        ", " + std::to_string(a.shape(1)) + ") but " + name_b + " has shape (" +
        std::to_string(b.shape(0)) + ", " + std::to_string(b.shape(1)) +
        "): give grids of the same shape");
  }
}

// Moves `grid` into the owner of a new numpy array.
template <typename T> py::array to_numpy(Grid<T>&& grid) {
  auto owned = std::make_unique<Grid<T>>(std::move(grid));
  const std::vector<py::ssize_t> shape = {
      static_cast<py::ssize_t>(owned->rows()),
      static_cast<py::ssize_t>(owned->cols())};
  T* data = owned->data();
  py::capsule owner(owned.get(), [](void* pointer) {
    delete static_cast<Grid<T>*>(pointer);
  });
  owned.release();
  return py::array_t<T>(shape, data, owner);
}

// Returns the cell sizes in metres of each row: from the CRS when given,
// otherwise the geotransform's cell size taken to be in metres.
RowCellSizes cell_sizes_m(const GeoTransform& transform, std::size_t rows,
                          std::size_t cols, const std::string& crs) {
  if (!crs.empty()) {
    const GridReferencing referencing =
        describe_grid_referencing(crs, transform, rows, cols);
    return referencing.cell_sizes_m(transform, rows);
  }
  RowCellSizes sizes;
  sizes.width_m.assign(rows, transform.cell_width());
  sizes.height_m.assign(rows, transform.cell_height());
  return sizes;
}

std::size_t fill_in_place(py::array dem, const std::optional<double>& nodata,
                          bool epsilon, const py::object& progress) {
  require_writeable(dem, "dem");
  ProgressBridge bridge(progress);
  const FillMode mode = epsilon ? FillMode::epsilon : FillMode::exact;
  std::size_t raised = 0;
  with_dem_type(dem, "dem", [&](auto type) {
    using T = decltype(type);
    GridView<T> view = view_of<T>(dem, nodata, {});
    run_without_gil(bridge, [&] {
      raised = fill_depressions(view, mode, bridge.callback());
    });
  });
  return raised;
}

std::size_t breach_in_place(py::array dem, const std::optional<double>& nodata,
                            const py::object& progress) {
  require_writeable(dem, "dem");
  ProgressBridge bridge(progress);
  std::size_t lowered = 0;
  with_dem_type(dem, "dem", [&](auto type) {
    using T = decltype(type);
    GridView<T> view = view_of<T>(dem, nodata, {});
    run_without_gil(
        bridge, [&] { lowered = breach_depressions(view, bridge.callback()); });
  });
  return lowered;
}

// Computes the internal D8 codes of `dem`. With a CRS, cell sizes come from it,
// so a grid in degrees gets its per-row sizes in metres.
py::array flow_directions(const py::array& dem,
                          const std::optional<double>& nodata,
                          const Transform& geotransform, const std::string& crs,
                          const py::object& progress) {
  const GeoTransform transform = transform_of(geotransform);
  ProgressBridge bridge(progress);
  return with_dem_type(dem, "dem", [&](auto type) {
    using T = decltype(type);
    const GridView<const T> view = const_view_of<T>(dem, nodata, transform);
    Grid<std::uint8_t> directions;
    run_without_gil(bridge, [&] {
      directions =
          Grid<std::uint8_t>(view.rows(), view.cols(), d8_nodata, d8_nodata);
      directions.set_transform(transform);
      if (crs.empty()) {
        d8_flow_directions(view, directions.view(), bridge.callback());
      } else {
        const RowCellSizes sizes =
            cell_sizes_m(transform, view.rows(), view.cols(), crs);
        d8_flow_directions(view, directions.view(), sizes, bridge.callback());
      }
    });
    return to_numpy(std::move(directions));
  });
}

std::size_t resolve_flats_in_place(const py::array& dem, py::array directions,
                                   const std::optional<double>& nodata,
                                   const py::object& progress) {
  require_type<std::uint8_t>(directions, "directions", "uint8");
  require_writeable(directions, "directions");
  ProgressBridge bridge(progress);
  return with_dem_type(dem, "dem", [&](auto type) {
    using T = decltype(type);
    require_same_shape(dem, directions, "dem", "directions");
    const GridView<const T> elevations = const_view_of<T>(dem, nodata, {});
    GridView<std::uint8_t> codes =
        view_of<std::uint8_t>(directions, std::nullopt, {});
    std::size_t assigned = 0;
    run_without_gil(bridge, [&] {
      assigned = resolve_flats(elevations, codes, bridge.callback());
    });
    return assigned;
  });
}

GridView<const std::uint8_t> directions_view(const py::array& directions,
                                             const GeoTransform& transform) {
  require_type<std::uint8_t>(directions, "directions", "uint8");
  return const_view_of<std::uint8_t>(directions, std::nullopt, transform);
}

// Decodes ESRI, TauDEM or GRASS codes (as float64, NaN or `nodata` for
// nodata) to the internal D8 codes.
py::array decode_directions(const py::array& codes, const std::string& encoding,
                            const std::optional<double>& nodata) {
  require_type<double>(codes, "directions", "float64");
  const GridView<const double> view = const_view_of<double>(codes, nodata, {});
  Grid<std::uint8_t> decoded;
  {
    py::gil_scoped_release release;
    if (encoding == "esri") {
      decoded = d8_from_esri(view);
    } else if (encoding == "taudem") {
      decoded = d8_from_taudem(view);
    } else if (encoding == "grass") {
      decoded = d8_from_grass(view);
    } else {
      throw InvalidInputError("unknown flow direction encoding '" + encoding +
                              "': use georiviere, esri, taudem or grass");
    }
  }
  return to_numpy(std::move(decoded));
}

// Encodes internal D8 codes as ESRI or TauDEM (uint8, nodata 255) or
// GRASS (int16, nodata -32768, negative where the flow leaves the grid).
py::array encode_directions(const py::array& directions,
                            const std::string& encoding) {
  const GridView<const std::uint8_t> view = directions_view(directions, {});
  if (encoding == "grass") {
    Grid<std::int16_t> encoded;
    {
      py::gil_scoped_release release;
      encoded = d8_to_grass(view);
    }
    return to_numpy(std::move(encoded));
  }
  Grid<std::uint8_t> encoded;
  {
    py::gil_scoped_release release;
    if (encoding == "esri") {
      encoded = d8_to_esri(view);
    } else if (encoding == "taudem") {
      encoded = d8_to_taudem(view);
    } else {
      throw InvalidInputError("unknown flow direction encoding '" + encoding +
                              "': use georiviere, esri, taudem or grass");
    }
  }
  return to_numpy(std::move(encoded));
}

py::array accumulation_counts(const py::array& directions,
                              const py::object& progress) {
  const GridView<const std::uint8_t> view = directions_view(directions, {});
  ProgressBridge bridge(progress);
  Grid<std::uint64_t> counts;
  run_without_gil(bridge,
                  [&] { counts = flow_accumulation(view, bridge.callback()); });
  return to_numpy(std::move(counts));
}

py::array accumulation_weighted(const py::array& directions,
                                const py::array& weights,
                                const py::object& progress) {
  const GridView<const std::uint8_t> view = directions_view(directions, {});
  require_type<double>(weights, "weights", "float64");
  require_same_shape(directions, weights, "directions", "weights");
  const GridView<const double> weight_view =
      const_view_of<double>(weights, std::nullopt, {});
  ProgressBridge bridge(progress);
  Grid<double> sums;
  run_without_gil(bridge, [&] {
    sums = flow_accumulation(view, weight_view, bridge.callback());
  });
  return to_numpy(std::move(sums));
}

// Returns the cell areas in km^2: per row on a geographic grid, uniform
// otherwise. The CRS gives the unit and the ellipsoid; without one, CRS units
// are metres.
GridCellAreas cell_areas_km2(const GeoTransform& transform, std::size_t rows,
                             std::size_t cols, const std::string& crs) {
  GridCellAreas areas;
  if (crs.empty()) {
    areas.uniform_km2 = projected_cell_area_km2(transform);
    return areas;
  }
  return detail::cell_areas_of(
      describe_grid_referencing(crs, transform, rows, cols), transform, rows);
}

py::array accumulation_area(const py::array& directions,
                            const Transform& geotransform,
                            const std::string& crs,
                            const py::object& progress) {
  const GeoTransform transform = transform_of(geotransform);
  const GridView<const std::uint8_t> view =
      directions_view(directions, transform);
  ProgressBridge bridge(progress);
  Grid<double> area;
  run_without_gil(bridge, [&] {
    const GridCellAreas areas =
        cell_areas_km2(transform, view.rows(), view.cols(), crs);
    if (areas.row_km2.empty()) {
      area = upstream_area_km2(view, areas.uniform_km2, bridge.callback());
    } else {
      area = upstream_area_km2(view, std::span<const double>(areas.row_km2),
                               bridge.callback());
    }
  });
  return to_numpy(std::move(area));
}

py::array stream_mask(const py::array& area, double threshold_km2) {
  require_type<double>(area, "upstream_area_km2", "float64");
  const GridView<const double> view =
      const_view_of<double>(area, std::nullopt, {});
  Grid<std::uint8_t> mask;
  {
    py::gil_scoped_release release;
    mask = stream_cells(view, threshold_km2);
  }
  return to_numpy(std::move(mask));
}

using HandlePtr = std::shared_ptr<NetworkHandle>;

HandlePtr stream_network(const py::array& directions, const py::array& area,
                         const py::array& dem,
                         const std::optional<double>& nodata,
                         double threshold_km2, const Transform& geotransform,
                         const std::string& crs, const py::object& progress) {
  const GeoTransform transform = transform_of(geotransform);
  const GridView<const std::uint8_t> codes =
      directions_view(directions, transform);
  require_type<double>(area, "upstream_area_km2", "float64");
  const GridView<const double> area_view =
      const_view_of<double>(area, std::nullopt, transform);
  ProgressBridge bridge(progress);
  auto handle = std::make_shared<NetworkHandle>();
  with_dem_type(dem, "dem", [&](auto type) {
    using T = decltype(type);
    const GridView<const T> elevations = const_view_of<T>(dem, nodata, {});
    run_without_gil(bridge, [&] {
      const GridReferencing referencing =
          describe_grid_referencing(crs, transform, codes.rows(), codes.cols());
      const StreamLinks links = extract_stream_links(
          codes, area_view, elevations, threshold_km2, bridge.callback());
      handle->network =
          build_stream_network(links, codes, referencing, bridge.callback());
    });
  });
  return handle;
}

// Labels the sub-catchment of each stream link, or with outlet points the
// catchment of each snapped point. Returns the labels and, for outlets, the
// snapped (row, col) of each point or None.
py::tuple catchment_labels(const py::array& directions, const py::array& area,
                           double threshold_km2,
                           const std::optional<PointList>& outlets,
                           double snap_distance_m,
                           const Transform& geotransform,
                           const std::string& crs, const py::object& progress) {
  const GeoTransform transform = transform_of(geotransform);
  const GridView<const std::uint8_t> codes =
      directions_view(directions, transform);
  require_type<double>(area, "upstream_area_km2", "float64");
  require_same_shape(directions, area, "directions", "upstream_area_km2");
  const GridView<const double> area_view =
      const_view_of<double>(area, std::nullopt, transform);
  ProgressBridge bridge(progress);
  Grid<std::uint32_t> labels;
  std::vector<SnappedOutlet> snapped;
  run_without_gil(bridge, [&] {
    if (!outlets) {
      // Labelling reads no elevation, so the area grid is passed in place
      // of the DEM that extract_stream_links reads link end elevations from.
      const StreamLinks links = extract_stream_links(
          codes, area_view, area_view, threshold_km2, bridge.callback());
      label_link_catchments(codes, links, labels, bridge.callback());
      return;
    }
    const std::vector<OutletPoint> points = outlet_points(*outlets);
    snapped =
        snap_outlets(points, area_view, threshold_km2,
                     cell_sizes_m(transform, codes.rows(), codes.cols(), crs),
                     snap_distance_m);
    label_outlet_catchments(codes, snapped, labels, bridge.callback());
  });
  py::list cells;
  for (const SnappedOutlet& outlet : snapped) {
    if (outlet.snapped) {
      cells.append(py::make_tuple(outlet.row, outlet.col));
    } else {
      cells.append(py::none());
    }
  }
  return py::make_tuple(to_numpy(std::move(labels)), cells);
}

// A ring as a float64 (n, 2) array of (x, y) map coordinates.
py::array ring_array(const std::vector<Point>& ring) {
  py::array_t<double> array(std::vector<py::ssize_t>{
      static_cast<py::ssize_t>(ring.size()), py::ssize_t{2}});
  auto cells = array.mutable_unchecked<2>();
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const auto row = static_cast<py::ssize_t>(i);
    cells(row, 0) = ring[i].x;
    cells(row, 1) = ring[i].y;
  }
  return array;
}

// Traces the polygons of each label other than 0 of a uint32 grid. Returns
// {label: parts}, each part a list of rings as ring_array gives them, the
// exterior first.
py::dict label_polygons(const py::array& labels, const Transform& geotransform,
                        const py::object& progress) {
  require_type<std::uint32_t>(labels, "labels", "uint32");
  const GeoTransform transform = transform_of(geotransform);
  const GridView<const std::uint32_t> view =
      const_view_of<std::uint32_t>(labels, std::nullopt, transform);
  ProgressBridge bridge(progress);
  std::vector<LabelPolygons> polygons;
  run_without_gil(bridge, [&] {
    polygons = trace_label_polygons(view, bridge.callback());
  });

  py::dict result;
  for (LabelPolygons& entry : polygons) {
    py::list parts;
    for (const PolygonRings& part : entry.parts) {
      py::list rings;
      for (const std::vector<Point>& ring : part) {
        rings.append(ring_array(ring));
      }
      parts.append(std::move(rings));
    }
    result[py::int_(entry.label)] = std::move(parts);
    // Frees each label's rings once copied, so that the rings never exist
    // twice in full.
    entry.parts = {};
  }
  return result;
}

py::dict summary_dict(const DemSummary& summary) {
  return py::dict("rows"_a = summary.rows, "cols"_a = summary.cols,
                  "valid_cells"_a = summary.valid_cells,
                  "valid_area_km2"_a = summary.valid_area_km2,
                  "conditioned_cells"_a = summary.conditioned_cells,
                  "flat_cells"_a = summary.flat_cells,
                  "stream_cells"_a = summary.stream_cells,
                  "max_upstream_area_km2"_a = summary.max_upstream_area_km2);
}

// The stream thresholds that a region profile applied, for the summary.
py::list threshold_overrides_list(const GridStreamThresholds& thresholds) {
  py::list result;
  for (const GridThresholdOverride& entry : thresholds.overrides) {
    py::dict item("name"_a = entry.name,
                  "threshold_km2"_a = entry.threshold_km2,
                  "kind"_a = entry.from_polygons ? "polygons" : "bbox");
    if (entry.from_polygons) {
      item["polygons"] = entry.polygons;
      item["cells"] = entry.cells;
    }
    result.append(item);
  }
  return result;
}

// Runs the DEM chain on a file. With a region profile and no explicit
// threshold, the profile's [streams] table sets the thresholds, and its
// epsg is the CRS of a DEM that has none when `crs` is empty.
py::tuple dem_network(const std::string& path,
                      std::optional<double> threshold_km2, bool breach,
                      const std::string& crs, const PointList& outlets,
                      double snap_distance_m, const py::object& progress,
                      const std::optional<RegionProfile>& region, int threads) {
  ProgressBridge bridge(progress);
  auto handle = std::make_shared<NetworkHandle>();
  DemSummary summary;
  const bool from_profile = region.has_value() && !threshold_km2;
  // Owns the cells of polygon overrides until the run ends.
  GridStreamThresholds thresholds;
  double default_threshold_km2 = threshold_km2.value_or(1.0);
  run_without_gil(bridge, [&] {
    // NOTE: the DEM is read as float32 whatever its type, as the CLI does,
    // so a Float64 DEM keeps about 7 significant digits.
    // The chain checks the thread count below, with its own message.
    Grid<float> dem = read_raster<float>(
        path, 1, std::clamp(threads, 1, detail::max_thread_count));
    std::string dem_crs = crs;
    if (dem.crs_wkt().empty() && dem_crs.empty() && region &&
        region->epsg != 0) {
      dem_crs = "EPSG:" + std::to_string(region->epsg);
    }
    if (dem.crs_wkt().empty() && dem_crs.empty()) {
      throw CrsError("the DEM " + path +
                     " has no CRS: pass one with crs=, such as "
                     "crs=\"EPSG:2154\"");
    }
    DemPipelineOptions<float> options;
    if (from_profile) {
      thresholds = stream_thresholds_on_grid(
          *region, dem_crs.empty() ? dem.crs_wkt() : dem_crs, dem.transform(),
          dem.rows(), dem.cols());
      default_threshold_km2 = thresholds.threshold.default_km2;
      options.threshold_boxes = thresholds.threshold.boxes;
    }
    options.threshold_km2 = default_threshold_km2;
    options.depressions =
        breach ? DepressionMethod::breach : DepressionMethod::fill;
    options.crs = dem_crs;
    options.snap_distance_m = snap_distance_m;
    options.progress = bridge.callback();
    options.outlets = outlet_points(outlets);
    options.threads = threads;
    DemNetworkResult result = derive_river_network(std::move(dem), options);
    handle->network = std::move(result.network);
    summary = result.summary;
  });
  py::dict summary_values = summary_dict(summary);
  summary_values["threshold_km2"] = default_threshold_km2;
  if (region) {
    summary_values["region"] = region->name;
    summary_values["threshold_overrides"] =
        threshold_overrides_list(thresholds);
  }
  return py::make_tuple(handle, summary_values);
}

} // namespace

void bind_raster(py::module_& module) {
  module.def("fill_in_place", &fill_in_place, "dem"_a, "nodata"_a, "epsilon"_a,
             "progress"_a);
  module.def("breach_in_place", &breach_in_place, "dem"_a, "nodata"_a,
             "progress"_a);
  module.def("flow_directions", &flow_directions, "dem"_a, "nodata"_a,
             "geotransform"_a, "crs"_a, "progress"_a);
  module.def("resolve_flats_in_place", &resolve_flats_in_place, "dem"_a,
             "directions"_a, "nodata"_a, "progress"_a);
  module.def("decode_directions", &decode_directions, "codes"_a, "encoding"_a,
             "nodata"_a);
  module.def("encode_directions", &encode_directions, "directions"_a,
             "encoding"_a);
  module.def("accumulation_counts", &accumulation_counts, "directions"_a,
             "progress"_a);
  module.def("accumulation_weighted", &accumulation_weighted, "directions"_a,
             "weights"_a, "progress"_a);
  module.def("accumulation_area", &accumulation_area, "directions"_a,
             "geotransform"_a, "crs"_a, "progress"_a);
  module.def("stream_mask", &stream_mask, "upstream_area_km2"_a,
             "threshold_km2"_a);
  module.def("stream_network", &stream_network, "directions"_a,
             "upstream_area_km2"_a, "dem"_a, "nodata"_a, "threshold_km2"_a,
             "geotransform"_a, "crs"_a, "progress"_a);
  module.def("catchment_labels", &catchment_labels, "directions"_a,
             "upstream_area_km2"_a, "threshold_km2"_a, "outlets"_a,
             "snap_distance_m"_a, "geotransform"_a, "crs"_a, "progress"_a);
  module.attr("max_thread_count") = detail::max_thread_count;
  module.def("label_polygons", &label_polygons, "labels"_a, "geotransform"_a,
             "progress"_a);
  module.def("dem_network", &dem_network, "path"_a, "threshold_km2"_a,
             "breach"_a, "crs"_a, "outlets"_a, "snap_distance_m"_a,
             "progress"_a, "region"_a = std::nullopt, "threads"_a = 1);
}

} // namespace georiviere::python
