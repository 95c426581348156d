#include "cli/shell.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <editline/readline.h>

#include "spate/common/strings.h"

namespace spate::cli {

namespace {

std::string historyPath() {
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.spate_history";
}

// True when the buffer holds a complete statement: a ';' outside quotes and comments.
bool endsStatement(const std::string& buffer) {
  char quote = 0;
  bool lineComment = false;
  bool sawTerminator = false;
  for (size_t i = 0; i < buffer.size(); ++i) {
    char c = buffer[i];
    if (lineComment) {
      if (c == '\n') lineComment = false;
      continue;
    }
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') quote = c;
    else if (c == '-' && i + 1 < buffer.size() && buffer[i + 1] == '-') lineComment = true;
    else if (c == ';') sawTerminator = true;
    else if (!std::isspace(static_cast<unsigned char>(c))) sawTerminator = false;
  }
  return sawTerminator;
}

}  // namespace

int runShell(sql::Session& session, OutputFormat format) {
  bool interactive = isatty(STDIN_FILENO);
  std::string history = historyPath();
  if (interactive) {
    using_history();
    read_history(history.c_str());
    std::cout << "spate " << SPATE_VERSION << " SQL shell. End statements with ';'. Type 'quit;' to leave.\n";
  }
  std::string buffer;
  while (true) {
    std::string line;
    if (interactive) {
      char* raw = readline(buffer.empty() ? "spate-sql> " : "         > ");
      if (!raw) break;
      line = raw;
      std::free(raw);
    } else if (!std::getline(std::cin, line)) {
      break;
    }
    if (buffer.empty()) {
      std::string t = toLower(trimView(line));
      if (t == "quit" || t == "exit" || t == "quit;" || t == "exit;") break;
      if (t.empty()) continue;
    }
    buffer += line + "\n";
    if (!endsStatement(buffer)) continue;
    if (interactive) {
      std::string entry(trimView(buffer));
      add_history(entry.c_str());
      write_history(history.c_str());
    }
    runScript(session, buffer, format, std::cout, std::cerr);
    buffer.clear();
  }
  if (!trimView(buffer).empty()) runScript(session, buffer, format, std::cout, std::cerr);
  if (interactive) std::cout << "\n";
  return 0;
}

}  // namespace spate::cli
