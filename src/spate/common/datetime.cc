#include "spate/common/datetime.h"

#include <cctype>

#include <fmt/format.h>

namespace spate {

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int64_t daysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {y + (m <= 2), m, d};
}

int daysInMonth(int64_t year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool atEnd() const { return i_ >= s_.size(); }
  char peek() const { return atEnd() ? '\0' : s_[i_]; }
  bool consume(char c) {
    if (peek() == c) {
      ++i_;
      return true;
    }
    return false;
  }
  // Reads between minDigits and maxDigits decimal digits.
  std::optional<int64_t> digits(int minDigits, int maxDigits, int* count = nullptr) {
    int64_t v = 0;
    int n = 0;
    while (n < maxDigits && !atEnd() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
      v = v * 10 + (s_[i_] - '0');
      ++i_;
      ++n;
    }
    if (count) *count = n;
    if (n < minDigits) return std::nullopt;
    return v;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

std::string_view trimSpaces(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<int64_t> parseDatePart(Scanner& sc) {
  auto y = sc.digits(4, 6);
  // Beyond year 294247 microseconds since 1970 no longer fit in int64.
  if (!y || *y > 294246) return std::nullopt;
  int64_t month = 1, day = 1;
  if (sc.consume('-')) {
    auto m = sc.digits(1, 2);
    if (!m) return std::nullopt;
    month = *m;
    if (sc.consume('-')) {
      auto d = sc.digits(1, 2);
      if (!d) return std::nullopt;
      day = *d;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(*y, static_cast<int>(month))) return std::nullopt;
  return daysFromCivil(*y, static_cast<int>(month), static_cast<int>(day));
}

}  // namespace

std::optional<int32_t> parseDate(std::string_view text) {
  text = trimSpaces(text);
  Scanner sc(text);
  auto days = parseDatePart(sc);
  if (!days) return std::nullopt;
  // Spark accepts trailing time after ' ' or 'T' for a date cast and ignores it.
  if (!sc.atEnd() && sc.peek() != ' ' && sc.peek() != 'T') return std::nullopt;
  return static_cast<int32_t>(*days);
}

std::optional<int64_t> parseTimestamp(std::string_view text) {
  text = trimSpaces(text);
  Scanner sc(text);
  auto days = parseDatePart(sc);
  if (!days) return std::nullopt;
  int64_t micros = *days * kMicrosPerDay;
  if (sc.atEnd()) return micros;
  if (!sc.consume(' ') && !sc.consume('T')) return std::nullopt;
  auto h = sc.digits(1, 2);
  if (!h || !sc.consume(':')) return std::nullopt;
  auto mi = sc.digits(1, 2);
  if (!mi) return std::nullopt;
  int64_t sec = 0, frac = 0;
  if (sc.consume(':')) {
    auto s = sc.digits(1, 2);
    if (!s) return std::nullopt;
    sec = *s;
    if (sc.consume('.')) {
      int n = 0;
      auto f = sc.digits(0, 9, &n);
      if (!f) return std::nullopt;
      frac = *f;
      for (int i = n; i < 6; ++i) frac *= 10;
      for (int i = 6; i < n; ++i) frac /= 10;
    }
  }
  if (*h > 23 || *mi > 59 || sec > 59) return std::nullopt;
  micros += *h * kMicrosPerHour + *mi * kMicrosPerMinute + sec * kMicrosPerSecond + frac;
  // Optional zone: Z, UTC, +hh:mm, -hhmm.
  while (sc.peek() == ' ') sc.consume(' ');
  if (sc.atEnd()) return micros;
  if (sc.consume('Z')) return sc.atEnd() ? std::optional<int64_t>(micros) : std::nullopt;
  if (sc.consume('U')) {
    if (sc.consume('T') && sc.consume('C') && sc.atEnd()) return micros;
    return std::nullopt;
  }
  int sign = 0;
  if (sc.consume('+')) sign = 1;
  else if (sc.consume('-')) sign = -1;
  if (!sign) return std::nullopt;
  auto zh = sc.digits(1, 2);
  if (!zh) return std::nullopt;
  int64_t zm = 0;
  if (sc.consume(':')) {
    auto m = sc.digits(2, 2);
    if (!m) return std::nullopt;
    zm = *m;
  } else if (!sc.atEnd()) {
    auto m = sc.digits(2, 2);
    if (!m) return std::nullopt;
    zm = *m;
  }
  if (!sc.atEnd()) return std::nullopt;
  return micros - sign * (*zh * kMicrosPerHour + zm * kMicrosPerMinute);
}

std::string formatDate(int32_t days) {
  CivilDate c = civilFromDays(days);
  return fmt::format("{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
}

std::string formatTimestamp(int64_t micros) {
  int64_t days = floorDiv(micros, kMicrosPerDay);
  int64_t rem = micros - days * kMicrosPerDay;
  CivilDate c = civilFromDays(days);
  int64_t h = rem / kMicrosPerHour;
  int64_t m = (rem / kMicrosPerMinute) % 60;
  int64_t s = (rem / kMicrosPerSecond) % 60;
  int64_t f = rem % kMicrosPerSecond;
  std::string out = fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}", c.year, c.month, c.day, h, m, s);
  if (f) {
    std::string frac = fmt::format("{:06d}", f);
    while (frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out;
}

std::string formatInterval(int64_t micros) {
  bool neg = micros < 0;
  uint64_t u = neg ? static_cast<uint64_t>(-(micros + 1)) + 1 : static_cast<uint64_t>(micros);
  uint64_t days = u / kMicrosPerDay;
  uint64_t rem = u % kMicrosPerDay;
  std::string out = fmt::format("INTERVAL '{}{} {:02d}:{:02d}:{:02d}", neg ? "-" : "", days, rem / kMicrosPerHour,
                                (rem / kMicrosPerMinute) % 60, (rem / kMicrosPerSecond) % 60);
  if (rem % kMicrosPerSecond) {
    std::string frac = fmt::format("{:06d}", rem % kMicrosPerSecond);
    while (frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out + "' DAY TO SECOND";
}

}  // namespace spate
