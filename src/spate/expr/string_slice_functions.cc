// Functions that cut and assemble strings: substring/substr, left, right, lpad, rpad,
// concat (strings, binaries or arrays), concat_ws, substring_index, split_part.
// Positions and lengths count characters for strings and bytes for binaries, with
// Spark's 1-based positions where 0 means 1 and a negative position counts from the end.

#include <algorithm>
#include <climits>

#include "spate/columnar/selection.h"
#include "spate/expr/cast.h"
#include "spate/expr/collection_util.h"
#include "spate/expr/kernels.h"
#include "spate/expr/string_functions.h"
#include "spate/expr/string_util.h"
#include "spate/expr/type_coercion.h"

namespace spate {

namespace {

using Args = std::vector<BoundExprPtr>;
using Cols = std::vector<ColumnPtr>;

// Spark's substringSQL: the [start, end) unit range of substring(str, pos, len) within a
// value of `total` units. Computed in 64 bits, so Spark's int overflow clamping is moot.
struct UnitRange {
  int64_t start;
  int64_t end;
};
inline UnitRange sqlSubstringRange(int64_t total, int64_t pos, int64_t len) {
  int64_t start = pos > 0 ? pos - 1 : (pos < 0 ? total + pos : 0);
  int64_t end = start + len;
  start = std::max<int64_t>(start, 0);
  end = std::min(end, total);
  if (start >= end) return {0, 0};
  return {start, end};
}

// Row i's substring; strings index characters (only counted when pos < 0 needs the
// total), binaries index bytes.
inline std::string_view sqlSubstring(std::string_view v, int64_t pos, int64_t len, bool bytes) {
  if (bytes) {
    UnitRange r = sqlSubstringRange(static_cast<int64_t>(v.size()), pos, len);
    return v.substr(static_cast<size_t>(r.start), static_cast<size_t>(r.end - r.start));
  }
  int64_t total = pos < 0 ? utf8Length(v) : INT64_MAX / 4;
  UnitRange r = sqlSubstringRange(total, pos, len);
  if (r.start >= r.end) return {};
  size_t b = utf8Skip(v, 0, r.start);
  size_t e = utf8Skip(v, b, r.end - r.start);
  return v.substr(b, e - b);
}

Result<ResolvedScalar> resolveSubstring(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToStringOrBinary("substring", args, 0));
  for (size_t i = 1; i < args.size(); ++i) SPATE_RETURN_IF_ERROR(coerceArgToInt("substring", args, i));
  TypePtr type = args[0]->type();
  bool bytes = type->id() == TypeId::kBinary;
  return scalarResult(
      type,
      [type, bytes](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]);
        FixedArg<int32_t> pos(*a[1]);
        if (a.size() == 2) {
          return buildStrings(n, type, a, [&](int64_t i, StringColumnBuilder& out) {
            out.append(sqlSubstring(s[i], pos[i], INT_MAX, bytes));
          });
        }
        FixedArg<int32_t> len(*a[2]);
        return buildStrings(n, type, a, [&](int64_t i, StringColumnBuilder& out) {
          out.append(sqlSubstring(s[i], pos[i], len[i], bytes));
        });
      },
      anyArgNullable(args));
}

// left(str, len) is substring(str, 1, len); right(str, len) is substring(str, -len) for
// len > 0 and the empty string otherwise.
ScalarResolver leftRightResolver(const char* fn, bool left) {
  return [fn, left](Args& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceArgToStringOrBinary(fn, args, 0));
    SPATE_RETURN_IF_ERROR(coerceArgToInt(fn, args, 1));
    TypePtr type = args[0]->type();
    bool bytes = type->id() == TypeId::kBinary;
    return scalarResult(
        type,
        [type, bytes, left](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          StringArg s(*a[0]);
          FixedArg<int32_t> len(*a[1]);
          return buildStrings(n, type, a, [&](int64_t i, StringColumnBuilder& out) {
            int64_t k = len[i];
            if (left) {
              out.append(sqlSubstring(s[i], 1, k, bytes));
            } else {
              out.append(k <= 0 ? std::string_view() : sqlSubstring(s[i], -k, INT_MAX, bytes));
            }
          });
        },
        anyArgNullable(args));
  };
}

