// Longitudinal profiles: the elevation of a DEM sampled along a river or a
// reach, its nodata gaps, an optional moving-average smoothing, and summaries
// (minimum, maximum, drop, mean slope, total ascent and descent) per reach or
// per interval of measures.
//
// Sampling: samples lie every `step_m` metres from the river's source (or
// the reach's upstream end), plus one at each reach end. So every reach of
// a river starts and ends on a sample, and the last sample is the mouth.
// A sample on the end shared by two reaches belongs to the downstream one.
// Measures follow rivers.hpp: metres along the reach geometries. With a
// RasterSampler, elevations are bilinear interpolations between the four
// nearest cell centres, and the default step is the DEM's cell size.
//
// Nodata: a sample whose elevation source returns no value (outside the
// DEM, a nodata cell among the four, or a failed transformation) has
// z = NaN, and each run of such samples is a NodataGap.
//
// Smoothing: with smoothing_window_m > 0, smoothed_z[i] is the arithmetic
// mean of the valid z of the samples whose measure is within half the
// window of sample i. The window is cut at the profile's ends, and a
// nodata sample stays NaN.
//
// Summaries: over an interval [start, end] of measures, the values are the
// profile's interpolated at start and at end (linearly between the two
// neighbouring samples, NaN when one of them is NaN) and those of the
// samples strictly inside. Minimum and maximum are taken over the valid
// values. Ascent and descent add up the rises and falls between consecutive
// valid values, bridging nodata gaps. So when both ends are valid,
// descent - ascent = drop = start_z - end_z, up to rounding. Mean slope is
// drop / length, in m/m, positive downhill.
//
// Complexity: O(n + k) for n samples and k vertices, plus one elevation
// lookup per sample; smoothing O(n); a summary O(log n + m) for the m
// samples inside the interval.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/io/raster_sampler.hpp"
#include "georiviere/referencing/measure_interval.hpp"
#include "georiviere/referencing/rivers.hpp"

namespace georiviere {

// Elevation at a point in the network's CRS, or nullopt for no value.
using ElevationFunction = std::function<std::optional<double>(const Point&)>;

struct ProfileOptions {
  // Distance between samples, in metres. 0 takes the DEM's cell size with
  // the RasterSampler overloads, and is invalid otherwise.
  double step_m = 0.0;
  // Width of the moving-average window, in metres; 0: no smoothing.
  double smoothing_window_m = 0.0;
  // Maximum number of samples, against a step given in the wrong unit.
  std::size_t max_samples = 50'000'000;
};

// A run of consecutive samples without elevation, from the measure of its
// first sample to the measure of its last.
struct NodataGap {
  double start_m = 0.0;
  double end_m = 0.0;
  std::size_t sample_count = 0;
};

// A longitudinal profile, one entry per sample in each vector, ordered
// downstream.
struct LongitudinalProfile {
  ReachId main_stem_id = no_id; // no_id for the profile of a lone reach
  std::string name;
  double length_m = 0.0;
  double step_m = 0.0;
  double smoothing_window_m = 0.0;
  // The reaches sampled, with their measures along the profile.
  std::vector<RiverReachSpan> reaches;

  std::vector<double> measure_m; // from the source, or the reach's start
  std::vector<ReachId> reach;
  std::vector<Point> points;
  std::vector<double> z;          // NaN for nodata
  std::vector<double> smoothed_z; // empty without smoothing, NaN for nodata
  std::vector<NodataGap> gaps;

