#include "spate/expr/regex_engine.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>

#include "spate/expr/string_util.h"

namespace spate {

struct RegexCode {
  pcre2_code* code = nullptr;
  ~RegexCode() { pcre2_code_free(code); }
};

namespace {

std::string pcre2Message(int code) {
  PCRE2_UCHAR buf[256];
  int n = pcre2_get_error_message(code, buf, sizeof(buf));
  return n < 0 ? fmt::format("PCRE2 error {}", code) : std::string(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

// ---- Java -> PCRE2 translation -------------------------------------------------------------

bool isSyntaxChar(char c) { return std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos; }

bool isAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

Status unsupported(std::string_view pattern, std::string_view what) {
  return Status::Invalid("Invalid regular expression '{}': {} is not supported", pattern, what);
}

// Rewrites what PCRE2 spells differently: \uXXXX and Java's \0 octal escapes, and the
// inline flags PCRE2 lacks or reads otherwise (Java's d, u and U; PCRE2's U is "ungreedy").
Result<std::string> translateJavaRegex(std::string_view p) {
  std::string out;
  bool inClass = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 == p.size()) return Status::Invalid("Invalid regular expression '{}': trailing backslash", p);
      char n = p[i + 1];
      if (n == 'Q') {
        size_t end = p.find("\\E", i + 2);
        size_t stop = end == std::string_view::npos ? p.size() : end + 2;
        out.append(p.substr(i, stop - i));
        i = stop - 1;
        continue;
      }
      if (n == 'u') {
        if (i + 5 >= p.size() || !isHex(p[i + 2]) || !isHex(p[i + 3]) || !isHex(p[i + 4]) || !isHex(p[i + 5])) {
          return Status::Invalid("Invalid regular expression '{}': Illegal Unicode escape sequence", p);
        }
        out += "\\x{";
        out.append(p.substr(i + 2, 4));
        out += "}";
        i += 5;
        continue;
      }
      if (n == '0') {
        // Java: \0n, \0nn or \0mnn (m <= 3), in octal.
        size_t j = i + 2;
        int v = 0, digits = 0;
        while (j < p.size() && digits < 3 && p[j] >= '0' && p[j] <= '7' && (digits < 2 || v < 040)) {
          v = v * 8 + (p[j] - '0');
          ++digits;
          ++j;
        }
        if (digits == 0) return Status::Invalid("Invalid regular expression '{}': Illegal octal escape sequence", p);
        out += fmt::format("\\x{{{:x}}}", v);
        i = j - 1;
        continue;
      }
      out.push_back(c);
      out.push_back(n);
      ++i;
      continue;
    }
    if (inClass) {
      if (c == ']') inClass = false;
      if (c == '[') return unsupported(p, "a class inside a class");
      if (c == '&' && i + 1 < p.size() && p[i + 1] == '&') return unsupported(p, "class intersection (&&)");
      out.push_back(c);
      continue;
    }
    if (c == '[') {
      inClass = true;
      out.push_back(c);
      if (i + 1 < p.size() && p[i + 1] == '^') out.push_back(p[++i]);
      if (i + 1 < p.size() && p[i + 1] == ']') out.push_back(p[++i]);  // a literal ']', in both
      continue;
    }
    if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
      size_t j = i + 2;
      std::string flags;
      while (j < p.size() && std::string_view("idmsuxU-").find(p[j]) != std::string_view::npos) {
        if (p[j] != 'd' && p[j] != 'u' && p[j] != 'U') flags.push_back(p[j]);
        ++j;
      }
      if (j > i + 2 && j < p.size() && (p[j] == ')' || p[j] == ':')) {
        if (flags == "-") flags.clear();
        if (p[j] == ':') out += "(?" + flags + ":";
        else if (!flags.empty()) out += "(?" + flags + ")";
        i = j;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

// The text a pattern without metacharacters matches ("a\.b" -> "a.b"), if it is one.
bool literalOf(std::string_view p, std::string& out) {
  out.clear();
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 == p.size() || isAsciiAlnum(p[i + 1]) || static_cast<uint8_t>(p[i + 1]) >= 0x80) return false;
      out.push_back(p[++i]);
    } else if (isSyntaxChar(c)) {
      return false;
    } else {
      out.push_back(c);
    }
  }
  return !out.empty();
}

// The longest run of literal text outside every group, quantifier and alternative:
// text any match contains. Empty when there is none, or when inline flags or quoting
// could change what the text matches.
std::string requiredLiteralOf(std::string_view p) {
  if (p.find("(?") != std::string_view::npos || p.find("\\Q") != std::string_view::npos) return {};
  std::string best, run;
  int depth = 0;
  auto endRun = [&] {
    if (run.size() > best.size()) best = run;
    run.clear();
  };
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    // The literal character at i, if it is one (a plain or escaped punctuation character).
    char literal = 0;
    size_t next = i + 1;
    if (c == '\\') {
      if (i + 1 == p.size()) return {};
      const char e = p[i + 1];
      if (isAsciiAlnum(e) && std::string_view("dDsSwWbBAzZGRhHvVXntrfae").find(e) == std::string_view::npos) {
        return {};  // an escape with an argument (\u00e9, \x41, \p{Lu}, \1 ...): give up
      }
      if (!isAsciiAlnum(e) && static_cast<uint8_t>(e) < 0x80) literal = e;
      next = i + 2;
    } else if (c == '{') {
      // A repetition's bounds.
      i = p.find('}', i);
      if (i == std::string_view::npos) return {};
      endRun();
      continue;
    } else if (c == '[') {
      // A class matches one character of a set: skip it (escapes and nested classes too).
      int classDepth = 0;
      for (; i < p.size(); ++i) {
        if (p[i] == '\\') ++i;
        else if (p[i] == '[') ++classDepth;
        else if (p[i] == ']' && --classDepth == 0) break;
      }
      endRun();
      continue;
    } else if (!isSyntaxChar(c)) {
      literal = c;
    }
    const bool quantified = next < p.size() && std::string_view("?*+{").find(p[next]) != std::string_view::npos;
    if (depth == 0 && literal && !quantified) {
      run.push_back(literal);
    } else {
      endRun();
      if (c == '(') ++depth;
      if (c == ')') --depth;
      if (c == '|' && depth == 0) return {};  // alternatives at the top: nothing is required
    }
    i = next - 1;
  }
  endRun();
  return best;
}

