#include "spate/expr/collection_functions.h"

namespace spate {

void registerCollectionFunctions(FunctionRegistry& r) {
  registerCollectionConstructors(r);
  registerCollectionAccessors(r);
  registerArrayTransforms(r);
}

}  // namespace spate
