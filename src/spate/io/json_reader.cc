#include "spate/io/json_format.h"

#include <algorithm>

#include "spate/expr/json_convert.h"
#include "spate/io/csv_options.h"
#include "spate/io/json_dom.h"
#include "spate/io/json_infer.h"
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

std::string shortText(JsonElement v) {
  std::string s;
  writeJsonElement(v, s);
  if (s.size() > 100) s = s.substr(0, 97) + "...";
  return s;
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

// A struct column read in part, with the fields nobody reads as constant nulls, which
// operators copy for free (the builder appended a null per row to them).
ColumnPtr withUnreadFieldsConstant(const ColumnPtr& c, const ColumnUse& use) {
  if (use.whole() || c->type()->id() != TypeId::kStruct) return c;
  std::vector<ColumnPtr> children = c->children();
  for (size_t i = 0; i < children.size() && i < use.fields.size(); ++i) {
    children[i] = use.fields[i].read ? withUnreadFieldsConstant(children[i], use.fields[i])
                                     : Column::constant(Value::null(), children[i]->type(), children[i]->length());
  }
  return std::make_shared<Column>(c->type(), c->length(), c->validityBuffer(), c->valuesBuffer(), c->dataBuffer(),
                                  std::move(children));
}

// Converts records into batches of the read schema, a row at a time: each record's
// fields are converted (staged) first, so a malformed record appends nothing but nulls.
class JsonBatchReader {
 public:
  // columns: how much of each of the schema's columns to convert (empty: all); the rest
  // comes out null. It must outlive the reader.
  JsonBatchReader(const JsonReadOptions& o, SchemaPtr schema, int corruptIndex, std::string path,
                  const std::vector<ColumnUse>& columns)
      : o_(o), conv_(o), schema_(std::move(schema)), corruptIndex_(corruptIndex), path_(std::move(path)) {
    for (size_t i = 0; i < schema_->size(); ++i) {
      if (static_cast<int>(i) == corruptIndex_) continue;
      dataFields_.push_back(&schema_->field(i));
      builders_.emplace_back(schema_->field(i).type);
      const ColumnUse* use = i < columns.size() ? &columns[i] : nullptr;
      read_.push_back(columns.empty() || (use && use->read));
      staged_.emplace_back().use = use && use->read && !use->whole() ? use : nullptr;
    }
    scratch_.resize(dataFields_.size());
  }

  // One record (a line): parsed, converted, appended or handled per the mode.
  Status addRecord(std::string_view text, int64_t line) {
    JsonElement doc;
    auto err = parser_.parse(text.data(), text.size(), false).get(doc);
    std::string reason;
    if (err) {
      reason = simdjson::error_message(err);
    } else if (doc.type() == JsonType::OBJECT) {
      if (stage(jsonObject(doc), reason)) {
        appendStagedRow();
        return flushIfFull();
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
        if (!stage(jsonObject(e), reason)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        for (JsonElement e : arr) {
          stage(jsonObject(e), reason);
          appendStagedRow();
          SPATE_RETURN_IF_ERROR(flushIfFull());
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
        for (size_t i = 0; i < builders_.size(); ++i) {
          if (read_[i]) builders_[i].appendNull();
        }
        if (corruptIndex_ >= 0) corrupt_.append(text);
        ++rows_;
        return flushIfFull();
    }
    return Status::OK();
  }

  std::vector<BatchPtr> finish() {
    flush();
    return std::move(batches_);
  }

 private:
  // Converts the object's fields into staged_; false with a reason when one does not fit.
  bool stage(simdjson::dom::object obj, std::string& reason) {
    for (auto& s : staged_) s.present = false;
    for (auto kv : obj) {
      int idx = lookup(kv.key);
      if (idx < 0 || !read_[static_cast<size_t>(idx)]) continue;
      const Field& f = *dataFields_[static_cast<size_t>(idx)];
      if (!conv_.convert(kv.value, *f.type, staged_[static_cast<size_t>(idx)], scratch_[static_cast<size_t>(idx)])) {
        reason = fmt::format("cannot parse {} as {} for column '{}'", shortText(kv.value), f.type->ddl(), f.name);
        return false;
      }
    }
    return true;
  }

  // Fields match by exact name; objects usually repeat the schema's order.
  int lookup(std::string_view key) {
    const size_t n = dataFields_.size();
    for (size_t k = 0; k < n; ++k) {
      size_t i = hint_ + k < n ? hint_ + k : hint_ + k - n;
      if (sameKey(dataFields_[i]->name, key)) {
        hint_ = i + 1 == n ? 0 : i + 1;
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  void appendStagedRow() {
    for (size_t i = 0; i < builders_.size(); ++i) {
      if (read_[i]) conv_.appendStaged(builders_[i], staged_[i], *dataFields_[i]->type);
    }
    if (corruptIndex_ >= 0) corrupt_.appendNull();
    ++rows_;
  }

  Status flushIfFull() {
    if (rows_ >= FileFormat::kBatchRows) flush();
    return Status::OK();
  }

  void flush() {
    if (rows_ == 0) return;
    std::vector<ColumnPtr> cols;
    size_t d = 0;
    for (size_t i = 0; i < schema_->size(); ++i) {
      if (static_cast<int>(i) == corruptIndex_) {
        cols.push_back(corrupt_.finish());
      } else {
        cols.push_back(!read_[d] ? Column::constant(Value::null(), dataFields_[d]->type, rows_)
                       : staged_[d].use ? withUnreadFieldsConstant(builders_[d].finish(), *staged_[d].use)
                                  : builders_[d].finish());
        ++d;
      }
    }
    corrupt_ = StringColumnBuilder();
    batches_.push_back(std::make_shared<Batch>(schema_, std::move(cols), rows_));
    rows_ = 0;
  }

  const JsonReadOptions& o_;
  JsonValueConverter conv_;
  SchemaPtr schema_;
  int corruptIndex_;
  std::string path_;
  simdjson::dom::parser parser_;
  std::vector<const Field*> dataFields_;
  std::vector<ColumnBuilder> builders_;
  std::vector<bool> read_;  // per data field: converted, or left null
  std::vector<JsonStaged> staged_;  // per data field; .use: the fields read of a struct read in part
  std::vector<std::string> scratch_;
  StringColumnBuilder corrupt_;
  size_t hint_ = 0;
  int64_t rows_ = 0;
  std::vector<BatchPtr> batches_;
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
                                           const std::vector<ColumnUse>& columns) {
  SPATE_ASSIGN_OR_RETURN(JsonReadOptions o, JsonReadOptions::parse(options));
  SPATE_ASSIGN_OR_RETURN(CorruptColumnSplit split, splitCorruptColumn(schema, options));
  for (const auto& f : split.dataSchema->fields()) SPATE_RETURN_IF_ERROR(checkJsonSupportsType(f.type));
  // A corrupt-record column needs every field checked to know whether a record is malformed.
  JsonBatchReader reader(o, schema, split.corruptIndex, path, split.corruptIndex >= 0 ? kAllColumns : columns);
  SPATE_RETURN_IF_ERROR(forEachJsonRecord(path, o, [&](std::string_view text, int64_t line) -> Result<bool> {
    SPATE_RETURN_IF_ERROR(reader.addRecord(text, line));
    return true;
  }));
  return reader.finish();
}

}  // namespace

Result<std::vector<BatchPtr>> JsonFileFormat::readFile(const std::string& path, const SchemaPtr& schema,
                                                       const Options& options) const {
  return readJsonFile(path, schema, options, {});
}

Result<BatchStreamPtr> JsonFileFormat::openFile(const std::string& path, const SchemaPtr& schema,
                                                const Options& options, const ScanRequest& request) const {
  SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, readJsonFile(path, schema, options, request.columns));
  return streamOf(std::move(batches));
}

}  // namespace spate
