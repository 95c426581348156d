#include "spate/io/partition_pruning.h"

#include "spate/columnar/builder.h"
#include "spate/columnar/selection.h"

namespace spate {

namespace {

// Whether e reads columns, all of them partition columns of the scan.
bool readsOnlyPartitionColumns(const BoundExpr& e, const ScanFilter& filter, int firstPartition, bool& readsAny) {
  int ordinal = e.columnOrdinal();
  if (ordinal >= 0) {
    readsAny = true;
    return static_cast<size_t>(ordinal) < filter.scanColumn.size() &&
           filter.scanColumn[static_cast<size_t>(ordinal)] >= firstPartition;
  }
  for (const auto& c : e.children()) {
    if (!readsOnlyPartitionColumns(*c, filter, firstPartition, readsAny)) return false;
  }
  return true;
}

void partitionConjuncts(const BoundExprPtr& e, const ScanFilter& filter, int firstPartition,
                        std::vector<BoundExprPtr>& out) {
  const std::string* fn = e->functionName();
  if (fn && *fn == "and" && e->children().size() == 2) {
    for (const auto& c : e->children()) partitionConjuncts(c, filter, firstPartition, out);
    return;
  }
  bool readsAny = false;
  if (e->deterministic() && readsOnlyPartitionColumns(*e, filter, firstPartition, readsAny) && readsAny) {
    out.push_back(e);
  }
}

// One row per file, laid out as the filter's input: partition columns hold the file's
// values, every other column is null (no usable conjunct reads it).
Batch partitionRows(const PartitionedFiles& files, const ScanFilter& filter, int firstPartition) {
  const auto n = static_cast<int64_t>(files.files.size());
  std::vector<ColumnPtr> columns;
  for (size_t i = 0; i < filter.input->size(); ++i) {
    const TypePtr& type = filter.input->field(i).type;
    const int scanColumn = filter.scanColumn[i];
    if (scanColumn < firstPartition) {
      columns.push_back(Column::nulls(type, n));
      continue;
    }
    ColumnBuilder builder(type);
    for (const auto& values : files.values) builder.append(values[static_cast<size_t>(scanColumn - firstPartition)]);
    columns.push_back(builder.finish());
  }
  return Batch(filter.input, std::move(columns), n);
}

}  // namespace

Result<std::shared_ptr<const PartitionedFiles>> prunePartitions(const std::shared_ptr<const PartitionedFiles>& files,
                                                                const Schema& schema, const ScanFilter& filter,
                                                                EvalContext& ctx) {
  const size_t numPartition = files->partitionSchema->size();
  if (numPartition == 0 || !filter.predicate || files->files.empty()) return files;
  const int firstPartition = static_cast<int>(schema.size() - numPartition);
  std::vector<BoundExprPtr> conjuncts;
  partitionConjuncts(filter.predicate, filter, firstPartition, conjuncts);
  if (conjuncts.empty()) return files;

  Batch rows = partitionRows(*files, filter, firstPartition);
  std::vector<bool> keep(files->files.size(), true);
  for (const auto& conjunct : conjuncts) {
    SPATE_ASSIGN_OR_RETURN(ColumnPtr result, conjunct->eval(rows, ctx));
    std::vector<bool> passed(keep.size(), false);
    for (int32_t row : selectTrue(*result)) passed[static_cast<size_t>(row)] = true;
    for (size_t i = 0; i < keep.size(); ++i) keep[i] = keep[i] && passed[i];
  }
  auto pruned = std::make_shared<PartitionedFiles>();
  pruned->partitionSchema = files->partitionSchema;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (!keep[i]) continue;
    pruned->files.push_back(files->files[i]);
    pruned->values.push_back(files->values[i]);
  }
  return std::shared_ptr<const PartitionedFiles>(std::move(pruned));
}

}  // namespace spate
