#include "spate/expr/datetime_common.h"

#include <limits>

#include "spate/expr/cast.h"

namespace spate {

int isoWeekOfYear(int64_t days) {
  // The week belongs to the year of its Thursday.
  int64_t thursday = days - dayOfWeekFromMonday(days) + 3;
  CivilDate c = civilFromDays(thursday);
  return static_cast<int>((thursday - daysFromCivil(c.year, 1, 1)) / 7 + 1);
}

int dayOfYear(int64_t days) {
  CivilDate c = civilFromDays(days);
  return static_cast<int>(days - daysFromCivil(c.year, 1, 1) + 1);
}

std::optional<int32_t> toDateDays(int64_t days) {
  if (days < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max()) return std::nullopt;
  return static_cast<int32_t>(days);
}

Status argTypeError(std::string_view fn, size_t index, std::string_view expected, const TypePtr& actual) {
  return Status::TypeError("{}() argument {} must be {}, not {}", fn, index + 1, expected, actual->simpleString());
}

namespace {

Status castArg(std::vector<BoundExprPtr>& args, size_t i, const TypePtr& to) {
  SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], to));
  return Status::OK();
}

bool isNumberOrString(TypeId id, const DataType& t) {
  return t.isNumeric() || id == TypeId::kString || id == TypeId::kNull;
}

}  // namespace

Status coerceToDate(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn) {
  TypeId id = args[i]->type()->id();
  if (id == TypeId::kDate) return Status::OK();
  if (id == TypeId::kTimestamp || id == TypeId::kString || id == TypeId::kNull) {
    return castArg(args, i, DataType::date());
  }
  return argTypeError(fn, i, "a date (or a timestamp or string)", args[i]->type());
}

Status coerceToTimestamp(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn) {
  TypeId id = args[i]->type()->id();
  if (id == TypeId::kTimestamp) return Status::OK();
  if (id == TypeId::kDate || id == TypeId::kString || id == TypeId::kNull) {
    return castArg(args, i, DataType::timestamp());
  }
  return argTypeError(fn, i, "a timestamp (or a date or string)", args[i]->type());
}

Status coerceToInt(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn) {
  const DataType& t = *args[i]->type();
  if (t.id() == TypeId::kInt) return Status::OK();
  if (isNumberOrString(t.id(), t)) return castArg(args, i, DataType::int_());
  return argTypeError(fn, i, "an int", args[i]->type());
}

Status coerceToLong(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn) {
  const DataType& t = *args[i]->type();
  if (t.id() == TypeId::kLong) return Status::OK();
  if (isNumberOrString(t.id(), t)) return castArg(args, i, DataType::long_());
  return argTypeError(fn, i, "a bigint", args[i]->type());
}

Status coerceToString(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn) {
  const DataType& t = *args[i]->type();
  if (t.id() == TypeId::kString) return Status::OK();
  if (!t.isNested() && t.id() != TypeId::kInterval) return castArg(args, i, DataType::string());
  return argTypeError(fn, i, "a string", args[i]->type());
}

Status coerceToParseInput(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn) {
  const DataType& t = *args[i]->type();
  TypeId id = t.id();
  if (id == TypeId::kString || id == TypeId::kDate || id == TypeId::kTimestamp) return Status::OK();
  if (t.isNumeric() || id == TypeId::kNull) return castArg(args, i, DataType::string());
  return argTypeError(fn, i, "a string, date or timestamp", args[i]->type());
}

Result<FormatArg> FormatArg::bind(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn,
                                  std::string_view defaultPattern) {
  FormatArg f;
  if (i >= args.size()) {
    auto c = DateTimeFormatter::compile(defaultPattern);
    if (!c.ok()) return c.status();
    f.literal = std::make_shared<const DateTimeFormatter>(std::move(c).value());
    return f;
  }
  SPATE_RETURN_IF_ERROR(coerceToString(args, i, fn));
  const Value* v = args[i]->literalValue();
  if (!v) {
    f.fromColumn = true;
    return f;
  }
  if (v->isNull()) {
    f.nullLiteral = true;
    return f;
  }
  auto c = DateTimeFormatter::compile(v->asString());
  if (!c.ok()) return Status::Invalid("{}(): {}", fn, c.status().message());
  f.literal = std::make_shared<const DateTimeFormatter>(std::move(c).value());
  return f;
}

const DateTimeFormatter* RowFormats::at(int64_t i) {
  if (arg_.literal) return arg_.literal.get();
  std::string_view pattern = column_->stringAt(i);
  if (current_ && current_->pattern() == pattern) return &*current_;
  auto c = DateTimeFormatter::compile(pattern);
  if (!c.ok()) {
    current_.reset();
    status_ = Status::ExecutionError("{}(): {}", fn_, c.status().message());
    return nullptr;
  }
  current_ = std::move(c).value();
  return &*current_;
}

}  // namespace spate
