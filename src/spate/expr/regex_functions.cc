// Regular expression functions with Java's java.util.regex semantics as Spark has them
// (see regex_engine.h for how patterns map onto PCRE2): rlike/regexp/regexp_like,
// regexp_extract, regexp_extract_all, regexp_replace, regexp_count, regexp_substr,
// regexp_instr and split. A literal pattern is compiled once at resolve time, where an
// invalid one is an error naming it; patterns from a column go through a per-expression
// cache. Patterns without metacharacters skip the regex engine for plain substring
// search.

#include <optional>

#include "spate/expr/function_registry.h"
#include "spate/expr/kernels.h"
#include "spate/expr/regex_engine.h"
#include "spate/expr/string_util.h"

namespace spate {

namespace {

using Args = std::vector<BoundExprPtr>;
using Cols = std::vector<ColumnPtr>;

struct RegexArg {
  JavaRegexPtr fixed;
  std::shared_ptr<RegexCache> cache;
  RegexSource source() const { return RegexSource(fixed, cache); }
};

Result<RegexArg> regexArg(const char* fn, Args& args, size_t i) {
  SPATE_RETURN_IF_ERROR(coerceArgToString(fn, args, i));
  RegexArg r;
  if (const std::string* p = literalString(args[i])) {
    auto compiled = compileJavaRegex(*p);
    if (!compiled.ok()) return Status::Invalid("{}(): {}", fn, compiled.status().message());
    r.fixed = std::move(compiled).value();
  } else {
    r.cache = std::make_shared<RegexCache>();
  }
  return r;
}

// Errors met while a kernel runs (a bad pattern from a column, a regex failure) are
// remembered at the first failing row and returned once the loop ends.
struct RowErrors {
  Status status;
  bool ok() const { return status.ok(); }
  void fail(const Status& s) {
    if (status.ok()) status = Status(StatusCode::kExecutionError, s.message());
  }
};

// The regex for row i, or nullptr after recording the error.
const JavaRegex* regexAt(RegexSource& src, std::string_view pattern, RowErrors& errors) {
  auto re = src.at(pattern);
  if (!re.ok()) {
    errors.fail(re.status());
    return nullptr;
  }
  return *re;
}

// ---- rlike --------------------------------------------------------------------------------

Result<ColumnPtr> rlikeKernel(const RegexArg& regex, const Cols& a, int64_t n) {
  StringArg s(*a[0]), pattern(*a[1]);
  RegexSource src = regex.source();
  RegexMatcher m;
  RowErrors errors;
  ColumnPtr out = buildBooleans(n, a, [&](int64_t i) {
    const JavaRegex* re = regexAt(src, pattern[i], errors);
    if (!re) return false;
    if (re->isLiteral) return s[i].find(re->literal) != std::string_view::npos;
    m.reset(*re, s[i]);
    bool found = m.find(0);
    if (!m.status().ok()) errors.fail(m.status());
    return found;
  });
  if (!errors.ok()) return errors.status;
  return out;
}

// rlike(str, regex): true when the regex matches anywhere in str (Java's find()).
Result<ResolvedScalar> resolveRlike(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("rlike", args, 0));
  SPATE_ASSIGN_OR_RETURN(RegexArg regex, regexArg("rlike", args, 1));
  return scalarResult(
      DataType::boolean(),
      [regex](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        return rlikeKernel(regex, a, n);
      },
      anyArgNullable(args));
}

// ---- regexp_extract, regexp_extract_all, regexp_substr, regexp_instr, regexp_count ---------

Status checkGroupIndex(const JavaRegex& re, int64_t idx) {
  if (idx < 0) return Status::Invalid("The specified group index cannot be less than zero, but got {}", idx);
  if (idx > re.groupCount) {
    return Status::Invalid("Regex group count is {}, but the specified group index is {} (pattern '{}')",
                           re.groupCount, idx, re.pattern);
  }
  return Status::OK();
}

// Checks the group index (the argument, or the function's default) at resolve time when
// it and the pattern are literals; otherwise each row is checked when evaluated.
Status resolveGroupIndex(const char* fn, Args& args, size_t idxArg, int64_t defaultIdx, const RegexArg& regex) {
  int64_t idx = defaultIdx;
  if (args.size() > idxArg) {
    SPATE_RETURN_IF_ERROR(coerceArgToInt(fn, args, idxArg));
    if (!literalInt(args[idxArg], idx)) return Status::OK();
  }
  if (regex.fixed) {
    Status st = checkGroupIndex(*regex.fixed, idx);
    if (!st.ok()) return Status::Invalid("{}(): {}", fn, st.message());
  }
  return Status::OK();
}

enum class ExtractKind { kExtract, kSubstr, kInstr, kCount, kAll };

// regexp_extract(_all) default to group 1 (so a pattern without groups needs an explicit
// 0, as in Spark); the others look at the whole match.
constexpr int64_t defaultGroup(ExtractKind kind) {
  return kind == ExtractKind::kExtract || kind == ExtractKind::kAll ? 1 : 0;
}

// One kernel for the functions that look at the matches of a regex and a group index:
// extract the first match's group (or ""), the first match (or null when it is empty),
// the first match's 1-based start (or 0), count the matches, or collect them all.
template <ExtractKind kKind>
Result<ColumnPtr> extractKernel(const RegexArg& regex, const Cols& a, int64_t n) {
  StringArg s(*a[0]), pattern(*a[1]);
  const Column* idxCol = a.size() > 2 ? a[2].get() : nullptr;
  RegexSource src = regex.source();
  RegexMatcher m;
  RowErrors errors;
  // The group index for row i, or -1 after recording an error.
  auto groupFor = [&](const JavaRegex& re, int64_t i) -> int {
    int64_t idx = idxCol ? idxCol->valueAt<int32_t>(i) : defaultGroup(kKind);
    Status st = checkGroupIndex(re, idx);
    if (!st.ok()) {
      errors.fail(st);
      return -1;
    }
    return static_cast<int>(idx);
  };
  auto prepare = [&](int64_t i, int& group) -> bool {
    const JavaRegex* re = regexAt(src, pattern[i], errors);
    if (!re || (group = groupFor(*re, i)) < 0) return false;
    m.reset(*re, s[i]);
    return true;
  };
  auto findFirst = [&](int64_t from) {
    bool found = m.find(from);
    if (!m.status().ok()) errors.fail(m.status());
    return found;
  };

  ColumnPtr out;
  if constexpr (kKind == ExtractKind::kAll) {
    StringListBuilder list(n);
    for (int64_t i = 0; i < n; ++i) {
      int group;
      if (anyNull(a, i) || !prepare(i, group)) {
        list.nullRow();
        continue;
      }
      for (int64_t from = 0; from <= m.length() && findFirst(from); from = m.nextFrom()) list.add(m.group(group));
      list.closeRow();
    }
    out = list.finish(DataType::array(DataType::string()));
  } else if constexpr (kKind == ExtractKind::kInstr || kKind == ExtractKind::kCount) {
    out = buildFixed<int32_t>(n, DataType::int_(), a, [&](int64_t i) -> int32_t {
      int group;
      if (!prepare(i, group)) return 0;
      if constexpr (kKind == ExtractKind::kCount) {
        int32_t count = 0;
        for (int64_t from = 0; from <= m.length() && findFirst(from); from = m.nextFrom()) ++count;
        return count;
      } else {
        return findFirst(0) && m.matched(group) ? static_cast<int32_t>(m.start(group) + 1) : 0;
      }
    });
  } else {
    StringColumnBuilder b(DataType::string(), n, n * 8);
    for (int64_t i = 0; i < n; ++i) {
      int group;
      if (anyNull(a, i) || !prepare(i, group)) {
        b.appendNull();
        continue;
      }
      bool found = findFirst(0);
      if constexpr (kKind == ExtractKind::kSubstr) {
        if (found && m.end() > m.start()) {
          b.append(m.group(0));
        } else {
          b.appendNull();
        }
      } else {
        b.append(found ? m.group(group) : std::string_view());
      }
    }
    out = b.finish();
  }
  if (!errors.ok()) return errors.status;
  return out;
}

template <ExtractKind kKind>
ScalarResolver extractResolver(const char* fn) {
  return [fn](Args& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceArgToString(fn, args, 0));
    SPATE_ASSIGN_OR_RETURN(RegexArg regex, regexArg(fn, args, 1));
    SPATE_RETURN_IF_ERROR(resolveGroupIndex(fn, args, 2, defaultGroup(kKind), regex));
    TypePtr type = kKind == ExtractKind::kAll ? DataType::array(DataType::string())
                   : kKind == ExtractKind::kInstr || kKind == ExtractKind::kCount ? DataType::int_()
                                                                                   : DataType::string();
    return scalarResult(
        type,
        [regex](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          return extractKernel<kKind>(regex, a, n);
        },
        kKind == ExtractKind::kSubstr || anyArgNullable(args));
  };
}

