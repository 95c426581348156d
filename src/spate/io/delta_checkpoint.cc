#include "spate/io/delta_checkpoint.h"

#include <fmt/format.h>

#include "spate/common/file_util.h"
#include "spate/io/parquet_format.h"
#include "spate/io/parquet_writer.h"

namespace spate::delta {

namespace {

constexpr const char* kCheckpointDDL =
    "txn STRUCT<appId: STRING, version: BIGINT, lastUpdated: BIGINT>, "
    "add STRUCT<path: STRING, partitionValues: MAP<STRING, STRING>, size: BIGINT, modificationTime: BIGINT, "
    "dataChange: BOOLEAN, stats: STRING>, "
    "remove STRUCT<path: STRING, deletionTimestamp: BIGINT, dataChange: BOOLEAN, size: BIGINT>, "
    "metaData STRUCT<id: STRING, format: STRUCT<provider: STRING, options: MAP<STRING, STRING>>, "
    "schemaString: STRING, partitionColumns: ARRAY<STRING>, configuration: MAP<STRING, STRING>, createdTime: BIGINT>, "
    "protocol STRUCT<minReaderVersion: INT, minWriterVersion: INT, readerFeatures: ARRAY<STRING>, "
    "writerFeatures: ARRAY<STRING>>";

enum Column { kTxn, kAdd, kRemove, kMetaData, kProtocol, kColumns };

Value optionalInt(const std::optional<int64_t>& v) { return v ? Value::integer(*v) : Value(); }

Value stringList(const std::vector<std::string>& values) {
  ValueList items;
  for (const auto& v : values) items.push_back(Value::string(v));
  return Value::list(std::move(items));
}

template <typename Map>
Value stringMap(const Map& map) {
  ValueList keys;
  ValueList values;
  for (const auto& [k, v] : map) {
    keys.push_back(Value::string(k));
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
      values.push_back(Value::string(v));
    } else {
      values.push_back(v ? Value::string(*v) : Value());
    }
  }
  return Value::map(std::move(keys), std::move(values));
}

std::vector<Value> rowWith(int column, Value action) {
  std::vector<Value> row(kColumns);
  row[column] = std::move(action);
  return row;
}

// A typed value as the JSON of the log line it stands for, so that checkpoint rows are
// parsed by the same code as commits.
Json valueToJson(const Value& v, const DataType& type) {
  if (v.isNull()) return Json();
  switch (type.id()) {
    case TypeId::kBoolean: return Json(v.asBool());
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: return Json(v.asInt());
    case TypeId::kFloat:
    case TypeId::kDouble: return Json(v.asDouble());
    case TypeId::kString:
    case TypeId::kBinary: return Json(v.asString());
    case TypeId::kArray: {
      Json a = Json::array();
      for (const auto& item : v.asList()) a.push(valueToJson(item, *type.elementType()));
      return a;
    }
    case TypeId::kMap: {
      Json o = Json::object();
      const MapEntries& m = v.asMap();
      for (size_t i = 0; i < m.keys.size(); ++i) {
        std::string key = m.keys[i].isNull() ? "" : m.keys[i].toString(*type.keyType());
        o.set(std::move(key), valueToJson(m.values[i], *type.valueType()));
      }
      return o;
    }
    case TypeId::kStruct: {
      Json o = Json::object();
      const ValueList& fields = v.asList();
      for (size_t i = 0; i < fields.size() && i < type.fields().size(); ++i) {
        o.set(type.fields()[i].name, valueToJson(fields[i], *type.fields()[i].type));
      }
      return o;
    }
    default: return Json(v.toString(type));
  }
}

std::string checkpointPath(const DeltaLog& log, int64_t version) {
  return fmt::format("{}/{:020d}.checkpoint.parquet", log.logDir(), version);
}

std::string lastCheckpointPath(const DeltaLog& log) { return log.logDir() + "/_last_checkpoint"; }

}  // namespace

SchemaPtr checkpointSchema() {
  static const SchemaPtr schema = std::make_shared<const Schema>(Schema::fromDDL(kCheckpointDDL).value());
  return schema;
}

