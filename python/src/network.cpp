// The Network class of georiviere._georiviere: building, column arrays,
// geometry views, queries and writing.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "georiviere/graph/queries.hpp"
#include "georiviere/io/vector_reader.hpp"
#include "georiviere/io/vector_writer.hpp"
#include "georiviere/io/wkt.hpp"
#include "georiviere/network_builder.hpp"
#include "georiviere/region/build_region_network.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere::python {

namespace {

using namespace pybind11::literals;

using HandlePtr = std::shared_ptr<NetworkHandle>;

// Geometry arrays view the vertices in place, as (n, 2) arrays of doubles.
static_assert(std::is_standard_layout_v<Point>);
static_assert(sizeof(Point) == 2 * sizeof(double));

// Options of build_network() shared by the file and WKT entry points.
struct BuildOptions {
  double snap_tolerance_m = 0.0;
  bool split_crossings = false;
  std::optional<double> gap_tolerance_m;
  std::string name_field;
};

NetworkOptions network_options(const BuildOptions &options,
                               ProgressBridge &bridge) {
  NetworkOptions result;
  result.snap_tolerance_m = options.snap_tolerance_m;
  result.split_crossings = options.split_crossings;
  result.gap_tolerance_m = options.gap_tolerance_m.value_or(-1.0);
  result.name_field = options.name_field;
  result.progress = bridge.callback();
  return result;
}

// Decodes UTF-8 text, replacing invalid bytes, so that a badly encoded
// attribute value cannot make a whole column fail.
py::str decode_utf8(const std::string &text) {
  PyObject *decoded = PyUnicode_DecodeUTF8(
      text.data(), static_cast<py::ssize_t>(text.size()), "replace");
  if (decoded == nullptr) {
    throw py::error_already_set();
  }
  return py::reinterpret_steal<py::str>(decoded);
}

void set_read_only(py::array &array) {
  array.attr("setflags")("write"_a = false);
}

// A read-only numpy column filled straight from the rows.
template <typename T, typename Row, typename Get>
py::array make_column(const std::vector<Row> &rows, Get get) {
  py::array_t<T> column(static_cast<py::ssize_t>(rows.size()));
  T *data = column.mutable_data();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    data[i] = static_cast<T>(get(rows[i]));
  }
  py::array result = std::move(column);
  set_read_only(result);
  return result;
}

// A read-only numpy column of Python str objects (dtype object).
template <typename Row, typename Get>
py::array make_string_column(const std::vector<Row> &rows, Get get) {
  py::array column(
      py::dtype("object"),
      std::vector<py::ssize_t>{static_cast<py::ssize_t>(rows.size())});
  auto *data = static_cast<PyObject **>(column.mutable_data());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    py::str text = decode_utf8(std::string(get(rows[i])));
    // numpy may have filled the new array with None or left NULL slots.
    Py_XDECREF(data[i]);
    data[i] = text.release().ptr();
  }
  set_read_only(column);
  return column;
}

py::list make_id_list(const std::vector<std::int64_t> &ids) {
  py::list list(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    list[i] = py::int_(ids[i]);
  }
  return list;
}

// A column of the reach or node table: its name and the function that
// builds it from the rows. Listing both in one table keeps the names and
// the builders in step, in the documented column order.
template <typename Row> struct ColumnBuilder {
  const char *name;
  std::function<py::object(const std::vector<Row> &)> build;
};

using R = const Reach &;