  std::size_t size() const { return measure_m.size(); }
  bool smoothed() const { return !smoothed_z.empty(); }
  // True when at least one sample has an elevation.
  bool has_elevation() const {
    return std::any_of(z.begin(), z.end(),
                       [](double value) { return !std::isnan(value); });
  }
};

// Summary of a profile over an interval of measures. Elevations in metres;
// NaN where there is no valid value.
struct ProfileSummary {
  double start_m = 0.0;
  double end_m = 0.0;
  double start_z = std::numeric_limits<double>::quiet_NaN();
  double end_z = std::numeric_limits<double>::quiet_NaN();
  double min_z = std::numeric_limits<double>::quiet_NaN();
  double max_z = std::numeric_limits<double>::quiet_NaN();
  double drop_m = std::numeric_limits<double>::quiet_NaN();     // start - end
  double mean_slope = std::numeric_limits<double>::quiet_NaN(); // m/m
  double ascent_m = 0.0;
  double descent_m = 0.0;
  // Values summarised: the two ends and the samples between them.
  std::size_t sample_count = 0;
  std::size_t nodata_count = 0; // of which without value

  double length_m() const { return end_m - start_m; }
};

// Values of a profile that a summary reads: raw or smoothed.
enum class ProfileValues { raw, smoothed };

namespace detail {

inline void check_profile_options(const ProfileOptions& options) {
  if (!(options.step_m > 0.0) || !std::isfinite(options.step_m)) {
    throw InvalidInputError("invalid profile step " +
                            std::to_string(options.step_m) +
                            ": give a distance in metres, more than 0");
  }
  if (!(options.smoothing_window_m >= 0.0) ||
      !std::isfinite(options.smoothing_window_m)) {
    throw InvalidInputError("invalid smoothing window " +
                            std::to_string(options.smoothing_window_m) +
                            ": give a width in metres, 0 for no smoothing");
  }
}

// The sample measures along the spans: every step from 0, and each span's
// ends, sorted and without duplicates.
inline std::vector<double>
sample_measures(const std::vector<RiverReachSpan>& spans, double length_m,
                const ProfileOptions& options) {
  const double count = std::floor(length_m / options.step_m) + 1.0 +
                       static_cast<double>(spans.size()) + 1.0;
  if (count > static_cast<double>(options.max_samples)) {
    throw InvalidInputError("a profile step of " +
                            std::to_string(options.step_m) + " m over " +
                            std::to_string(length_m) + " m gives about " +
                            std::to_string(static_cast<long long>(count)) +
                            " samples, more than the maximum of " +
                            std::to_string(options.max_samples) +
                            ": give a longer step, in metres");
  }
  std::vector<double> ends;
  ends.reserve(spans.size() + 1);
  for (const RiverReachSpan& span : spans) {
    ends.push_back(span.start_m);
  }
  ends.push_back(length_m);
  std::sort(ends.begin(), ends.end());

  // A step measure within a micrometre of a reach end gives way to it, so
  // that reach ends keep their exact measures.
  constexpr double same_m = 1e-6;
  std::vector<double> measures = ends;
  measures.reserve(static_cast<std::size_t>(count));
  for (double k = 0.0; k * options.step_m < length_m; k += 1.0) {
    const double measure = k * options.step_m;
    const auto next = std::lower_bound(ends.begin(), ends.end(), measure);
    const bool near_next = next != ends.end() && *next - measure <= same_m;
    const bool near_previous =
        next != ends.begin() && measure - *std::prev(next) <= same_m;
    if (!near_next && !near_previous) {
      measures.push_back(measure);
    }
  }
  std::sort(measures.begin(), measures.end());
  measures.erase(std::unique(measures.begin(), measures.end()), measures.end());
  return measures;
}

// Walks a polyline forward by measure, for increasing measures.
class LineCursor {
public:
  explicit LineCursor(const Polyline& line) : line_(line) {}

