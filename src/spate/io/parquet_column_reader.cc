#include "spate/io/parquet_column_reader.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include "spate/columnar/selection.h"
#include "spate/io/parquet_compression.h"
#include "spate/io/parquet_encodings.h"
#include "spate/io/parquet_rle.h"
#include "spate/io/parquet_dense_values.h"

namespace spate::parquet {

namespace {

// readLeafChunk names the column in front of these.
Status corrupt(std::string_view what) { return Status::IOError("{}", what); }

}  // namespace

// Hands out a chunk's entries a window of rows at a time: each data page's levels are
// decoded when it is reached, its values as they are taken.
struct LeafCursor::State {
  State(std::string bytes, const ColumnMetaData& meta, const SchemaElement& e, TypePtr t, int maxDef, int maxRep)
      : chunk(std::move(bytes)), meta(meta), e(e), type(std::move(t)), maxDef(static_cast<int16_t>(maxDef)),
        maxRep(static_cast<int16_t>(maxRep)) {}

  // Where the page's values come from as they are taken.
  enum class Source { kPlain, kDictionary, kIntegers, kByteArrays, kBooleans };

  Result<LeafChunk> next(int64_t rows) {
    if (meta.numValues < 0) return corrupt("a negative number of values");
    LeafChunk out;
    DenseValues values(e, type);
    // Room for the values up front, without trusting a count the bytes cannot back.
    const int64_t claimedBytes = std::clamp<int64_t>(meta.totalUncompressedSize, 0, int64_t{1} << 40);
    const int64_t left = meta.numValues - seen + (pageEntries - pagePos);
    const int64_t expected = std::max<int64_t>(0, std::min({rows, left, claimedBytes * 8 + 4096}));
    // The byte estimate trusts the metadata only as far as 64 MiB.
    const int64_t bytesPerValue =
        meta.numValues > 0 ? std::clamp<int64_t>(claimedBytes / meta.numValues + 1, 1, 1 << 16) : 1;
    values.reserve(expected, std::min<int64_t>(expected * bytesPerValue, int64_t{64} << 20));
    if (maxDef > 0) out.definitions.reserve(static_cast<size_t>(expected));
    if (maxRep > 0) out.repetitions.reserve(static_cast<size_t>(expected));
    int64_t taken = 0;  // rows begun
    bool full = false;
    while (!full) {
      if (pagePos == pageEntries) {
        if (seen == meta.numValues) break;
        SPATE_RETURN_IF_ERROR(loadPage());
        continue;
      }
      const int64_t begin = pagePos;
      int64_t present = 0;
      if (maxRep == 0) {
        int64_t n = std::min(rows - taken, pageEntries - pagePos);
        pagePos += n;
        taken += n;
        full = taken == rows;
      } else {
        // A row runs until the next entry at repetition level 0, maybe pages later.
        for (; pagePos < pageEntries; ++pagePos) {
          if (reps[static_cast<size_t>(pagePos)] == 0) {
            if (taken == rows) {
              full = true;
              break;
            }
            ++taken;
          }
        }
      }
      if (maxDef > 0) {
        const int16_t* d = defs.data();
        for (int64_t i = begin; i < pagePos; ++i) present += d[i] == maxDef;
        out.definitions.insert(out.definitions.end(), defs.begin() + begin, defs.begin() + pagePos);
      } else {
        present = pagePos - begin;
      }
      if (maxRep > 0) out.repetitions.insert(out.repetitions.end(), reps.begin() + begin, reps.begin() + pagePos);
      SPATE_RETURN_IF_ERROR(take(present, values));
      out.entries += pagePos - begin;
    }
    out.values = values.finish();
    return out;
  }

  bool done() const { return pagePos == pageEntries && seen == meta.numValues; }