const std::vector<ColumnBuilder<Reach>> reach_columns = {
    // Identifiers.
    {"reach_id",
     [](auto &rows) {
       return make_column<std::int64_t>(rows, [](R r) { return r.id; });
     }},
    {"from_node",
     [](auto &rows) {
       return make_column<std::int64_t>(rows, [](R r) { return r.from_node; });
     }},
    {"to_node",
     [](auto &rows) {
       return make_column<std::int64_t>(rows, [](R r) { return r.to_node; });
     }},

    // Metrics.
    {"length_m",
     [](auto &rows) {
       return make_column<double>(rows, [](R r) { return r.length_m; });
     }},
    {"strahler",
     [](auto &rows) {
       return make_column<std::int32_t>(rows, [](R r) { return r.strahler; });
     }},
    {"shreve",
     [](auto &rows) {
       return make_column<std::int64_t>(rows, [](R r) { return r.shreve; });
     }},
    {"hack",
     [](auto &rows) {
       return make_column<std::int32_t>(rows, [](R r) { return r.hack; });
     }},
    {"upstream_length_m",
     [](auto &rows) {
       return make_column<double>(rows,
                                  [](R r) { return r.upstream_length_m; });
     }},
    {"distance_to_outlet_m",
     [](auto &rows) {
       return make_column<double>(rows,
                                  [](R r) { return r.distance_to_outlet_m; });
     }},
    {"max_upstream_distance_m",
     [](auto &rows) {
       return make_column<double>(
           rows, [](R r) { return r.max_upstream_distance_m; });
     }},
    {"main_stem_id",
     [](auto &rows) {
       return make_column<std::int64_t>(rows,
                                        [](R r) { return r.main_stem_id; });
     }},
    {"basin_id",
     [](auto &rows) {
       return make_column<std::int64_t>(rows, [](R r) { return r.basin_id; });
     }},

    // Flags.
    {"is_minor_branch",
     [](auto &rows) {
       return make_column<bool>(rows, [](R r) { return r.is_minor_branch; });
     }},
    {"in_cycle",
     [](auto &rows) {
       return make_column<bool>(rows, [](R r) { return r.in_cycle; });
     }},
    {"is_virtual",
     [](auto &rows) {
       return make_column<bool>(rows, [](R r) { return r.is_virtual; });
     }},

    // Python objects.
    {"name",
     [](auto &rows) {
       return make_string_column(rows, [](R r) { return r.name; });
     }},
    {"source_fids",
     [](auto &rows) -> py::object {
       py::list lists(rows.size());
       for (std::size_t i = 0; i < rows.size(); ++i) {
         lists[i] = make_id_list(rows[i].source_fids);
       }
       return lists;
     }},
    {"geometry",
     [](auto &rows) -> py::object {
       py::list wkts(rows.size());
       for (std::size_t i = 0; i < rows.size(); ++i) {
         wkts[i] = py::str(to_wkt(rows[i].geometry));
       }
       return wkts;
     }},
};

using N = const Node &;

const std::vector<ColumnBuilder<Node>> node_columns = {
    {"node_id",
     [](auto &rows) {
       return make_column<std::int64_t>(rows, [](N n) { return n.id; });
     }},
    {"kind",
     [](auto &rows) {
       return make_string_column(rows, [](N n) { return to_string(n.kind); });
     }},
    {"in_degree",
     [](auto &rows) {
       return make_column<std::int32_t>(rows, [](N n) { return n.in_degree; });
     }},
    {"out_degree",
     [](auto &rows) {
       return make_column<std::int32_t>(rows, [](N n) { return n.out_degree; });
     }},
    {"outlet",
     [](auto &rows) {
       return make_string_column(rows, [](N n) -> std::string_view {
         if (n.known_outlet) {
           return "known";
         }
         return n.out_degree == 0 ? "sink" : "";
       });
     }},
    {"x",
     [](auto &rows) {
       return make_column<double>(rows, [](N n) { return n.position.x; });
     }},
    {"y",
     [](auto &rows) {
       return make_column<double>(rows, [](N n) { return n.position.y; });
     }},
};

template <typename Row>
std::vector<std::string>
column_names(const std::vector<ColumnBuilder<Row>> &columns) {
  std::vector<std::string> names;
  for (const ColumnBuilder<Row> &column : columns) {
    names.emplace_back(column.name);
  }
  return names;
}

// Builds the named column; raises KeyError for an unknown name.
template <typename Row>
py::object build_column(const std::vector<ColumnBuilder<Row>> &columns,
                        const std::vector<Row> &rows, const std::string &name,
                        const char *table) {
  for (const ColumnBuilder<Row> &column : columns) {
    if (name == column.name) {
      return column.build(rows);
    }
  }
  throw py::key_error("no " + std::string(table) + " column named '" + name +
                      "'");
}