  Point point_at(double measure_m) {
    if (line_.empty()) {
      return {};
    }
    while (segment_ + 1 < line_.size()) {
      const Point& a = line_.points[segment_];
      const Point& b = line_.points[segment_ + 1];
      const double length = distance(a, b);
      if (measure_m <= start_ + length || segment_ + 2 == line_.size()) {
        const double t =
            length > 0.0 ? std::clamp((measure_m - start_) / length, 0.0, 1.0)
                         : 0.0;
        return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
      }
      start_ += length;
      ++segment_;
    }
    return line_.front();
  }

private:
  const Polyline& line_;
  std::size_t segment_ = 0;
  double start_ = 0.0;
};

inline std::vector<NodataGap> find_nodata_gaps(const std::vector<double>& m,
                                               const std::vector<double>& z) {
  std::vector<NodataGap> gaps;
  for (std::size_t i = 0; i < z.size(); ++i) {
    if (!std::isnan(z[i])) {
      continue;
    }
    if (!gaps.empty() && i > 0 && std::isnan(z[i - 1])) {
      gaps.back().end_m = m[i];
      ++gaps.back().sample_count;
    } else {
      gaps.push_back({m[i], m[i], 1});
    }
  }
  return gaps;
}

// Centred moving average of the valid values within half the window.
inline std::vector<double> moving_average(const std::vector<double>& m,
                                          const std::vector<double>& z,
                                          double window_m) {
  const double half = window_m / 2.0;
  std::vector<double> result(z.size(),
                             std::numeric_limits<double>::quiet_NaN());
  std::size_t first = 0; // first sample in the window
  std::size_t last = 0;  // one past the last sample in the window
  double sum = 0.0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    while (last < z.size() && m[last] <= m[i] + half) {
      if (!std::isnan(z[last])) {
        sum += z[last];
        ++count;
      }
      ++last;
    }
    while (m[first] < m[i] - half) {
      if (!std::isnan(z[first])) {
        sum -= z[first];
        --count;
      }
      ++first;
    }
    if (!std::isnan(z[i]) && count > 0) {
      result[i] = sum / static_cast<double>(count);
    }
  }
  return result;
}

// Samples the profile along `spans`, whose geometries are the reaches'.
inline LongitudinalProfile sample_profile(const RiverNetwork& network,
                                          std::vector<RiverReachSpan> spans,
                                          double length_m,
                                          const ElevationFunction& elevation,
                                          const ProfileOptions& options) {
  check_profile_options(options);
  LongitudinalProfile profile;
  profile.length_m = length_m;
  profile.step_m = options.step_m;
  profile.smoothing_window_m = options.smoothing_window_m;
  if (spans.empty()) {
    profile.reaches = std::move(spans);
    return profile;
  }

  const std::vector<double> measures =
      sample_measures(spans, length_m, options);
  const std::size_t n = measures.size();
  profile.measure_m.reserve(n);
  profile.reach.reserve(n);
  profile.points.reserve(n);
  profile.z.reserve(n);

  std::size_t span = 0;
  std::optional<LineCursor> cursor;
  cursor.emplace(network.reaches[spans[0].reach].geometry);
  for (const double measure : measures) {
    // A measure on a reach end goes to the downstream reach.
    while (span + 1 < spans.size() && measure >= spans[span + 1].start_m) {
      ++span;
      cursor.emplace(network.reaches[spans[span].reach].geometry);
    }
    const Point point = cursor->point_at(measure - spans[span].start_m);
    const std::optional<double> value = elevation(point);
    profile.measure_m.push_back(measure);
    profile.reach.push_back(spans[span].reach);
    profile.points.push_back(point);
    profile.z.push_back(value && std::isfinite(*value)
                            ? *value
                            : std::numeric_limits<double>::quiet_NaN());
  }

  profile.gaps = find_nodata_gaps(profile.measure_m, profile.z);
  if (options.smoothing_window_m > 0.0) {
    profile.smoothed_z = moving_average(profile.measure_m, profile.z,
                                        options.smoothing_window_m);
  }
  profile.reaches = std::move(spans);
  return profile;
}

inline ProfileOptions with_cell_size_step(ProfileOptions options,
                                          const RasterSampler& dem) {
  if (options.step_m == 0.0) {
    options.step_m = dem.cell_size_m();
  }
  return options;
}

inline ElevationFunction bilinear_elevation(const RasterSampler& dem) {
  return [&dem](const Point& point) { return dem.bilinear(point); };
}

} // namespace detail

