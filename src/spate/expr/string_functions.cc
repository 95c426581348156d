// Character-level string functions: upper/lower (ucase/lcase), initcap, length and
// its synonyms, octet_length, bit_length, trim/ltrim/rtrim/btrim, reverse, repeat,
// space, ascii, chr/char. Strings are UTF-8 and Spark counts characters (code points),
// so every length or position here walks characters, with an ASCII fast path where it
// pays. Every function is null-intolerant: a null argument gives a null row.

#include "spate/expr/string_functions.h"

#include <algorithm>
#include <cstring>

#include "spate/expr/collection_util.h"
#include "spate/expr/kernels.h"
#include "spate/expr/string_util.h"

namespace spate {

namespace {

using Args = std::vector<BoundExprPtr>;
using Cols = std::vector<ColumnPtr>;

ScalarResolver caseResolver(const char* fn, bool upper) {
  return [fn, upper](Args& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceArgToString(fn, args, 0));
    return scalarResult(
        DataType::string(),
        [upper](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          StringArg s(*a[0]);
          return buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& out) {
            if (upper) {
              appendUpper(out.dataBuffer(), s[i]);
            } else {
              appendLower(out.dataBuffer(), s[i]);
            }
            out.commit();
          });
        },
        anyArgNullable(args));
  };
}

// Spark lower-cases the string, then title-cases the first character and every
// character that follows a space (only ' ' separates words).
Result<ResolvedScalar> resolveInitcap(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("initcap", args, 0));
  return scalarResult(
      DataType::string(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]);
        return buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& out) {
          std::string_view v = s[i];
          char* o = beginAppend(out.dataBuffer(), static_cast<int64_t>(v.size() * 2));
          bool wordStart = true;
          size_t k = 0;
          while (k < v.size()) {
            uint32_t cp = utf8Decode(v, k);
            o += utf8Encode(wordStart ? toUpperCodePoint(cp) : toLowerCodePoint(cp), o);
            wordStart = cp == ' ';
          }
          endAppend(out.dataBuffer(), o);
          out.commit();
        });
      },
      anyArgNullable(args));
}

enum class LengthUnit { kChars, kBytes, kBits };

// length of a string counts characters; of a binary, bytes.
ScalarResolver lengthResolver(const char* fn, LengthUnit unit) {
  return [fn, unit](Args& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceArgToStringOrBinary(fn, args, 0));
    bool chars = unit == LengthUnit::kChars && args[0]->type()->id() == TypeId::kString;
    int scale = unit == LengthUnit::kBits ? 8 : 1;
    return scalarResult(
        DataType::int_(),
        [chars, scale](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          StringArg s(*a[0]);
          if (chars) {
            return buildFixed<int32_t>(n, DataType::int_(), a,
                                       [&](int64_t i) { return static_cast<int32_t>(utf8Length(s[i])); });
          }
          return buildFixed<int32_t>(n, DataType::int_(), a,
                                     [&](int64_t i) { return static_cast<int32_t>(s[i].size()) * scale; });
        },
        anyArgNullable(args));
  };
}

// ---- trim ------------------------------------------------------------------------------

enum class TrimSide { kBoth, kLeft, kRight };

// The characters to trim: ASCII ones in a bitmap, others in a short list.
class TrimSet {
 public:
  void assign(std::string_view chars) {
    source_.assign(chars);
    std::fill(std::begin(ascii_), std::end(ascii_), false);
    others_.clear();
    size_t k = 0;
    while (k < chars.size()) {
      uint32_t cp = utf8Decode(chars, k);
      if (cp < 128) {
        ascii_[cp] = true;
      } else {
        others_.push_back(cp);
      }
    }
  }
  bool sameSource(std::string_view chars) const { return source_ == chars; }

  std::string_view trim(std::string_view s, TrimSide side) const {
    size_t b = 0, e = s.size();
    if (side != TrimSide::kRight) {
      while (b < e) {
        size_t next = b;
        if (!contains(utf8Decode(s, next))) break;
        b = next;
      }
    }
    if (side != TrimSide::kLeft) {
      while (e > b) {
        size_t start = e - 1;
        while (start > b && isUtf8Continuation(static_cast<uint8_t>(s[start]))) --start;
        size_t k = start;
        if (!contains(utf8Decode(s, k))) break;
        e = start;
      }
    }
    return s.substr(b, e - b);
  }

