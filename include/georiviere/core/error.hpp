// Exception types raised by georiviere.
//
// Defects in the data (gaps, cycles, reversed lines) are not exceptions: they
// go to the Problem list of a RiverNetwork. Exceptions are for input that
// cannot be processed at all. Each message names the file, layer, field or
// value at fault and says what to do.
#pragma once

#include <stdexcept>
#include <string>

namespace georiviere {

// Base class of every exception georiviere throws.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// An input file or directory does not exist.
class FileNotFoundError : public Error {
public:
  explicit FileNotFoundError(const std::string& message) : Error(message) {}
};

// Reading or writing a dataset failed (driver error, permission, disk full).
class IoError : public Error {
public:
  explicit IoError(const std::string& message) : Error(message) {}
};

// The input exists but cannot be used: unknown layer or field, empty layer,
// wrong geometry type, NaN coordinates, invalid option value.
class InvalidInputError : public Error {
public:
  explicit InvalidInputError(const std::string& message) : Error(message) {}
};

// The coordinate reference system is missing, unknown or unsuitable.
class CrsError : public InvalidInputError {
public:
  explicit CrsError(const std::string& message) : InvalidInputError(message) {}
};

// A configuration file or option set is invalid.
class ConfigError : public InvalidInputError {
public:
  explicit ConfigError(const std::string& message)
      : InvalidInputError(message) {}
};

// The caller's progress callback asked to stop.
class CancelledError : public Error {
public:
  CancelledError() : Error("operation cancelled by the progress callback") {}
};

} // namespace georiviere
