// GDAL glue for io/raster_io.hpp.
#include "georiviere/io/raster_io.hpp"

#include <array>
#include <atomic>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "../io/gdal_support.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/detail/raster_common.hpp"

namespace georiviere {

namespace {

// Closes a GDAL dataset when it goes out of scope.
class Dataset {
public:
  explicit Dataset(GDALDatasetH handle) : handle_(handle) {}
  ~Dataset() { close(); }
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  GDALDatasetH get() const { return handle_; }
  void close() {
    if (handle_ != nullptr) {
      GDALClose(handle_);
      handle_ = nullptr;
    }
  }

private:
  GDALDatasetH handle_;
};

Dataset open_raster(const std::string& path,
                    const detail::GdalErrorCapture& errors, int threads = 1) {
  detail::ensure_gdal_registered();
  std::error_code error;
  if (path.rfind("/vsi", 0) != 0 && !std::filesystem::exists(path, error)) {
    throw FileNotFoundError("raster file not found: " + path);
  }
  // Drivers without a NUM_THREADS open option ignore it, with a warning
  // that the error capture keeps out of the output.
  CPLStringList open_options;
  if (threads > 1) {
    open_options.AddNameValue("NUM_THREADS", std::to_string(threads).c_str());
  }
  GDALDatasetH handle =
      GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr,
                 open_options.List(), nullptr);
  if (handle == nullptr) {
    throw IoError("cannot open " + path + " as a raster" + errors.suffix());
  }
  return Dataset(handle);
}

template <typename T> GDALDataType gdal_type() {
  if constexpr (std::is_same_v<T, std::uint8_t>) {
    return GDT_Byte;
  } else if constexpr (std::is_same_v<T, std::int16_t>) {
    return GDT_Int16;
  } else if constexpr (std::is_same_v<T, std::uint16_t>) {
    return GDT_UInt16;
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    return GDT_Int32;
  } else if constexpr (std::is_same_v<T, std::uint32_t>) {
    return GDT_UInt32;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return GDT_Int64;
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    return GDT_UInt64;
  } else if constexpr (std::is_same_v<T, float>) {
    return GDT_Float32;
  } else {
    static_assert(std::is_same_v<T, double>, "unsupported raster cell type");
    return GDT_Float64;
  }
}

template <typename T> const char* type_name() {
  return GDALGetDataTypeName(gdal_type<T>());
}

GeoTransform read_transform(GDALDatasetH dataset) {
  std::array<double, 6> values{};
  GDALGetGeoTransform(dataset, values.data());
  return GeoTransform::from_array(values);
}

std::string read_crs(GDALDatasetH dataset) {
  const char* wkt = GDALGetProjectionRef(dataset);
  return wkt != nullptr ? wkt : "";
}

// The nodata value of a band as stored in the band's type: nullopt when the
// band has none or when its type cannot hold it, so that no cell can carry
// it. Int64 and UInt64 values are exact; others pass through double.
struct BandNodata {
  enum class Kind { none, floating, signed_integer, unsigned_integer };
  Kind kind = Kind::none;
  double floating = 0.0;
  std::int64_t signed_integer = 0;
  std::uint64_t unsigned_integer = 0;
};

BandNodata read_band_nodata(GDALRasterBandH band) {
  BandNodata result;
  int has = 0;
  const GDALDataType type = GDALGetRasterDataType(band);
  if (type == GDT_Int64) {
    const std::int64_t value = GDALGetRasterNoDataValueAsInt64(band, &has);
    if (has) {
      result.kind = BandNodata::Kind::signed_integer;
      result.signed_integer = value;
    }
    return result;
  }

  if (type == GDT_UInt64) {
    const std::uint64_t value = GDALGetRasterNoDataValueAsUInt64(band, &has);
    if (has) {
      result.kind = BandNodata::Kind::unsigned_integer;
      result.unsigned_integer = value;
    }
    return result;
  }

  const double value = GDALGetRasterNoDataValue(band, &has);
  if (!has) {
    return result;
  }

  // A Float32 band stores the value rounded to float, or cannot store it.
  if (type == GDT_Float32) {
    if (std::isfinite(value) && std::abs(value) > FLT_MAX) {
      return result;
    }
    result.kind = BandNodata::Kind::floating;
    result.floating = static_cast<double>(static_cast<float>(value));
    return result;
  }

  if (GDALDataTypeIsInteger(type)) {
    int clamped = 0;
    int rounded = 0;
    GDALAdjustValueToDataType(type, value, &clamped, &rounded);
    if (clamped || rounded || !std::isfinite(value)) {
      return result;
    }
  }
  result.kind = BandNodata::Kind::floating;
  result.floating = value;
  return result;
}

// Converts an integer nodata value to T when T represents it exactly.
template <typename T, typename I> std::optional<T> integer_to(I value) {
  if constexpr (std::is_floating_point_v<T>) {
    const T converted = static_cast<T>(value);
    if (static_cast<long double>(converted) ==
        static_cast<long double>(value)) {
      return converted;
    }
    return std::nullopt;
  } else {
    if (std::in_range<T>(value)) {
      return static_cast<T>(value);
    }
    return std::nullopt;
  }
}

template <typename T> std::optional<T> floating_to(double value) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(value)) {
      return std::numeric_limits<T>::quiet_NaN();
    }
    const T converted = static_cast<T>(value);
    if (static_cast<double>(converted) == value) {
      return converted;
    }
    return std::nullopt;
  } else {
    if (!std::isfinite(value) || std::trunc(value) != value ||
        value < static_cast<double>(std::numeric_limits<T>::min()) ||
        value > static_cast<double>(std::numeric_limits<T>::max())) {
      return std::nullopt;
    }
    return static_cast<T>(value);
  }
}

