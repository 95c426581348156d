#pragma once

#include <iosfwd>
#include <string>

#include "cli/output.h"
#include "spate/session/session.h"

namespace spate::cli {

// Runs a script of statements, printing each result; 0 on success, 1 after the first
// error (which is printed to err).
int runScript(sql::Session& session, const std::string& text, OutputFormat format, std::ostream& out, std::ostream& err);

// The interactive SQL shell: line editing and history (~/.spate_history), statements
// end with ';', errors are printed and the shell goes on. Returns at EOF or "quit;".
int runShell(sql::Session& session, OutputFormat format);

}  // namespace spate::cli
