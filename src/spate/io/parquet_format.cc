#include "spate/io/parquet_format.h"

#include "spate/columnar/selection.h"
#include "spate/common/strings.h"
#include "spate/io/file_io.h"
#include "spate/io/parquet_assembly.h"
#include "spate/io/parquet_compression.h"
#include "spate/io/parquet_row_group_filter.h"
#include "spate/io/parquet_writer.h"

namespace spate {

namespace {

// Errors name the file, as every reader's do.
Status inFile(const std::string& path, const Status& st) {
  return Status(st.code(), fmt::format("Parquet file {}: {}", path, st.message()));
}

struct ParquetFile {
  std::string bytes;
  parquet::FileMetaData meta;
};

Result<ParquetFile> openParquet(const std::string& path) {
  ParquetFile f;
  SPATE_ASSIGN_OR_RETURN(f.bytes, readWholeFile(path));
  auto meta = parquet::readFooter(f.bytes);
  if (!meta.ok()) return inFile(path, meta.status());
  f.meta = std::move(*meta);
  return f;
}

Result<std::vector<parquet::SchemaNode>> fieldsOf(const std::string& path, const parquet::FileMetaData& meta) {
  auto fields = parquet::sparkFieldsOf(meta.schema);
  if (!fields.ok()) return inFile(path, fields.status());
  return fields;
}

// The leaf numbered leaf under node.
const parquet::SchemaNode* findLeaf(const parquet::SchemaNode& node, int leaf) {
  if (node.kind == parquet::SchemaNode::Kind::kLeaf) return node.leaf == leaf ? &node : nullptr;
  for (const auto& c : node.children) {
    if (const auto* found = findLeaf(c, leaf)) return found;
  }
  return nullptr;
}

}  // namespace

Result<Schema> ParquetFileFormat::inferSchema(const std::vector<std::string>& files, const Options& options) const {
  if (files.empty()) {
    return Status::AnalysisError("Unable to infer schema for Parquet. It must be specified manually.");
  }
  // As Spark without mergeSchema: one file's footer gives the schema.
  SPATE_ASSIGN_OR_RETURN(ParquetFile f, openParquet(files.front()));
  SPATE_ASSIGN_OR_RETURN(std::vector<parquet::SchemaNode> fields, fieldsOf(files.front(), f.meta));
  Schema schema;
  for (const auto& field : fields) schema.add(field.name, field.type, field.nullable);
  return schema;
}

Result<std::vector<BatchPtr>> ParquetFileFormat::readFile(const std::string& path, const SchemaPtr& schema,
                                                          const Options& options) const {
  return scanFile(path, schema, options, ScanRequest{});
}

Result<std::vector<BatchPtr>> ParquetFileFormat::scanFile(const std::string& path, const SchemaPtr& schema,
                                                          const Options& options, const ScanRequest& request) const {
  SPATE_ASSIGN_OR_RETURN(ParquetFile f, openParquet(path));
  SPATE_ASSIGN_OR_RETURN(std::vector<parquet::SchemaNode> fields, fieldsOf(path, f.meta));
  // The file's field for each requested column; null reads as nulls.
  std::vector<const parquet::SchemaNode*> source;
  size_t leafCount = 0;
  for (const auto& field : fields) {
    std::vector<int> leaves;
    field.leaves(leaves);
    leafCount += leaves.size();
  }
  for (const auto& want : schema->fields()) {
    const parquet::SchemaNode* found = nullptr;
    for (const auto& field : fields) {
      if (!found && field.name == want.name) found = &field;
    }
    for (const auto& field : fields) {
      if (!found && equalsIgnoreCase(field.name, want.name)) found = &field;
    }
    if (found && !found->type->equals(*want.type)) {
      return Status::AnalysisError("Parquet file {}: column '{}' is {} in the file, not {}", path, found->name,
                                   found->type->simpleString(), want.type->simpleString());
    }
    source.push_back(found);
  }
  std::vector<BatchPtr> batches;
  std::vector<parquet::LeafChunk> chunks(leafCount);
  std::vector<const parquet::LeafChunk*> chunkPointers(leafCount);
  for (size_t i = 0; i < leafCount; ++i) chunkPointers[i] = &chunks[i];
  parquet::RowGroupFilter rowGroupFilter(request.filter, source, f.meta.schema);
  for (const auto& group : f.meta.rowGroups) {
    if (group.numRows == 0 || !rowGroupFilter.mayMatch(group)) continue;
    if (group.columns.size() != leafCount) {
      return Status::IOError("Parquet file {}: a row group has {} columns, the schema {}", path, group.columns.size(),
                             leafCount);
    }
    std::vector<ColumnPtr> columns;
    for (size_t i = 0; i < source.size(); ++i) {
      if (!source[i] || !request.reads(i)) {
        columns.push_back(Column::constant(Value::null(), schema->field(i).type, group.numRows));
        continue;
      }
      std::vector<int> leaves;
      source[i]->leaves(leaves);
      for (int l : leaves) {
        const auto& chunk = group.columns[static_cast<size_t>(l)];
        if (!chunk.metaData) {
          return Status::IOError("Parquet file {}: a row group lacks column '{}'", path, source[i]->name);
        }
        const parquet::SchemaNode* leaf = findLeaf(*source[i], l);
        auto read = parquet::readLeafChunk(f.bytes, *chunk.metaData, f.meta.schema[leaf->element], leaf->type,
                                           leaf->maxDefinition, leaf->maxRepetition);
        if (!read.ok()) return inFile(path, read.status());
        chunks[static_cast<size_t>(l)] = std::move(*read);
      }
      auto column = parquet::assembleField(*source[i], chunkPointers, group.numRows);
      if (!column.ok()) return inFile(path, column.status());
      for (int l : leaves) chunks[static_cast<size_t>(l)] = parquet::LeafChunk{};
      columns.push_back(std::move(*column));
    }
    auto batch = std::make_shared<const Batch>(schema, std::move(columns), group.numRows);
    for (int64_t at = 0; at < batch->numRows(); at += kBatchRows) {
      batches.push_back(at == 0 && batch->numRows() <= kBatchRows
                            ? batch
                            : sliceBatch(batch, at, std::min(kBatchRows, batch->numRows() - at)));
    }
  }
  return batches;
}

Status ParquetFileFormat::write(const std::string& dir, const std::vector<BatchPtr>& batches, const SchemaPtr& schema,
                                const Options& options, const std::string& fileNamePrefix) const {
  parquet::WriteOptions w;
  SPATE_ASSIGN_OR_RETURN(w.codec, parquet::codecByName(options.get("compression", "snappy")));
  SPATE_ASSIGN_OR_RETURN(std::string bytes, parquet::writeParquetFile(batches, *schema, w));
  AtomicFileWriter file;
  SPATE_RETURN_IF_ERROR(file.open(dir, partFileName(fileNamePrefix, extension())));
  file.buffer() = std::move(bytes);
  return file.commit();
}

}  // namespace spate
