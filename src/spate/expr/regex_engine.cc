#include "spate/expr/regex_engine.h"

#include <sys/mman.h>
#include <ucontext.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "spate/expr/string_util.h"

namespace spate {

namespace {

// ---- Java -> ECMAScript translation ------------------------------------------------------

struct Translated {
  std::string ecma;
  bool icase = false;
  bool multiline = false;
};

bool isEcmaSyntaxChar(char c) { return std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos; }

bool isAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Escapes std::regex understands as Java does: classes, boundaries, control characters,
// hex/unicode code units, and back-references.
bool isPortableEscape(char c) {
  return std::string_view("dDwWsSbBnrtfvcxu0123456789").find(c) != std::string_view::npos;
}

Status unsupported(std::string_view pattern, std::string_view what) {
  return Status::Invalid("Invalid regular expression '{}': {} is not supported", pattern, what);
}

Result<Translated> translateJavaRegex(std::string_view p) {
  Translated t;
  bool dotAll = false;
  size_t i = 0;
  // Leading inline flag groups such as (?i) or (?is); others are left for std::regex to
  // reject.
  while (p.substr(i).starts_with("(?")) {
    bool on = true, icase = t.icase, multiline = t.multiline, dot = dotAll, flags = true;
    size_t j = i + 2;
    for (; j < p.size() && p[j] != ')'; ++j) {
      switch (p[j]) {
        case '-': on = false; break;
        case 'i': icase = on; break;
        case 'm': multiline = on; break;
        case 's': dot = on; break;
        case 'u':
        case 'd':
        case 'U': break;
        default: flags = false;
      }
      if (!flags) break;
    }
    if (!flags || j >= p.size() || j == i + 2) break;
    t.icase = icase;
    t.multiline = multiline;
    dotAll = dot;
    i = j + 1;
  }
  bool inClass = false;
  std::string& out = t.ecma;
  for (; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 == p.size()) return Status::Invalid("Invalid regular expression '{}': trailing backslash", p);
      char n = p[++i];
      if (n == 'Q') {
        size_t end = p.find("\\E", i + 1);
        std::string_view quoted = p.substr(i + 1, end == std::string_view::npos ? std::string_view::npos : end - i - 1);
        for (char q : quoted) {
          if (isEcmaSyntaxChar(q) || (inClass && q == '-')) out.push_back('\\');
          out.push_back(q);
        }
        i = end == std::string_view::npos ? p.size() : end + 1;
        continue;
      }
      if (n == 'A' || n == 'z' || n == 'Z') {
        if (inClass || t.multiline) return unsupported(p, std::string("\\") + n + " with (?m) or in a class");
        out.push_back(n == 'A' ? '^' : '$');
        continue;
      }
      if (n == 'e' || n == 'a') {
        out += n == 'e' ? "\\x1B" : "\\x07";
        continue;
      }
      if (isAsciiAlnum(n) && !isPortableEscape(n)) return unsupported(p, std::string("the escape \\") + n);
      out.push_back('\\');
      out.push_back(n);
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
      // Java reads a ']' right after '[' or '[^' as a literal; ECMAScript as an empty class.
      if (i + 1 < p.size() && p[i + 1] == ']') {
        out += "\\]";
        ++i;
      }
      continue;
    }
    if (c == '.' && dotAll) {
      out += "[\\s\\S]";
      continue;
    }
    out.push_back(c);
  }
  return t;
}

// The text a pattern without metacharacters matches ("a\.b" -> "a.b"), if it is one.
bool literalOf(std::string_view p, std::string& out) {
  out.clear();
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 == p.size() || isAsciiAlnum(p[i + 1]) || static_cast<uint8_t>(p[i + 1]) >= 0x80) return false;
      out.push_back(p[++i]);
    } else if (isEcmaSyntaxChar(c)) {
      return false;
    } else {
      out.push_back(c);
    }
  }
  return !out.empty();
}

std::wstring widen(std::string_view s) {
  std::wstring w;
  size_t k = 0;
  while (k < s.size()) w.push_back(static_cast<wchar_t>(utf8Decode(s, k)));
  return w;
}

