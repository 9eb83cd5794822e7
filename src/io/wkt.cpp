#include "georiviere/io/wkt.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <memory>
#include <string>

#include <geos_c.h>

#include "georiviere/core/error.hpp"

namespace georiviere {
namespace {

// One GEOS context per thread: GEOS allows a context on one thread at a
// time, and creating one per call would cost more than the parse.
class GeosContext {
public:
  GeosContext() : handle_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_error, this);
  }
  ~GeosContext() { GEOS_finish_r(handle_); }
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t get() const { return handle_; }

  // The last GEOS error message, and clears it.
  std::string take_error() {
    std::string message = std::move(error_);
    error_.clear();
    return message.empty() ? "unknown GEOS error" : message;
  }

private:
  static void on_error(const char* message, void* self) {
    static_cast<GeosContext*>(self)->error_ = message;
  }

  GEOSContextHandle_t handle_;
  std::string error_;
};

GeosContext& geos_context() {
  thread_local GeosContext context;
  return context;
}

struct GeometryDeleter {
  GEOSContextHandle_t handle;
  void operator()(GEOSGeometry* geometry) const {
    GEOSGeom_destroy_r(handle, geometry);
  }
};
using GeometryPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct ReaderDeleter {
  GEOSContextHandle_t handle;
  void operator()(GEOSWKTReader* reader) const {
    GEOSWKTReader_destroy_r(handle, reader);
  }
};

std::string shortened(std::string_view text) {
  constexpr std::size_t max_length = 80;
  if (text.size() <= max_length) {
    return std::string(text);
  }
  return std::string(text.substr(0, max_length)) + "...";
}

std::string upper(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return result;
}

// The head of a WKT text: "MULTILINESTRING ZM (" gives the keyword
// MULTILINESTRING, the dimension tag ZM and the body from the parenthesis.
struct WktHead {
  std::string keyword;
  std::string tag; // "", "Z", "M" or "ZM"
  std::string body;
};

WktHead split_head(std::string_view wkt) {
  std::size_t i = 0;
  auto skip_spaces = [&] {
    while (i < wkt.size() && std::isspace(static_cast<unsigned char>(wkt[i]))) {
      ++i;
    }
  };
  auto read_word = [&] {
    const std::size_t start = i;
    while (i < wkt.size() && std::isalpha(static_cast<unsigned char>(wkt[i]))) {
      ++i;
    }
    return upper(wkt.substr(start, i - start));
  };

  WktHead head;
  skip_spaces();
  head.keyword = read_word();
  // Some writers glue the tag to the keyword, as in LINESTRINGZ.
  for (const std::string_view suffix : {"ZM", "Z", "M"}) {
    const std::string_view keyword = head.keyword;
    if (!keyword.ends_with(suffix)) {
      continue;
    }
    const std::string_view base =
        keyword.substr(0, keyword.size() - suffix.size());
    if (base == "LINESTRING" || base == "MULTILINESTRING") {
      head.tag = std::string(suffix);
      head.keyword = std::string(base);
      break;
    }
  }
  skip_spaces();
  const std::size_t before_tag = i;
  const std::string word = read_word();
  if (word == "Z" || word == "M" || word == "ZM") {
    head.tag = word;
  } else {
    i = before_tag;
  }
  head.body = std::string(wkt.substr(i));
  return head;
}

// Every number of a WKT body, in text order.
std::vector<double> scan_numbers(std::string_view body) {
  std::vector<double> numbers;
  std::size_t i = 0;
  while (i < body.size()) {
    const char c = body[i];
    if (c == '(' || c == ')' || c == ',' ||
        std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < body.size() && body[end] != '(' && body[end] != ')' &&
           body[end] != ',' &&
           !std::isspace(static_cast<unsigned char>(body[end]))) {
      ++end;
    }
    const std::string token(body.substr(i, end - i));
    if (upper(token) != "EMPTY") {
      numbers.push_back(std::strtod(token.c_str(), nullptr));
    }
    i = end;
  }
  return numbers;
}

