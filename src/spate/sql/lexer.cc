#include "spate/sql/lexer.h"

#include <algorithm>
#include <cctype>

#include "spate/common/strings.h"

namespace spate::sql {

bool Token::isKeyword(std::string_view keyword) const {
  return kind == TokenKind::kIdentifier && equalsIgnoreCase(text, keyword);
}

namespace {

bool isIdentStart(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  // Bytes >= 0x80 are UTF-8 sequences: let non-ASCII names through as identifiers.
  return std::isalpha(u) || c == '_' || u >= 0x80;
}
bool isIdentChar(char c) { return isIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)); }
bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Longest operators first so that "<=>" wins over "<=" and "<".
constexpr std::string_view kOperators[] = {"<=>", "<>", "<=", ">=", "==", "!=", "||", "(", ")", "[", "]", ",",
                                           ".",   ";",  "=",  "<",  ">",  "+",  "-",  "*", "/", "%", "&", "|",
                                           "^",   "~",  "!",  ":"};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      skipSpaceAndComments(tokens);
      if (atEnd()) break;
      tokens.push_back(next(tokens));
    }
    Token end;
    end.kind = TokenKind::kEnd;
    end.line = endLine_;
    end.column = endColumn_;
    end.offset = text_.size();
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  void advance() {
    if (atEnd()) return;
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }

  Token begin(TokenKind kind) const {
    Token t;
    t.kind = kind;
    t.line = line_;
    t.column = column_;
    t.offset = pos_;
    return t;
  }
  Token finish(Token t) {
    t.length = pos_ - t.offset;
    endLine_ = line_;
    endColumn_ = column_;
    return t;
  }
  Token fail(Token t, std::string message) {
    t.kind = TokenKind::kError;
    t.text = std::move(message);
    return finish(std::move(t));
  }

  void skipSpaceAndComments(std::vector<Token>& tokens) {
    while (!atEnd()) {
      char c = peek();
      if (std::isspace(static_cast<unsigned char>(c))) {
        advance();
      } else if (c == '-' && peek(1) == '-') {
        while (!atEnd() && peek() != '\n') advance();
      } else if (c == '/' && peek(1) == '*') {
        Token start = begin(TokenKind::kError);
        advance();
        advance();
        // Spark nests bracketed comments, so count the depth.
        int depth = 1;
        while (!atEnd() && depth > 0) {
          if (peek() == '/' && peek(1) == '*') {
            advance();
            advance();
            ++depth;
          } else if (peek() == '*' && peek(1) == '/') {
            advance();
            advance();
            --depth;
          } else {
            advance();
          }
        }
        if (depth > 0) tokens.push_back(fail(std::move(start), "Unterminated /* comment"));
      } else {
        return;
      }
    }
  }

  Token next(const std::vector<Token>& tokens) {
    char c = peek();
    if ((c == 'x' || c == 'X') && peek(1) == '\'') return lexBinary();
    if (isIdentStart(c)) {
      Token t = begin(TokenKind::kIdentifier);
      while (!atEnd() && isIdentChar(peek())) advance();
      t.text = std::string(text_.substr(t.offset, pos_ - t.offset));
      return finish(std::move(t));
    }
    if (isDigit(c)) return lexNumber();
    if (c == '.' && isDigit(peek(1)) && !followsOperand(tokens)) return lexNumber();
    if (c == '\'' || c == '"') return lexString(c);
    if (c == '`') return lexQuotedIdentifier();
    for (std::string_view op : kOperators) {
      if (text_.substr(pos_, op.size()) == op) {
        Token t = begin(TokenKind::kOperator);
        for (size_t i = 0; i < op.size(); ++i) advance();
        t.text = std::string(op);
        return finish(std::move(t));
      }
    }
    Token t = begin(TokenKind::kError);
    advance();
    // Consume the rest of a UTF-8 sequence so the message shows the whole character.
    while (!atEnd() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80) advance();
    std::string_view bad = text_.substr(t.offset, pos_ - t.offset);
    // Control characters would garble the message; show their code instead.
    std::string shown = static_cast<unsigned char>(bad[0]) < 0x20 || bad[0] == 0x7F
                            ? fmt::format("\\x{:02X}", static_cast<unsigned char>(bad[0]))
                            : std::string(bad);
    return fail(std::move(t), fmt::format("Unexpected character '{}'", shown));
  }

  // ".5" starts a number unless it follows something a field could be taken from (t.5).
  static bool followsOperand(const std::vector<Token>& tokens) {
    if (tokens.empty()) return false;
    const Token& last = tokens.back();
    return last.kind == TokenKind::kIdentifier || last.kind == TokenKind::kQuotedIdentifier ||
           last.isOperator(")") || last.isOperator("]");
  }

  Token lexNumber() {
    Token t = begin(TokenKind::kNumber);
    while (isDigit(peek())) advance();
    if (peek() == '.') {
      advance();
      while (isDigit(peek())) advance();
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))))) {
      advance();
      if (peek() == '+' || peek() == '-') advance();
      while (isDigit(peek())) advance();
    }
    size_t suffixStart = pos_;
    while (!atEnd() && isIdentChar(peek())) advance();
    std::string_view suffix = text_.substr(suffixStart, pos_ - suffixStart);
    t.text = std::string(text_.substr(t.offset, pos_ - t.offset));
    if (!suffix.empty() && !equalsIgnoreCase(suffix, "L") && !equalsIgnoreCase(suffix, "S") &&
        !equalsIgnoreCase(suffix, "Y") && !equalsIgnoreCase(suffix, "D") && !equalsIgnoreCase(suffix, "F") &&
        !equalsIgnoreCase(suffix, "BD")) {
      return fail(std::move(t), fmt::format("Invalid numeric literal '{}': a number may only end in one of the "
                                            "suffixes L, S, Y, D, F or BD",
                                            t.text));
    }
    return finish(std::move(t));
  }

  Token lexString(char quote) {
    Token t = begin(TokenKind::kString);
    advance();
    std::string value;
    while (true) {
      if (atEnd()) return fail(std::move(t), "Unterminated string literal");
      char c = peek();
      if (c == quote) {
        advance();
        break;
      }
      if (c != '\\') {
        value += c;
        advance();
        continue;
      }
      advance();
      if (atEnd()) return fail(std::move(t), "Unterminated string literal");
      char e = peek();
      advance();
      switch (e) {
        case 'n': value += '\n'; break;
        case 't': value += '\t'; break;
        case 'r': value += '\r'; break;
        case 'b': value += '\b'; break;
        case 'Z': value += '\x1A'; break;
        // LIKE needs to see these escaped, so Spark keeps the backslash.
        case '%': value += "\\%"; break;
        case '_': value += "\\_"; break;
        case 'u': {
          uint32_t cp = 0;
          int digits = 0;
          while (digits < 4 && hexValue(peek()) >= 0) {
            cp = cp * 16 + static_cast<uint32_t>(hexValue(peek()));
            advance();
            ++digits;
          }
          if (digits < 4) return fail(std::move(t), "Invalid unicode escape in string literal: \\u needs 4 hex digits");
          appendUtf8(value, cp);
          break;
        }
        default:
          if (e >= '0' && e <= '7' && peek() >= '0' && peek() <= '7' && peek(1) >= '0' && peek(1) <= '7') {
            int code = (e - '0') * 64 + (peek() - '0') * 8 + (peek(1) - '0');
            advance();
            advance();
            value += static_cast<char>(code & 0xFF);
          } else if (e == '0') {
            value += '\0';
          } else {
            // Unknown escapes drop the backslash, as Spark does.
            value += e;
          }
      }
    }
    t.text = std::move(value);
    return finish(std::move(t));
  }

  Token lexQuotedIdentifier() {
    Token t = begin(TokenKind::kQuotedIdentifier);
    advance();
    std::string name;
    while (true) {
      if (atEnd()) return fail(std::move(t), "Unterminated `quoted` identifier");
      if (peek() == '`') {
        advance();
        if (peek() == '`') {
          name += '`';
          advance();
          continue;
        }
        break;
      }
      name += peek();
      advance();
    }
    t.text = std::move(name);
    return finish(std::move(t));
  }

  Token lexBinary() {
    Token t = begin(TokenKind::kBinary);
    advance();  // X
    advance();  // '
    std::string hex;
    while (!atEnd() && peek() != '\'') {
      hex += peek();
      advance();
    }
    if (atEnd()) return fail(std::move(t), "Unterminated binary literal");
    advance();
    // An odd number of digits gets a leading zero: X'123' is 0x0123.
    if (hex.size() % 2) hex.insert(hex.begin(), '0');
    std::string bytes;
    for (size_t i = 0; i < hex.size(); i += 2) {
      int hi = hexValue(hex[i]), lo = hexValue(hex[i + 1]);
      if (hi < 0 || lo < 0) {
        return fail(std::move(t), fmt::format("Invalid binary literal {}: only hex digits may appear inside X'...'",
                                              text_.substr(t.offset, pos_ - t.offset)));
      }
      bytes += static_cast<char>(hi * 16 + lo);
    }
    t.text = std::move(bytes);
    return finish(std::move(t));
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1, column_ = 1;
  // Where the last token ended: "end of input" errors point just after it.
  int endLine_ = 1, endColumn_ = 1;
};

}  // namespace

