#include "spate/io/parquet_column_reader.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "spate/columnar/builder.h"
#include "spate/io/parquet_compression.h"
#include "spate/io/parquet_rle.h"

namespace spate::parquet {

namespace {

// readFlatColumnChunk names the column in front of these.
Status corrupt(std::string_view what) { return Status::IOError("{}", what); }

// One page's (or the dictionary's) values, by physical kind.
struct PhysicalValues {
  std::vector<int64_t> ints;             // BOOLEAN, INT32, INT64
  std::vector<double> doubles;           // FLOAT, DOUBLE
  std::vector<std::string_view> bytes;   // BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY
};

// n little-endian T values at p, widened to Out.
template <typename T, typename Out, typename Need>
Status widen(const uint8_t* p, int64_t n, std::vector<Out>& out, Need&& need) {
  SPATE_RETURN_IF_ERROR(need(static_cast<uint64_t>(n) * sizeof(T)));
  out.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, p + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
    out[static_cast<size_t>(i)] = static_cast<Out>(v);
  }
  return Status::OK();
}

Status decodePlain(const SchemaElement& e, std::string_view data, int64_t n, PhysicalValues& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  size_t size = data.size();
  auto need = [&](uint64_t bytes) { return bytes <= size ? Status::OK() : corrupt("PLAIN values end early"); };
  switch (*e.type) {
    case PhysicalType::kBoolean:
      SPATE_RETURN_IF_ERROR(need((static_cast<uint64_t>(n) + 7) / 8));
      out.ints.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) out.ints[static_cast<size_t>(i)] = (p[i / 8] >> (i % 8)) & 1;
      return Status::OK();
    case PhysicalType::kInt32: return widen<int32_t>(p, n, out.ints, need);
    case PhysicalType::kInt64: return widen<int64_t>(p, n, out.ints, need);
    case PhysicalType::kFloat: return widen<float>(p, n, out.doubles, need);
    case PhysicalType::kDouble: return widen<double>(p, n, out.doubles, need);
    case PhysicalType::kByteArray: {
      out.bytes.resize(static_cast<size_t>(n));
      size_t at = 0;
      for (int64_t i = 0; i < n; ++i) {
        if (size - at < 4) return corrupt("PLAIN byte arrays end early");
        uint32_t length;
        std::memcpy(&length, p + at, 4);
        at += 4;
        if (length > size - at) return corrupt("a PLAIN byte array is longer than its page");
        out.bytes[static_cast<size_t>(i)] = data.substr(at, length);
        at += length;
      }
      return Status::OK();
    }
    case PhysicalType::kFixedLenByteArray: {
      if (!e.typeLength || *e.typeLength <= 0) return corrupt("FIXED_LEN_BYTE_ARRAY without a length");
      auto width = static_cast<size_t>(*e.typeLength);
      SPATE_RETURN_IF_ERROR(need(static_cast<uint64_t>(n) * width));
      out.bytes.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) out.bytes[static_cast<size_t>(i)] = data.substr(static_cast<size_t>(i) * width, width);
      return Status::OK();
    }
    case PhysicalType::kInt96: break;
  }
  return corrupt("INT96 values are not read yet");
}