Polyline read_line_string(GEOSContextHandle_t handle,
                          const GEOSGeometry* line) {
  const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(handle, line);
  unsigned int size = 0;
  GEOSCoordSeq_getSize_r(handle, sequence, &size);
  const bool has_z = GEOSHasZ_r(handle, line) == 1;

  Polyline result;
  result.points.reserve(size);
  for (unsigned int i = 0; i < size; ++i) {
    double x = 0.0, y = 0.0, z = 0.0;
    GEOSCoordSeq_getXYZ_r(handle, sequence, i, &x, &y, &z);
    result.points.push_back({x, y});
    if (has_z) {
      result.z.push_back(z);
    }
  }
  return result;
}

// Moves the measures into the parts. GEOS 3.11 reads "LINESTRING M" as if it
// were Z and drops the fourth ordinate of "ZM", so the measures are taken
// from the text itself.
void attach_measures(std::vector<Polyline>& parts, const WktHead& head,
                     std::string_view wkt) {
  std::size_t vertices = 0;
  for (const Polyline& part : parts) {
    vertices += part.size();
  }
  if (vertices == 0) {
    return;
  }
  const std::vector<double> numbers = scan_numbers(head.body);
  const std::size_t dimension = numbers.size() / vertices;
  if (numbers.size() % vertices != 0 || dimension < 2 || dimension > 4) {
    throw InvalidInputError("inconsistent coordinate count in WKT '" +
                            shortened(wkt) +
                            "'; give every vertex the same dimension");
  }

  const bool only_m = head.tag == "M" && dimension == 3;
  if (dimension != 4 && !only_m) {
    return;
  }
  std::size_t next = dimension - 1;
  for (Polyline& part : parts) {
    part.m.resize(part.size());
    for (std::size_t i = 0; i < part.size(); ++i, next += dimension) {
      part.m[i] = numbers[next];
    }
    if (only_m) {
      part.z.clear();
    }
  }
}

// Writes doubles in the shortest form that reads back to the same value.
// GEOS 3.11's WKTWriter writes fixed notation with a set number of decimals,
// which turns values below 1e-17 into 0 and aborts on values near 1e200, so
// the text is built here instead.
void append_number(std::string& out, double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_vertex(std::string& out, const Polyline& line, std::size_t i,
                   bool with_z, bool with_m) {
  append_number(out, line.points[i].x);
  out += ' ';
  append_number(out, line.points[i].y);
  if (with_z) {
    out += ' ';
    append_number(out, line.z[i]);
  }
  if (with_m) {
    out += ' ';
    append_number(out, line.m[i]);
  }
}

// "(x y, x y)" or "EMPTY".
void append_coordinates(std::string& out, const Polyline& line, bool with_z,
                        bool with_m) {
  if (line.empty()) {
    out += "EMPTY";
    return;
  }
  out += '(';
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (i > 0) {
      out += ", ";
    }
    append_vertex(out, line, i, with_z, with_m);
  }
  out += ')';
}

void append_point_coordinates(std::string& out, const Point& point) {
  out += '(';
  append_number(out, point.x);
  out += ' ';
  append_number(out, point.y);
  out += ')';
}

std::string dimension_tag(bool with_z, bool with_m) {
  if (with_z && with_m) {
    return " ZM ";
  }
  if (with_z) {
    return " Z ";
  }
  return with_m ? " M " : " ";
}

} // namespace