// Samples the profile of a river from its source to its mouth. Throws
// InvalidInputError for a step that is not more than 0, a negative
// smoothing window, or more than options.max_samples samples.
inline LongitudinalProfile river_profile(const RiverNetwork& network,
                                         const River& river,
                                         const ElevationFunction& elevation,
                                         const ProfileOptions& options) {
  LongitudinalProfile profile = detail::sample_profile(
      network, river.reaches, river.length_m, elevation, options);
  profile.main_stem_id = river.main_stem_id;
  profile.name = river.name;
  return profile;
}

// Samples the profile of one reach from its upstream end. Throws
// InvalidInputError for an unknown reach id and as river_profile() does.
inline LongitudinalProfile reach_profile(const RiverNetwork& network,
                                         ReachId reach,
                                         const ElevationFunction& elevation,
                                         const ProfileOptions& options) {
  const auto count = static_cast<ReachId>(network.reaches.size());
  if (reach < 0 || reach >= count) {
    throw InvalidInputError("reach id " + std::to_string(reach) +
                            " is not in the network, which has " +
                            std::to_string(count) + " reaches");
  }
  const double length = network.reaches[reach].geometry.length();
  LongitudinalProfile profile =
      detail::sample_profile(network, {RiverReachSpan{reach, 0.0, length}},
                             length, elevation, options);
  profile.name = network.reaches[reach].name;
  return profile;
}

// Samples the DEM bilinearly along the river. A step of 0 takes the DEM's
// cell size. The points are in the network's CRS, so the sampler must be
// opened with that CRS (RiverNetwork::crs_wkt) as its points CRS.
inline LongitudinalProfile river_profile(const RiverNetwork& network,
                                         const River& river,
                                         const RasterSampler& dem,
                                         const ProfileOptions& options = {}) {
  return river_profile(network, river, detail::bilinear_elevation(dem),
                       detail::with_cell_size_step(options, dem));
}

inline LongitudinalProfile reach_profile(const RiverNetwork& network,
                                         ReachId reach,
                                         const RasterSampler& dem,
                                         const ProfileOptions& options = {}) {
  return reach_profile(network, reach, detail::bilinear_elevation(dem),
                       detail::with_cell_size_step(options, dem));
}

// The profile's value at a measure, interpolated linearly between the two
// neighbouring samples: NaN outside the profile or when one of the two is
// NaN. The smoothed values require a smoothed profile.
inline double profile_value_at(const LongitudinalProfile& profile,
                               double measure_m,
                               ProfileValues values = ProfileValues::raw) {
  const std::vector<double>& z =
      values == ProfileValues::smoothed ? profile.smoothed_z : profile.z;
  const std::vector<double>& m = profile.measure_m;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (z.empty() || measure_m < m.front() || measure_m > m.back()) {
    return nan;
  }
  const auto upper = std::lower_bound(m.begin(), m.end(), measure_m);
  const auto i = static_cast<std::size_t>(upper - m.begin());
  if (m[i] == measure_m) {
    return z[i];
  }
  const double t = (measure_m - m[i - 1]) / (m[i] - m[i - 1]);
  return z[i - 1] + (z[i] - z[i - 1]) * t;
}

