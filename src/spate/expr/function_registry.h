#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "spate/expr/bound_expr.h"

namespace spate {

// ---- scalar functions --------------------------------------------------------------

// A kernel computes numRows results from the evaluated arguments. Arguments are
// full-length columns unless the function registered handlesConstants, in which case
// a constant argument (Column::isConstant) may arrive and must be read at row 0.
using ScalarKernel =
    std::function<Result<ColumnPtr>(const std::vector<ColumnPtr>& args, int64_t numRows, EvalContext& ctx)>;

struct ResolvedScalar {
  TypePtr type;
  bool nullable = true;
  ScalarKernel kernel;
  bool handlesConstants = false;
  bool deterministic = true;
};

// Picks a kernel for the bound argument types. It may replace arguments (e.g. wrap them
// in casts, see makeCast) to coerce them, and may read literal arguments
// (args[i]->literalValue()) such as a regex pattern, to precompile them once.
using ScalarResolver = std::function<Result<ResolvedScalar>(std::vector<BoundExprPtr>& args)>;

struct ScalarFunction {
  std::string name;
  int minArgs = 0;
  int maxArgs = 0;  // -1: any number
  ScalarResolver resolve;
};

// ---- aggregate functions -------------------------------------------------------------

// State of one aggregate for all groups of an operator, indexed by dense group id.
class AggregateState {
 public:
  virtual ~AggregateState() = default;
  // Groups [0, numGroups) exist; new ones start empty.
  virtual void resize(int64_t numGroups) = 0;
  // Folds numRows input rows in; row i belongs to group groupIds[i].
  virtual void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) = 0;
  // One result per group, in group id order.
  virtual Result<ColumnPtr> finalize(int64_t numGroups) = 0;
  // Bytes held, for memory reporting.
  virtual int64_t memoryBytes() const { return 0; }
  // Appends group g's state to out as bytes, for a streaming state store.
  virtual void serializeGroup(uint32_t g, std::string& out) const = 0;
  // Restores group g (existing and still empty) from bytes made by serializeGroup of a
  // state of the same aggregate; an error (not a crash) on malformed or truncated bytes.
  virtual Status deserializeGroup(uint32_t g, std::string_view in) = 0;
  // Restores only what finalize needs of group g, which may then only be finalized:
  // states that keep more to go on updating (DISTINCT's set of values) skip it.
  virtual Status restoreForFinalize(uint32_t g, std::string_view in) { return deserializeGroup(g, in); }
  // Folds a partial state serialized by serializeGroup (of the same aggregate) into
  // group g, which may hold data already: the result is as if g had also seen the
  // rows behind `in`, which come AFTER g's own rows (first() keeps g's value when it
  // has one, last() takes in's, collect_list appends in's items). An error, never a
  // crash, on malformed bytes.
  virtual Status mergeGroup(uint32_t g, std::string_view in) = 0;
};

struct ResolvedAggregate {
  TypePtr type;
  bool nullable = true;
  std::function<std::unique_ptr<AggregateState>()> create;
};

using AggregateResolver = std::function<Result<ResolvedAggregate>(std::vector<BoundExprPtr>& args)>;

struct AggregateFunction {
  std::string name;
  int minArgs = 1;
  int maxArgs = 1;
  AggregateResolver resolve;
};

// ---- generators ----------------------------------------------------------------------

// A generator turns each input row into zero or more output rows (explode).
struct GeneratorOutput {
  std::vector<ColumnPtr> columns;   // the generated columns
  std::vector<int32_t> sourceRows;  // for each output row, the input row it came from
};

using GeneratorKernel = std::function<Result<GeneratorOutput>(const std::vector<ColumnPtr>& args, int64_t numRows)>;

struct ResolvedGenerator {
  std::vector<Field> outputFields;  // default names: explode -> col (array) or key, value (map)
  GeneratorKernel kernel;
};

using GeneratorResolver = std::function<Result<ResolvedGenerator>(std::vector<BoundExprPtr>& args)>;

struct GeneratorFunction {
  std::string name;
  int minArgs = 1;
  int maxArgs = 1;
  GeneratorResolver resolve;
};

// ---- the registry --------------------------------------------------------------------

// One entry per function name (lower case), Spark's names and null semantics.
class FunctionRegistry {
 public:
  // The process-wide registry with every built-in function registered.
  static const FunctionRegistry& builtin();

  void addScalar(ScalarFunction f);
  void addAggregate(AggregateFunction f);
  void addGenerator(GeneratorFunction f);
  // Another name for an existing function (Spark's synonyms: ucase -> upper).
  void addAlias(const std::string& alias, const std::string& target);

  const ScalarFunction* scalar(const std::string& name) const;
  const AggregateFunction* aggregate(const std::string& name) const;
  const GeneratorFunction* generator(const std::string& name) const;
  bool exists(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  std::string canonical(const std::string& name) const;
  std::map<std::string, ScalarFunction> scalars_;
  std::map<std::string, AggregateFunction> aggregates_;
  std::map<std::string, GeneratorFunction> generators_;
  std::map<std::string, std::string> aliases_;
};

// Each family of functions registers itself from its own file.
void registerArithmeticFunctions(FunctionRegistry& r);
void registerPredicateFunctions(FunctionRegistry& r);
void registerConditionalFunctions(FunctionRegistry& r);
void registerStringFunctions(FunctionRegistry& r);
void registerRegexFunctions(FunctionRegistry& r);
void registerMathFunctions(FunctionRegistry& r);
void registerDatetimeFunctions(FunctionRegistry& r);
void registerCollectionFunctions(FunctionRegistry& r);
void registerJsonFunctions(FunctionRegistry& r);
void registerHashFunctions(FunctionRegistry& r);
void registerAggregateFunctions(FunctionRegistry& r);
void registerGeneratorFunctions(FunctionRegistry& r);
void registerTypeFunctions(FunctionRegistry& r);
void registerTimeWindowFunctions(FunctionRegistry& r);

}  // namespace spate
