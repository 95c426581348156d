#pragma once

#include <memory>

#include "spate/io/partition_discovery.h"
#include "spate/expr/scan_request.h"

namespace spate {

// Partition pruning: the files of a partitioned table that a filter can keep rows of.
// schema is the table's (the data columns, then the partition columns). The filter's
// AND-ed parts that read partition columns only (and are deterministic) are evaluated
// on one row of partition values per file, and a file is dropped when one of them is
// false or null there. files itself comes back when nothing can be pruned.
Result<std::shared_ptr<const PartitionedFiles>> prunePartitions(const std::shared_ptr<const PartitionedFiles>& files,
                                                                const Schema& schema, const ScanFilter& filter,
                                                                EvalContext& ctx);

}  // namespace spate
