#include "spate/exec/stateful/stateful_operator.h"

#include <utility>

namespace spate::exec {

Result<state::StateStore*> StatefulOperator::loadSingleStore(const StatefulOperatorInfo& info) {
  if (!singleProvider_) {
    SPATE_ASSIGN_OR_RETURN(singleProvider_, state::createInMemoryStateStoreProvider(
                                                state::StateStoreId{info.stateRoot, info.operatorId, 0},
                                                info.storeConf));
  }
  return singleProvider_->load(batchId_);
}

void StatefulOperator::addLateRows(BatchPtr rows) {
  std::lock_guard<std::mutex> lock(lateMu_);
  lateRows_.push_back(std::move(rows));
}

std::vector<BatchPtr> StatefulOperator::takeLateRows() {
  std::lock_guard<std::mutex> lock(lateMu_);
  return std::exchange(lateRows_, {});
}

}  // namespace spate::exec
