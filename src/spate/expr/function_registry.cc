#include "spate/expr/function_registry.h"

#include "spate/common/strings.h"

namespace spate {

const FunctionRegistry& FunctionRegistry::builtin() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    registerArithmeticFunctions(r);
    registerPredicateFunctions(r);
    registerConditionalFunctions(r);
    registerStringFunctions(r);
    registerRegexFunctions(r);
    registerMathFunctions(r);
    registerDatetimeFunctions(r);
    registerCollectionFunctions(r);
    registerJsonFunctions(r);
    registerHashFunctions(r);
    registerAggregateFunctions(r);
    registerGeneratorFunctions(r);
    registerTypeFunctions(r);
    registerTimeWindowFunctions(r);
    return r;
  }();
  return registry;
}

void FunctionRegistry::addScalar(ScalarFunction f) {
  std::string name = f.name;
  scalars_[name] = std::move(f);
}
void FunctionRegistry::addAggregate(AggregateFunction f) {
  std::string name = f.name;
  aggregates_[name] = std::move(f);
}
void FunctionRegistry::addGenerator(GeneratorFunction f) {
  std::string name = f.name;
  generators_[name] = std::move(f);
}
void FunctionRegistry::addAlias(const std::string& alias, const std::string& target) { aliases_[alias] = target; }

std::string FunctionRegistry::canonical(const std::string& name) const {
  std::string lower = toLower(name);
  auto it = aliases_.find(lower);
  return it == aliases_.end() ? lower : it->second;
}

const ScalarFunction* FunctionRegistry::scalar(const std::string& name) const {
  auto it = scalars_.find(canonical(name));
  return it == scalars_.end() ? nullptr : &it->second;
}
const AggregateFunction* FunctionRegistry::aggregate(const std::string& name) const {
  auto it = aggregates_.find(canonical(name));
  return it == aggregates_.end() ? nullptr : &it->second;
}
const GeneratorFunction* FunctionRegistry::generator(const std::string& name) const {
  auto it = generators_.find(canonical(name));
  return it == generators_.end() ? nullptr : &it->second;
}
bool FunctionRegistry::exists(const std::string& name) const {
  return scalar(name) || aggregate(name) || generator(name);
}

std::vector<std::string> FunctionRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : scalars_) out.push_back(k);
  for (const auto& [k, v] : aggregates_) out.push_back(k);
  for (const auto& [k, v] : generators_) out.push_back(k);
  for (const auto& [k, v] : aliases_) out.push_back(k);
  return out;
}

}  // namespace spate
