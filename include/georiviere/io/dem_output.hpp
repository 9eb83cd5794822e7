// GDAL glue of the DEM path: polygons from label rasters, the writing of a
// DEM network with its catchment layers, and the reading of outlet points.
//
// Implemented in src/raster/dem_output.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/io/vector_writer.hpp"
#include "georiviere/raster/catchments.hpp"
#include "georiviere/raster/grid.hpp"
#include "georiviere/raster/polygonize.hpp"
#include "georiviere/raster/stream_network.hpp"

namespace georiviere {

// Polygonizes a label raster with trace_label_polygons
// (raster/polygonize.hpp): one entry per label present, by increasing
// label, with one part per 8-connected region of its cells. Label 0 is left
// out. Vertices are cell corners in the grid's CRS, transformed to the
// working CRS of `referencing` when it differs. Throws CrsError when PROJ
// fails and CancelledError when the progress callback returns false.
std::vector<LabelPolygons>
polygonize_labels(GridView<const std::uint32_t> labels,
                  const GridReferencing& referencing,
                  const ProgressCallback& progress = {});

// The same polygons from GDALPolygonize with 8CONNECTED=8, for callers who
// want GDAL's own result; rings come in the order and orientation GDAL
// gives. Slower: GDAL 3.6 takes 6 s where the tracing takes under 1 s on
// the 10,000 x 10,000 benchmark labels. Throws IoError when GDAL fails,
// besides the errors of polygonize_labels.
std::vector<LabelPolygons>
polygonize_labels_with_gdal(GridView<const std::uint32_t> labels,
                            const GridReferencing& referencing,
                            const ProgressCallback& progress = {});

enum class LayerGeometry { multipolygon, point };

// An extra layer written beside the network: feature i has attributes
// row i and polygons[i] (multipolygon layers) or points[i] (point layers).
struct FeatureLayer {
  std::string name;
  LayerGeometry geometry = LayerGeometry::multipolygon;
  std::vector<std::vector<PolygonRings>> polygons;
  std::vector<Point> points;
  AttributeTable attributes; // fids are not written
};

// Returns the files that write_dem_network writes for `path`: one file for
// drivers that store several layers and can add layers to a written file
// (GeoPackage, SQLite), otherwise the files of write_network and one
// STEM_LAYER.EXT file per extra layer. `format` is a GDAL driver name, or
// empty to choose it from the extension as write_network does.
std::vector<std::string>
dem_output_paths(const std::string& path, const std::string& format,
                 const std::vector<std::string>& extra_layer_names);

// Writes the layers reaches, nodes and problems of write_network, then the
// extra layers, in the working CRS of the network (network.crs_wkt). Every
// file is written in a temporary directory beside the output and renamed
// into place once all are complete, so a failure leaves no partial output.
// Returns the paths written. Throws IoError when an output exists and
// `options.overwrite` is false, when an output is one of `options.inputs`,
// or when GDAL fails.
std::vector<std::string>
write_dem_network(const RiverNetwork& network,
                  const std::vector<FeatureLayer>& extra_layers,
                  const std::string& path, const WriteOptions& options);

// Reads the points of a vector dataset as outlets in the grid's CRS. Each
// point of a Point or MultiPoint feature becomes one outlet with the
// feature's fid. `layer` empty reads the only layer, or the first layer
// with point geometries. A layer without a CRS is taken to be in the grid's
// CRS. Throws FileNotFoundError for a missing file, InvalidInputError for
// an unknown layer, a layer without points or a feature that is not a
// point, and CrsError when PROJ cannot transform the points.
std::vector<OutletPoint> read_outlet_points(const std::string& path,
                                            const std::string& layer,
                                            const GridReferencing& referencing);

} // namespace georiviere