 private:
  bool contains(uint32_t cp) const {
    if (cp < 128) return ascii_[cp];
    for (uint32_t o : others_) {
      if (o == cp) return true;
    }
    return false;
  }
  std::string source_;
  bool ascii_[128] = {};
  std::vector<uint32_t> others_;
};

std::string_view trimSpaces(std::string_view s, TrimSide side) {
  size_t b = 0, e = s.size();
  if (side != TrimSide::kRight) {
    while (b < e && s[b] == ' ') ++b;
  }
  if (side != TrimSide::kLeft) {
    while (e > b && s[e - 1] == ' ') --e;
  }
  return s.substr(b, e - b);
}

// trim(str) removes spaces only (not tabs or newlines), as Spark's UTF8String.trim.
// The two-argument SQL forms are trim/ltrim/rtrim(trimStr, str) (Spark's
// `def this(trimStr, srcStr)` constructors) and btrim(str, trimStr).
ScalarResolver trimResolver(const char* fn, TrimSide side, bool trimCharsFirst) {
  return [fn, side, trimCharsFirst](Args& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceAllToString(fn, args));
    bool nullable = anyArgNullable(args);
    if (args.size() == 1) {
      return scalarResult(
          DataType::string(),
          [side](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
            StringArg s(*a[0]);
            return buildStrings(n, DataType::string(), a,
                                [&](int64_t i, StringColumnBuilder& out) { out.append(trimSpaces(s[i], side)); });
          },
          nullable);
    }
    size_t srcIdx = trimCharsFirst ? 1 : 0, setIdx = trimCharsFirst ? 0 : 1;
    auto fixed = std::make_shared<TrimSet>();
    const std::string* lit = literalString(args[setIdx]);
    if (lit) fixed->assign(*lit);
    bool isLiteral = lit != nullptr;
    return scalarResult(
        DataType::string(),
        [side, srcIdx, setIdx, fixed, isLiteral](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          StringArg s(*a[srcIdx]), chars(*a[setIdx]);
          TrimSet perBatch;
          bool perBatchSet = false;
          return buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& out) {
            const TrimSet* set = fixed.get();
            if (!isLiteral) {
              if (!perBatchSet || !perBatch.sameSource(chars[i])) perBatch.assign(chars[i]);
              perBatchSet = true;
              set = &perBatch;
            }
            out.append(set->trim(s[i], side));
          });
        },
        nullable);
  };
}

// ---- reverse, repeat, space ---------------------------------------------------------------

Result<ColumnPtr> reverseArrays(const TypePtr& type, const Cols& a, int64_t n) {
  const Column& arr = *a[0];
  GatherListBuilder out(type, n);
  for (int64_t i = 0; i < n; ++i) {
    if (arr.isNull(i)) {
      out.nullRow();
      continue;
    }
    for (int32_t e = arr.listEnd(i) - 1; e >= arr.listBegin(i); --e) out.add(e);
    out.closeRow();
  }
  return out.finish({arr.child(0)});
}

// reverse(str) reverses characters; reverse(array) reverses elements.
Result<ResolvedScalar> resolveReverse(Args& args) {
  if (args[0]->type()->id() == TypeId::kArray) {
    TypePtr type = args[0]->type();
    return scalarResult(
        type, [type](const Cols& a, int64_t n, EvalContext&) { return reverseArrays(type, a, n); },
        args[0]->nullable());
  }
  SPATE_RETURN_IF_ERROR(coerceArgToString("reverse", args, 0));
  return scalarResult(
      DataType::string(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]);
        return buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& out) {
          std::string_view v = s[i];
          char* o = beginAppend(out.dataBuffer(), static_cast<int64_t>(v.size()));
          size_t k = 0;
          while (k < v.size()) {
            size_t len = std::min(static_cast<size_t>(utf8CharBytes(static_cast<uint8_t>(v[k]))), v.size() - k);
            std::memcpy(o + (v.size() - k - len), v.data() + k, len);
            k += len;
          }
          endAppend(out.dataBuffer(), o + v.size());
          out.commit();
        });
      },
      args[0]->nullable());
}