// ---- regexp_replace ------------------------------------------------------------------------

Result<ColumnPtr> replaceKernel(const RegexArg& regex, const ReplacementTemplate* fixedTemplate, int64_t pos,
                                const Cols& a, int64_t n) {
  StringArg s(*a[0]), pattern(*a[1]), replacement(*a[2]);
  RegexSource src = regex.source();
  RegexMatcher m;
  RowErrors errors;
  std::optional<ReplacementTemplate> rowTemplate;
  std::string rowTemplateText;
  const JavaRegex* rowTemplateRegex = nullptr;
  ColumnPtr out = buildStrings(n, DataType::string(), Cols{a[0], a[1], a[2]}, [&](int64_t i, StringColumnBuilder& b) {
    Buffer& buf = b.dataBuffer();
    std::string_view v = s[i];
    const JavaRegex* re = regexAt(src, pattern[i], errors);
    const ReplacementTemplate* t = fixedTemplate;
    if (re && !t) {
      if (!rowTemplate || rowTemplateRegex != re || rowTemplateText != replacement[i]) {
        auto parsed = ReplacementTemplate::parse(replacement[i], *re);
        if (parsed.ok()) {
          rowTemplate = std::move(parsed).value();
          rowTemplateText.assign(replacement[i]);
          rowTemplateRegex = re;
        } else {
          errors.fail(parsed.status());
          rowTemplate.reset();
        }
      }
      t = rowTemplate ? &*rowTemplate : nullptr;
    }
    if (!re || !t) {
      b.appendNull();
      return;
    }
    if (re->isLiteral && t->isLiteral() && pos == 1) {
      // Plain substring replacement: same result, no regex engine.
      const std::string& what = re->literal;
      size_t from = 0;
      for (size_t at = v.find(what); at != std::string_view::npos; at = v.find(what, from)) {
        appendBytes(buf, v.substr(from, at - from));
        appendBytes(buf, t->literalText());
        from = at + what.size();
      }
      appendBytes(buf, v.substr(from));
      b.commit();
      return;
    }
    m.reset(*re, v);
    int64_t start = pos - 1, len = m.length();
    if (start != 0 && start >= len) {
      b.append(v);
      return;
    }
    int64_t last = 0;
    for (int64_t from = start; from <= len && m.find(from, start); from = m.nextFrom()) {
      appendBytes(buf, m.slice(last, m.start()));
      t->expand(m, [&](std::string_view piece) { appendBytes(buf, piece); });
      last = m.end();
    }
    if (!m.status().ok()) errors.fail(m.status());
    appendBytes(buf, m.slice(last, len));
    b.commit();
  });
  if (!errors.ok()) return errors.status;
  return out;
}

