#include "spate/io/parquet_column_reader.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "spate/columnar/selection.h"
#include "spate/io/parquet_compression.h"
#include "spate/io/parquet_encodings.h"
#include "spate/io/parquet_rle.h"
#include "spate/io/parquet_values.h"

namespace spate::parquet {

namespace {

// readLeafChunk names the column in front of these.
Status corrupt(std::string_view what) { return Status::IOError("{}", what); }

// Reads one leaf chunk page by page; scratch vectors live across pages.
class ChunkReader {
 public:
  ChunkReader(const ColumnMetaData& meta, const SchemaElement& e, const TypePtr& type, int maxDef, int maxRep)
      : meta_(meta), e_(e), type_(type), maxDef_(maxDef), maxRep_(maxRep), values_(e, type) {}

  Result<LeafChunk> read(std::string_view chunk) {
    if (meta_.numValues < 0) return corrupt("a negative number of values");
    // Room for the values up front, without trusting a count the bytes cannot back.
    const int64_t expected = std::min(meta_.numValues, meta_.totalUncompressedSize * 8 + 4096);
    values_.reserve(expected, meta_.totalUncompressedSize);
    if (maxDef_ > 0) definitions_.reserve(static_cast<size_t>(expected));
    if (maxRep_ > 0) repetitions_.reserve(static_cast<size_t>(expected));
    size_t at = 0;
    while (seen_ < meta_.numValues) {
      if (at >= chunk.size()) return corrupt("its pages end before its values");
      SPATE_ASSIGN_OR_RETURN(auto parsed, readPageHeader(chunk.substr(at)));
      const PageHeader& h = parsed.first;
      at += parsed.second;
      if (h.compressedPageSize < 0 || static_cast<uint64_t>(h.compressedPageSize) > chunk.size() - at) {
        return corrupt("a page runs past its chunk");
      }
      std::string_view body = chunk.substr(at, static_cast<size_t>(h.compressedPageSize));
      at += static_cast<size_t>(h.compressedPageSize);
      if (h.type == PageType::kDictionaryPage) {
        SPATE_RETURN_IF_ERROR(readDictionary(h, body));
      } else if (h.type == PageType::kDataPage || h.type == PageType::kDataPageV2) {
        SPATE_RETURN_IF_ERROR(readDataPage(h, body));
      }  // index pages carry nothing to read
    }
    LeafChunk out;
    out.values = values_.finish();
    out.definitions = std::move(definitions_);
    out.repetitions = std::move(repetitions_);
    out.entries = seen_;
    return out;
  }

 private:
  Status readDictionary(const PageHeader& h, std::string_view body) {
    if (!h.dictionaryPage) return corrupt("a dictionary page without its header");
    if (h.dictionaryPage->numValues < 0) return corrupt("a dictionary page with a negative size");
    SPATE_ASSIGN_OR_RETURN(std::string bytes, decompress(meta_.codec, body, h.uncompressedPageSize));
    DenseValues dictionary(e_, type_);
    SPATE_RETURN_IF_ERROR(dictionary.appendPlain(bytes, h.dictionaryPage->numValues));
    dictionary_ = dictionary.finish();
    return Status::OK();
  }

  // The levels of `entries` values at the end of out, from RLE runs.
  Status readLevels(std::string_view runs, int64_t entries, int max, std::vector<int16_t>& out) {
    scratch_.resize(static_cast<size_t>(entries));
    RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(runs.data()), runs.size(),
                                bitWidthFor(static_cast<uint32_t>(max)));
    SPATE_RETURN_IF_ERROR(decoder.decode(scratch_.data(), entries));
    const size_t base = out.size();
    out.resize(base + static_cast<size_t>(entries));
    uint32_t worst = 0;
    for (int64_t i = 0; i < entries; ++i) {
      worst = std::max(worst, scratch_[static_cast<size_t>(i)]);
      out[base + static_cast<size_t>(i)] = static_cast<int16_t>(scratch_[static_cast<size_t>(i)]);
    }
    if (worst > static_cast<uint32_t>(max)) return corrupt("a level above the column's maximum");
    return Status::OK();
  }

  // A v1 page's levels: a 4-byte length, then RLE runs; advances page past them.
  Status readPrefixedLevels(std::string_view& page, Encoding encoding, int64_t entries, int max,
                            std::vector<int16_t>& out) {
    if (encoding != Encoding::kRle) {
      return Status::NotImplemented("levels in encoding {} are not read", static_cast<int>(encoding));
    }
    uint32_t length;
    if (page.size() < 4) return corrupt("levels end early");
    std::memcpy(&length, page.data(), 4);
    if (length > page.size() - 4) return corrupt("levels are longer than their page");
    SPATE_RETURN_IF_ERROR(readLevels(page.substr(4, length), entries, max, out));
    page = page.substr(4 + length);
    return Status::OK();
  }