// ---- lpad / rpad ----------------------------------------------------------------------

// Appends the first `units` units of pad repeated (pad is not empty).
void appendPadding(Buffer& out, std::string_view pad, int64_t units, bool bytes) {
  int64_t padUnits = bytes ? static_cast<int64_t>(pad.size()) : utf8Length(pad);
  for (int64_t full = units / padUnits; full > 0; --full) appendBytes(out, pad);
  int64_t rest = units % padUnits;
  appendBytes(out, pad.substr(0, bytes ? static_cast<size_t>(rest) : utf8Offset(pad, rest)));
}

// lpad/rpad(str, len[, pad]): pads with pad (default a space, or a zero byte for binary)
// up to len units, or truncates str to len units; len <= 0 gives the empty value.
ScalarResolver padResolver(const char* fn, bool left) {
  return [fn, left](Args& args) -> Result<ResolvedScalar> {
    bool binary = args[0]->type()->id() == TypeId::kBinary &&
                  (args.size() == 2 || args[2]->type()->id() == TypeId::kBinary);
    if (!binary) {
      SPATE_RETURN_IF_ERROR(coerceArgToString(fn, args, 0));
      if (args.size() == 3) SPATE_RETURN_IF_ERROR(coerceArgToString(fn, args, 2));
    }
    SPATE_RETURN_IF_ERROR(coerceArgToInt(fn, args, 1));
    TypePtr type = args[0]->type();
    return scalarResult(
        type,
        [fn, type, binary, left](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          StringArg s(*a[0]);
          FixedArg<int32_t> len(*a[1]);
          const Column* padCol = a.size() == 3 ? a[2].get() : nullptr;
          std::string_view defaultPad = binary ? std::string_view("\0", 1) : std::string_view(" ");
          Status st;
          ColumnPtr out = buildStrings(n, type, a, [&](int64_t i, StringColumnBuilder& b) {
            std::string_view v = s[i];
            std::string_view pad = padCol ? padCol->stringAt(i) : defaultPad;
            int64_t target = len[i];
            int64_t have = binary ? static_cast<int64_t>(v.size()) : utf8Length(v);
            int64_t missing = target - have;
            if (missing <= 0 || pad.empty()) {
              b.append(sqlSubstring(v, 1, std::max<int64_t>(target, 0), binary));
              return;
            }
            if (target > kMaxStringBytes) {
              st = stringTooLong(fn, target);
              b.appendNull();
              return;
            }
            Buffer& buf = b.dataBuffer();
            if (left) appendPadding(buf, pad, missing, binary);
            appendBytes(buf, v);
            if (!left) appendPadding(buf, pad, missing, binary);
            b.commit();
          });
          if (!st.ok()) return st;
          return out;
        },
        anyArgNullable(args));
  };
}

// ---- concat -----------------------------------------------------------------------------

Result<ColumnPtr> concatArrays(const TypePtr& type, const Cols& a, int64_t n) {
  // Gather every row's elements from one column holding all arguments' elements.
  std::vector<ColumnPtr> children;
  std::vector<int32_t> base;
  int32_t total = 0;
  for (const auto& c : a) {
    base.push_back(total);
    children.push_back(c->child(0));
    total += static_cast<int32_t>(c->child(0)->length());
  }
  ColumnPtr all = concatColumns(children);
  GatherListBuilder out(type, n);
  for (int64_t i = 0; i < n; ++i) {
    if (anyNull(a, i)) {
      out.nullRow();
      continue;
    }
    for (size_t k = 0; k < a.size(); ++k) {
      for (int32_t e = a[k]->listBegin(i), end = a[k]->listEnd(i); e < end; ++e) out.add(base[k] + e);
    }
    out.closeRow();
  }
  return out.finish({all});
}