// The value of source field `column` for a reach: the value of its source
// rows when they all agree, else null. The vector writer uses the same rule.
FieldValue reach_field_value(const AttributeTable &table, const Reach &reach,
                             std::size_t column) {
  const FieldValue *first = nullptr;
  for (const std::uint32_t row : reach.source_rows) {
    if (row >= table.rows.size() || column >= table.rows[row].size()) {
      return {};
    }
    const FieldValue &value = table.rows[row][column];
    if (first == nullptr) {
      first = &value;
    } else if (value != *first) {
      return {};
    }
  }
  return first != nullptr ? *first : FieldValue{};
}

// A read-only column of one source field, `value(i)` giving row i. Integer
// fields give int64, or float64 with NaN for nulls when there are nulls.
// Real fields give float64 with NaN for nulls. String and date fields give
// an object array of str, with None for nulls.
template <typename Value>
py::array make_field_column(FieldType type, std::size_t count, Value value) {
  const auto size = static_cast<py::ssize_t>(count);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  bool has_null = false;
  for (std::size_t i = 0; i < count && !has_null; ++i) {
    has_null = std::holds_alternative<std::monostate>(value(i));
  }

  py::array column;
  if (type == FieldType::integer && !has_null) {
    py::array_t<std::int64_t> integers(size);
    std::int64_t *data = integers.mutable_data();
    for (std::size_t i = 0; i < count; ++i) {
      data[i] = std::get<std::int64_t>(value(i));
    }
    column = std::move(integers);
  } else if (type == FieldType::integer || type == FieldType::real) {
    py::array_t<double> reals(size);
    double *data = reals.mutable_data();
    for (std::size_t i = 0; i < count; ++i) {
      const FieldValue v = value(i);
      if (const auto *integer = std::get_if<std::int64_t>(&v)) {
        data[i] = static_cast<double>(*integer);
      } else if (const auto *real = std::get_if<double>(&v)) {
        data[i] = *real;
      } else {
        data[i] = nan;
      }
    }
    column = std::move(reals);
  } else {
    column = py::array(py::dtype("object"), std::vector<py::ssize_t>{size});
    auto *data = static_cast<PyObject **>(column.mutable_data());
    for (std::size_t i = 0; i < count; ++i) {
      const FieldValue v = value(i);
      py::object item = py::none();
      if (const auto *text = std::get_if<std::string>(&v)) {
        item = decode_utf8(*text);
      } else if (const auto *integer = std::get_if<std::int64_t>(&v)) {
        item = py::str(std::to_string(*integer));
      } else if (const auto *real = std::get_if<double>(&v)) {
        item = py::str(py::float_(*real));
      }
      Py_XDECREF(data[i]);
      data[i] = item.release().ptr();
    }
  }
  set_read_only(column);
  return column;
}

std::size_t checked_field(const AttributeTable &table,
                          const std::string &name) {
  const int index = table.field_index(name);
  if (index < 0) {
    throw py::key_error("no source field named '" + name + "'");
  }
  return static_cast<std::size_t>(index);
}

py::list field_names(const NetworkHandle &handle) {
  py::list names;
  for (const FieldDefinition &field : handle.network.attributes.fields) {
    names.append(decode_utf8(field.name));
  }
  return names;
}

py::array reach_field_column(const NetworkHandle &handle,
                             const std::string &name) {
  const AttributeTable &table = handle.network.attributes;
  const std::size_t column = checked_field(table, name);
  const std::vector<Reach> &reaches = handle.network.reaches;
  return make_field_column(
      table.fields[column].type, reaches.size(), [&](std::size_t i) {
        return reach_field_value(table, reaches[i], column);
      });
}

// One column of the source attribute table, "fid" for the feature ids.
py::array source_field_column(const NetworkHandle &handle,
                              const std::string &name) {
  const AttributeTable &table = handle.network.attributes;
  if (name == "fid") {
    py::array_t<std::int64_t> fids(static_cast<py::ssize_t>(table.size()));
    std::int64_t *data = fids.mutable_data();
    for (std::size_t i = 0; i < table.size(); ++i) {
      data[i] = i < table.fids.size() ? table.fids[i] : no_id;
    }
    py::array result = std::move(fids);
    set_read_only(result);
    return result;
  }
  const std::size_t column = checked_field(table, name);
  return make_field_column(
      table.fields[column].type, table.size(), [&](std::size_t i) {
        const std::vector<FieldValue> &row = table.rows[i];
        return column < row.size() ? row[column] : FieldValue{};
      });
}