  Status readDataPage(const PageHeader& h, std::string_view body) {
    int64_t entries = 0;
    Encoding encoding = Encoding::kPlain;
    std::string page;  // the decompressed page (v1) or values (v2)
    std::string_view values;
    const size_t levelsAt = definitions_.size();
    if (h.type == PageType::kDataPage) {
      if (!h.dataPage) return corrupt("a data page without its header");
      entries = h.dataPage->numValues;
      encoding = h.dataPage->encoding;
      if (entries < 0 || entries > meta_.numValues - seen_) return corrupt("a page holds more values than its chunk");
      SPATE_ASSIGN_OR_RETURN(page, decompress(meta_.codec, body, h.uncompressedPageSize));
      values = page;
      if (maxRep_ > 0) {
        SPATE_RETURN_IF_ERROR(
            readPrefixedLevels(values, h.dataPage->repetitionLevelEncoding, entries, maxRep_, repetitions_));
      }
      if (maxDef_ > 0) {
        SPATE_RETURN_IF_ERROR(
            readPrefixedLevels(values, h.dataPage->definitionLevelEncoding, entries, maxDef_, definitions_));
      }
    } else {
      if (!h.dataPageV2) return corrupt("a data page without its header");
      const DataPageHeaderV2& v2 = *h.dataPageV2;
      entries = v2.numValues;
      encoding = v2.encoding;
      if (entries < 0 || entries > meta_.numValues - seen_) return corrupt("a page holds more values than its chunk");
      auto levelBytes = static_cast<uint64_t>(v2.definitionLevelsByteLength) +
                        static_cast<uint64_t>(v2.repetitionLevelsByteLength);
      if (v2.definitionLevelsByteLength < 0 || v2.repetitionLevelsByteLength < 0 || levelBytes > body.size()) {
        return corrupt("level lengths exceed their page");
      }
      const auto repBytes = static_cast<size_t>(v2.repetitionLevelsByteLength);
      if (maxRep_ > 0) SPATE_RETURN_IF_ERROR(readLevels(body.substr(0, repBytes), entries, maxRep_, repetitions_));
      if (maxDef_ > 0) {
        SPATE_RETURN_IF_ERROR(readLevels(body.substr(repBytes, static_cast<size_t>(v2.definitionLevelsByteLength)),
                                         entries, maxDef_, definitions_));
      }
      std::string_view rest = body.substr(static_cast<size_t>(levelBytes));
      if (v2.isCompressed) {
        int64_t size = h.uncompressedPageSize - static_cast<int64_t>(levelBytes);
        SPATE_ASSIGN_OR_RETURN(page, decompress(meta_.codec, rest, size));
        values = page;
      } else {
        values = rest;
      }
    }
    int64_t present = entries;
    if (maxDef_ > 0) {
      present = 0;
      const int16_t* d = definitions_.data() + levelsAt;
      for (int64_t i = 0; i < entries; ++i) present += d[i] == maxDef_;
    }
    SPATE_RETURN_IF_ERROR(readValues(encoding, values, present));
    seen_ += entries;
    return Status::OK();
  }

  Status readValues(Encoding encoding, std::string_view data, int64_t n) {
    switch (encoding) {
      case Encoding::kPlain: return values_.appendPlain(data, n);
      case Encoding::kRleDictionary:
      case Encoding::kPlainDictionary: {
        if (n == 0) return Status::OK();
        if (!dictionary_) return corrupt("dictionary-encoded values without a dictionary page");
        if (data.empty()) return corrupt("dictionary indices missing");
        SPATE_RETURN_IF_ERROR(decodeRuns(data.substr(1), static_cast<uint8_t>(data[0]), n));
        const auto limit = static_cast<uint32_t>(dictionary_->length());
        uint32_t worst = 0;
        for (int64_t i = 0; i < n; ++i) worst = std::max(worst, scratch_[static_cast<size_t>(i)]);
        if (worst >= limit) return corrupt("a dictionary index past the dictionary");
        return values_.appendFromDictionary(*dictionary_, scratch_.data(), n);
      }
      case Encoding::kRle: {
        // Booleans in v2 pages: a 4-byte length, then runs of width 1.
        if (*e_.type != PhysicalType::kBoolean) break;
        uint32_t length;
        if (data.size() < 4) return corrupt("RLE booleans end early");
        std::memcpy(&length, data.data(), 4);
        if (length > data.size() - 4) return corrupt("RLE booleans are longer than their page");
        SPATE_RETURN_IF_ERROR(decodeRuns(data.substr(4, length), 1, n));
        std::string packed(static_cast<size_t>(bits::bytesFor(n)), '\0');
        for (int64_t i = 0; i < n; ++i) {
          if (scratch_[static_cast<size_t>(i)]) bits::set(reinterpret_cast<uint8_t*>(packed.data()), i);
        }
        return values_.appendPlain(packed, n);
      }
      case Encoding::kDeltaBinaryPacked:
        ints_.clear();
        SPATE_RETURN_IF_ERROR(decodeDeltaBinaryPacked(data, n, ints_).status());
        return values_.appendIntegers(ints_);
      case Encoding::kDeltaLengthByteArray:
        SPATE_RETURN_IF_ERROR(decodeDeltaLengthByteArray(data, n, views_));
        return values_.appendByteArrays(views_);
      case Encoding::kDeltaByteArray:
        SPATE_RETURN_IF_ERROR(decodeDeltaByteArray(data, n, arena_, views_));
        return values_.appendByteArrays(views_);
      case Encoding::kByteStreamSplit: {
        int width = *e_.type == PhysicalType::kFixedLenByteArray ? e_.typeLength.value_or(0)
                    : (*e_.type == PhysicalType::kInt32 || *e_.type == PhysicalType::kFloat) ? 4
                                                                                              : 8;
        SPATE_RETURN_IF_ERROR(decodeByteStreamSplit(data, n, width, arena_));
        return values_.appendPlain(arena_, n);
      }
      default: break;
    }
    return Status::NotImplemented("encoding {} is not read for this column's type", static_cast<int>(encoding));
  }

