#include "spate/io/delta_files.h"

#include "spate/common/datetime.h"
#include "spate/common/strings.h"
#include "spate/io/delta_table.h"
#include "spate/io/parquet_format.h"
#include "spate/io/value_text.h"

namespace spate::delta {

namespace {

bool partitionTypeSupported(const DataType& type) {
  if (type.isNumeric()) return type.id() != TypeId::kDecimal;
  return type.id() == TypeId::kBoolean || type.id() == TypeId::kString || type.id() == TypeId::kDate ||
         type.id() == TypeId::kTimestamp;
}

}  // namespace

Result<Value> partitionValue(const std::optional<std::string>& text, const DataType& type, const std::string& column) {
  if (!text) return Value();
  const std::string& s = *text;
  if (type.id() == TypeId::kString) return Value::string(s);
  if (s.empty()) return Value();
  auto bad = [&] {
    return Status::Invalid("Delta partition column '{}': '{}' is not a {} value", column, s, type.simpleString());
  };
  switch (type.id()) {
    case TypeId::kBoolean: {
      bool b = false;
      if (!parseJavaBoolean(s, b)) return bad();
      return Value::boolean(b);
    }
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: {
      int64_t v = 0;
      if (!parseJavaLong(s, v)) return bad();
      return Value::integer(v);
    }
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double d = 0;
      if (!parseJavaDouble(s, d)) return bad();
      return Value::fractional(d);
    }
    case TypeId::kDate: {
      auto days = parseDate(s);
      if (!days) return bad();
      return Value::integer(*days);
    }
    case TypeId::kTimestamp: {
      auto micros = parseTimestamp(s);
      if (!micros) return bad();
      return Value::integer(*micros);
    }
    default:
      return Status::NotImplemented("Delta partition column '{}' of type {} is not read yet", column,
                                    type.simpleString());
  }
}

Result<DataFileReader> DataFileReader::make(const DeltaLog& log, const Schema& tableSchema,
                                            const std::vector<std::string>& partitionColumns, Options options) {
  DataFileReader r;
  r.tableDir_ = log.tableDir();
  r.schema_ = std::make_shared<const Schema>(tableSchema);
  r.options_ = std::move(options);
  Schema fileSchema;
  for (const auto& f : tableSchema.fields()) {
    bool partition = false;
    for (const auto& p : partitionColumns) partition = partition || equalsIgnoreCase(p, f.name);
    if (partition && !partitionTypeSupported(*f.type)) {
      return Status::NotImplemented("Delta table {}: partition column '{}' of type {} is not read yet",
                                    log.tableDir(), f.name, f.type->simpleString());
    }
    r.partitionName_.push_back(partition ? f.name : "");
    r.fileColumn_.push_back(partition ? -1 : static_cast<int>(fileSchema.size()));
    if (!partition) fileSchema.add(f.name, f.type, f.nullable);
  }
  for (const auto& p : partitionColumns) {
    if (tableSchema.indexOf(p) < 0) {
      return Status::Invalid("Delta table {}: partition column '{}' is not in the schema", log.tableDir(), p);
    }
  }
  r.fileSchema_ = std::make_shared<const Schema>(std::move(fileSchema));
  return r;
}

Result<BatchStreamPtr> DataFileReader::open(const AddAction& add, const ScanRequest& request) const {
  DeltaLog log(tableDir_);
  SPATE_ASSIGN_OR_RETURN(std::string path, dataFilePath(log, add));
  // The request as the file sees it: its columns are fileSchema_'s.
  ScanRequest fileRequest;
  fileRequest.eval = request.eval;
  if (!request.columns.empty()) {
    fileRequest.columns.assign(fileSchema_->size(), ColumnUse{});
    for (size_t c = 0; c < schema_->size(); ++c) {
      if (fileColumn_[c] >= 0 && request.reads(c)) fileRequest.columns[static_cast<size_t>(fileColumn_[c])] = request.columns[c];
    }
  }
  if (request.filter) {
    fileRequest.filter = *request.filter;
    for (int& c : fileRequest.filter->scanColumn) c = c >= 0 ? fileColumn_[static_cast<size_t>(c)] : -1;
  }
  ParquetFileFormat parquet;
  SPATE_ASSIGN_OR_RETURN(BatchStreamPtr stream, parquet.openFile(path, fileSchema_, options_, fileRequest));
  bool partitioned = fileSchema_->size() != schema_->size();
  if (!partitioned) return stream;
  // The file's partition values, once: each batch gets them as constant columns.
  std::vector<Value> values(schema_->size());
  for (size_t c = 0; c < schema_->size(); ++c) {
    if (partitionName_[c].empty()) continue;
    std::optional<std::string> text;
    for (const auto& [k, v] : add.partitionValues) {
      if (equalsIgnoreCase(k, partitionName_[c])) text = v;
    }
    SPATE_ASSIGN_OR_RETURN(values[c], partitionValue(text, *schema_->field(c).type, partitionName_[c]));
  }
  return mapStream(std::move(stream), [schema = schema_, fileColumn = fileColumn_,
                                       values = std::move(values)](BatchPtr b) -> Result<BatchPtr> {
    std::vector<ColumnPtr> columns;
    for (size_t c = 0; c < schema->size(); ++c) {
      columns.push_back(fileColumn[c] >= 0 ? b->column(static_cast<size_t>(fileColumn[c]))
                                           : Column::constant(values[c], schema->field(c).type, b->numRows()));
    }
    return std::make_shared<const Batch>(schema, std::move(columns), b->numRows());
  });
}

Result<std::vector<BatchPtr>> DataFileReader::read(const AddAction& add) const {
  SPATE_ASSIGN_OR_RETURN(BatchStreamPtr stream, open(add, ScanRequest{}));
  return drain(*stream);
}

}  // namespace spate::delta
