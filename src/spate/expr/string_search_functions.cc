// Searching within strings: instr, locate/position, startswith, endswith, contains,
// replace, translate. Matching is on bytes (valid UTF-8 needles only match at character
// boundaries); reported positions are 1-based character positions, 0 when absent.

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "spate/expr/kernels.h"
#include "spate/expr/string_functions.h"
#include "spate/expr/string_util.h"

namespace spate {

namespace {

using Args = std::vector<BoundExprPtr>;
using Cols = std::vector<ColumnPtr>;

// Spark's UTF8String.indexOf(sub, startChar): the character index of the first
// occurrence at or after character startChar, -1 if none; an empty sub is found at 0
// whatever startChar is.
int64_t indexOfChars(std::string_view s, std::string_view sub, int64_t startChar) {
  if (sub.empty()) return 0;
  size_t from = utf8Skip(s, 0, startChar);
  size_t at = s.find(sub, from);
  if (at == std::string_view::npos) return -1;
  return startChar + utf8Length(s.substr(from, at - from));
}

Result<ResolvedScalar> resolveInstr(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceAllToString("instr", args));
  return scalarResult(
      DataType::int_(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]), sub(*a[1]);
        return buildFixed<int32_t>(n, DataType::int_(), a,
                                   [&](int64_t i) { return static_cast<int32_t>(indexOfChars(s[i], sub[i], 0) + 1); });
      },
      anyArgNullable(args));
}

// locate(substr, str[, pos]): like instr from character pos (1-based). As in Spark (and
// Hive), a null pos gives 0 rather than null, and pos < 1 gives 0.
Result<ResolvedScalar> resolveLocate(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("locate", args, 0));
  SPATE_RETURN_IF_ERROR(coerceArgToString("locate", args, 1));
  if (args.size() == 3) SPATE_RETURN_IF_ERROR(coerceArgToInt("locate", args, 2));
  bool nullable = args[0]->nullable() || args[1]->nullable();
  return scalarResult(
      DataType::int_(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg sub(*a[0]), s(*a[1]);
        const Column* posCol = a.size() == 3 ? a[2].get() : nullptr;
        FixedColumnBuilder<int32_t> out(DataType::int_(), n);
        int32_t* o = out.data();
        for (int64_t i = 0; i < n; ++i) {
          if (posCol && posCol->isNull(i)) {
            o[i] = 0;
            continue;
          }
          if (a[0]->isNull(i) || a[1]->isNull(i)) {
            out.setNull(i);
            continue;
          }
          int64_t pos = posCol ? posCol->valueAt<int32_t>(i) : 1;
          o[i] = pos < 1 ? 0 : static_cast<int32_t>(indexOfChars(s[i], sub[i], pos - 1) + 1);
        }
        return out.finish();
      },
      nullable);
}

enum class Affix { kStarts, kEnds, kContains };

// startswith/endswith/contains(left, right) on strings or binaries; the empty needle
// is always found.
ScalarResolver affixResolver(const char* fn, Affix kind) {
  return [fn, kind](Args& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceArgToStringOrBinary(fn, args, 0));
    SPATE_RETURN_IF_ERROR(coerceArgToStringOrBinary(fn, args, 1));
    return scalarResult(
        DataType::boolean(),
        [kind](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          StringArg s(*a[0]), needle(*a[1]);
          switch (kind) {
            case Affix::kStarts: return buildBooleans(n, a, [&](int64_t i) { return s[i].starts_with(needle[i]); });
            case Affix::kEnds: return buildBooleans(n, a, [&](int64_t i) { return s[i].ends_with(needle[i]); });
            case Affix::kContains:
              return buildBooleans(n, a, [&](int64_t i) { return s[i].find(needle[i]) != std::string_view::npos; });
          }
          return Status::Internal("unknown affix kind");
        },
        anyArgNullable(args));
  };
}