// A read-only array over `count` doubles at `data`, spaced `stride` bytes
// apart, that keeps `owner` alive.
py::array view_doubles(const double *data, std::vector<py::ssize_t> shape,
                       std::vector<py::ssize_t> strides,
                       const py::object &owner) {
  py::array view(py::dtype::of<double>(), std::move(shape), std::move(strides),
                 data, owner);
  set_read_only(view);
  return view;
}

py::array view_vector(const std::vector<double> &values,
                      const py::object &owner) {
  return view_doubles(values.data(), {static_cast<py::ssize_t>(values.size())},
                      {static_cast<py::ssize_t>(sizeof(double))}, owner);
}

const Reach &checked_reach(const NetworkHandle &handle, ReachId id) {
  const std::size_t count = handle.network.reaches.size();
  if (id < 0 || static_cast<std::size_t>(id) >= count) {
    throw py::index_error("reach id " + std::to_string(id) +
                          " is out of range: the network has " +
                          std::to_string(count) + " reaches, ids 0 to " +
                          std::to_string(static_cast<std::int64_t>(count) - 1));
  }
  return handle.network.reaches[static_cast<std::size_t>(id)];
}

// (xy, z, m) views of a reach's vertices; z and m are None when the source
// lines have no such values.
py::tuple reach_geometry(const py::object &self, ReachId id) {
  const NetworkHandle &handle = self.cast<const NetworkHandle &>();
  const Polyline &line = checked_reach(handle, id).geometry;
  const auto count = static_cast<py::ssize_t>(line.points.size());
  py::array xy = view_doubles(
      line.points.empty() ? nullptr : &line.points.front().x, {count, 2},
      {static_cast<py::ssize_t>(sizeof(Point)),
       static_cast<py::ssize_t>(sizeof(double))},
      self);
  py::object z = line.has_z() ? py::object(view_vector(line.z, self))
                              : py::object(py::none());
  py::object m = line.has_m() ? py::object(view_vector(line.m, self))
                              : py::object(py::none());
  return py::make_tuple(xy, z, m);
}

py::array id_array(const std::vector<ReachId> &ids) {
  py::array_t<std::int64_t> array(static_cast<py::ssize_t>(ids.size()));
  std::copy(ids.begin(), ids.end(), array.mutable_data());
  return array;
}

// (kind, message, wkt, reach_ids, source_fids) for each problem.
py::list problem_tuples(const NetworkHandle &handle) {
  const std::vector<Problem> &problems = handle.network.problems;
  py::list result(problems.size());
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const Problem &problem = problems[i];
    result[i] = py::make_tuple(
        py::str(std::string(to_string(problem.kind))),
        decode_utf8(problem.message), py::str(problem_wkt(problem)),
        make_id_list(problem.reach_ids), make_id_list(problem.source_fids));
  }
  return result;
}

HandlePtr build_from_file(const std::string &path, const std::string &layer,
                          const std::string &where, const std::string &crs,
                          const BuildOptions &options,
                          const py::object &progress) {
  ProgressBridge bridge(progress);
  auto handle = std::make_shared<NetworkHandle>();
  run_without_gil(bridge, [&] {
    ReadOptions read;
    read.path = path;
    read.layer = layer;
    read.where = where;
    read.crs = crs;
    read.progress = bridge.callback();
    LineSet lines = read_lines(read);
    handle->network =
        build_network(std::move(lines), network_options(options, bridge));
  });
  return handle;
}

HandlePtr build_from_wkt(const std::vector<std::string> &wkts,
                         const std::string &crs_wkt,
                         const BuildOptions &options,
                         const py::object &progress) {
  ProgressBridge bridge(progress);
  auto handle = std::make_shared<NetworkHandle>();
  run_without_gil(bridge, [&] {
    LineSet lines = line_set_from_wkt(wkts);
    lines.crs_wkt = crs_wkt;
    lines.source = "WKT lines";
    handle->network =
        build_network(std::move(lines), network_options(options, bridge));
  });
  return handle;
}

