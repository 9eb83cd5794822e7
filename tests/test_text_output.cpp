#include "georiviere/io/text_output.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"

using namespace georiviere;
namespace fs = std::filesystem;

namespace {

fs::path scratch_directory(const std::string& name) {
  const fs::path path =
      fs::path(GEORIVIERE_BINARY_DIR) / "text_output_scratch" / name;
  fs::remove_all(path);
  fs::create_directories(path);
  return path;
}

std::string read_text(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST(TextOutput, WritesFilesAndLeavesNoTemporary) {
  const fs::path directory = scratch_directory("writes");
  const std::string a = (directory / "a.csv").string();
  const std::string b = (directory / "a_summary.csv").string();
  write_text_files({{a, "x,y\n1,2\n"}, {b, "total\n3\n"}}, {});
  EXPECT_EQ(read_text(a), "x,y\n1,2\n");
  EXPECT_EQ(read_text(b), "total\n3\n");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(directory)) {
    ++entries;
  }
  EXPECT_EQ(entries, 2u);
}

TEST(TextOutput, ExistingFileNeedsOverwrite) {
  const fs::path directory = scratch_directory("overwrite");
  const std::string path = (directory / "out.csv").string();
  std::ofstream(path) << "old";
  try {
    write_text_files({{path, "new"}}, {});
    FAIL() << "an existing file was replaced";
  } catch (const IoError& error) {
    EXPECT_TRUE(contains(error.what(), "--overwrite")) << error.what();
  }
  EXPECT_EQ(read_text(path), "old");

  WriteOptions options;
  options.overwrite = true;
  write_text_files({{path, "new"}}, options);
  EXPECT_EQ(read_text(path), "new");
}

TEST(TextOutput, InputIsNeverReplaced) {
  const fs::path directory = scratch_directory("input");
  const std::string path = (directory / "rivers.csv").string();
  std::ofstream(path) << "input";
  WriteOptions options;
  options.overwrite = true;
  options.inputs = {path};
  EXPECT_THROW(check_text_output_paths({path}, options), IoError);
  EXPECT_THROW(write_text_files({{path, "x"}}, options), IoError);
  EXPECT_EQ(read_text(path), "input");
}

TEST(TextOutput, RejectsBadPaths) {
  const fs::path directory = scratch_directory("bad");
  EXPECT_THROW(
      check_text_output_paths({(directory / "no" / "x.csv").string()}, {}),
      IoError);
  EXPECT_THROW(check_text_output_paths({directory.string()}, {}), IoError);
  EXPECT_THROW(check_text_output_paths({(directory / "a.csv").string(),
                                        (directory / "sub" / "b.csv").string()},
                                       {}),
               IoError);
  EXPECT_THROW(check_text_output_paths({}, {}), IoError);
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("Yzeron"), "Yzeron");
  EXPECT_EQ(csv_field("l'Yzeron"), "l'Yzeron");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field(""), "");
}
