// like(str, pattern[, escape]) and ilike, plus the LikeMatcher they compile patterns
// into. A literal pattern is compiled once at resolve time (an invalid one is an error
// naming it); a per-row pattern is recompiled only when it differs from the previous row's.

#include "spate/expr/string_like.h"

#include <algorithm>
#include <optional>

#include "spate/expr/kernels.h"
#include "spate/expr/string_functions.h"
#include "spate/expr/string_util.h"

namespace spate {

// ---- LikeMatcher ------------------------------------------------------------------------

namespace {

// Byte offset n characters before byte offset end, or npos when there are fewer.
size_t utf8Back(std::string_view s, size_t end, int64_t n) {
  while (n > 0) {
    if (end == 0) return std::string_view::npos;
    --end;
    while (end > 0 && isUtf8Continuation(static_cast<uint8_t>(s[end]))) --end;
    --n;
  }
  return end;
}

}  // namespace

bool LikeMatcher::Segment::hasWildcard() const {
  return trailingSkip > 0 || pieces.size() != 1 || pieces[0].skip > 0;
}

Result<LikeMatcher> LikeMatcher::compile(std::string_view pattern, char escape) {
  LikeMatcher m;
  m.pattern_.assign(pattern);
  Segment cur;
  int pendingSkip = 0;
  bool lastWasPercent = false;
  auto closeSegment = [&] {
    cur.trailingSkip = pendingSkip;
    if (!cur.pieces.empty() || cur.trailingSkip > 0) m.segments_.push_back(std::move(cur));
    cur = Segment();
    pendingSkip = 0;
  };
  auto addLiteral = [&](std::string_view bytes) {
    if (cur.pieces.empty() || pendingSkip > 0) {
      cur.pieces.push_back(Piece{pendingSkip, {}});
      pendingSkip = 0;
    }
    cur.pieces.back().literal.append(bytes);
  };
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    lastWasPercent = false;
    if (c == escape) {
      if (i + 1 == pattern.size()) {
        return Status::Invalid("The pattern '{}' is invalid: it is not allowed to end with the escape character",
                               pattern);
      }
      char next = pattern[i + 1];
      if (next != '_' && next != '%' && next != escape) {
        size_t len = std::min<size_t>(static_cast<size_t>(utf8CharBytes(static_cast<uint8_t>(next))),
                                      pattern.size() - i - 1);
        return Status::Invalid("The pattern '{}' is invalid: the escape character is not allowed to precede '{}'",
                               pattern, pattern.substr(i + 1, len));
      }
      addLiteral(pattern.substr(i + 1, 1));
      ++i;
    } else if (c == '%') {
      if (i == 0) m.anchoredStart_ = false;
      closeSegment();
      lastWasPercent = true;
    } else if (c == '_') {
      ++pendingSkip;
    } else {
      addLiteral(pattern.substr(i, 1));
    }
  }
  m.anchoredEnd_ = !lastWasPercent;
  closeSegment();

  if (m.segments_.empty()) {
    // Only '%'s (matches anything), or the empty pattern (matches only "").
    m.shape_ = m.anchoredStart_ ? Shape::kEquals : Shape::kAny;
    if (m.anchoredStart_) m.segments_.push_back(Segment{{Piece{0, {}}}, 0});
    return m;
  }
  bool plain = true;
  for (const auto& s : m.segments_) plain = plain && !s.hasWildcard();
  if (plain && m.segments_.size() == 1) {
    m.shape_ = m.anchoredStart_ ? (m.anchoredEnd_ ? Shape::kEquals : Shape::kPrefix)
                                : (m.anchoredEnd_ ? Shape::kSuffix : Shape::kContains);
  } else if (plain && m.segments_.size() == 2 && m.anchoredStart_ && m.anchoredEnd_) {
    m.shape_ = Shape::kPrefixSuffix;
  }
  return m;
}

int64_t LikeMatcher::matchAt(const Segment& seg, std::string_view s, size_t pos) {
  auto skipChars = [&](int n) {
    for (; n > 0; --n) {
      if (pos >= s.size()) return false;
      pos += static_cast<size_t>(utf8CharBytes(static_cast<uint8_t>(s[pos])));
    }
    return pos <= s.size();
  };
  for (const auto& p : seg.pieces) {
    if (!skipChars(p.skip)) return -1;
    if (s.size() - pos < p.literal.size() || s.compare(pos, p.literal.size(), p.literal) != 0) return -1;
    pos += p.literal.size();
  }
  if (!skipChars(seg.trailingSkip)) return -1;
  return static_cast<int64_t>(pos);
}

int64_t LikeMatcher::findFrom(const Segment& seg, std::string_view s, size_t pos) {
  if (!seg.pieces.empty() && seg.pieces[0].skip == 0) {
    const std::string& head = seg.pieces[0].literal;
    for (size_t c = s.find(head, pos); c != std::string_view::npos; c = s.find(head, c + 1)) {
      int64_t e = matchAt(seg, s, c);
      if (e >= 0) return e;
    }
    return -1;
  }
  for (size_t p = pos; p <= s.size(); p += p < s.size() ? static_cast<size_t>(utf8CharBytes(static_cast<uint8_t>(s[p]))) : 1) {
    int64_t e = matchAt(seg, s, p);
    if (e >= 0) return e;
  }
  return -1;
}

