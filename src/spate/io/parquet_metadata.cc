#include "spate/io/parquet_metadata.h"

#include <cstring>

#include "spate/io/thrift_compact.h"

namespace spate::parquet {

namespace {

using thrift::CompactReader;
using thrift::CompactWriter;
using thrift::Type;

Status wrongType(std::string_view what, Type type) {
  return Status::IOError("Parquet metadata: {} has Thrift type {}", what, static_cast<int>(type));
}

// Reads a struct's fields with onField(id, type) -> Result<bool>; fields it does not
// take (false) are skipped.
template <typename F>
Status readStruct(CompactReader& r, F&& onField) {
  SPATE_RETURN_IF_ERROR(r.beginStruct());
  int16_t id = 0;
  Type type = Type::kStop;
  while (true) {
    SPATE_ASSIGN_OR_RETURN(bool more, r.nextField(id, type));
    if (!more) break;
    SPATE_ASSIGN_OR_RETURN(bool taken, onField(id, type));
    if (!taken) SPATE_RETURN_IF_ERROR(r.skip(type));
  }
  r.endStruct();
  return Status::OK();
}

template <typename T, typename U>
Result<bool> store(T& target, Result<U> value) {
  if (!value.ok()) return value.status();
  target = std::move(*value);
  return true;
}

Result<int32_t> readI32(CompactReader& r, Type type, std::string_view what) {
  if (type != Type::kI32 && type != Type::kI16 && type != Type::kByte) return wrongType(what, type);
  if (type == Type::kByte) {  // the byte itself, not a varint
    SPATE_ASSIGN_OR_RETURN(int8_t v, r.readByte());
    return v;
  }
  return r.readI32();
}

Result<int64_t> readI64(CompactReader& r, Type type, std::string_view what) {
  if (type != Type::kI64 && type != Type::kI32) return wrongType(what, type);
  return r.readI64();
}

Result<std::string> readString(CompactReader& r, Type type, std::string_view what) {
  if (type != Type::kBinary) return wrongType(what, type);
  SPATE_ASSIGN_OR_RETURN(std::string_view v, r.readBinary());
  return std::string(v);
}

Result<bool> readBool(Type type, std::string_view what) {
  if (type != Type::kTrue && type != Type::kFalse) return wrongType(what, type);
  return CompactReader::boolValue(type);
}

template <typename T, typename F>
Status readList(CompactReader& r, Type type, std::string_view what, std::vector<T>& out, F&& element) {
  if (type != Type::kList && type != Type::kSet) return wrongType(what, type);
  SPATE_ASSIGN_OR_RETURN(auto header, r.readListHeader());
  out.clear();
  out.reserve(static_cast<size_t>(header.second));
  for (int32_t i = 0; i < header.second; ++i) {
    SPATE_ASSIGN_OR_RETURN(T v, element(header.first));
    out.push_back(std::move(v));
  }
  return Status::OK();
}

Result<std::pair<std::string, std::string>> readKeyValue(CompactReader& r, Type type) {
  if (type != Type::kStruct) return wrongType("a key_value_metadata entry", type);
  std::pair<std::string, std::string> kv;
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type t) -> Result<bool> {
    if (id == 1) return store(kv.first, readString(r, t, "KeyValue.key"));
    else if (id == 2) return store(kv.second, readString(r, t, "KeyValue.value"));
    else return false;
    return true;
  }));
  return kv;
}

Result<Statistics> readStatistics(CompactReader& r, Type type) {
  if (type != Type::kStruct) return wrongType("Statistics", type);
  Statistics s;
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type t) -> Result<bool> {
    switch (id) {
      case 1: return store(s.max, readString(r, t, "Statistics.max"));
      case 2: return store(s.min, readString(r, t, "Statistics.min"));
      case 3: return store(s.nullCount, readI64(r, t, "Statistics.null_count"));
      case 4: return store(s.distinctCount, readI64(r, t, "Statistics.distinct_count"));
      case 5: return store(s.maxValue, readString(r, t, "Statistics.max_value"));
      case 6: return store(s.minValue, readString(r, t, "Statistics.min_value"));
      default: return false;
    }
  }));
  return s;
}

