#include "spate/io/parquet_column_writer.h"

#include <algorithm>
#include <span>
#include <vector>

#include "spate/io/parquet_compression.h"
#include "spate/io/parquet_dictionary.h"
#include "spate/io/parquet_levels.h"
#include "spate/io/parquet_rle.h"
#include "spate/io/parquet_rle_encoder.h"
#include "spate/io/parquet_statistics.h"

namespace spate::parquet {

namespace {

// Rows shredded between two checks of the page size, at most.
constexpr int64_t kMaxRowsPerCheck = 8192;
// Rows shredded before the first check of a page: few, so small page sizes are kept.
constexpr int64_t kFirstRowsOfAPage = 64;

// A v1 page's levels: their byte length in 4 bytes, then the runs.
void appendLevels(std::string& page, const std::vector<uint16_t>& levels, int16_t maxLevel) {
  const size_t at = page.size();
  page.append(4, '\0');
  RleBitPackedEncoder encoder(bitWidthFor(static_cast<uint32_t>(maxLevel)), &page);
  encoder.putAll(levels.data(), static_cast<int64_t>(levels.size()));
  encoder.finish();
  auto length = static_cast<uint32_t>(page.size() - at - 4);
  std::memcpy(page.data() + at, &length, 4);
}

// What is common to every physical type: levels, pages, the chunk's bytes and metadata.
class ChunkWriterBase : public ColumnChunkWriter {
 protected:
  ChunkWriterBase(const LeafColumn& leaf, const ColumnWriteOptions& options)
      : leaf_(leaf), options_(options), shredder_(leaf) {}

  // Shreds top-level rows [at, at + rows) into the page's levels and selection_.
  Status shred(const ColumnPtr& top, int64_t at, int64_t rows) {
    if (top != lastTop_) {
      shredder_.reset(top);
      lastTop_ = top;
    }
    SPATE_RETURN_IF_ERROR(shredder_.shred(at, at + rows, definitions_, repetitions_, selection_));
    pageRows_ += rows;
    pageValues_ += selection_.size();
    return Status::OK();
  }

  int64_t pageLevels() const {
    return leaf_.maxDefinition > 0 ? static_cast<int64_t>(definitions_.size()) : pageRows_;
  }
  int64_t levelBytesEstimate() const {
    return static_cast<int64_t>(definitions_.size() + repetitions_.size()) / 8;
  }

  // The rows to shred before the next look at the page size: the rows that should
  // fill the page at the bytes per row seen so far.
  int64_t rowsToNextCheck(int64_t pageEstimate) const {
    int64_t left = options_.pageRows - pageRows_;
    if (pageRows_ == 0) return std::clamp<int64_t>(left, 1, kFirstRowsOfAPage);
    int64_t perRow = std::max<int64_t>(1, pageEstimate / pageRows_);
    int64_t fit = (options_.pageBytes - pageEstimate) / perRow;
    return std::clamp<int64_t>(std::min(fit, left), 1, kMaxRowsPerCheck);
  }

  // Starts a data page in page_: its levels.
  void beginDataPage() {
    page_.clear();
    if (leaf_.maxRepetition > 0) appendLevels(page_, repetitions_, leaf_.maxRepetition);
    if (leaf_.maxDefinition > 0) appendLevels(page_, definitions_, leaf_.maxDefinition);
  }

  // Compresses page_ (levels and values) into the chunk's data pages.
  Status endDataPage(Encoding encoding) {
    PageHeader h;
    h.type = PageType::kDataPage;
    const int64_t levels = pageLevels();
    h.dataPage = DataPageHeader{static_cast<int32_t>(levels), encoding, Encoding::kRle, Encoding::kRle, std::nullopt};
    // Each page in a string of its own, kept for the next row group's pages: the chunk
    // grows without copying what it holds.
    if (pageCount_ == pages_.size()) pages_.emplace_back();
    std::string& slot = pages_[pageCount_++];
    slot.clear();
    SPATE_RETURN_IF_ERROR(appendPage(h, page_, slot));
    pagesBytes_ += static_cast<int64_t>(slot.size());
    (encoding == Encoding::kPlain ? plainPages_ : dictionaryPages_) = true;
    chunkLevels_ += levels;
    chunkValues_ += pageValues_;
    definitions_.clear();
    repetitions_.clear();
    pageRows_ = 0;
    pageValues_ = 0;
    return Status::OK();
  }

