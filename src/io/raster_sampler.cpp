// GDAL and PROJ glue for io/raster_sampler.hpp.
#include "georiviere/io/raster_sampler.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <list>
#include <mutex>
#include <numbers>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include <gdal.h>
#include <ogr_srs_api.h>

#include "crs.hpp"
#include "gdal_support.hpp"
#include "georiviere/core/error.hpp"

namespace georiviere {

namespace {

// Blocks wider or taller than this are read in windows of
// `large_block_window` cells along that axis instead, so that a raster
// stored as one block or as long strips is not read whole for one point.
constexpr int max_window_side = 1024;
constexpr int large_block_window = 256;
// Cells kept in the window cache: 4 Mi doubles, 32 MiB.
constexpr std::size_t cache_cells = std::size_t{1} << 22;
// Mean radius of the Earth (IUGG), for the cell size of geographic rasters.
constexpr double earth_radius_m = 6371008.8;

// Size in metres of one cell whose geotransform determinant is `area`, in
// the units of the raster's CRS, at the latitude `centre_y` when the CRS is
// geographic.
double cell_size_in_metres(const std::string& crs_wkt, double area,
                           double centre_y) {
  const double side = std::sqrt(std::abs(area));
  if (crs_wkt.empty()) {
    return side;
  }
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  std::string wkt = crs_wkt;
  char* text = wkt.data();
  double size = side;
  if (OSRImportFromWkt(srs, &text) == OGRERR_NONE) {
    if (OSRIsGeographic(srs)) {
      const double radians = OSRGetAngularUnits(srs, nullptr);
      const double latitude = centre_y * radians;
      size = side * radians * earth_radius_m *
             std::sqrt(std::max(std::cos(latitude), 0.0));
    } else {
      size = side * OSRGetLinearUnits(srs, nullptr);
    }
  }
  OSRDestroySpatialReference(srs);
  return size;
}

} // namespace

struct RasterSampler::Impl {
  // One cached window of cells, row by row.
  struct Window {
    std::size_t key = 0;
    std::size_t first_row = 0;
    std::size_t first_col = 0;
    std::size_t width = 0;
    std::vector<double> cells;
  };

  std::string path;
  GDALDatasetH dataset = nullptr;
  GDALRasterBandH band = nullptr;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::array<double, 6> inverse{};
  std::optional<double> nodata;
  // The nodata value as a Float32 band's cells read back as double.
  std::optional<double> nodata_as_read;
  std::size_t window_width = 0;
  std::size_t window_height = 0;
  std::size_t windows_across = 0;
  std::size_t cache_capacity = 0;
  double cell_size_m = 0.0;

  // Most recently used window first.
  std::list<Window> cache;
  std::unordered_map<std::size_t, std::list<Window>::iterator> cache_index;
  std::size_t windows_read = 0;

  // The context outlives the transformer, which is destroyed first.
  std::unique_ptr<detail::ProjContext> proj;
  std::unique_ptr<detail::CrsTransformer> transformer;
  std::vector<double> xs = std::vector<double>(1);
  std::vector<double> ys = std::vector<double>(1);

  std::mutex mutex;

  ~Impl() {
    if (dataset != nullptr) {
      GDALClose(dataset);
    }
  }

  void open(const std::string& raster_path, int band_number);
  void set_points_crs(const std::string& points_crs,
                      const std::string& raster_crs);

  // Pixel coordinates of the point: column and row, with cell (r, c)
  // covering [c, c + 1) × [r, r + 1). False when PROJ cannot transform it.
  bool to_pixel(const Point& point, double& col, double& row);

  bool inside(double col, double row) const {
    return col >= 0.0 && row >= 0.0 && col < static_cast<double>(cols) &&
           row < static_cast<double>(rows);
  }

  const Window& window_for(std::size_t row, std::size_t col);
  std::optional<double> cell(std::size_t row, std::size_t col);
};

void RasterSampler::Impl::open(const std::string& raster_path,
                               int band_number) {
  path = raster_path;
  detail::ensure_gdal_registered();
  const detail::GdalErrorCapture errors;
  std::error_code error;
  if (path.rfind("/vsi", 0) != 0 && !std::filesystem::exists(path, error)) {
    throw FileNotFoundError("raster file not found: " + path);
  }
  dataset = GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr,
                       nullptr, nullptr);
  if (dataset == nullptr) {
    throw IoError("cannot open " + path + " as a raster" + errors.suffix());
  }
  const int band_count = GDALGetRasterCount(dataset);
  if (band_number < 1 || band_number > band_count) {
    throw InvalidInputError(
        "band " + std::to_string(band_number) + " is out of range for " + path +
        ", which has " + std::to_string(band_count) +
        " band(s); pass a band from 1 to " + std::to_string(band_count));
  }
  band = GDALGetRasterBand(dataset, band_number);
  rows = static_cast<std::size_t>(GDALGetRasterYSize(dataset));
  cols = static_cast<std::size_t>(GDALGetRasterXSize(dataset));

