// `georiviere profile`: longitudinal profiles of rivers on a DEM, as CSV.
//
// Outputs: OUT.csv with one row per sample (river, main_stem_id, measure_m,
// reach, x, y, z, and smoothed_z with --smooth), and OUT_summary.csv beside
// it with one row per river, per reach and, with --segment-length, per
// segment. z is empty where the DEM has no value. A short summary per
// river goes to stdout.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "csv_output.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/io/raster_sampler.hpp"
#include "georiviere/io/text_output.hpp"
#include "georiviere/referencing/profile.hpp"
#include "georiviere/referencing/rivers.hpp"
#include "georiviere/referencing/segmentation.hpp"
#include "network_input.hpp"
#include "output_arguments.hpp"
#include "progress_display.hpp"

namespace georiviere::cli {
namespace {

struct ProfileArguments {
  NetworkInputArguments input;
  std::string dem;
  int band = 1;
  std::string river;
  double step_m = 0.0;
  double smoothing_window_m = 0.0;
  double segment_length_m = 0.0;
  std::string output;
  bool overwrite = false;
  bool quiet = false;
};

// The summary table's path: OUT_summary.csv beside OUT.csv.
std::string summary_path(const std::string& output) {
  std::filesystem::path path(output);
  path.replace_filename(path.stem().string() + "_summary" +
                        path.extension().string());
  return path.string();
}

std::string format_number(double value, const char* format = "%.3f") {
  if (std::isnan(value)) {
    return {};
  }
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

void check_distance(const char* option, double value_m, bool zero_allowed) {
  const bool valid =
      std::isfinite(value_m) && (zero_allowed ? value_m >= 0.0 : value_m > 0.0);
  if (!valid) {
    throw InvalidInputError(std::string("invalid ") + option + " " +
                            (std::isnan(value_m)
                                 ? std::string("nan")
                                 : format_number(value_m, "%g")) +
                            ": give a distance in metres, " +
                            (zero_allowed ? "0 or more" : "more than 0"));
  }
}

void append_samples(std::string& csv, const LongitudinalProfile& profile) {
  for (std::size_t i = 0; i < profile.size(); ++i) {
    csv +=
        csv_field(profile.name) + "," + std::to_string(profile.main_stem_id) +
        "," + format_number(profile.measure_m[i]) + "," +
        std::to_string(profile.reach[i]) + "," +
        format_number(profile.points[i].x) + "," +
        format_number(profile.points[i].y) + "," + format_number(profile.z[i]);
    if (profile.smoothed()) {
      csv += "," + format_number(profile.smoothed_z[i]);
    }
    csv += "\n";
  }
}

const char* const summary_header =
    "river,main_stem_id,level,reach,segment,start_m,end_m,length_m,start_z,"
    "end_z,min_z,max_z,drop_m,mean_slope,ascent_m,descent_m,samples,"
    "nodata_samples\n";

void append_summary(std::string& csv, const LongitudinalProfile& profile,
                    const char* level, const std::string& reach,
                    const std::string& segment, const ProfileSummary& s) {
  csv += csv_field(profile.name) + "," + std::to_string(profile.main_stem_id) +
         "," + level + "," + reach + "," + segment + "," +
         format_number(s.start_m) + "," + format_number(s.end_m) + "," +
         format_number(s.length_m()) + "," + format_number(s.start_z) + "," +
         format_number(s.end_z) + "," + format_number(s.min_z) + "," +
         format_number(s.max_z) + "," + format_number(s.drop_m) + "," +
         format_number(s.mean_slope, "%.6f") + "," + format_number(s.ascent_m) +
         "," + format_number(s.descent_m) + "," +
         std::to_string(s.sample_count) + "," + std::to_string(s.nodata_count) +
         "\n";
}

void run_profile(const ProfileArguments& args) {
  if (args.band < 1) {
    throw InvalidInputError("invalid --band " + std::to_string(args.band) +
                            ": give a band number, 1 or more");
  }
  check_distance("--step", args.step_m, true);
  check_distance("--smooth", args.smoothing_window_m, true);
  check_distance("--segment-length", args.segment_length_m, true);
  const NetworkInputPlan plan = plan_network_input(args.input);
  WriteOptions write;
  write.overwrite = args.overwrite;
  write.inputs = {args.input.input, args.dem};
  const std::vector<std::string> outputs{args.output,
                                         summary_path(args.output)};
  check_text_output_paths(outputs, write);
  check_csv_output(args.output);

  ProgressDisplay display(!args.quiet);
  const NetworkInput input =
      read_network_input(args.input, plan, display.callback());
  const RiverNetwork& network = input.network;
  const RasterSampler dem(args.dem, network.crs_wkt, args.band);

  const std::vector<River> all_rivers = list_rivers(network);
  std::vector<River> rivers;
  if (args.river.empty()) {
    rivers = all_rivers;
  } else {
    for (const River* river : find_rivers(all_rivers, args.river)) {
      rivers.push_back(*river);
    }
  }

  std::vector<RiverSegment> segments;
  if (args.segment_length_m > 0.0) {
    SegmentOptions cut;
    cut.length_m = args.segment_length_m;
    cut.progress = display.callback();
    segments = segment_rivers(network, rivers, cut);
  }

  ProfileOptions options;
  options.step_m = args.step_m;
  options.smoothing_window_m = args.smoothing_window_m;
  const ProfileValues values = args.smoothing_window_m > 0.0
                                   ? ProfileValues::smoothed
                                   : ProfileValues::raw;

  std::string samples = "river,main_stem_id,measure_m,reach,x,y,z";
  samples += values == ProfileValues::smoothed ? ",smoothed_z\n" : "\n";
  std::string summaries = summary_header;
  std::vector<std::string> lines;
  std::size_t gap_count = 0;
  const ProgressCallback progress = display.callback();
  ProgressReporter reporter(progress, "sampling profiles", rivers.size());
  std::size_t next_segment = 0;
  bool any_elevation = false;
  for (std::size_t r = 0; r < rivers.size(); ++r) {
    const LongitudinalProfile profile =
        river_profile(network, rivers[r], dem, options);
    append_samples(samples, profile);
    any_elevation = any_elevation || profile.has_elevation();

    const ProfileSummary whole = summarize_profile(profile, values);
    append_summary(summaries, profile, "river", "", "", whole);
    const std::vector<ProfileSummary> reaches =
        summarize_reaches(profile, values);
    for (std::size_t i = 0; i < reaches.size(); ++i) {
      append_summary(summaries, profile, "reach",
                     std::to_string(profile.reaches[i].reach), "", reaches[i]);
    }
    // segment_rivers() lists the segments river by river, in order.
    while (next_segment < segments.size() &&
           segments[next_segment].main_stem_id == profile.main_stem_id) {
      const RiverSegment& segment = segments[next_segment++];
      append_summary(
          summaries, profile, "segment", "", std::to_string(segment.index),
          summarize_profile(profile, {segment.start_m, segment.end_m}, values));
    }

    gap_count += profile.gaps.size();
    const std::string drop = format_number(whole.drop_m);
    const std::string slope = format_number(whole.mean_slope * 1000.0);
    char line[512];
    std::snprintf(line, sizeof line,
                  "river %s (main stem %lld): %.3f km, drop %s m, mean slope "
                  "%s m/km, %zu samples, %zu nodata gaps\n",
                  profile.name.empty() ? "(unnamed)" : profile.name.c_str(),
                  static_cast<long long>(profile.main_stem_id),
                  profile.length_m / 1000.0,
                  drop.empty() ? "unknown" : drop.c_str(),
                  slope.empty() ? "unknown" : slope.c_str(), profile.size(),
                  profile.gaps.size());
    lines.push_back(line);
    reporter.update(r + 1);
  }
  reporter.finish();
  if (!rivers.empty() && !any_elevation) {
    throw_no_elevation(args.dem, rivers.size());
  }

  write_text_files({{outputs[0], samples}, {outputs[1], summaries}}, write);
  display.finish();
  if (!args.quiet) {
    for (const std::string& line : lines) {
      std::fputs(line.c_str(), stdout);
    }
    print_outputs(outputs);
  }
  if (gap_count > 0) {
    std::fprintf(stderr,
                 "georiviere: warning: %zu runs of samples without DEM "
                 "value (outside the DEM or nodata); their z is empty\n",
                 gap_count);
  }
}

} // namespace

void add_profile_command(CLI::App& app) {
  auto args = std::make_shared<ProfileArguments>();
  CLI::App* command = app.add_subcommand(
      "profile", "Sample longitudinal profiles of rivers on a DEM");
  add_network_input_options(
      *command, args->input, "NETWORK",
      "River lines: any OGR dataset (Shapefile, GeoPackage, GeoJSON, GML, "
      "OSM PBF), or the reaches layer of 'georiviere network'");
  command
      ->add_option("--dem", args->dem,
                   "Elevation model: any GDAL raster, in any CRS (points are "
                   "transformed to it); one without a CRS is rejected")
      ->required();
  command->add_option("--band", args->band, "Band of the DEM (default 1)");
  command->add_option("--river", args->river,
                      "River to profile: a name (every river of that name) "
                      "or a main stem id; default: every river");
  command->add_option("--step", args->step_m,
                      "Distance between samples, in metres (default: the "
                      "DEM's cell size)");
  command->add_option("--smooth", args->smoothing_window_m,
                      "Width of a moving-average window, in metres, for a "
                      "smoothed_z column; the summaries then use smoothed_z "
                      "(default 0: no smoothing)");
  command->add_option("--segment-length", args->segment_length_m,
                      "Also summarise segments of this length, in metres, "
                      "from each river's source (default 0: none)");
  add_output_options(*command, args->output, args->overwrite, args->quiet,
                     "Output CSV of the samples; the summaries go to "
                     "STEM_summary.csv beside it",
                     "Replace the outputs if they exist");
  command->callback([args] { run_profile(*args); });
}

} // namespace georiviere::cli