// TimeUnit is a union of empty structs: MILLIS (1), MICROS (2), NANOS (3).
Result<LogicalType::TimeUnit> readTimeUnit(CompactReader& r, Type type) {
  if (type != Type::kStruct) return wrongType("TimeUnit", type);
  LogicalType::TimeUnit unit = LogicalType::TimeUnit::kMicros;
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type) -> Result<bool> {
    if (id == 1) unit = LogicalType::TimeUnit::kMillis;
    if (id == 2) unit = LogicalType::TimeUnit::kMicros;
    if (id == 3) unit = LogicalType::TimeUnit::kNanos;
    return false;  // the empty struct is skipped
  }));
  return unit;
}

Result<LogicalType> readLogicalType(CompactReader& r, Type type) {
  if (type != Type::kStruct) return wrongType("LogicalType", type);
  using Kind = LogicalType::Kind;
  LogicalType lt;
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type t) -> Result<bool> {
    static constexpr Kind kinds[] = {Kind::kNone, Kind::kString, Kind::kMap,     Kind::kList,  Kind::kEnum,
                                     Kind::kDecimal, Kind::kDate, Kind::kTime,   Kind::kTimestamp, Kind::kNone,
                                     Kind::kInteger, Kind::kUnknown, Kind::kJson, Kind::kBson, Kind::kUuid,
                                     Kind::kFloat16};
    if (id <= 0 || id >= static_cast<int16_t>(std::size(kinds)) || kinds[id] == Kind::kNone) return false;
    lt.kind = kinds[id];
    if (t != Type::kStruct) return wrongType("a LogicalType member", t);
    if (lt.kind == Kind::kDecimal) {
      SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t f, Type ft) -> Result<bool> {
        if (f == 1) return store(lt.scale, readI32(r, ft, "DecimalType.scale"));
        else if (f == 2) return store(lt.precision, readI32(r, ft, "DecimalType.precision"));
        else return false;
        return true;
      }));
      return true;
    }
    if (lt.kind == Kind::kTime || lt.kind == Kind::kTimestamp) {
      SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t f, Type ft) -> Result<bool> {
        if (f == 1) return store(lt.adjustedToUtc, readBool(ft, "isAdjustedToUTC"));
        else if (f == 2) return store(lt.unit, readTimeUnit(r, ft));
        else return false;
        return true;
      }));
      return true;
    }
    if (lt.kind == Kind::kInteger) {
      SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t f, Type ft) -> Result<bool> {
        if (f == 1) {
          if (ft != Type::kByte) return wrongType("IntType.bitWidth", ft);
          SPATE_ASSIGN_OR_RETURN(lt.bitWidth, r.readByte());
        } else if (f == 2) {
          SPATE_ASSIGN_OR_RETURN(lt.isSigned, readBool(ft, "IntType.isSigned"));
        } else {
          return false;
        }
        return true;
      }));
      return true;
    }
    return false;  // an empty struct
  }));
  return lt;
}

Result<PhysicalType> readPhysicalType(CompactReader& r, Type type, std::string_view what) {
  SPATE_ASSIGN_OR_RETURN(int32_t v, readI32(r, type, what));
  if (v < 0 || v > 7) return Status::IOError("Parquet metadata: unknown physical type {}", v);
  return static_cast<PhysicalType>(v);
}

Result<SchemaElement> readSchemaElement(CompactReader& r, Type type) {
  if (type != Type::kStruct) return wrongType("SchemaElement", type);
  SchemaElement e;
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type t) -> Result<bool> {
    switch (id) {
      case 1: return store(e.type, readPhysicalType(r, t, "SchemaElement.type"));
      case 2: return store(e.typeLength, readI32(r, t, "SchemaElement.type_length"));
      case 3: {
        SPATE_ASSIGN_OR_RETURN(int32_t v, readI32(r, t, "SchemaElement.repetition_type"));
        if (v < 0 || v > 2) return Status::IOError("Parquet metadata: unknown repetition {}", v);
        e.repetition = static_cast<Repetition>(v);
        return true;
      }
      case 4: return store(e.name, readString(r, t, "SchemaElement.name"));
      case 5: return store(e.numChildren, readI32(r, t, "SchemaElement.num_children"));
      case 6: return store(e.convertedType, readI32(r, t, "SchemaElement.converted_type"));
      case 7: return store(e.scale, readI32(r, t, "SchemaElement.scale"));
      case 8: return store(e.precision, readI32(r, t, "SchemaElement.precision"));
      case 9: return store(e.fieldId, readI32(r, t, "SchemaElement.field_id"));
      case 10: return store(e.logicalType, readLogicalType(r, t));
      default: return false;
    }
  }));
  return e;
}