  // A dataset without a geotransform gets GDAL's default, pixel
  // coordinates with y growing downwards.
  std::array<double, 6> transform{0.0, 1.0, 0.0, 0.0, 0.0, 1.0};
  GDALGetGeoTransform(dataset, transform.data());
  if (!GDALInvGeoTransform(transform.data(), inverse.data())) {
    throw InvalidInputError("the geotransform of " + path +
                            " cannot be inverted (a cell of zero area); "
                            "fix it with gdal_edit.py -a_ullr");
  }

  int has_nodata = 0;
  const double value = GDALGetRasterNoDataValue(band, &has_nodata);
  if (has_nodata) {
    nodata = value;
    nodata_as_read = value;
    if (GDALGetRasterDataType(band) == GDT_Float32 && std::isfinite(value)) {
      nodata_as_read = static_cast<double>(static_cast<float>(value));
    }
  }

  int block_width = 0;
  int block_height = 0;
  GDALGetBlockSize(band, &block_width, &block_height);
  block_width = block_width > 0 ? block_width : large_block_window;
  block_height = block_height > 0 ? block_height : large_block_window;
  window_width = static_cast<std::size_t>(
      block_width > max_window_side ? large_block_window : block_width);
  window_height = static_cast<std::size_t>(
      block_height > max_window_side ? large_block_window : block_height);
  windows_across = (cols + window_width - 1) / window_width;
  cache_capacity =
      std::max<std::size_t>(4, cache_cells / (window_width * window_height));

  const char* wkt = GDALGetProjectionRef(dataset);
  const double centre_y = transform[3] +
                          transform[4] * static_cast<double>(cols) / 2.0 +
                          transform[5] * static_cast<double>(rows) / 2.0;
  cell_size_m = cell_size_in_metres(
      wkt != nullptr ? wkt : "",
      transform[1] * transform[5] - transform[2] * transform[4], centre_y);
}

void RasterSampler::Impl::set_points_crs(const std::string& points_crs,
                                         const std::string& raster_crs) {
  if (points_crs.empty()) {
    return;
  }
  if (raster_crs.empty()) {
    throw CrsError("the raster " + path +
                   " has no CRS, so points in another CRS cannot be placed "
                   "on it; set its CRS first, for example with gdal_edit.py "
                   "-a_srs EPSG:2154 " +
                   path);
  }
  proj = std::make_unique<detail::ProjContext>();
  const detail::PjPtr source = detail::crs_from_user_input(*proj, points_crs);
  const detail::PjPtr target =
      detail::crs_from_wkt(*proj, raster_crs, "raster " + path);
  if (detail::equivalent_crs(*proj, source.get(), target.get())) {
    proj.reset();
    return;
  }
  transformer = std::make_unique<detail::CrsTransformer>(*proj, source.get(),
                                                         target.get());
}

bool RasterSampler::Impl::to_pixel(const Point& point, double& col,
                                   double& row) {
  double x = point.x;
  double y = point.y;
  if (transformer) {
    xs[0] = x;
    ys[0] = y;
    if (!transformer->transform(xs, ys)) {
      return false;
    }
    x = xs[0];
    y = ys[0];
  }
  col = inverse[0] + inverse[1] * x + inverse[2] * y;
  row = inverse[3] + inverse[4] * x + inverse[5] * y;
  return std::isfinite(col) && std::isfinite(row);
}

