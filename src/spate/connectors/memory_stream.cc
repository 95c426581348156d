#include "spate/connectors/memory_stream.h"

#include <fmt/format.h>

#include "spate/common/strings.h"

namespace spate::connectors {

int64_t MemoryStreamData::addData(std::vector<BatchPtr> batches) {
  std::vector<std::shared_ptr<streaming::Clock>> wake;
  int64_t offset;
  {
    std::lock_guard<std::mutex> lock(mu_);
    blocks_.push_back(std::move(batches));
    offset = static_cast<int64_t>(blocks_.size()) - 1;
    for (const auto& c : clocks_) {
      if (auto clock = c.lock()) wake.push_back(std::move(clock));
    }
  }
  for (const auto& c : wake) c->wake();
  return offset;
}

int64_t MemoryStreamData::latestOffset() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(blocks_.size()) - 1;
}

std::vector<BatchPtr> MemoryStreamData::blocks(int64_t start, int64_t end) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<BatchPtr> out;
  for (int64_t b = start + 1; b <= end && b < static_cast<int64_t>(blocks_.size()); ++b) {
    for (const auto& batch : blocks_[static_cast<size_t>(b)]) out.push_back(batch);
  }
  return out;
}

void MemoryStreamData::addClock(const streaming::ClockPtr& clock) {
  std::lock_guard<std::mutex> lock(mu_);
  clocks_.push_back(clock);
}

namespace {

Result<int64_t> parseOffset(const streaming::Offset& o) {
  char* end = nullptr;
  long long v = std::strtoll(o.c_str(), &end, 10);
  if (o.empty() || *end != '\0') return Status::IOError("invalid memory stream offset '{}'", o);
  return static_cast<int64_t>(v);
}

class MemoryStreamSource final : public streaming::Source {
 public:
  explicit MemoryStreamSource(std::shared_ptr<MemoryStreamData> data) : data_(std::move(data)) {}
  SchemaPtr schema() const override { return data_->schema(); }
  std::string describe() const override { return fmt::format("MemoryStream[{}]", data_->id()); }
  bool replayable() const override { return true; }

  Result<std::optional<streaming::Offset>> latestOffset(const std::optional<streaming::Offset>&, bool) override {
    int64_t latest = data_->latestOffset();
    if (availableNowEnd_) latest = std::min(latest, *availableNowEnd_);
    if (latest < 0) return std::optional<streaming::Offset>();
    return std::optional<streaming::Offset>(std::to_string(latest));
  }

  Status prepareForAvailableNow() override {
    availableNowEnd_ = data_->latestOffset();
    return Status::OK();
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<streaming::Offset>& start,
                                         const streaming::Offset& end) override {
    int64_t s = -1;
    if (start) {
      SPATE_ASSIGN_OR_RETURN(s, parseOffset(*start));
    }
    SPATE_ASSIGN_OR_RETURN(int64_t e, parseOffset(end));
    return data_->blocks(s, e);
  }

 private:
  std::shared_ptr<MemoryStreamData> data_;
  std::optional<int64_t> availableNowEnd_;
};

class MemoryStreamRelation final : public streaming::SourceRelation {
 public:
  explicit MemoryStreamRelation(std::shared_ptr<MemoryStreamData> data) : data_(std::move(data)) {}
  SchemaPtr schema() const override { return data_->schema(); }
  std::string describe() const override { return fmt::format("MemoryStream[{}]", data_->id()); }
  Result<std::unique_ptr<streaming::Source>> createSource(const streaming::SourceContext& ctx) const override {
    if (ctx.clock) data_->addClock(ctx.clock);
    return std::unique_ptr<streaming::Source>(std::make_unique<MemoryStreamSource>(data_));
  }

 private:
  std::shared_ptr<MemoryStreamData> data_;
};

}  // namespace

std::shared_ptr<const streaming::SourceRelation> memoryStreamRelation(std::shared_ptr<MemoryStreamData> data) {
  return std::make_shared<MemoryStreamRelation>(std::move(data));
}

}  // namespace spate::connectors
