// Private helpers of the vector writers (write_network, write_layers) and
// the text outputs. They choose the GDAL driver and file names of an output,
// check them before writing, and manage the temporary directory the files
// are written in before they are moved into place.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "georiviere/io/vector_writer.hpp"

class GDALDataset;
class GDALDriver;
class OGRSpatialReference;

namespace georiviere::detail {

class GdalErrorCapture;

enum class LayerKind { reaches, nodes, problems };

const char* layer_name(LayerKind kind);

struct OutputFile {
  std::filesystem::path final_path;
  // Files the driver writes beside final_path, such as the .dbf of a
  // Shapefile or the .xsd schema of a GML file.
  std::vector<std::filesystem::path> side_paths;
  std::vector<LayerKind> layers;
};

struct OutputPlan {
  // The path given for the output, which may differ from every final_path
  // (STEM_reaches.shp for -o STEM.shp). Empty for text outputs.
  std::filesystem::path requested;
  std::string driver_name;
  GDALDriver* driver = nullptr;
  std::vector<std::string> layer_options; // NAME=VALUE for CreateLayer
  std::filesystem::path directory;        // "." for a bare file name
  std::vector<OutputFile> files;
};

// Chooses the driver and the file names. Throws IoError for an unknown
// format, an extension no suitable driver writes, or a path without a file
// name.
OutputPlan plan_outputs(const std::string& path, const WriteOptions& options);

// Throws IoError unless the directory exists and is writable and every final
// file name, side files included, may be written: not an existing directory,
// device, FIFO or socket, not one of options.inputs, and not an existing
// file unless options.overwrite.
void check_outputs(const OutputPlan& plan, const WriteOptions& options);

// True when a and b name the same file, or would once created.
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

// A hidden directory beside the outputs, ".STEM.tmp-PID-N", removed with
// everything in it when the object is destroyed. Files are written there
// under their final names, so that references between files (a GML file
// names its .xsd schema) stay right, then moved out by rename, which is
// atomic within one file system.
class TemporaryDirectory {
public:
  // Creates the directory. Throws IoError naming the output directory when
  // it cannot be created.
  explicit TemporaryDirectory(const OutputPlan& plan);
  ~TemporaryDirectory();
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

// Removes side files of an older output that the new one might not replace,
// such as a .prj when the new network has no CRS, because readers would
// pair them with the new file. Inputs are never removed.
void remove_stale_side_files(const OutputPlan& plan,
                             const WriteOptions& options);

// Moves every file written in `temporary` to the output directory, after
// checking each target name as check_outputs does, so that a side file the
// plan did not foresee cannot replace a file either. When a move fails, the
// files already moved are removed again and IoError is thrown.
void move_outputs(const OutputPlan& plan,
                  const std::filesystem::path& temporary,
                  const WriteOptions& options);

// Removes stale side files when options.overwrite is set, then moves the
// written files into place (remove_stale_side_files, move_outputs).
void commit_outputs(const OutputPlan& plan,
                    const std::filesystem::path& temporary,
                    const WriteOptions& options);

// The final paths of the plan's files, in plan order.
std::vector<std::string> final_paths(const OutputPlan& plan);

// Creates the file of `final_path` in `temporary` with the plan's driver,
// calls `write` on it and closes it, which flushes it. Throws IoError naming
// `final_path` when creating, writing (an IoError from `write`) or closing
// fails. GDAL messages name the output directory, not the temporary one.
void write_output_file(const OutputPlan& plan,
                       const std::filesystem::path& final_path,
                       const std::filesystem::path& temporary,
                       GdalErrorCapture& errors,
                       const std::function<void(GDALDataset&)>& write);

// True when the driver lists `type` (such as "Integer64") among the field
// types it creates, or lists none.
bool driver_declares_field_type(GDALDriver& driver, const std::string& type);

// The spatial reference of WKT `wkt` in x = easting (longitude) order, or
// null for empty WKT. Throws CrsError naming `what` ("network", "output")
// when GDAL cannot read the WKT.
std::unique_ptr<OGRSpatialReference> output_srs(const std::string& wkt,
                                                const std::string& what);

} // namespace georiviere::detail