std::string describe(const BandNodata& nodata) {
  switch (nodata.kind) {
  case BandNodata::Kind::signed_integer:
    return std::to_string(nodata.signed_integer);
  case BandNodata::Kind::unsigned_integer:
    return std::to_string(nodata.unsigned_integer);
  default: {
    char buffer[64];
    CPLsnprintf(buffer, sizeof buffer, "%.17g", nodata.floating);
    return buffer;
  }
  }
}

template <typename T>
std::optional<T> nodata_for(const BandNodata& nodata, const std::string& path,
                            int band) {
  std::optional<T> converted;
  switch (nodata.kind) {
  case BandNodata::Kind::none: return std::nullopt;
  case BandNodata::Kind::signed_integer:
    converted = integer_to<T>(nodata.signed_integer);
    break;
  case BandNodata::Kind::unsigned_integer:
    converted = integer_to<T>(nodata.unsigned_integer);
    break;
  case BandNodata::Kind::floating:
    converted = floating_to<T>(nodata.floating);
    break;
  }
  if (!converted) {
    throw InvalidInputError(
        "nodata value " + describe(nodata) + " of band " +
        std::to_string(band) + " of " + path + " cannot be represented as " +
        type_name<T>() + ": read the band into a wider type such as Float64");
  }
  return converted;
}

std::string crs_to_wkt(const std::string& crs, const std::string& path) {
  if (crs.empty()) {
    return "";
  }
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  if (OSRSetFromUserInput(srs, crs.c_str()) != OGRERR_NONE) {
    OSRDestroySpatialReference(srs);
    throw CrsError("invalid CRS for " + path + ": \"" + crs.substr(0, 80) +
                   "\" is neither WKT nor a code such as EPSG:2154");
  }
  char* wkt = nullptr;
  OSRExportToWkt(srs, &wkt);
  std::string result = wkt != nullptr ? wkt : "";
  CPLFree(wkt);
  OSRDestroySpatialReference(srs);
  return result;
}

std::filesystem::path temporary_path_for(const std::filesystem::path& path) {
  static std::atomic<unsigned> counter{0};
  // Hidden, and unique per process and call, in the target's directory so
  // that the final rename stays on one file system.
  std::string name(1, '.');
  name += path.filename().string();
  name += ".tmp-";
  name += std::to_string(::getpid());
  name += '-';
  name += std::to_string(counter++);
  return path.parent_path() / name;
}

