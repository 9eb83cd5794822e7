// Memory figures of the current process from /proc/self/status (Linux).
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace georiviere::bench {

// Returns the value of a "Name:   1234 kB" field of /proc/self/status in
// bytes, or -1 when the field or the file is missing (not Linux).
// VmRSS is the resident set size now, VmHWM its peak since the process
// started.
inline std::int64_t read_proc_status_bytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = field + ":";
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) {
      std::istringstream value(line.substr(prefix.size()));
      std::int64_t kib = -1;
      value >> kib;
      return kib < 0 ? -1 : kib * 1024;
    }
  }
  return -1;
}

} // namespace georiviere::bench
