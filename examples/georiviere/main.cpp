// georiviere: command-line tools over the georiviere library.
//
// Exit codes: 0 on success, 2 for invalid input or usage (missing file,
// unknown layer, existing output without --overwrite, bad option), 1 for an
// unexpected internal error, 128 + the signal number when interrupted by
// SIGINT, SIGTERM or SIGHUP.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "georiviere/core/error.hpp"
#include "progress_display.hpp"

int main(int argc, char** argv) {
  CLI::App app{"georiviere: directed river networks from river lines and "
               "elevation models"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "georiviere " GEORIVIERE_VERSION);
  georiviere::cli::add_network_command(app);
  georiviere::cli::add_regions_command(app);
  georiviere::cli::add_dem_command(app);
  georiviere::cli::add_locate_command(app);
  georiviere::cli::add_segment_command(app);
  georiviere::cli::add_profile_command(app);
  georiviere::cli::add_zones_command(app);

  georiviere::cli::install_interrupt_handlers();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "georiviere: error: %s; see --help\n", e.what());
    return 2;
  } catch (const georiviere::CancelledError&) {
    std::fprintf(stderr, "georiviere: interrupted; no output written\n");
    return 128 + (georiviere::cli::received_signal != 0
                      ? static_cast<int>(georiviere::cli::received_signal)
                      : SIGINT);
  } catch (const georiviere::Error& e) {
    std::fprintf(stderr, "georiviere: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "georiviere: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
