// Prints the number of reaches of each Strahler order in a river network.
//
// Usage: stream_orders RIVER_LINES [SNAP_TOLERANCE_M]
#include <cstdio>
#include <cstdlib>
#include <map>

#include <georiviere/io/vector_reader.hpp>
#include <georiviere/network_builder.hpp>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: stream_orders RIVER_LINES [SNAP_TOLERANCE_M]\n");
    return 2;
  }
  try {
    georiviere::ReadOptions read;
    read.path = argv[1];
    georiviere::NetworkOptions options;
    options.snap_tolerance_m = argc > 2 ? std::atof(argv[2]) : 0.0;
    const georiviere::RiverNetwork network =
        georiviere::build_network(georiviere::read_lines(read), options);

    std::map<int, int> reaches_by_order;
    for (const georiviere::Reach& reach : network.reaches) {
      ++reaches_by_order[reach.strahler];
    }
    for (const auto& [order, count] : reaches_by_order) {
      std::printf("strahler %d: %d reaches\n", order, count);
    }
  } catch (const georiviere::Error& e) {
    std::fprintf(stderr, "stream_orders: %s\n", e.what());
    return 2;
  }
  return 0;
}
