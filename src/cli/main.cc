// The spate command: run SQL from the command line or a file, or an interactive shell.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/output.h"
#include "cli/shell.h"
#include "spate/common/error.h"
#include "spate/session/session.h"
#include "spate/sql/ast.h"

namespace spate::cli {

namespace {

bool producesRows(sql::StatementKind kind) {
  switch (kind) {
    case sql::StatementKind::kQuery:
    case sql::StatementKind::kShowTables:
    case sql::StatementKind::kDescribe:
    case sql::StatementKind::kSet:
    case sql::StatementKind::kExplain: return true;
    default: return false;
  }
}

}  // namespace

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
      BatchPtr batch = df.toBatch();
      if (st.kind == sql::StatementKind::kExplain && format == OutputFormat::kTable) {
        out << batch->column(0)->stringAt(0) << "\n";
        continue;
      }
      out << renderResult(*batch, format);
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

int main(int argc, char** argv) {
  using spate::cli::OutputFormat;
  CLI::App app{"spate: Spark Structured Streaming's programming model in one fast native process"};
  app.set_version_flag("--version", std::string("spate ") + SPATE_VERSION);
  app.require_subcommand(0, 1);

  auto* sqlCmd = app.add_subcommand("sql", "Run SQL: -e QUERY, -f FILE, or an interactive shell without either");
  std::string query, file, formatName = "table";
  sqlCmd->add_option("-e,--execute", query, "SQL statements to run");
  sqlCmd->add_option("-f,--file", file, "A file of ';'-separated SQL statements to run");
  sqlCmd->add_option("--format", formatName, "Result format")->check(CLI::IsMember({"table", "csv", "json"}));

  CLI11_PARSE(app, argc, argv);

  OutputFormat format = formatName == "csv" ? OutputFormat::kCsv : formatName == "json" ? OutputFormat::kJson : OutputFormat::kTable;
  auto session = spate::sql::Session::builder().appName("spate-sql").getOrCreate();
  if (!query.empty()) return spate::cli::runScript(*session, query, format, std::cout, std::cerr);
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) {
      std::cerr << "Error: cannot read SQL file " << file << "\n";
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    return spate::cli::runScript(*session, text.str(), format, std::cout, std::cerr);
  }
  return spate::cli::runShell(*session, format);
}
