// Writing layers of points or lines with attributes, such as located
// points and river segments, to an OGR vector dataset.
//
// Implemented in src/io/feature_writer.cpp over GDAL/OGR, with the driver
// choice, checks and temporary directory of write_network.
#pragma once

#include <string>
#include <vector>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/io/vector_writer.hpp"

namespace georiviere {

enum class OutputGeometry { point, line_string };

// A layer to write. Feature i has the values attributes.rows[i] and the
// geometry points[i] in a point layer, or lines[i] in a line layer. A point
// with a NaN coordinate gives a null geometry. attributes.fids are not
// written.
struct OutputLayer {
  std::string name;
  OutputGeometry geometry = OutputGeometry::point;
  std::vector<Point> points;
  std::vector<Polyline> lines;
  AttributeTable attributes;

  std::size_t size() const {
    return geometry == OutputGeometry::point ? points.size() : lines.size();
  }
};

// The main files write_layers() writes for layers named `layer_names` at
// `path`: `path` itself for drivers that store several layers in one
// dataset (GeoPackage, SQLite, GML), else one STEM_NAME.EXT file per layer
// beside it, as write_network does.
std::vector<std::string>
output_layer_paths(const std::string& path,
                   const std::vector<std::string>& layer_names,
                   const WriteOptions& options);

// Runs every check write_layers() makes before writing, with the cases of
// check_output_path() (vector_writer.hpp), so that callers can reject a
// bad output before long work. Throws IoError.
void check_layers_output_path(const std::string& path,
                              const std::vector<std::string>& layer_names,
                              const WriteOptions& options);

// Writes the layers in the CRS `crs_wkt` (empty: no CRS), in a temporary
// directory beside the output, then renames the files into place, so that
// a failure or a cancel through the progress callback leaves no partial
// output. Formats, file names and the overwrite rules are those of
// write_network(). A field whose name repeats an earlier field of the
// layer (case-insensitive), or is "fid", gets the prefix "src_" (and a
// number while still taken).
// NOTE: date_time fields are written as ISO 8601 text fields.
// Returns the main files written. Throws IoError as write_network() does,
// CrsError for invalid WKT, and InvalidInputError for a layer whose
// geometry count differs from its attribute row count.
std::vector<std::string> write_layers(const std::vector<OutputLayer>& layers,
                                      const std::string& crs_wkt,
                                      const std::string& path,
                                      const WriteOptions& options);

} // namespace georiviere
