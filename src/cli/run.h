#pragma once

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "cli/output.h"
#include "spate/session/session.h"
#include "spate/sql/ast.h"

namespace spate::cli {

// Whether `spate sql` prints what a statement returns: query rows, SHOW, DESCRIBE, SET,
// EXPLAIN and the id row of START STREAMING QUERY (not CREATE or DROP).
bool producesRows(sql::StatementKind kind);

// Prints a statement's result in the chosen format (EXPLAIN as plain text in a table).
void printResult(const sql::Statement& statement, sql::DataFrame& result, OutputFormat format, std::ostream& out);

struct RunOptions {
  std::string file;                                        // the SQL job file
  std::vector<std::pair<std::string, std::string>> conf;   // --conf key=value, set before the first statement
  OutputFormat format = OutputFormat::kTable;
};

// `spate run JOB.sql`: runs the job's statements in order, printing the rows of plain
// queries, then waits until every streaming query it started has ended. Returns the
// exit status: 0; 1 for an error in the file (printed as file:line:column) or a query
// that failed (the others are stopped); 130 after SIGINT and 143 after SIGTERM, which
// stop every query cleanly (the running batch finishes, nothing is half-committed, so
// a later run with the same checkpoint resumes). A second signal, a second or more
// after the first, exits at once.
int runJob(const RunOptions& options);

}  // namespace spate::cli
