#pragma once

// Time zone and offset text as datetime patterns read it. Only UTC and fixed offsets
// are understood (no time zone database): "Z", "UTC", "GMT", "UT", "Etc/UTC", those
// followed by an offset ("GMT+8", "UTC-08:00"), and bare offsets ("+01:00", "-0130").

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace spate {

// ASCII text matching shared by the pattern engine: case-insensitive, as Spark's
// parser is.
namespace dt {

inline char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

inline bool matchesIgnoreCase(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (lowerAscii(text[pos + i]) != lowerAscii(word[i])) return false;
  }
  return true;
}

// The longest name that text continues with at pos; its index, or -1.
template <size_t N>
int matchName(std::string_view text, size_t& pos, const std::array<std::string_view, N>& names) {
  int best = -1;
  size_t bestLen = 0;
  for (size_t i = 0; i < N; ++i) {
    if (names[i].size() > bestLen && matchesIgnoreCase(text, pos, names[i])) {
      best = static_cast<int>(i);
      bestLen = names[i].size();
    }
  }
  pos += bestLen;
  return best;
}

}  // namespace dt

// Java's appendOffset(pattern, noOffsetText) in strict mode: two-digit hours, then
// minutes and seconds as the pattern says, or the text standing for a zero offset.
struct OffsetStyle {
  bool colon;
  int minutes;  // 0 none, 1 optional, 2 required
  int seconds;  // 0 none, 1 optional, 2 required
  std::string_view zeroText;
};

// Each reads at pos, advances pos past what it read and sets seconds east of UTC;
// false (pos unchanged) when the text does not match.
bool parseOffset(const OffsetStyle& style, std::string_view text, size_t& pos, int32_t& seconds);
// "+H", "+HH", "+HHMM", "+HH:MM", "+HH:MM:SS", "+HHMMSS".
bool parseLenientOffset(std::string_view text, size_t& pos, int32_t& seconds);
// A zone id or name: the forms above or "Coordinated Universal Time".
bool parseZone(std::string_view text, size_t& pos, int32_t& seconds);

// A whole string as a zone, as make_timestamp's timezone argument: the offset in
// seconds, or nullopt (region ids such as "Europe/Paris" are not supported).
std::optional<int32_t> parseZoneOffsetSeconds(std::string_view zone);

}  // namespace spate
