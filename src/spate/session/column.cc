#include "spate/session/column.h"

#include "spate/common/error.h"

namespace spate::sql {

Column::Column(const char* name) : expr_(columnRef(std::string(name))) {}
Column::Column(const std::string& name) : expr_(columnRef(name)) {}

Column Column::alias(const std::string& name) const {
  return spate::alias(expr_->kind == ExprKind::kAlias ? expr_->children[0] : expr_, name);
}
Column Column::cast(const TypePtr& type) const { return spate::cast(expr_, type); }
Column Column::cast(const std::string& typeName) const { return cast(valueOrThrow(parseDataType(typeName))); }
Column Column::isNull() const { return call("isnull", {expr_}); }
Column Column::isNotNull() const { return call("isnotnull", {expr_}); }
Column Column::between(const Column& low, const Column& high) const {
  return call("and", {call(">=", {expr_, low.expr()}), call("<=", {expr_, high.expr()})});
}
Column Column::isin(const std::vector<Column>& values) const {
  std::vector<ExprPtr> args{expr_};
  for (const auto& v : values) args.push_back(v.expr());
  return call("in", args);
}
Column Column::like(const std::string& pattern) const { return call("like", {expr_, lit(pattern).expr()}); }
Column Column::rlike(const std::string& pattern) const { return call("rlike", {expr_, lit(pattern).expr()}); }
Column Column::startswith(const Column& prefix) const { return call("startswith", {expr_, prefix.expr()}); }
Column Column::endswith(const Column& suffix) const { return call("endswith", {expr_, suffix.expr()}); }
Column Column::contains(const Column& other) const { return call("contains", {expr_, other.expr()}); }
Column Column::substr(const Column& pos, const Column& len) const {
  return call("substring", {expr_, pos.expr(), len.expr()});
}
Column Column::eqNullSafe(const Column& other) const { return call("<=>", {expr_, other.expr()}); }
Column Column::getField(const std::string& field) const {
  if (expr_->kind == ExprKind::kColumn) {
    auto parts = expr_->nameParts;
    parts.push_back(field);
    return columnRef(parts);
  }
  return call("get_field", {expr_, lit(field).expr()});
}
Column Column::getItem(const Column& key) const { return call("get", {expr_, key.expr()}); }

Column Column::when(const Column& condition, const Column& value) const {
  if (expr_->kind != ExprKind::kCase || expr_->hasElse) {
    throw Error(Status::Invalid("when() can only be applied on a Column built by when(), before otherwise()"));
  }
  auto kids = expr_->children;
  kids.push_back(condition.expr());
  kids.push_back(value.expr());
  return caseWhen(kids, nullptr);
}

Column Column::otherwise(const Column& value) const {
  if (expr_->kind != ExprKind::kCase || expr_->hasElse) {
    throw Error(Status::Invalid("otherwise() can only be applied once on a Column built by when()"));
  }
  return caseWhen(expr_->children, value.expr());
}

Column Column::asc() const { return sortOrder(expr_, true, true); }
Column Column::desc() const { return sortOrder(expr_, false, false); }
Column Column::asc_nulls_first() const { return sortOrder(expr_, true, true); }
Column Column::asc_nulls_last() const { return sortOrder(expr_, true, false); }
Column Column::desc_nulls_first() const { return sortOrder(expr_, false, true); }
Column Column::desc_nulls_last() const { return sortOrder(expr_, false, false); }

Column operator+(const Column& a, const Column& b) { return call("+", {a.expr(), b.expr()}); }
Column operator-(const Column& a, const Column& b) { return call("-", {a.expr(), b.expr()}); }
Column operator*(const Column& a, const Column& b) { return call("*", {a.expr(), b.expr()}); }
Column operator/(const Column& a, const Column& b) { return call("/", {a.expr(), b.expr()}); }
Column operator%(const Column& a, const Column& b) { return call("%", {a.expr(), b.expr()}); }
Column operator-(const Column& a) { return call("negative", {a.expr()}); }
Column operator==(const Column& a, const Column& b) { return call("=", {a.expr(), b.expr()}); }
Column operator!=(const Column& a, const Column& b) { return call("!=", {a.expr(), b.expr()}); }
Column operator<(const Column& a, const Column& b) { return call("<", {a.expr(), b.expr()}); }
Column operator<=(const Column& a, const Column& b) { return call("<=", {a.expr(), b.expr()}); }
Column operator>(const Column& a, const Column& b) { return call(">", {a.expr(), b.expr()}); }
Column operator>=(const Column& a, const Column& b) { return call(">=", {a.expr(), b.expr()}); }
Column operator&&(const Column& a, const Column& b) { return call("and", {a.expr(), b.expr()}); }
Column operator||(const Column& a, const Column& b) { return call("or", {a.expr(), b.expr()}); }
Column operator!(const Column& a) { return call("not", {a.expr()}); }

Column lit(const Value& v, const TypePtr& type) { return literal(v, type); }
Column lit(int v) { return literal(Value::integer(v), DataType::int_()); }
Column lit(int64_t v) { return literal(Value::integer(v), DataType::long_()); }
Column lit(double v) { return literal(Value::fractional(v), DataType::double_()); }
Column lit(bool v) { return literal(Value::boolean(v), DataType::boolean()); }
Column lit(const char* v) { return literal(Value::string(v), DataType::string()); }
Column lit(const std::string& v) { return literal(Value::string(v), DataType::string()); }

}  // namespace spate::sql
