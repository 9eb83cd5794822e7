// Rethrowing a georiviere error with a prefix that names where the failing
// input came from, such as the region profile key of a file.
#pragma once

#include <string>
#include <utility>

#include "georiviere/core/error.hpp"

namespace georiviere::detail {

// Calls `step` and returns its result. A FileNotFoundError, CrsError,
// InvalidInputError or IoError that `step` throws is thrown again as the
// same class with `prefix` put before its message. A ConfigError is thrown
// again as InvalidInputError. Other exceptions pass unchanged.
template <typename Step>
auto with_error_prefix(const std::string& prefix, Step&& step)
    -> decltype(std::forward<Step>(step)()) {
  try {
    return std::forward<Step>(step)();
  } catch (const FileNotFoundError& error) {
    throw FileNotFoundError(prefix + error.what());
  } catch (const CrsError& error) {
    throw CrsError(prefix + error.what());
  } catch (const InvalidInputError& error) {
    throw InvalidInputError(prefix + error.what());
  } catch (const IoError& error) {
    throw IoError(prefix + error.what());
  }
}

} // namespace georiviere::detail
