#include "spate/io/parquet_format.h"

#include "spate/common/strings.h"
#include "spate/io/file_io.h"
#include "spate/io/parquet_assembly.h"
#include "spate/io/parquet_row_group_filter.h"
#include "spate/io/parquet_writer.h"

namespace spate {

namespace {

// Errors name the file, as every reader's do.
Status inFile(const std::string& path, const Status& st) {
  return Status(st.code(), fmt::format("Parquet file {}: {}", path, st.message()));
}

// An open file and its footer: the file is read a column chunk at a time after that.
struct ParquetFile {
  std::unique_ptr<RandomAccessFile> file;
  parquet::FileMetaData meta;
  std::vector<parquet::SchemaNode> fields;
  size_t leafCount = 0;
};

Result<ParquetFile> openParquet(const std::string& path) {
  ParquetFile f;
  SPATE_ASSIGN_OR_RETURN(f.file, RandomAccessFile::open(path));
  const uint64_t size = f.file->size();
  std::string head, tail, footer;
  auto meta = [&]() -> Result<parquet::FileMetaData> {
    if (size >= 12) {
      SPATE_RETURN_IF_ERROR(f.file->read(0, 4, head));
      SPATE_RETURN_IF_ERROR(f.file->read(size - 8, 8, tail));
    }
    SPATE_ASSIGN_OR_RETURN(uint32_t length, parquet::footerLength(head, tail, size));
    SPATE_RETURN_IF_ERROR(f.file->read(size - 8 - length, length, footer));
    SPATE_ASSIGN_OR_RETURN(parquet::FileMetaData m, parquet::readFileMetaData(footer));
    SPATE_ASSIGN_OR_RETURN(f.fields, parquet::sparkFieldsOf(m.schema));
    return m;
  }();
  if (!meta.ok()) return inFile(path, meta.status());
  f.meta = std::move(*meta);
  for (const auto& field : f.fields) f.leafCount += field.leaves.size();
  return f;
}

// Each leaf node under node, at its leaf number in out.
void leafNodes(const parquet::SchemaNode& node, std::vector<const parquet::SchemaNode*>& out) {
  if (node.kind == parquet::SchemaNode::Kind::kLeaf) {
    out[static_cast<size_t>(node.leaf)] = &node;
    return;
  }
  for (const auto& c : node.children) leafNodes(c, out);
}

// Reads a file a row group at a time, and a row group a batch of rows at a time: only
// the column chunks the request needs are read, and each is decoded as its rows go out.
class ParquetFileStream final : public BatchStream {
 public:
  ParquetFileStream(ParquetFile file, SchemaPtr schema, std::vector<const parquet::SchemaNode*> source,
                    const ScanRequest& request)
      : f_(std::move(file)), schema_(std::move(schema)), source_(std::move(source)), request_(request),
        filter_(request.filter, source_, f_.meta.schema), leafNodes_(f_.leafCount), cursors_(f_.leafCount),
        chunks_(f_.leafCount), chunkPointers_(f_.leafCount) {
    for (size_t i = 0; i < f_.leafCount; ++i) chunkPointers_[i] = &chunks_[i];
    for (const auto& field : f_.fields) leafNodes(field, leafNodes_);
  }

  Result<BatchPtr> next() override {
    auto batch = nextBatch();
    if (!batch.ok()) return inFile(f_.file->path(), batch.status());
    return batch;
  }

 private:
  Result<BatchPtr> nextBatch() {
    while (rowsLeft_ == 0) {
      SPATE_RETURN_IF_ERROR(finishGroup());
      if (nextGroup_ >= f_.meta.rowGroups.size()) return BatchPtr();
      const parquet::RowGroup& group = f_.meta.rowGroups[nextGroup_++];
      if (group.numRows <= 0 || !filter_.mayMatch(group)) continue;
      SPATE_RETURN_IF_ERROR(openGroup(group));
    }
    const int64_t rows = std::min(rowsLeft_, FileFormat::kBatchRows);
    std::vector<ColumnPtr> columns;
    for (size_t i = 0; i < source_.size(); ++i) {
      if (!source_[i] || !request_.reads(i)) {
        columns.push_back(Column::constant(Value::null(), schema_->field(i).type, rows));
        continue;
      }
      for (int l : source_[i]->leaves) {
        SPATE_ASSIGN_OR_RETURN(chunks_[static_cast<size_t>(l)], cursors_[static_cast<size_t>(l)]->next(rows));
      }
      SPATE_ASSIGN_OR_RETURN(ColumnPtr column, parquet::assembleField(*source_[i], chunkPointers_, rows));
      for (int l : source_[i]->leaves) chunks_[static_cast<size_t>(l)] = parquet::LeafChunk{};
      columns.push_back(std::move(column));
    }
    rowsLeft_ -= rows;
    return std::make_shared<const Batch>(schema_, std::move(columns), rows);
  }