// ---- a large stack for deep backtracking ---------------------------------------------------

// Off the large stack, subjects up to this many characters are matched on the caller's
// stack (nested groups cost up to ~2 KB of stack per character).
constexpr int64_t kDirectSubjectChars = 256;
// Stack bytes allowed per subject character on the large stack, with headroom over the
// ~2 KB measured for nested alternations such as ((((a)|(b))|c)|d)*.
constexpr int64_t kStackBytesPerChar = 8 * 1024;
constexpr size_t kGuardBytes = 64 * 1024;
// Runs longer than this give their touched stack pages back afterwards.
constexpr int64_t kReleaseAfterChars = 64 * 1024;

struct LargeStack {
  void* base = nullptr;
  size_t size = 0;
  bool active = false;
  bool touchedMuch = false;
  ucontext_t caller{};
  ucontext_t callee{};
  void (*fn)(void*) = nullptr;
  void* arg = nullptr;
  std::exception_ptr error;
  ~LargeStack() {
    if (base) munmap(base, size);
  }
};

thread_local LargeStack tLargeStack;

// Reserves address space only: pages are committed as the recursion touches them. Under
// strict overcommit a smaller reservation may be all there is.
bool ensureLargeStack(LargeStack& s) {
  if (s.base) return true;
  for (size_t size : {size_t{4} << 30, size_t{1} << 30, size_t{256} << 20}) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) continue;
    // A guard at the low end turns an overflow into a fault instead of silent corruption.
    mprotect(p, kGuardBytes, PROT_NONE);
    s.base = p;
    s.size = size;
    return true;
  }
  return false;
}

void largeStackEntry() {
  LargeStack& s = tLargeStack;
  try {
    s.fn(s.arg);
  } catch (...) {
    // Exceptions cannot unwind across the context switch: carried over and rethrown.
    s.error = std::current_exception();
  }
}

// Runs fn(arg) on this thread's large stack (directly when already on it); false if the
// stack cannot be mapped.
bool switchToLargeStack(void (*fn)(void*), void* arg) {
  LargeStack& s = tLargeStack;
  if (s.active) {
    fn(arg);
    return true;
  }
  if (!ensureLargeStack(s)) return false;
  s.fn = fn;
  s.arg = arg;
  s.active = true;
  getcontext(&s.callee);
  s.callee.uc_stack.ss_sp = s.base;
  s.callee.uc_stack.ss_size = s.size;
  s.callee.uc_link = &s.caller;
  makecontext(&s.callee, largeStackEntry, 0);
  swapcontext(&s.caller, &s.callee);
  s.active = false;
  if (s.touchedMuch) {
    madvise(static_cast<char*>(s.base) + kGuardBytes, s.size - kGuardBytes, MADV_DONTNEED);
    s.touchedMuch = false;
  }
  if (s.error) std::rethrow_exception(std::exchange(s.error, nullptr));
  return true;
}

// The longest subject the large stack can take (the caller's own stack when it cannot
// be mapped).
int64_t subjectLimit() {
  LargeStack& s = tLargeStack;
  if (!ensureLargeStack(s)) return kDirectSubjectChars;
  return std::min<int64_t>(kMaxRegexSubjectChars, static_cast<int64_t>(s.size) / kStackBytesPerChar);
}

}  // namespace

// ---- compile and cache ---------------------------------------------------------------------

