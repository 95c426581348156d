#include "spate/io/partitioned_write.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "spate/columnar/selection.h"
#include "spate/common/strings.h"
#include "spate/exec/key_table.h"
#include "spate/expr/cast.h"
#include "spate/io/partition_path.h"

namespace spate {

namespace {

BatchPtr dataColumnsOf(const BatchPtr& batch, const PartitionColumns& p) {
  std::vector<ColumnPtr> columns;
  columns.reserve(p.dataIndices.size());
  for (int i : p.dataIndices) columns.push_back(batch->column(static_cast<size_t>(i)));
  return std::make_shared<const Batch>(p.dataSchema, std::move(columns), batch->numRows());
}

// The folder of each distinct key: its values cast to string as Spark does, escaped.
std::vector<std::string> folderNames(const std::vector<ColumnPtr>& keys, const PartitionColumns& p, int64_t numKeys) {
  std::vector<ColumnPtr> text;
  for (const auto& k : keys) {
    auto cast = castColumn(k, DataType::string(), numKeys);
    // Every atomic type casts to string; a failure would be a bug, seen as nulls.
    text.push_back(cast.ok() ? *cast : Column::nulls(DataType::string(), numKeys));
  }
  std::vector<std::string> out(static_cast<size_t>(numKeys));
  for (int64_t g = 0; g < numKeys; ++g) {
    std::string& dir = out[static_cast<size_t>(g)];
    for (size_t c = 0; c < text.size(); ++c) {
      if (c > 0) dir.push_back('/');
      std::optional<std::string_view> value;
      if (!text[c]->isNull(g)) value = text[c]->stringAt(g);
      dir += partitionDirName(p.names[c], value);
    }
  }
  return out;
}

}  // namespace

Result<PartitionColumns> resolvePartitionColumns(const Schema& schema, const std::vector<std::string>& names) {
  PartitionColumns out;
  std::set<int> seen;
  for (const auto& name : names) {
    int index = schema.indexOf(name);
    if (index < 0) {
      return Status::AnalysisError("Partition column `{}` not found in schema {}", name,
                                   schema.asStructType()->simpleString());
    }
    if (!seen.insert(index).second) {
      return Status::AnalysisError(
          "[COLUMN_ALREADY_EXISTS] The column `{}` already exists. Consider to choose another name or rename the "
          "existing column.",
          toLower(name));
    }
    const Field& f = schema.field(static_cast<size_t>(index));
    if (f.type->isNested()) {
      return Status::AnalysisError("Cannot use {} for partition column", f.type->simpleString());
    }
    out.indices.push_back(index);
    out.names.push_back(f.name);
  }
  if (!out.indices.empty() && out.indices.size() == schema.size()) {
    return Status::AnalysisError("Cannot use all columns for partition columns");
  }
  Schema data;
  for (size_t i = 0; i < schema.size(); ++i) {
    if (seen.contains(static_cast<int>(i))) continue;
    out.dataIndices.push_back(static_cast<int>(i));
    const Field& f = schema.field(i);
    data.add(f.name, f.type, f.nullable);
  }
  out.dataSchema = std::make_shared<const Schema>(std::move(data));
  return out;
}

namespace {

// Consecutive batches joined into chunks of about kChunkRows: with many partition
// values each batch falls into many small groups, and every group of every batch is a
// gather and a batch of its own; chunks make those pieces fewer and larger.
constexpr int64_t kChunkRows = int64_t{1} << 20;

std::vector<BatchPtr> chunked(const std::vector<BatchPtr>& rows) {
  std::vector<BatchPtr> out;
  std::vector<BatchPtr> pending;
  int64_t pendingRows = 0;
  auto flush = [&] {
    if (pending.empty()) return;
    out.push_back(concatBatches(pending[0]->schema(), pending));
    pending.clear();
    pendingRows = 0;
  };
  for (const auto& b : rows) {
    if (b->numRows() == 0) continue;
    if (pendingRows + b->numRows() > kChunkRows) flush();
    pending.push_back(b);
    pendingRows += b->numRows();
  }
  flush();
  return out;
}

}  // namespace

std::vector<PartitionGroup> splitByPartition(const std::vector<BatchPtr>& input, const PartitionColumns& p) {
  if (p.empty()) return {PartitionGroup{"", input}};
  const std::vector<BatchPtr> rows = chunked(input);
  std::vector<TypePtr> keyTypes;
  for (int i : p.indices) keyTypes.push_back(rows.empty() ? DataType::null() : rows[0]->schema()->field(i).type);
  exec::KeyTable table(keyTypes, /*nullsMatch=*/true);
  std::vector<std::vector<BatchPtr>> byKey;
  std::vector<uint32_t> ids;
  std::vector<int32_t> order;
  std::vector<int64_t> starts;
  for (const auto& batch : rows) {
    const int64_t n = batch->numRows();
    if (n == 0) continue;
    std::vector<ColumnPtr> keys;
    for (int i : p.indices) keys.push_back(Column::flatten(batch->column(static_cast<size_t>(i))));
    ids.resize(static_cast<size_t>(n));
    table.insert(keys, n, ids.data());
    const auto numKeys = static_cast<size_t>(table.size());
    byKey.resize(numKeys);
    BatchPtr data = dataColumnsOf(batch, p);
    const bool oneKey = std::all_of(ids.begin(), ids.end(), [&](uint32_t id) { return id == ids[0]; });
    if (oneKey) {
      byKey[ids[0]].push_back(std::move(data));
      continue;
    }
    // A counting sort of the rows by key, then one gather per key.
    starts.assign(numKeys + 1, 0);
    for (uint32_t id : ids) ++starts[id + 1];
    for (size_t k = 0; k < numKeys; ++k) starts[k + 1] += starts[k];
    order.resize(static_cast<size_t>(n));
    std::vector<int64_t> next(starts.begin(), starts.end() - 1);
    for (int64_t r = 0; r < n; ++r) {
      order[static_cast<size_t>(next[ids[static_cast<size_t>(r)]]++)] = static_cast<int32_t>(r);
    }
    for (size_t k = 0; k < numKeys; ++k) {
      const int64_t count = starts[k + 1] - starts[k];
      if (count == 0) continue;
      const int32_t* indices = order.data() + starts[k];
      std::vector<ColumnPtr> columns;
      columns.reserve(data->numColumns());
      for (const auto& c : data->columns()) columns.push_back(take(c, indices, count));
      byKey[k].push_back(std::make_shared<const Batch>(p.dataSchema, std::move(columns), count));
    }
  }
  std::vector<std::string> dirs = folderNames(table.keyColumns(), p, table.size());
  // A null and an empty string share __HIVE_DEFAULT_PARTITION__: one folder for both.
  std::map<std::string, std::vector<BatchPtr>> byDir;
  for (size_t k = 0; k < dirs.size(); ++k) {
    auto& target = byDir[dirs[k]];
    target.insert(target.end(), byKey[k].begin(), byKey[k].end());
  }
  std::vector<PartitionGroup> out;
  out.reserve(byDir.size());
  for (auto& [dir, batches] : byDir) out.push_back(PartitionGroup{dir, std::move(batches)});
  return out;
}

std::vector<std::vector<BatchPtr>> splitByRecordCount(const std::vector<BatchPtr>& rows, int64_t maxRows) {
  std::vector<std::vector<BatchPtr>> runs;
  int64_t inRun = 0;
  for (const auto& b : rows) {
    for (int64_t offset = 0; offset < b->numRows();) {
      if (runs.empty() || (maxRows > 0 && inRun == maxRows)) {
        runs.emplace_back();
        inRun = 0;
      }
      int64_t take = b->numRows() - offset;
      if (maxRows > 0) take = std::min(take, maxRows - inRun);
      runs.back().push_back(offset == 0 && take == b->numRows() ? b : sliceBatch(b, offset, take));
      inRun += take;
      offset += take;
    }
  }
  return runs;
}

Status writePartFiles(const FileFormat& format, const std::string& dir, const std::vector<BatchPtr>& rows,
                      const SchemaPtr& schema, const PartitionColumns& partitioning, const Options& options,
                      int64_t maxRecordsPerFile, int firstFileNumber) {
  const SchemaPtr& fileSchema = partitioning.empty() ? schema : partitioning.dataSchema;
  for (const auto& group : splitByPartition(rows, partitioning)) {
    const std::string target = group.dir.empty() ? dir : dir + "/" + group.dir;
    auto runs = splitByRecordCount(group.batches, maxRecordsPerFile);
    for (size_t i = 0; i < runs.size(); ++i) {
      SPATE_RETURN_IF_ERROR(format.write(target, runs[i], fileSchema, options,
                                         fmt::format("part-{:05d}", firstFileNumber + static_cast<int>(i))));
    }
  }
  return Status::OK();
}

}  // namespace spate
