// `georiviere dem`: a DEM in, a river network with sub-catchments out.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "commands.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/io/dem_output.hpp"
#include "georiviere/io/raster_io.hpp"
#include "georiviere/raster/dem_pipeline.hpp"
#include "georiviere/region/region_profile.hpp"
#include "georiviere/region/stream_thresholds.hpp"
#include "output_arguments.hpp"
#include "progress_display.hpp"
#include "region_argument.hpp"

namespace georiviere::cli {
namespace {

struct DemArguments {
  std::string dem;
  double threshold_km2 = 1.0;
  std::string outlets;
  std::string outlet_layer;
  double snap_distance_m = 100.0;
  std::string rasters;
  std::string crs;
  bool breach = false;
  bool gdal_polygonize = false;
  int threads = 1;
  std::string output;
  bool overwrite = false;
  bool quiet = false;
  std::string region;    // preset name or profile file; empty: no profile
  std::string catalogue; // catalogue file that contains `region`
  const CLI::Option* threshold_option = nullptr;
};

// The region profile and the stream thresholds it sets, for the summary.
struct RegionThresholds {
  std::string profile_name;
  std::string origin;
  bool from_profile = false; // false: --threshold-km2 replaced them
  double default_km2 = 0.0;
  std::vector<GridThresholdOverride> overrides;
};

std::string number(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

void check_arguments(const DemArguments& args) {
  if (!(args.threshold_km2 > 0.0) || !std::isfinite(args.threshold_km2)) {
    throw InvalidInputError("invalid --threshold-km2 " +
                            number(args.threshold_km2) +
                            ": give an upstream area in km2 above 0");
  }
  if (!(args.snap_distance_m >= 0.0) || !std::isfinite(args.snap_distance_m)) {
    throw InvalidInputError("invalid --snap-distance " +
                            number(args.snap_distance_m) +
                            ": give a distance in metres, 0 or more");
  }
  if (args.threads < 1 || args.threads > detail::max_thread_count) {
    throw InvalidInputError(
        "invalid --threads " + std::to_string(args.threads) + ": give 1 to " +
        std::to_string(detail::max_thread_count) + " threads");
  }
}

const std::vector<std::string> raster_names = {"filled.tif", "flowdir.tif",
                                               "accumulation.tif"};

// Checks every output before the long work starts, so a run that would
// fail at the end fails at once. The writers check again.
void check_output_paths(const DemArguments& args,
                        const std::vector<std::string>& extra_layers) {
  namespace fs = std::filesystem;
  const fs::path output(args.output);
  const fs::path parent =
      output.has_parent_path() ? output.parent_path() : fs::path(".");
  if (!fs::is_directory(parent)) {
    throw IoError("output directory does not exist: " + parent.string() +
                  "; create it or choose another output path");
  }
  std::vector<std::string> paths =
      dem_output_paths(args.output, "", extra_layers);
  if (!args.rasters.empty()) {
    if (!fs::is_directory(args.rasters)) {
      throw IoError("raster directory does not exist: " + args.rasters +
                    "; create it or choose another --rasters directory");
    }
    for (const std::string& name : raster_names) {
      paths.push_back((fs::path(args.rasters) / name).string());
    }
  }
  std::error_code error;
  for (const std::string& path : paths) {
    if (fs::exists(path) && fs::equivalent(args.dem, path, error)) {
      throw IoError("output " + path +
                    " is the input DEM; choose another output path");
    }
    if (fs::exists(path) && !args.overwrite) {
      throw IoError("output already exists: " + path +
                    "; pass --overwrite to replace it");
    }
  }
}

void print_region(const RegionThresholds& region) {
  std::printf("region: %s (%s)\n", region.profile_name.c_str(),
              region.origin.c_str());
  if (!region.from_profile) {
    std::printf("region: stream thresholds replaced by --threshold-km2\n");
    return;
  }
  std::string text = number(region.default_km2) + " km2";
  for (const GridThresholdOverride& entry : region.overrides) {
    text += ", " + number(entry.threshold_km2) + " km2 in ";
    if (entry.from_polygons) {
      text += "polygons '" + entry.name + "' (" +
              std::to_string(entry.polygons) + " polygons, " +
              std::to_string(entry.cells) + " cells)";
    } else {
      text += "box '" + entry.name + "'";
    }
  }
  std::printf("region: stream thresholds %s\n", text.c_str());
}

void print_summary(const DemArguments& args, const DemNetworkResult& result,
                   const std::vector<std::string>& written,
                   const RegionThresholds* region) {
  const DemSummary& s = result.summary;
  double length_m = 0.0;
  int max_order = 0;
  for (const Reach& reach : result.network.reaches) {
    length_m += reach.length_m;
    max_order = std::max(max_order, reach.strahler);
  }
  std::map<std::string_view, std::size_t> problems;
  for (const Problem& problem : result.network.problems) {
    ++problems[to_string(problem.kind)];
  }
  if (region != nullptr) {
    print_region(*region);
  }
  std::printf("input: %zu x %zu cells, %zu valid, %.3f km2, from %s\n", s.rows,
              s.cols, s.valid_cells, s.valid_area_km2, args.dem.c_str());
  std::printf("crs: %s; working crs: %s\n",
              result.referencing.grid_crs_name.c_str(),
              result.referencing.working_crs_name.c_str());
  std::printf("conditioned cells: %zu; flat cells directed: %zu\n",
              s.conditioned_cells, s.flat_cells);
  std::string threshold = number(args.threshold_km2) + " km2";
  if (region != nullptr && !region->overrides.empty()) {
    threshold += " outside the region's overrides";
  }
  std::printf("stream cells: %zu (threshold %s, largest upstream area "
              "%.3f km2)\n",
              s.stream_cells, threshold.c_str(), s.max_upstream_area_km2);
  std::printf("reaches: %zu, %.3f km, maximum Strahler order %d\n",
              result.network.reaches.size(), length_m / 1000.0, max_order);
  std::printf("nodes: %zu\n", result.network.nodes.size());
  std::string problem_text;
  for (const auto& [kind, count] : problems) {
    problem_text += (problem_text.empty() ? "" : ", ") + std::string(kind) +
                    " " + std::to_string(count);
  }
  std::printf("problems: %zu (%s)\n", result.network.problems.size(),
              problem_text.empty() ? "none" : problem_text.c_str());
  std::printf("catchments: %zu\n", result.catchments.attributes.rows.size());
  if (!result.outlets.empty()) {
    std::size_t snapped = 0;
    for (const SnappedOutlet& outlet : result.outlets) {
      snapped += outlet.snapped ? 1 : 0;
    }
    std::printf("outlets: %zu given, %zu snapped\n", result.outlets.size(),
                snapped);
  }
  print_outputs(written);
}

// Warns on stderr about outlet points that found no stream cell.
void report_unsnapped(const DemArguments& args,
                      const DemNetworkResult& result) {
  for (const SnappedOutlet& outlet : result.outlets) {
    if (!outlet.snapped) {
      std::fprintf(stderr,
                   "georiviere: warning: outlet %lld of %s (%.3f, %.3f) is "
                   "more than %s m from any stream cell and was not snapped; "
                   "raise --snap-distance or lower --threshold-km2\n",
                   static_cast<long long>(outlet.fid), args.outlets.c_str(),
                   outlet.position.x, outlet.position.y,
                   number(args.snap_distance_m).c_str());
    }
  }
}

// Sets the thresholds of `options` from the profile's [streams] table,
// drawn on the DEM's grid. `thresholds` owns the cells of polygon
// overrides, so it must outlive the pipeline run.
void apply_stream_rules(const RegionProfile& profile,
                        const std::string& grid_crs, const Grid<float>& dem,
                        DemPipelineOptions<float>& options,
                        GridStreamThresholds& thresholds,
                        RegionThresholds& region) {
  thresholds = stream_thresholds_on_grid(profile, grid_crs, dem.transform(),
                                         dem.rows(), dem.cols());
  options.threshold_km2 = thresholds.threshold.default_km2;
  options.threshold_boxes = thresholds.threshold.boxes;
  region.default_km2 = thresholds.threshold.default_km2;
  region.overrides = thresholds.overrides;
}

void run_dem(DemArguments args) {
  namespace fs = std::filesystem;
  std::optional<RegionProfile> profile;
  RegionThresholds region;
  if (!args.region.empty()) {
    profile = resolve_region(args.region, args.catalogue, region.origin);
    region.profile_name = profile->name;
    region.from_profile =
        args.threshold_option == nullptr || args.threshold_option->count() == 0;
    if (region.from_profile) {
      args.threshold_km2 = profile->streams.threshold_km2;
    }
  }
  check_arguments(args);
  std::vector<std::string> extra_layers = {"catchments"};
  if (!args.outlets.empty()) {
    extra_layers.push_back("outlets");
    extra_layers.push_back("outlet_catchments");
  }
  check_output_paths(args, extra_layers);
  ProgressDisplay display(!args.quiet);

  // GDAL's block cache defaults to 5% of the RAM, and writing the rasters
  // through it would hold a copy of each grid. 256 MB bounds that copy
  // unless the user set GDAL_CACHEMAX.
  ::setenv("GDAL_CACHEMAX", "256", 0);

  // NOTE: the DEM is read as float32 (4 bytes per cell) whatever its type,
  // so a Float64 DEM keeps about 7 significant digits.
  Grid<float> dem = read_raster<float>(args.dem, 1, args.threads);
  if (dem.crs_wkt().empty() && args.crs.empty() && profile &&
      profile->epsg != 0) {
    args.crs = "EPSG:" + std::to_string(profile->epsg);
  }
  if (dem.crs_wkt().empty() && args.crs.empty()) {
    throw CrsError("the DEM " + args.dem +
                   " has no CRS; pass it with --crs, such as --crs "
                   "EPSG:2154");
  }

  DemPipelineOptions<float> options;
  options.threshold_km2 = args.threshold_km2;
  options.depressions =
      args.breach ? DepressionMethod::breach : DepressionMethod::fill;
  options.crs = args.crs;
  options.snap_distance_m = args.snap_distance_m;
  options.progress = display.callback();
  options.threads = args.threads;
  options.gdal_polygonize = args.gdal_polygonize;
  GridStreamThresholds thresholds;
  if (profile && region.from_profile) {
    apply_stream_rules(*profile, args.crs.empty() ? dem.crs_wkt() : args.crs,
                       dem, options, thresholds, region);
  }
  if (!args.outlets.empty()) {
    const GridReferencing referencing =
        describe_grid_referencing(args.crs.empty() ? dem.crs_wkt() : args.crs,
                                  dem.transform(), dem.rows(), dem.cols());
    options.outlets =
        read_outlet_points(args.outlets, args.outlet_layer, referencing);
  }

  // Rasters are written under temporary names and renamed after the
  // vector output, so a failed run leaves none of them behind.
  std::vector<std::pair<fs::path, fs::path>> rasters;
  if (!args.rasters.empty()) {
    const fs::path directory(args.rasters);
    const std::string suffix =
        ".dem-tmp-" + std::to_string(static_cast<long>(::getpid()));
    for (const std::string& name : raster_names) {
      rasters.emplace_back(directory / ("." + name + suffix + ".tif"),
                           directory / name);
    }
    options.grids.conditioned_dem = [&rasters](const Grid<float>& grid) {
      write_raster(grid, rasters[0].first.string());
    };
    options.grids.flow_directions = [&rasters](const Grid<std::uint8_t>& grid) {
      Grid<std::uint8_t> esri = d8_to_esri(grid.view());
      esri.copy_georeferencing(grid);
      write_raster(esri, rasters[1].first.string());
    };
    options.grids.upstream_area_km2 = [&rasters](const Grid<double>& grid) {
      write_raster(grid, rasters[2].first.string());
    };
  }

  std::vector<std::string> written;
  try {
    const DemNetworkResult result =
        derive_river_network(std::move(dem), options);
    std::vector<FeatureLayer> layers = {result.catchments};
    if (!args.outlets.empty()) {
      layers.push_back(result.outlet_points);
      layers.push_back(result.outlet_catchments);
    }
    WriteOptions write;
    write.overwrite = args.overwrite;
    write.inputs = {args.dem};
    if (!args.outlets.empty()) {
      write.inputs.push_back(args.outlets);
    }
    write.progress = display.callback();
    written = write_dem_network(result.network, layers, args.output, write);
    for (const auto& [temporary, target] : rasters) {
      fs::rename(temporary, target);
      written.push_back(target.string());
    }
    display.finish();
    report_unsnapped(args, result);
    if (!args.quiet) {
      print_summary(args, result, written, profile ? &region : nullptr);
    }
  } catch (...) {
    for (const auto& [temporary, target] : rasters) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
    }
    throw;
  }
}

} // namespace

void add_dem_command(CLI::App& app) {
  auto args = std::make_shared<DemArguments>();
  CLI::App* command = app.add_subcommand(
      "dem", "Derive a river network and its catchments from a DEM");

  command
      ->add_option("DEM", args->dem, "Elevation model: any GDAL raster, band 1")
      ->required();
  args->threshold_option = command->add_option(
      "--threshold-km2", args->threshold_km2,
      "Upstream area in km2 from which a cell is a stream (default 1, or "
      "the --region profile's [streams] thresholds)");
  CLI::Option* region_option = command->add_option(
      "--region", args->region,
      "Region profile: a preset name, a profile file, or a region of the "
      "--catalogue file; its [streams] table sets the thresholds and its "
      "epsg the CRS of a DEM that has none");
  command
      ->add_option("--catalogue", args->catalogue,
                   "Catalogue file that contains the --region region")
      ->needs(region_option);
  command->add_option("--outlets", args->outlets,
                      "Points whose catchments to delineate: any OGR "
                      "dataset of points");
  command->add_option("--outlet-layer", args->outlet_layer,
                      "Layer of the outlet dataset; default: the only or "
                      "first point layer");
  command->add_option("--snap-distance", args->snap_distance_m,
                      "Largest distance in metres from an outlet point to "
                      "the stream cell it moves to (default 100)");
  command->add_option("--rasters", args->rasters,
                      "Directory to write filled.tif, flowdir.tif (ESRI "
                      "codes) and accumulation.tif (upstream area in km2)");
  command->add_option("--crs", args->crs,
                      "CRS of the DEM, such as EPSG:2154; needed when the "
                      "file has none, and overrides the file's CRS");
  command->add_flag("--breach", args->breach,
                    "Carve depressions open instead of filling them");
  command->add_flag("--gdal-polygonize", args->gdal_polygonize,
                    "Polygonize catchments with GDAL's polygonizer: the "
                    "same polygons, several times slower");
  command->add_option("--threads", args->threads,
                      "Threads for filling, D8 directions, flat "
                      "resolution, flow accumulation and catchment "
                      "labelling (default 1); the other steps use one, and "
                      "the output is the same for any count");
  add_output_options(*command, args->output, args->overwrite, args->quiet,
                     "Output dataset; the format follows the extension "
                     "(.gpkg by default)",
                     "Replace the outputs if they exist");

  command->callback([args] { run_dem(*args); });
}

} // namespace georiviere::cli
