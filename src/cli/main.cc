// modelgate: the gate between "training finished" and "this model may be registered".
#include <CLI/CLI.hpp>
#include <fmt/core.h>

int main(int argc, char** argv) {
  CLI::App app{"modelgate: is this trained model good enough to register?"};
  app.set_version_flag("--version", "modelgate 0.1.0");
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
