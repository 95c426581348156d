#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/common/status.h"

namespace spate {

// What evaluation may need beyond the input batch.
class BoundExpr;
using BoundExprPtr = std::shared_ptr<const BoundExpr>;

// The subexpressions a projection computes more than once (common subexpressions, as
// Spark eliminates them): while it evaluates one input batch, each is evaluated where
// first needed and its column reused after.
struct ExprMemo {
  const Batch* batch = nullptr;
  std::unordered_map<const BoundExpr*, size_t> slotOf;  // every node of a repeated subexpression
  std::vector<ColumnPtr> values;                        // per slot, for batch
};

struct EvalContext {
  // current_timestamp() is fixed for a whole query (or micro-batch), as in Spark.
  int64_t currentTimestampMicros = 0;
  ExprMemo* memo = nullptr;
};

// A resolved, typed expression evaluated a column at a time: one virtual call per node
// per batch, then tight loops over the column buffers inside the kernels.
class BoundExpr {
 public:
  BoundExpr(TypePtr type, bool nullable, std::vector<BoundExprPtr> children)
      : type_(std::move(type)), nullable_(nullable), children_(std::move(children)) {}
  virtual ~BoundExpr() = default;

  const TypePtr& type() const { return type_; }
  bool nullable() const { return nullable_; }
  const std::vector<BoundExprPtr>& children() const { return children_; }

  virtual Result<ColumnPtr> eval(const Batch& input, EvalContext& ctx) const = 0;
  // The literal value when this is a literal (possibly after constant folding).
  virtual const Value* literalValue() const { return nullptr; }
  // The input ordinal when this is a plain column reference.
  virtual int columnOrdinal() const { return -1; }
  // The field's index in its child's struct when this is a struct field access.
  virtual int fieldIndex() const { return -1; }
  // The scalar function this node calls, or null when it is not a call.
  virtual const std::string* functionName() const { return nullptr; }
  virtual bool deterministic() const { return true; }
  // For explain(): "(value#2 + 1)".
  virtual std::string toString() const = 0;

 private:
  TypePtr type_;
  bool nullable_;
  std::vector<BoundExprPtr> children_;
};

class BoundColumn final : public BoundExpr {
 public:
  BoundColumn(int ordinal, std::string name, TypePtr type, bool nullable)
      : BoundExpr(std::move(type), nullable, {}), ordinal_(ordinal), name_(std::move(name)) {}
  Result<ColumnPtr> eval(const Batch& input, EvalContext&) const override { return input.column(ordinal_); }
  int columnOrdinal() const override { return ordinal_; }
  const std::string& name() const { return name_; }
  std::string toString() const override { return name_ + "#" + std::to_string(ordinal_); }

 private:
  int ordinal_;
  std::string name_;
};

class BoundLiteral final : public BoundExpr {
 public:
  BoundLiteral(Value value, TypePtr type)
      : BoundExpr(std::move(type), value.isNull(), {}), value_(std::move(value)) {}
  Result<ColumnPtr> eval(const Batch& input, EvalContext&) const override {
    return Column::constant(value_, type(), input.numRows());
  }
  const Value* literalValue() const override { return &value_; }
  std::string toString() const override;

 private:
  Value value_;
};

// Evaluates e on the batch, or takes its column from ctx.memo when e is a repeated
// subexpression already evaluated on this batch. Nodes evaluate their children with it.
Result<ColumnPtr> evalShared(const BoundExpr& e, const Batch& input, EvalContext& ctx);

// Evaluates every child on the batch, in order.
Result<std::vector<ColumnPtr>> evalChildren(const BoundExpr& e, const Batch& input, EvalContext& ctx);

// Evaluates a constant expression (no column references) to a Value.
Result<Value> evalConstant(const BoundExprPtr& e, EvalContext& ctx);

}  // namespace spate