// Big-endian two's complement bytes (a decimal's unscaled value).
__int128 bigEndianInteger(std::string_view b) {
  __int128 v = b.empty() ? 0 : (static_cast<int8_t>(b[0]) < 0 ? -1 : 0);
  for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

// Accumulates the column's rows: nulls from definition levels, values converted to
// the spate type a page at a time.
class ColumnAssembler {
 public:
  ColumnAssembler(const SchemaElement& e, TypePtr type, int64_t rows) : e_(e), type_(std::move(type)) {
    if (type_->isStringLike()) {
      strings_.emplace(type_, rows, 0);
    } else if (type_->id() == TypeId::kBoolean) {
      values_ = allocateBuffer(bits::bytesFor(rows));
    } else {
      values_ = allocateBuffer(rows * type_->byteWidth());
    }
    validity_ = allocateBuffer(bits::bytesFor(rows));
    capacity_ = rows;
  }

  // Rows of a page: valid[i] says whether row i has a value; v holds the valid rows'
  // values in order. The type is dispatched once per page, not per row.
  Status append(const std::vector<uint8_t>& valid, const PhysicalValues& v) {
    const auto rows = static_cast<int64_t>(valid.size());
    if (length_ + rows > capacity_) return corrupt("more values than the column chunk says");
    size_t present = 0;
    for (int64_t i = 0; i < rows; ++i) {
      if (valid[static_cast<size_t>(i)]) {
        bits::set(validity_->data(), length_ + i);
        ++present;
      }
    }
    nulls_ += rows - static_cast<int64_t>(present);
    const TypeId id = type_->id();
    bool fromBytes = type_->isStringLike() || (id == TypeId::kDecimal && !v.bytes.empty());
    size_t have = fromBytes ? v.bytes.size()
                  : (id == TypeId::kFloat || id == TypeId::kDouble) ? v.doubles.size()
                                                                    : v.ints.size();
    if (have < present) return corrupt("a page has fewer values than its levels say");
    switch (id) {
      case TypeId::kBoolean: {
        uint8_t* out = values_->data();
        scatterEach(valid, v.ints, [&](int64_t row, int64_t x) {
          if (x) bits::set(out, row);
        });
        break;
      }
      case TypeId::kByte: scatter<int8_t>(valid, v.ints, [](int64_t x) { return static_cast<int8_t>(x); }); break;
      case TypeId::kShort: scatter<int16_t>(valid, v.ints, [](int64_t x) { return static_cast<int16_t>(x); }); break;
      case TypeId::kInt:
      case TypeId::kDate: scatter<int32_t>(valid, v.ints, [](int64_t x) { return static_cast<int32_t>(x); }); break;
      case TypeId::kLong: scatter<int64_t>(valid, v.ints, [](int64_t x) { return x; }); break;
      case TypeId::kTimestamp: {
        const LogicalType& lt = e_.logicalType;
        bool isLogical = lt.kind == LogicalType::Kind::kTimestamp;
        if (isLogical ? lt.unit == LogicalType::TimeUnit::kMillis : e_.convertedType == converted::kTimestampMillis) {
          scatter<int64_t>(valid, v.ints, [](int64_t x) { return x * 1000; });
        } else if (isLogical && lt.unit == LogicalType::TimeUnit::kNanos) {
          // Floor to microseconds, as Spark truncates.
          scatter<int64_t>(valid, v.ints, [](int64_t x) { return x >= 0 ? x / 1000 : -((-x + 999) / 1000); });
        } else {
          scatter<int64_t>(valid, v.ints, [](int64_t x) { return x; });
        }
        break;
      }
      case TypeId::kFloat: scatter<float>(valid, v.doubles, [](double x) { return static_cast<float>(x); }); break;
      case TypeId::kDouble: scatter<double>(valid, v.doubles, [](double x) { return x; }); break;
      case TypeId::kDecimal:
        if (fromBytes) {
          scatter<__int128>(valid, v.bytes, [](std::string_view b) { return bigEndianInteger(b); });
        } else {
          scatter<__int128>(valid, v.ints, [](int64_t x) { return static_cast<__int128>(x); });
        }
        break;
      case TypeId::kString:
      case TypeId::kBinary: {
        size_t k = 0;
        for (int64_t i = 0; i < rows; ++i) {
          if (valid[static_cast<size_t>(i)]) {
            strings_->append(v.bytes[k++]);
          } else {
            strings_->appendNull();
          }
        }
        break;
      }
      default: return corrupt("its type is not read yet");
    }
    length_ += rows;
    return Status::OK();
  }

  Result<ColumnPtr> finish() {
    if (length_ != capacity_) return corrupt("fewer values than the column chunk says");
    BufferPtr validity = nulls_ > 0 ? validity_ : nullptr;
    if (strings_) {
      ColumnPtr c = strings_->finish();
      return std::make_shared<Column>(type_, length_, validity, c->valuesBuffer(), c->dataBuffer(),
                                      std::vector<ColumnPtr>{});
    }
    return std::make_shared<Column>(type_, length_, validity, values_, nullptr, std::vector<ColumnPtr>{});
  }

 private:
  // Calls f(row, value) for the page's valid rows, values taken in order.
  template <typename Src, typename F>
  void scatterEach(const std::vector<uint8_t>& valid, const std::vector<Src>& src, F&& f) {
    size_t k = 0;
    for (size_t i = 0; i < valid.size(); ++i) {
      if (valid[i]) f(length_ + static_cast<int64_t>(i), src[k++]);
    }
  }

  // Writes convert(value) as T into the valid rows' slots.
  template <typename T, typename Src, typename F>
  void scatter(const std::vector<uint8_t>& valid, const std::vector<Src>& src, F&& convert) {
    T* out = values_->as<T>();
    scatterEach(valid, src, [&](int64_t row, const Src& x) { out[row] = convert(x); });
  }

  const SchemaElement& e_;
  TypePtr type_;
  BufferPtr values_, validity_;
  std::optional<StringColumnBuilder> strings_;
  int64_t length_ = 0, capacity_ = 0, nulls_ = 0;
};

PhysicalValues gather(const PhysicalValues& dict, const std::vector<uint32_t>& ids) {
  PhysicalValues out;
  if (!dict.ints.empty()) for (uint32_t i : ids) out.ints.push_back(dict.ints[i]);
  if (!dict.doubles.empty()) for (uint32_t i : ids) out.doubles.push_back(dict.doubles[i]);
  if (!dict.bytes.empty()) for (uint32_t i : ids) out.bytes.push_back(dict.bytes[i]);
  return out;
}

size_t dictionarySize(const PhysicalValues& d) { return std::max({d.ints.size(), d.doubles.size(), d.bytes.size()}); }

}  // namespace