template <typename T>
void set_nodata(GDALRasterBandH band, T value, const std::string& path,
                const detail::GdalErrorCapture& errors) {
  CPLErr error = CE_None;
  if constexpr (std::is_same_v<T, std::int64_t>) {
    error = GDALSetRasterNoDataValueAsInt64(band, value);
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    error = GDALSetRasterNoDataValueAsUInt64(band, value);
  } else {
    error = GDALSetRasterNoDataValue(band, static_cast<double>(value));
  }
  if (error != CE_None) {
    throw IoError("cannot set the nodata value of " + path + errors.suffix());
  }
}

template <typename T>
void write_to(GridView<const T> grid, const std::string& wkt,
              const std::string& target, const std::string& file,
              const RasterWriteOptions& options,
              detail::GdalErrorCapture& errors) {
  GDALDriverH driver = GDALGetDriverByName("GTiff");
  if (driver == nullptr) {
    throw IoError("GDAL has no GTiff driver, so " + target +
                  " cannot be written");
  }
  const std::string block = std::to_string(options.block_size);
  const std::string level = std::to_string(options.deflate_level);
  CPLStringList create_options;
  create_options.AddNameValue("TILED", "YES");
  create_options.AddNameValue("BLOCKXSIZE", block.c_str());
  create_options.AddNameValue("BLOCKYSIZE", block.c_str());
  create_options.AddNameValue("COMPRESS", "DEFLATE");
  create_options.AddNameValue("ZLEVEL", level.c_str());
  create_options.AddNameValue("BIGTIFF", "IF_SAFER");
  if constexpr (std::is_floating_point_v<T>) {
    create_options.AddNameValue("PREDICTOR", "3");
  } else if constexpr (sizeof(T) <= 4) {
    create_options.AddNameValue("PREDICTOR", "2");
  }

  Dataset dataset(GDALCreate(
      driver, file.c_str(), static_cast<int>(grid.cols()),
      static_cast<int>(grid.rows()), 1, gdal_type<T>(), create_options.List()));
  if (dataset.get() == nullptr) {
    throw IoError("cannot create " + target + errors.suffix());
  }
  std::array<double, 6> transform = grid.transform().to_array();
  GDALSetGeoTransform(dataset.get(), transform.data());
  if (!wkt.empty() &&
      GDALSetProjection(dataset.get(), wkt.c_str()) != CE_None) {
    throw IoError("cannot set the CRS of " + target + errors.suffix());
  }
  GDALRasterBandH band = GDALGetRasterBand(dataset.get(), 1);
  if (grid.nodata()) {
    set_nodata<T>(band, *grid.nodata(), target, errors);
  }
  const auto line_space = static_cast<GSpacing>(grid.row_stride() * sizeof(T));
  const CPLErr error = GDALRasterIOEx(
      band, GF_Write, 0, 0, static_cast<int>(grid.cols()),
      static_cast<int>(grid.rows()), const_cast<T*>(grid.data()),
      static_cast<int>(grid.cols()), static_cast<int>(grid.rows()),
      gdal_type<T>(), static_cast<GSpacing>(sizeof(T)), line_space, nullptr);
  if (error != CE_None) {
    throw IoError("cannot write the cells of " + target + errors.suffix());
  }
  errors.clear();
  dataset.close();
  if (errors.failed()) {
    throw IoError("cannot finish writing " + target + errors.suffix());
  }
}

} // namespace

RasterInfo read_raster_info(const std::string& path) {
  detail::GdalErrorCapture errors;
  Dataset dataset = open_raster(path, errors);
  RasterInfo info;
  info.rows = static_cast<std::size_t>(GDALGetRasterYSize(dataset.get()));
  info.cols = static_cast<std::size_t>(GDALGetRasterXSize(dataset.get()));
  info.band_count = GDALGetRasterCount(dataset.get());
  info.transform = read_transform(dataset.get());
  info.crs_wkt = read_crs(dataset.get());
  if (info.band_count > 0) {
    GDALRasterBandH band = GDALGetRasterBand(dataset.get(), 1);
    info.data_type = GDALGetDataTypeName(GDALGetRasterDataType(band));
    int has = 0;
    const double nodata = GDALGetRasterNoDataValue(band, &has);
    if (has) {
      info.nodata = nodata;
    }
  }
  return info;
}

