#include "spate/plan/range_source.h"

#include "spate/columnar/builder.h"

namespace spate::plan {

namespace {

class RangeStream final : public BatchStream {
 public:
  RangeStream(SchemaPtr schema, int64_t next, int64_t end, int64_t step)
      : schema_(std::move(schema)), next_(next), end_(end), step_(step) {}
  Result<BatchPtr> next() override {
    constexpr int64_t kBatchRows = 65536;
    if ((step_ > 0 && next_ >= end_) || (step_ < 0 && next_ <= end_)) return BatchPtr();
    __int128 remaining = (static_cast<__int128>(end_) - next_ + step_ - (step_ > 0 ? 1 : -1)) / step_;
    int64_t n = static_cast<int64_t>(std::min<__int128>(remaining, kBatchRows));
    FixedColumnBuilder<int64_t> b(DataType::long_(), n);
    int64_t* d = b.data();
    for (int64_t i = 0; i < n; ++i) d[i] = next_ + i * step_;
    next_ += n * step_;
    return std::make_shared<const Batch>(schema_, std::vector<ColumnPtr>{b.finish()}, n);
  }

 private:
  SchemaPtr schema_;
  int64_t next_, end_, step_;
};

}  // namespace

RangeSource::RangeSource(int64_t start, int64_t end, int64_t step)
    : start_(start), end_(end), step_(step), schema_(std::make_shared<Schema>(Schema().add("id", DataType::long_(), false))) {}

Result<BatchStreamPtr> RangeSource::open() const {
  return BatchStreamPtr(std::make_unique<RangeStream>(schema_, start_, end_, step_));
}

std::string RangeSource::describe() const { return fmt::format("range(start={}, end={}, step={})", start_, end_, step_); }

}  // namespace spate::plan