  // Appends header h (its sizes filled in here) and the compressed page to `to`.
  Status appendPage(PageHeader& h, const std::string& page, std::string& to) {
    if (page.size() > static_cast<size_t>(INT32_MAX)) {
      return Status::Invalid("Parquet: a page of column '{}' passes 2 GiB", leaf_.name());
    }
    const bool raw = options_.codec == Codec::kUncompressed;
    if (!raw) SPATE_RETURN_IF_ERROR(compressInto(options_.codec, page, packed_));
    const std::string& stored = raw ? page : packed_;
    h.uncompressedPageSize = static_cast<int32_t>(page.size());
    h.compressedPageSize = static_cast<int32_t>(stored.size());
    std::string header = writePageHeader(h);
    chunkUncompressed_ += static_cast<int64_t>(header.size() + page.size());
    to += header;
    to += stored;
    return Status::OK();
  }

  // Writes the chunk: the dictionary page (when given), then the data pages.
  Result<ColumnChunk> assemble(const ByteSink& sink, int64_t offset, const std::string* dictionaryPage,
                               Statistics stats) {
    ColumnMetaData m;
    m.type = *leaf_.element.type;
    m.pathInSchema = leaf_.pathInSchema;
    m.codec = options_.codec;
    m.numValues = chunkLevels_;
    int64_t at = offset;
    if (dictionaryPage) {
      m.dictionaryPageOffset = at;
      SPATE_RETURN_IF_ERROR(sink(*dictionaryPage));
      at += static_cast<int64_t>(dictionaryPage->size());
    }
    m.dataPageOffset = at;
    for (size_t p = 0; p < pageCount_; ++p) SPATE_RETURN_IF_ERROR(sink(pages_[p]));
    at += pagesBytes_;
    m.totalCompressedSize = at - offset;
    m.totalUncompressedSize = chunkUncompressed_;
    if (dictionaryPage || plainPages_) m.encodings.push_back(Encoding::kPlain);
    m.encodings.push_back(Encoding::kRle);
    if (dictionaryPages_) m.encodings.push_back(Encoding::kRleDictionary);
    stats.nullCount = chunkLevels_ - chunkValues_;
    m.statistics = std::move(stats);
    ColumnChunk chunk;
    chunk.fileOffset = offset;
    chunk.metaData = std::move(m);
    pageCount_ = 0;
    pagesBytes_ = 0;
    chunkUncompressed_ = chunkLevels_ = chunkValues_ = 0;
    plainPages_ = dictionaryPages_ = false;
    return chunk;
  }

  const LeafColumn& leaf_;
  const ColumnWriteOptions options_;
  LevelShredder shredder_;
  ColumnPtr lastTop_;
  ValueSelection selection_;
  // The open page.
  std::vector<uint16_t> definitions_, repetitions_;
  int64_t pageRows_ = 0, pageValues_ = 0;
  std::string page_;
  std::string packed_;  // page_ compressed
  // The chunk's finished data pages (headers and compressed bytes) and their counts.
  std::vector<std::string> pages_;  // the first pageCount_ hold this chunk's pages
  size_t pageCount_ = 0;
  int64_t pagesBytes_ = 0;
  int64_t chunkUncompressed_ = 0, chunkLevels_ = 0, chunkValues_ = 0;
  bool plainPages_ = false, dictionaryPages_ = false;
};

// The leaf column's values at the selected rows as physical values: a view of the
// column's own buffer when the types match and the rows are contiguous, else gathered
// into scratch (no allocation per value: scratch keeps its capacity).
template <typename T, typename Source>
std::span<const T> gather(const Source* source, const ValueSelection& selection, std::vector<T>& scratch) {
  const auto n = static_cast<size_t>(selection.size());
  scratch.resize(n);
  if (selection.contiguous) {
    for (size_t k = 0; k < n; ++k) scratch[k] = static_cast<T>(source[selection.first + static_cast<int64_t>(k)]);
  } else {
    for (size_t k = 0; k < n; ++k) scratch[k] = static_cast<T>(source[selection.rows[k]]);
  }
  return scratch;
}

template <typename T>
std::span<const T> viewOrGather(const Column& c, const ValueSelection& selection, std::vector<T>& scratch) {
  if (selection.contiguous) return {c.values<T>() + selection.first, static_cast<size_t>(selection.count)};
  return gather(c.values<T>(), selection, scratch);
}

template <typename T>
class TypedChunkWriter final : public ChunkWriterBase {
 public:
  using Traits = PhysicalTraits<T>;
  static constexpr bool kBoolean = std::is_same_v<T, BooleanValue>;

