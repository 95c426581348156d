#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace spate {

// Text <-> value conversions with the JVM semantics Spark's readers and writers
// inherit (Integer.parseInt, Double.parseDouble, new BigDecimal).
// They work on views and append to caller-owned strings: no allocation per value.

// Integer.parseInt / Long.parseLong: optional sign, ASCII digits, in range; no spaces.
bool parseJavaLong(std::string_view s, int64_t& out);
template <typename T>
bool parseJavaIntegral(std::string_view s, T& out) {
  int64_t v;
  if (!parseJavaLong(s, v) || v < static_cast<int64_t>(static_cast<T>(INT64_MIN >> (64 - 8 * sizeof(T)))) ||
      v > static_cast<int64_t>(INT64_MAX >> (64 - 8 * sizeof(T)))) {
    return false;
  }
  out = static_cast<T>(v);
  return true;
}
// Double.parseDouble: surrounding whitespace, sign, "NaN", "Infinity", a trailing
// d/D/f/F, decimal and exponent forms.
bool parseJavaDouble(std::string_view s, double& out);
// "true"/"false" in any case (Scala's toBoolean).
bool parseJavaBoolean(std::string_view s, bool& out);

// new BigDecimal(s): sign, digits, optional fraction and exponent.
struct DecimalText {
  bool negative = false;
  std::string_view intDigits;   // without leading zeros
  std::string_view fracDigits;
  int64_t exponent = 0;
  // BigDecimal's precision and scale of the literal as written.
  int precision() const;
  int scale() const;
};
bool scanDecimalText(std::string_view s, DecimalText& out);
// The unscaled value at `scale`, rounded HALF_UP; false when it needs more than
// `precision` digits (Spark's Decimal.set fails then).
bool decimalTextToUnscaled(const DecimalText& d, int precision, int scale, __int128& out);
bool parseDecimalText(std::string_view s, int precision, int scale, __int128& out);

void appendInt64Text(std::string& out, int64_t v);
// The unscaled value at scale as BigDecimal.toPlainString() ("-1.50").
void appendDecimalText(std::string& out, __int128 unscaled, int scale);

// RFC 4648 base64 (also the URL-safe alphabet), as Jackson reads binary values.
// Writing uses appendBase64 from expr/json_writer.h, with the Java number and JSON
// string helpers shared with to_json.
bool decodeBase64(std::string_view text, std::string& out);

}  // namespace spate