std::vector<Token> lexTokens(std::string_view text) { return Lexer(text).run(); }

Result<std::vector<Token>> tokenize(std::string_view text) {
  std::vector<Token> tokens = lexTokens(text);
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kError) {
      return Status(StatusCode::kParseError, formatErrorAt(text, t.text, t.line, t.column));
    }
  }
  return tokens;
}

std::string formatErrorAt(std::string_view source, std::string_view message, int line, int column) {
  std::string out = fmt::format("{} (line {}, column {})", message, line, column);
  // Find the source line to show under the message.
  size_t start = 0;
  for (int l = 1; l < line && start <= source.size(); ++l) {
    size_t nl = source.find('\n', start);
    if (nl == std::string_view::npos) {
      start = source.size() + 1;
      break;
    }
    start = nl + 1;
  }
  if (start > source.size()) return out;
  size_t end = source.find('\n', start);
  if (end == std::string_view::npos) end = source.size();
  std::string_view lineText = source.substr(start, end - start);
  if (!lineText.empty() && lineText.back() == '\r') lineText.remove_suffix(1);
  // Tabs are copied so the caret lines up however the terminal expands them; a column
  // past the end of the line (end of input) puts the caret just after the text.
  size_t indent = std::min(static_cast<size_t>(column > 1 ? column - 1 : 0), lineText.size() + 1);
  std::string caret;
  for (size_t i = 0; i < indent; ++i) {
    if (i >= lineText.size()) {
      caret += ' ';
    } else if (lineText[i] == '\t') {
      caret += '\t';
    } else if ((static_cast<unsigned char>(lineText[i]) & 0xC0) != 0x80) {
      // One space per character: UTF-8 continuation bytes take no column on screen.
      caret += ' ';
    }
  }
  return out + "\n" + std::string(lineText) + "\n" + caret + "^";
}

}  // namespace spate::sql
