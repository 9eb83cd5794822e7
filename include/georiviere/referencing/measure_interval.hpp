// An interval of measures along a line or a river, in metres.
#pragma once

namespace georiviere {

struct MeasureInterval {
  double start_m = 0.0;
  double end_m = 0.0;

  double length_m() const { return end_m - start_m; }

  friend bool operator==(const MeasureInterval&,
                         const MeasureInterval&) = default;
};

} // namespace georiviere
