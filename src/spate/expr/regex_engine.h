#pragma once

// Spark's regex functions take java.util.regex patterns; spate runs them on std::regex
// (ECMAScript grammar) after a small translation. Known differences from Java:
//  - Supported Java-only syntax: leading inline flags (?i) (?m) (?s) (also combined,
//    e.g. (?is); (?u) and (?d) are accepted and ignored), \Q...\E quoting, \A and \z
//    (mapped to ^ and $), and a ']' first in a character class being literal.
//  - Rejected as invalid patterns (std::regex does not have them): lookbehind (?<= (?<!,
//    named groups (?<name>...) and ${name}, atomic groups (?>...), possessive
//    quantifiers (a*+), inline flags other than at the start, (?x) comments mode,
//    \p{...} classes, \h \R \X \G, and class unions/intersections [a-z&&[^e]].
//  - $ without (?m) matches only at the very end, not also before a final line
//    terminator; \Z is treated as \z. '.' excludes \n, \r, U+2028 and U+2029 (Java
//    also excludes U+0085).
//  - \w \d \s \b and (?i) are ASCII-only, as Java's defaults (no UNICODE_CHARACTER_CLASS
//    or UNICODE_CASE).
//  - Matching is by character (code point): subjects with non-ASCII text run on a wide
//    regex, so '.', [^x] and quantifiers take whole characters as Java does (Java
//    counts UTF-16 units, which only differs outside the Basic Multilingual Plane).
//  - libstdc++ matches by recursive backtracking, up to ~2 KB of stack per subject
//    character, so a long subject would overflow a thread's stack: kernels run their
//    matching loop on a private, lazily committed multi-GB stack (withRegexStack), and a
//    subject too long even for that is an error rather than a crash.

#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "spate/common/status.h"

namespace spate {

constexpr int64_t kMaxRegexSubjectChars = 512 * 1024;

// Runs fn(arg) on this thread's large regex stack; exceptions reach the caller.
void runWithRegexStack(void (*fn)(void*), void* arg);

// f() run on the large regex stack, so the RegexMatchers it uses can search long
// subjects; its result is returned.
template <typename F>
auto withRegexStack(F&& f) -> decltype(f()) {
  std::optional<decltype(f())> out;
  auto thunk = [&] { out.emplace(f()); };
  runWithRegexStack([](void* p) { (*static_cast<decltype(thunk)*>(p))(); }, &thunk);
  return std::move(*out);
}

struct JavaRegex {
  std::string pattern;  // as written (Java syntax)
  bool hasNarrow = false;
  std::regex narrow;  // byte regex for ASCII subjects (and ASCII patterns)
  std::wregex wide;   // code point regex for everything else
  int groupCount = 0;
  // The text the pattern matches when it has no metacharacters (after unescaping
  // "\." style escapes), for substring-search fast paths; empty otherwise.
  std::string literal;
  bool isLiteral = false;
};

using JavaRegexPtr = std::shared_ptr<const JavaRegex>;

// Compiles a Java pattern; an unsupported or malformed one is an Invalid status naming it.
Result<JavaRegexPtr> compileJavaRegex(std::string_view pattern);

// Compiled patterns by pattern text, for patterns that come from a column: a small
// least-recently-used map shared by every batch of one expression.
class RegexCache {
 public:
  explicit RegexCache(size_t capacity = 64) : capacity_(capacity) {}
  Result<JavaRegexPtr> get(std::string_view pattern);

 private:
  size_t capacity_;
  std::mutex mutex_;
  std::list<std::pair<std::string, JavaRegexPtr>> order_;  // most recent first
  std::unordered_map<std::string_view, decltype(order_)::iterator> index_;
};

// The regex of each row: the precompiled one when the pattern was a literal, else the
// cache's, remembering the previous row's so runs of one pattern skip the lookup.
class RegexSource {
 public:
  RegexSource(JavaRegexPtr fixed, std::shared_ptr<RegexCache> cache)
      : fixed_(std::move(fixed)), cache_(std::move(cache)) {}
  Result<const JavaRegex*> at(std::string_view pattern);

 private:
  JavaRegexPtr fixed_;
  std::shared_ptr<RegexCache> cache_;
  JavaRegexPtr last_;
};

// Java Matcher-style searching over one UTF-8 subject. Positions are in characters
// (code points); slice() maps them back to bytes of the subject.
class RegexMatcher {
 public:
  void reset(const JavaRegex& re, std::string_view subject);
  int64_t length() const { return wide_ ? static_cast<int64_t>(wbuf_.size()) : static_cast<int64_t>(subject_.size()); }

  // Java's find(): the leftmost match starting at or after character `from`. Anchors and
  // \b see the text before `from` only when from > regionStart (Java's anchoring bounds).
  // On a regex runtime failure it returns false and status() says why.
  bool find(int64_t from, int64_t regionStart = 0);
  const Status& status() const { return status_; }

  int64_t start(int group = 0) const;
  int64_t end(int group = 0) const;
  bool matched(int group) const;
  // Where Java's next find() resumes: after the match, or one character on if it was empty.
  int64_t nextFrom() const { return end() == start() ? end() + 1 : end(); }
  // Bytes of the subject between two character positions.
  std::string_view slice(int64_t begin, int64_t end) const;
  std::string_view group(int g) const { return matched(g) ? slice(start(g), end(g)) : std::string_view(); }
  std::string_view subject() const { return subject_; }

 private:
  size_t byteAt(int64_t pos) const { return wide_ ? static_cast<size_t>(byteOf_[static_cast<size_t>(pos)]) : static_cast<size_t>(pos); }

  const JavaRegex* re_ = nullptr;
  std::string_view subject_;
  bool wide_ = false;
  std::wstring wbuf_;
  std::vector<int32_t> byteOf_;  // character index -> byte offset (wide only)
  std::cmatch narrowMatch_;
  std::wcmatch wideMatch_;
  int64_t from_ = 0;
  Status status_;
};

// A Java replacement string parsed against a pattern's group count: "$n" inserts group n
// (the longest number that is a valid group), "\x" is a literal x.
class ReplacementTemplate {
 public:
  static Result<ReplacementTemplate> parse(std::string_view replacement, int groupCount);
  // Appends the expansion for the matcher's current match.
  template <typename Sink>
  void expand(const RegexMatcher& m, Sink&& sink) const {
    for (const auto& p : pieces_) {
      if (p.group < 0) {
        sink(std::string_view(p.text));
      } else if (m.matched(p.group)) {
        sink(m.group(p.group));
      }
    }
  }
  // True when there are no group references (the expansion is always literalText()).
  bool isLiteral() const { return pieces_.size() <= 1 && (pieces_.empty() || pieces_[0].group < 0); }
  std::string_view literalText() const { return pieces_.empty() ? std::string_view() : std::string_view(pieces_[0].text); }

 private:
  struct Piece {
    std::string text;
    int group = -1;
  };
  std::vector<Piece> pieces_;
};

}  // namespace spate
