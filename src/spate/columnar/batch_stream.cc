#include "spate/columnar/batch_stream.h"

namespace spate {

namespace {

class VectorStream final : public BatchStream {
 public:
  explicit VectorStream(std::vector<BatchPtr> batches) : batches_(std::move(batches)) {}
  Result<BatchPtr> next() override { return next_ < batches_.size() ? std::move(batches_[next_++]) : BatchPtr(); }

 private:
  std::vector<BatchPtr> batches_;
  size_t next_ = 0;
};

class ChainedStream final : public BatchStream {
 public:
  ChainedStream(size_t parts, std::function<Result<BatchStreamPtr>(size_t)> openPart)
      : parts_(parts), openPart_(std::move(openPart)) {}

  Result<BatchPtr> next() override {
    while (true) {
      if (!current_) {
        if (nextPart_ >= parts_) return BatchPtr();
        SPATE_ASSIGN_OR_RETURN(current_, openPart_(nextPart_++));
      }
      SPATE_ASSIGN_OR_RETURN(BatchPtr b, current_->next());
      if (b) return b;
      current_.reset();
    }
  }

 private:
  size_t parts_;
  std::function<Result<BatchStreamPtr>(size_t)> openPart_;
  size_t nextPart_ = 0;
  BatchStreamPtr current_;  // the part being read
};

class MappedStream final : public BatchStream {
 public:
  MappedStream(BatchStreamPtr stream, std::function<Result<BatchPtr>(BatchPtr)> map)
      : stream_(std::move(stream)), map_(std::move(map)) {}

  Result<BatchPtr> next() override {
    SPATE_ASSIGN_OR_RETURN(BatchPtr b, stream_->next());
    if (!b) return b;
    return map_(std::move(b));
  }

 private:
  BatchStreamPtr stream_;
  std::function<Result<BatchPtr>(BatchPtr)> map_;
};

}  // namespace

Result<std::vector<BatchPtr>> drain(BatchStream& stream) {
  std::vector<BatchPtr> out;
  while (true) {
    SPATE_ASSIGN_OR_RETURN(BatchPtr b, stream.next());
    if (!b) break;
    if (b->numRows() > 0) out.push_back(std::move(b));
  }
  return out;
}

BatchStreamPtr streamOf(std::vector<BatchPtr> batches) { return std::make_unique<VectorStream>(std::move(batches)); }

BatchStreamPtr chainStreams(size_t parts, std::function<Result<BatchStreamPtr>(size_t)> openPart) {
  return std::make_unique<ChainedStream>(parts, std::move(openPart));
}

BatchStreamPtr mapStream(BatchStreamPtr stream, std::function<Result<BatchPtr>(BatchPtr)> map) {
  return std::make_unique<MappedStream>(std::move(stream), std::move(map));
}

}  // namespace spate
