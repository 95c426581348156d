#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <fmt/format.h>

namespace spate {

// The phase an error comes from: a user fixes parse, analysis, type and I/O errors
// (the message says how); an internal error is a bug and names the broken invariant.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kParseError,
  kAnalysisError,
  kTypeError,
  kExecutionError,
  kIOError,
  kNotImplemented,
  kInternal,
};

const char* statusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return {}; }
  template <typename... A>
  static Status Invalid(fmt::format_string<A...> f, A&&... a) {
    return {StatusCode::kInvalidArgument, fmt::format(f, std::forward<A>(a)...)};
  }
  template <typename... A>
  static Status ParseError(fmt::format_string<A...> f, A&&... a) {
    return {StatusCode::kParseError, fmt::format(f, std::forward<A>(a)...)};
  }
  template <typename... A>
  static Status AnalysisError(fmt::format_string<A...> f, A&&... a) {
    return {StatusCode::kAnalysisError, fmt::format(f, std::forward<A>(a)...)};
  }
  template <typename... A>
  static Status TypeError(fmt::format_string<A...> f, A&&... a) {
    return {StatusCode::kTypeError, fmt::format(f, std::forward<A>(a)...)};
  }
  template <typename... A>
  static Status ExecutionError(fmt::format_string<A...> f, A&&... a) {
    return {StatusCode::kExecutionError, fmt::format(f, std::forward<A>(a)...)};
  }
  template <typename... A>
  static Status IOError(fmt::format_string<A...> f, A&&... a) {
    return {StatusCode::kIOError, fmt::format(f, std::forward<A>(a)...)};
  }
  template <typename... A>
  static Status NotImplemented(fmt::format_string<A...> f, A&&... a) {
    return {StatusCode::kNotImplemented, fmt::format(f, std::forward<A>(a)...)};
  }
  template <typename... A>
  static Status Internal(fmt::format_string<A...> f, A&&... a) {
    return {StatusCode::kInternal, fmt::format(f, std::forward<A>(a)...)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "[ANALYSIS_ERROR] Column 'x' does not exist..." as shown to users.
  std::string toString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT
  template <typename U>
    requires(std::is_convertible_v<U, T> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Status>)
  Result(U&& value) : v_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

namespace detail {
inline const Status& toStatus(const Status& s) { return s; }
template <typename T>
const Status& toStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace detail

}  // namespace spate

#define SPATE_CONCAT_INNER(a, b) a##b
#define SPATE_CONCAT(a, b) SPATE_CONCAT_INNER(a, b)

// The Status is copied out before the full expression ends, so `expr` may be a
// temporary Result (or a Status reference into one).
#define SPATE_RETURN_IF_ERROR(expr)                                        \
  do {                                                                     \
    ::spate::Status _spate_st = ::spate::detail::toStatus((expr));         \
    if (!_spate_st.ok()) return _spate_st;                                 \
  } while (0)

#define SPATE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

#define SPATE_ASSIGN_OR_RETURN(lhs, rexpr) \
  SPATE_ASSIGN_OR_RETURN_IMPL(SPATE_CONCAT(_spate_res_, __LINE__), lhs, rexpr)