BatchPtr checkpointBatch(const Snapshot& s) {
  std::vector<std::vector<Value>> rows;
  const ProtocolAction& p = s.protocol;
  rows.push_back(rowWith(kProtocol, Value::list({Value::integer(p.minReaderVersion), Value::integer(p.minWriterVersion),
                                                 p.minReaderVersion >= 3 ? stringList(p.readerFeatures) : Value(),
                                                 p.minWriterVersion >= 7 ? stringList(p.writerFeatures) : Value()})));
  const MetadataAction& m = s.metadata;
  Value format = Value::list({Value::string("parquet"), stringMap(std::map<std::string, std::string>())});
  rows.push_back(rowWith(kMetaData, Value::list({Value::string(m.id), format, Value::string(m.schemaString),
                                                 stringList(m.partitionColumns), stringMap(m.configuration),
                                                 optionalInt(m.createdTime)})));
  for (const auto& [appId, version] : s.txnVersions) {
    rows.push_back(rowWith(kTxn, Value::list({Value::string(appId), Value::integer(version), Value()})));
  }
  for (const auto& a : s.files) {
    rows.push_back(rowWith(kAdd, Value::list({Value::string(a.path), stringMap(a.partitionValues),
                                              Value::integer(a.size), Value::integer(a.modificationTime),
                                              Value::boolean(false),
                                              a.stats.empty() ? Value() : Value::string(a.stats)})));
  }
  return batchFromRows(checkpointSchema(), rows);
}

Result<Commit> commitFromCheckpoint(const std::vector<BatchPtr>& batches, const std::string& where) {
  Commit c;
  for (const auto& b : batches) {
    const Schema& schema = *b->schema();
    for (size_t col = 0; col < schema.size(); ++col) {
      const Field& f = schema.field(col);
      if (f.type->id() != TypeId::kStruct) continue;
      for (int64_t r = 0; r < b->numRows(); ++r) {
        if (b->column(col)->isNull(r)) continue;
        Json action = valueToJson(b->column(col)->valueAt(r), *f.type);
        SPATE_RETURN_IF_ERROR(parseAction(f.name, action, c, fmt::format("{} row {}", where, r)));
      }
    }
  }
  // Checkpoint rows describe state, not changes: what they add is no new data.
  for (auto& a : c.adds) a.dataChange = false;
  return c;
}

Status writeCheckpoint(const DeltaLog& log, const Snapshot& snapshot, bool durable) {
  BatchPtr rows = checkpointBatch(snapshot);
  auto bytes = parquet::writeParquetFile({rows}, *checkpointSchema(), parquet::WriteOptions{});
  SPATE_RETURN_IF_ERROR(bytes.status());
  SPATE_RETURN_IF_ERROR(writeFileAtomically(checkpointPath(log, snapshot.version), *bytes, durable));
  Json last = Json::object();
  last.set("version", snapshot.version);
  last.set("size", rows->numRows());
  last.set("sizeInBytes", static_cast<int64_t>(bytes->size()));
  last.set("numOfAddFiles", static_cast<int64_t>(snapshot.files.size()));
  return writeFileAtomically(lastCheckpointPath(log), last.dump(), durable);
}

Result<std::optional<int64_t>> lastCheckpointVersion(const DeltaLog& log) {
  std::string path = lastCheckpointPath(log);
  auto text = readFileToString(path);
  if (!text.ok()) return std::optional<int64_t>();
  auto json = Json::parse(*text);
  if (!json.ok()) return Status::Invalid("Delta log {} is not valid JSON: {}", path, json.status().message());
  SPATE_ASSIGN_OR_RETURN(int64_t version, json->intMember("version", path));
  return std::optional<int64_t>(version);
}

Result<Commit> readCheckpoint(const DeltaLog& log, int64_t version) {
  std::string path = checkpointPath(log, version);
  ParquetFileFormat parquet;
  SPATE_ASSIGN_OR_RETURN(Schema schema, parquet.inferSchema({path}, Options()));
  SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches,
                         parquet.readFile(path, std::make_shared<const Schema>(std::move(schema)), Options()));
  return commitFromCheckpoint(batches, path);
}

}  // namespace spate::delta