Result<JavaRegexPtr> compileJavaRegex(std::string_view pattern) {
  SPATE_ASSIGN_OR_RETURN(Translated t, translateJavaRegex(pattern));
  auto re = std::make_shared<JavaRegex>();
  re->pattern.assign(pattern);
  auto flags = std::regex::ECMAScript;
  if (t.icase) flags |= std::regex::icase;
  if (t.multiline) flags |= std::regex::multiline;
  try {
    re->wide.assign(widen(t.ecma), flags);
  } catch (const std::regex_error& e) {
    return Status::Invalid("Invalid regular expression '{}': {}", pattern, e.what());
  }
  if (isAscii(t.ecma)) {
    try {
      re->narrow.assign(t.ecma, flags);
      re->hasNarrow = true;
    } catch (const std::regex_error&) {
      // e.g. a \u escape above 0xFF: only the wide form can hold it; ASCII subjects use it too.
    }
  }
  re->groupCount = static_cast<int>(re->wide.mark_count());
  re->isLiteral = !t.icase && literalOf(pattern, re->literal);
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

void RegexMatcher::reset(const JavaRegex& re, std::string_view subject) {
  re_ = &re;
  subject_ = subject;
  status_ = Status::OK();
  if (re.hasNarrow && isAscii(subject)) {
    wide_ = false;
    return;
  }
  wide_ = true;
  wbuf_.clear();
  byteOf_.clear();
  size_t k = 0;
  while (k < subject.size()) {
    byteOf_.push_back(static_cast<int32_t>(k));
    wbuf_.push_back(static_cast<wchar_t>(utf8Decode(subject, k)));
  }
  byteOf_.push_back(static_cast<int32_t>(subject.size()));
}

void runWithRegexStack(void (*fn)(void*), void* arg) {
  if (!switchToLargeStack(fn, arg)) fn(arg);  // long subjects will then report an error
}

bool RegexMatcher::find(int64_t from, int64_t regionStart) {
  if (from > length()) return false;
  int64_t limit = length() > kDirectSubjectChars ? subjectLimit() : kDirectSubjectChars;
  if (length() > limit) {
    status_ = Status::ExecutionError("Regular expression '{}' cannot be matched against a string of {} characters "
                                     "(the limit is {})",
                                     re_->pattern, length(), limit);
    return false;
  }
  from_ = from;
  auto flags = from > regionStart ? std::regex_constants::match_prev_avail : std::regex_constants::match_default;
  struct Job {
    RegexMatcher* m;
    std::regex_constants::match_flag_type flags;
    bool found = false;
    Status status;
    void run() {
      try {
        if (m->wide_) {
          const wchar_t* b = m->wbuf_.data();
          found = std::regex_search(b + m->from_, b + m->wbuf_.size(), m->wideMatch_, m->re_->wide, flags);
        } else {
          const char* b = m->subject_.data();
          found = std::regex_search(b + m->from_, b + m->subject_.size(), m->narrowMatch_, m->re_->narrow, flags);
        }
      } catch (const std::regex_error& e) {
        found = false;
        status = Status::ExecutionError("Regular expression '{}' failed: {}", m->re_->pattern, e.what());
      }
    }
  } job{this, flags};
  int64_t remaining = length() - from;
  LargeStack& s = tLargeStack;
  if (remaining > kReleaseAfterChars) s.touchedMuch = true;
  if (s.active || remaining <= kDirectSubjectChars) {
    job.run();
  } else if (!switchToLargeStack([](void* j) { static_cast<Job*>(j)->run(); }, &job)) {
    job.status = Status::ExecutionError("Cannot allocate the stack to match regular expression '{}'", re_->pattern);
  }
  if (!job.status.ok()) status_ = std::move(job.status);
  return job.found;
}

int64_t RegexMatcher::start(int group) const {
  return from_ + (wide_ ? wideMatch_.position(static_cast<size_t>(group)) : narrowMatch_.position(static_cast<size_t>(group)));
}

int64_t RegexMatcher::end(int group) const {
  return start(group) +
         (wide_ ? wideMatch_.length(static_cast<size_t>(group)) : narrowMatch_.length(static_cast<size_t>(group)));
}

bool RegexMatcher::matched(int group) const {
  auto g = static_cast<size_t>(group);
  return wide_ ? (g < wideMatch_.size() && wideMatch_[g].matched) : (g < narrowMatch_.size() && narrowMatch_[g].matched);
}

std::string_view RegexMatcher::slice(int64_t begin, int64_t end) const {
  size_t b = byteAt(begin), e = byteAt(end);
  return subject_.substr(b, e - b);
}

// ---- replacement templates ------------------------------------------------------------------

// Java's Matcher.appendReplacement rules; the errors are Java's messages.
Result<ReplacementTemplate> ReplacementTemplate::parse(std::string_view rep, int groupCount) {
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
      if (rep[i] == '{') return Status::Invalid("Invalid replacement '{}': named groups are not supported", rep);
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