  TypedChunkWriter(const LeafColumn& leaf, const ColumnWriteOptions& options) : ChunkWriterBase(leaf, options) {
    useDictionary_ = options.dictionary && !kBoolean;
  }

  Status write(const ColumnPtr& top, int64_t begin, int64_t end) override {
    for (int64_t at = begin; at < end;) {
      const int64_t rows = std::min(end - at, rowsToNextCheck(pageBytesEstimate()));
      SPATE_RETURN_IF_ERROR(shred(top, at, rows));
      encode(physicalValues(shredder_.leafColumn(), selection_));
      at += rows;
      if (pageBytesEstimate() >= options_.pageBytes || pageRows_ >= options_.pageRows) {
        SPATE_RETURN_IF_ERROR(closePage());
      }
    }
    return Status::OK();
  }

  int64_t bufferedBytes() const override {
    const int64_t dictionary = dictionaryInUse() ? dictionary_.plainBytes() : 0;
    return pagesBytes_ + pageBytesEstimate() + dictionary;
  }

  Result<ColumnChunk> flush(const ByteSink& sink, int64_t offset) override {
    SPATE_RETURN_IF_ERROR(closePage());
    std::string dictionaryPage;
    if constexpr (!kBoolean) {
      if (dictionaryPages_) {
        std::string plain;
        Traits::appendPlain(plain, std::span<const T>(dictionary_.values()));
        PageHeader h;
        h.type = PageType::kDictionaryPage;
        const auto entries = static_cast<int32_t>(dictionary_.size());
        h.dictionaryPage = DictionaryPageHeader{entries, Encoding::kPlain, std::nullopt};
        SPATE_RETURN_IF_ERROR(appendPage(h, plain, dictionaryPage));
      }
      dictionary_.clear();
      useDictionary_ = options_.dictionary;
    }
    Statistics stats;
    statistics_.writeTo(stats);
    statistics_.clear();
    return assemble(sink, offset, dictionaryPages_ ? &dictionaryPage : nullptr, std::move(stats));
  }

 private:
  bool dictionaryInUse() const {
    if constexpr (kBoolean) return false;
    else return useDictionary_ || dictionaryPages_;
  }

  int64_t pageBytesEstimate() const {
    int64_t values = 0;
    if constexpr (kBoolean) {
      values = static_cast<int64_t>(booleans_.size()) / 8;
    } else if (useDictionary_) {
      values = static_cast<int64_t>(indices_.size()) * bitWidthFor(static_cast<uint32_t>(dictionary_.size())) / 8;
    } else {
      values = static_cast<int64_t>(plain_.size());
    }
    return values + levelBytesEstimate();
  }

  std::span<const T> physicalValues(const Column& c, const ValueSelection& selection) {
    if constexpr (std::is_same_v<T, int32_t>) {
      switch (c.typeId()) {
        case TypeId::kByte: return gather(c.values<int8_t>(), selection, scratch_);
        case TypeId::kShort: return gather(c.values<int16_t>(), selection, scratch_);
        case TypeId::kDecimal: return gather(c.values<__int128>(), selection, scratch_);
        default: return viewOrGather(c, selection, scratch_);
      }
    } else if constexpr (std::is_same_v<T, int64_t>) {
      if (c.typeId() == TypeId::kDecimal) return gather(c.values<__int128>(), selection, scratch_);
      return viewOrGather(c, selection, scratch_);
    } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      return viewOrGather(c, selection, scratch_);
    } else if constexpr (std::is_same_v<T, ByteArray>) {
      const int32_t* offsets = c.offsets();
      const char* data = c.stringData();
      const auto n = static_cast<size_t>(selection.size());
      scratch_.resize(n);
      for (size_t k = 0; k < n; ++k) {
        const int64_t row = selection.row(static_cast<int64_t>(k));
        scratch_[k] = ByteArray{{data + offsets[row], static_cast<size_t>(offsets[row + 1] - offsets[row])}};
      }
      return scratch_;
    } else if constexpr (std::is_same_v<T, FixedBytes>) {
      // Big-endian two's complement of the 128-bit unscaled value, in typeLength bytes.
      const auto width = static_cast<size_t>(*leaf_.element.typeLength);
      const auto n = static_cast<size_t>(selection.size());
      fixedBytes_.resize(n * width);
      scratch_.resize(n);
      const __int128* values = c.values<__int128>();
      for (size_t k = 0; k < n; ++k) {
        __int128 v = values[selection.row(static_cast<int64_t>(k))];
        char* p = fixedBytes_.data() + k * width;
        for (size_t b = 0; b < width; ++b) p[b] = static_cast<char>((v >> (8 * (width - 1 - b))) & 0xff);
        scratch_[k] = FixedBytes{{p, width}};
      }
      return scratch_;
    } else {
      const auto n = static_cast<size_t>(selection.size());
      scratch_.resize(n);
      for (size_t k = 0; k < n; ++k) scratch_[k] = c.boolAt(selection.row(static_cast<int64_t>(k)));
      return scratch_;
    }
  }

