#include "georiviere/detail/error_prefix.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <typeinfo>

#include <gtest/gtest.h>

namespace georiviere::detail {
namespace {

// Returns the exception that with_error_prefix throws for a step that
// throws `error`.
template <typename Thrown> std::exception_ptr rethrown(const Thrown& error) {
  try {
    with_error_prefix("key 'path': ", [&]() -> int { throw error; });
  } catch (...) {
    return std::current_exception();
  }
  return nullptr;
}

template <typename Expected>
void expect_rethrown_as(const std::exception_ptr& thrown,
                        const std::string& message) {
  ASSERT_TRUE(thrown);
  try {
    std::rethrow_exception(thrown);
  } catch (const std::exception& error) {
    EXPECT_EQ(typeid(error), typeid(Expected));
    EXPECT_EQ(std::string(error.what()), message);
  }
}

TEST(ErrorPrefix, ReturnsStepResult) {
  EXPECT_EQ(with_error_prefix("key: ", [] { return 42; }), 42);
  auto owned = with_error_prefix(
      "key: ", [] { return std::make_unique<std::string>("moved"); });
  ASSERT_TRUE(owned);
  EXPECT_EQ(*owned, "moved");
}

TEST(ErrorPrefix, KeepsErrorClass) {
  expect_rethrown_as<FileNotFoundError>(
      rethrown(FileNotFoundError("a.gpkg not found")),
      "key 'path': a.gpkg not found");
  expect_rethrown_as<CrsError>(rethrown(CrsError("no CRS")),
                               "key 'path': no CRS");
  expect_rethrown_as<InvalidInputError>(rethrown(InvalidInputError("empty")),
                                        "key 'path': empty");
  expect_rethrown_as<IoError>(rethrown(IoError("read failed")),
                              "key 'path': read failed");
}

TEST(ErrorPrefix, ConfigErrorBecomesInvalidInput) {
  expect_rethrown_as<InvalidInputError>(rethrown(ConfigError("bad key")),
                                        "key 'path': bad key");
}

TEST(ErrorPrefix, OtherExceptionsPassUnchanged) {
  expect_rethrown_as<CancelledError>(
      rethrown(CancelledError()),
      "operation cancelled by the progress callback");
  expect_rethrown_as<std::runtime_error>(rethrown(std::runtime_error("x")),
                                         "x");
}

} // namespace
} // namespace georiviere::detail
