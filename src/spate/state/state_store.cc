#include "spate/state/state_store.h"

#include <fmt/format.h>

namespace spate::state {

std::string StateStoreId::directory() const { return fmt::format("{}/{}/{}", stateRoot, operatorId, partitionId); }

}  // namespace spate::state