  Status decodeRuns(std::string_view runs, int width, int64_t n) {
    if (width > 32) return corrupt("a bit width over 32");
    scratch_.resize(static_cast<size_t>(n));
    RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(runs.data()), runs.size(), width);
    return decoder.decode(scratch_.data(), n);
  }

  const ColumnMetaData& meta_;
  const SchemaElement& e_;
  const TypePtr& type_;
  const int maxDef_, maxRep_;
  DenseValues values_;
  ColumnPtr dictionary_;
  std::vector<int16_t> definitions_, repetitions_;
  int64_t seen_ = 0;
  std::vector<uint32_t> scratch_;
  std::vector<int64_t> ints_;
  std::vector<std::string_view> views_;
  std::string arena_;
};

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
    case PhysicalType::kInt96: return DataType::timestamp();
  }
  return Status::IOError("Parquet column '{}' has an unknown physical type", e.name);
}

Result<std::pair<uint64_t, uint64_t>> chunkRange(const ColumnMetaData& meta, uint64_t fileSize) {
  const int64_t start = meta.dictionaryPageOffset.value_or(meta.dataPageOffset);
  if (start < 0 || meta.totalCompressedSize < 0 || static_cast<uint64_t>(start) > fileSize ||
      static_cast<uint64_t>(meta.totalCompressedSize) > fileSize - static_cast<uint64_t>(start)) {
    return Status::IOError("Parquet column '{}': its column chunk lies outside the file",
                           meta.pathInSchema.empty() ? "" : meta.pathInSchema.back());
  }
  return std::make_pair(static_cast<uint64_t>(start), static_cast<uint64_t>(meta.totalCompressedSize));
}

Result<LeafChunk> readLeafChunk(std::string_view chunkBytes, const ColumnMetaData& meta, const SchemaElement& e,
                                const TypePtr& type, int maxDefinitionLevel, int maxRepetitionLevel) {
  auto chunk = ChunkReader(meta, e, type, maxDefinitionLevel, maxRepetitionLevel).read(chunkBytes);
  // Errors from the pages, the codec and the decoders name the column.
  if (!chunk.ok()) {
    return Status(chunk.status().code(), fmt::format("Parquet column '{}': {}", e.name, chunk.status().message()));
  }
  return chunk;
}

ColumnPtr spreadFlat(const LeafChunk& chunk, int maxDefinitionLevel) {
  if (chunk.values->length() == chunk.entries) return chunk.values;
  std::vector<int32_t> indices(static_cast<size_t>(chunk.entries));
  int32_t next = 0;
  for (size_t i = 0; i < indices.size(); ++i) {
    indices[i] = chunk.definitions[i] == maxDefinitionLevel ? next++ : -1;
  }
  return take(chunk.values, indices.data(), chunk.entries);
}

Result<ColumnPtr> readFlatColumnChunk(std::string_view file, const ColumnMetaData& meta, const SchemaElement& e,
                                      int maxDefinitionLevel) {
  SPATE_ASSIGN_OR_RETURN(TypePtr type, sparkTypeOf(e));
  SPATE_ASSIGN_OR_RETURN(auto range, chunkRange(meta, file.size()));
  SPATE_ASSIGN_OR_RETURN(LeafChunk chunk, readLeafChunk(file.substr(range.first, range.second), meta, e, type,
                                                        maxDefinitionLevel, 0));
  return spreadFlat(chunk, maxDefinitionLevel);
}

}  // namespace spate::parquet