  // Reads pages up to the next data page and decodes its levels.
  Status loadPage() {
    while (true) {
      if (at >= chunk.size()) return corrupt("its pages end before its values");
      SPATE_ASSIGN_OR_RETURN(auto parsed, readPageHeader(std::string_view(chunk).substr(at)));
      const PageHeader& h = parsed.first;
      at += parsed.second;
      if (h.compressedPageSize < 0 || static_cast<uint64_t>(h.compressedPageSize) > chunk.size() - at) {
        return corrupt("a page runs past its chunk");
      }
      std::string_view body = std::string_view(chunk).substr(at, static_cast<size_t>(h.compressedPageSize));
      at += static_cast<size_t>(h.compressedPageSize);
      if (h.type == PageType::kDictionaryPage) {
        SPATE_RETURN_IF_ERROR(readDictionary(h, body));
      } else if (h.type == PageType::kDataPage || h.type == PageType::kDataPageV2) {
        return readDataPage(h, body);
      }  // index pages carry nothing to read
    }
  }

  Status readDictionary(const PageHeader& h, std::string_view body) {
    if (!h.dictionaryPage) return corrupt("a dictionary page without its header");
    if (h.dictionaryPage->numValues < 0) return corrupt("a dictionary page with a negative size");
    SPATE_ASSIGN_OR_RETURN(std::string bytes, decompress(meta.codec, body, h.uncompressedPageSize));
    DenseValues dictionaryValues(e, type);
    SPATE_RETURN_IF_ERROR(dictionaryValues.appendPlain(bytes, h.dictionaryPage->numValues).status());
    dictionary = dictionaryValues.finish();
    return Status::OK();
  }

  // `entries` levels from RLE runs into out.
  Status readLevels(std::string_view runs, int64_t entries, int max, std::vector<int16_t>& out) {
    scratch.resize(static_cast<size_t>(entries));
    RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(runs.data()), runs.size(),
                                bitWidthFor(static_cast<uint32_t>(max)));
    SPATE_RETURN_IF_ERROR(decoder.decode(scratch.data(), entries));
    out.resize(static_cast<size_t>(entries));
    uint32_t worst = 0;
    for (size_t i = 0; i < out.size(); ++i) {
      worst = std::max(worst, scratch[i]);
      out[i] = static_cast<int16_t>(scratch[i]);
    }
    if (worst > static_cast<uint32_t>(max)) return corrupt("a level above the column's maximum");
    return Status::OK();
  }

  // A v1 page's levels: a 4-byte length, then RLE runs; advances page past them.
  Status readPrefixedLevels(std::string_view& rest, Encoding encoding, int64_t entries, int max,
                            std::vector<int16_t>& out) {
    if (encoding != Encoding::kRle) {
      return Status::NotImplemented("levels in encoding {} are not read", static_cast<int>(encoding));
    }
    uint32_t length;
    if (rest.size() < 4) return corrupt("levels end early");
    std::memcpy(&length, rest.data(), 4);
    if (length > rest.size() - 4) return corrupt("levels are longer than their page");
    SPATE_RETURN_IF_ERROR(readLevels(rest.substr(4, length), entries, max, out));
    rest = rest.substr(4 + length);
    return Status::OK();
  }

  Status readDataPage(const PageHeader& h, std::string_view body) {
    int64_t entries = 0;
    Encoding encoding = Encoding::kPlain;
    std::string_view values;
    if (h.type == PageType::kDataPage) {
      if (!h.dataPage) return corrupt("a data page without its header");
      entries = h.dataPage->numValues;
      encoding = h.dataPage->encoding;
      if (entries < 0 || entries > meta.numValues - seen) return corrupt("a page holds more values than its chunk");
      SPATE_ASSIGN_OR_RETURN(page, decompress(meta.codec, body, h.uncompressedPageSize));
      values = page;
      if (maxRep > 0) {
        SPATE_RETURN_IF_ERROR(readPrefixedLevels(values, h.dataPage->repetitionLevelEncoding, entries, maxRep, reps));
      }
      if (maxDef > 0) {
        SPATE_RETURN_IF_ERROR(readPrefixedLevels(values, h.dataPage->definitionLevelEncoding, entries, maxDef, defs));
      }
    } else {
      if (!h.dataPageV2) return corrupt("a data page without its header");
      const DataPageHeaderV2& v2 = *h.dataPageV2;
      entries = v2.numValues;
      encoding = v2.encoding;
      if (entries < 0 || entries > meta.numValues - seen) return corrupt("a page holds more values than its chunk");
      auto levelBytes = static_cast<uint64_t>(v2.definitionLevelsByteLength) +
                        static_cast<uint64_t>(v2.repetitionLevelsByteLength);
      if (v2.definitionLevelsByteLength < 0 || v2.repetitionLevelsByteLength < 0 || levelBytes > body.size()) {
        return corrupt("level lengths exceed their page");
      }
      const auto repBytes = static_cast<size_t>(v2.repetitionLevelsByteLength);
      if (maxRep > 0) SPATE_RETURN_IF_ERROR(readLevels(body.substr(0, repBytes), entries, maxRep, reps));
      if (maxDef > 0) {
        SPATE_RETURN_IF_ERROR(readLevels(body.substr(repBytes, static_cast<size_t>(v2.definitionLevelsByteLength)),
                                         entries, maxDef, defs));
      }
      std::string_view rest = body.substr(static_cast<size_t>(levelBytes));
      if (v2.isCompressed) {
        int64_t size = h.uncompressedPageSize - static_cast<int64_t>(levelBytes);
        SPATE_ASSIGN_OR_RETURN(page, decompress(meta.codec, rest, size));
        values = page;
      } else {
        values = rest;
      }
    }
    int64_t present = entries;
    if (maxDef > 0) present = std::count(defs.begin(), defs.end(), maxDef);
    SPATE_RETURN_IF_ERROR(startValues(encoding, values, present));
    seen += entries;
    pageEntries = entries;
    pagePos = 0;
    return Status::OK();
  }