// regexp_replace(str, regex, rep[, pos]): replaces every match at or after character pos
// (1-based, a positive literal) with rep expanded as Java's appendReplacement ($n
// groups, \ escapes); the text before pos is kept.
Result<ResolvedScalar> resolveRegexpReplace(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("regexp_replace", args, 0));
  SPATE_ASSIGN_OR_RETURN(RegexArg regex, regexArg("regexp_replace", args, 1));
  SPATE_RETURN_IF_ERROR(coerceArgToString("regexp_replace", args, 2));
  int64_t pos = 1;
  if (args.size() == 4) {
    SPATE_RETURN_IF_ERROR(coerceArgToInt("regexp_replace", args, 3));
    if (!literalInt(args[3], pos) || pos <= 0) {
      return Status::Invalid("regexp_replace() expects a positive integer literal as the position, but got {}",
                             args[3]->toString());
    }
  }
  std::shared_ptr<ReplacementTemplate> fixedTemplate;
  const std::string* rep = literalString(args[2]);
  if (rep && regex.fixed) {
    auto t = ReplacementTemplate::parse(*rep, *regex.fixed);
    if (!t.ok()) return Status::Invalid("regexp_replace(): {}", t.status().message());
    fixedTemplate = std::make_shared<ReplacementTemplate>(std::move(t).value());
  }
  return scalarResult(
      DataType::string(),
      [regex, fixedTemplate, pos](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        return replaceKernel(regex, fixedTemplate.get(), pos, a, n);
      },
      anyArgNullable(args));
}

// ---- split -----------------------------------------------------------------------------------

// Java's Pattern.split(input, limit) over the matches `next(from, start, end)` yields
// (in the units of `slice`): a zero-width match at the start adds no leading empty
// string, limit > 0 caps the pieces (the last one holds the rest), and Spark's limit
// <= 0 keeps trailing empty strings.
template <typename NextMatch, typename Slice>
void javaSplit(int64_t len, int32_t limit, StringListBuilder& out, NextMatch next, Slice slice) {
  int64_t index = 0, count = 0, from = 0;
  int64_t start, end;
  bool limited = limit > 0;
  while (from <= len && next(from, start, end)) {
    from = end == start ? end + 1 : end;
    if (!limited || count < limit - 1) {
      if (index == 0 && start == 0 && end == 0) continue;
      out.add(slice(index, start));
      ++count;
      index = end;
    } else {
      out.add(slice(index, len));
      ++count;
      index = end;
      break;
    }
  }
  if (index == 0) {
    // No match (or only the skipped empty one at the start): the input is the only piece.
    if (count == 0) out.add(slice(0, len));
    return;
  }
  if (!limited || count < limit) out.add(slice(index, len));
}

