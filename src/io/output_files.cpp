#include "output_files.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include <unistd.h>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "gdal_support.hpp"
#include "georiviere/core/error.hpp"

namespace georiviere::detail {
namespace {

namespace fs = std::filesystem;

std::string upper(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

// An error text such as "Permission denied" as it reads inside a sentence.
std::string message_of(const std::error_code& error) {
  return lower(error.message());
}

std::vector<std::string> words(const char* text) {
  std::vector<std::string> result;
  std::istringstream stream(text != nullptr ? text : "");
  for (std::string word; stream >> word;) {
    result.push_back(word);
  }
  return result;
}

bool has_capability(GDALDriver& driver, const char* capability) {
  const char* value = driver.GetMetadataItem(capability);
  return value != nullptr && lower(value) == "yes";
}

// ---- driver choice --------------------------------------------------------

// Extensions whose driver is chosen here, not by the search over GDAL's
// drivers. No extension at all gives a GeoPackage.
const std::map<std::string, std::string>& known_extensions() {
  static const std::map<std::string, std::string> drivers = {
      {".gpkg", "GPKG"},
      {".sqlite", "SQLite"},
      {".geojson", "GeoJSON"},
      {".json", "GeoJSON"},
      {".fgb", "FlatGeobuf"},
      {".shp", "ESRI Shapefile"},
      {".gml", "GML"},
      // OGR_GMT declares no field types in GDAL 3.6 but keeps integer,
      // real and text fields, so the search below would skip it.
      {".gmt", "OGR_GMT"}};
  return drivers;
}

// Lower-case extensions, with the dot, that GDAL lists for the driver.
std::vector<std::string> extensions_of(GDALDriver& driver) {
  const char* list = driver.GetMetadataItem(GDAL_DMD_EXTENSIONS);
  if (list == nullptr) {
    list = driver.GetMetadataItem(GDAL_DMD_EXTENSION);
  }
  std::vector<std::string> extensions;
  for (const std::string& word : words(list)) {
    std::string extension = ".";
    extension += lower(word);
    extensions.push_back(extension);
  }
  return extensions;
}

// True for a vector driver that creates files able to hold the three
// network layers with their integer, real and text fields.
bool takes_network_layers(GDALDriver& driver) {
  // Vector writers that cannot serve here. Shapefile is reached through
  // .shp only, because .dbf gives a table without geometry. ODS and XLSX
  // drop geometries, MVT quantises coordinates into tiles, and OpenFileGDB
  // writes a directory in place of a file.
  static const std::set<std::string> excluded = {"ESRI Shapefile", "ODS",
                                                 "XLSX", "MVT", "OpenFileGDB"};
  if (!has_capability(driver, GDAL_DCAP_VECTOR) ||
      !has_capability(driver, GDAL_DCAP_CREATE) ||
      has_capability(driver, GDAL_DCAP_RASTER) ||
      excluded.count(driver.GetDescription()) != 0) {
    return false;
  }
  const std::vector<std::string> types =
      words(driver.GetMetadataItem(GDAL_DMD_CREATIONFIELDDATATYPES));
  for (const char* needed : {"Integer", "Real", "String"}) {
    if (std::find(types.begin(), types.end(), needed) == types.end()) {
      return false;
    }
  }
  return true;
}

// Extensions that name a side file of a dataset, never the dataset itself.
bool is_side_extension(const std::string& extension) {
  return extension == ".mid" || extension == ".dbf" || extension == ".shx";
}

std::string supported_extensions() {
  std::set<std::string> extensions;
  for (const auto& [extension, driver] : known_extensions()) {
    extensions.insert(extension);
  }
  GDALDriverManager* manager = GetGDALDriverManager();
  for (int i = 0; i < manager->GetDriverCount(); ++i) {
    GDALDriver* driver = manager->GetDriver(i);
    if (!takes_network_layers(*driver)) {
      continue;
    }
    for (const std::string& extension : extensions_of(*driver)) {
      if (!is_side_extension(extension)) {
        extensions.insert(extension);
      }
    }
  }
  std::string text;
  for (const std::string& extension : extensions) {
    text += (text.empty() ? "" : ", ") + extension;
  }
  return text;
}

// The driver for a path's extension: the map above, then the GDAL driver
// that lists the extension and takes our layers. When several do, the one
// named after the extension wins (KML over LIBKML for .kml), else the first
// one registered.
std::string driver_for_extension(const fs::path& path) {
  const std::string extension = lower(path.extension().string());
  if (extension.empty()) {
    return "GPKG";
  }
  const auto known = known_extensions().find(extension);
  if (known != known_extensions().end()) {
    return known->second;
  }

  GDALDriver* chosen = nullptr;
  GDALDriverManager* manager = GetGDALDriverManager();
  for (int i = 0;
       i < manager->GetDriverCount() && !is_side_extension(extension); ++i) {
    GDALDriver* driver = manager->GetDriver(i);
    if (!takes_network_layers(*driver)) {
      continue;
    }
    const std::vector<std::string> listed = extensions_of(*driver);
    if (std::find(listed.begin(), listed.end(), extension) == listed.end()) {
      continue;
    }
    if (driver->GetDescription() == upper(extension.substr(1))) {
      return driver->GetDescription();
    }
    if (chosen == nullptr) {
      chosen = driver;
    }
  }
  if (chosen == nullptr) {
    throw IoError("no GDAL driver writes a river network to the extension '" +
                  path.extension().string() + "' of " + path.string() +
                  "; use one of " + supported_extensions() +
                  ", or no extension for a GeoPackage");
  }
  return chosen->GetDescription();
}

GDALDriver* vector_driver(const std::string& name) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(name.c_str());
  if (driver == nullptr || !has_capability(*driver, GDAL_DCAP_VECTOR) ||
      !has_capability(*driver, GDAL_DCAP_CREATE)) {
    throw IoError("GDAL has no vector driver named '" + name +
                  "' that creates datasets; use a format such as GPKG, "
                  "GeoJSON, FlatGeobuf or \"ESRI Shapefile\"");
  }
  return driver;
}

// ---- file names -----------------------------------------------------------

// Extensions of the files a driver writes beside a file with extension
// `extension` (lower case). Upper-case outputs (NET.SHP) get upper-case side
// files, as GDAL writes them.
std::vector<std::string> side_extensions(const std::string& driver_name,
                                         const std::string& extension) {
  if (driver_name == "ESRI Shapefile" && extension == ".shp") {
    return {".shx", ".dbf", ".prj", ".cpg"};
  }
  if (driver_name == "GML") {
    return {".xsd"};
  }
  if (driver_name == "CSV") {
    return {".csvt", ".prj"};
  }
  if (driver_name == "MapInfo File") {
    if (extension == ".mif") {
      return {".mid"};
    }
    return {".dat", ".id", ".map"};
  }
  return {};
}

// Side files of an older output that the new one may not write, such as a
// spatial index, which readers would still pair with the new file.
std::vector<std::string> stale_extensions(const std::string& driver_name,
                                          const std::string& extension) {
  std::vector<std::string> result = side_extensions(driver_name, extension);
  if (driver_name == "ESRI Shapefile" && extension == ".shp") {
    result.insert(result.end(), {".qix", ".sbn", ".sbx", ".qpj"});
  }
  if (driver_name == "GML") {
    result.push_back(".gfs");
  }
  return result;
}

std::vector<fs::path> with_extensions(const fs::path& file,
                                      const std::vector<std::string>& list) {
  const std::string extension = file.extension().string();
  const bool upper_case = !extension.empty() && extension == upper(extension) &&
                          extension != lower(extension);
  std::vector<fs::path> paths;
  for (const std::string& side : list) {
    fs::path path = file;
    path.replace_extension(upper_case ? upper(side) : side);
    paths.push_back(path);
  }
  return paths;
}

std::vector<std::string> layer_options_for(const std::string& driver_name) {
  if (driver_name == "CSV") {
    // Geometries as a WKT column, and a .csvt file that keeps field types.
    return {"GEOMETRY=AS_WKT", "CREATE_CSVT=YES"};
  }
  return {};
}

// ---- checks ---------------------------------------------------------------

// Names the kind of an existing path that is not a regular file, such as
// "a FIFO". Returns an empty string for a regular file or a missing path.
std::string special_file_kind(const fs::path& file) {
  std::error_code error;
  switch (fs::status(file, error).type()) {
  case fs::file_type::directory: return "a directory";
  case fs::file_type::character: return "a character device";
  case fs::file_type::block: return "a block device";
  case fs::file_type::fifo: return "a FIFO";
  case fs::file_type::socket: return "a socket";
  default: return {};
  }
}

// Throws IoError when the file must not be written.
void check_output_file(const fs::path& file, const WriteOptions& options) {
  const std::string kind = special_file_kind(file);
  if (kind == "a directory") {
    throw IoError("output " + file.string() +
                  " is a directory; give a file path");
  }
  if (!kind.empty()) {
    throw IoError("output " + file.string() + " is " + kind +
                  ", not a regular file; give the path of a file");
  }
  for (const std::string& input : options.inputs) {
    if (!input.empty() && same_file(file, input)) {
      throw IoError("output " + file.string() + " is the input " + input +
                    "; write the output to another path");
    }
  }
  std::error_code error;
  if (!options.overwrite && fs::exists(fs::symlink_status(file, error))) {
    throw IoError("output " + file.string() +
                  " already exists; remove it or pass --overwrite");
  }
}

[[noreturn]] void throw_not_writable(const fs::path& directory,
                                     const std::error_code& error) {
  throw IoError("cannot write in directory " + directory.string() + ": " +
                message_of(error) + "; choose another output directory");
}

fs::path temporary_name(const OutputPlan& plan) {
  static std::atomic<unsigned long> counter{0};
  const fs::path& first = plan.files.front().final_path;
  std::string name = ".";
  name += first.stem().string() + ".tmp-" +
          std::to_string(static_cast<long>(::getpid())) + "-" +
          std::to_string(counter.fetch_add(1));
  return plan.directory / name;
}

} // namespace

const char* layer_name(LayerKind kind) {
  switch (kind) {
  case LayerKind::reaches: return "reaches";
  case LayerKind::nodes: return "nodes";
  case LayerKind::problems: return "problems";
  }
  return "";
}

OutputPlan plan_outputs(const std::string& path, const WriteOptions& options) {
  const fs::path output(path);
  if (!output.has_filename()) {
    throw IoError("output " + path + " names a directory; give a file path");
  }

  OutputPlan plan;
  plan.requested = output;
  plan.driver_name =
      options.format.empty() ? driver_for_extension(output) : options.format;
  plan.driver = vector_driver(plan.driver_name);
  plan.layer_options = layer_options_for(plan.driver_name);
  plan.directory =
      output.has_parent_path() ? output.parent_path() : fs::path(".");

  const std::vector<LayerKind> all = {LayerKind::reaches, LayerKind::nodes,
                                      LayerKind::problems};
  std::vector<std::pair<fs::path, std::vector<LayerKind>>> files;
  if (has_capability(*plan.driver, GDAL_DCAP_MULTIPLE_VECTOR_LAYERS)) {
    files.push_back({output, all});
  } else {
    for (const LayerKind kind : all) {
      fs::path file = output;
      file.replace_filename(output.stem().string() + "_" + layer_name(kind) +
                            output.extension().string());
      files.push_back({file, {kind}});
    }
  }
  for (auto& [file, layers] : files) {
    const std::string extension = lower(file.extension().string());
    plan.files.push_back(
        {file,
         with_extensions(file, side_extensions(plan.driver_name, extension)),
         layers});
  }
  return plan;
}

void check_outputs(const OutputPlan& plan, const WriteOptions& options) {
  const fs::path& directory = plan.directory;
  std::error_code error;
  const fs::file_status status = fs::status(directory, error);
  if (!fs::exists(status)) {
    throw IoError("output directory not found: " + directory.string() +
                  "; create it first");
  }
  if (!fs::is_directory(status)) {
    throw IoError("output directory " + directory.string() +
                  " is not a directory; give a path in an existing directory");
  }
  // Writing needs both write and search permission on the directory.
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    throw_not_writable(directory,
                       std::error_code(errno, std::generic_category()));
  }

