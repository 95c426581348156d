#include "spate/columnar/selection.h"
#include "spate/exec/key_table.h"
#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

using sql::JoinType;

// Equi-join: the right input is built into a KeyTable with the rows of each key chained;
// left batches probe it. Candidate pairs are checked against the residual condition;
// outer joins add the unmatched rows with nulls on the other side. Without equi-keys
// every left row pairs with every right row (nested loops).
class HashJoin final : public BatchStream {
 public:
  HashJoin(BatchStreamPtr left, BatchStreamPtr right, SchemaPtr schema, const LogicalPlan& node, ExecContext& ctx)
      : left_(std::move(left)),
        right_(std::move(right)),
        schema_(std::move(schema)),
        type_(node.joinType),
        leftKeys_(node.leftKeys),
        rightKeys_(node.rightKeys),
        residual_(node.predicate),
        nullsEqual_(node.nullsEqual),
        leftSchema_(node.children[0]->schema()),
        rightSchema_(node.children[1]->schema()),
        ctx_(ctx) {
    auto combined = std::make_shared<Schema>();
    for (const auto& f : leftSchema_->fields()) combined->add(f.name, f.type, true);
    for (const auto& f : rightSchema_->fields()) combined->add(f.name, f.type, true);
    combinedSchema_ = combined;
  }

