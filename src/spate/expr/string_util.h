#pragma once

// Shared pieces of the string and regex functions: UTF-8 walking (Spark counts and
// indexes strings by character, not byte), Unicode case mapping, argument coercion as
// Spark's implicit casts do it, and writers that append straight into a string
// column's data buffer so kernels do not allocate per row.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spate/columnar/builder.h"
#include "spate/expr/bound_expr.h"
#include "spate/expr/function_registry.h"

namespace spate {

// ---- UTF-8 --------------------------------------------------------------------------

// Bytes of the character that starts with lead byte b. Stray continuation bytes and
// invalid leads count as one-byte characters, as Spark's UTF8String does.
inline int utf8CharBytes(uint8_t b) {
  if (b < 0xC0) return 1;
  if (b < 0xE0) return 2;
  if (b < 0xF0) return 3;
  if (b < 0xF8) return 4;
  return 1;
}

inline bool isUtf8Continuation(uint8_t b) { return (b & 0xC0) == 0x80; }

bool isAscii(std::string_view s);
// Number of characters.
int64_t utf8Length(std::string_view s);
// Byte offset reached after skipping n characters from byte offset pos (clamped to the end).
size_t utf8Skip(std::string_view s, size_t pos, int64_t n);
// Byte offset where character index `chars` starts (s.size() past the end).
inline size_t utf8Offset(std::string_view s, int64_t chars) { return utf8Skip(s, 0, chars); }
// Decodes the character at pos and advances pos past it; malformed bytes decode as U+FFFD.
uint32_t utf8Decode(std::string_view s, size_t& pos);
// Encodes code point cp at out; returns the bytes written (1..4).
int utf8Encode(uint32_t cp, char* out);
void appendUtf8(std::string& out, uint32_t cp);

// ---- case mapping -------------------------------------------------------------------

// Simple (one to one) Unicode case mapping. Unlike Java, characters whose mapping
// changes length (German sharp s upper-cases to "SS" in Java) map to themselves.
uint32_t toLowerCodePoint(uint32_t cp);
uint32_t toUpperCodePoint(uint32_t cp);
// Appends s lower/upper-cased to out.
void appendLower(Buffer& out, std::string_view s);
void appendUpper(Buffer& out, std::string_view s);
// s lower-cased into scratch (reused across rows); returns a view of scratch.
std::string_view lowerInto(std::string& scratch, std::string_view s);

// ---- appending into a column's data buffer --------------------------------------------

// Room for up to maxBytes more bytes at the end of buf: returns where to write. Close with
// endAppend(buf, p) where p is one past the last byte written.
inline char* beginAppend(Buffer& buf, int64_t maxBytes) {
  int64_t base = buf.size();
  buf.resize(base + maxBytes);
  return reinterpret_cast<char*>(buf.data()) + base;
}
inline void endAppend(Buffer& buf, const char* end) {
  buf.resize(end - reinterpret_cast<const char*>(buf.data()));
}
inline void appendBytes(Buffer& buf, std::string_view s) { buf.append(s.data(), static_cast<int64_t>(s.size())); }

// Builds an array<string> column a row at a time (split, regexp_extract_all).
class StringListBuilder {
 public:
  explicit StringListBuilder(int64_t rows);
  void add(std::string_view s) { elements_.append(s); }
  StringColumnBuilder& elements() { return elements_; }
  void closeRow();
  void nullRow();
  ColumnPtr finish(const TypePtr& type);

 private:
  int64_t rows_;
  int64_t row_ = 0;
  BufferPtr offsets_;
  ValidityBuilder validity_;
  StringColumnBuilder elements_;
};

// ---- argument checks and coercion ---------------------------------------------------

// "fn() expects <expected> as argument <i+1>, but <expr> is <type>".
Status argTypeError(const char* fn, size_t i, std::string_view expected, const BoundExprPtr& arg);
// Casts args[i] to string where Spark casts implicitly (any atomic type, binary included);
// arrays, maps and structs are a TypeError.
Status coerceArgToString(const char* fn, std::vector<BoundExprPtr>& args, size_t i);
// Keeps string and binary; other atomic types become string.
Status coerceArgToStringOrBinary(const char* fn, std::vector<BoundExprPtr>& args, size_t i);
// Keeps binary; strings and null become binary (Spark's implicit string -> binary cast).
Status coerceArgToBinary(const char* fn, std::vector<BoundExprPtr>& args, size_t i);
// Casts numbers, strings and null to int / bigint, as Spark's implicit casts do.
Status coerceArgToInt(const char* fn, std::vector<BoundExprPtr>& args, size_t i);
Status coerceArgToLong(const char* fn, std::vector<BoundExprPtr>& args, size_t i);
Status coerceAllToString(const char* fn, std::vector<BoundExprPtr>& args);

// The string held by a non-null literal argument, or nullptr.
const std::string* literalString(const BoundExprPtr& arg);
// The integer held by a non-null literal argument.
bool literalInt(const BoundExprPtr& arg, int64_t& out);

// True when some argument may be null (the result of a null-intolerant function is then
// nullable).
bool anyArgNullable(const std::vector<BoundExprPtr>& args);

// Spark's strings are at most 2 GB; a row that would produce more (repeat, lpad with a
// huge length) fails the query instead of exhausting memory.
constexpr int64_t kMaxStringBytes = int64_t{1} << 30;
Status stringTooLong(const char* fn, int64_t bytes);

// A kernel's result description with constant arguments read in place (the kernels
// access rows through stringAt/isNull/FixedArg, which see constants).
ResolvedScalar scalarResult(TypePtr type, ScalarKernel kernel, bool nullable = true);

}  // namespace spate
