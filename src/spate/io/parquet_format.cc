#include "spate/io/parquet_format.h"

#include "spate/columnar/selection.h"
#include "spate/common/strings.h"
#include "spate/io/file_io.h"
#include "spate/io/parquet_column_reader.h"
#include "spate/io/parquet_compression.h"
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

// The top-level leaves: schema index per column, in file order.
Result<std::vector<size_t>> flatLeaves(const std::string& path, const parquet::FileMetaData& meta) {
  std::vector<size_t> leaves;
  const auto& s = meta.schema;
  int32_t children = s[0].numChildren.value_or(0);
  size_t at = 1;
  for (int32_t c = 0; c < children; ++c) {
    if (at >= s.size()) return Status::IOError("Parquet file {}: its schema has fewer columns than it says", path);
    if (s[at].numChildren.value_or(0) > 0 || !s[at].type) {
      return Status::NotImplemented("Parquet file {}: nested column '{}' is not read yet", path, s[at].name);
    }
    if (s[at].repetition == parquet::Repetition::kRepeated) {
      return Status::NotImplemented("Parquet file {}: repeated column '{}' is not read yet", path, s[at].name);
    }
    leaves.push_back(at++);
  }
  return leaves;
}

}  // namespace

Result<Schema> ParquetFileFormat::inferSchema(const std::vector<std::string>& files, const Options& options) const {
  if (files.empty()) {
    return Status::AnalysisError("Unable to infer schema for Parquet. It must be specified manually.");
  }
  // As Spark without mergeSchema: one file's footer gives the schema.
  SPATE_ASSIGN_OR_RETURN(ParquetFile f, openParquet(files.front()));
  SPATE_ASSIGN_OR_RETURN(std::vector<size_t> leaves, flatLeaves(files.front(), f.meta));
  Schema schema;
  for (size_t i : leaves) {
    auto type = parquet::sparkTypeOf(f.meta.schema[i]);
    if (!type.ok()) return inFile(files.front(), type.status());
    schema.add(f.meta.schema[i].name, *type, f.meta.schema[i].repetition != parquet::Repetition::kRequired);
  }
  return schema;
}

Result<std::vector<BatchPtr>> ParquetFileFormat::readFile(const std::string& path, const SchemaPtr& schema,
                                                          const Options& options) const {
  SPATE_ASSIGN_OR_RETURN(ParquetFile f, openParquet(path));
  SPATE_ASSIGN_OR_RETURN(std::vector<size_t> leaves, flatLeaves(path, f.meta));
  // Each requested column's position among the file's columns; -1 reads as nulls.
  std::vector<int> source;
  for (const auto& field : schema->fields()) {
    int found = -1;
    for (size_t c = 0; c < leaves.size() && found < 0; ++c) {
      if (f.meta.schema[leaves[c]].name == field.name) found = static_cast<int>(c);
    }
    for (size_t c = 0; c < leaves.size() && found < 0; ++c) {
      if (equalsIgnoreCase(f.meta.schema[leaves[c]].name, field.name)) found = static_cast<int>(c);
    }
    source.push_back(found);
  }
  std::vector<BatchPtr> batches;
  for (const auto& group : f.meta.rowGroups) {
    if (group.numRows == 0) continue;
    std::vector<ColumnPtr> columns;
    for (size_t i = 0; i < source.size(); ++i) {
      const TypePtr& want = schema->field(i).type;
      if (source[i] < 0) {
        columns.push_back(Column::nulls(want, group.numRows));
        continue;
      }
      auto c = static_cast<size_t>(source[i]);
      if (c >= group.columns.size() || !group.columns[c].metaData) {
        return Status::IOError("Parquet file {}: a row group lacks column '{}'", path, schema->field(i).name);
      }
      const parquet::SchemaElement& leaf = f.meta.schema[leaves[c]];
      int maxDef = leaf.repetition == parquet::Repetition::kRequired ? 0 : 1;
      auto column = parquet::readFlatColumnChunk(f.bytes, *group.columns[c].metaData, leaf, maxDef);
      if (!column.ok()) return inFile(path, column.status());
      if (!(*column)->type()->equals(*want)) {
        return Status::AnalysisError("Parquet file {}: column '{}' is {} in the file, not {}", path, leaf.name,
                                     (*column)->type()->simpleString(), want->simpleString());
      }
      if ((*column)->length() != group.numRows) {
        return Status::IOError("Parquet file {}: column '{}' has {} values in a row group of {} rows", path, leaf.name,
                               (*column)->length(), group.numRows);
      }
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
