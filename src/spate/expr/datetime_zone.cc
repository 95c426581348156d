#include "spate/expr/datetime_zone.h"

namespace spate {

using dt::isDigit;
using dt::isLetter;
using dt::matchesIgnoreCase;
using dt::matchName;

// "+H", "+HH", "+HHMM", "+HH:MM", "+HH:MM:SS", "+HHMMSS" at pos; Java's lenient form
// for offsets after a zone prefix ("GMT+8") or in a zone id.
bool parseLenientOffset(std::string_view text, size_t& pos, int32_t& seconds) {
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
  int sign = text[pos] == '-' ? -1 : 1;
  size_t p = pos + 1;
  auto twoDigits = [&](int& v) {
    if (p + 2 > text.size() || !isDigit(text[p]) || !isDigit(text[p + 1])) return false;
    v = (text[p] - '0') * 10 + (text[p + 1] - '0');
    p += 2;
    return true;
  };
  int h = 0, m = 0, s = 0;
  if (p < text.size() && isDigit(text[p]) && (p + 1 >= text.size() || !isDigit(text[p + 1]))) {
    h = text[p] - '0';
    ++p;
    if (p < text.size() && text[p] == ':') {
      ++p;
      if (!twoDigits(m)) return false;
    }
  } else {
    if (!twoDigits(h)) return false;
    bool colon = p < text.size() && text[p] == ':';
    if (colon) ++p;
    if (twoDigits(m)) {
      if (p < text.size() && (colon ? text[p] == ':' : isDigit(text[p]))) {
        if (colon) ++p;
        if (!twoDigits(s)) return false;
      }
    } else if (colon) {
      return false;
    }
  }
  if (h > 18 || m > 59 || s > 59 || h * 3600 + m * 60 + s > 18 * 3600) return false;
  seconds = sign * (h * 3600 + m * 60 + s);
  pos = p;
  return true;
}

// A zone id or name at pos: "Z", "UTC", "GMT", "UT", "Etc/UTC", those followed by an
// offset, a bare offset, or (names) "Coordinated Universal Time".
bool parseZone(std::string_view text, size_t& pos, int32_t& seconds) {
  if (pos >= text.size()) return false;
  if (text[pos] == '+' || text[pos] == '-') return parseLenientOffset(text, pos, seconds);
  static constexpr std::array<std::string_view, 4> kFullNames = {"Coordinated Universal Time",
                                                                  "Greenwich Mean Time", "Universal Time",
                                                                  "Zulu Time"};
  size_t p = pos;
  if (matchName(text, p, kFullNames) >= 0) {
    pos = p;
    seconds = 0;
    return true;
  }
  static constexpr std::array<std::string_view, 8> kPrefixes = {"Etc/UTC", "Etc/GMT", "Etc/UCT", "UTC",
                                                                 "GMT",     "UCT",     "UT",      "Z"};
  int which = matchName(text, p, kPrefixes);
  if (which < 0) return false;
  seconds = 0;
  if (kPrefixes[static_cast<size_t>(which)] != "Z") {
    size_t q = p;
    int32_t off;
    if (parseLenientOffset(text, q, off)) {
      p = q;
      seconds = off;
    }
  }
  // A longer region name ("UTCfoo", "Zulu") is not a zone we know.
  if (p < text.size() && (isLetter(text[p]) || text[p] == '/' || text[p] == '_')) return false;
  pos = p;
  return true;
}

// Java's appendOffset(pattern, noOffsetText) parse, strict: hours are two digits;
// minutes and seconds follow the pattern's colon and optionality.

bool parseOffset(const OffsetStyle& st, std::string_view text, size_t& pos, int32_t& seconds) {
  if (pos < text.size() && text[pos] != '+' && text[pos] != '-') {
    if (matchesIgnoreCase(text, pos, st.zeroText)) {
      pos += st.zeroText.size();
      seconds = 0;
      return true;
    }
    return false;
  }
  if (pos >= text.size()) return false;
  int sign = text[pos] == '-' ? -1 : 1;
  size_t p = pos + 1;
  auto twoDigits = [&](int& v) {
    if (p + 2 > text.size() || !isDigit(text[p]) || !isDigit(text[p + 1])) return false;
    v = (text[p] - '0') * 10 + (text[p + 1] - '0');
    p += 2;
    return true;
  };
  // An optional part that is absent leaves p where it was.
  auto part = [&](int mode, int& v) {
    if (mode == 0) return true;
    size_t save = p;
    if ((!st.colon || (p < text.size() && text[p++] == ':')) && twoDigits(v)) return true;
    p = save;
    v = 0;
    return mode == 1;
  };
  int h = 0, m = 0, s = 0;
  if (!twoDigits(h)) return false;
  if (!part(st.minutes, m)) return false;
  if (st.seconds && !part(st.seconds, s)) return false;
  if (h > 18 || m > 59 || s > 59 || h * 3600 + m * 60 + s > 18 * 3600) return false;
  seconds = sign * (h * 3600 + m * 60 + s);
  pos = p;
  return true;
}

std::optional<int32_t> parseZoneOffsetSeconds(std::string_view zone) {
  size_t pos = 0;
  int32_t off;
  if (!parseZone(zone, pos, off) || pos != zone.size()) return std::nullopt;
  return off;
}

}  // namespace spate