  // Reads the group's needed column chunks.
  Status openGroup(const parquet::RowGroup& group) {
    if (group.columns.size() != f_.leafCount) {
      return Status::IOError("a row group has {} columns, the schema {}", group.columns.size(), f_.leafCount);
    }
    for (size_t i = 0; i < source_.size(); ++i) {
      if (!source_[i] || !request_.reads(i)) continue;
      for (int l : source_[i]->leaves) {
        const auto& chunk = group.columns[static_cast<size_t>(l)];
        if (!chunk.metaData) return Status::IOError("a row group lacks column '{}'", source_[i]->name);
        SPATE_ASSIGN_OR_RETURN(auto range, parquet::chunkRange(*chunk.metaData, f_.file->size()));
        std::string bytes;
        SPATE_RETURN_IF_ERROR(f_.file->read(range.first, range.second, bytes));
        const parquet::SchemaNode* leaf = leafNodes_[static_cast<size_t>(l)];
        cursors_[static_cast<size_t>(l)] = std::make_unique<parquet::LeafCursor>(
            std::move(bytes), *chunk.metaData, f_.meta.schema[leaf->element], leaf->type, leaf->maxDefinition,
            leaf->maxRepetition);
      }
    }
    rowsLeft_ = group.numRows;
    return Status::OK();
  }

  // Every chunk of a finished group must have handed out all its values.
  Status finishGroup() {
    for (auto& cursor : cursors_) {
      if (cursor && !cursor->done()) return Status::IOError("a column chunk holds more values than its row group");
      cursor.reset();
    }
    return Status::OK();
  }

  ParquetFile f_;
  SchemaPtr schema_;
  std::vector<const parquet::SchemaNode*> source_;
  ScanRequest request_;
  parquet::RowGroupFilter filter_;
  std::vector<const parquet::SchemaNode*> leafNodes_;              // by leaf number
  std::vector<std::unique_ptr<parquet::LeafCursor>> cursors_;  // by leaf, for the group being read
  std::vector<parquet::LeafChunk> chunks_;
  std::vector<const parquet::LeafChunk*> chunkPointers_;
  size_t nextGroup_ = 0;
  int64_t rowsLeft_ = 0;  // of the group being read
};

}  // namespace

Result<Schema> ParquetFileFormat::inferSchema(const std::vector<std::string>& files, const Options& options) const {
  if (files.empty()) {
    return Status::AnalysisError("Unable to infer schema for Parquet. It must be specified manually.");
  }
  // As Spark without mergeSchema: one file's footer gives the schema.
  SPATE_ASSIGN_OR_RETURN(ParquetFile f, openParquet(files.front()));
  Schema schema;
  for (const auto& field : f.fields) schema.add(field.name, field.type, field.nullable);
  return schema;
}

Result<BatchStreamPtr> ParquetFileFormat::openFile(const std::string& path, const SchemaPtr& schema,
                                                   const Options& options, const ScanRequest& request) const {
  SPATE_ASSIGN_OR_RETURN(ParquetFile f, openParquet(path));
  // The file's field for each requested column, by name as Spark matches them; null
  // reads as nulls.
  std::vector<const parquet::SchemaNode*> source;
  for (const auto& want : schema->fields()) {
    const parquet::SchemaNode* found = nullptr;
    for (const auto& field : f.fields) {
      if (!found && field.name == want.name) found = &field;
    }
    for (const auto& field : f.fields) {
      if (!found && equalsIgnoreCase(field.name, want.name)) found = &field;
    }
    if (found && !found->type->equals(*want.type)) {
      return Status::AnalysisError("Parquet file {}: column '{}' is {} in the file, not {}", path, found->name,
                                   found->type->simpleString(), want.type->simpleString());
    }
    source.push_back(found);
  }
  return BatchStreamPtr(std::make_unique<ParquetFileStream>(std::move(f), schema, std::move(source), request));
}

Result<std::vector<BatchPtr>> ParquetFileFormat::readFile(const std::string& path, const SchemaPtr& schema,
                                                          const Options& options) const {
  SPATE_ASSIGN_OR_RETURN(BatchStreamPtr stream, openFile(path, schema, options, ScanRequest{}));
  return drain(*stream);
}

Status ParquetFileFormat::write(const std::string& dir, const std::vector<BatchPtr>& batches, const SchemaPtr& schema,
                                const Options& options, const std::string& fileNamePrefix) const {
  SPATE_ASSIGN_OR_RETURN(parquet::WriteOptions w, parquet::parquetWriteOptions(options));
  AtomicFileWriter file;
  SPATE_RETURN_IF_ERROR(file.open(dir, partFileName(fileNamePrefix, extension())));
  // Row groups go to the file as they are completed, so a large output is never whole
  // in memory.
  auto sink = [&file](std::string_view bytes) {
    file.buffer().append(bytes);
    return file.flushIfLarge();
  };
  SPATE_ASSIGN_OR_RETURN(std::unique_ptr<parquet::ParquetWriter> writer,
                         parquet::ParquetWriter::open(*schema, w, sink));
  for (const auto& batch : batches) SPATE_RETURN_IF_ERROR(writer->write(*batch));
  SPATE_RETURN_IF_ERROR(writer->finish());
  return file.commit();
}

}  // namespace spate
