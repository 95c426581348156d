// Session windows on a table (Spark's MergingSessionsExec + aggregate): each row opens
// a session [time, time + gap); the sessions of one key, in order of start, merge
// while the next starts at or before the current end; each merged session is a group.

#include <algorithm>
#include <numeric>

#include "spate/columnar/builder.h"
#include "spate/columnar/selection.h"
#include "spate/exec/key_table.h"
#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

class SessionAggregate final : public BatchStream {
 public:
  SessionAggregate(BatchStreamPtr child, SchemaPtr schema, const LogicalPlan& node, ExecContext& ctx)
      : child_(std::move(child)), schema_(std::move(schema)), node_(node), ctx_(ctx) {}

  Result<BatchPtr> next() override {
    if (done_) return BatchPtr();
    done_ = true;
    const size_t numKeys = node_.exprs.size();
    const auto session = static_cast<size_t>(node_.sessionWindowKey);
    std::vector<std::vector<ColumnPtr>> keyParts(numKeys);
    std::vector<std::vector<std::vector<ColumnPtr>>> argParts(node_.aggregates.size());
    while (true) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr in, child_->next());
      if (!in) break;
      if (in->numRows() == 0) continue;
      for (size_t k = 0; k < numKeys; ++k) {
        SPATE_ASSIGN_OR_RETURN(ColumnPtr c, node_.exprs[k]->eval(*in, ctx_.eval));
        keyParts[k].push_back(Column::flatten(c));
      }
      for (size_t a = 0; a < node_.aggregates.size(); ++a) {
        if (argParts[a].empty()) argParts[a].resize(node_.aggregates[a].args.size());
        for (size_t j = 0; j < node_.aggregates[a].args.size(); ++j) {
          SPATE_ASSIGN_OR_RETURN(ColumnPtr c, node_.aggregates[a].args[j]->eval(*in, ctx_.eval));
          argParts[a][j].push_back(Column::flatten(c));
        }
      }
    }
    std::vector<ColumnPtr> keys(numKeys);
    for (size_t k = 0; k < numKeys; ++k) {
      keys[k] = keyParts[k].empty() ? Column::nulls(node_.exprs[k]->type(), 0) : concatColumns(keyParts[k]);
    }
    int64_t n = keys[session]->length();

    // Rows with a session, by key then session start.
    const Column& sessions = *keys[session];
    const int64_t* start = sessions.child(0)->values<int64_t>();
    const int64_t* end = sessions.child(1)->values<int64_t>();
    std::vector<uint32_t> keyId(static_cast<size_t>(n), 0);
    std::vector<ColumnPtr> others;
    std::vector<TypePtr> otherTypes;
    for (size_t k = 0; k < numKeys; ++k) {
      if (k == session) continue;
      others.push_back(keys[k]);
      otherTypes.push_back(keys[k]->type());
    }
    if (!others.empty() && n > 0) {
      KeyTable table(otherTypes, /*nullsMatch=*/true);
      table.insert(others, n, keyId.data());
    }
    std::vector<int32_t> rows;
    for (int64_t i = 0; i < n; ++i) {
      if (!sessions.isNull(i)) rows.push_back(static_cast<int32_t>(i));
    }
    std::sort(rows.begin(), rows.end(), [&](int32_t a, int32_t b) {
      return keyId[a] != keyId[b] ? keyId[a] < keyId[b] : (start[a] != start[b] ? start[a] < start[b] : a < b);
    });

    // Merge into groups.
    std::vector<uint32_t> groupOf(rows.size());
    std::vector<int32_t> firstRow;
    std::vector<int64_t> groupStart, groupEnd;
    for (size_t r = 0; r < rows.size(); ++r) {
      int32_t i = rows[r];
      bool sameKey = r > 0 && keyId[i] == keyId[rows[r - 1]];
      if (!sameKey || start[i] > groupEnd.back()) {
        firstRow.push_back(i);
        groupStart.push_back(start[i]);
        groupEnd.push_back(end[i]);
      } else {
        groupEnd.back() = std::max(groupEnd.back(), end[i]);
      }
      groupOf[r] = static_cast<uint32_t>(firstRow.size() - 1);
    }
    auto numGroups = static_cast<int64_t>(firstRow.size());
    auto m = static_cast<int64_t>(rows.size());

    std::vector<ColumnPtr> out;
    for (size_t k = 0; k < numKeys; ++k) {
      if (k == session) {
        FixedColumnBuilder<int64_t> s(DataType::timestamp(), numGroups), e(DataType::timestamp(), numGroups);
        std::copy(groupStart.begin(), groupStart.end(), s.data());
        std::copy(groupEnd.begin(), groupEnd.end(), e.data());
        out.push_back(std::make_shared<Column>(sessions.type(), numGroups, nullptr, nullptr, nullptr,
                                               std::vector<ColumnPtr>{s.finish(), e.finish()}));
      } else {
        out.push_back(take(keys[k], firstRow.data(), numGroups));
      }
    }
    for (size_t a = 0; a < node_.aggregates.size(); ++a) {
      auto state = node_.aggregates[a].resolved.create();
      state->resize(numGroups);
      std::vector<ColumnPtr> args;
      for (size_t j = 0; j < node_.aggregates[a].args.size(); ++j) {
        ColumnPtr all = argParts[a].empty() ? Column::nulls(node_.aggregates[a].args[j]->type(), 0)
                                            : concatColumns(argParts[a][j]);
        args.push_back(take(all, rows.data(), m));
      }
      state->update(args, groupOf.data(), m);
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, state->finalize(numGroups));
      out.push_back(std::move(c));
    }
    return std::make_shared<const Batch>(schema_, std::move(out), numGroups);
  }

 private:
  BatchStreamPtr child_;
  SchemaPtr schema_;
  LogicalPlan node_;  // a copy: the stream may outlive the plan it was built from
  ExecContext& ctx_;
  bool done_ = false;
};

}  // namespace

BatchStreamPtr makeSessionAggregate(BatchStreamPtr child, SchemaPtr schema, const LogicalPlan& node, ExecContext& ctx) {
  return std::make_unique<SessionAggregate>(std::move(child), std::move(schema), node, ctx);
}

}  // namespace spate::exec
