#include "spate/expr/datetime_format.h"

#include <algorithm>
#include <array>

#include "spate/common/datetime.h"
#include "spate/expr/datetime_zone.h"

namespace spate {

namespace {

using Field = DateTimeFormatter::Field;
using Item = DateTimeFormatter::Item;
using Sign = DateTimeFormatter::Sign;
using dt::isDigit;
using dt::isLetter;
using dt::matchesIgnoreCase;
using dt::matchName;

constexpr int kMaxOptionalDepth = 8;
// Years whose timestamps fit in int64 microseconds (Spark's range too).
constexpr int64_t kMaxYear = 294247;

constexpr std::array<std::string_view, 12> kMonthShort = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 12> kMonthFull = {"January", "February", "March",     "April",
                                                         "May",     "June",     "July",      "August",
                                                         "September", "October", "November", "December"};
// Monday first, as ISO numbers days.
constexpr std::array<std::string_view, 7> kDayShort = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kDayFull = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                      "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 4> kQuarterShort = {"Q1", "Q2", "Q3", "Q4"};
constexpr std::array<std::string_view, 4> kQuarterFull = {"1st quarter", "2nd quarter", "3rd quarter",
                                                          "4th quarter"};
constexpr std::array<std::string_view, 2> kAmPm = {"AM", "PM"};
constexpr std::array<std::string_view, 2> kEraShort = {"BC", "AD"};
constexpr std::array<std::string_view, 2> kEraFull = {"Before Christ", "Anno Domini"};

void appendPadded(std::string& out, int64_t v, int minWidth) {
  char buf[48];
  char* end = buf + sizeof(buf);
  char* p = end;
  uint64_t u = v < 0 ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  while (end - p < minWidth && p > buf + 1) *--p = '0';
  if (v < 0) *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

int digitCount(int64_t v) {
  int n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

// The offset layout of an X, x or Z field, as Java's appendOffset patterns define it.
OffsetStyle offsetStyle(const Item& it) {
  int c = it.count;
  switch (it.field) {
    case Field::kOffsetX:
    case Field::kOffsetx: {
      std::string_view zero;
      if (it.field == Field::kOffsetX) zero = "Z";
      else zero = c == 1 ? "+00" : (c == 3 || c == 5) ? "+00:00" : "+0000";
      if (c == 1) return {false, 1, 0, zero};
      if (c == 2) return {false, 2, 0, zero};
      if (c == 3) return {true, 2, 0, zero};
      if (c == 4) return {false, 2, 1, zero};
      return {true, 2, 1, zero};
    }
    default:  // Z
      if (c == 5) return {true, 2, 1, "Z"};
      return {false, 2, 0, "+0000"};
  }
}

// ---- pattern compilation --------------------------------------------------------------

class Compiler {
 public:
  Compiler(std::vector<Item>& items, std::string& literals) : items_(items), literals_(literals) {}

  void literal(std::string_view s) {
    if (s.empty()) return;
    if (!items_.empty() && items_.back().field == Field::kLiteral &&
        items_.back().literalBegin + items_.back().literalLength == literals_.size()) {
      items_.back().literalLength += static_cast<uint32_t>(s.size());
    } else {
      Item it;
      it.field = Field::kLiteral;
      it.literalBegin = static_cast<uint32_t>(literals_.size());
      it.literalLength = static_cast<uint32_t>(s.size());
      items_.push_back(it);
    }
    literals_.append(s);
    active_ = -1;
  }

  void other(Field f, int count) {
    Item it;
    it.field = f;
    it.count = static_cast<uint8_t>(count);
    items_.push_back(it);
    active_ = -1;
  }

  // Java's DateTimeFormatterBuilder.appendValue: a fixed-width unsigned number right
  // after another number reserves its width from the first ("yyyyMMdd").
  void number(Field f, int count, int minWidth, int maxWidth, Sign sign) {
    Item it;
    it.field = f;
    it.count = static_cast<uint8_t>(count);
    it.minWidth = static_cast<uint8_t>(minWidth);
    it.maxWidth = static_cast<uint8_t>(maxWidth);
    it.sign = sign;
    items_.push_back(it);
    int index = static_cast<int>(items_.size()) - 1;
    if (active_ < 0) {
      active_ = index;
      return;
    }
    Item& base = items_[static_cast<size_t>(active_)];
    if (minWidth == maxWidth && sign == Sign::kNotNegative) {
      if (base.subsequentWidth >= 0) base.subsequentWidth = static_cast<int8_t>(base.subsequentWidth + maxWidth);
    } else {
      base.subsequentWidth = -1;
      active_ = index;
    }
  }

  // The fraction takes 1 up to count digits when parsing (Spark's variable-length
  // fraction); only a single 'S' is fixed width and so joins adjacent value parsing.
  void fraction(int count) {
    if (count == 1) {
      number(Field::kFraction, 1, 1, 1, Sign::kNotNegative);
      return;
    }
    Item it;
    it.field = Field::kFraction;
    it.count = static_cast<uint8_t>(count);
    it.minWidth = 1;
    it.maxWidth = static_cast<uint8_t>(count);
    items_.push_back(it);
    active_ = -1;
  }

  void resetAdjacency() { active_ = -1; }

 private:
  std::vector<Item>& items_;
  std::string& literals_;
  int active_ = -1;
};

Status compileLetter(Compiler& c, char letter, int count, std::string_view pattern) {
  auto tooMany = [&]() { return Status::Invalid("Too many pattern letters: {} in datetime pattern '{}'", letter, pattern); };
  switch (letter) {
    case 'G':
      if (count > 4) return tooMany();
      c.other(Field::kEra, count);
      return Status::OK();
    case 'y':
      if (count == 2) {
        c.number(Field::kYearReduced, 2, 2, 2, Sign::kNotNegative);
      } else if (count < 4) {
        c.number(Field::kYear, count, count, 19, Sign::kNormal);
      } else if (count <= 6) {
        c.number(Field::kYear, count, count, 19, Sign::kExceedsPad);
      } else {
        return tooMany();
      }
      return Status::OK();
    case 'M':
    case 'L':
    case 'Q':
    case 'q': {
      bool quarter = letter == 'Q' || letter == 'q';
      if (count == 1) c.number(quarter ? Field::kQuarter : Field::kMonth, 1, 1, 19, Sign::kNormal);
      else if (count == 2) c.number(quarter ? Field::kQuarter : Field::kMonth, 2, 2, 2, Sign::kNotNegative);
      else if (count <= 4) c.other(quarter ? Field::kQuarterText : Field::kMonthText, count);
      else return tooMany();
      return Status::OK();
    }
    case 'd':
    case 'h':
    case 'H':
    case 'k':
    case 'K':
    case 'm':
    case 's': {
      Field f = letter == 'd'   ? Field::kDayOfMonth
                : letter == 'h' ? Field::kClockHourOfAmPm
                : letter == 'H' ? Field::kHourOfDay
                : letter == 'k' ? Field::kClockHourOfDay
                : letter == 'K' ? Field::kHourOfAmPm
                : letter == 'm' ? Field::kMinute
                                : Field::kSecond;
      if (count == 1) c.number(f, 1, 1, 19, Sign::kNormal);
      else if (count == 2) c.number(f, 2, 2, 2, Sign::kNotNegative);
      else return tooMany();
      return Status::OK();
    }
    case 'D':
      if (count == 1) c.number(Field::kDayOfYear, 1, 1, 19, Sign::kNormal);
      else if (count == 2) c.number(Field::kDayOfYear, 2, 2, 3, Sign::kNotNegative);
      else if (count == 3) c.number(Field::kDayOfYear, 3, 3, 3, Sign::kNotNegative);
      else return tooMany();
      return Status::OK();
    case 'E':
      if (count > 4) return tooMany();
      c.other(Field::kDayOfWeekText, count);
      return Status::OK();
    case 'a':
      if (count > 1) return tooMany();
      c.other(Field::kAmPm, count);
      return Status::OK();
    case 'S':
      if (count > 9) return tooMany();
      c.fraction(count);
      return Status::OK();
    case 'z':
      if (count > 4) return tooMany();
      c.other(Field::kZoneText, count);
      return Status::OK();
    case 'V':
      if (count != 2) return Status::Invalid("Pattern letter count must be 2: V in datetime pattern '{}'", pattern);
      c.other(Field::kZoneId, count);
      return Status::OK();
    case 'O':
      if (count != 1 && count != 4) {
        return Status::Invalid("Pattern letter count must be 1 or 4: O in datetime pattern '{}'", pattern);
      }
      c.other(Field::kOffsetLocalized, count);
      return Status::OK();
    case 'X':
    case 'x':
      if (count > 5) return tooMany();
      c.other(letter == 'X' ? Field::kOffsetX : Field::kOffsetx, count);
      return Status::OK();
    case 'Z':
      if (count > 5) return tooMany();
      c.other(count == 4 ? Field::kOffsetLocalized : Field::kOffsetZ, count == 4 ? 4 : count);
      return Status::OK();
    case 'Y':
    case 'w':
    case 'W':
    case 'u':
    case 'e':
    case 'c':
      return Status::Invalid(
          "All week-based patterns are unsupported since Spark 3.0, detected: {}, Please use the SQL function "
          "EXTRACT instead (datetime pattern '{}')",
          letter, pattern);
    default:
      return Status::Invalid("Illegal pattern character: {} in datetime pattern '{}'", letter, pattern);
  }
}

}  // namespace

Result<DateTimeFormatter> DateTimeFormatter::compile(std::string_view pattern) {
  DateTimeFormatter f;
  f.pattern_ = std::string(pattern);
  Compiler c(f.items_, f.literals_);
  // 'y' is the year of era when an era is printed, else the proleptic year (Spark's 'u').
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\'') {
      size_t close = pattern.find('\'', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (pattern[i] == 'G') {
      f.hasEra_ = true;
    }
  }
  std::vector<size_t> open;
  size_t i = 0;
  while (i < pattern.size()) {
    char ch = pattern[i];
    if (isLetter(ch)) {
      size_t j = i;
      while (j < pattern.size() && pattern[j] == ch) ++j;
      SPATE_RETURN_IF_ERROR(compileLetter(c, ch, static_cast<int>(j - i), pattern));
      i = j;
    } else if (ch == '\'') {
      // 'text' is literal text, '' a quote, inside or outside quotes.
      std::string text;
      size_t j = i + 1;
      bool closed = false;
      while (j < pattern.size()) {
        if (pattern[j] == '\'') {
          if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
            text.push_back('\'');
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        text.push_back(pattern[j++]);
      }
      if (!closed) return Status::Invalid("Pattern ends with an incomplete string literal: '{}'", pattern);
      c.literal(text.empty() ? std::string_view("'") : std::string_view(text));
      i = j + 1;
    } else if (ch == '[') {
      if (open.size() >= static_cast<size_t>(kMaxOptionalDepth)) {
        return Status::Invalid("Too deeply nested optional sections in datetime pattern '{}'", pattern);
      }
      Item it;
      it.field = Field::kOptionalStart;
      open.push_back(f.items_.size());
      f.items_.push_back(it);
      c.resetAdjacency();
      ++i;
    } else if (ch == ']') {
      if (open.empty()) {
        return Status::Invalid("Pattern invalid as it contains ] without previous [: '{}'", pattern);
      }
      f.items_[open.back()].literalBegin = static_cast<uint32_t>(f.items_.size());
      open.pop_back();
      Item it;
      it.field = Field::kOptionalEnd;
      f.items_.push_back(it);
      c.resetAdjacency();
      ++i;
    } else if (ch == '{' || ch == '}' || ch == '#') {
      return Status::Invalid("Pattern includes reserved character: '{}' in datetime pattern '{}'", ch, pattern);
    } else {
      c.literal(pattern.substr(i, 1));
      ++i;
    }
  }
  // Java closes optional sections left open at the end.
  while (!open.empty()) {
    f.items_[open.back()].literalBegin = static_cast<uint32_t>(f.items_.size());
    open.pop_back();
    Item it;
    it.field = Field::kOptionalEnd;
    f.items_.push_back(it);
  }
  return f;
}

// ---- parsing ---------------------------------------------------------------------------

namespace {

enum Slot : int {
  kSlotEra,
  kSlotYear,
  kSlotYearOfEra,
  kSlotMonth,
  kSlotDay,
  kSlotDayOfYear,
  kSlotQuarter,
  kSlotDayOfWeek,  // 0 = Monday
  kSlotAmPm,
  kSlotHourOfAmPm,
  kSlotHourOfDay,
  kSlotMinute,
  kSlotSecond,
  kSlotNano,
  kSlotOffset,
  kSlotCount,
};

}  // namespace

// Trivially constructible so the optional-section stack costs nothing until used; a
// slot's value is read only when its bit in set is on.
struct DateTimeFormatter::Parsed {
  int64_t v[kSlotCount];
  uint32_t set;
  bool has(int s) const { return (set >> s) & 1; }
  // A field parsed twice must agree (Java's STRICT resolver reports a conflict).
  bool put(int s, int64_t value) {
    if (has(s)) return v[s] == value;
    v[s] = value;
    set |= 1u << s;
    return true;
  }
};

namespace {

// Java's NumberPrinterParser.parse in strict mode.
bool parseNumber(const Item& it, std::string_view text, size_t& pos, int64_t& value) {
  size_t len = text.size();
  if (pos >= len) return false;
  bool negative = false, positive = false;
  char c = text[pos];
  size_t p = pos;
  if (c == '+' || c == '-') {
    bool allowed = it.sign == Sign::kExceedsPad || (it.sign == Sign::kNormal && c == '-');
    if (!allowed) return false;
    negative = c == '-';
    positive = c == '+';
    ++p;
  }
  size_t avail = 0;
  size_t maxWidth = it.maxWidth + static_cast<size_t>(std::max<int>(it.subsequentWidth, 0));
  while (p + avail < len && avail < maxWidth && isDigit(text[p + avail])) ++avail;
  if (avail < it.minWidth) return false;
  size_t n = avail;
  if (it.subsequentWidth > 0) n = std::max<size_t>(it.minWidth, avail - std::min<size_t>(avail, it.subsequentWidth));
  if (n > 18) return false;
  int64_t v = 0;
  for (size_t k = 0; k < n; ++k) v = v * 10 + (text[p + k] - '0');
  if (negative) {
    if (v == 0) return false;
    v = -v;
  } else if (it.sign == Sign::kExceedsPad) {
    // A '+' only when the width is exceeded, and the width only exceeded with a '+'.
    if (positive ? n <= it.minWidth : n > it.minWidth) return false;
  }
  value = v;
  pos = p + n;
  return true;
}

bool inRange(int64_t v, int64_t lo, int64_t hi) { return v >= lo && v <= hi; }

}  // namespace

bool DateTimeFormatter::parseFields(std::string_view text, Parsed& p) const {
  struct Saved {
    size_t pos;
    Parsed state;
    uint32_t end;
  };
  Saved stack[kMaxOptionalDepth];
  int depth = 0;
  size_t pos = 0;
  for (size_t k = 0; k < items_.size(); ++k) {
    const Item& it = items_[k];
    bool ok = true;
    int64_t v = 0;
    switch (it.field) {
      case Field::kOptionalStart:
        stack[depth++] = {pos, p, it.literalBegin};
        continue;
      case Field::kOptionalEnd:
        --depth;
        continue;
      case Field::kLiteral: {
        std::string_view lit(literals_.data() + it.literalBegin, it.literalLength);
        ok = matchesIgnoreCase(text, pos, lit);
        if (ok) pos += lit.size();
        break;
      }
      case Field::kEra: {
        int e = matchName(text, pos, it.count == 4 ? kEraFull : kEraShort);
        ok = e >= 0 && p.put(kSlotEra, e);
        break;
      }
      case Field::kYear:
        ok = parseNumber(it, text, pos, v) &&
             (hasEra_ ? v >= 1 && p.put(kSlotYearOfEra, v) : p.put(kSlotYear, v));
        break;
      case Field::kYearReduced:
        ok = parseNumber(it, text, pos, v) && p.put(hasEra_ ? kSlotYearOfEra : kSlotYear, 2000 + v);
        break;
      case Field::kMonth:
        ok = parseNumber(it, text, pos, v) && inRange(v, 1, 12) && p.put(kSlotMonth, v);
        break;
      case Field::kMonthText: {
        int m = matchName(text, pos, it.count == 4 ? kMonthFull : kMonthShort);
        ok = m >= 0 && p.put(kSlotMonth, m + 1);
        break;
      }
      case Field::kDayOfMonth:
        ok = parseNumber(it, text, pos, v) && inRange(v, 1, 31) && p.put(kSlotDay, v);
        break;
      case Field::kDayOfYear:
        ok = parseNumber(it, text, pos, v) && inRange(v, 1, 366) && p.put(kSlotDayOfYear, v);
        break;
      case Field::kQuarter:
        ok = parseNumber(it, text, pos, v) && inRange(v, 1, 4) && p.put(kSlotQuarter, v);
        break;
      case Field::kQuarterText: {
        int q = matchName(text, pos, it.count == 4 ? kQuarterFull : kQuarterShort);
        ok = q >= 0 && p.put(kSlotQuarter, q + 1);
        break;
      }
      case Field::kDayOfWeekText: {
        int d = matchName(text, pos, it.count == 4 ? kDayFull : kDayShort);
        ok = d >= 0 && p.put(kSlotDayOfWeek, d);
        break;
      }
      case Field::kAmPm: {
        int a = matchName(text, pos, kAmPm);
        ok = a >= 0 && p.put(kSlotAmPm, a);
        break;
      }
      case Field::kClockHourOfAmPm:
        ok = parseNumber(it, text, pos, v) && inRange(v, 1, 12) && p.put(kSlotHourOfAmPm, v % 12);
        break;
      case Field::kHourOfAmPm:
        ok = parseNumber(it, text, pos, v) && inRange(v, 0, 11) && p.put(kSlotHourOfAmPm, v);
        break;
      case Field::kClockHourOfDay:
        ok = parseNumber(it, text, pos, v) && inRange(v, 1, 24) && p.put(kSlotHourOfDay, v % 24);
        break;
      case Field::kHourOfDay:
        ok = parseNumber(it, text, pos, v) && inRange(v, 0, 23) && p.put(kSlotHourOfDay, v);
        break;
      case Field::kMinute:
        ok = parseNumber(it, text, pos, v) && inRange(v, 0, 59) && p.put(kSlotMinute, v);
        break;
      case Field::kSecond:
        ok = parseNumber(it, text, pos, v) && inRange(v, 0, 59) && p.put(kSlotSecond, v);
        break;
      case Field::kFraction: {
        size_t n = 0;
        while (pos + n < text.size() && n < it.maxWidth && isDigit(text[pos + n])) {
          v = v * 10 + (text[pos + n] - '0');
          ++n;
        }
        if (n < it.minWidth) {
          ok = false;
          break;
        }
        pos += n;
        for (size_t d = n; d < 9; ++d) v *= 10;
        ok = p.put(kSlotNano, v);
        break;
      }
      case Field::kZoneText:
      case Field::kZoneId: {
        int32_t off;
        ok = parseZone(text, pos, off) && p.put(kSlotOffset, off);
        break;
      }
      case Field::kOffsetLocalized: {
        int32_t off = 0;
        ok = matchesIgnoreCase(text, pos, "GMT");
        if (ok) {
          pos += 3;
          if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ok = parseLenientOffset(text, pos, off);
        }
        ok = ok && p.put(kSlotOffset, off);
        break;
      }
      case Field::kOffsetX:
      case Field::kOffsetx:
      case Field::kOffsetZ: {
        int32_t off;
        ok = parseOffset(offsetStyle(it), text, pos, off) && p.put(kSlotOffset, off);
        break;
      }
    }
    if (!ok) {
      // A failed optional section counts as absent: back to where it started.
      if (depth == 0) return false;
      --depth;
      pos = stack[depth].pos;
      p = stack[depth].state;
      k = stack[depth].end;
    }
  }
  return pos == text.size();
}

// Spark's toLocalDate: missing fields default to 1970, January, the 1st; a day of
// year must agree with a month and day given too.
bool DateTimeFormatter::resolveDate(const Parsed& p, int64_t& days) const {
  int64_t year = 1970;
  if (p.has(kSlotYearOfEra)) {
    int64_t yoe = p.v[kSlotYearOfEra];
    year = p.has(kSlotEra) && p.v[kSlotEra] == 0 ? 1 - yoe : yoe;
  } else if (p.has(kSlotYear)) {
    year = p.v[kSlotYear];
  }
  if (year > kMaxYear || year < -kMaxYear) return false;
  int month, day;
  if (p.has(kSlotDayOfYear)) {
    int64_t doy = p.v[kSlotDayOfYear];
    bool leap = daysInMonth(year, 2) == 29;
    if (doy > (leap ? 366 : 365)) return false;
    days = daysFromCivil(year, 1, 1) + doy - 1;
    CivilDate c = civilFromDays(days);
    if ((p.has(kSlotMonth) && p.v[kSlotMonth] != c.month) || (p.has(kSlotDay) && p.v[kSlotDay] != c.day)) {
      return false;
    }
    month = c.month;
  } else {
    month = p.has(kSlotMonth) ? static_cast<int>(p.v[kSlotMonth]) : 1;
    day = p.has(kSlotDay) ? static_cast<int>(p.v[kSlotDay]) : 1;
    if (day > daysInMonth(year, month)) return false;
    days = daysFromCivil(year, month, day);
  }
  if (p.has(kSlotQuarter) && (p.has(kSlotMonth) || p.has(kSlotDayOfYear)) &&
      p.v[kSlotQuarter] != (month - 1) / 3 + 1) {
    return false;
  }
  if (p.has(kSlotDayOfWeek) && p.v[kSlotDayOfWeek] != floorMod(days + 3, 7)) return false;
  return true;
}

bool DateTimeFormatter::resolveMicros(const Parsed& p, int64_t& micros) const {
  int64_t days;
  if (!resolveDate(p, days)) return false;
  // Spark's toLocalTime: h/K without 'a' is AM, 'a' alone PM is noon.
  int64_t hour = 0;
  if (p.has(kSlotHourOfAmPm)) {
    int64_t h = p.v[kSlotHourOfAmPm] + (p.has(kSlotAmPm) ? 12 * p.v[kSlotAmPm] : 0);
    if (p.has(kSlotHourOfDay) && p.v[kSlotHourOfDay] != h) return false;
    hour = h;
  } else if (p.has(kSlotHourOfDay)) {
    hour = p.v[kSlotHourOfDay];
    if (p.has(kSlotAmPm) && p.v[kSlotAmPm] != hour / 12) return false;
  } else if (p.has(kSlotAmPm) && p.v[kSlotAmPm] == 1) {
    hour = 12;
  }
  int64_t minute = p.has(kSlotMinute) ? p.v[kSlotMinute] : 0;
  int64_t second = p.has(kSlotSecond) ? p.v[kSlotSecond] : 0;
  int64_t nanos = p.has(kSlotNano) ? p.v[kSlotNano] : 0;
  int64_t offset = p.has(kSlotOffset) ? p.v[kSlotOffset] : 0;
  __int128 total = static_cast<__int128>(days) * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
                   (second - offset) * kMicrosPerSecond + nanos / 1000;
  if (total > INT64_MAX || total < INT64_MIN) return false;
  micros = static_cast<int64_t>(total);
  return true;
}

std::optional<int64_t> DateTimeFormatter::parse(std::string_view text) const {
  Parsed p;
  p.set = 0;
  int64_t micros;
  if (!parseFields(text, p) || !resolveMicros(p, micros)) return std::nullopt;
  return micros;
}

std::optional<int32_t> DateTimeFormatter::parseDate(std::string_view text) const {
  Parsed p;
  p.set = 0;
  int64_t days, micros;
  // The time fields must still be valid even though the date ignores them.
  if (!parseFields(text, p) || !resolveMicros(p, micros) || !resolveDate(p, days)) return std::nullopt;
  return static_cast<int32_t>(days);
}

// ---- formatting ------------------------------------------------------------------------

void DateTimeFormatter::format(int64_t micros, std::string& out) const {
  // Remainder first: days * kMicrosPerDay can overflow near the int64 limits.
  int64_t rem = micros % kMicrosPerDay;
  if (rem < 0) rem += kMicrosPerDay;
  int64_t days = floorDiv(micros, kMicrosPerDay);
  CivilDate c = civilFromDays(days);
  int64_t hour = rem / kMicrosPerHour;
  for (const Item& it : items_) {
    switch (it.field) {
      case Field::kOptionalStart:
      case Field::kOptionalEnd: break;
      case Field::kLiteral: out.append(literals_.data() + it.literalBegin, it.literalLength); break;
      case Field::kEra: out.append((it.count == 4 ? kEraFull : kEraShort)[c.year > 0 ? 1 : 0]); break;
      case Field::kYear: {
        int64_t y = hasEra_ && c.year <= 0 ? 1 - c.year : c.year;
        if (it.sign == Sign::kExceedsPad && y >= 0 && digitCount(y) > it.minWidth) out.push_back('+');
        appendPadded(out, y, it.minWidth);
        break;
      }
      case Field::kYearReduced: {
        int64_t y = hasEra_ && c.year <= 0 ? 1 - c.year : c.year;
        appendPadded(out, (y < 0 ? -y : y) % 100, 2);
        break;
      }
      case Field::kMonth: appendPadded(out, c.month, it.minWidth); break;
      case Field::kMonthText:
        out.append((it.count == 4 ? kMonthFull : kMonthShort)[static_cast<size_t>(c.month - 1)]);
        break;
      case Field::kDayOfMonth: appendPadded(out, c.day, it.minWidth); break;
      case Field::kDayOfYear: appendPadded(out, days - daysFromCivil(c.year, 1, 1) + 1, it.minWidth); break;
      case Field::kQuarter: appendPadded(out, (c.month - 1) / 3 + 1, it.minWidth); break;
      case Field::kQuarterText:
        out.append((it.count == 4 ? kQuarterFull : kQuarterShort)[static_cast<size_t>((c.month - 1) / 3)]);
        break;
      case Field::kDayOfWeekText:
        out.append((it.count == 4 ? kDayFull : kDayShort)[static_cast<size_t>(floorMod(days + 3, 7))]);
        break;
      case Field::kAmPm: out.append(kAmPm[hour >= 12 ? 1 : 0]); break;
      case Field::kClockHourOfAmPm: appendPadded(out, hour % 12 == 0 ? 12 : hour % 12, it.minWidth); break;
      case Field::kHourOfAmPm: appendPadded(out, hour % 12, it.minWidth); break;
      case Field::kClockHourOfDay: appendPadded(out, hour == 0 ? 24 : hour, it.minWidth); break;
      case Field::kHourOfDay: appendPadded(out, hour, it.minWidth); break;
      case Field::kMinute: appendPadded(out, (rem / kMicrosPerMinute) % 60, it.minWidth); break;
      case Field::kSecond: appendPadded(out, (rem / kMicrosPerSecond) % 60, it.minWidth); break;
      case Field::kFraction: {
        // Truncated, not rounded, as Java prints a fraction.
        int64_t nanos = (rem % kMicrosPerSecond) * 1000;
        for (int d = it.count; d < 9; ++d) nanos /= 10;
        appendPadded(out, nanos, it.count);
        break;
      }
      case Field::kZoneText: out.append(it.count == 4 ? "Coordinated Universal Time" : "UTC"); break;
      case Field::kZoneId: out.append("UTC"); break;
      case Field::kOffsetLocalized: out.append("GMT"); break;
      case Field::kOffsetX:
      case Field::kOffsetx:
      case Field::kOffsetZ: out.append(offsetStyle(it).zeroText); break;
    }
  }
}

}  // namespace spate