Result<Encoding> toEncoding(int32_t v) {
  if (v < 0 || v > 9 || v == 1) return Status::IOError("Parquet metadata: unknown encoding {}", v);
  return static_cast<Encoding>(v);
}

Result<ColumnMetaData> readColumnMetaData(CompactReader& r, Type type) {
  if (type != Type::kStruct) return wrongType("ColumnMetaData", type);
  ColumnMetaData m;
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type t) -> Result<bool> {
    switch (id) {
      case 1: return store(m.type, readPhysicalType(r, t, "ColumnMetaData.type"));
      case 2:
        SPATE_RETURN_IF_ERROR(readList(r, t, "ColumnMetaData.encodings", m.encodings, [&](Type et) -> Result<Encoding> {
          SPATE_ASSIGN_OR_RETURN(int32_t v, readI32(r, et, "an encoding"));
          return toEncoding(v);
        }));
        return true;
      case 3:
        SPATE_RETURN_IF_ERROR(readList(r, t, "ColumnMetaData.path_in_schema", m.pathInSchema,
                                       [&](Type et) { return readString(r, et, "a path element"); }));
        return true;
      case 4: {
        SPATE_ASSIGN_OR_RETURN(int32_t v, readI32(r, t, "ColumnMetaData.codec"));
        if (v < 0 || v > 7) return Status::IOError("Parquet metadata: unknown compression codec {}", v);
        m.codec = static_cast<Codec>(v);
        return true;
      }
      case 5: return store(m.numValues, readI64(r, t, "ColumnMetaData.num_values"));
      case 6:
        return store(m.totalUncompressedSize, readI64(r, t, "ColumnMetaData.total_uncompressed_size"));
      case 7:
        return store(m.totalCompressedSize, readI64(r, t, "ColumnMetaData.total_compressed_size"));
      case 8:
        SPATE_RETURN_IF_ERROR(readList(r, t, "ColumnMetaData.key_value_metadata", m.keyValueMetadata,
                                       [&](Type et) { return readKeyValue(r, et); }));
        return true;
      case 9: return store(m.dataPageOffset, readI64(r, t, "ColumnMetaData.data_page_offset"));
      case 10:
        return store(m.indexPageOffset, readI64(r, t, "ColumnMetaData.index_page_offset"));
      case 11:
        return store(m.dictionaryPageOffset, readI64(r, t, "ColumnMetaData.dictionary_page_offset"));
      case 12: return store(m.statistics, readStatistics(r, t));
      default: return false;
    }
  }));
  return m;
}

Result<ColumnChunk> readColumnChunk(CompactReader& r, Type type) {
  if (type != Type::kStruct) return wrongType("ColumnChunk", type);
  ColumnChunk c;
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type t) -> Result<bool> {
    switch (id) {
      case 1: return store(c.filePath, readString(r, t, "ColumnChunk.file_path"));
      case 2: return store(c.fileOffset, readI64(r, t, "ColumnChunk.file_offset"));
      case 3: return store(c.metaData, readColumnMetaData(r, t));
      default: return false;
    }
  }));
  return c;
}