// replace(str, search[, replace]): every non-overlapping occurrence, left to right; an
// empty search leaves str unchanged; replace defaults to the empty string.
Result<ResolvedScalar> resolveReplace(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceAllToString("replace", args));
  return scalarResult(
      DataType::string(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]), search(*a[1]);
        const Column* rep = a.size() == 3 ? a[2].get() : nullptr;
        return buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& out) {
          std::string_view v = s[i], what = search[i];
          if (what.empty()) {
            out.append(v);
            return;
          }
          std::string_view with = rep ? rep->stringAt(i) : std::string_view();
          Buffer& buf = out.dataBuffer();
          size_t from = 0;
          for (size_t at = v.find(what); at != std::string_view::npos; at = v.find(what, from)) {
            appendBytes(buf, v.substr(from, at - from));
            appendBytes(buf, with);
            from = at + what.size();
          }
          appendBytes(buf, v.substr(from));
          out.commit();
        });
      },
      anyArgNullable(args));
}

// translate's character map: each character of `from` maps to the character at the same
// position of `to`, or is deleted when `to` is shorter; the first mapping of a repeated
// character wins, as Spark's buildDict.
class TranslateMap {
 public:
  static constexpr int32_t kKeep = -1;
  static constexpr int32_t kDelete = -2;

  void assign(std::string_view from, std::string_view to) {
    from_.assign(from);
    to_.assign(to);
    std::fill(std::begin(ascii_), std::end(ascii_), kKeep);
    others_.clear();
    size_t i = 0, j = 0;
    while (i < from.size()) {
      uint32_t key = utf8Decode(from, i);
      int32_t value = j < to.size() ? static_cast<int32_t>(utf8Decode(to, j)) : kDelete;
      if (key < 128) {
        if (ascii_[key] == kKeep) ascii_[key] = value;
      } else {
        others_.emplace(key, value);
      }
    }
  }
  bool sameSource(std::string_view from, std::string_view to) const { return from_ == from && to_ == to; }

  void apply(Buffer& out, std::string_view s) const {
    char* o = beginAppend(out, static_cast<int64_t>(s.size() * 4));
    size_t k = 0;
    while (k < s.size()) {
      size_t start = k;
      uint32_t cp = utf8Decode(s, k);
      int32_t to = kKeep;
      if (cp < 128) {
        to = ascii_[cp];
      } else if (!others_.empty()) {
        auto it = others_.find(cp);
        if (it != others_.end()) to = it->second;
      }
      if (to == kKeep) {
        std::memcpy(o, s.data() + start, k - start);
        o += k - start;
      } else if (to != kDelete) {
        o += utf8Encode(static_cast<uint32_t>(to), o);
      }
    }
    endAppend(out, o);
  }

 private:
  std::string from_, to_;
  int32_t ascii_[128];
  std::unordered_map<uint32_t, int32_t> others_;
};

Result<ResolvedScalar> resolveTranslate(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceAllToString("translate", args));
  std::shared_ptr<TranslateMap> fixed;
  const std::string* from = literalString(args[1]);
  const std::string* to = literalString(args[2]);
  if (from && to) {
    fixed = std::make_shared<TranslateMap>();
    fixed->assign(*from, *to);
  }
  return scalarResult(
      DataType::string(),
      [fixed](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]), from(*a[1]), to(*a[2]);
        std::unique_ptr<TranslateMap> perBatch;
        return buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& out) {
          const TranslateMap* map = fixed.get();
          if (!map) {
            if (!perBatch) {
              perBatch = std::make_unique<TranslateMap>();
              perBatch->assign(from[i], to[i]);
            } else if (!perBatch->sameSource(from[i], to[i])) {
              perBatch->assign(from[i], to[i]);
            }
            map = perBatch.get();
          }
          map->apply(out.dataBuffer(), s[i]);
          out.commit();
        });
      },
      anyArgNullable(args));
}

}  // namespace

void registerStringSearchFunctions(FunctionRegistry& r) {
  r.addScalar({"instr", 2, 2, resolveInstr});
  r.addScalar({"locate", 2, 3, resolveLocate});
  r.addAlias("position", "locate");
  r.addScalar({"startswith", 2, 2, affixResolver("startswith", Affix::kStarts)});
  r.addScalar({"endswith", 2, 2, affixResolver("endswith", Affix::kEnds)});
  r.addScalar({"contains", 2, 2, affixResolver("contains", Affix::kContains)});
  r.addScalar({"replace", 2, 3, resolveReplace});
  r.addScalar({"translate", 3, 3, resolveTranslate});
}

}  // namespace spate
