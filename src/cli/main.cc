// The spate command: run SQL from the command line or a file, an interactive shell,
// or a SQL job file whose streaming queries run until they end (spate run).

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/output.h"
#include "cli/run.h"
#include "cli/shell.h"
#include "spate/common/error.h"
#include "spate/session/session.h"
#include "spate/sql/ast.h"

namespace spate::cli {

int runScript(sql::Session& session, const std::string& text, OutputFormat format, std::ostream& out, std::ostream& err) {
  auto statements = sql::parseStatements(text);
  if (!statements.ok()) {
    err << "Error: " << statements.status().message() << "\n";
    return 1;
  }
  for (const auto& st : *statements) {
    try {
      sql::DataFrame df = valueOrThrow(session.executeStatement(st));
      if (!producesRows(st.kind)) continue;
      printResult(st, df, format, out);
    } catch (const Error& e) {
      err << "Error: " << e.status().message() << "\n";
      return 1;
    } catch (const std::exception& e) {
      err << "Error: " << e.what() << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace spate::cli

namespace {

spate::cli::OutputFormat formatNamed(const std::string& name) {
  using spate::cli::OutputFormat;
  return name == "csv" ? OutputFormat::kCsv : name == "json" ? OutputFormat::kJson : OutputFormat::kTable;
}

// `spate sql` ends with its session: say so when streaming queries were still running.
int endSqlCommand(spate::sql::Session& session, int code) {
  size_t running = session.streamsManager()->active().size();
  if (running > 0) {
    std::cerr << "Note: " << running << " streaming " << (running == 1 ? "query stops" : "queries stop")
              << " as spate sql ends; `spate run FILE` keeps them running until they finish\n";
  }
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"spate: Spark Structured Streaming's programming model in one fast native process"};
  app.set_version_flag("--version", std::string("spate ") + SPATE_VERSION);
  app.require_subcommand(0, 1);

  auto* sqlCmd = app.add_subcommand("sql", "Run SQL: -e QUERY, -f FILE, or an interactive shell without either");
  std::string query, file, formatName = "table";
  sqlCmd->add_option("-e,--execute", query, "SQL statements to run");
  sqlCmd->add_option("-f,--file", file, "A file of ';'-separated SQL statements to run");
  sqlCmd->add_option("--format", formatName, "Result format")->check(CLI::IsMember({"table", "csv", "json"}));

  auto* runCmd = app.add_subcommand(
      "run", "Run a SQL job file, then wait for its streaming queries to end (Ctrl-C stops them cleanly)");
  spate::cli::RunOptions run;
  std::vector<std::string> confs;
  std::string runFormatName = "table";
  runCmd->add_option("file", run.file, "The SQL job file (';'-separated statements)")->required();
  runCmd->add_option("--conf", confs, "Session configuration as key=value (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  runCmd->add_option("--format", runFormatName, "Format of query results")
      ->check(CLI::IsMember({"table", "csv", "json"}));

  CLI11_PARSE(app, argc, argv);

  if (runCmd->parsed()) {
    for (const auto& c : confs) {
      size_t eq = c.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::cerr << "Error: --conf takes key=value, not '" << c << "'\n";
        return 1;
      }
      run.conf.emplace_back(c.substr(0, eq), c.substr(eq + 1));
    }
    run.format = formatNamed(runFormatName);
    return spate::cli::runJob(run);
  }

  auto format = formatNamed(formatName);
  auto session = spate::sql::Session::builder().appName("spate-sql").getOrCreate();
  if (!query.empty()) {
    return endSqlCommand(*session, spate::cli::runScript(*session, query, format, std::cout, std::cerr));
  }
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) {
      std::cerr << "Error: cannot read SQL file " << file << "\n";
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    return endSqlCommand(*session, spate::cli::runScript(*session, text.str(), format, std::cout, std::cerr));
  }
  return spate::cli::runShell(*session, format);
}