// Segments between '%'s match left to right, each at its leftmost place, which leaves
// the most room for the rest; the first and last are pinned to the ends unless the
// pattern starts / ends with '%'.
bool LikeMatcher::matchGeneral(std::string_view s) const {
  size_t pos = 0, first = 0, last = segments_.size();
  if (anchoredStart_) {
    int64_t e = matchAt(segments_[0], s, 0);
    if (e < 0) return false;
    if (anchoredEnd_ && segments_.size() == 1) return static_cast<size_t>(e) == s.size();
    pos = static_cast<size_t>(e);
    first = 1;
  }
  if (anchoredEnd_) --last;
  for (size_t k = first; k < last; ++k) {
    int64_t e = findFrom(segments_[k], s, pos);
    if (e < 0) return false;
    pos = static_cast<size_t>(e);
  }
  if (!anchoredEnd_) return true;
  // The last segment matches a fixed number of characters, so it can only start that
  // many characters before the end.
  const Segment& tail = segments_.back();
  int64_t chars = tail.trailingSkip;
  for (const auto& p : tail.pieces) chars += p.skip + utf8Length(p.literal);
  size_t start = utf8Back(s, s.size(), chars);
  if (start == std::string_view::npos || start < pos) return false;
  return matchAt(tail, s, start) == static_cast<int64_t>(s.size());
}

bool LikeMatcher::matches(std::string_view s) const {
  switch (shape_) {
    case Shape::kAny: return true;
    case Shape::kEquals: return s == segments_[0].text();
    case Shape::kPrefix: return s.starts_with(segments_[0].text());
    case Shape::kSuffix: return s.ends_with(segments_[0].text());
    case Shape::kContains: return s.find(segments_[0].text()) != std::string_view::npos;
    case Shape::kPrefixSuffix: {
      const std::string& a = segments_[0].text();
      const std::string& b = segments_[1].text();
      return s.size() >= a.size() + b.size() && s.starts_with(a) && s.ends_with(b);
    }
    case Shape::kGeneral: return matchGeneral(s);
  }
  return false;
}

// ---- like / ilike ------------------------------------------------------------------------

namespace {

using Args = std::vector<BoundExprPtr>;
using Cols = std::vector<ColumnPtr>;

Result<char> escapeChar(const char* fn, const Args& args) {
  if (args.size() < 3) return '\\';
  const std::string* e = literalString(args[2]);
  if (!e || e->size() != 1) {
    return Status::TypeError("{}() expects the escape character to be a one-character string literal, but got {}",
                             fn, args[2]->toString());
  }
  return (*e)[0];
}

// ilike is like over lower-cased input and pattern, as Spark rewrites it.
ScalarResolver likeResolver(const char* fn, bool caseInsensitive) {
  return [fn, caseInsensitive](Args& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceArgToString(fn, args, 0));
    SPATE_RETURN_IF_ERROR(coerceArgToString(fn, args, 1));
    SPATE_ASSIGN_OR_RETURN(char escape, escapeChar(fn, args));
    std::shared_ptr<LikeMatcher> fixed;
    if (const std::string* p = literalString(args[1])) {
      std::string lowered;
      SPATE_ASSIGN_OR_RETURN(LikeMatcher m,
                             LikeMatcher::compile(caseInsensitive ? std::string(lowerInto(lowered, *p)) : *p, escape));
      fixed = std::make_shared<LikeMatcher>(std::move(m));
    }
    bool nullable = args[0]->nullable() || args[1]->nullable();
    return scalarResult(
        DataType::boolean(),
        [fixed, escape, caseInsensitive](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          StringArg s(*a[0]), pattern(*a[1]);
          Cols nullSources{a[0], a[1]};
          std::optional<LikeMatcher> perRow;
          std::string lowerValue, lowerPattern;
          Status st;
          ColumnPtr out = buildBooleans(n, nullSources, [&](int64_t i) {
            const LikeMatcher* m = fixed.get();
            if (!m) {
              std::string_view p = caseInsensitive ? lowerInto(lowerPattern, pattern[i]) : pattern[i];
              if (!perRow || perRow->pattern() != p) {
                auto compiled = LikeMatcher::compile(p, escape);
                if (!compiled.ok()) {
                  st = compiled.status();
                  return false;
                }
                perRow = std::move(compiled).value();
              }
              m = &*perRow;
            }
            return m->matches(caseInsensitive ? lowerInto(lowerValue, s[i]) : s[i]);
          });
          if (!st.ok()) return Status::ExecutionError("{}", st.message());
          return out;
        },
        nullable);
  };
}

}  // namespace

void registerLikeFunctions(FunctionRegistry& r) {
  r.addScalar({"like", 2, 3, likeResolver("like", false)});
  r.addScalar({"ilike", 2, 3, likeResolver("ilike", true)});
}

}  // namespace spate