  // An output path equal to an input is a mistake even when the format
  // writes its layers to other files beside it.
  for (const std::string& input : options.inputs) {
    if (!plan.requested.empty() && !input.empty() &&
        same_file(plan.requested, input)) {
      throw IoError("output " + plan.requested.string() + " is the input " +
                    input + "; write the output to another path");
    }
  }
  for (const OutputFile& file : plan.files) {
    check_output_file(file.final_path, options);
    for (const fs::path& side : file.side_paths) {
      check_output_file(side, options);
    }
  }
}

TemporaryDirectory::TemporaryDirectory(const OutputPlan& plan)
    : path_(temporary_name(plan)) {
  std::error_code error;
  if (!fs::create_directory(path_, error)) {
    if (!error) {
      error = std::make_error_code(std::errc::file_exists);
    }
    path_.clear();
    throw_not_writable(plan.directory, error);
  }
}

TemporaryDirectory::~TemporaryDirectory() {
  if (!path_.empty()) {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
}

void remove_stale_side_files(const OutputPlan& plan,
                             const WriteOptions& options) {
  for (const OutputFile& file : plan.files) {
    const std::string extension = lower(file.final_path.extension().string());
    for (const fs::path& stale : with_extensions(
             file.final_path, stale_extensions(plan.driver_name, extension))) {
      const bool is_input =
          std::any_of(options.inputs.begin(), options.inputs.end(),
                      [&](const std::string& input) {
                        return !input.empty() && same_file(stale, input);
                      });
      if (!is_input && fs::is_regular_file(stale)) {
        std::error_code ignored;
        fs::remove(stale, ignored);
      }
    }
  }
}

void move_outputs(const OutputPlan& plan, const fs::path& temporary,
                  const WriteOptions& options) {
  std::error_code error;
  std::vector<fs::path> names;
  for (fs::directory_iterator it(temporary, error), end; !error && it != end;
       it.increment(error)) {
    names.push_back(it->path().filename());
  }
  if (error) {
    throw IoError("listing the files written for " +
                  plan.files.front().final_path.string() +
                  " failed: " + message_of(error));
  }
  std::sort(names.begin(), names.end());

  // Every target is checked before the first one is replaced.
  for (const fs::path& name : names) {
    check_output_file(plan.directory / name, options);
  }

  std::vector<fs::path> moved;
  for (const fs::path& name : names) {
    const fs::path target = plan.directory / name;
    fs::rename(temporary / name, target, error);
    if (error) {
      for (const fs::path& done : moved) {
        std::error_code ignored;
        fs::remove(done, ignored);
      }
      throw IoError("writing " + target.string() +
                    " failed: " + message_of(error) +
                    "; the output files moved before it were removed again");
    }
    moved.push_back(target);
  }
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code error;
  if (fs::exists(a, error) && fs::exists(b, error)) {
    const bool equivalent = fs::equivalent(a, b, error);
    if (!error) {
      return equivalent;
    }
  }
  return fs::weakly_canonical(a, error) == fs::weakly_canonical(b, error);
}

void commit_outputs(const OutputPlan& plan, const fs::path& temporary,
                    const WriteOptions& options) {
  if (options.overwrite) {
    remove_stale_side_files(plan, options);
  }
  move_outputs(plan, temporary, options);
}

std::vector<std::string> final_paths(const OutputPlan& plan) {
  std::vector<std::string> paths;
  for (const OutputFile& file : plan.files) {
    paths.push_back(file.final_path.string());
  }
  return paths;
}

namespace {

// Replaces the temporary directory in a GDAL message with the output
// directory, so that users see the names of the files they asked for.
std::string with_final_names(std::string text, const fs::path& temporary,
                             const fs::path& directory) {
  const std::string from = temporary.string() + "/";
  const std::string to = directory.string() + "/";
  for (auto at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

} // namespace

void write_output_file(const OutputPlan& plan, const fs::path& final_path,
                       const fs::path& temporary, GdalErrorCapture& errors,
                       const std::function<void(GDALDataset&)>& write) {
  const fs::path temporary_path = temporary / final_path.filename();
  GDALDatasetUniquePtr dataset(plan.driver->Create(
      temporary_path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset) {
    throw IoError("creating " + final_path.string() + " with the " +
                  plan.driver_name + " driver failed" +
                  with_final_names(errors.suffix(), temporary, plan.directory));
  }
  try {
    write(*dataset);
  } catch (const IoError& error) {
    throw IoError("writing " + final_path.string() + " with the " +
                  plan.driver_name + " driver failed: " +
                  with_final_names(error.what(), temporary, plan.directory));
  }

  // Closing flushes the file, so errors such as a full disk show up here.
  errors.clear();
  dataset.reset();
  if (errors.failed()) {
    throw IoError("closing " + final_path.string() + " failed" +
                  with_final_names(errors.suffix(), temporary, plan.directory));
  }
}

bool driver_declares_field_type(GDALDriver& driver, const std::string& type) {
  const char* types = driver.GetMetadataItem(GDAL_DMD_CREATIONFIELDDATATYPES);
  if (types == nullptr) {
    return true;
  }
  std::istringstream words(types);
  for (std::string word; words >> word;) {
    if (word == type) {
      return true;
    }
  }
  return false;
}

std::unique_ptr<OGRSpatialReference> output_srs(const std::string& wkt,
                                                const std::string& what) {
  if (wkt.empty()) {
    return nullptr;
  }
  auto srs = std::make_unique<OGRSpatialReference>();
  if (srs->importFromWkt(wkt.c_str()) != OGRERR_NONE) {
    throw CrsError("the CRS of the " + what +
                   " is not valid WKT: " + wkt.substr(0, 80));
  }
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

} // namespace georiviere::detail
