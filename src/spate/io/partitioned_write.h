#pragma once

// Writing rows as part files the way Spark's FileFormatWriter does: split into Hive-style
// partition folders by the partitionBy columns (which the files then do not hold), and
// into files of at most maxRecordsPerFile rows. Used by df.write and the file sink.

#include <string>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/common/status.h"
#include "spate/io/file_format.h"

namespace spate {

// partitionBy(...) resolved against the schema of the rows to write.
struct PartitionColumns {
  std::vector<int> indices;      // the partition columns, in partitionBy order
  std::vector<std::string> names;  // as the schema spells them (case-insensitive lookup)
  std::vector<int> dataIndices;  // the other columns, in schema order
  SchemaPtr dataSchema;          // what the files hold

  bool empty() const { return indices.empty(); }
};

// Spark's checks: every name is a column ("Partition column `x` not found in schema
// struct<...>"), none twice, none of a nested type, and not every column.
Result<PartitionColumns> resolvePartitionColumns(const Schema& schema, const std::vector<std::string>& names);

// The rows of one partition folder.
struct PartitionGroup {
  std::string dir;  // relative: "a=1/b=x"; empty when not partitioned
  std::vector<BatchPtr> batches;  // data columns only
};

// Groups rows by their partition values: the key columns are hashed once per batch
// and each group's rows gathered together; folder names are formatted once per
// distinct key. Groups come sorted by folder name.
std::vector<PartitionGroup> splitByPartition(const std::vector<BatchPtr>& rows, const PartitionColumns& partitioning);

// Rows cut into runs of at most maxRows (0: one run), for maxRecordsPerFile.
std::vector<std::vector<BatchPtr>> splitByRecordCount(const std::vector<BatchPtr>& rows, int64_t maxRows);

// Writes rows under dir as part files "part-NNNNN-<uuid><ext>", numbered from
// firstFileNumber in each folder: into partition folders when partitioning has
// columns, each file at most maxRecordsPerFile rows (0: no limit).
Status writePartFiles(const FileFormat& format, const std::string& dir, const std::vector<BatchPtr>& rows,
                      const SchemaPtr& schema, const PartitionColumns& partitioning, const Options& options,
                      int64_t maxRecordsPerFile, int firstFileNumber);

}  // namespace spate
