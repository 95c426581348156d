// Literals whose text needs interpreting: numbers (Spark's typing rules), INTERVAL,
// DATE/TIMESTAMP '...', and the type inside CAST(... AS type).

#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>

#include "spate/common/datetime.h"
#include "spate/common/duration.h"
#include "spate/common/strings.h"
#include "spate/sql/parser.h"
#include "spate/types/schema.h"

namespace spate::sql {

namespace {

using Int128 = Value::Int128;

template <typename P>
ExprPtr at(ExprPtr e, const P& pos) {
  return withPosition(std::move(e), pos.line, pos.column);
}

size_t significantDigits(std::string_view digits) {
  size_t nz = digits.find_first_not_of('0');
  return nz == std::string_view::npos ? 1 : digits.size() - nz;
}

// The value of a run of decimal digits; nullopt past 38 significant digits, which is
// all a decimal holds and safely inside an Int128.
std::optional<Int128> digitsValue(std::string_view digits) {
  if (significantDigits(digits) > static_cast<size_t>(DataType::kMaxDecimalPrecision)) return std::nullopt;
  Int128 v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool fitsInt64(Int128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

bool isUnitToken(const Token& t) { return t.kind == TokenKind::kIdentifier && intervalUnit(t.text).has_value(); }

// DAY TO SECOND style fields, largest first; -1 for units such ranges do not use.
int dayTimeIndex(std::string_view word) {
  std::string w = toUpper(word);
  if (w == "DAY") return 0;
  if (w == "HOUR") return 1;
  if (w == "MINUTE") return 2;
  if (w == "SECOND") return 3;
  return -1;
}
constexpr int64_t kDayTimeMicros[] = {kMicrosPerDay, kMicrosPerHour, kMicrosPerMinute, kMicrosPerSecond};
constexpr const char* kDayTimeNames[] = {"DAY", "HOUR", "MINUTE", "SECOND"};

Status addMicros(Int128& total, Int128 v) {
  total += v;
  if (!fitsInt64(total)) return Status::ParseError("the interval is out of range");
  return Status::OK();
}

// INTERVAL '1 02:03:04.5' DAY TO SECOND and the other ranges of DAY, HOUR, MINUTE, SECOND.
Result<Int128> parseDayTimeString(std::string_view s, int from, int to) {
  s = trimView(s);
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::vector<std::string> fields;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == ':') {
      fields.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  fields.push_back(cur);
  static constexpr const char* kFieldShapes[] = {"d", "hh", "mm", "ss.ffffff"};
  std::string shape = kFieldShapes[from];
  for (int u = from + 1; u <= to; ++u) shape += std::string(u == 1 ? " " : ":") + kFieldShapes[u];
  auto bad = [&]() {
    return Status::ParseError("expected '{}' for {} TO {}", shape, kDayTimeNames[from], kDayTimeNames[to]);
  };
  if (fields.size() != static_cast<size_t>(to - from + 1)) return bad();
  Int128 total = 0;
  for (size_t k = 0; k < fields.size(); ++k) {
    int unit = from + static_cast<int>(k);
    const std::string& f = fields[k];
    bool fractionOk = unit == 3;
    if (f.empty() || !std::isdigit(static_cast<unsigned char>(f[0])) ||
        (!fractionOk && f.find('.') != std::string::npos)) {
      return bad();
    }
    auto v = scaledMicros(f, kDayTimeMicros[unit]);
    if (!v) return bad();
    SPATE_RETURN_IF_ERROR(addMicros(total, *v));
  }
  return negative ? -total : total;
}

}  // namespace

Result<ExprPtr> Parser::parseNumber(const Token& token, bool negative) {
  std::string_view text = token.text;
  std::string suffix;
  if (text.size() > 2 && equalsIgnoreCase(text.substr(text.size() - 2), "BD")) {
    suffix = "BD";
  } else if (!text.empty() && std::isalpha(static_cast<unsigned char>(text.back()))) {
    suffix = toUpper(text.substr(text.size() - 1));
  }
  std::string_view body = text.substr(0, text.size() - suffix.size());
  bool hasDot = body.find('.') != std::string_view::npos;
  size_t expPos = body.find_first_of("eE");
  bool hasExp = expPos != std::string_view::npos;
  std::string shown = (negative ? "-" : "") + std::string(text);
  auto invalid = [&](std::string_view why) {
    return errorAt(token, fmt::format("Invalid numeric literal '{}': {}", shown, why));
  };
  Pos pos{token.line, token.column};
  auto make = [&](Value v, TypePtr type) { return at(literal(std::move(v), std::move(type)), pos); };

  if (suffix == "L" || suffix == "S" || suffix == "Y" || (suffix.empty() && !hasDot && !hasExp)) {
    if (hasDot || hasExp) return invalid("the L, S and Y suffixes need a whole number");
    auto magnitude = digitsValue(body);
    if (!magnitude) return invalid("too many digits");
    Int128 v = negative ? -*magnitude : *magnitude;
    if (suffix.empty()) {
      if (v >= INT32_MIN && v <= INT32_MAX) return make(Value::integer(static_cast<int64_t>(v)), DataType::int_());
      if (fitsInt64(v)) return make(Value::integer(static_cast<int64_t>(v)), DataType::long_());
      // Past BIGINT Spark types the literal as a decimal.
      return make(Value::decimal(v), DataType::decimal(static_cast<int>(significantDigits(body)), 0));
    }
    struct Range {
      int64_t low, high;
      const char* name;
      TypePtr type;
    };
    Range r = suffix == "L"   ? Range{INT64_MIN, INT64_MAX, "BIGINT", DataType::long_()}
              : suffix == "S" ? Range{INT16_MIN, INT16_MAX, "SMALLINT", DataType::short_()}
                              : Range{INT8_MIN, INT8_MAX, "TINYINT", DataType::byte_()};
    if (v < r.low || v > r.high) {
      return invalid(fmt::format("out of range for {} ({} to {})", r.name, r.low, r.high));
    }
    return make(Value::integer(static_cast<int64_t>(v)), r.type);
  }

  if (suffix == "D" || suffix == "F" || (suffix.empty() && hasExp)) {
    std::string s(body);
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) return invalid("not a number");
    if (negative) d = -d;
    if (suffix == "F") {
      if (std::isinf(d) || std::fabs(d) > FLT_MAX) return invalid("out of range for FLOAT");
      return make(Value::fractional(static_cast<float>(d)), DataType::float_());
    }
    if (std::isinf(d)) return invalid("out of range for DOUBLE");
    return make(Value::fractional(d), DataType::double_());
  }

  // BD, or a plain number with a '.': Spark's exact decimal, precision the digit count.
  std::string_view mantissa = body.substr(0, expPos);
  int64_t exponent = 0;
  if (hasExp) {
    std::string_view e = body.substr(expPos + 1);
    bool negExp = !e.empty() && e[0] == '-';
    if (!e.empty() && (e[0] == '-' || e[0] == '+')) e.remove_prefix(1);
    for (char c : e) exponent = std::min<int64_t>(exponent * 10 + (c - '0'), 100000);
    if (negExp) exponent = -exponent;
  }
  size_t dot = mantissa.find('.');
  std::string_view whole = mantissa.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : mantissa.substr(dot + 1);
  std::string digits = std::string(whole) + std::string(frac);
  size_t nz = digits.find_first_not_of('0');
  std::string sig = nz == std::string::npos ? "0" : digits.substr(nz);
  int64_t scale = static_cast<int64_t>(frac.size()) - exponent;
  // A positive exponent past the fraction (1e3BD) appends zeros and leaves scale 0.
  int64_t shift = 0;
  if (scale < 0) {
    if (sig != "0") shift = -scale;
    scale = 0;
  }
  int64_t precision = std::max(static_cast<int64_t>(sig.size()) + shift, scale);
  if (precision > DataType::kMaxDecimalPrecision) {
    if (suffix.empty()) {
      // Too precise for a decimal: Spark falls back to a double.
      double d = std::strtod(std::string(body).c_str(), nullptr);
      return make(Value::fractional(negative ? -d : d), DataType::double_());
    }
    return invalid("more than 38 digits of precision for DECIMAL");
  }
  Int128 unscaled = *digitsValue(sig) * pow10i128(static_cast<int>(shift));
  return make(Value::decimal(negative ? -unscaled : unscaled),
              DataType::decimal(static_cast<int>(precision), static_cast<int>(scale)));
}

Result<ExprPtr> Parser::parseInterval() {
  Pos start = here();
  advance();  // INTERVAL
  Int128 total = 0;
  bool first = true;
  while (true) {
    const Token& t = peek();
    bool isSigned = (t.isOperator("-") || t.isOperator("+")) && peek(1).kind == TokenKind::kNumber;
    bool isValue = isSigned || t.kind == TokenKind::kNumber || t.kind == TokenKind::kString;
    bool hasUnit = isValue && isUnitToken(peek(isSigned ? 2 : 1));
    // Later pairs must be complete, so "INTERVAL 1 DAY - 1" leaves "- 1" to the caller.
    if (!first && !hasUnit) break;
    if (!isValue) return syntaxError("an interval value such as INTERVAL 1 DAY or INTERVAL '1 day'");
    first = false;
    if (t.kind == TokenKind::kString && !hasUnit) {
      const Token& str = advance();
      auto v = parseIntervalString(str.text);
      if (!v.ok()) {
        return errorAt(str, fmt::format("Cannot parse the INTERVAL value '{}': {}", str.text, v.status().message()));
      }
      total += *v;
    } else {
      bool negative = isSigned && t.isOperator("-");
      if (isSigned) advance();
      const Token& value = advance();
      if (!hasUnit) return syntaxError("an interval unit such as DAY, HOUR, MINUTE or SECOND");
      const Token& unitToken = advance();
      IntervalUnit unit = *intervalUnit(unitToken.text);
      if (unit.yearMonth) return errorAt(unitToken, kYearMonthIntervalMessage);
      Int128 v = 0;
      if (value.kind == TokenKind::kString && peekKeyword("TO")) {
        advance();
        if (!isUnitToken(peek())) return syntaxError("an interval unit after TO");
        const Token& endToken = advance();
        if (intervalUnit(endToken.text)->yearMonth) return errorAt(endToken, kYearMonthIntervalMessage);
        int from = dayTimeIndex(unitToken.text), to = dayTimeIndex(endToken.text);
        if (from < 0 || to < 0 || from >= to) {
          return errorAt(unitToken, fmt::format("Unsupported interval range {} TO {}: use DAY, HOUR, MINUTE or "
                                                "SECOND, largest first",
                                                toUpper(unitToken.text), toUpper(endToken.text)));
        }
        auto r = parseDayTimeString(value.text, from, to);
        if (!r.ok()) {
          return errorAt(value,
                         fmt::format("Cannot parse the INTERVAL value '{}': {}", value.text, r.status().message()));
        }
        v = *r;
      } else {
        auto r = scaledMicros(value.text, unit.micros);
        if (!r) return errorAt(value, fmt::format("Invalid INTERVAL value '{}': expected a number", value.text));
        v = *r;
      }
      total += negative ? -v : v;
    }
    if (!fitsInt64(total)) return errorAt(start, "The INTERVAL value is out of range");
  }
  return at(literal(Value::integer(static_cast<int64_t>(total)), DataType::interval()), start);
}

Result<ExprPtr> Parser::parseTypedLiteral() {
  Pos start = here();
  std::string kind = toUpper(advance().text);
  const Token& str = advance();
  if (kind == "DATE") {
    auto days = parseDate(str.text);
    if (!days) return errorAt(str, fmt::format("Cannot parse the DATE value '{}': expected yyyy-MM-dd", str.text));
    return at(literal(Value::integer(*days), DataType::date()), start);
  }
  // Microseconds overflow int64 past year 294247, and parseTimestamp (which takes
  // 6-digit years) does not check for it.
  std::string_view trimmed = trimView(str.text);
  int64_t year = 0;
  for (size_t k = 0; k < trimmed.size() && k < 7 && std::isdigit(static_cast<unsigned char>(trimmed[k])); ++k) {
    year = year * 10 + (trimmed[k] - '0');
  }
  if (year > 294246) return errorAt(str, fmt::format("The TIMESTAMP value '{}' is out of range", str.text));
  auto micros = parseTimestamp(str.text);
  if (!micros) {
    return errorAt(str, fmt::format("Cannot parse the TIMESTAMP value '{}': expected yyyy-MM-dd HH:mm:ss[.SSSSSS]",
                                    str.text));
  }
  return at(literal(Value::integer(*micros), DataType::timestamp()), start);
}

Result<TypePtr> Parser::parseCastType() {
  // The type runs to the ')' closing CAST; nested (p, s) and <...> stay inside it.
  size_t first = pos_, i = pos_;
  int depth = 0;
  for (; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (t.kind == TokenKind::kEnd || t.kind == TokenKind::kError) break;
    if (depth == 0 && (t.isOperator(")") || t.isOperator(","))) break;
    if (t.isOperator("(") || t.isOperator("<")) {
      if (++depth > 32) return errorAt(t, "The data type is nested too deeply");
    } else if ((t.isOperator(")") || t.isOperator(">")) && depth > 0) {
      --depth;
    }
  }
  if (i == first) return syntaxError("a data type");
  const Token& head = tokens_[first];
  const Token& last = tokens_[i - 1];
  std::string_view typeText = text_.substr(head.offset, last.offset + last.length - head.offset);
  SPATE_RETURN_IF_ERROR(checkTypeText(typeText, head.offset));
  auto type = parseDataType(typeText);
  if (!type.ok()) return typeTextError(type.status(), typeText, head.offset, "the data type");
  pos_ = i;
  return *type;
}

Status Parser::typeTextError(const Status& status, std::string_view typeText, size_t offset,
                             std::string_view what) const {
  std::string message = status.message();
  std::string prefix = fmt::format("Cannot parse the schema \"{}\": ", typeText);
  if (message.starts_with(prefix)) message = message.substr(prefix.size());
  size_t errorOffset = offset;
  constexpr std::string_view kAt = " at position ";
  size_t p = message.rfind(kAt);
  if (p != std::string::npos) {
    size_t n = 0;
    for (size_t k = p + kAt.size(); k < message.size() && k < p + kAt.size() + 9; ++k) {
      if (!std::isdigit(static_cast<unsigned char>(message[k]))) break;
      n = n * 10 + static_cast<size_t>(message[k] - '0');
    }
    if (n > 0) errorOffset += std::min(n - 1, typeText.size());
    message.resize(p);
  }
  return errorAt(positionOfOffset(errorOffset), fmt::format("Cannot parse {} '{}': {}", what, typeText, message));
}

Status Parser::checkTypeText(std::string_view typeText, size_t offset) const {
  auto isWordChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  size_t run = 0;
  for (size_t k = 0; k < typeText.size(); ++k) {
    // The type parser reads numbers with std::stoi, which must not overflow.
    run = std::isdigit(static_cast<unsigned char>(typeText[k])) ? run + 1 : 0;
    if (run > 9) return errorAt(positionOfOffset(offset + k + 1 - run), "Number too large in the data type");
    // schema.cc reads a CHAR(n)/VARCHAR(n) whose n is not a number through a dangling
    // Status (SPATE_RETURN_IF_ERROR on a temporary's status()), so catch that case here.
    if ((k == 0 || !isWordChar(typeText[k - 1])) && isWordChar(typeText[k])) {
      size_t end = k;
      while (end < typeText.size() && isWordChar(typeText[end])) ++end;
      std::string_view word = typeText.substr(k, end - k);
      if (equalsIgnoreCase(word, "CHAR") || equalsIgnoreCase(word, "VARCHAR")) {
        size_t j = end;
        while (j < typeText.size() && std::isspace(static_cast<unsigned char>(typeText[j]))) ++j;
        if (j < typeText.size() && typeText[j] == '(') {
          ++j;
          while (j < typeText.size() && std::isspace(static_cast<unsigned char>(typeText[j]))) ++j;
          if (j >= typeText.size() || !std::isdigit(static_cast<unsigned char>(typeText[j]))) {
            return errorAt(positionOfOffset(offset + j),
                           fmt::format("Cannot parse the data type: {}(n) needs a number for its length",
                                       toUpper(word)));
          }
        }
      }
    }
  }
  return Status::OK();
}

}  // namespace spate::sql
