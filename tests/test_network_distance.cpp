// Distances along the network between located points, and their flow
// relation, on the named network of referencing_fixtures.hpp.
#include "georiviere/referencing/network_distance.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "referencing_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

NetworkLocation at(ReachId reach, double measure_m) {
  NetworkLocation location;
  location.reach = reach;
  location.measure_m = measure_m;
  return location;
}

TEST(NetworkDistance, UpstreamAlongMainRiver) {
  // 800 m to the end of reach 0, 2000 m of reach 1, 500 m into reach 2.
  const RiverNetwork network = named_network();
  const NetworkDistance result =
      network_distance(network, at(0, 200), at(2, 500));
  EXPECT_EQ(result.relation, FlowRelation::upstream);
  EXPECT_DOUBLE_EQ(result.distance_m, 3300.0);
  EXPECT_EQ(result.path, (std::vector<ReachId>{0, 1, 2}));
  EXPECT_TRUE(result.reason.empty());
}

TEST(NetworkDistance, DownstreamIsSymmetric) {
  const RiverNetwork network = named_network();
  const NetworkDistance result =
      network_distance(network, at(2, 500), at(0, 200));
  EXPECT_EQ(result.relation, FlowRelation::downstream);
  EXPECT_DOUBLE_EQ(result.distance_m, 3300.0);
}

TEST(NetworkDistance, TributaryUpstreamOfMainBelow) {
  const RiverNetwork network = named_network();
  const NetworkDistance result =
      network_distance(network, at(3, 500), at(2, 500));
  EXPECT_EQ(result.relation, FlowRelation::upstream);
  EXPECT_DOUBLE_EQ(result.distance_m, 1000.0);
}

TEST(NetworkDistance, SiblingsUnrelatedThroughConfluence) {
  // 500 m down the tributary to node 1, then 500 m up reach 1.
  const RiverNetwork network = named_network();
  const NetworkDistance result =
      network_distance(network, at(3, 500), at(1, 1500));
  EXPECT_EQ(result.relation, FlowRelation::unrelated);
  EXPECT_DOUBLE_EQ(result.distance_m, 1000.0);
  EXPECT_TRUE(result.connected());
}

TEST(NetworkDistance, UnrelatedAcrossSeveralReaches) {
  // 500 m down the tributary, 2000 m up reach 1, 800 m up reach 0.
  const RiverNetwork network = named_network();
  const NetworkDistance result =
      network_distance(network, at(3, 500), at(0, 200));
  EXPECT_EQ(result.relation, FlowRelation::unrelated);
  EXPECT_DOUBLE_EQ(result.distance_m, 3300.0);
  EXPECT_EQ(result.path, (std::vector<ReachId>{3, 1, 0}));
}

TEST(NetworkDistance, DifferentBasinsNotConnected) {
  const RiverNetwork network = named_network();
  const NetworkDistance result =
      network_distance(network, at(4, 100), at(0, 200));
  EXPECT_FALSE(result.connected());
  EXPECT_EQ(result.relation, FlowRelation::not_connected);
  EXPECT_TRUE(std::isnan(result.distance_m));
  EXPECT_NE(result.reason.find("different basins"), std::string::npos);
}

TEST(NetworkDistance, SameReachByMeasure) {
  const RiverNetwork network = named_network();
  const NetworkDistance up = network_distance(network, at(1, 100), at(1, 400));
  EXPECT_EQ(up.relation, FlowRelation::upstream);
  EXPECT_DOUBLE_EQ(up.distance_m, 300.0);
  const NetworkDistance down =
      network_distance(network, at(1, 400), at(1, 100));
  EXPECT_EQ(down.relation, FlowRelation::downstream);
  const NetworkDistance same =
      network_distance(network, at(1, 400), at(1, 400));
  EXPECT_EQ(same.relation, FlowRelation::same_place);
  EXPECT_DOUBLE_EQ(same.distance_m, 0.0);
}

TEST(NetworkDistance, UnknownReachRejected) {
  const RiverNetwork network = named_network();
  EXPECT_THROW(network_distance(network, at(9, 0), at(0, 0)),
               InvalidInputError);
}

} // namespace
} // namespace georiviere