Result<RowGroup> readRowGroup(CompactReader& r, Type type) {
  if (type != Type::kStruct) return wrongType("RowGroup", type);
  RowGroup g;
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type t) -> Result<bool> {
    switch (id) {
      case 1:
        SPATE_RETURN_IF_ERROR(readList(r, t, "RowGroup.columns", g.columns,
                                       [&](Type et) { return readColumnChunk(r, et); }));
        return true;
      case 2: return store(g.totalByteSize, readI64(r, t, "RowGroup.total_byte_size"));
      case 3: return store(g.numRows, readI64(r, t, "RowGroup.num_rows"));
      case 5: return store(g.fileOffset, readI64(r, t, "RowGroup.file_offset"));
      case 6:
        return store(g.totalCompressedSize, readI64(r, t, "RowGroup.total_compressed_size"));
      case 7: {
        SPATE_ASSIGN_OR_RETURN(int32_t v, readI32(r, t, "RowGroup.ordinal"));
        g.ordinal = static_cast<int16_t>(v);
        return true;
      }
      default: return false;
    }
  }));
  return g;
}

// ColumnOrder is a union whose only member so far is TYPE_ORDER (1), an empty struct.
Result<ColumnOrder> readColumnOrder(CompactReader& r, Type type) {
  if (type != Type::kStruct) return wrongType("ColumnOrder", type);
  ColumnOrder order = ColumnOrder::kUnknown;
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type) -> Result<bool> {
    if (id == 1) order = ColumnOrder::kTypeDefined;
    return false;  // the empty struct is skipped
  }));
  return order;
}

void writeStatistics(CompactWriter& w, int16_t id, const Statistics& s) {
  w.fieldHeader(id, Type::kStruct);
  w.beginStruct();
  if (s.max) w.fieldBinary(1, *s.max);
  if (s.min) w.fieldBinary(2, *s.min);
  if (s.nullCount) w.fieldI64(3, *s.nullCount);
  if (s.distinctCount) w.fieldI64(4, *s.distinctCount);
  if (s.maxValue) w.fieldBinary(5, *s.maxValue);
  if (s.minValue) w.fieldBinary(6, *s.minValue);
  w.endStruct();
}

void writeKeyValues(CompactWriter& w, int16_t id, const std::vector<std::pair<std::string, std::string>>& kvs) {
  if (kvs.empty()) return;
  w.fieldList(id, Type::kStruct, static_cast<int32_t>(kvs.size()));
  for (const auto& [k, v] : kvs) {
    w.beginStruct();
    w.fieldBinary(1, k);
    w.fieldBinary(2, v);
    w.endStruct();
  }
}

void writeLogicalType(CompactWriter& w, const LogicalType& lt) {
  using Kind = LogicalType::Kind;
  static constexpr std::pair<Kind, int16_t> ids[] = {
      {Kind::kString, 1}, {Kind::kMap, 2},      {Kind::kList, 3},     {Kind::kEnum, 4},  {Kind::kDecimal, 5},
      {Kind::kDate, 6},   {Kind::kTime, 7},     {Kind::kTimestamp, 8}, {Kind::kInteger, 10}, {Kind::kUnknown, 11},
      {Kind::kJson, 12},  {Kind::kBson, 13},    {Kind::kUuid, 14},    {Kind::kFloat16, 15}};
  int16_t id = 0;
  for (const auto& [kind, i] : ids) {
    if (kind == lt.kind) id = i;
  }
  if (id == 0) return;
  w.fieldHeader(10, Type::kStruct);
  w.beginStruct();
  w.fieldHeader(id, Type::kStruct);
  w.beginStruct();
  if (lt.kind == Kind::kDecimal) {
    w.fieldI32(1, lt.scale);
    w.fieldI32(2, lt.precision);
  } else if (lt.kind == Kind::kTime || lt.kind == Kind::kTimestamp) {
    w.fieldBool(1, lt.adjustedToUtc);
    w.fieldHeader(2, Type::kStruct);
    w.beginStruct();
    w.fieldHeader(lt.unit == LogicalType::TimeUnit::kMillis ? 1 : lt.unit == LogicalType::TimeUnit::kMicros ? 2 : 3,
                  Type::kStruct);
    w.beginStruct();
    w.endStruct();
    w.endStruct();
  } else if (lt.kind == Kind::kInteger) {
    w.fieldHeader(1, Type::kByte);
    w.writeByte(lt.bitWidth);
    w.fieldBool(2, lt.isSigned);
  }
  w.endStruct();
  w.endStruct();
}

}  // namespace

