#include "spate/expr/string_util.h"

#include <algorithm>
#include <bit>
#include <clocale>
#include <cstring>
#include <cwctype>

#include "spate/expr/cast.h"

namespace spate {

// ---- UTF-8 --------------------------------------------------------------------------

bool isAscii(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t n = s.size(), i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; i < n; ++i) {
    if (p[i] & 0x80) return false;
  }
  return true;
}

int64_t utf8Length(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  int64_t continuations = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    // Continuation bytes are 10xxxxxx: bit 7 set and bit 6 (shifted into bit 7) clear.
    continuations += std::popcount(w & ~(w << 1) & 0x8080808080808080ULL);
  }
  for (; i < n; ++i) continuations += isUtf8Continuation(p[i]);
  return static_cast<int64_t>(n) - continuations;
}

size_t utf8Skip(std::string_view s, size_t pos, int64_t n) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (n > 0 && pos < s.size()) {
    pos += static_cast<size_t>(utf8CharBytes(p[pos]));
    --n;
  }
  return pos < s.size() ? pos : s.size();
}

uint32_t utf8Decode(std::string_view s, size_t& pos) {
  auto b0 = static_cast<uint8_t>(s[pos]);
  int len = utf8CharBytes(b0);
  if (len == 1) {
    ++pos;
    return b0 < 0x80 ? b0 : 0xFFFD;
  }
  if (pos + static_cast<size_t>(len) > s.size()) {
    pos = s.size();
    return 0xFFFD;
  }
  uint32_t cp = b0 & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) {
    auto b = static_cast<uint8_t>(s[pos + static_cast<size_t>(k)]);
    if (!isUtf8Continuation(b)) {
      pos += static_cast<size_t>(k);
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  pos += static_cast<size_t>(len);
  return cp;
}

int utf8Encode(uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  if (cp > 0x10FFFF) return utf8Encode(0xFFFD, out);
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

void appendUtf8(std::string& out, uint32_t cp) {
  char buf[4];
  out.append(buf, static_cast<size_t>(utf8Encode(cp, buf)));
}

// ---- case mapping -------------------------------------------------------------------

namespace {

// glibc's C.UTF-8 locale carries the Unicode case tables; it is opened once and used
// through the _l functions so the process locale is never touched. Without it, the
// common alphabets (Latin-1, Latin Extended-A, Greek, Cyrillic) map through fallbackCase.
locale_t utf8Locale() {
  static locale_t loc = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    if (!l) l = newlocale(LC_CTYPE_MASK, "C.utf8", static_cast<locale_t>(nullptr));
    return l;
  }();
  return loc;
}

// Latin Extended-A alternates upper/lower pairs; the two runs below start on an odd
// code point, the rest on an even one. Dotted/dotless i, kra, n-apostrophe and long s
// (and Y with diaeresis, the upper case of U+00FF) have no pair here.
bool latinExtendedUpper(uint32_t cp) {
  bool oddRun = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
  return oddRun ? (cp % 2 == 1) : (cp % 2 == 0);
}
bool latinExtendedPaired(uint32_t cp) {
  return cp >= 0x100 && cp <= 0x17E && cp != 0x130 && cp != 0x131 && cp != 0x138 && cp != 0x149 && cp != 0x178;
}

uint32_t fallbackCase(uint32_t cp, bool upper) {
  if (upper) {
    if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) || (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) ||
        (cp >= 0x430 && cp <= 0x44F)) {
      return cp - 0x20;
    }
    if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
    if (latinExtendedPaired(cp) && !latinExtendedUpper(cp)) return cp - 1;
    return cp;
  }
  if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) ||
      (cp >= 0x410 && cp <= 0x42F)) {
    return cp + 0x20;
  }
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  if (latinExtendedPaired(cp) && latinExtendedUpper(cp)) return cp + 1;
  return cp;
}

template <bool kUpper>
void appendCased(Buffer& out, std::string_view s) {
  // A simple case mapping grows a character by at most one byte (2-byte -> 3-byte).
  char* o = beginAppend(out, static_cast<int64_t>(s.size() * 2));
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t i = 0, n = s.size();
  while (i < n) {
    uint8_t c = p[i];
    if (c < 0x80) {
      if constexpr (kUpper) {
        *o++ = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
      } else {
        *o++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      }
      ++i;
      continue;
    }
    size_t start = i;
    uint32_t cp = utf8Decode(s, i);
    uint32_t mapped = kUpper ? toUpperCodePoint(cp) : toLowerCodePoint(cp);
    if (mapped == cp) {
      // Unchanged (or malformed): copy the original bytes through.
      std::memcpy(o, s.data() + start, i - start);
      o += i - start;
    } else {
      o += utf8Encode(mapped, o);
    }
  }
  endAppend(out, o);
}

}  // namespace

uint32_t toLowerCodePoint(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  if (locale_t l = utf8Locale()) return static_cast<uint32_t>(towlower_l(static_cast<wint_t>(cp), l));
  return fallbackCase(cp, false);
}