  // Prepares the page's `present` values to be taken: PLAIN and dictionary values are
  // decoded as they are taken, the others (rare) all at once here.
  Status startValues(Encoding encoding, std::string_view data, int64_t present) {
    valuePos = 0;
    switch (encoding) {
      case Encoding::kPlain:
        if (*e.type == PhysicalType::kBoolean) {
          if (static_cast<uint64_t>(present) > data.size() * 8) return corrupt("PLAIN booleans end early");
          booleans.resize(static_cast<size_t>(present));
          for (int64_t i = 0; i < present; ++i) {
            booleans[static_cast<size_t>(i)] = bits::get(reinterpret_cast<const uint8_t*>(data.data()), i);
          }
          source = Source::kBooleans;
        } else {
          plain = data;
          source = Source::kPlain;
        }
        return Status::OK();
      case Encoding::kRleDictionary:
      case Encoding::kPlainDictionary: {
        source = Source::kDictionary;
        if (present == 0) return Status::OK();
        if (!dictionary) return corrupt("dictionary-encoded values without a dictionary page");
        if (data.empty()) return corrupt("dictionary indices missing");
        int width = static_cast<uint8_t>(data[0]);
        if (width > 32) return corrupt("a bit width over 32");
        ids.emplace(reinterpret_cast<const uint8_t*>(data.data()) + 1, data.size() - 1, width);
        return Status::OK();
      }
      case Encoding::kRle: {
        // Booleans in v2 pages: a 4-byte length, then runs of width 1.
        if (*e.type != PhysicalType::kBoolean) break;
        uint32_t length;
        if (data.size() < 4) return corrupt("RLE booleans end early");
        std::memcpy(&length, data.data(), 4);
        if (length > data.size() - 4) return corrupt("RLE booleans are longer than their page");
        scratch.resize(static_cast<size_t>(present));
        RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(data.data()) + 4, length, 1);
        SPATE_RETURN_IF_ERROR(decoder.decode(scratch.data(), present));
        booleans.assign(scratch.begin(), scratch.end());
        source = Source::kBooleans;
        return Status::OK();
      }
      case Encoding::kDeltaBinaryPacked:
        integers.clear();
        SPATE_RETURN_IF_ERROR(decodeDeltaBinaryPacked(data, present, integers).status());
        source = Source::kIntegers;
        return Status::OK();
      case Encoding::kDeltaLengthByteArray:
        SPATE_RETURN_IF_ERROR(decodeDeltaLengthByteArray(data, present, byteArrays));
        source = Source::kByteArrays;
        return Status::OK();
      case Encoding::kDeltaByteArray:
        SPATE_RETURN_IF_ERROR(decodeDeltaByteArray(data, present, arena, byteArrays));
        source = Source::kByteArrays;
        return Status::OK();
      case Encoding::kByteStreamSplit: {
        SPATE_RETURN_IF_ERROR(decodeByteStreamSplit(data, present, plainWidth(e), arena));
        plain = arena;
        source = Source::kPlain;
        return Status::OK();
      }
      default: break;
    }
    return Status::NotImplemented("encoding {} is not read for this column's type", static_cast<int>(encoding));
  }

  // The page's next n values into out.
  Status take(int64_t n, DenseValues& out) {
    if (n == 0) return Status::OK();
    const auto pos = static_cast<size_t>(valuePos);
    valuePos += n;
    switch (source) {
      case Source::kPlain: {
        SPATE_ASSIGN_OR_RETURN(size_t used, out.appendPlain(plain, n));
        plain.remove_prefix(used);
        return Status::OK();
      }
      case Source::kDictionary: {
        scratch.resize(static_cast<size_t>(n));
        SPATE_RETURN_IF_ERROR(ids->decode(scratch.data(), n));
        uint32_t worst = 0;
        for (uint32_t id : scratch) worst = std::max(worst, id);
        if (worst >= static_cast<uint32_t>(dictionary->length())) {
          return corrupt("a dictionary index past the dictionary");
        }
        return out.appendFromDictionary(*dictionary, scratch.data(), n);
      }
      case Source::kIntegers:
        if (pos + static_cast<size_t>(n) > integers.size()) return corrupt("a page has fewer values than its levels");
        return out.appendIntegers(integers.data() + pos, n);
      case Source::kByteArrays:
        if (pos + static_cast<size_t>(n) > byteArrays.size()) return corrupt("a page has fewer values than its levels");
        return out.appendByteArrays(byteArrays.data() + pos, n);
      case Source::kBooleans:
        if (pos + static_cast<size_t>(n) > booleans.size()) return corrupt("a page has fewer values than its levels");
        return out.appendBooleans(booleans.data() + pos, n);
    }
    return Status::OK();
  }

  const std::string chunk;
  const ColumnMetaData& meta;
  const SchemaElement& e;
  const TypePtr type;
  const int16_t maxDef, maxRep;
  size_t at = 0;       // the next page header in chunk
  int64_t seen = 0;    // entries in the pages read so far
  ColumnPtr dictionary;
  // The current data page: its bytes, levels, and where its values come from.
  std::string page;
  std::vector<int16_t> defs, reps;
  int64_t pageEntries = 0, pagePos = 0;
  Source source = Source::kPlain;
  std::string_view plain;
  std::optional<RleBitPackedDecoder> ids;
  std::vector<int64_t> integers;
  std::vector<std::string_view> byteArrays;
  std::vector<uint8_t> booleans;
  std::string arena;
  int64_t valuePos = 0;
  std::vector<uint32_t> scratch;
};

