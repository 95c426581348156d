#include "spate/io/text_format.h"

#include <cstring>

#include "spate/columnar/builder.h"
#include "spate/io/csv_options.h"
#include "spate/io/file_io.h"

namespace spate {

namespace {

Status checkTextSchema(const Schema& schema) {
  if (schema.size() != 1) {
    return Status::AnalysisError("Text data source supports only a single column, and you have {} columns.",
                                 schema.size());
  }
  if (schema.field(0).type->id() != TypeId::kString) {
    return Status::AnalysisError("Text data source does not support {} data type.",
                                 schema.field(0).type->simpleString());
  }
  return Status::OK();
}

// The lineSep option; empty means "\n", "\r\n" or "\r".
std::string lineSepOption(const Options& options) {
  std::string sep = options.get("lineSep", "");
  if (sep == "\\n") return "\n";
  if (sep == "\\r\\n") return "\r\n";
  if (sep == "\\r") return "\r";
  return sep;
}

}  // namespace

Result<Schema> TextFileFormat::inferSchema(const std::vector<std::string>& files, const Options& options) const {
  return Schema().add("value", DataType::string());
}

Result<std::vector<BatchPtr>> TextFileFormat::readFile(const std::string& path, const SchemaPtr& schema,
                                                       const Options& options) const {
  SPATE_RETURN_IF_ERROR(checkTextSchema(*schema));
  SPATE_RETURN_IF_ERROR(checkUtf8Encoding(options));
  SPATE_ASSIGN_OR_RETURN(bool wholeText, options.getBool("wholetext", false));
  std::vector<BatchPtr> batches;
  if (wholeText) {
    SPATE_ASSIGN_OR_RETURN(std::string text, readWholeFile(path));
    StringColumnBuilder b(DataType::string(), 1, static_cast<int64_t>(text.size()));
    b.append(text);
    batches.push_back(std::make_shared<Batch>(schema, std::vector<ColumnPtr>{b.finish()}, 1));
    return batches;
  }
  const std::string sep = lineSepOption(options);
  ChunkReader reader(path);
  SPATE_RETURN_IF_ERROR(reader.open());
  auto builder = std::make_unique<StringColumnBuilder>(DataType::string(), kBatchRows, 1 << 20);
  auto flush = [&] {
    int64_t n = builder->length();
    if (n == 0) return;
    batches.push_back(std::make_shared<Batch>(schema, std::vector<ColumnPtr>{builder->finish()}, n));
    builder = std::make_unique<StringColumnBuilder>(DataType::string(), kBatchRows, 1 << 20);
  };
  for (;;) {
    const char* p = reader.data();
    const char* end = p + reader.size();
    const char *lineEnd, *next;
    while (p < end && findLineEnd(p, end, reader.eof(), sep, lineEnd, next)) {
      builder->append(std::string_view(p, static_cast<size_t>(lineEnd - p)));
      if (builder->length() == kBatchRows) flush();
      p = next;
    }
    size_t consumed = static_cast<size_t>(p - reader.data());
    if (reader.eof()) break;
    SPATE_RETURN_IF_ERROR(reader.advance(consumed));
  }
  flush();
  return batches;
}

Status TextFileFormat::write(const std::string& dir, const std::vector<BatchPtr>& batches, const SchemaPtr& schema,
                             const Options& options, const std::string& fileNamePrefix) const {
  SPATE_RETURN_IF_ERROR(checkTextSchema(*schema));
  SPATE_RETURN_IF_ERROR(checkNoCompression(options));
  std::string sep = lineSepOption(options);
  if (sep.empty()) sep.push_back('\n');
  AtomicFileWriter file;
  SPATE_RETURN_IF_ERROR(file.open(dir, partFileName(fileNamePrefix, extension())));
  std::string& out = file.buffer();
  for (const auto& batch : batches) {
    ColumnPtr c = Column::flatten(batch->column(0));
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      if (!c->isNull(r)) out += c->stringAt(r);
      out += sep;
    }
    SPATE_RETURN_IF_ERROR(file.flushIfLarge());
  }
  return file.commit();
}

}  // namespace spate
