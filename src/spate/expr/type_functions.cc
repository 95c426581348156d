// Functions about types rather than values: typeof.

#include "spate/expr/function_registry.h"

namespace spate {

void registerTypeFunctions(FunctionRegistry& r) {
  r.addScalar({"typeof", 1, 1, [](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
                 Value name = Value::string(args[0]->type()->simpleString());
                 return ResolvedScalar{DataType::string(), false,
                                       [name](const std::vector<ColumnPtr>&, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                                         return Column::constant(name, DataType::string(), n);
                                       },
                                       true};
               }});
}

}  // namespace spate