// Converts a RegionReport to the dict of Network.region_report.
py::dict region_report_dict(const RegionReport &report) {
  py::dict dropped;
  for (const auto &[value, count] : report.classes.dropped_by_value) {
    dropped[decode_utf8(value)] = count;
  }
  const DirectionResult &direction = report.direction;
  return py::dict(
      "profile"_a = decode_utf8(report.profile_name),
      "lines_read"_a = report.lines_read,
      "lines_kept"_a = report.classes.kept,
      "lines_artificial"_a = report.classes.artificial,
      "lines_dropped"_a = report.classes.dropped,
      "dropped_by_value"_a = dropped,
      "artificial_fids"_a = make_id_list(report.classes.artificial_fids),
      "lines_reversed"_a = direction.reversed + report.reversed_from_outlets,
      "reversed_by_field"_a = direction.reversed_by_field,
      "reversed_by_z_fields"_a = direction.reversed_by_z_fields,
      "reversed_by_geometry_z"_a = direction.reversed_by_geometry_z,
      "reversed_by_dem"_a = direction.reversed_by_dem,
      "decided_by_dem"_a = direction.decided_by_dem,
      "reversed_from_outlets"_a = report.reversed_from_outlets,
      "oriented_from_outlets"_a = report.oriented_from_outlets,
      "lines_both_ways"_a = direction.both,
      "unknown_direction"_a = report.unknown_direction,
      "lines_above"_a = report.lines_above,
      "lines_below"_a = report.lines_below,
      "topology_mode"_a = std::string(to_string(report.topology_mode)),
      "snap_tolerance_m"_a = report.snap_tolerance_m,
      "gap_tolerance_m"_a =
          report.gap_tolerance_m < 0.0
              ? py::object(py::none())
              : py::object(py::float_(report.gap_tolerance_m)),
      "split_crossings"_a = report.split_crossings,
      "name_field"_a = decode_utf8(report.name_field),
      "topology_mismatches"_a = report.topology_mismatches,
      "minor_branches_from_field"_a = report.minor_branches_from_field,
      "outlet_method"_a = std::string(to_string(report.outlet_method)),
      "outlet_features"_a = report.outlet_features,
      "known_outlets"_a = report.known_outlets,
      "unexpected_sinks"_a = report.unexpected_sinks,
      "karst_links_added"_a = report.karst_links_added,
      "karst_links_skipped"_a = report.karst_links_skipped);
}

// Builds with a region profile. Each optional value that is set replaces
// the profile's.
py::tuple build_region_from_file(
    const std::string &path, const RegionProfile &profile,
    const std::optional<std::string> &layer,
    const std::optional<std::string> &where,
    const std::optional<std::string> &crs,
    const std::optional<double> &snap_tolerance_m,
    const std::optional<double> &gap_tolerance_m,
    const std::optional<bool> &split_crossings,
    const std::optional<std::string> &name_field, const py::object &progress) {
  ProgressBridge bridge(progress);
  auto handle = std::make_shared<NetworkHandle>();
  RegionReport report;
  run_without_gil(bridge, [&] {
    RegionInputOptions options;
    options.path = path;
    options.layer = layer;
    options.where = where;
    options.crs = crs;
    options.overrides.snap_tolerance_m = snap_tolerance_m;
    options.overrides.gap_tolerance_m = gap_tolerance_m;
    options.overrides.split_crossings = split_crossings;
    options.overrides.name_field = name_field;
    options.progress = bridge.callback();
    RegionNetwork built = build_region_network(profile, options);
    handle->network = std::move(built.network);
    report = std::move(built.report);
  });
  return py::make_tuple(handle, region_report_dict(report));
}

