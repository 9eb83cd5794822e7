// Private PROJ helpers: parsing a CRS, checking that it is projected in
// metres, choosing a UTM zone and transforming coordinates.
//
// Every function takes the PROJ context of the calling thread, because a
// PJ_CONTEXT must not be shared between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <proj.h>

namespace georiviere::detail {

// A PROJ context that logs nothing, owned by one thread.
class ProjContext {
public:
  ProjContext();
  ~ProjContext();
  ProjContext(const ProjContext&) = delete;
  ProjContext& operator=(const ProjContext&) = delete;

  PJ_CONTEXT* get() const { return context_; }

  // The message of the last PROJ error on this context, or "unknown error".
  std::string last_error() const;

  // " (MESSAGE)" for the last PROJ error, or empty when PROJ gives no
  // useful message.
  std::string error_suffix() const;

private:
  PJ_CONTEXT* context_;
};

struct PjDeleter {
  void operator()(PJ* object) const { proj_destroy(object); }
};
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

// Parses "EPSG:2154", "2154", "IGNF:LAMB93", a WKT or a PROJ string.
// Throws CrsError naming the text when it is not an authority code, WKT,
// PROJJSON or PROJ string, when PROJ does not know it, or when it is not a
// CRS.
PjPtr crs_from_user_input(const ProjContext& context, const std::string& text);

// Parses the WKT of a layer CRS; `what` names the layer in the error.
PjPtr crs_from_wkt(const ProjContext& context, const std::string& wkt,
                   const std::string& what);

// The horizontal CRS inside a bound or compound CRS, or a copy of the CRS.
PjPtr horizontal_crs(const ProjContext& context, const PJ* crs);

// The CRS name with its EPSG code when PROJ can identify one, such as
// "RGF93 v1 / Lambert-93 (EPSG:2154)".
std::string describe_crs(const ProjContext& context, const PJ* crs);

std::string crs_to_wkt2(const ProjContext& context, const PJ* crs);

// True when the horizontal part of the CRS is geographic (longitude and
// latitude), looking through bound and compound CRSs.
bool is_geographic(const ProjContext& context, const PJ* crs);

// Throws CrsError unless the horizontal part of the CRS is projected with
// both axes in metres. `what` names where the CRS comes from.
void require_projected_in_metres(const ProjContext& context, const PJ* crs,
                                 const std::string& what);

// True when coordinates need no transformation between the two CRSs.
bool equivalent_crs(const ProjContext& context, const PJ* a, const PJ* b);

// EPSG code of the WGS 84 UTM zone that contains the longitude and latitude,
// in degrees: 326zz north of the equator and 327zz south of it.
// NOTE: the zone follows the longitude alone, without the Norway and
// Svalbard exceptions of the MGRS grid.
int utm_epsg_code(double longitude, double latitude);

// Longitude and latitude, in degrees, of a point given in `crs`.
void to_longitude_latitude(const ProjContext& context, const PJ* crs, double x,
                           double y, double& longitude, double& latitude);

// Transforms x and y (easting, northing or longitude, latitude) from one CRS
// to another. Z values are not passed to PROJ, so heights stay unchanged.
class CrsTransformer {
public:
  CrsTransformer(const ProjContext& context, const PJ* source,
                 const PJ* target);

  // Transforms the coordinates in place. Returns false when PROJ fails on a
  // point or returns a non-finite value.
  bool transform(std::vector<double>& x, std::vector<double>& y) const;

private:
  PjPtr operation_;
};

} // namespace georiviere::detail
