// georiviere: command-line tools over the georiviere library.
//
// Exit codes: 0 on success, 2 for invalid input or usage (missing file,
// unknown layer, existing output without --overwrite, bad option), 1 for an
// unexpected internal error, 130 when cancelled.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "georiviere/core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"georiviere: directed river networks from river lines and "
               "elevation models"};
  app.require_subcommand(1);
  georiviere::cli::add_network_command(app);
  georiviere::cli::add_regions_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const georiviere::CancelledError& e) {
    std::fprintf(stderr, "georiviere: %s\n", e.what());
    return 130;
  } catch (const georiviere::Error& e) {
    std::fprintf(stderr, "georiviere: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "georiviere: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
