// Writes a generated dendritic network (see generate_network.hpp) to a
// benchmark exchange file (see network_file.hpp), for bench_file and
// compare_networkx.py.
//
// Usage: export_network LINE_COUNT FILE [--seed S] [--lines-per-basin N]
//                       [--no-shuffle]
// Prints the counts a correct topology must find as "key=value" lines.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "generate_network.hpp"
#include "network_file.hpp"

int main(int argc, char** argv) {
  namespace bench = georiviere::bench;
  const char* usage =
      "usage: export_network LINE_COUNT FILE [--seed S] "
      "[--lines-per-basin N] [--no-shuffle]\n";
  if (argc < 3) {
    std::fputs(usage, stderr);
    return 2;
  }
  bench::GeneratorOptions options;
  options.line_count = std::strtoull(argv[1], nullptr, 10);
  for (int i = 3; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--seed" && i + 1 < argc) {
      options.seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (argument == "--lines-per-basin" && i + 1 < argc) {
      options.lines_per_basin = std::strtoull(argv[++i], nullptr, 10);
    } else if (argument == "--no-shuffle") {
      options.shuffle = false;
    } else {
      std::fprintf(stderr, "export_network: invalid argument '%s'\n%s",
                   argument.c_str(), usage);
      return 2;
    }
  }

  try {
    const bench::GeneratedNetwork network = bench::generate_network(options);
    bench::write_network_file(argv[2], network.lines);

    std::printf("lines=%zu\n", network.lines.lines.size());
    std::printf("seed=%llu\n", static_cast<unsigned long long>(options.seed));
    std::printf("expected.basins=%zu\n", network.basin_count);
    std::printf("expected.reaches=%zu\n", network.reach_count);
    std::printf("expected.sources=%zu\n", network.source_count);
    std::printf("expected.confluences=%zu\n", network.confluence_count);
    std::printf("expected.pseudo_nodes=%zu\n", network.pseudo_node_count);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "export_network: %s\n", error.what());
    return 1;
  }
}
