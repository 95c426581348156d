#include "spate/common/duration.h"

#include <cctype>
#include <string>
#include <vector>

#include "spate/common/datetime.h"
#include "spate/common/strings.h"

namespace spate {

const std::string_view kYearMonthIntervalMessage =
    "Month and year intervals are not supported yet: use weeks, days, hours, minutes or seconds "
    "(e.g. INTERVAL 30 DAYS)";

namespace {

bool allDigits(std::string_view s) {
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Digits with at most 19 significant ones (whole part) or the first 18 (fraction),
// so the value fits an int128 times a unit.
__int128 digitsValue(std::string_view digits) {
  __int128 v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

size_t significantDigits(std::string_view digits) {
  size_t nz = digits.find_first_not_of('0');
  return nz == std::string_view::npos ? 1 : digits.size() - nz;
}

bool fitsInt64(__int128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

}  // namespace

std::optional<IntervalUnit> intervalUnit(std::string_view word) {
  std::string w = toUpper(word);
  if (w.size() > 1 && w.back() == 'S') w.pop_back();
  if (w == "WEEK") return IntervalUnit{7 * kMicrosPerDay};
  if (w == "DAY") return IntervalUnit{kMicrosPerDay};
  if (w == "HOUR") return IntervalUnit{kMicrosPerHour};
  if (w == "MINUTE") return IntervalUnit{kMicrosPerMinute};
  if (w == "SECOND") return IntervalUnit{kMicrosPerSecond};
  if (w == "MILLISECOND") return IntervalUnit{1000};
  if (w == "MICROSECOND") return IntervalUnit{1};
  if (w == "MONTH" || w == "YEAR") return IntervalUnit{0, true};
  return std::nullopt;
}

std::optional<__int128> scaledMicros(std::string_view text, int64_t unitMicros) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if ((whole.empty() && frac.empty()) || !allDigits(whole) || !allDigits(frac)) return std::nullopt;
  if (significantDigits(whole) > 19) return std::nullopt;
  __int128 micros = digitsValue(whole) * unitMicros;
  frac = frac.substr(0, 18);
  __int128 scale = 1;
  for (size_t i = 0; i < frac.size(); ++i) scale *= 10;
  micros += digitsValue(frac) * unitMicros / scale;
  return negative ? -micros : micros;
}

Result<__int128> parseIntervalString(std::string_view s) {
  std::vector<std::string> words;
  for (const std::string& w : splitString(s, ' ')) {
    std::string_view t = trimView(w);
    if (!t.empty()) words.emplace_back(t);
  }
  size_t i = !words.empty() && equalsIgnoreCase(words[0], "interval") ? 1 : 0;
  if (i >= words.size()) return Status::ParseError("expected number-unit pairs such as '1 day 2 hours'");
  __int128 total = 0;
  for (; i < words.size(); i += 2) {
    if (i + 1 >= words.size()) return Status::ParseError("'{}' has no unit after it", words[i]);
    auto unit = intervalUnit(words[i + 1]);
    if (!unit) return Status::ParseError("unknown interval unit '{}'", words[i + 1]);
    if (unit->yearMonth) return Status::ParseError("{}", kYearMonthIntervalMessage);
    auto v = scaledMicros(words[i], unit->micros);
    if (!v) return Status::ParseError("'{}' is not a number", words[i]);
    total += *v;
    if (!fitsInt64(total)) return Status::ParseError("the interval is out of range");
  }
  return total;
}

Result<int64_t> parseDuration(std::string_view s, std::string_view what) {
  auto v = parseIntervalString(s);
  if (!v.ok()) return Status::Invalid("Invalid duration '{}' for {}: {}", s, what, v.status().message());
  if (*v < 0) return Status::Invalid("Invalid duration '{}' for {}: it must not be negative", s, what);
  return static_cast<int64_t>(*v);
}

}  // namespace spate