uint32_t toUpperCodePoint(uint32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
  if (locale_t l = utf8Locale()) return static_cast<uint32_t>(towupper_l(static_cast<wint_t>(cp), l));
  return fallbackCase(cp, true);
}

void appendLower(Buffer& out, std::string_view s) { appendCased<false>(out, s); }
void appendUpper(Buffer& out, std::string_view s) { appendCased<true>(out, s); }

std::string_view lowerInto(std::string& scratch, std::string_view s) {
  scratch.clear();
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      scratch.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      ++i;
    } else {
      appendUtf8(scratch, toLowerCodePoint(utf8Decode(s, i)));
    }
  }
  return scratch;
}

// ---- StringListBuilder ----------------------------------------------------------------

StringListBuilder::StringListBuilder(int64_t rows)
    : rows_(rows), offsets_(allocateBuffer((rows + 1) * 4)), elements_(DataType::string(), rows * 2, rows * 8) {
  offsets_->as<int32_t>()[0] = 0;
}

void StringListBuilder::closeRow() { offsets_->as<int32_t>()[++row_] = static_cast<int32_t>(elements_.length()); }

void StringListBuilder::nullRow() {
  validity_.setNull(row_, rows_);
  closeRow();
}

ColumnPtr StringListBuilder::finish(const TypePtr& type) {
  return std::make_shared<Column>(type, rows_, validity_.finish(rows_), offsets_, nullptr,
                                  std::vector<ColumnPtr>{elements_.finish()});
}

// ---- argument checks and coercion ---------------------------------------------------

Status argTypeError(const char* fn, size_t i, std::string_view expected, const BoundExprPtr& arg) {
  return Status::TypeError("{}() expects {} as argument {}, but {} is {}", fn, expected, i + 1, arg->toString(),
                           arg->type()->simpleString());
}

namespace {
bool isAtomic(const DataType& t) { return !t.isNested(); }
}  // namespace

Status coerceArgToString(const char* fn, std::vector<BoundExprPtr>& args, size_t i) {
  const DataType& t = *args[i]->type();
  if (t.id() == TypeId::kString) return Status::OK();
  if (!isAtomic(t)) return argTypeError(fn, i, "string", args[i]);
  SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], DataType::string()));
  return Status::OK();
}

Status coerceArgToStringOrBinary(const char* fn, std::vector<BoundExprPtr>& args, size_t i) {
  if (args[i]->type()->id() == TypeId::kBinary) return Status::OK();
  if (!isAtomic(*args[i]->type())) return argTypeError(fn, i, "string or binary", args[i]);
  return coerceArgToString(fn, args, i);
}

Status coerceArgToBinary(const char* fn, std::vector<BoundExprPtr>& args, size_t i) {
  TypeId t = args[i]->type()->id();
  if (t == TypeId::kBinary) return Status::OK();
  if (t != TypeId::kString && t != TypeId::kNull) return argTypeError(fn, i, "binary", args[i]);
  SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], DataType::binary()));
  return Status::OK();
}

namespace {
Status coerceArgToIntegral(const char* fn, std::vector<BoundExprPtr>& args, size_t i, const TypePtr& to) {
  const DataType& t = *args[i]->type();
  if (t.equals(*to)) return Status::OK();
  if (!t.isNumeric() && t.id() != TypeId::kString && t.id() != TypeId::kNull) {
    return argTypeError(fn, i, to->simpleString(), args[i]);
  }
  SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], to));
  return Status::OK();
}
}  // namespace

Status coerceArgToInt(const char* fn, std::vector<BoundExprPtr>& args, size_t i) {
  return coerceArgToIntegral(fn, args, i, DataType::int_());
}

Status coerceArgToLong(const char* fn, std::vector<BoundExprPtr>& args, size_t i) {
  return coerceArgToIntegral(fn, args, i, DataType::long_());
}

Status coerceAllToString(const char* fn, std::vector<BoundExprPtr>& args) {
  for (size_t i = 0; i < args.size(); ++i) SPATE_RETURN_IF_ERROR(coerceArgToString(fn, args, i));
  return Status::OK();
}

const std::string* literalString(const BoundExprPtr& arg) {
  const Value* v = arg->literalValue();
  if (!v || v->isNull() || !arg->type()->isStringLike()) return nullptr;
  return &v->asString();
}

bool literalInt(const BoundExprPtr& arg, int64_t& out) {
  const Value* v = arg->literalValue();
  if (!v || v->isNull() || !arg->type()->isIntegral()) return false;
  out = v->asInt();
  return true;
}

bool anyArgNullable(const std::vector<BoundExprPtr>& args) {
  for (const auto& a : args) {
    if (a->nullable()) return true;
  }
  return false;
}

Status stringTooLong(const char* fn, int64_t bytes) {
  return Status::ExecutionError("{}() would produce a string of {} bytes, more than the limit of {} bytes", fn, bytes,
                                kMaxStringBytes);
}

ResolvedScalar scalarResult(TypePtr type, ScalarKernel kernel, bool nullable) {
  ResolvedScalar r;
  r.type = std::move(type);
  r.nullable = nullable;
  r.kernel = std::move(kernel);
  r.handlesConstants = true;
  return r;
}

}  // namespace spate
