#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

class Union final : public BatchStream {
 public:
  Union(std::vector<BatchStreamPtr> children, SchemaPtr schema) : children_(std::move(children)), schema_(std::move(schema)) {}
  Result<BatchPtr> next() override {
    while (current_ < children_.size()) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr b, children_[current_]->next());
      if (b) return std::make_shared<const Batch>(schema_, b->columns(), b->numRows());
      ++current_;
    }
    return BatchPtr();
  }

 private:
  std::vector<BatchStreamPtr> children_;
  SchemaPtr schema_;
  size_t current_ = 0;
};

}  // namespace

BatchStreamPtr makeUnion(std::vector<BatchStreamPtr> children, SchemaPtr schema) {
  return std::make_unique<Union>(std::move(children), std::move(schema));
}

}  // namespace spate::exec