  void encode(std::span<const T> values) {
    if constexpr (kBoolean) {
      booleans_.insert(booleans_.end(), values.begin(), values.end());
      statistics_.update(values);
    } else if (useDictionary_) {
      // Every dictionary entry is a value of the chunk: the new ones are all the
      // statistics need to see.
      const size_t before = dictionary_.size();
      dictionary_.encode(values, indices_);
      statistics_.update(std::span<const T>(dictionary_.values()).subspan(before));
      if (dictionary_.plainBytes() > options_.dictionaryPageBytes) fallBackToPlain();
    } else {
      Traits::appendPlain(plain_, values);
      statistics_.update(values);
    }
  }

  // The open page's indices become PLAIN values; so will the rest of the chunk's. The
  // dictionary stays for the pages already written with it.
  void fallBackToPlain() {
    if constexpr (!kBoolean) {
      const std::vector<T>& entries = dictionary_.values();
      for (uint32_t index : indices_) Traits::appendPlain(plain_, std::span<const T>(&entries[index], 1));
      indices_.clear();
      useDictionary_ = false;
      if (!dictionaryPages_) dictionary_.clear();
    }
  }

  Status closePage() {
    if (pageRows_ == 0) return Status::OK();
    beginDataPage();
    Encoding encoding = Encoding::kPlain;
    if constexpr (kBoolean) {
      const size_t at = page_.size();
      page_.resize(at + static_cast<size_t>(bits::bytesFor(static_cast<int64_t>(booleans_.size()))));
      bits::packBytes(booleans_.data(), static_cast<int64_t>(booleans_.size()),
                      reinterpret_cast<uint8_t*>(page_.data() + at));
      booleans_.clear();
    } else if (useDictionary_) {
      const int width = bitWidthFor(dictionary_.size() > 1 ? static_cast<uint32_t>(dictionary_.size() - 1) : 0);
      page_.push_back(static_cast<char>(width));
      RleBitPackedEncoder encoder(width, &page_);
      encoder.putAll(indices_.data(), static_cast<int64_t>(indices_.size()));
      encoder.finish();
      indices_.clear();
      encoding = Encoding::kRleDictionary;
    } else {
      page_ += plain_;
      plain_.clear();
    }
    return endDataPage(encoding);
  }

  bool useDictionary_ = false;
  ValueDictionary<std::conditional_t<kBoolean, int32_t, T>> dictionary_;
  MinMaxStatistics<T> statistics_;
  // The open page's values: dictionary indices, PLAIN bytes or booleans.
  std::vector<uint32_t> indices_;
  std::string plain_;
  std::vector<uint8_t> booleans_;
  std::vector<T> scratch_;
  std::string fixedBytes_;
};

}  // namespace

std::unique_ptr<ColumnChunkWriter> makeColumnChunkWriter(const LeafColumn& leaf, const ColumnWriteOptions& options) {
  switch (*leaf.element.type) {
    case PhysicalType::kBoolean: return std::make_unique<TypedChunkWriter<BooleanValue>>(leaf, options);
    case PhysicalType::kInt32: return std::make_unique<TypedChunkWriter<int32_t>>(leaf, options);
    case PhysicalType::kInt64: return std::make_unique<TypedChunkWriter<int64_t>>(leaf, options);
    case PhysicalType::kFloat: return std::make_unique<TypedChunkWriter<float>>(leaf, options);
    case PhysicalType::kDouble: return std::make_unique<TypedChunkWriter<double>>(leaf, options);
    case PhysicalType::kByteArray: return std::make_unique<TypedChunkWriter<ByteArray>>(leaf, options);
    default: return std::make_unique<TypedChunkWriter<FixedBytes>>(leaf, options);
  }
}

}  // namespace spate::parquet
