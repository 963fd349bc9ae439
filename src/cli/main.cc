// modelgate: the gate between "training finished" and "this model may be registered".
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>

#include "aws/sagemaker_source.h"
#include "cli/commands.h"

namespace mg::cli {

int ReportError(const Status& st) {
  std::fflush(stdout);
  fmt::print(stderr, "modelgate: error: {}\n", st.message());
  return st.ok() ? 0 : st.exit_code();
}

}  // namespace mg::cli

int main(int argc, char** argv) {
  CLI::App app{"modelgate: is this trained model good enough to register?"};
  app.set_version_flag("--version", "modelgate 0.1.0");
  app.require_subcommand(1);
  // AWS settings as the aws CLI takes them (global, before or after the subcommand); they
  // matter only to sagemaker:NAME jobs and s3:// URIs.
  mg::aws::LoadOptions aws;
  app.add_option("--endpoint-url", aws.endpoint_url, "AWS endpoint URL (as the aws CLI's; also AWS_ENDPOINT_URL)");
  app.add_option("--profile", aws.profile, "AWS profile from ~/.aws/credentials and ~/.aws/config");
  app.add_option("--region", aws.region, "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's)");
  app.fallthrough();
  mg::cli::Runner runner;
  mg::cli::AddValidateCommand(app, runner);
  mg::cli::AddPredictCommand(app, runner);
  mg::cli::AddInspectCommand(app, runner);
  mg::cli::AddRegistryCommand(app, runner);
  mg::cli::AddMetricsCommand(app, runner);
  mg::cli::AddJobsCommand(app, runner);
  mg::cli::AddStatusCommand(app, runner);
  mg::cli::AddLogsCommand(app, runner);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;  // usage error, documented exit code
  }
  mg::aws::RegisterSageMakerJobSource(aws);
  return runner.action ? runner.action() : 2;
}