Result<FileMetaData> readFileMetaData(std::string_view bytes) {
  CompactReader r(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  FileMetaData f;
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type t) -> Result<bool> {
    switch (id) {
      case 1: return store(f.version, readI32(r, t, "FileMetaData.version"));
      case 2:
        SPATE_RETURN_IF_ERROR(readList(r, t, "FileMetaData.schema", f.schema,
                                       [&](Type et) { return readSchemaElement(r, et); }));
        return true;
      case 3: return store(f.numRows, readI64(r, t, "FileMetaData.num_rows"));
      case 4:
        SPATE_RETURN_IF_ERROR(readList(r, t, "FileMetaData.row_groups", f.rowGroups,
                                       [&](Type et) { return readRowGroup(r, et); }));
        return true;
      case 5:
        SPATE_RETURN_IF_ERROR(readList(r, t, "FileMetaData.key_value_metadata", f.keyValueMetadata,
                                       [&](Type et) { return readKeyValue(r, et); }));
        return true;
      case 6: return store(f.createdBy, readString(r, t, "FileMetaData.created_by"));
      case 7:
        SPATE_RETURN_IF_ERROR(readList(r, t, "FileMetaData.column_orders", f.columnOrders,
                                       [&](Type et) { return readColumnOrder(r, et); }));
        return true;
      default: return false;
    }
  }));
  if (f.schema.empty()) return Status::IOError("Parquet metadata has no schema");
  return f;
}

Result<uint32_t> footerLength(std::string_view head, std::string_view tail, uint64_t fileSize) {
  if (fileSize < 12 || head.substr(0, 4) != "PAR1" || tail.size() != 8 || tail.substr(4) != "PAR1") {
    return Status::IOError("not a Parquet file (no PAR1 magic at its start and end)");
  }
  uint32_t length;
  std::memcpy(&length, tail.data(), 4);
  if (length > fileSize - 12) return Status::IOError("its footer claims {} bytes, more than the file holds", length);
  return length;
}

Result<FileMetaData> readFooter(std::string_view file) {
  std::string_view tail = file.size() >= 8 ? file.substr(file.size() - 8) : std::string_view();
  SPATE_ASSIGN_OR_RETURN(uint32_t length, footerLength(file, tail, file.size()));
  return readFileMetaData(file.substr(file.size() - 8 - length, length));
}