Result<ResolvedScalar> resolveConcatArrays(Args& args) {
  std::vector<TypePtr> types;
  for (size_t i = 0; i < args.size(); ++i) {
    TypeId t = args[i]->type()->id();
    if (t != TypeId::kArray && t != TypeId::kNull) return argTypeError("concat", i, "array", args[i]);
    types.push_back(args[i]->type());
  }
  TypePtr common = commonType(types);
  if (!common || common->id() != TypeId::kArray) {
    return Status::TypeError("concat() expects arrays of one common element type");
  }
  bool containsNull = false;
  for (auto& a : args) {
    SPATE_ASSIGN_OR_RETURN(a, makeCast(a, common));
    containsNull = containsNull || a->type()->containsNull();
  }
  TypePtr type = DataType::array(common->elementType(), containsNull);
  return scalarResult(
      type, [type](const Cols& a, int64_t n, EvalContext&) { return concatArrays(type, a, n); },
      anyArgNullable(args));
}

// concat(...): null if any argument is null; binary when every argument is binary; the
// arrays' elements when the arguments are arrays; otherwise strings.
Result<ResolvedScalar> resolveConcat(Args& args) {
  bool anyArray = false, allBinary = !args.empty();
  for (const auto& a : args) {
    anyArray = anyArray || a->type()->id() == TypeId::kArray;
    allBinary = allBinary && a->type()->id() == TypeId::kBinary;
  }
  if (anyArray) return resolveConcatArrays(args);
  if (!allBinary) SPATE_RETURN_IF_ERROR(coerceAllToString("concat", args));
  TypePtr type = allBinary ? DataType::binary() : DataType::string();
  return scalarResult(
      type,
      [type](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        return buildStrings(n, type, a, [&](int64_t i, StringColumnBuilder& out) {
          Buffer& buf = out.dataBuffer();
          for (const auto& c : a) appendBytes(buf, c->stringAt(i));
          out.commit();
        });
      },
      anyArgNullable(args));
}

// concat_ws(sep, str | array<string>, ...): null only when sep is; null arguments and
// null array elements are skipped.
Result<ResolvedScalar> resolveConcatWs(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("concat_ws", args, 0));
  for (size_t i = 1; i < args.size(); ++i) {
    const DataType& t = *args[i]->type();
    if (t.id() == TypeId::kArray) {
      if (t.elementType()->isNested()) return argTypeError("concat_ws", i, "string or array<string>", args[i]);
      SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], DataType::array(DataType::string(), t.containsNull())));
    } else if (t.isNested()) {
      return argTypeError("concat_ws", i, "string or array<string>", args[i]);
    } else {
      SPATE_RETURN_IF_ERROR(coerceArgToString("concat_ws", args, i));
    }
  }
  return scalarResult(
      DataType::string(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        const Column& sep = *a[0];
        StringColumnBuilder out(DataType::string(), n, n * 16);
        Buffer& buf = out.dataBuffer();
        for (int64_t i = 0; i < n; ++i) {
          if (sep.isNull(i)) {
            out.appendNull();
            continue;
          }
          std::string_view d = sep.stringAt(i);
          bool first = true;
          auto add = [&](std::string_view s) {
            if (!first) appendBytes(buf, d);
            appendBytes(buf, s);
            first = false;
          };
          for (size_t k = 1; k < a.size(); ++k) {
            const Column& c = *a[k];
            if (c.isNull(i)) continue;
            if (c.typeId() == TypeId::kArray) {
              const Column& elems = *c.child(0);
              for (int32_t e = c.listBegin(i), end = c.listEnd(i); e < end; ++e) {
                if (!elems.isNull(e)) add(elems.stringAt(e));
              }
            } else {
              add(c.stringAt(i));
            }
          }
          out.commit();
        }
        return out.finish();
      },
      args[0]->nullable());
}

// ---- substring_index, split_part -------------------------------------------------------