void bind_region(py::module_ &module) {
  py::class_<RegionProfile>(module, "RegionProfile",
                            "A resolved region profile (private; use "
                            "georiviere.RegionProfile).")
      .def_static("load", &load_region_profile, "path"_a,
                  py::call_guard<py::gil_scoped_release>())
      .def_static("parse", &parse_region_profile, "text"_a, "source_name"_a)
      .def_static(
          "preset",
          [](const std::string &name) { return region_preset(name); },
          "name"_a)
      .def_static("preset_names", &region_preset_names)
      .def("to_toml", [](const RegionProfile &p) { return to_toml(p); })
      .def_readonly("name", &RegionProfile::name)
      .def_readonly("description", &RegionProfile::description)
      .def("__eq__", [](const RegionProfile &a, const RegionProfile &b) {
        return a == b;
      });

  py::class_<RegionCatalogue>(module, "RegionCatalogue",
                              "Regions of a catalogue file (private; use "
                              "georiviere.RegionCatalogue).")
      .def_static("load", &load_region_catalogue, "path"_a,
                  py::call_guard<py::gil_scoped_release>())
      .def("names", &RegionCatalogue::names)
      .def(
          "resolve",
          [](const RegionCatalogue &c, const std::string &name) {
            return c.resolve(name);
          },
          "name"_a)
      .def_property_readonly("source", &RegionCatalogue::source)
      .def("__len__", &RegionCatalogue::size);

  module.def("is_region_catalogue", &is_region_catalogue, "path"_a);
  module.def("build_region_from_file", &build_region_from_file, "path"_a,
             "profile"_a, "layer"_a, "where"_a, "crs"_a, "snap_tolerance_m"_a,
             "gap_tolerance_m"_a, "split_crossings"_a, "name_field"_a,
             "progress"_a);
}

std::vector<std::string> write_to_file(const NetworkHandle &handle,
                                       const std::string &path, bool overwrite,
                                       const std::string &format,
                                       const py::object &progress) {
  ProgressBridge bridge(progress);
  std::vector<std::string> written;
  run_without_gil(bridge, [&] {
    WriteOptions options;
    options.overwrite = overwrite;
    options.format = format;
    options.progress = bridge.callback();
    written = write_network(handle.network, path, options);
  });
  return written;
}

py::object locate(NetworkHandle &handle, double x, double y,
                  double max_distance_m) {
  std::optional<NetworkLocation> location;
  {
    py::gil_scoped_release release;
    location = locate_point(handle.reach_index(), Point{x, y}, max_distance_m);
  }
  if (!location) {
    return py::none();
  }
  return py::dict("reach_id"_a = location->reach,
                  "measure_m"_a = location->measure_m,
                  "offset_m"_a = location->offset_m, "x"_a = location->point.x,
                  "y"_a = location->point.y);
}

using CoordinateArray =
    py::array_t<double, py::array::c_style | py::array::forcecast>;

// Locates every point (xs[i], ys[i]). Returns columns reach_id (-1 where no
// reach is within max_distance_m or the point has a NaN or infinite
// coordinate), measure_m, offset_m, x and y (NaN there).
py::dict locate_many(NetworkHandle &handle, const CoordinateArray &xs,
                     const CoordinateArray &ys, double max_distance_m) {
  if (xs.ndim() != 1 || ys.ndim() != 1 || xs.size() != ys.size()) {
    throw py::value_error("xs and ys must be one-dimensional arrays of the "
                          "same length, got shapes of " +
                          std::to_string(xs.ndim()) + " and " +
                          std::to_string(ys.ndim()) + " dimensions and " +
                          std::to_string(xs.size()) + " and " +
                          std::to_string(ys.size()) + " values");
  }
  if (std::isnan(max_distance_m) || max_distance_m < 0.0) {
    throw InvalidInputError("invalid max_distance " +
                            std::to_string(max_distance_m) +
                            ": use a distance in metres, 0 or more");
  }
  const py::ssize_t count = xs.size();
  py::array_t<std::int64_t> reach_id(count);
  py::array_t<double> measure(count);
  py::array_t<double> offset(count);
  py::array_t<double> x(count);
  py::array_t<double> y(count);
  const double *x_in = xs.data();
  const double *y_in = ys.data();
  std::int64_t *reach_out = reach_id.mutable_data();
  double *measure_out = measure.mutable_data();
  double *offset_out = offset.mutable_data();
  double *x_out = x.mutable_data();
  double *y_out = y.mutable_data();
  {
    py::gil_scoped_release release;
    const ReachIndex &index = handle.reach_index();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    for (py::ssize_t i = 0; i < count; ++i) {
      const Point point{x_in[i], y_in[i]};
      std::optional<NetworkLocation> location;
      if (std::isfinite(point.x) && std::isfinite(point.y)) {
        location = locate_point(index, point, max_distance_m);
      }
      reach_out[i] = location ? location->reach : no_id;
      measure_out[i] = location ? location->measure_m : nan;
      offset_out[i] = location ? location->offset_m : nan;
      x_out[i] = location ? location->point.x : nan;
      y_out[i] = location ? location->point.y : nan;
    }
  }
  return py::dict("reach_id"_a = reach_id, "measure_m"_a = measure,
                  "offset_m"_a = offset, "x"_a = x, "y"_a = y);
}

} // namespace