std::string writeFileMetaData(const FileMetaData& f) {
  CompactWriter w;
  w.beginStruct();
  w.fieldI32(1, f.version);
  w.fieldList(2, Type::kStruct, static_cast<int32_t>(f.schema.size()));
  for (const auto& e : f.schema) {
    w.beginStruct();
    if (e.type) w.fieldI32(1, static_cast<int32_t>(*e.type));
    if (e.typeLength) w.fieldI32(2, *e.typeLength);
    if (e.repetition) w.fieldI32(3, static_cast<int32_t>(*e.repetition));
    w.fieldBinary(4, e.name);
    if (e.numChildren) w.fieldI32(5, *e.numChildren);
    if (e.convertedType) w.fieldI32(6, *e.convertedType);
    if (e.scale) w.fieldI32(7, *e.scale);
    if (e.precision) w.fieldI32(8, *e.precision);
    if (e.fieldId) w.fieldI32(9, *e.fieldId);
    writeLogicalType(w, e.logicalType);
    w.endStruct();
  }
  w.fieldI64(3, f.numRows);
  w.fieldList(4, Type::kStruct, static_cast<int32_t>(f.rowGroups.size()));
  for (const auto& g : f.rowGroups) {
    w.beginStruct();
    w.fieldList(1, Type::kStruct, static_cast<int32_t>(g.columns.size()));
    for (const auto& c : g.columns) {
      w.beginStruct();
      if (c.filePath) w.fieldBinary(1, *c.filePath);
      w.fieldI64(2, c.fileOffset);
      if (c.metaData) {
        const ColumnMetaData& m = *c.metaData;
        w.fieldHeader(3, Type::kStruct);
        w.beginStruct();
        w.fieldI32(1, static_cast<int32_t>(m.type));
        w.fieldList(2, Type::kI32, static_cast<int32_t>(m.encodings.size()));
        for (Encoding e : m.encodings) w.writeI32(static_cast<int32_t>(e));
        w.fieldList(3, Type::kBinary, static_cast<int32_t>(m.pathInSchema.size()));
        for (const auto& p : m.pathInSchema) w.writeBinary(p);
        w.fieldI32(4, static_cast<int32_t>(m.codec));
        w.fieldI64(5, m.numValues);
        w.fieldI64(6, m.totalUncompressedSize);
        w.fieldI64(7, m.totalCompressedSize);
        writeKeyValues(w, 8, m.keyValueMetadata);
        w.fieldI64(9, m.dataPageOffset);
        if (m.indexPageOffset) w.fieldI64(10, *m.indexPageOffset);
        if (m.dictionaryPageOffset) w.fieldI64(11, *m.dictionaryPageOffset);
        if (m.statistics) writeStatistics(w, 12, *m.statistics);
        w.endStruct();
      }
      w.endStruct();
    }
    w.fieldI64(2, g.totalByteSize);
    w.fieldI64(3, g.numRows);
    if (g.fileOffset) w.fieldI64(5, *g.fileOffset);
    if (g.totalCompressedSize) w.fieldI64(6, *g.totalCompressedSize);
    if (g.ordinal) {
      w.fieldHeader(7, Type::kI16);
      w.writeI32(*g.ordinal);
    }
    w.endStruct();
  }
  writeKeyValues(w, 5, f.keyValueMetadata);
  if (f.createdBy) w.fieldBinary(6, *f.createdBy);
  if (!f.columnOrders.empty()) {
    w.fieldList(7, Type::kStruct, static_cast<int32_t>(f.columnOrders.size()));
    for (ColumnOrder order : f.columnOrders) {
      w.beginStruct();
      if (order == ColumnOrder::kTypeDefined) {
        w.fieldHeader(1, Type::kStruct);
        w.beginStruct();
        w.endStruct();
      }
      w.endStruct();
    }
  }
  w.endStruct();
  return w.take();
}