const RasterSampler::Impl::Window&
RasterSampler::Impl::window_for(std::size_t row, std::size_t col) {
  const std::size_t window_row = row / window_height;
  const std::size_t window_col = col / window_width;
  const std::size_t key = window_row * windows_across + window_col;
  const auto found = cache_index.find(key);
  if (found != cache_index.end()) {
    cache.splice(cache.begin(), cache, found->second);
    return cache.front();
  }

  Window window;
  window.key = key;
  window.first_row = window_row * window_height;
  window.first_col = window_col * window_width;
  window.width = std::min(window_width, cols - window.first_col);
  const std::size_t height = std::min(window_height, rows - window.first_row);
  window.cells.resize(window.width * height);
  const detail::GdalErrorCapture errors;
  const CPLErr status =
      GDALRasterIO(band, GF_Read, static_cast<int>(window.first_col),
                   static_cast<int>(window.first_row),
                   static_cast<int>(window.width), static_cast<int>(height),
                   window.cells.data(), static_cast<int>(window.width),
                   static_cast<int>(height), GDT_Float64, 0, 0);
  if (status != CE_None) {
    throw IoError("cannot read rows " + std::to_string(window.first_row) +
                  " to " + std::to_string(window.first_row + height - 1) +
                  " of " + path + errors.suffix());
  }
  ++windows_read;

  if (cache.size() >= cache_capacity) {
    cache_index.erase(cache.back().key);
    cache.pop_back();
  }
  cache.push_front(std::move(window));
  cache_index[key] = cache.begin();
  return cache.front();
}

std::optional<double> RasterSampler::Impl::cell(std::size_t row,
                                                std::size_t col) {
  const Window& window = window_for(row, col);
  const double value = window.cells[(row - window.first_row) * window.width +
                                    (col - window.first_col)];
  if (std::isnan(value)) {
    return std::nullopt;
  }
  if (nodata && (value == *nodata || value == *nodata_as_read)) {
    return std::nullopt;
  }
  return value;
}

RasterSampler::RasterSampler(const std::string& path,
                             const std::string& points_crs, int band)
    : impl_(std::make_unique<Impl>()) {
  impl_->open(path, band);
  const char* wkt = GDALGetProjectionRef(impl_->dataset);
  impl_->set_points_crs(points_crs, wkt != nullptr ? wkt : "");
}

RasterSampler::~RasterSampler() = default;
RasterSampler::RasterSampler(RasterSampler&& other) noexcept = default;
RasterSampler&
RasterSampler::operator=(RasterSampler&& other) noexcept = default;

std::optional<double> RasterSampler::nearest(const Point& point) const {
  const std::lock_guard lock(impl_->mutex);
  double col = 0.0;
  double row = 0.0;
  if (!impl_->to_pixel(point, col, row) || !impl_->inside(col, row)) {
    return std::nullopt;
  }
  return impl_->cell(static_cast<std::size_t>(row),
                     static_cast<std::size_t>(col));
}

std::optional<double> RasterSampler::bilinear(const Point& point) const {
  const std::lock_guard lock(impl_->mutex);
  double col = 0.0;
  double row = 0.0;
  if (!impl_->to_pixel(point, col, row) || !impl_->inside(col, row)) {
    return std::nullopt;
  }

  // Offsets from the centre of the cell up and to the left of the point.
  const double u = col - 0.5;
  const double v = row - 0.5;
  const double left = std::floor(u);
  const double top = std::floor(v);
  const double fx = u - left;
  const double fy = v - top;
  // Beyond the outer cell centres, the edge cell replaces the missing one.
  const auto clamp_index = [](double index, std::size_t size) {
    return static_cast<std::size_t>(
        std::clamp(index, 0.0, static_cast<double>(size - 1)));
  };
  const std::array<std::size_t, 2> cols{clamp_index(left, impl_->cols),
                                        clamp_index(left + 1.0, impl_->cols)};
  const std::array<std::size_t, 2> rows{clamp_index(top, impl_->rows),
                                        clamp_index(top + 1.0, impl_->rows)};
  const std::array<double, 2> col_weights{1.0 - fx, fx};
  const std::array<double, 2> row_weights{1.0 - fy, fy};

  double total = 0.0;
  for (std::size_t i = 0; i < 2; ++i) {
    for (std::size_t j = 0; j < 2; ++j) {
      const double weight = row_weights[i] * col_weights[j];
      if (weight == 0.0) {
        continue;
      }
      const std::optional<double> value = impl_->cell(rows[i], cols[j]);
      if (!value) {
        return std::nullopt;
      }
      total += weight * *value;
    }
  }
  return total;
}

double RasterSampler::cell_size_m() const {
  return impl_->cell_size_m;
}

std::size_t RasterSampler::rows() const {
  return impl_->rows;
}

std::size_t RasterSampler::cols() const {
  return impl_->cols;
}

const std::string& RasterSampler::path() const {
  return impl_->path;
}

std::optional<double> RasterSampler::nodata() const {
  return impl_->nodata;
}

bool RasterSampler::transforms_points() const {
  return impl_->transformer != nullptr;
}

std::size_t RasterSampler::windows_read() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->windows_read;
}

} // namespace georiviere