void bind_network(py::module_ &module) {
  py::class_<NetworkHandle, HandlePtr>(module, "Network",
                                       "A built river network (private; "
                                       "use georiviere.Network).")
      .def_property_readonly(
          "reach_count",
          [](const NetworkHandle &h) { return h.network.reaches.size(); })
      .def_property_readonly(
          "node_count",
          [](const NetworkHandle &h) { return h.network.nodes.size(); })
      .def_property_readonly(
          "problem_count",
          [](const NetworkHandle &h) { return h.network.problems.size(); })
      .def_property_readonly(
          "crs_wkt", [](const NetworkHandle &h) { return h.network.crs_wkt; })
      .def_static("reach_column_names",
                  [] { return column_names(reach_columns); })
      .def_static("node_column_names",
                  [] { return column_names(node_columns); })
      .def(
          "reach_column",
          [](const NetworkHandle &h, const std::string &name) {
            return build_column(reach_columns, h.network.reaches, name,
                                "reach");
          },
          "name"_a)
      .def(
          "node_column",
          [](const NetworkHandle &h, const std::string &name) {
            return build_column(node_columns, h.network.nodes, name, "node");
          },
          "name"_a)
      .def("reach_geometry", &reach_geometry, "reach_id"_a)
      .def("field_names", &field_names)
      .def("reach_field_column", &reach_field_column, "name"_a)
      .def("source_field_column", &source_field_column, "name"_a)
      .def_property_readonly(
          "source_feature_count",
          [](const NetworkHandle &h) { return h.network.attributes.size(); })
      .def("problems", &problem_tuples)
      .def(
          "upstream",
          [](const NetworkHandle &h, ReachId id) {
            checked_reach(h, id);
            return id_array(upstream_reaches(h.network, id));
          },
          "reach_id"_a)
      .def(
          "downstream",
          [](const NetworkHandle &h, ReachId id) {
            checked_reach(h, id);
            return id_array(downstream_reaches(h.network, id));
          },
          "reach_id"_a)
      .def(
          "path",
          [](const NetworkHandle &h, ReachId from, ReachId to) {
            checked_reach(h, from);
            checked_reach(h, to);
            return id_array(path_between(h.network, from, to));
          },
          "from_reach"_a, "to_reach"_a)
      .def("locate", &locate, "x"_a, "y"_a, "max_distance_m"_a)
      .def("locate_many", &locate_many, "xs"_a, "ys"_a, "max_distance_m"_a)
      .def("write", &write_to_file, "path"_a, "overwrite"_a, "format"_a,
           "progress"_a);

  py::class_<BuildOptions>(module, "BuildOptions",
                           "Options of build_network (private).")
      .def(py::init<>())
      .def_readwrite("snap_tolerance_m", &BuildOptions::snap_tolerance_m)
      .def_readwrite("split_crossings", &BuildOptions::split_crossings)
      .def_readwrite("gap_tolerance_m", &BuildOptions::gap_tolerance_m)
      .def_readwrite("name_field", &BuildOptions::name_field);

  module.def("build_from_file", &build_from_file, "path"_a, "layer"_a,
             "where"_a, "crs"_a, "options"_a, "progress"_a);
  module.def("build_from_wkt", &build_from_wkt, "wkts"_a, "crs_wkt"_a,
             "options"_a, "progress"_a);
  bind_region(module);
}

} // namespace georiviere::python
