// Writing plain text outputs, such as CSV tables, with the checks, the
// temporary directory and the renames of write_network().
//
// Implemented in src/io/text_output.cpp.
#pragma once

#include <string>
#include <vector>

#include "georiviere/io/vector_writer.hpp"

namespace georiviere {

// A text file to write: its path and its whole content.
struct TextFile {
  std::string path;
  std::string content;
};

// Runs the checks write_text_files() makes before writing, so that callers
// can reject a bad output before long work. The paths must share one
// directory. Throws IoError in the cases check_output_path() lists
// (vector_writer.hpp): missing or read-only directory, a path that is a
// directory or special file, an input, or an existing file without
// options.overwrite. `options.format` and `options.progress` are not used.
void check_text_output_paths(const std::vector<std::string>& paths,
                             const WriteOptions& options);

// Writes the files in a hidden temporary directory beside them, then
// renames them into place, so that a failure leaves no partial output.
// Throws IoError as check_text_output_paths() does, and when writing or
// renaming fails.
void write_text_files(const std::vector<TextFile>& files,
                      const WriteOptions& options);

// The CSV field for `text`: quoted, with inner quotes doubled, when it
// contains a comma, a quote or a line break (RFC 4180), else as is.
std::string csv_field(const std::string& text);

} // namespace georiviere
