// Spark's console sink: each batch printed as a "Batch: N" banner and show()'s table.

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include "spate/columnar/selection.h"
#include "spate/connectors/stream_sinks.h"
#include "spate/io/show.h"

namespace spate::connectors {

namespace {

// Spark's Dataset.showString clamps numRows to [0, max array length - 1].
constexpr int64_t kMaxNumRows = std::numeric_limits<int32_t>::max() - 16;

// show(numRows, truncate = true) cuts cells to 20 characters.
constexpr int kTruncateChars = 20;

class ConsoleSink final : public streaming::Sink {
 public:
  ConsoleSink(int numRows, bool truncate, FILE* out) : numRows_(numRows), truncate_(truncate), out_(out) {}

  std::string describe() const override {
    return fmt::format("ConsoleSink[numRows={}, truncate={}]", numRows_, truncate_);
  }

  Status addBatch(int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows,
                  OutputMode mode) override {
    std::string text = "-------------------------------------------\n";
    text += fmt::format("Batch: {}\n", batchId);
    text += "-------------------------------------------\n";
    text += showString(*firstRows(schema, rows, int64_t{numRows_} + 1), numRows_, truncate_ ? kTruncateChars : 0);
    // show() prints the table with println, so a blank line follows it.
    text += "\n";
    // One write and a flush per batch: the banner and its table stay together and
    // appear at once even when stdout is a pipe.
    if (std::fwrite(text.data(), 1, text.size(), out_) != text.size() || std::fflush(out_) != 0) {
      return Status::IOError("Console sink cannot write batch {}: {}", batchId, std::strerror(errno));
    }
    return Status::OK();
  }

 private:
  // The first n rows of all the batches as one batch: show() only needs numRows + 1 rows
  // to decide its footer, so a large complete-mode result is not copied whole.
  static BatchPtr firstRows(const SchemaPtr& schema, const std::vector<BatchPtr>& rows, int64_t n) {
    std::vector<BatchPtr> taken;
    int64_t have = 0;
    for (const auto& b : rows) {
      if (have >= n) break;
      if (b->numRows() == 0) continue;
      int64_t want = std::min(b->numRows(), n - have);
      taken.push_back(want == b->numRows() ? b : sliceBatch(b, 0, want));
      have += want;
    }
    return concatBatches(schema, taken);
  }

  int numRows_;
  bool truncate_;
  FILE* out_;
};

}  // namespace

Result<std::unique_ptr<streaming::Sink>> makeConsoleSink(const Options& options, FILE* out) {
  SPATE_ASSIGN_OR_RETURN(int64_t numRows, options.getInt("numRows", 20));
  SPATE_ASSIGN_OR_RETURN(bool truncate, options.getBool("truncate", true));
  numRows = std::clamp<int64_t>(numRows, 0, kMaxNumRows);
  return std::unique_ptr<streaming::Sink>(
      std::make_unique<ConsoleSink>(static_cast<int>(numRows), truncate, out ? out : stdout));
}

Result<std::unique_ptr<streaming::Sink>> makeConsoleSink(const Options& options) {
  return makeConsoleSink(options, stdout);
}

}  // namespace spate::connectors
