#include "crs.hpp"

#include <cctype>
#include <cmath>
#include <string_view>

#include "georiviere/core/error.hpp"

namespace georiviere::detail {
namespace {

bool is_all_digits(std::string_view text) {
  if (text.empty()) {
    return false;
  }
  for (const char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// Rewrites the shorthands PROJ does not take: a bare EPSG code, a lowercase
// "epsg:" prefix and a PROJ string without "+type=crs".
std::string normalise_user_input(const std::string& text) {
  std::string input = trimmed(text);
  if (is_all_digits(input)) {
    return "EPSG:" + input;
  }
  if (input.size() > 5 && (input.compare(0, 5, "epsg:") == 0 ||
                           input.compare(0, 5, "Epsg:") == 0)) {
    return "EPSG:" + input.substr(5);
  }
  if (input.rfind("+proj=", 0) == 0 &&
      input.find("+type=crs") == std::string::npos) {
    return input + " +type=crs";
  }
  return input;
}

PjPtr epsg_crs(const ProjContext& context, int code) {
  PjPtr crs(proj_create_from_database(context.get(), "EPSG",
                                      std::to_string(code).c_str(),
                                      PJ_CATEGORY_CRS, 0, nullptr));
  if (!crs) {
    throw CrsError(
        "EPSG:" + std::to_string(code) + " is missing from the PROJ database" +
        context.error_suffix() + "; check that proj.db is installed");
  }
  return crs;
}

} // namespace

PjPtr horizontal_crs(const ProjContext& context, const PJ* crs) {
  PjPtr current(proj_clone(context.get(), crs));
  for (int depth = 0; current && depth < 4; ++depth) {
    const PJ_TYPE type = proj_get_type(current.get());
    if (type == PJ_TYPE_BOUND_CRS) {
      current.reset(proj_get_source_crs(context.get(), current.get()));
    } else if (type == PJ_TYPE_COMPOUND_CRS) {
      current.reset(proj_crs_get_sub_crs(context.get(), current.get(), 0));
    } else {
      break;
    }
  }
  return current;
}

ProjContext::ProjContext() : context_(proj_context_create()) {
  proj_log_level(context_, PJ_LOG_NONE);
}

ProjContext::~ProjContext() {
  proj_context_destroy(context_);
}

std::string ProjContext::last_error() const {
  const int code = proj_context_errno(context_);
  const char* text =
      code == 0 ? nullptr : proj_context_errno_string(context_, code);
  return text != nullptr ? text : "unknown error";
}

std::string ProjContext::error_suffix() const {
  const std::string text = last_error();
  if (text.rfind("Unknown error", 0) == 0 || text == "unknown error") {
    return {};
  }
  return " (" + text + ")";
}

PjPtr crs_from_user_input(const ProjContext& context, const std::string& text) {
  const std::string input = normalise_user_input(text);
  if (input.empty()) {
    throw CrsError("empty CRS; pass a CRS such as EPSG:2154");
  }
  // PROJ also takes a CRS name, and any word that a name contains, such as
  // "foo" for Amersfoort, so a text must look like a code (AUTH:CODE or a
  // URN), WKT ("...["), PROJJSON ("{") or a PROJ string ("+...").
  const bool known_form = input.find(':') != std::string::npos ||
                          input.find('[') != std::string::npos ||
                          input.front() == '{' || input.front() == '+';
  if (!known_form) {
    throw CrsError("invalid CRS '" + text +
                   "': give an authority code such as EPSG:2154 or 2154, a "
                   "WKT or a PROJ string such as +proj=utm +zone=31 "
                   "+datum=WGS84");
  }
  PjPtr crs(proj_create(context.get(), input.c_str()));
  if (!crs) {
    throw CrsError("unknown CRS '" + text + "'" + context.error_suffix() +
                   "; pass an EPSG code such as EPSG:2154, a WKT or a "
                   "PROJ string");
  }
  if (!proj_is_crs(crs.get())) {
    throw CrsError("'" + text +
                   "' is not a coordinate reference system; pass an EPSG "
                   "code such as EPSG:2154");
  }
  return crs;
}

PjPtr crs_from_wkt(const ProjContext& context, const std::string& wkt,
                   const std::string& what) {
  PjPtr crs(proj_create(context.get(), wkt.c_str()));
  if (!crs || !proj_is_crs(crs.get())) {
    throw CrsError("PROJ cannot read the CRS of " + what +
                   context.error_suffix() +
                   "; pass the CRS of the data with --crs");
  }
  return crs;
}

std::string describe_crs(const ProjContext& context, const PJ* crs) {
  const char* name = proj_get_name(crs);
  std::string text = name != nullptr ? name : "unnamed CRS";
  const char* authority = proj_get_id_auth_name(crs, 0);
  const char* code = proj_get_id_code(crs, 0);
  if (authority != nullptr && code != nullptr) {
    return text + " (" + authority + ":" + code + ")";
  }

  // Layers often carry a WKT without an identifier, so ask PROJ for the
  // EPSG entry that matches it exactly.
  int* confidence = nullptr;
  PJ_OBJ_LIST* matches =
      proj_identify(context.get(), crs, "EPSG", nullptr, &confidence);
  if (matches != nullptr) {
    if (proj_list_get_count(matches) > 0 && confidence[0] == 100) {
      PjPtr match(proj_list_get(context.get(), matches, 0));
      const char* match_code = proj_get_id_code(match.get(), 0);
      if (match_code != nullptr) {
        text += std::string(" (EPSG:") + match_code + ")";
      }
    }
    proj_int_list_destroy(confidence);
    proj_list_destroy(matches);
  }
  return text;
}

std::string crs_to_wkt2(const ProjContext& context, const PJ* crs) {
  const char* wkt = proj_as_wkt(context.get(), crs, PJ_WKT2_2019, nullptr);
  if (wkt == nullptr) {
    throw CrsError("PROJ cannot write the CRS " + describe_crs(context, crs) +
                   " as WKT2" + context.error_suffix());
  }
  return wkt;
}

bool is_geographic(const ProjContext& context, const PJ* crs) {
  const PjPtr horizontal = horizontal_crs(context, crs);
  if (!horizontal) {
    return false;
  }
  const PJ_TYPE type = proj_get_type(horizontal.get());
  return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

void require_projected_in_metres(const ProjContext& context, const PJ* crs,
                                 const std::string& what) {
  const std::string hint =
      "; pass a projected CRS in metres with --crs, such as EPSG:2154 "
      "(Lambert-93) or the UTM zone of the data";
  const PjPtr horizontal = horizontal_crs(context, crs);
  if (!horizontal || proj_get_type(horizontal.get()) != PJ_TYPE_PROJECTED_CRS) {
    throw CrsError("the working CRS " + describe_crs(context, crs) + " of " +
                   what + " is not projected" + hint);
  }

  PjPtr system(proj_crs_get_coordinate_system(context.get(), horizontal.get()));
  const int axes =
      system ? proj_cs_get_axis_count(context.get(), system.get()) : 0;
  if (axes < 2) {
    throw CrsError("the working CRS " + describe_crs(context, crs) + " of " +
                   what + " has no usable coordinate system" + hint);
  }
  for (int axis = 0; axis < 2; ++axis) {
    double to_metre = 0.0;
    const char* unit = nullptr;
    proj_cs_get_axis_info(context.get(), system.get(), axis, nullptr, nullptr,
                          nullptr, &to_metre, &unit, nullptr, nullptr);
    if (std::abs(to_metre - 1.0) > 1e-12) {
      throw CrsError("the working CRS " + describe_crs(context, crs) + " of " +
                     what + " is in " +
                     (unit != nullptr ? unit : "an unknown unit") +
                     ", not metres" + hint);
    }
  }
}

bool equivalent_crs(const ProjContext& context, const PJ* a, const PJ* b) {
  return proj_is_equivalent_to_with_ctx(context.get(), a, b,
                                        PJ_COMP_EQUIVALENT) != 0;
}

int utm_epsg_code(double longitude, double latitude) {
  // Normalise to [-180, 180) so that longitudes past the antimeridian map
  // to their zone.
  const double wrapped =
      std::fmod(std::fmod(longitude + 180.0, 360.0) + 360.0, 360.0);
  int zone = static_cast<int>(std::floor(wrapped / 6.0)) + 1;
  zone = zone < 1 ? 1 : (zone > 60 ? 60 : zone);
  return (latitude >= 0.0 ? 32600 : 32700) + zone;
}

void to_longitude_latitude(const ProjContext& context, const PJ* crs, double x,
                           double y, double& longitude, double& latitude) {
  const PjPtr wgs84 = epsg_crs(context, 4326);
  const CrsTransformer transformer(context, crs, wgs84.get());
  std::vector<double> xs{x};
  std::vector<double> ys{y};
  if (!transformer.transform(xs, ys)) {
    throw CrsError("PROJ cannot convert the point (" + std::to_string(x) +
                   ", " + std::to_string(y) + ") of " +
                   describe_crs(context, crs) + " to longitude and latitude");
  }
  longitude = xs[0];
  latitude = ys[0];
}

CrsTransformer::CrsTransformer(const ProjContext& context, const PJ* source,
                               const PJ* target) {
  PjPtr operation(proj_create_crs_to_crs_from_pj(context.get(), source, target,
                                                 nullptr, nullptr));
  if (!operation) {
    throw CrsError("PROJ finds no transformation from " +
                   describe_crs(context, source) + " to " +
                   describe_crs(context, target) + context.error_suffix());
  }

  // Layers give easting before northing and longitude before latitude
  // whatever the axis order of the CRS definition, so the operation must
  // take and return coordinates in that order too.
  operation_.reset(
      proj_normalize_for_visualization(context.get(), operation.get()));
  if (!operation_) {
    throw CrsError("PROJ cannot set the axis order of the transformation "
                   "from " +
                   describe_crs(context, source) + " to " +
                   describe_crs(context, target) + context.error_suffix());
  }
}

bool CrsTransformer::transform(std::vector<double>& x,
                               std::vector<double>& y) const {
  const std::size_t count = x.size();
  if (count == 0) {
    return true;
  }
  proj_errno_reset(operation_.get());
  const std::size_t done = proj_trans_generic(
      operation_.get(), PJ_FWD, x.data(), sizeof(double), count, y.data(),
      sizeof(double), count, nullptr, 0, 0, nullptr, 0, 0);
  if (done != count) {
    return false;
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      return false;
    }
  }
  return true;
}

} // namespace georiviere::detail
