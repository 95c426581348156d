#include "spate/io/json_format.h"

#include "spate/io/csv_options.h"
#include "spate/io/json_dom.h"
#include "spate/io/json_infer.h"
#include "spate/io/json_key_filter.h"
#include "spate/io/json_lines.h"

namespace spate {

Result<JsonReadOptions> JsonReadOptions::parse(const Options& o) {
  JsonReadOptions r;
  SPATE_RETURN_IF_ERROR(checkUtf8Encoding(o));
  SPATE_ASSIGN_OR_RETURN(r.mode, parseModeOption(o));
  r.corruptColumn = o.get("columnNameOfCorruptRecord", "_corrupt_record");
  SPATE_ASSIGN_OR_RETURN(r.dateCodec, DateTimeCodec::fromOptions(o, "dateFormat", DateTimeCodec::Kind::kDate));
  SPATE_ASSIGN_OR_RETURN(r.timestampCodec,
                         DateTimeCodec::fromOptions(o, "timestampFormat", DateTimeCodec::Kind::kTimestamp));
  SPATE_ASSIGN_OR_RETURN(r.primitivesAsString, o.getBool("primitivesAsString", false));
  SPATE_ASSIGN_OR_RETURN(r.prefersDecimal, o.getBool("prefersDecimal", false));
  SPATE_ASSIGN_OR_RETURN(r.dropFieldIfAllNull, o.getBool("dropFieldIfAllNull", false));
  SPATE_ASSIGN_OR_RETURN(r.multiLine, o.getBool("multiLine", false));
  SPATE_ASSIGN_OR_RETURN(r.samplingRatio, o.getDouble("samplingRatio", 1.0));
  if (r.samplingRatio <= 0 || r.samplingRatio > 1) {
    return Status::Invalid("Option 'samplingRatio' must be in (0, 1], got {}", o.get("samplingRatio"));
  }
  SPATE_ASSIGN_OR_RETURN(bool allowComments, o.getBool("allowComments", false));
  if (allowComments) return Status::NotImplemented("Option 'allowComments' is not supported by the JSON reader");
  r.lineSep = o.get("lineSep", "");
  if (r.lineSep == "\\n") r.lineSep = "\n";
  if (r.lineSep == "\\r\\n") r.lineSep = "\r\n";
  if (r.lineSep == "\n" || r.lineSep == "\r\n") r.lineSep.clear();
  return r;
}

namespace {

std::string typeName(JsonType t) {
  switch (t) {
    case JsonType::ARRAY: return "an array";
    case JsonType::OBJECT: return "an object";
    case JsonType::STRING: return "a string";
    case JsonType::BOOL: return "a boolean";
    case JsonType::NULL_VALUE: return "null";
    default: return "a number";
  }
}

Status checkJsonSupportsType(const TypePtr& type) {
  switch (type->id()) {
    case TypeId::kInterval:
      return Status::AnalysisError("JSON data source does not support {} data type.", type->simpleString());
    case TypeId::kMap:
      if (type->keyType()->id() != TypeId::kString) {
        return Status::AnalysisError("JSON data source does not support {} data type: map keys must be strings.",
                                     type->simpleString());
      }
      return checkJsonSupportsType(type->valueType());
    default:
      for (const auto& f : type->fields()) SPATE_RETURN_IF_ERROR(checkJsonSupportsType(f.type));
      return Status::OK();
  }
}

// Reads records into batches of the read schema, applying the parse mode to malformed
// ones.
class JsonBatchReader {
 public:
  // columns: how much of each of the schema's columns to read (empty: all); the rest
  // comes out null. It must outlive the reader.
  JsonBatchReader(const JsonReadOptions& o, SchemaPtr schema, int corruptIndex, std::string path,
                  const std::vector<ColumnUse>& columns, std::optional<JsonFirstKeyFilter> keyFilter)
      : o_(o),
        schema_(std::move(schema)),
        corruptIndex_(corruptIndex),
        path_(std::move(path)),
        decoder_(o, dataFields(*schema_, corruptIndex), columns),
        keyFilter_(std::move(keyFilter)) {}