template <typename T>
Grid<T> read_raster(const std::string& path, int band, int threads) {
  if (threads < 1 || threads > detail::max_thread_count) {
    throw InvalidInputError("invalid thread count " + std::to_string(threads) +
                            " for reading " + path + ": give 1 to " +
                            std::to_string(detail::max_thread_count));
  }
  detail::GdalErrorCapture errors;
  Dataset dataset = open_raster(path, errors, threads);
  const int band_count = GDALGetRasterCount(dataset.get());
  if (band < 1 || band > band_count) {
    throw InvalidInputError("band " + std::to_string(band) +
                            " does not exist in " + path + ", which has " +
                            std::to_string(band_count) +
                            " band(s) numbered from 1");
  }
  GDALRasterBandH handle = GDALGetRasterBand(dataset.get(), band);
  const int cols = GDALGetRasterXSize(dataset.get());
  const int rows = GDALGetRasterYSize(dataset.get());

  Grid<T> grid(static_cast<std::size_t>(rows), static_cast<std::size_t>(cols));
  grid.set_nodata(nodata_for<T>(read_band_nodata(handle), path, band));
  grid.set_transform(read_transform(dataset.get()));
  grid.set_crs_wkt(read_crs(dataset.get()));
  if (grid.empty()) {
    return grid;
  }
  const CPLErr error =
      GDALRasterIO(handle, GF_Read, 0, 0, cols, rows, grid.data(), cols, rows,
                   gdal_type<T>(), 0, 0);
  if (error != CE_None) {
    throw IoError("cannot read band " + std::to_string(band) + " of " + path +
                  errors.suffix());
  }
  return grid;
}

template <typename T>
void write_raster(GridView<const T> grid, const std::string& crs,
                  const std::string& path, const RasterWriteOptions& options) {
  if (grid.empty()) {
    throw InvalidInputError("cannot write " + path + ": the grid has no cells");
  }
  if (grid.rows() > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
      grid.cols() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw InvalidInputError("cannot write " + path +
                            ": GDAL limits rasters to 2^31 - 1 rows and "
                            "columns");
  }
  if (options.block_size < 16 || options.block_size % 16 != 0) {
    throw InvalidInputError("GeoTIFF block size " +
                            std::to_string(options.block_size) +
                            " is invalid: use a multiple of 16 such as 256");
  }
  if (options.deflate_level < 1 || options.deflate_level > 9) {
    throw InvalidInputError("DEFLATE level " +
                            std::to_string(options.deflate_level) +
                            " is invalid: use 1 to 9");
  }
  detail::ensure_gdal_registered();
  detail::GdalErrorCapture errors;
  const std::string wkt = crs_to_wkt(crs, path);
  const std::filesystem::path target(path);
  const std::filesystem::path temporary = temporary_path_for(target);
  try {
    write_to<T>(grid, wkt, path, temporary.string(), options, errors);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  std::error_code error;
  std::filesystem::rename(temporary, target, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw IoError("cannot rename " + temporary.string() + " to " + path + ": " +
                  error.message());
  }
}

#define GEORIVIERE_INSTANTIATE_RASTER_IO(T)                                    \
  template Grid<T> read_raster<T>(const std::string&, int, int);               \
  template void write_raster<T>(GridView<const T>, const std::string&,         \
                                const std::string&,                            \
                                const RasterWriteOptions&);

GEORIVIERE_INSTANTIATE_RASTER_IO(std::uint8_t)
GEORIVIERE_INSTANTIATE_RASTER_IO(std::int16_t)
GEORIVIERE_INSTANTIATE_RASTER_IO(std::uint16_t)
GEORIVIERE_INSTANTIATE_RASTER_IO(std::int32_t)
GEORIVIERE_INSTANTIATE_RASTER_IO(std::uint32_t)
GEORIVIERE_INSTANTIATE_RASTER_IO(std::int64_t)
GEORIVIERE_INSTANTIATE_RASTER_IO(std::uint64_t)
GEORIVIERE_INSTANTIATE_RASTER_IO(float)
GEORIVIERE_INSTANTIATE_RASTER_IO(double)

#undef GEORIVIERE_INSTANTIATE_RASTER_IO

} // namespace georiviere