// Spark splits on an empty pattern into characters (the last piece holds the rest when
// limited), rather than running the regex.
void splitChars(std::string_view v, int32_t limit, StringListBuilder& out) {
  int64_t chars = utf8Length(v);
  int64_t pieces = limit > 0 && limit < chars ? limit : chars;
  size_t at = 0;
  for (int64_t k = 0; k + 1 < pieces; ++k) {
    size_t next = utf8Skip(v, at, 1);
    out.add(v.substr(at, next - at));
    at = next;
  }
  out.add(v.substr(at));
}

Result<ColumnPtr> splitKernel(const RegexArg& regex, const TypePtr& type, const Cols& a, int64_t n) {
  StringArg s(*a[0]), pattern(*a[1]);
  const Column* limitCol = a.size() == 3 ? a[2].get() : nullptr;
  RegexSource src = regex.source();
  RegexMatcher m;
  RowErrors errors;
  StringListBuilder out(n);
  for (int64_t i = 0; i < n; ++i) {
    if (anyNull(a, i)) {
      out.nullRow();
      continue;
    }
    std::string_view v = s[i], p = pattern[i];
    int32_t limit = limitCol ? limitCol->valueAt<int32_t>(i) : -1;
    if (limit == 0) limit = -1;
    if (p.empty() && !v.empty()) {
      splitChars(v, limit, out);
      out.closeRow();
      continue;
    }
    const JavaRegex* re = regexAt(src, p, errors);
    if (!re) {
      out.nullRow();
      continue;
    }
    if (re->isLiteral) {
      const std::string& d = re->literal;
      javaSplit(
          static_cast<int64_t>(v.size()), limit, out,
          [&](int64_t from, int64_t& start, int64_t& end) {
            size_t at = v.find(d, static_cast<size_t>(from));
            if (at == std::string_view::npos) return false;
            start = static_cast<int64_t>(at);
            end = start + static_cast<int64_t>(d.size());
            return true;
          },
          [&](int64_t b, int64_t e) { return v.substr(static_cast<size_t>(b), static_cast<size_t>(e - b)); });
    } else {
      m.reset(*re, v);
      javaSplit(
          m.length(), limit, out,
          [&](int64_t from, int64_t& start, int64_t& end) {
            if (!m.find(from)) return false;
            start = m.start();
            end = m.end();
            return true;
          },
          [&](int64_t b, int64_t e) { return m.slice(b, e); });
      if (!m.status().ok()) errors.fail(m.status());
    }
    out.closeRow();
  }
  if (!errors.ok()) return errors.status;
  return out.finish(type);
}

Result<ResolvedScalar> resolveSplit(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("split", args, 0));
  SPATE_ASSIGN_OR_RETURN(RegexArg regex, regexArg("split", args, 1));
  if (args.size() == 3) SPATE_RETURN_IF_ERROR(coerceArgToInt("split", args, 2));
  TypePtr type = DataType::array(DataType::string(), false);
  return scalarResult(
      type,
      [regex, type](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        return splitKernel(regex, type, a, n);
      },
      anyArgNullable(args));
}

}  // namespace

void registerRegexFunctions(FunctionRegistry& r) {
  r.addScalar({"rlike", 2, 2, resolveRlike});
  r.addAlias("regexp", "rlike");
  r.addAlias("regexp_like", "rlike");
  r.addScalar({"regexp_extract", 2, 3, extractResolver<ExtractKind::kExtract>("regexp_extract")});
  r.addScalar({"regexp_extract_all", 2, 3, extractResolver<ExtractKind::kAll>("regexp_extract_all")});
  r.addScalar({"regexp_substr", 2, 2, extractResolver<ExtractKind::kSubstr>("regexp_substr")});
  r.addScalar({"regexp_instr", 2, 3, extractResolver<ExtractKind::kInstr>("regexp_instr")});
  r.addScalar({"regexp_count", 2, 2, extractResolver<ExtractKind::kCount>("regexp_count")});
  r.addScalar({"regexp_replace", 3, 4, resolveRegexpReplace});
  r.addScalar({"split", 2, 3, resolveSplit});
}

}  // namespace spate