LeafCursor::LeafCursor(std::string chunk, const ColumnMetaData& meta, const SchemaElement& element, TypePtr type,
                       int maxDefinitionLevel, int maxRepetitionLevel)
    : state_(std::make_unique<State>(std::move(chunk), meta, element, std::move(type), maxDefinitionLevel,
                                     maxRepetitionLevel)) {}
LeafCursor::~LeafCursor() = default;
LeafCursor::LeafCursor(LeafCursor&&) noexcept = default;
LeafCursor& LeafCursor::operator=(LeafCursor&&) noexcept = default;

Result<LeafChunk> LeafCursor::next(int64_t rows) {
  auto chunk = state_->next(rows);
  // Errors from the pages, the codec and the decoders name the column.
  if (!chunk.ok()) {
    return Status(chunk.status().code(),
                  fmt::format("Parquet column '{}': {}", state_->e.name, chunk.status().message()));
  }
  return chunk;
}

bool LeafCursor::done() const { return state_->done(); }

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

Result<LeafChunk> readLeafChunk(std::string_view chunk, const ColumnMetaData& meta, const SchemaElement& e,
                                const TypePtr& type, int maxDefinitionLevel, int maxRepetitionLevel) {
  LeafCursor cursor(std::string(chunk), meta, e, type, maxDefinitionLevel, maxRepetitionLevel);
  SPATE_ASSIGN_OR_RETURN(LeafChunk all, cursor.next(std::numeric_limits<int64_t>::max()));
  return all;
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