// Each thread matches with its own JIT stack, which grows on demand (it is reserved, not
// committed), and a heap limit far above PCRE2's default for the interpreter's frames.
constexpr size_t kJitStackStart = 32 * 1024;
constexpr size_t kJitStackMax = size_t{256} << 20;
constexpr uint32_t kHeapLimitKib = 1u << 20;

struct ThreadMatchContext {
  pcre2_match_context* context = pcre2_match_context_create(nullptr);
  pcre2_jit_stack* stack = pcre2_jit_stack_create(kJitStackStart, kJitStackMax, nullptr);
  ThreadMatchContext() {
    if (stack) pcre2_jit_stack_assign(context, nullptr, stack);
    pcre2_set_heap_limit(context, kHeapLimitKib);
  }
  ~ThreadMatchContext() {
    pcre2_jit_stack_free(stack);
    pcre2_match_context_free(context);
  }
};

pcre2_match_context* threadMatchContext() {
  thread_local ThreadMatchContext t;
  return t.context;
}

}  // namespace

// ---- compile and cache ---------------------------------------------------------------------

Result<JavaRegexPtr> compileJavaRegex(std::string_view pattern) {
  SPATE_ASSIGN_OR_RETURN(std::string translated, translateJavaRegex(pattern));
  pcre2_compile_context* cc = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(cc, PCRE2_NEWLINE_ANY);
  int err = 0;
  PCRE2_SIZE errOffset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &errOffset, cc);
  pcre2_compile_context_free(cc);
  if (!code) return Status::Invalid("Invalid regular expression '{}': {} near index {}", pattern, pcre2Message(err), errOffset);
  auto re = std::make_shared<JavaRegex>();
  auto owned = std::make_shared<RegexCode>();
  owned->code = code;
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // without JIT (unsupported CPU), the interpreter matches
  uint32_t groups = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
  re->pattern.assign(pattern);
  re->code = std::move(owned);
  re->groupCount = static_cast<int>(groups);
  re->isLiteral = literalOf(pattern, re->literal);
  re->required = requiredLiteralOf(pattern);
  return JavaRegexPtr(std::move(re));
}

Result<JavaRegexPtr> RegexCache::get(std::string_view pattern) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(pattern);
  if (it != index_.end()) {
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }
  SPATE_ASSIGN_OR_RETURN(JavaRegexPtr re, compileJavaRegex(pattern));
  order_.emplace_front(std::string(pattern), re);
  index_.emplace(std::string_view(order_.front().first), order_.begin());
  if (order_.size() > capacity_) {
    index_.erase(std::string_view(order_.back().first));
    order_.pop_back();
  }
  return re;
}

Result<const JavaRegex*> RegexSource::at(std::string_view pattern) {
  if (fixed_) return fixed_.get();
  if (!last_ || last_->pattern != pattern) {
    if (!cache_) return Status::Internal("regex pattern without a cache");
    SPATE_ASSIGN_OR_RETURN(last_, cache_->get(pattern));
  }
  return last_.get();
}

// ---- matching -----------------------------------------------------------------------------

RegexMatcher::RegexMatcher() = default;

RegexMatcher::~RegexMatcher() { pcre2_match_data_free(static_cast<pcre2_match_data*>(matchData_)); }