Result<std::pair<PageHeader, size_t>> readPageHeader(std::string_view bytes) {
  CompactReader r(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  PageHeader h;
  auto encoding = [&](Type t, std::string_view what) -> Result<Encoding> {
    SPATE_ASSIGN_OR_RETURN(int32_t v, readI32(r, t, what));
    return toEncoding(v);
  };
  SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t id, Type t) -> Result<bool> {
    switch (id) {
      case 1: {
        SPATE_ASSIGN_OR_RETURN(int32_t v, readI32(r, t, "PageHeader.type"));
        if (v < 0 || v > 3) return Status::IOError("Parquet page header: unknown page type {}", v);
        h.type = static_cast<PageType>(v);
        return true;
      }
      case 2:
        return store(h.uncompressedPageSize, readI32(r, t, "PageHeader.uncompressed_page_size"));
      case 3:
        return store(h.compressedPageSize, readI32(r, t, "PageHeader.compressed_page_size"));
      case 4: return store(h.crc, readI32(r, t, "PageHeader.crc"));
      case 5: {
        if (t != Type::kStruct) return wrongType("DataPageHeader", t);
        DataPageHeader d;
        SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t f, Type ft) -> Result<bool> {
          switch (f) {
            case 1: return store(d.numValues, readI32(r, ft, "DataPageHeader.num_values"));
            case 2: return store(d.encoding, encoding(ft, "DataPageHeader.encoding"));
            case 3:
              return store(d.definitionLevelEncoding, encoding(ft, "DataPageHeader.definition_level_encoding"));
            case 4:
              return store(d.repetitionLevelEncoding, encoding(ft, "DataPageHeader.repetition_level_encoding"));
            case 5: return store(d.statistics, readStatistics(r, ft));
            default: return false;
          }
        }));
        h.dataPage = std::move(d);
        return true;
      }
      case 7: {
        if (t != Type::kStruct) return wrongType("DictionaryPageHeader", t);
        DictionaryPageHeader d;
        SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t f, Type ft) -> Result<bool> {
          switch (f) {
            case 1: return store(d.numValues, readI32(r, ft, "DictionaryPageHeader.num_values"));
            case 2: return store(d.encoding, encoding(ft, "DictionaryPageHeader.encoding"));
            case 3: return store(d.isSorted, readBool(ft, "DictionaryPageHeader.is_sorted"));
            default: return false;
          }
        }));
        h.dictionaryPage = std::move(d);
        return true;
      }
      case 8: {
        if (t != Type::kStruct) return wrongType("DataPageHeaderV2", t);
        DataPageHeaderV2 d;
        SPATE_RETURN_IF_ERROR(readStruct(r, [&](int16_t f, Type ft) -> Result<bool> {
          switch (f) {
            case 1: return store(d.numValues, readI32(r, ft, "DataPageHeaderV2.num_values"));
            case 2: return store(d.numNulls, readI32(r, ft, "DataPageHeaderV2.num_nulls"));
            case 3: return store(d.numRows, readI32(r, ft, "DataPageHeaderV2.num_rows"));
            case 4: return store(d.encoding, encoding(ft, "DataPageHeaderV2.encoding"));
            case 5:
              return store(d.definitionLevelsByteLength, readI32(r, ft, "DataPageHeaderV2.definition_levels_byte_length"));
            case 6:
              return store(d.repetitionLevelsByteLength, readI32(r, ft, "DataPageHeaderV2.repetition_levels_byte_length"));
            case 7: return store(d.isCompressed, readBool(ft, "DataPageHeaderV2.is_compressed"));
            case 8: return store(d.statistics, readStatistics(r, ft));
            default: return false;
          }
        }));
        h.dataPageV2 = std::move(d);
        return true;
      }
      default: return false;
    }
  }));
  if (h.compressedPageSize < 0 || h.uncompressedPageSize < 0) {
    return Status::IOError("Parquet page header: negative page size");
  }
  return std::make_pair(std::move(h), r.position());
}

std::string writePageHeader(const PageHeader& h) {
  CompactWriter w;
  w.beginStruct();
  w.fieldI32(1, static_cast<int32_t>(h.type));
  w.fieldI32(2, h.uncompressedPageSize);
  w.fieldI32(3, h.compressedPageSize);
  if (h.crc) w.fieldI32(4, *h.crc);
  if (h.dataPage) {
    const DataPageHeader& d = *h.dataPage;
    w.fieldHeader(5, Type::kStruct);
    w.beginStruct();
    w.fieldI32(1, d.numValues);
    w.fieldI32(2, static_cast<int32_t>(d.encoding));
    w.fieldI32(3, static_cast<int32_t>(d.definitionLevelEncoding));
    w.fieldI32(4, static_cast<int32_t>(d.repetitionLevelEncoding));
    if (d.statistics) writeStatistics(w, 5, *d.statistics);
    w.endStruct();
  }
  if (h.dictionaryPage) {
    const DictionaryPageHeader& d = *h.dictionaryPage;
    w.fieldHeader(7, Type::kStruct);
    w.beginStruct();
    w.fieldI32(1, d.numValues);
    w.fieldI32(2, static_cast<int32_t>(d.encoding));
    if (d.isSorted) w.fieldBool(3, *d.isSorted);
    w.endStruct();
  }
  if (h.dataPageV2) {
    const DataPageHeaderV2& d = *h.dataPageV2;
    w.fieldHeader(8, Type::kStruct);
    w.beginStruct();
    w.fieldI32(1, d.numValues);
    w.fieldI32(2, d.numNulls);
    w.fieldI32(3, d.numRows);
    w.fieldI32(4, static_cast<int32_t>(d.encoding));
    w.fieldI32(5, d.definitionLevelsByteLength);
    w.fieldI32(6, d.repetitionLevelsByteLength);
    w.fieldBool(7, d.isCompressed);
    if (d.statistics) writeStatistics(w, 8, *d.statistics);
    w.endStruct();
  }
  w.endStruct();
  return w.take();
}

}  // namespace spate::parquet
