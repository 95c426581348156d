#pragma once

#include <string>
#include <vector>

#include "spate/expr/expr.h"
#include "spate/types/schema.h"

namespace spate::sql {

// A column expression of the DataFrame API (Spark's Column): a thin, immutable handle
// on an unresolved expression, composed with operators and functions.
class Column {
 public:
  Column(ExprPtr expr) : expr_(std::move(expr)) {}  // NOLINT: implicit by design
  Column(const char* name);                         // NOLINT: "a" means col("a"), as in PySpark
  Column(const std::string& name);                  // NOLINT

  const ExprPtr& expr() const { return expr_; }
  std::string toString() const { return expr_->displayName(); }

  Column alias(const std::string& name) const;
  Column as(const std::string& name) const { return alias(name); }
  Column name(const std::string& name) const { return alias(name); }
  Column cast(const TypePtr& type) const;
  Column cast(const std::string& typeName) const;  // "string", "int", "decimal(10,2)"
  Column isNull() const;
  Column isNotNull() const;
  Column between(const Column& low, const Column& high) const;
  Column isin(const std::vector<Column>& values) const;
  Column like(const std::string& pattern) const;
  Column rlike(const std::string& pattern) const;
  Column startswith(const Column& prefix) const;
  Column endswith(const Column& suffix) const;
  Column contains(const Column& other) const;
  Column substr(const Column& pos, const Column& len) const;
  Column eqNullSafe(const Column& other) const;
  Column getField(const std::string& field) const;
  Column getItem(const Column& key) const;
  Column operator[](const Column& key) const { return getItem(key); }
  // CASE WHEN chains: when(cond, v).when(cond2, v2).otherwise(v3).
  Column when(const Column& condition, const Column& value) const;
  Column otherwise(const Column& value) const;
  Column asc() const;
  Column desc() const;
  Column asc_nulls_first() const;
  Column asc_nulls_last() const;
  Column desc_nulls_first() const;
  Column desc_nulls_last() const;

 private:
  ExprPtr expr_;
};

Column operator+(const Column& a, const Column& b);
Column operator-(const Column& a, const Column& b);
Column operator*(const Column& a, const Column& b);
Column operator/(const Column& a, const Column& b);
Column operator%(const Column& a, const Column& b);
Column operator-(const Column& a);
Column operator==(const Column& a, const Column& b);
Column operator!=(const Column& a, const Column& b);
Column operator<(const Column& a, const Column& b);
Column operator<=(const Column& a, const Column& b);
Column operator>(const Column& a, const Column& b);
Column operator>=(const Column& a, const Column& b);
Column operator&&(const Column& a, const Column& b);
Column operator||(const Column& a, const Column& b);
Column operator!(const Column& a);

// Literals, so that col("x") + 1 and col("s") == std::string("a") work.
Column lit(const Value& v, const TypePtr& type);
Column lit(int v);
Column lit(int64_t v);
Column lit(double v);
Column lit(bool v);
Column lit(const char* v);
Column lit(const std::string& v);
// A plain C++ value on the right of an operator is a literal, as in PySpark
// (col("name") == "x" compares with the string "x", not a column named x).
template <typename T>
concept LiteralValue = std::is_arithmetic_v<std::decay_t<T>> || std::is_convertible_v<T, std::string>;
template <typename T>
Column litOf(const T& v) {
  if constexpr (std::is_arithmetic_v<std::decay_t<T>>) {
    return lit(v);
  } else {
    return lit(std::string(v));
  }
}

template <LiteralValue T>
Column operator+(const Column& a, const T& b) { return a + litOf(b); }
template <LiteralValue T>
Column operator-(const Column& a, const T& b) { return a - litOf(b); }
template <LiteralValue T>
Column operator*(const Column& a, const T& b) { return a * litOf(b); }
template <LiteralValue T>
Column operator/(const Column& a, const T& b) { return a / litOf(b); }
template <LiteralValue T>
Column operator%(const Column& a, const T& b) { return a % litOf(b); }
template <LiteralValue T>
Column operator==(const Column& a, const T& b) { return a == litOf(b); }
template <LiteralValue T>
Column operator!=(const Column& a, const T& b) { return a != litOf(b); }
template <LiteralValue T>
Column operator<(const Column& a, const T& b) { return a < litOf(b); }
template <LiteralValue T>
Column operator<=(const Column& a, const T& b) { return a <= litOf(b); }
template <LiteralValue T>
Column operator>(const Column& a, const T& b) { return a > litOf(b); }
template <LiteralValue T>
Column operator>=(const Column& a, const T& b) { return a >= litOf(b); }

}  // namespace spate::sql
