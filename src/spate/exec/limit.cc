#include "spate/columnar/selection.h"
#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

// Stops pulling from its child once it has the rows it needs.
class Limit final : public BatchStream {
 public:
  Limit(BatchStreamPtr child, int64_t limit) : child_(std::move(child)), remaining_(limit) {}
  Result<BatchPtr> next() override {
    if (remaining_ <= 0) return BatchPtr();
    SPATE_ASSIGN_OR_RETURN(BatchPtr in, child_->next());
    if (!in) return in;
    if (in->numRows() > remaining_) in = sliceBatch(in, 0, remaining_);
    remaining_ -= in->numRows();
    return in;
  }

 private:
  BatchStreamPtr child_;
  int64_t remaining_;
};

}  // namespace

BatchStreamPtr makeLimit(BatchStreamPtr child, int64_t limit) { return std::make_unique<Limit>(std::move(child), limit); }

}  // namespace spate::exec