  Result<BatchPtr> next() override {
    if (!built_) SPATE_RETURN_IF_ERROR(build());
    while (!leftDone_) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr in, left_->next());
      if (!in) {
        leftDone_ = true;
        break;
      }
      SPATE_ASSIGN_OR_RETURN(BatchPtr out, probe(in));
      if (out && out->numRows() > 0) return out;
    }
    if ((type_ == JoinType::kRight || type_ == JoinType::kFull) && !emittedUnmatched_) {
      emittedUnmatched_ = true;
      SelectionVector rightRows, leftRows;
      for (int64_t r = 0; r < build_->numRows(); ++r) {
        if (!rightMatched_[static_cast<size_t>(r)]) {
          rightRows.push_back(static_cast<int32_t>(r));
          leftRows.push_back(-1);
        }
      }
      if (!rightRows.empty()) return pairs(nullptr, leftRows, rightRows);
    }
    return BatchPtr();
  }

 private:
  Status build() {
    built_ = true;
    SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, drain(*right_));
    if (batches.empty()) {
      std::vector<ColumnPtr> cols;
      for (const auto& f : rightSchema_->fields()) cols.push_back(Column::nulls(f.type, 0));
      build_ = std::make_shared<const Batch>(rightSchema_, std::move(cols), 0);
    } else {
      build_ = concatBatches(rightSchema_, batches);
    }
    rightMatched_.assign(static_cast<size_t>(build_->numRows()), 0);
    if (rightKeys_.empty()) return Status::OK();
    std::vector<TypePtr> types;
    std::vector<ColumnPtr> keyCols;
    for (const auto& k : rightKeys_) {
      types.push_back(k->type());
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, k->eval(*build_, ctx_.eval));
      keyCols.push_back(std::move(c));
    }
    table_ = std::make_unique<KeyTable>(types, nullsEqual_);
    int64_t n = build_->numRows();
    std::vector<uint32_t> ids(static_cast<size_t>(n));
    if (n > 0) table_->insert(keyCols, n, ids.data());
    // Chain the rows of each key: head per key id, next per row (in row order).
    heads_.assign(static_cast<size_t>(table_->size()), -1);
    nextRow_.assign(static_cast<size_t>(n), -1);
    for (int64_t r = n - 1; r >= 0; --r) {
      uint32_t id = ids[static_cast<size_t>(r)];
      if (id == KeyTable::kMissing) continue;
      nextRow_[static_cast<size_t>(r)] = heads_[id];
      heads_[id] = static_cast<int32_t>(r);
    }
    return Status::OK();
  }

  Result<BatchPtr> probe(const BatchPtr& in) {
    int64_t n = in->numRows();
    SelectionVector leftRows, rightRows;
    if (table_) {
      std::vector<ColumnPtr> keyCols;
      for (const auto& k : leftKeys_) {
        SPATE_ASSIGN_OR_RETURN(ColumnPtr c, k->eval(*in, ctx_.eval));
        keyCols.push_back(std::move(c));
      }
      std::vector<uint32_t> ids(static_cast<size_t>(n));
      table_->find(keyCols, n, ids.data());
      for (int64_t i = 0; i < n; ++i) {
        uint32_t id = ids[static_cast<size_t>(i)];
        if (id == KeyTable::kMissing) continue;
        for (int32_t r = heads_[id]; r >= 0; r = nextRow_[static_cast<size_t>(r)]) {
          leftRows.push_back(static_cast<int32_t>(i));
          rightRows.push_back(r);
        }
      }
    } else if (rightKeys_.empty()) {
      for (int64_t i = 0; i < n; ++i) {
        for (int64_t r = 0; r < build_->numRows(); ++r) {
          leftRows.push_back(static_cast<int32_t>(i));
          rightRows.push_back(static_cast<int32_t>(r));
        }
      }
    }
    // Keep the candidate pairs that satisfy the residual condition.
    if (residual_ && !leftRows.empty()) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr candidates, pairs(in, leftRows, rightRows, combinedSchema_));
      SPATE_ASSIGN_OR_RETURN(ColumnPtr mask, residual_->eval(*candidates, ctx_.eval));
      SelectionVector keep = selectTrue(*mask);
      SelectionVector l2, r2;
      for (int32_t k : keep) {
        l2.push_back(leftRows[static_cast<size_t>(k)]);
        r2.push_back(rightRows[static_cast<size_t>(k)]);
      }
      leftRows.swap(l2);
      rightRows.swap(r2);
    }
    for (int32_t r : rightRows) rightMatched_[static_cast<size_t>(r)] = 1;
    if (type_ == JoinType::kLeftSemi || type_ == JoinType::kLeftAnti) {
      std::vector<uint8_t> matched(static_cast<size_t>(n), 0);
      for (int32_t l : leftRows) matched[static_cast<size_t>(l)] = 1;
      SelectionVector keep;
      bool want = type_ == JoinType::kLeftSemi;
      for (int64_t i = 0; i < n; ++i) {
        if (static_cast<bool>(matched[static_cast<size_t>(i)]) == want) keep.push_back(static_cast<int32_t>(i));
      }
      BatchPtr out = take(in, keep);
      return std::make_shared<const Batch>(schema_, out->columns(), out->numRows());
    }
    if (type_ == JoinType::kLeft || type_ == JoinType::kFull) {
      std::vector<uint8_t> matched(static_cast<size_t>(n), 0);
      for (int32_t l : leftRows) matched[static_cast<size_t>(l)] = 1;
      for (int64_t i = 0; i < n; ++i) {
        if (!matched[static_cast<size_t>(i)]) {
          leftRows.push_back(static_cast<int32_t>(i));
          rightRows.push_back(-1);
        }
      }
    }
    return pairs(in, leftRows, rightRows);
  }

  // Gathers left and right columns for pairs of row indices (-1: nulls).
  Result<BatchPtr> pairs(const BatchPtr& left, const SelectionVector& leftRows, const SelectionVector& rightRows,
                         SchemaPtr schema = nullptr) {
    auto n = static_cast<int64_t>(leftRows.size());
    std::vector<ColumnPtr> cols;
    for (size_t c = 0; c < leftSchema_->size(); ++c) {
      if (left) {
        cols.push_back(take(left->column(c), leftRows.data(), n));
      } else {
        cols.push_back(Column::nulls(leftSchema_->field(c).type, n));
      }
    }
    for (const auto& c : build_->columns()) cols.push_back(take(c, rightRows.data(), n));
    return std::make_shared<const Batch>(schema ? schema : schema_, std::move(cols), n);
  }

  BatchStreamPtr left_, right_;
  SchemaPtr schema_;
  JoinType type_;
  std::vector<BoundExprPtr> leftKeys_, rightKeys_;
  BoundExprPtr residual_;
  bool nullsEqual_;
  SchemaPtr leftSchema_, rightSchema_, combinedSchema_;
  ExecContext& ctx_;
  bool built_ = false, leftDone_ = false, emittedUnmatched_ = false;
  BatchPtr build_;
  std::unique_ptr<KeyTable> table_;
  std::vector<int32_t> heads_, nextRow_;
  std::vector<uint8_t> rightMatched_;
};

}  // namespace

BatchStreamPtr makeHashJoin(BatchStreamPtr left, BatchStreamPtr right, SchemaPtr schema, const LogicalPlan& node,
                            ExecContext& ctx) {
  return std::make_unique<HashJoin>(std::move(left), std::move(right), std::move(schema), node, ctx);
}

}  // namespace spate::exec
