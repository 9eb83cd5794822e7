#include "gdal_support.hpp"

#include <cctype>
#include <mutex>
#include <utility>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_feature.h>
#include <ogrsf_frmts.h>

namespace georiviere::detail {

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

GdalErrorCapture::GdalErrorCapture() {
  CPLPushErrorHandlerEx(&GdalErrorCapture::handle, this);
}

GdalErrorCapture::~GdalErrorCapture() {
  CPLPopErrorHandler();
}

void GdalErrorCapture::clear() {
  failed_ = false;
  message_.clear();
}

std::string GdalErrorCapture::suffix() const {
  return message_.empty() ? std::string() : ": " + message_;
}

void CPL_STDCALL GdalErrorCapture::handle(CPLErr level, CPLErrorNum,
                                          const char* text) {
  auto* self = static_cast<GdalErrorCapture*>(CPLGetErrorHandlerUserData());
  if (self == nullptr || text == nullptr) {
    return;
  }
  // Messages such as SQL parse errors span several lines; keep one line.
  std::string message = text;
  for (char& c : message) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  if (level == CE_Failure || level == CE_Fatal) {
    if (!self->failed_) {
      self->failed_ = true;
      self->message_ = std::move(message);
    }
  } else if (level == CE_Warning && !self->failed_) {
    self->message_ = std::move(message);
  }
}

std::string geometry_type_name(OGRwkbGeometryType type) {
  return OGRGeometryTypeToName(type);
}

bool is_line_type(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
  case wkbLineString:
  case wkbMultiLineString:
  case wkbCircularString:
  case wkbCompoundCurve:
  case wkbMultiCurve: return true;
  default: return false;
  }
}

void set_field_value(OGRFeature& feature, int index, const FieldValue& value) {
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    feature.SetField(index, static_cast<GIntBig>(*integer));
  } else if (const auto* real = std::get_if<double>(&value)) {
    feature.SetField(index, *real);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    feature.SetField(index, text->c_str());
  } else {
    feature.SetFieldNull(index);
  }
}

std::string lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

std::vector<std::string> source_field_names(OGRLayer& layer,
                                            const AttributeTable& table,
                                            std::set<std::string> used) {
  if (layer.GetGeometryColumn() != nullptr &&
      *layer.GetGeometryColumn() != '\0') {
    used.insert(lower(layer.GetGeometryColumn()));
  }
  std::vector<std::string> names;
  for (const FieldDefinition& definition : table.fields) {
    std::string name = definition.name;
    if (used.count(lower(name)) != 0) {
      name = "src_" + definition.name;
    }
    for (int n = 2; used.count(lower(name)) != 0; ++n) {
      name = "src_" + definition.name + "_" + std::to_string(n);
    }
    used.insert(lower(name));
    names.push_back(name);
  }
  return names;
}

} // namespace georiviere::detail
