#include "spate/io/parquet_writer.h"

#include <algorithm>
#include <cstring>

#include "spate/columnar/selection.h"
#include "spate/io/parquet_compression.h"
#include "spate/io/parquet_rle.h"

namespace spate::parquet {

namespace {

// The fewest bytes of a signed integer that hold every unscaled value of `precision`
// digits: the least n with 2^(8n-1) >= 10^precision, as Spark sizes them.
int32_t decimalBytes(int precision) {
  unsigned __int128 limit = 1;
  for (int i = 0; i < precision; ++i) limit *= 10;
  for (int32_t bytes = 1; bytes < 16; ++bytes) {
    if ((static_cast<unsigned __int128>(1) << (8 * bytes - 1)) >= limit) return bytes;
  }
  return 16;
}

void putLittle(std::string& out, const void* value, size_t n) { out.append(static_cast<const char*>(value), n); }

// The PLAIN bytes of rows [begin, end) of column c that are not null.
void plainValues(const Column& c, const SchemaElement& e, int64_t begin, int64_t end, std::string& out) {
  const TypeId id = c.type()->id();
  if (id == TypeId::kBoolean) {
    std::vector<uint8_t> bitsOut;
    int64_t k = 0;
    for (int64_t i = begin; i < end; ++i) {
      if (c.isNull(i)) continue;
      if (k % 8 == 0) bitsOut.push_back(0);
      if (c.boolAt(i)) bitsOut.back() = static_cast<uint8_t>(bitsOut.back() | (1 << (k % 8)));
      ++k;
    }
    out.append(reinterpret_cast<const char*>(bitsOut.data()), bitsOut.size());
    return;
  }
  // Appends each non-null row's bytes; the type is chosen once, outside the loop.
  auto each = [&](auto&& put) {
    for (int64_t i = begin; i < end; ++i) {
      if (!c.isNull(i)) put(i);
    }
  };
  switch (id) {
    case TypeId::kByte:
      each([&](int64_t i) {
        int32_t v = c.valueAt<int8_t>(i);
        putLittle(out, &v, 4);
      });
      return;
    case TypeId::kShort:
      each([&](int64_t i) {
        int32_t v = c.valueAt<int16_t>(i);
        putLittle(out, &v, 4);
      });
      return;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kFloat: each([&](int64_t i) { putLittle(out, c.values<char>() + i * 4, 4); }); return;
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kDouble: each([&](int64_t i) { putLittle(out, c.values<char>() + i * 8, 8); }); return;
    case TypeId::kString:
    case TypeId::kBinary:
      each([&](int64_t i) {
        std::string_view s = c.stringAt(i);
        auto length = static_cast<uint32_t>(s.size());
        putLittle(out, &length, 4);
        out.append(s);
      });
      return;
    case TypeId::kDecimal:
      if (*e.type == PhysicalType::kInt32) {
        each([&](int64_t i) {
          auto x = static_cast<int32_t>(c.valueAt<__int128>(i));
          putLittle(out, &x, 4);
        });
      } else if (*e.type == PhysicalType::kInt64) {
        each([&](int64_t i) {
          auto x = static_cast<int64_t>(c.valueAt<__int128>(i));
          putLittle(out, &x, 8);
        });
      } else {
        // Big-endian two's complement in typeLength bytes.
        each([&](int64_t i) {
          __int128 v = c.valueAt<__int128>(i);
          for (int32_t b = *e.typeLength - 1; b >= 0; --b) out.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
        });
      }
      return;
    default: return;
  }
}

Result<ColumnMetaData> writeColumnChunk(const Column& c, const SchemaElement& e, const WriteOptions& options,
                                        std::string& file) {
  ColumnMetaData meta;
  meta.type = *e.type;
  meta.encodings = {Encoding::kPlain, Encoding::kRle};
  meta.pathInSchema = {e.name};
  meta.codec = options.codec;
  meta.numValues = c.length();
  meta.dataPageOffset = static_cast<int64_t>(file.size());
  Statistics stats;
  stats.nullCount = c.nullCount();
  meta.statistics = stats;
  const int64_t pageRows = std::max<int64_t>(1, options.pageRows);
  for (int64_t begin = 0; begin < c.length() || begin == 0; begin += pageRows) {
    int64_t end = std::min(c.length(), begin + pageRows);
    std::string page;
    // Definition levels (every column is optional): a 4-byte length, then the runs.
    std::vector<uint32_t> levels(static_cast<size_t>(end - begin));
    for (int64_t i = begin; i < end; ++i) levels[static_cast<size_t>(i - begin)] = c.isNull(i) ? 0 : 1;
    std::string runs = encodeRleBitPacked(levels, 1);
    auto length = static_cast<uint32_t>(runs.size());
    putLittle(page, &length, 4);
    page += runs;
    plainValues(c, e, begin, end, page);
    SPATE_ASSIGN_OR_RETURN(std::string packed, compress(options.codec, page));
    PageHeader h;
    h.type = PageType::kDataPage;
    h.uncompressedPageSize = static_cast<int32_t>(page.size());
    h.compressedPageSize = static_cast<int32_t>(packed.size());
    h.dataPage = DataPageHeader{static_cast<int32_t>(end - begin), Encoding::kPlain, Encoding::kRle, Encoding::kRle,
                                std::nullopt};
    std::string header = writePageHeader(h);
    meta.totalUncompressedSize += static_cast<int64_t>(header.size() + page.size());
    meta.totalCompressedSize += static_cast<int64_t>(header.size() + packed.size());
    file += header;
    file += packed;
    if (end >= c.length()) break;
  }
  return meta;
}

}  // namespace

Result<std::vector<SchemaElement>> parquetSchemaOf(const Schema& schema) {
  std::vector<SchemaElement> out(1);
  out[0].name = "spark_schema";
  out[0].numChildren = static_cast<int32_t>(schema.size());
  for (const auto& f : schema.fields()) {
    SchemaElement e;
    e.name = f.name;
    e.repetition = Repetition::kOptional;
    LogicalType& lt = e.logicalType;
    switch (f.type->id()) {
      case TypeId::kBoolean: e.type = PhysicalType::kBoolean; break;
      case TypeId::kByte:
      case TypeId::kShort:
        e.type = PhysicalType::kInt32;
        lt.kind = LogicalType::Kind::kInteger;
        lt.bitWidth = f.type->id() == TypeId::kByte ? 8 : 16;
        e.convertedType = f.type->id() == TypeId::kByte ? converted::kInt8 : converted::kInt16;
        break;
      case TypeId::kInt: e.type = PhysicalType::kInt32; break;
      case TypeId::kLong: e.type = PhysicalType::kInt64; break;
      case TypeId::kFloat: e.type = PhysicalType::kFloat; break;
      case TypeId::kDouble: e.type = PhysicalType::kDouble; break;
      case TypeId::kString:
        e.type = PhysicalType::kByteArray;
        lt.kind = LogicalType::Kind::kString;
        e.convertedType = converted::kUtf8;
        break;
      case TypeId::kBinary: e.type = PhysicalType::kByteArray; break;
      case TypeId::kDate:
        e.type = PhysicalType::kInt32;
        lt.kind = LogicalType::Kind::kDate;
        e.convertedType = converted::kDate;
        break;
      case TypeId::kTimestamp:
        e.type = PhysicalType::kInt64;
        lt.kind = LogicalType::Kind::kTimestamp;
        lt.adjustedToUtc = true;
        lt.unit = LogicalType::TimeUnit::kMicros;
        e.convertedType = converted::kTimestampMicros;
        break;
      case TypeId::kDecimal: {
        int p = f.type->precision();
        e.type = p <= 9 ? PhysicalType::kInt32 : p <= 18 ? PhysicalType::kInt64 : PhysicalType::kFixedLenByteArray;
        if (p > 18) e.typeLength = decimalBytes(p);
        lt.kind = LogicalType::Kind::kDecimal;
        lt.precision = p;
        lt.scale = f.type->scale();
        e.convertedType = converted::kDecimal;
        e.precision = p;
        e.scale = f.type->scale();
        break;
      }
      default:
        return Status::NotImplemented("Parquet: column '{}' of type {} is not written yet", f.name,
                                      f.type->simpleString());
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::string> writeParquetFile(const std::vector<BatchPtr>& batches, const Schema& schema,
                                     const WriteOptions& options) {
  SPATE_ASSIGN_OR_RETURN(std::vector<SchemaElement> elements, parquetSchemaOf(schema));
  auto schemaPtr = std::make_shared<Schema>(schema);
  BatchPtr all = concatBatches(schemaPtr, batches);
  std::string file = "PAR1";
  FileMetaData meta;
  meta.schema = elements;
  meta.numRows = all->numRows();
  meta.createdBy = options.createdBy;
  RowGroup group;
  group.numRows = all->numRows();
  group.fileOffset = static_cast<int64_t>(file.size());
  for (size_t c = 0; c < schema.size(); ++c) {
    ColumnPtr column = Column::flatten(all->column(c));
    ColumnChunk chunk;
    SPATE_ASSIGN_OR_RETURN(chunk.metaData, writeColumnChunk(*column, elements[c + 1], options, file));
    chunk.fileOffset = chunk.metaData->dataPageOffset;
    group.totalByteSize += chunk.metaData->totalUncompressedSize;
    group.columns.push_back(std::move(chunk));
  }
  group.totalCompressedSize = static_cast<int64_t>(file.size()) - *group.fileOffset;
  meta.rowGroups.push_back(std::move(group));
  std::string footer = writeFileMetaData(meta);
  file += footer;
  auto length = static_cast<uint32_t>(footer.size());
  putLittle(file, &length, 4);
  file += "PAR1";
  return file;
}

}  // namespace spate::parquet
