#include "spate/io/datetime_codec.h"

#include <cstring>

#include "spate/common/datetime.h"
#include "spate/expr/datetime_format.h"

namespace spate {

class DateTimeCodec::Pattern {
 public:
  explicit Pattern(DateTimeFormatter formatter) : formatter_(std::move(formatter)) {}
  const DateTimeFormatter& formatter() const { return formatter_; }

 private:
  DateTimeFormatter formatter_;
};

Result<DateTimeCodec> DateTimeCodec::fromOptions(const Options& options, std::string_view key, Kind kind) {
  DateTimeCodec c = defaults(kind);
  if (!options.has(key)) return c;
  std::string pattern = options.get(key);
  auto compiled = DateTimeFormatter::compile(pattern);
  if (!compiled.ok()) return Status::Invalid("Option '{}': {}", key, compiled.status().message());
  c.compiled_ = std::make_shared<const Pattern>(std::move(compiled).value());
  // Spark's default output patterns keep the hand-written formatter.
  c.fastFormat_ = kind == Kind::kDate ? pattern == "yyyy-MM-dd"
                                      : pattern == "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" ||
                                            pattern == "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]";
  c.pattern_ = std::move(pattern);
  return c;
}

DateTimeCodec DateTimeCodec::defaults(Kind kind) {
  DateTimeCodec c;
  c.kind_ = kind;
  return c;
}

namespace {

inline bool digitsAt(std::string_view s, size_t pos, size_t n, int64_t& out) {
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    unsigned d = static_cast<unsigned char>(s[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

// The shape nearly every file has, "yyyy-MM-dd[ T]HH:mm:ss[.f{1,9}][Z]", parsed
// without the general scanner; false sends anything else to parseTimestamp. A cache
// holding this string's date skips the date.
bool parseCommonTimestamp(std::string_view s, int64_t& micros, DateTimeCodec::TimestampCache* cache) {
  if (s.size() < 19 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':') return false;
  int64_t dayMicros;
  if (cache && cache->dayValid && std::memcmp(s.data(), cache->date, sizeof(cache->date)) == 0) {
    dayMicros = cache->dayMicros;
  } else {
    int64_t y, mo, d;
    if (s[4] != '-' || s[7] != '-' || !digitsAt(s, 0, 4, y) || !digitsAt(s, 5, 2, mo) || !digitsAt(s, 8, 2, d) ||
        mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, static_cast<int>(mo))) {
      return false;
    }
    dayMicros = daysFromCivil(y, static_cast<int>(mo), static_cast<int>(d)) * kMicrosPerDay;
    if (cache) {
      std::memcpy(cache->date, s.data(), sizeof(cache->date));
      cache->dayMicros = dayMicros;
      cache->dayValid = true;
    }
  }
  int64_t h, mi, sec;
  if (!digitsAt(s, 11, 2, h) || !digitsAt(s, 14, 2, mi) || !digitsAt(s, 17, 2, sec) || h > 23 || mi > 59 ||
      sec > 59) {
    return false;
  }
  size_t i = 19;
  int64_t frac = 0;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && i - start < 9 && static_cast<unsigned>(s[i] - '0') <= 9) {
      frac = frac * 10 + (s[i] - '0');
      ++i;
    }
    size_t n = i - start;
    if (n == 0) return false;
    for (size_t k = n; k < 6; ++k) frac *= 10;
    for (size_t k = 6; k < n; ++k) frac /= 10;
  }
  if (i < s.size() && s[i] == 'Z') ++i;
  if (i != s.size()) return false;
  micros = dayMicros + h * kMicrosPerHour + mi * kMicrosPerMinute + sec * kMicrosPerSecond + frac;
  return true;
}

}  // namespace

bool DateTimeCodec::parseTimestamp(std::string_view s, int64_t& micros) const {
  TimestampCache none;
  return parseTimestamp(s, micros, none);
}

bool DateTimeCodec::parseTimestamp(std::string_view s, int64_t& micros, TimestampCache& cache) const {
  if (cache.textSize != 0 && s.size() == cache.textSize && std::memcmp(s.data(), cache.text, s.size()) == 0) {
    micros = cache.micros;
    return true;
  }
  bool ok;
  if (compiled_) {
    auto v = compiled_->formatter().parse(s);
    ok = v.has_value();
    if (ok) micros = *v;
  } else if (parseCommonTimestamp(s, micros, &cache)) {
    ok = true;
  } else {
    auto ts = spate::parseTimestamp(s);
    ok = ts.has_value();
    if (ok) micros = *ts;
  }
  // Only texts that parse are remembered.
  if (ok && !s.empty() && s.size() <= sizeof(cache.text)) {
    std::memcpy(cache.text, s.data(), s.size());
    cache.textSize = s.size();
    cache.micros = micros;
  }
  return ok;
}

bool DateTimeCodec::parseDate(std::string_view s, int32_t& days) const {
  if (compiled_) {
    auto v = compiled_->formatter().parseDate(s);
    if (!v) return false;
    days = *v;
    return true;
  }
  auto d = spate::parseDate(s);
  if (!d) return false;
  days = *d;
  return true;
}

namespace {

inline void put2(char* p, int64_t v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

// yyyy-MM-dd into p (10 chars) for years 0..9999; other years go through fmt.
size_t putDate(char* p, int64_t days) {
  CivilDate c = civilFromDays(days);
  if (c.year < 0 || c.year > 9999) {
    std::string s = formatDate(static_cast<int32_t>(days));
    std::memcpy(p, s.data(), s.size());
    return s.size();
  }
  put2(p, c.year / 100);
  put2(p + 2, c.year % 100);
  p[4] = '-';
  put2(p + 5, c.month);
  p[7] = '-';
  put2(p + 8, c.day);
  return 10;
}

}  // namespace

void DateTimeCodec::appendTimestamp(std::string& out, int64_t micros) const {
  if (compiled_ && !fastFormat_) {
    compiled_->formatter().format(micros, out);
    return;
  }
  char buf[48];
  int64_t days = floorDiv(micros, kMicrosPerDay);
  int64_t rem = micros - days * kMicrosPerDay;
  size_t n = putDate(buf, days);
  char* p = buf + n;
  p[0] = 'T';
  put2(p + 1, rem / kMicrosPerHour);
  p[3] = ':';
  put2(p + 4, (rem / kMicrosPerMinute) % 60);
  p[6] = ':';
  put2(p + 7, (rem / kMicrosPerSecond) % 60);
  p[9] = '.';
  int64_t millis = (rem % kMicrosPerSecond) / 1000;
  p[10] = static_cast<char>('0' + millis / 100);
  put2(p + 11, millis % 100);
  p[13] = 'Z';
  out.append(buf, n + 14);
}

void DateTimeCodec::appendDate(std::string& out, int32_t days) const {
  if (compiled_ && !fastFormat_) {
    compiled_->formatter().format(static_cast<int64_t>(days) * kMicrosPerDay, out);
    return;
  }
  char buf[32];
  out.append(buf, putDate(buf, days));
}

}  // namespace spate
