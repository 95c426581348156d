// The JSON decoder's fast path: a record read straight from its text into the slots,
// for records of plain values, without simdjson building a document first. Most lines
// of machine-written JSON are such records, and parsing them into simdjson's tape and
// then walking the tape cost more than the decode itself.
//
// The path only ever succeeds: it gives up on anything it does not handle exactly as
// the DOM path would (escapes and malformed UTF-8 in strings, numbers simdjson could
// read differently or reject, repeated keys, a value not of its column's commonest JSON
// type, arrays and maps that are read), and the DOM path then decodes the record, errors
// and all. What it accepts is well-formed JSON that the DOM path decodes to the same row.

#include <immintrin.h>

#include <bit>
#include <charconv>
#include <limits>

#include "spate/io/json_dom.h"
#include "spate/io/json_record_slots.h"

namespace spate {

namespace {

// Deeper records are left to simdjson, whose limit is far higher.
constexpr int kMaxDepth = 64;

inline bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Reads *end (padding) when p is there.
inline void skipSpace(const char*& p, const char* end) {
  if (static_cast<unsigned char>(*p) > ' ') return;  // compact JSON: the usual case
  while (p < end && isSpace(*p)) ++p;
}

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The length of the well-formed UTF-8 sequence at p (a byte of 0x80 and up) before
// end, or 0: no overlong forms, surrogates or code points past U+10FFFF (RFC 3629), as
// simdjson checks every document.
inline int utf8Sequence(const char* at, const char* end) {
  const auto* p = reinterpret_cast<const unsigned char*>(at);
  const unsigned c = p[0];
  int n;
  unsigned lo = 0x80, hi = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (end - at < n || p[1] < lo || p[1] > hi) return 0;
  for (int i = 2; i < n; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return n;
}

// A string's bytes from p (just past its opening quote) to its closing quote, which p
// then passes. False at a backslash, a control byte or malformed UTF-8. Reads 16 bytes
// at a time, up to 15 past end (the padding after a record's text).
inline bool plainString(const char*& p, const char* end, std::string_view& out) {
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  const char* q = p;
  while (q < end) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    // Signed compare: bytes 0x80 and up are negative, so below ' ' too.
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, quote), _mm_cmpeq_epi8(b, backslash)), _mm_cmplt_epi8(b, space));
    const auto bits = static_cast<uint32_t>(_mm_movemask_epi8(stop));
    if (!bits) {
      q += 16;
      continue;
    }
    const char* hit = q + std::countr_zero(bits);
    if (hit >= end) return false;
    if (*hit == '"') {
      out = std::string_view(p, static_cast<size_t>(hit - p));
      p = hit + 1;
      return true;
    }
    if (static_cast<unsigned char>(*hit) < 0x80) return false;  // an escape or a control byte
    const int n = utf8Sequence(hit, end);
    if (n == 0) return false;
    q = hit + n;
  }
  return false;
}

inline bool literal(const char*& p, const char* end, std::string_view word) {
  if (static_cast<size_t>(end - p) < word.size() || std::memcmp(p, word.data(), word.size()) != 0) return false;
  p += word.size();
  return true;
}

