#pragma once

// Parquet's file metadata (the footer) and page headers, as parquet.thrift defines
// them, read from and written as Thrift compact bytes. Only the fields spate reads or
// writes are kept; others are skipped on read.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spate/common/status.h"

namespace spate::parquet {

enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class Codec : int32_t { kUncompressed = 0, kSnappy = 1, kGzip = 2, kLzo = 3, kBrotli = 4, kLz4 = 5, kZstd = 6, kLz4Raw = 7 };

enum class PageType : int32_t { kDataPage = 0, kIndexPage = 1, kDictionaryPage = 2, kDataPageV2 = 3 };

// The legacy ConvertedType values spate reads and writes (beside the logical types, as
// Spark writes both).
namespace converted {
constexpr int32_t kUtf8 = 0, kMap = 1, kMapKeyValue = 2, kList = 3, kDecimal = 5, kDate = 6, kTimestampMillis = 9,
                  kTimestampMicros = 10, kInt8 = 15, kInt16 = 16;
}  // namespace converted

// The LogicalType union; kNone when absent.
struct LogicalType {
  enum class Kind {
    kNone, kString, kMap, kList, kEnum, kDecimal, kDate, kTime, kTimestamp, kInteger, kUnknown, kJson, kBson, kUuid,
    kFloat16,
  };
  enum class TimeUnit { kMillis, kMicros, kNanos };
  Kind kind = Kind::kNone;
  int32_t scale = 0, precision = 0;    // kDecimal
  bool adjustedToUtc = false;          // kTime, kTimestamp
  TimeUnit unit = TimeUnit::kMicros;   // kTime, kTimestamp
  int8_t bitWidth = 0;                 // kInteger
  bool isSigned = true;                // kInteger
};

struct SchemaElement {
  std::optional<PhysicalType> type;  // absent for groups
  std::optional<int32_t> typeLength;
  std::optional<Repetition> repetition;
  std::string name;
  std::optional<int32_t> numChildren;
  std::optional<int32_t> convertedType;
  std::optional<int32_t> scale, precision, fieldId;
  LogicalType logicalType;
};

struct Statistics {
  std::optional<std::string> max, min;  // deprecated signed-order fields
  std::optional<int64_t> nullCount, distinctCount;
  std::optional<std::string> maxValue, minValue;
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kInt32;
  std::vector<Encoding> encodings;
  std::vector<std::string> pathInSchema;
  Codec codec = Codec::kUncompressed;
  int64_t numValues = 0;
  int64_t totalUncompressedSize = 0;
  int64_t totalCompressedSize = 0;
  std::vector<std::pair<std::string, std::string>> keyValueMetadata;
  int64_t dataPageOffset = 0;
  std::optional<int64_t> indexPageOffset, dictionaryPageOffset;
  std::optional<Statistics> statistics;
};

struct ColumnChunk {
  std::optional<std::string> filePath;
  int64_t fileOffset = 0;
  std::optional<ColumnMetaData> metaData;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t totalByteSize = 0;
  int64_t numRows = 0;
  std::optional<int64_t> fileOffset, totalCompressedSize;
  std::optional<int16_t> ordinal;
};

// How min/max statistics of a leaf are ordered: TYPE_DEFINED_ORDER (signed integers,
// floats without NaN, unsigned bytes for strings, signed decimals) or one this reader
// does not know. Without it readers must distrust min_value/max_value.
enum class ColumnOrder : int32_t { kUnknown = 0, kTypeDefined = 1 };

struct FileMetaData {
  int32_t version = 1;
  std::vector<SchemaElement> schema;  // depth-first, the root first
  int64_t numRows = 0;
  std::vector<RowGroup> rowGroups;
  std::vector<std::pair<std::string, std::string>> keyValueMetadata;
  std::optional<std::string> createdBy;
  std::vector<ColumnOrder> columnOrders;  // one per leaf, in schema order; empty when absent
};

struct DataPageHeader {
  int32_t numValues = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definitionLevelEncoding = Encoding::kRle;
  Encoding repetitionLevelEncoding = Encoding::kRle;
  std::optional<Statistics> statistics;
};

struct DictionaryPageHeader {
  int32_t numValues = 0;
  Encoding encoding = Encoding::kPlain;
  std::optional<bool> isSorted;
};

struct DataPageHeaderV2 {
  int32_t numValues = 0, numNulls = 0, numRows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definitionLevelsByteLength = 0, repetitionLevelsByteLength = 0;
  bool isCompressed = true;
  std::optional<Statistics> statistics;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressedPageSize = 0;
  int32_t compressedPageSize = 0;
  std::optional<int32_t> crc;
  std::optional<DataPageHeader> dataPage;
  std::optional<DictionaryPageHeader> dictionaryPage;
  std::optional<DataPageHeaderV2> dataPageV2;
};

// Errors say what is wrong and where; the caller names the file.
Result<FileMetaData> readFileMetaData(std::string_view bytes);
// The footer of a whole file: "PAR1" at both ends, the metadata before the last 8
// bytes (its length, then the magic), the length checked against the file.
Result<FileMetaData> readFooter(std::string_view file);
// The footer's length, from a file's first 4 and last 8 bytes and its size (the checks
// readFooter makes, for readers that fetch only the footer).
Result<uint32_t> footerLength(std::string_view head, std::string_view tail, uint64_t fileSize);
std::string writeFileMetaData(const FileMetaData& metadata);

// A page header at the start of bytes, and how many bytes it took.
Result<std::pair<PageHeader, size_t>> readPageHeader(std::string_view bytes);
std::string writePageHeader(const PageHeader& header);

}  // namespace spate::parquet
