// A small named network for the linear referencing tests, with its
// hand-checked rivers.
#pragma once

#include "georiviere/graph/network.hpp"
#include "network_fixtures.hpp"

namespace georiviere::testing {

// The river "Main" flows south from its source node 3 at (0, 4000) to the
// outlet node 0 at (0, 0). It passes the pseudo-node 2 at (0, 3000) and the
// confluence node 1 at (0, 1000), through reaches 0 (1000 m), 1 (2000 m)
// and 2 (1000 m). "Trib" (reach 3, 1000 m) flows west from node 4 at
// (1000, 1000) into node 1. A second "Trib" (reach 4, 500 m) is a basin of
// its own, from node 5 at (5000, 0) to node 6 at (5000, -500). Metrics are
// computed with names. The rivers are main stem 2 (reaches 0, 1, 2,
// 4000 m), main stem 3 (reach 3, mouth 1000 m above the outlet) and main
// stem 4 (reach 4).
inline RiverNetwork named_network() {
  RiverNetwork network = make_network({{0, 0},
                                       {0, 1000},
                                       {0, 3000},
                                       {0, 4000},
                                       {1000, 1000},
                                       {5000, 0},
                                       {5000, -500}},
                                      {{3, 2, {}, "Main"},
                                       {2, 1, {}, "Main"},
                                       {1, 0, {}, "Main"},
                                       {4, 1, {}, "Trib"},
                                       {5, 6, {}, "Trib"}});
  compute_all_metrics(network, true);
  return network;
}

} // namespace georiviere::testing