// repeat(str, n): n <= 0 gives the empty string.
Result<ResolvedScalar> resolveRepeat(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("repeat", args, 0));
  SPATE_RETURN_IF_ERROR(coerceArgToInt("repeat", args, 1));
  return scalarResult(
      DataType::string(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]);
        FixedArg<int32_t> times(*a[1]);
        Status st;
        ColumnPtr out = buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& b) {
          std::string_view v = s[i];
          int64_t k = std::max<int32_t>(times[i], 0);
          if (static_cast<int64_t>(v.size()) * k > kMaxStringBytes) {
            st = stringTooLong("repeat", static_cast<int64_t>(v.size()) * k);
            k = 0;
          }
          for (int64_t r = 0; r < k; ++r) appendBytes(b.dataBuffer(), v);
          b.commit();
        });
        if (!st.ok()) return st;
        return out;
      },
      anyArgNullable(args));
}

Result<ResolvedScalar> resolveSpace(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToInt("space", args, 0));
  return scalarResult(
      DataType::string(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        FixedArg<int32_t> len(*a[0]);
        Status st;
        ColumnPtr out = buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& b) {
          int64_t k = std::max<int32_t>(len[i], 0);
          if (k > kMaxStringBytes) {
            st = stringTooLong("space", k);
            k = 0;
          }
          char* o = beginAppend(b.dataBuffer(), k);
          std::memset(o, ' ', static_cast<size_t>(k));
          endAppend(b.dataBuffer(), o + k);
          b.commit();
        });
        if (!st.ok()) return st;
        return out;
      },
      args[0]->nullable());
}

// ---- ascii, chr -----------------------------------------------------------------------------

// ascii(str): the code point of the first character, 0 for the empty string.
Result<ResolvedScalar> resolveAscii(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("ascii", args, 0));
  return scalarResult(
      DataType::int_(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]);
        return buildFixed<int32_t>(n, DataType::int_(), a, [&](int64_t i) {
          std::string_view v = s[i];
          size_t k = 0;
          return v.empty() ? 0 : static_cast<int32_t>(utf8Decode(v, k));
        });
      },
      args[0]->nullable());
}

// chr(n): the character with code n mod 256 (so chr(233) is "é"); negative n gives "".
Result<ResolvedScalar> resolveChr(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToLong("chr", args, 0));
  return scalarResult(
      DataType::string(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        FixedArg<int64_t> code(*a[0]);
        return buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& out) {
          int64_t c = code[i];
          if (c < 0) {
            out.append("");
            return;
          }
          char buf[4];
          int len = utf8Encode(static_cast<uint32_t>(c & 0xFF), buf);
          out.append(std::string_view(buf, static_cast<size_t>(len)));
        });
      },
      args[0]->nullable());
}

}  // namespace

void registerStringFunctions(FunctionRegistry& r) {
  r.addScalar({"upper", 1, 1, caseResolver("upper", true)});
  r.addAlias("ucase", "upper");
  r.addScalar({"lower", 1, 1, caseResolver("lower", false)});
  r.addAlias("lcase", "lower");
  r.addScalar({"initcap", 1, 1, resolveInitcap});
  r.addScalar({"length", 1, 1, lengthResolver("length", LengthUnit::kChars)});
  r.addAlias("char_length", "length");
  r.addAlias("character_length", "length");
  r.addAlias("len", "length");
  r.addScalar({"octet_length", 1, 1, lengthResolver("octet_length", LengthUnit::kBytes)});
  r.addScalar({"bit_length", 1, 1, lengthResolver("bit_length", LengthUnit::kBits)});
  r.addScalar({"trim", 1, 2, trimResolver("trim", TrimSide::kBoth, true)});
  r.addScalar({"ltrim", 1, 2, trimResolver("ltrim", TrimSide::kLeft, true)});
  r.addScalar({"rtrim", 1, 2, trimResolver("rtrim", TrimSide::kRight, true)});
  r.addScalar({"btrim", 1, 2, trimResolver("btrim", TrimSide::kBoth, false)});
  r.addScalar({"reverse", 1, 1, resolveReverse});
  r.addScalar({"repeat", 2, 2, resolveRepeat});
  r.addScalar({"space", 1, 1, resolveSpace});
  r.addScalar({"ascii", 1, 1, resolveAscii});
  r.addScalar({"chr", 1, 1, resolveChr});
  r.addAlias("char", "chr");

  registerStringSliceFunctions(r);
  registerStringSearchFunctions(r);
  registerStringFormatFunctions(r);
  registerLikeFunctions(r);
}

}  // namespace spate
