#pragma once

// Spark's regex functions take java.util.regex patterns; spate runs them on PCRE2 (JIT
// compiled, UTF-8 mode), whose syntax is close to Java's, after a small translation:
//  - Java's \uXXXX and \0 octal escapes become PCRE2's \x{...}; Java's inline flags d,
//    u and U are dropped (PCRE2 reads U as "ungreedy").
//  - Rejected as invalid patterns: class unions and intersections ([a[bc]], [a-z&&[^e]]),
//    which PCRE2 does not have, and whatever PCRE2 cannot compile (such as Java's own
//    \p{javaLowerCase} or \p{Alpha} classes), with PCRE2's reason.
//  - Line terminators are Unicode's (PCRE2_NEWLINE_ANY): '.' and $ treat \n, \r, \r\n,
//    U+0085, U+2028 and U+2029 as Java does, and also \v and \f, which Java does not.
//  - \w \d \s \b are ASCII-only, as Java's defaults; (?i) folds Unicode case (Java folds
//    only ASCII unless (?u) is given).
//  - Matching is by character (code point): positions are counted in characters, and
//    subjects that are not valid UTF-8 still match (PCRE2_MATCH_INVALID_UTF).
//  - Backtracking runs on a growable per-thread JIT stack and heap, not the thread's
//    stack, so long subjects cannot overflow it; a match that needs more than their
//    limits is an error naming the pattern.

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "spate/common/status.h"

namespace spate {

struct RegexCode;  // the compiled PCRE2 pattern

struct JavaRegex {
  std::string pattern;  // as written (Java syntax)
  std::shared_ptr<const RegexCode> code;
  int groupCount = 0;
  // The text the pattern matches when it has no metacharacters (after unescaping
  // "\." style escapes), for substring-search fast paths; empty otherwise.
  std::string literal;
  bool isLiteral = false;
  // Text every match contains (the longest literal run outside groups and
  // alternatives): a subject without it is not searched. Empty when unknown.
  std::string required;
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
  RegexMatcher();
  ~RegexMatcher();
  RegexMatcher(const RegexMatcher&) = delete;
  RegexMatcher& operator=(const RegexMatcher&) = delete;

  void reset(const JavaRegex& re, std::string_view subject);
  int64_t length() const { return ascii_ ? static_cast<int64_t>(subject_.size()) : static_cast<int64_t>(byteOf_.size()) - 1; }

  // Java's find(): the leftmost match starting at or after character `from`. Anchors and
  // lookbehinds see the text before `from` only when from > regionStart (Java's
  // anchoring and transparent bounds: text before regionStart is not there). On a
  // matching failure (a resource limit) it returns false and status() says why.
  bool find(int64_t from, int64_t regionStart = 0);
  const Status& status() const { return status_; }

  int64_t start(int group = 0) const { return charAt(offset(2 * group)); }
  int64_t end(int group = 0) const { return charAt(offset(2 * group + 1)); }
  bool matched(int group) const;
  // Where Java's next find() resumes: after the match, or one character on if it was empty.
  int64_t nextFrom() const { return end() == start() ? end() + 1 : end(); }
  // Bytes of the subject between two character positions.
  std::string_view slice(int64_t begin, int64_t end) const;
  std::string_view group(int g) const;
  std::string_view subject() const { return subject_; }

 private:
  size_t byteAt(int64_t pos) const { return ascii_ ? static_cast<size_t>(pos) : static_cast<size_t>(byteOf_[static_cast<size_t>(pos)]); }
  int64_t charAt(size_t byte) const;
  size_t offset(int i) const;  // the match's i-th ovector entry, in bytes of the subject

  const JavaRegex* re_ = nullptr;
  std::string_view subject_;
  bool ascii_ = true;
  std::vector<int32_t> byteOf_;  // character index -> byte offset (non-ASCII subjects only)
  void* matchData_ = nullptr;    // pcre2_match_data_8, grown to the largest group count seen
  uint32_t matchPairs_ = 0;
  size_t base_ = 0;  // byte where the searched region starts
  bool impossible_ = false;  // the subject lacks the pattern's required text
  Status status_;
};

// A Java replacement string parsed against a pattern: "$n" inserts group n (the longest
// number that is a valid group), "${name}" the named group, "\x" is a literal x.
class ReplacementTemplate {
 public:
  static Result<ReplacementTemplate> parse(std::string_view replacement, const JavaRegex& re);
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