// Summarises the profile over [interval.start_m, interval.end_m], as the
// file comment describes. Throws InvalidInputError for an interval outside
// [0, length_m] or with start after end, and for smoothed values of a
// profile without smoothing.
inline ProfileSummary
summarize_profile(const LongitudinalProfile& profile,
                  const MeasureInterval& interval,
                  ProfileValues values = ProfileValues::raw) {
  if (values == ProfileValues::smoothed && !profile.smoothed()) {
    throw InvalidInputError("the profile has no smoothed values: sample it "
                            "with a smoothing window of more than 0 m");
  }
  // Measures computed elsewhere may overshoot the profile's ends by
  // rounding.
  const double slack = 1e-6 * std::max(1.0, profile.length_m);
  if (!(interval.start_m <= interval.end_m) || interval.start_m < -slack ||
      interval.end_m > profile.length_m + slack || profile.size() == 0) {
    throw InvalidInputError(
        "invalid profile interval [" + std::to_string(interval.start_m) + ", " +
        std::to_string(interval.end_m) + "] m: give measures from 0 to " +
        std::to_string(profile.length_m) + " m, start before end");
  }
  const double start = std::clamp(interval.start_m, 0.0, profile.length_m);
  const double end = std::clamp(interval.end_m, start, profile.length_m);
  const std::vector<double>& z =
      values == ProfileValues::smoothed ? profile.smoothed_z : profile.z;
  const std::vector<double>& m = profile.measure_m;

  // The sequence of values: start, samples strictly inside, end.
  std::vector<double> sequence;
  sequence.push_back(profile_value_at(profile, start, values));
  const auto first = std::upper_bound(m.begin(), m.end(), start);
  for (auto it = first; it != m.end() && *it < end; ++it) {
    sequence.push_back(z[static_cast<std::size_t>(it - m.begin())]);
  }
  if (end > start) {
    sequence.push_back(profile_value_at(profile, end, values));
  }

  ProfileSummary summary;
  summary.start_m = start;
  summary.end_m = end;
  summary.start_z = sequence.front();
  summary.end_z = sequence.back();
  summary.sample_count = sequence.size();
  std::optional<double> previous;
  for (const double value : sequence) {
    if (std::isnan(value)) {
      ++summary.nodata_count;
      continue;
    }
    summary.min_z =
        std::isnan(summary.min_z) ? value : std::min(summary.min_z, value);
    summary.max_z =
        std::isnan(summary.max_z) ? value : std::max(summary.max_z, value);
    if (previous) {
      const double change = value - *previous;
      summary.ascent_m += std::max(change, 0.0);
      summary.descent_m += std::max(-change, 0.0);
    }
    previous = value;
  }
  summary.drop_m = summary.start_z - summary.end_z;
  if (end > start) {
    summary.mean_slope = summary.drop_m / (end - start);
  }
  return summary;
}

// Summaries over the whole profile.
inline ProfileSummary
summarize_profile(const LongitudinalProfile& profile,
                  ProfileValues values = ProfileValues::raw) {
  return summarize_profile(profile, MeasureInterval{0.0, profile.length_m},
                           values);
}

// Summaries per reach, in the order of profile.reaches.
inline std::vector<ProfileSummary>
summarize_reaches(const LongitudinalProfile& profile,
                  ProfileValues values = ProfileValues::raw) {
  std::vector<ProfileSummary> result;
  result.reserve(profile.reaches.size());
  for (const RiverReachSpan& span : profile.reaches) {
    result.push_back(summarize_profile(
        profile, MeasureInterval{span.start_m, span.end_m}, values));
  }
  return result;
}

// Summaries per interval, such as the segments of segment_rivers(), in the
// order given.
inline std::vector<ProfileSummary>
summarize_intervals(const LongitudinalProfile& profile,
                    const std::vector<MeasureInterval>& intervals,
                    ProfileValues values = ProfileValues::raw) {
  std::vector<ProfileSummary> result;
  result.reserve(intervals.size());
  for (const MeasureInterval& interval : intervals) {
    result.push_back(summarize_profile(profile, interval, values));
  }
  return result;
}

// Throws InvalidInputError for a DEM at `dem_path` that gave no elevation
// on any of the `profile_count` profiles sampled on it: the DEM does not
// overlap the rivers or is nodata under all of them. Callers that sample
// several profiles call it once, after the last, so that a partial gap
// stays a NodataGap.
[[noreturn]] inline void throw_no_elevation(const std::string& dem_path,
                                            std::size_t profile_count) {
  throw InvalidInputError(
      "the DEM " + dem_path + " gives no elevation on the " +
      std::to_string(profile_count) +
      (profile_count == 1 ? " river" : " rivers") +
      " profiled: it does not overlap them or is nodata under all of them; "
      "give a DEM that covers the rivers");
}

} // namespace georiviere
