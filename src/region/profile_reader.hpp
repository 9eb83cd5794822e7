// Reading region profiles from parsed TOML tables. Private to the library.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "georiviere/region/region_profile.hpp"

namespace georiviere::detail {

// Origin of a profile table, for messages and relative base paths.
struct ProfileSource {
  std::string name;      // file path or "preset NAME"; shown in messages
  std::string directory; // base paths are relative to it; empty for presets
};

// Parses TOML text; throws ConfigError with the file, line and column of a
// syntax error.
toml::table parse_toml(std::string_view text, const std::string& source_name);

// Reads a whole file; throws FileNotFoundError or IoError.
std::string read_text_file(const std::string& path);

// The profile a `base` value names: a preset name, or a path to a profile
// file relative to `from.directory`. `chain` holds the files being resolved
// and guards against a file that is its own base.
RegionProfile resolve_base(const std::string& base, const ProfileSource& from,
                           const toml::source_region& where,
                           std::vector<std::string>& chain);

// Sets every profile member for which `table` has a key, after checking each
// key, type and value. `table_path` prefixes the table names in messages
// ("" for a profile file, "regions.jura." for a catalogue entry). Keys
// listed in `extra_keys` are skipped, so that a catalogue entry may hold
// `base` and `description` beside the profile tables.
void apply_profile_table(const toml::table& table, RegionProfile& profile,
                         const ProfileSource& source,
                         const std::string& table_path,
                         const std::vector<std::string_view>& extra_keys);

// Checks rules that span several tables (a topology mode and its fields);
// throws ConfigError naming the source and the keys.
void check_profile(const RegionProfile& profile, const std::string& source);

// Resolves a profile file's table: its base, then its own keys.
RegionProfile resolve_profile(const toml::table& table,
                              const ProfileSource& source,
                              std::vector<std::string>& chain);

// Raises ConfigError "SOURCE:LINE: message".
[[noreturn]] void fail_at(const toml::source_region& where,
                          const std::string& fallback_source,
                          const std::string& message);

// The closest of `candidates` to `word`, or "" when none is close.
std::string closest_word(std::string_view word,
                         const std::vector<std::string_view>& candidates);

} // namespace georiviere::detail
