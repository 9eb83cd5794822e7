// A RiverNetwork from stream links: see raster/stream_network.hpp.
#include "georiviere/raster/stream_network.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/graph/check_direction.hpp"
#include "georiviere/graph/metrics.hpp"

namespace georiviere {
namespace {

// Nodes keyed by the cell they stand on, with positions in the grid's CRS
// until the final transformation.
class NodeTable {
public:
  NodeTable(RiverNetwork& network, const GeoTransform& transform,
            std::size_t cols)
      : network_(network), transform_(transform), cols_(cols) {}

  NodeId at_cell(std::size_t cell) {
    const auto [it, added] = by_cell_.try_emplace(cell, next_id());
    if (added) {
      const std::size_t r = cell / cols_;
      const auto [x, y] = transform_.cell_centre(r, cell - r * cols_);
      add(Point{x, y});
    }
    return it->second;
  }

  NodeId at_point(const Point& position) {
    const NodeId id = next_id();
    add(position);
    return id;
  }

private:
  NodeId next_id() const { return static_cast<NodeId>(network_.nodes.size()); }

  void add(const Point& position) {
    Node node;
    node.id = next_id();
    node.position = position;
    network_.nodes.push_back(node);
  }

  RiverNetwork& network_;
  const GeoTransform& transform_;
  std::size_t cols_;
  std::unordered_map<std::size_t, NodeId> by_cell_;
};

// The point where the flow of cell (r, c) leaves it: the middle of the
// cell side, or the corner for a diagonal direction.
Point cell_exit(const GeoTransform& transform, std::size_t r, std::size_t c,
                std::uint8_t direction) {
  const auto [x, y] = transform.cell_centre(r, c);
  if (direction > 7) {
    return Point{x, y};
  }
  const double dc = 0.5 * d8_col_offsets[direction];
  const double dr = 0.5 * d8_row_offsets[direction];
  return Point{x + dc * transform.pixel_width + dr * transform.row_rotation,
               y + dc * transform.column_rotation +
                   dr * transform.pixel_height};
}

// Moves every vertex and node position to the working CRS in one call.
void transform_network(RiverNetwork& network,
                       const GridReferencing& referencing) {
  if (!referencing.needs_transform) {
    return;
  }
  std::vector<double> x;
  std::vector<double> y;
  for (const Reach& reach : network.reaches) {
    for (const Point& p : reach.geometry.points) {
      x.push_back(p.x);
      y.push_back(p.y);
    }
  }
  for (const Node& node : network.nodes) {
    x.push_back(node.position.x);
    y.push_back(node.position.y);
  }
  transform_to_working_crs(referencing, x, y);
  std::size_t i = 0;
  for (Reach& reach : network.reaches) {
    for (Point& p : reach.geometry.points) {
      p = Point{x[i], y[i]};
      ++i;
    }
  }
  for (Node& node : network.nodes) {
    node.position = Point{x[i], y[i]};
    ++i;
  }
}

AttributeTable link_attribute_table(const StreamLinks& links,
                                    const RiverNetwork& network) {
  AttributeTable table;
  table.fields = {{"link_id", FieldType::integer},
                  {"downstream_link_id", FieldType::integer},
                  {"us_area_km2", FieldType::real},
                  {"ds_area_km2", FieldType::real},
                  {"drop_m", FieldType::real},
                  {"slope", FieldType::real}};
  table.fids.reserve(links.links.size());
  table.rows.reserve(links.links.size());
  for (const StreamLink& link : links.links) {
    const double length_m = network.reaches[link.id].length_m;
    const double drop_m = link.upstream_elevation - link.downstream_elevation;
    FieldValue downstream;
    if (link.downstream_link >= 0) {
      downstream = link.downstream_link;
    }
    table.fids.push_back(link.id);
    table.rows.push_back({link.id, downstream, link.upstream_area_km2,
                          link.downstream_area_km2, drop_m,
                          length_m > 0.0 ? drop_m / length_m : 0.0});
  }
  return table;
}

} // namespace

RiverNetwork build_stream_network(const StreamLinks& links,
                                  GridView<const std::uint8_t> directions,
                                  const GridReferencing& referencing,
                                  const ProgressCallback& progress) {
  if (links.rows != directions.rows() || links.cols != directions.cols()) {
    throw InvalidInputError(
        "stream links were traced on a " + std::to_string(links.rows) + " x " +
        std::to_string(links.cols) + " grid but the flow directions are " +
        std::to_string(directions.rows()) + " x " +
        std::to_string(directions.cols()) + ": use the same grid");
  }
  RiverNetwork network;
  network.crs_wkt = referencing.working_crs_wkt;
  const GeoTransform& transform = links.transform;
  const std::size_t cols = links.cols;
  NodeTable nodes(network, transform, cols);

  ProgressReporter reporter(progress, "drawing stream links",
                            links.links.size());
  network.reaches.reserve(links.links.size());
  for (const StreamLink& link : links.links) {
    Reach reach;
    reach.id = link.id;
    reach.from_node = nodes.at_cell(link.first_cell);
    for_each_link_cell(link, directions, [&](std::size_t cell) {
      const std::size_t r = cell / cols;
      const auto [x, y] = transform.cell_centre(r, cell - r * cols);
      reach.geometry.points.push_back(Point{x, y});
    });
    if (link.cell_count == 1) {
      const std::size_t r = link.first_cell / cols;
      const std::size_t c = link.first_cell - r * cols;
      const Point exit = cell_exit(transform, r, c, directions(r, c));
      reach.geometry.points.push_back(exit);
      reach.to_node = nodes.at_point(exit);
    } else {
      reach.to_node = nodes.at_cell(link.last_cell);
    }
    reach.source_rows.push_back(static_cast<std::uint32_t>(link.id));
    network.reaches.push_back(std::move(reach));
    reporter.update(network.reaches.size());
  }
  reporter.finish();

  transform_network(network, referencing);
  for (Reach& reach : network.reaches) {
    reach.length_m = reach.geometry.length();
  }
  network.attributes = link_attribute_table(links, network);
  network.rebuild_graph();

  check_direction(network, progress);
  std::erase_if(network.problems, [](const Problem& problem) {
    return problem.kind == ProblemKind::disconnected;
  });
  MetricOptions metrics;
  metrics.progress = progress;
  compute_metrics(network, metrics);
  return network;
}

} // namespace georiviere
