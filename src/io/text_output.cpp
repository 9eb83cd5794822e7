#include "georiviere/io/text_output.hpp"

#include <filesystem>
#include <fstream>

#include "georiviere/core/error.hpp"
#include "output_files.hpp"

namespace georiviere {
namespace {

namespace fs = std::filesystem;

detail::OutputPlan plan_text_outputs(const std::vector<std::string>& paths) {
  detail::OutputPlan plan;
  for (const std::string& path : paths) {
    const fs::path output(path);
    if (!output.has_filename()) {
      throw IoError("output " + path + " names a directory; give a file path");
    }
    const fs::path directory =
        output.has_parent_path() ? output.parent_path() : fs::path(".");
    if (plan.files.empty()) {
      plan.directory = directory;
    } else if (directory != plan.directory) {
      throw IoError("outputs " + paths.front() + " and " + path +
                    " are in different directories; give paths in one");
    }
    plan.files.push_back({output, {}, {}});
  }
  if (plan.files.empty()) {
    throw IoError("no output file given; give an output path");
  }
  return plan;
}

} // namespace

void check_text_output_paths(const std::vector<std::string>& paths,
                             const WriteOptions& options) {
  detail::check_outputs(plan_text_outputs(paths), options);
}

void write_text_files(const std::vector<TextFile>& files,
                      const WriteOptions& options) {
  std::vector<std::string> paths;
  for (const TextFile& file : files) {
    paths.push_back(file.path);
  }
  const detail::OutputPlan plan = plan_text_outputs(paths);
  detail::check_outputs(plan, options);

  const detail::TemporaryDirectory temporary(plan);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const fs::path target =
        temporary.path() / plan.files[i].final_path.filename();
    std::ofstream stream(target, std::ios::binary);
    stream << files[i].content;
    stream.close();
    if (!stream) {
      throw IoError("writing " + files[i].path +
                    " failed; check the free space and permissions of " +
                    plan.directory.string());
    }
  }
  detail::move_outputs(plan, temporary.path(), options);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') {
      quoted += '"';
    }
    quoted += c;
  }
  return quoted + "\"";
}

} // namespace georiviere