Result<TypePtr> sparkTypeOf(const SchemaElement& e) {
  using Kind = LogicalType::Kind;
  const LogicalType& lt = e.logicalType;
  auto decimal = [&]() -> Result<TypePtr> {
    int precision = lt.kind == Kind::kDecimal ? lt.precision : e.precision.value_or(0);
    int scale = lt.kind == Kind::kDecimal ? lt.scale : e.scale.value_or(0);
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      return Status::IOError("Parquet column '{}': decimal({}, {}) is out of range", e.name, precision, scale);
    }
    return DataType::decimal(precision, scale);
  };
  bool isDecimal = lt.kind == Kind::kDecimal || e.convertedType == converted::kDecimal;
  if (!e.type) return Status::IOError("Parquet column '{}' is a group, not a leaf", e.name);
  switch (*e.type) {
    case PhysicalType::kBoolean: return DataType::boolean();
    case PhysicalType::kInt32:
      if (isDecimal) return decimal();
      if (lt.kind == Kind::kDate || e.convertedType == converted::kDate) return DataType::date();
      if ((lt.kind == Kind::kInteger && lt.bitWidth == 8) || e.convertedType == converted::kInt8) {
        return DataType::byte_();
      }
      if ((lt.kind == Kind::kInteger && lt.bitWidth == 16) || e.convertedType == converted::kInt16) {
        return DataType::short_();
      }
      return DataType::int_();
    case PhysicalType::kInt64:
      if (isDecimal) return decimal();
      if (lt.kind == Kind::kTimestamp || e.convertedType == converted::kTimestampMillis ||
          e.convertedType == converted::kTimestampMicros) {
        return DataType::timestamp();
      }
      return DataType::long_();
    case PhysicalType::kFloat: return DataType::float_();
    case PhysicalType::kDouble: return DataType::double_();
    case PhysicalType::kByteArray:
      if (isDecimal) return decimal();
      if (lt.kind == Kind::kString || lt.kind == Kind::kEnum || lt.kind == Kind::kJson ||
          e.convertedType == converted::kUtf8) {
        return DataType::string();
      }
      return DataType::binary();
    case PhysicalType::kFixedLenByteArray:
      if (isDecimal) return decimal();
      return DataType::binary();
    case PhysicalType::kInt96: break;
  }
  return Status::IOError("Parquet column '{}': INT96 timestamps are not read yet", e.name);
}