// Spark's UTF8String.subStringIndex: occurrences are searched one byte past the previous
// one (so they may overlap), and too few occurrences give the whole string.
std::string_view substringIndex(std::string_view s, std::string_view delim, int64_t count) {
  if (delim.empty() || count == 0) return {};
  if (count > 0) {
    size_t idx = std::string_view::npos;
    for (; count > 0; --count) {
      idx = s.find(delim, idx == std::string_view::npos ? 0 : idx + 1);
      if (idx == std::string_view::npos) return s;
    }
    return s.substr(0, idx);
  }
  size_t idx = s.size();
  for (; count < 0; ++count) {
    if (idx == 0) return s;
    idx = s.rfind(delim, idx - 1);
    if (idx == std::string_view::npos) return s;
  }
  return s.substr(idx + delim.size());
}

Result<ResolvedScalar> resolveSubstringIndex(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("substring_index", args, 0));
  SPATE_RETURN_IF_ERROR(coerceArgToString("substring_index", args, 1));
  SPATE_RETURN_IF_ERROR(coerceArgToInt("substring_index", args, 2));
  return scalarResult(
      DataType::string(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]), d(*a[1]);
        FixedArg<int32_t> count(*a[2]);
        return buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& out) {
          out.append(substringIndex(s[i], d[i], count[i]));
        });
      },
      anyArgNullable(args));
}

// split_part(str, delim, part): the part-th piece (negative counts from the end) of str
// split on the literal delim; out of range gives "", part 0 is an error, as Spark.
Result<ResolvedScalar> resolveSplitPart(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("split_part", args, 0));
  SPATE_RETURN_IF_ERROR(coerceArgToString("split_part", args, 1));
  SPATE_RETURN_IF_ERROR(coerceArgToInt("split_part", args, 2));
  return scalarResult(
      DataType::string(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]), d(*a[1]);
        FixedArg<int32_t> part(*a[2]);
        bool zeroIndex = false;
        ColumnPtr out = buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& b) {
          std::string_view v = s[i], delim = d[i];
          int64_t p = part[i];
          if (p == 0) {
            zeroIndex = true;
            b.appendNull();
            return;
          }
          if (delim.empty()) {
            b.append(p == 1 || p == -1 ? v : std::string_view());
            return;
          }
          // Pieces are cut left to right (as Java's split, which matters for delimiters
          // that overlap themselves), so a negative part is first turned positive.
          if (p < 0) {
            int64_t pieces = 1;
            for (size_t at = v.find(delim); at != std::string_view::npos; at = v.find(delim, at + delim.size())) {
              ++pieces;
            }
            p += pieces + 1;
            if (p < 1) {
              b.append("");
              return;
            }
          }
          size_t begin = 0;
          for (int64_t k = 1; k < p; ++k) {
            size_t at = v.find(delim, begin);
            if (at == std::string_view::npos) {
              b.append("");
              return;
            }
            begin = at + delim.size();
          }
          size_t at = v.find(delim, begin);
          b.append(v.substr(begin, at == std::string_view::npos ? std::string_view::npos : at - begin));
        });
        if (zeroIndex) {
          return Status::ExecutionError(
              "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first "
              "element has index 1).");
        }
        return out;
      },
      anyArgNullable(args));
}

}  // namespace

void registerStringSliceFunctions(FunctionRegistry& r) {
  r.addScalar({"substring", 2, 3, resolveSubstring});
  r.addAlias("substr", "substring");
  r.addScalar({"left", 2, 2, leftRightResolver("left", true)});
  r.addScalar({"right", 2, 2, leftRightResolver("right", false)});
  r.addScalar({"lpad", 2, 3, padResolver("lpad", true)});
  r.addScalar({"rpad", 2, 3, padResolver("rpad", false)});
  r.addScalar({"concat", 0, -1, resolveConcat});
  r.addScalar({"concat_ws", 1, -1, resolveConcatWs});
  r.addScalar({"substring_index", 3, 3, resolveSubstringIndex});
  r.addScalar({"split_part", 3, 3, resolveSplitPart});
}

}  // namespace spate
