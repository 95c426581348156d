#pragma once

// SQL LIKE compiled once into a matcher: no regex, and the common shapes ('abc',
// 'abc%', '%abc', '%abc%', 'a%b') reduce to a byte comparison or one substring search.

#include <string>
#include <string_view>
#include <vector>

#include "spate/common/status.h"

namespace spate {

class LikeMatcher {
 public:
  // Compiles a LIKE pattern: '_' matches one character, '%' any run of characters, and
  // the escape character makes the next '_', '%' or escape character literal. As in
  // Spark, the escape character before any other character, or at the end of the
  // pattern, is an error.
  static Result<LikeMatcher> compile(std::string_view pattern, char escape = '\\');

  bool matches(std::string_view s) const;
  const std::string& pattern() const { return pattern_; }

 private:
  enum class Shape { kEquals, kPrefix, kSuffix, kContains, kPrefixSuffix, kAny, kGeneral };

  // A run between two '%': literal text with '_' wildcards. `skip` characters precede
  // each literal piece.
  struct Piece {
    int skip = 0;
    std::string literal;
  };
  struct Segment {
    std::vector<Piece> pieces;
    int trailingSkip = 0;
    bool hasWildcard() const;
    // Byte length when the segment has no '_' (pieces[0].literal).
    const std::string& text() const { return pieces[0].literal; }
  };

  // End offset of seg matched at byte pos, or -1.
  static int64_t matchAt(const Segment& seg, std::string_view s, size_t pos);
  // End offset of the leftmost match of seg at or after pos, or -1.
  static int64_t findFrom(const Segment& seg, std::string_view s, size_t pos);
  bool matchGeneral(std::string_view s) const;

  std::string pattern_;
  Shape shape_ = Shape::kGeneral;
  std::vector<Segment> segments_;
  bool anchoredStart_ = true;
  bool anchoredEnd_ = true;
};

}  // namespace spate