// A number's text from p, per JSON's grammar. Long ones and exponents are refused:
// simdjson rejects some of those (integers past 64 bits, doubles out of range) where a
// skipped value must not decide whether the record is malformed.
inline bool numberToken(const char*& p, const char* end, std::string_view& out) {
  const char* start = p;
  if (p < end && *p == '-') ++p;
  if (p == end || !isDigit(*p)) return false;
  if (*p == '0') {
    ++p;
  } else {
    while (p < end && isDigit(*p)) ++p;
  }
  if (p < end && *p == '.') {
    ++p;
    if (p == end || !isDigit(*p)) return false;
    while (p < end && isDigit(*p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) return false;
  out = std::string_view(start, static_cast<size_t>(p - start));
  return out.size() <= 18 && out != "-0";
}

// How many of the 8 bytes of x (the first in the low byte) are digits before the
// first that is not. A byte past that one may be misjudged (the +6 carries), which
// does not matter.
inline int leadingDigits(uint64_t x) {
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL, kDigitHigh = 0x3030303030303030ULL;
  const uint64_t bad = ((x & kHigh) ^ kDigitHigh) | (((x + 0x0606060606060606ULL) & kHigh) ^ kDigitHigh);
  return bad ? std::countr_zero(bad) / 8 : 8;
}

// The value of the n (1 to 8) digits in the low bytes of x.
inline uint64_t digitsValue(uint64_t x, int n) {
  x = (x & 0x0F0F0F0F0F0F0F0FULL) << (8 * (8 - n));  // leading zero digits fill the rest
  x = (x * 10 + (x >> 8)) & 0x00FF00FF00FF00FFULL;
  x = (x * 100 + (x >> 16)) & 0x0000FFFF0000FFFFULL;
  return (x * 10000 + (x >> 32)) & 0xFFFFFFFFULL;
}

// An integer literal of at most 16 digits, 8 at a time; reads up to 17 bytes past p.
inline bool integerValue(const char*& p, const char* end, int64_t& out) {
  const char* q = p + (*p == '-');
  uint64_t x;
  std::memcpy(&x, q, 8);
  int n = leadingDigits(x);
  if (n == 0) return false;
  uint64_t v = digitsValue(x, n);
  if (n == 8) {
    std::memcpy(&x, q + 8, 8);
    const int more = leadingDigits(x);
    if (more == 8 && isDigit(q[16])) return false;  // longer ones go the DOM way
    if (more > 0) {
      static constexpr uint64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
      v = v * kPow10[more] + digitsValue(x, more);
      n += more;
    }
  }
  const char* after = q + n;
  // A leading zero, "-0", digits of the padding, or a fraction or exponent: not here.
  if ((*q == '0' && (n > 1 || q != p)) || after > end || *after == '.' || *after == 'e' || *after == 'E') return false;
  out = q == p ? static_cast<int64_t>(v) : -static_cast<int64_t>(v);
  p = after;
  return true;
}

// An integer literal into an integral slot of type T, when it fits.
template <typename T>
inline bool integerInto(JsonRecordDecoder::Slot& s, int64_t row, const char*& p, const char* end) {
  int64_t v;
  if (!integerValue(p, end, v) || v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) return false;
  s.put(row, static_cast<T>(v));
  return true;
}

// An object member's key from p (at its opening quote); p then passes its colon.
inline bool memberKey(const char*& p, const char* end, std::string_view& key) {
  if (p == end || *p != '"') return false;
  ++p;
  if (!plainString(p, end, key)) return false;
  skipSpace(p, end);
  if (p == end || *p != ':') return false;
  ++p;
  return true;
}

// What follows an object's member or an array's element: a comma, which p passes
// (more), or the close, which p passes too (not more); false for anything else.
inline bool afterMember(const char*& p, const char* end, char close, bool& more) {
  skipSpace(p, end);
  if (p == end) return false;
  more = *p == ',';
  if (!more && *p != close) return false;
  ++p;
  return true;
}

// Any JSON value from p, checked and passed over.
bool skipValue(const char*& p, const char* end, int depth) {
  std::string_view text;
  switch (*p) {
    case '"': ++p; return plainString(p, end, text);
    case 't': return literal(p, end, "true");
    case 'f': return literal(p, end, "false");
    case 'n': return literal(p, end, "null");
    case '{':
    case '[': {
      const bool object = *p == '{';
      const char close = object ? '}' : ']';
      if (depth >= kMaxDepth) return false;
      ++p;
      skipSpace(p, end);
      if (p < end && *p == close) {
        ++p;
        return true;
      }
      for (bool more = true; more;) {
        skipSpace(p, end);
        if (object) {
          if (!memberKey(p, end, text)) return false;
          skipSpace(p, end);
        }
        if (p == end || !skipValue(p, end, depth + 1) || !afterMember(p, end, close, more)) return false;
      }
      return true;
    }
    default: return numberToken(p, end, text);
  }
}

}  // namespace

bool JsonRecordDecoder::decodeText(std::string_view text) {
  reserveRow();
  const char* p = text.data();
  const char* end = p + text.size();
  skipSpace(p, end);
  if (p == end || *p != '{') return false;  // an array of records, or malformed
  ++p;
  if (!textStruct(structs_[0], p, end, 0)) {
    clearRecord();
    return false;
  }
  skipSpace(p, end);
  if (p != end) {
    clearRecord();
    return false;
  }
  // Arrays and maps are left to the DOM path unless null or absent.
  for (int index : nestedSlots_) slots_[static_cast<size_t>(index)].nested->appendNull();
  ++rows_;
  return true;
}

// p is just past the object's '{'.
bool JsonRecordDecoder::textStruct(Struct& st, const char*& p, const char* end, int depth) {
  const size_t n = st.names.size();
  uint64_t seen = 0;  // the fields (of the first 64) that had a key
  skipSpace(p, end);
  if (p < end && *p == '}') {
    ++p;
    return true;
  }
  for (bool more = true; more;) {
    skipSpace(p, end);
    size_t found = st.expected(p, end);
    if (found == n) {
      std::string_view key;
      if (!memberKey(p, end, key)) return false;
      found = st.find(key);
    }
    skipSpace(p, end);
    if (p == end) return false;
    Slot* s = found < n ? st.fieldSlots[found] : nullptr;
    if (s) {
      // A repeated key (the last counts) goes the DOM way. Past 64 fields a row's value
      // shows the repeat, and a null before a value is harmless.
      if (found < 64) {
        const uint64_t bit = uint64_t{1} << found;
        if (seen & bit) return false;
        seen |= bit;
      } else if (s->valid[static_cast<size_t>(rows_)]) {
        return false;
      }
      if (!textValue(*s, p, end, depth)) return false;
    } else if (!skipValue(p, end, depth)) {
      return false;
    }
    if (!afterMember(p, end, '}', more)) return false;
  }
  return true;
}

// The current row's value of s from p (not at end).
bool JsonRecordDecoder::textValue(Slot& s, const char*& p, const char* end, int depth) {
  if (*p == 'n') return literal(p, end, "null");  // the row stays without a value
  const int64_t row = rows_;
  switch (s.kind) {
    case TypeId::kStruct:
      if (*p != '{' || depth >= kMaxDepth) return false;
      ++p;
      s.valid[static_cast<size_t>(row)] = 1;
      return textStruct(structs_[static_cast<size_t>(s.structIndex)], p, end, depth + 1);
    case TypeId::kLong:
      if (!integerInto<int64_t>(s, row, p, end)) return false;
      break;
    case TypeId::kInt:
      if (!integerInto<int32_t>(s, row, p, end)) return false;
      break;
    case TypeId::kShort:
      if (!integerInto<int16_t>(s, row, p, end)) return false;
      break;
    case TypeId::kByte:
      if (!integerInto<int8_t>(s, row, p, end)) return false;
      break;
    case TypeId::kBoolean:
      if (literal(p, end, "true")) s.put(row, int8_t{1});
      else if (literal(p, end, "false")) s.put(row, int8_t{0});
      else return false;
      break;
    case TypeId::kFloat:
    case TypeId::kDouble: {
      std::string_view text;
      if (!numberToken(p, end, text)) return false;
      double d;
      // Both exact: simdjson's integer converted, and its correctly rounded double.
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec != std::errc() || ptr != text.data() + text.size()) return false;
      if (s.kind == TypeId::kFloat) s.put(row, static_cast<float>(d));
      else s.put(row, d);
      break;
    }
    case TypeId::kString: {
      std::string_view text;
      if (*p != '"') return false;  // Spark keeps other values' JSON text: the DOM path writes it
      ++p;
      if (!plainString(p, end, text)) return false;
      s.fillOffsets(row);
      s.data->append(text.data(), static_cast<int64_t>(text.size()));
      break;
    }
    case TypeId::kTimestamp: {
      std::string_view text;
      int64_t micros;
      if (*p != '"') return false;
      ++p;
      if (!plainString(p, end, text) || !o_.timestampCodec.parseTimestamp(text, micros, s.day)) return false;
      s.put(row, micros);
      break;
    }
    default: return false;
  }
  s.valid[static_cast<size_t>(row)] = 1;
  return true;
}

}  // namespace spate
