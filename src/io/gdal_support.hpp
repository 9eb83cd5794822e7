// Private helpers shared by the GDAL/OGR readers and writers in src/.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <cpl_error.h>
#include <ogr_core.h>

#include "georiviere/core/attributes.hpp"

class OGRFeature;
class OGRLayer;

namespace georiviere::detail {

// Registers every GDAL driver, once per process; safe from any thread.
void ensure_gdal_registered();

// Captures the GDAL errors raised on this thread while it is alive, so that
// GDAL prints nothing and the caller can put the message in an exception.
// GDAL keeps one error handler stack per thread, so captures on different
// threads do not see each other's errors.
class GdalErrorCapture {
public:
  GdalErrorCapture();
  ~GdalErrorCapture();
  GdalErrorCapture(const GdalErrorCapture&) = delete;
  GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;

  // True when a CE_Failure or CE_Fatal error was raised since the last
  // clear().
  bool failed() const { return failed_; }

  // The first failure message since the last clear(), or the last warning
  // when there was no failure.
  const std::string& message() const { return message_; }

  // Message text to append to an exception message: ": MESSAGE", or empty.
  std::string suffix() const;

  void clear();

private:
  static void CPL_STDCALL handle(CPLErr level, CPLErrorNum number,
                                 const char* text);

  bool failed_ = false;
  std::string message_;
};

// The OGR name of a geometry type, such as "3D Multi Line String".
std::string geometry_type_name(OGRwkbGeometryType type);

// True for LineString, MultiLineString and the curve types OGR can linearise
// (CircularString, CompoundCurve, MultiCurve), in any dimension.
bool is_line_type(OGRwkbGeometryType type);

// Sets field `index` of `feature` to `value`, or to null for a null value.
void set_field_value(OGRFeature& feature, int index, const FieldValue& value);

// The text with ASCII letters in lower case.
std::string lower(std::string text);

// The names under which the fields of `table` are written to `layer`. A
// source field name that clashes, ignoring case, with a name in `used` or
// with the geometry column of the layer gets the prefix "src_", and a
// number when that is taken too. `used` contains lower-case names.
std::vector<std::string> source_field_names(OGRLayer& layer,
                                            const AttributeTable& table,
                                            std::set<std::string> used);

} // namespace georiviere::detail