  // One record (a line): parsed, decoded, appended or handled per the mode.
  Status addRecord(std::string_view text, int64_t line) {
    if (keyFilter_ && keyFilter_->rejects(text)) return Status::OK();
    if (textCredit_ > 0) {
      if (decoder_.decodeText(text)) {
        textCredit_ = std::min(textCredit_ + 1, kTextCredit);
        rowAdded();
        return Status::OK();
      }
      textCredit_ -= 8;
    } else if (++textPause_ == 4096) {
      textPause_ = 0;
      textCredit_ = kTextCredit;
    }
    JsonElement doc;
    auto err = parser_.parse(text.data(), text.size(), false).get(doc);
    std::string reason;
    if (err) {
      reason = simdjson::error_message(err);
    } else if (doc.type() == JsonType::OBJECT) {
      if (decoder_.decodeRow(jsonObject(doc), reason)) {
        rowAdded();
        return Status::OK();
      }
    } else if (doc.type() == JsonType::ARRAY) {
      // A line holding an array of objects is a row per object, all or nothing.
      auto arr = jsonArray(doc);
      bool ok = true;
      for (JsonElement e : arr) {
        if (e.type() != JsonType::OBJECT) {
          reason = fmt::format("expected a JSON object, found {}", typeName(e.type()));
          ok = false;
          break;
        }
        if (!decoder_.checkRow(jsonObject(e), reason)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        for (JsonElement e : arr) {
          decoder_.decodeRow(jsonObject(e), reason);
          rowAdded();
        }
        return Status::OK();
      }
    } else {
      reason = fmt::format("expected a JSON object, found {}", typeName(doc.type()));
    }
    switch (o_.mode) {
      case ParseMode::kFailFast:
        return Status::ExecutionError("Malformed JSON record in {} line {}: {}", path_, line, reason);
      case ParseMode::kDropMalformed: return Status::OK();
      case ParseMode::kPermissive:
        decoder_.appendNullRow();
        if (corruptIndex_ >= 0) corrupt_.append(text);
        rowAdded(false);
        return Status::OK();
    }
    return Status::OK();
  }

  std::vector<BatchPtr> finish() {
    flush();
    return std::move(batches_);
  }

 private:
  static std::vector<Field> dataFields(const Schema& schema, int corruptIndex) {
    std::vector<Field> fields;
    for (size_t i = 0; i < schema.size(); ++i) {
      if (static_cast<int>(i) != corruptIndex) fields.push_back(schema.field(i));
    }
    return fields;
  }

  void rowAdded(bool wellFormed = true) {
    if (wellFormed && corruptIndex_ >= 0) corrupt_.appendNull();
    if (decoder_.rows() >= FileFormat::kBatchRows) flush();
  }

  void flush() {
    const int64_t rows = decoder_.rows();
    if (rows == 0) return;
    std::vector<ColumnPtr> cols = decoder_.finish();
    if (corruptIndex_ >= 0) {
      cols.insert(cols.begin() + corruptIndex_, corrupt_.finish());
      corrupt_ = StringColumnBuilder();
    }
    batches_.push_back(std::make_shared<Batch>(schema_, std::move(cols), rows));
  }

  const JsonReadOptions& o_;
  SchemaPtr schema_;
  int corruptIndex_;
  std::string path_;
  simdjson::dom::parser parser_;
  JsonRecordDecoder decoder_;
  std::optional<JsonFirstKeyFilter> keyFilter_;
  StringColumnBuilder corrupt_;
  std::vector<BatchPtr> batches_;
  // When most records are ones decodeText leaves to simdjson (escaped strings, say),
  // trying it first only adds work. Each it leaves costs 8 of its credit, each it
  // decodes earns 1; without credit it rests for 4096 records, then tries again.
  static constexpr int kTextCredit = 64;
  int textCredit_ = kTextCredit;
  int textPause_ = 0;
};

}  // namespace

Result<Schema> JsonFileFormat::inferSchema(const std::vector<std::string>& files, const Options& options) const {
  SPATE_ASSIGN_OR_RETURN(JsonReadOptions o, JsonReadOptions::parse(options));
  if (files.empty()) return Status::AnalysisError("Unable to infer schema for JSON. It must be specified manually.");
  JsonSchemaInferrer inferrer(o);
  simdjson::dom::parser parser;
  int64_t seen = 0;
  for (const auto& path : files) {
    SPATE_RETURN_IF_ERROR(forEachJsonRecord(path, o, [&](std::string_view text, int64_t line) -> Result<bool> {
      int64_t k = seen++;
      if (o.samplingRatio < 1.0 &&
          static_cast<int64_t>((k + 1) * o.samplingRatio) == static_cast<int64_t>(k * o.samplingRatio)) {
        return true;
      }
      JsonElement doc;
      auto err = parser.parse(text.data(), text.size(), false).get(doc);
      if (!err && inferrer.addRecord(doc)) return true;
      switch (o.mode) {
        case ParseMode::kPermissive: inferrer.addCorruptRecord(); break;
        case ParseMode::kDropMalformed: break;
        case ParseMode::kFailFast:
          return Status::ExecutionError(
              "Malformed records are detected in schema inference. Parse Mode: FAILFAST. Malformed JSON record in {} "
              "line {}: {}",
              path, line, err ? simdjson::error_message(err) : "expected a JSON object");
      }
      return true;
    }));
  }
  return inferrer.finish();
}

namespace {

const std::vector<ColumnUse> kAllColumns;

Result<std::vector<BatchPtr>> readJsonFile(const std::string& path, const SchemaPtr& schema, const Options& options,
                                           const ScanRequest& request) {
  SPATE_ASSIGN_OR_RETURN(JsonReadOptions o, JsonReadOptions::parse(options));
  SPATE_ASSIGN_OR_RETURN(CorruptColumnSplit split, splitCorruptColumn(schema, options));
  for (const auto& f : split.dataSchema->fields()) SPATE_RETURN_IF_ERROR(checkJsonSupportsType(f.type));
  // A corrupt-record column needs every field checked to know whether a record is malformed.
  std::optional<JsonFirstKeyFilter> keyFilter;
  if (request.filter) keyFilter = JsonFirstKeyFilter::make(*request.filter, *schema, split.corruptIndex);
  JsonBatchReader reader(o, schema, split.corruptIndex, path, split.corruptIndex >= 0 ? kAllColumns : request.columns,
                         std::move(keyFilter));
  SPATE_RETURN_IF_ERROR(forEachJsonRecord(path, o, [&](std::string_view text, int64_t line) -> Result<bool> {
    SPATE_RETURN_IF_ERROR(reader.addRecord(text, line));
    return true;
  }));
  return reader.finish();
}

}  // namespace

Result<std::vector<BatchPtr>> JsonFileFormat::readFile(const std::string& path, const SchemaPtr& schema,
                                                       const Options& options) const {
  return readJsonFile(path, schema, options, ScanRequest{});
}

Result<BatchStreamPtr> JsonFileFormat::openFile(const std::string& path, const SchemaPtr& schema,
                                                const Options& options, const ScanRequest& request) const {
  SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, readJsonFile(path, schema, options, request));
  return streamOf(std::move(batches));
}

}  // namespace spate