namespace {

Result<ColumnPtr> readChunk(std::string_view file, const ColumnMetaData& meta, const SchemaElement& e,
                            const TypePtr& type, int maxDefinitionLevel) {
  const int64_t start = meta.dictionaryPageOffset.value_or(meta.dataPageOffset);
  if (start < 0 || meta.totalCompressedSize < 0 || static_cast<uint64_t>(start) > file.size() ||
      static_cast<uint64_t>(meta.totalCompressedSize) > file.size() - static_cast<uint64_t>(start)) {
    return corrupt("its column chunk lies outside the file");
  }
  std::string_view chunk = file.substr(static_cast<size_t>(start), static_cast<size_t>(meta.totalCompressedSize));
  ColumnAssembler out(e, type, meta.numValues);
  const int levelWidth = bitWidthFor(static_cast<uint32_t>(maxDefinitionLevel));
  PhysicalValues dictionary;
  std::string dictionaryBytes;  // the dictionary's values point into it
  bool haveDictionary = false;
  std::vector<uint32_t> levels, ids;
  std::vector<uint8_t> valid;
  int64_t seen = 0;
  size_t at = 0;
  while (seen < meta.numValues) {
    if (at >= chunk.size()) return corrupt("its pages end before its values");
    SPATE_ASSIGN_OR_RETURN(auto parsed, readPageHeader(chunk.substr(at)));
    const PageHeader& h = parsed.first;
    at += parsed.second;
    if (static_cast<uint64_t>(h.compressedPageSize) > chunk.size() - at) return corrupt("a page runs past its chunk");
    std::string_view body = chunk.substr(at, static_cast<size_t>(h.compressedPageSize));
    at += static_cast<size_t>(h.compressedPageSize);

    if (h.type == PageType::kDictionaryPage) {
      if (!h.dictionaryPage) return corrupt("a dictionary page without its header");
      SPATE_ASSIGN_OR_RETURN(dictionaryBytes, decompress(meta.codec, body, h.uncompressedPageSize));
      dictionary = PhysicalValues{};
      SPATE_RETURN_IF_ERROR(decodePlain(e, dictionaryBytes, h.dictionaryPage->numValues, dictionary));
      haveDictionary = true;
      continue;
    }
    if (h.type != PageType::kDataPage && h.type != PageType::kDataPageV2) continue;  // index pages

    int64_t rows = 0;
    Encoding encoding = Encoding::kPlain;
    std::string page;        // the decompressed page (v1) or values (v2)
    std::string_view defs;   // definition level runs, without a length prefix
    std::string_view values;
    if (h.type == PageType::kDataPage) {
      if (!h.dataPage) return corrupt("a data page without its header");
      rows = h.dataPage->numValues;
      encoding = h.dataPage->encoding;
      SPATE_ASSIGN_OR_RETURN(page, decompress(meta.codec, body, h.uncompressedPageSize));
      values = page;
      if (maxDefinitionLevel > 0) {
        uint32_t length;
        if (values.size() < 4) return corrupt("definition levels end early");
        std::memcpy(&length, values.data(), 4);
        if (length > values.size() - 4) return corrupt("definition levels are longer than their page");
        defs = values.substr(4, length);
        values = values.substr(4 + length);
      }
    } else {
      if (!h.dataPageV2) return corrupt("a data page without its header");
      const DataPageHeaderV2& v2 = *h.dataPageV2;
      rows = v2.numValues;
      encoding = v2.encoding;
      auto levelBytes = static_cast<uint64_t>(v2.definitionLevelsByteLength) + static_cast<uint64_t>(v2.repetitionLevelsByteLength);
      if (v2.definitionLevelsByteLength < 0 || v2.repetitionLevelsByteLength < 0 || levelBytes > body.size()) {
        return corrupt("level lengths exceed their page");
      }
      defs = body.substr(static_cast<size_t>(v2.repetitionLevelsByteLength), static_cast<size_t>(v2.definitionLevelsByteLength));
      std::string_view rest = body.substr(static_cast<size_t>(levelBytes));
      int64_t restSize = h.uncompressedPageSize - static_cast<int64_t>(levelBytes);
      if (v2.isCompressed) {
        SPATE_ASSIGN_OR_RETURN(page, decompress(meta.codec, rest, restSize));
        values = page;
      } else {
        values = rest;
      }
    }
    if (rows < 0 || rows > meta.numValues - seen) return corrupt("a page holds more values than its chunk");

    valid.assign(static_cast<size_t>(rows), 1);
    int64_t present = rows;
    if (maxDefinitionLevel > 0) {
      levels.resize(static_cast<size_t>(rows));
      RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(defs.data()), defs.size(), levelWidth);
      SPATE_RETURN_IF_ERROR(decoder.decode(levels.data(), rows));
      present = 0;
      for (int64_t i = 0; i < rows; ++i) {
        valid[static_cast<size_t>(i)] = levels[static_cast<size_t>(i)] == static_cast<uint32_t>(maxDefinitionLevel);
        present += valid[static_cast<size_t>(i)];
      }
    }

    PhysicalValues decoded;
    if (encoding == Encoding::kPlain) {
      SPATE_RETURN_IF_ERROR(decodePlain(e, values, present, decoded));
    } else if (encoding == Encoding::kRleDictionary || encoding == Encoding::kPlainDictionary) {
      if (!haveDictionary && present > 0) {
        return corrupt("dictionary-encoded values without a dictionary page");
      }
      if (values.empty() && present > 0) return corrupt("dictionary indices missing");
      ids.resize(static_cast<size_t>(present));
      if (present > 0) {
        int width = static_cast<uint8_t>(values[0]);
        RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(values.data()) + 1, values.size() - 1, width);
        SPATE_RETURN_IF_ERROR(decoder.decode(ids.data(), present));
        size_t limit = dictionarySize(dictionary);
        for (uint32_t id : ids) {
          if (id >= limit) return corrupt("a dictionary index past the dictionary");
        }
      }
      decoded = gather(dictionary, ids);
    } else {
      return Status::NotImplemented("Parquet column '{}': encoding {} is not read yet", e.name,
                                    static_cast<int>(encoding));
    }
    SPATE_RETURN_IF_ERROR(out.append(valid, decoded));
    seen += rows;
  }
  return out.finish();
}

}  // namespace

Result<ColumnPtr> readFlatColumnChunk(std::string_view file, const ColumnMetaData& meta, const SchemaElement& e,
                                      int maxDefinitionLevel) {
  SPATE_ASSIGN_OR_RETURN(TypePtr type, sparkTypeOf(e));
  auto column = readChunk(file, meta, e, type, maxDefinitionLevel);
  // Errors from the pages, the codec and the level decoders name the column.
  if (!column.ok()) {
    return Status(column.status().code(), fmt::format("Parquet column '{}': {}", e.name, column.status().message()));
  }
  return column;
}

}  // namespace spate::parquet
