#include "spate/exec/stateful/stateful_operator.h"

namespace spate::exec {

Result<state::StateStore*> StatefulOperator::loadSingleStore(const StatefulOperatorInfo& info) {
  if (!singleProvider_) {
    SPATE_ASSIGN_OR_RETURN(singleProvider_, state::createInMemoryStateStoreProvider(
                                                state::StateStoreId{info.stateRoot, info.operatorId, 0},
                                                info.storeConf));
  }
  return singleProvider_->load(batchId_);
}

}  // namespace spate::exec