void RegexMatcher::reset(const JavaRegex& re, std::string_view subject) {
  re_ = &re;
  subject_ = subject;
  status_ = Status::OK();
  base_ = 0;
  auto pairs = static_cast<uint32_t>(re.groupCount + 1);
  if (pairs > matchPairs_) {
    pcre2_match_data_free(static_cast<pcre2_match_data*>(matchData_));
    matchData_ = pcre2_match_data_create(pairs, nullptr);
    matchPairs_ = pairs;
  }
  // The ovector must read as "no match" until find() succeeds.
  pcre2_get_ovector_pointer(static_cast<pcre2_match_data*>(matchData_))[0] = PCRE2_UNSET;
  impossible_ = !re.required.empty() && subject.find(re.required) == std::string_view::npos;
  ascii_ = isAscii(subject);
  if (ascii_) return;
  byteOf_.clear();
  size_t k = 0;
  while (k < subject.size()) {
    byteOf_.push_back(static_cast<int32_t>(k));
    utf8Decode(subject, k);
  }
  byteOf_.push_back(static_cast<int32_t>(subject.size()));
}

bool RegexMatcher::find(int64_t from, int64_t regionStart) {
  if (impossible_ || from > length()) return false;
  auto* md = static_cast<pcre2_match_data*>(matchData_);
  base_ = byteAt(regionStart);
  int rc = pcre2_match(re_->code->code, reinterpret_cast<PCRE2_SPTR>(subject_.data() + base_), subject_.size() - base_,
                       byteAt(from) - base_, 0, md, threadMatchContext());
  if (rc >= 0) return true;
  pcre2_get_ovector_pointer(md)[0] = PCRE2_UNSET;
  if (rc != PCRE2_ERROR_NOMATCH) {
    status_ = Status::ExecutionError("Regular expression '{}' failed on a string of {} characters: {}", re_->pattern,
                                     length(), pcre2Message(rc));
  }
  return false;
}

size_t RegexMatcher::offset(int i) const {
  return base_ + pcre2_get_ovector_pointer(static_cast<pcre2_match_data*>(matchData_))[i];
}

int64_t RegexMatcher::charAt(size_t byte) const {
  if (ascii_) return static_cast<int64_t>(byte);
  return std::lower_bound(byteOf_.begin(), byteOf_.end(), static_cast<int32_t>(byte)) - byteOf_.begin();
}

bool RegexMatcher::matched(int group) const {
  if (group < 0 || static_cast<uint32_t>(group) > static_cast<uint32_t>(re_->groupCount)) return false;
  return pcre2_get_ovector_pointer(static_cast<pcre2_match_data*>(matchData_))[2 * group] != PCRE2_UNSET;
}

std::string_view RegexMatcher::group(int g) const {
  if (!matched(g)) return {};
  size_t b = offset(2 * g), e = offset(2 * g + 1);
  return subject_.substr(b, e - b);
}

std::string_view RegexMatcher::slice(int64_t begin, int64_t end) const {
  size_t b = byteAt(begin), e = byteAt(end);
  return subject_.substr(b, e - b);
}

// ---- replacement templates ------------------------------------------------------------------

// Java's Matcher.appendReplacement rules; the errors are Java's messages.
Result<ReplacementTemplate> ReplacementTemplate::parse(std::string_view rep, const JavaRegex& re) {
  const int groupCount = re.groupCount;
  ReplacementTemplate t;
  auto text = [&]() -> std::string& {
    if (t.pieces_.empty() || t.pieces_.back().group >= 0) t.pieces_.push_back(Piece{});
    return t.pieces_.back().text;
  };
  for (size_t i = 0; i < rep.size();) {
    char c = rep[i];
    if (c == '\\') {
      if (++i == rep.size()) return Status::Invalid("Invalid replacement '{}': character to be escaped is missing", rep);
      size_t len = std::min<size_t>(static_cast<size_t>(utf8CharBytes(static_cast<uint8_t>(rep[i]))), rep.size() - i);
      text().append(rep.substr(i, len));
      i += len;
    } else if (c == '$') {
      if (++i == rep.size()) {
        return Status::Invalid("Invalid replacement '{}': Illegal group reference: group index is missing", rep);
      }
      if (rep[i] == '{') {
        size_t close = rep.find('}', i);
        if (close == std::string_view::npos) {
          return Status::Invalid("Invalid replacement '{}': named capturing group is missing trailing '}}'", rep);
        }
        std::string name(rep.substr(i + 1, close - i - 1));
        int ref = pcre2_substring_number_from_name(re.code->code, reinterpret_cast<PCRE2_SPTR>(name.c_str()));
        if (ref < 0) return Status::Invalid("Invalid replacement '{}': No group with name {{{}}}", rep, name);
        t.pieces_.push_back(Piece{{}, ref});
        i = close + 1;
        continue;
      }
      if (rep[i] < '0' || rep[i] > '9') return Status::Invalid("Invalid replacement '{}': Illegal group reference", rep);
      int ref = rep[i++] - '0';
      while (i < rep.size() && rep[i] >= '0' && rep[i] <= '9') {
        int next = ref * 10 + (rep[i] - '0');
        if (next > groupCount) break;
        ref = next;
        ++i;
      }
      if (ref > groupCount) return Status::Invalid("Invalid replacement '{}': No group {}", rep, ref);
      t.pieces_.push_back(Piece{{}, ref});
    } else {
      size_t next = rep.find_first_of("\\$", i);
      if (next == std::string_view::npos) next = rep.size();
      text().append(rep.substr(i, next - i));
      i = next;
    }
  }
  return t;
}

}  // namespace spate