std::vector<Polyline> polylines_from_wkt(std::string_view wkt) {
  const WktHead head = split_head(wkt);
  if (head.keyword != "LINESTRING" && head.keyword != "MULTILINESTRING") {
    throw InvalidInputError(
        "WKT '" + shortened(wkt) +
        "' is not a LINESTRING or MULTILINESTRING; pass line geometries");
  }

  // GEOS 3.11 takes "M" coordinates as Z; the tag becomes Z so that newer
  // GEOS versions, which keep M apart, give the same result.
  const std::string tag = head.tag == "M" ? "Z" : head.tag;
  const std::string text = head.keyword + " " + tag + " " + head.body;

  GeosContext& context = geos_context();
  const GEOSContextHandle_t handle = context.get();
  std::unique_ptr<GEOSWKTReader, ReaderDeleter> reader(
      GEOSWKTReader_create_r(handle), ReaderDeleter{handle});
  GeometryPtr geometry(GEOSWKTReader_read_r(handle, reader.get(), text.c_str()),
                       GeometryDeleter{handle});
  if (!geometry) {
    throw InvalidInputError("invalid WKT '" + shortened(wkt) +
                            "': " + context.take_error());
  }

  std::vector<Polyline> parts;
  const int type = GEOSGeomTypeId_r(handle, geometry.get());
  if (type == GEOS_LINESTRING) {
    parts.push_back(read_line_string(handle, geometry.get()));
  } else if (type == GEOS_MULTILINESTRING) {
    const int count = GEOSGetNumGeometries_r(handle, geometry.get());
    for (int i = 0; i < count; ++i) {
      parts.push_back(read_line_string(
          handle, GEOSGetGeometryN_r(handle, geometry.get(), i)));
    }
  }
  attach_measures(parts, head, wkt);
  std::erase_if(parts, [](const Polyline& part) { return part.empty(); });
  return parts;
}

LineSet line_set_from_wkt(const std::vector<std::string>& wkts) {
  LineSet result;
  result.source = "WKT";
  for (std::size_t i = 0; i < wkts.size(); ++i) {
    const auto fid = static_cast<std::int64_t>(i);
    const auto row = static_cast<std::uint32_t>(i);
    result.attributes.fids.push_back(fid);
    result.attributes.rows.emplace_back();
    for (Polyline& part : polylines_from_wkt(wkts[i])) {
      result.lines.push_back({fid, row, std::move(part)});
    }
  }
  return result;
}

std::string to_wkt(const Point& point) {
  std::string out = "POINT ";
  append_point_coordinates(out, point);
  return out;
}

std::string to_wkt(const Polyline& line) {
  const bool with_z = line.has_z() && !line.empty();
  const bool with_m = line.has_m() && !line.empty();
  std::string out = "LINESTRING" + dimension_tag(with_z, with_m);
  append_coordinates(out, line, with_z, with_m);
  return out;
}

std::string problem_wkt(const Problem& problem) {
  const std::size_t points = problem.points.size();
  const std::size_t lines = problem.lines.size();
  if (points == 0 && lines == 0) {
    return "GEOMETRYCOLLECTION EMPTY";
  }
  if (points == 1 && lines == 0) {
    return to_wkt(problem.points.front());
  }
  if (points == 0 && lines == 1) {
    std::string out = "LINESTRING ";
    append_coordinates(out, problem.lines.front(), false, false);
    return out;
  }

  std::string out;
  if (lines == 0) {
    out = "MULTIPOINT (";
    for (std::size_t i = 0; i < points; ++i) {
      out += i > 0 ? ", " : "";
      append_point_coordinates(out, problem.points[i]);
    }
    return out + ")";
  }
  if (points == 0) {
    out = "MULTILINESTRING (";
    for (std::size_t i = 0; i < lines; ++i) {
      out += i > 0 ? ", " : "";
      append_coordinates(out, problem.lines[i], false, false);
    }
    return out + ")";
  }
  out = "GEOMETRYCOLLECTION (";
  for (std::size_t i = 0; i < points; ++i) {
    out += i > 0 ? ", " : "";
    out += to_wkt(problem.points[i]);
  }
  for (const Polyline& line : problem.lines) {
    out += ", LINESTRING ";
    append_coordinates(out, line, false, false);
  }
  return out + ")";
}

} // namespace georiviere
