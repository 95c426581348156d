// Streaming aggregation by session window (Spark's SessionWindowStateStoreRestore,
// MergingSessions and SessionWindowStateStoreSave in one operator).
//
// The state of a key (the grouping keys other than session_window) is its open
// sessions, in order of start, in one value:
//   u32 count, then per session: i64 start, i64 end (microseconds), and the aggregates'
//   states as PartitionedAggregate::appendStates writes them.
// A key's sessions never overlap, so their ends are in order too and the sessions the
// watermark passed are always a prefix.
//
// Each batch, per partition: the batch's rows, sorted by key and session start, are
// merged with the key's stored sessions as the table's session aggregation merges rows
// (a session absorbs the next while that starts at or before its end), so one row can
// join two stored sessions. Append mode then emits and drops the sessions the
// watermark passed; complete mode emits every session. Update mode is refused by the
// streaming checker, as in Spark: a merge would have to retract sessions it emitted.

#include <algorithm>
#include <cstring>

#include "spate/columnar/builder.h"
#include "spate/columnar/row_codec.h"
#include "spate/columnar/selection.h"
#include "spate/exec/key_table.h"
#include "spate/exec/stateful/partitioned_aggregate.h"

namespace spate::exec {

namespace {

std::vector<int> keysBesides(const LogicalPlan& node, int session) {
  std::vector<int> k;
  for (int i = 0; i < static_cast<int>(node.exprs.size()); ++i) {
    if (i != session) k.push_back(i);
  }
  return k;
}

template <typename T>
void appendFixed(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
bool readFixed(std::string_view bytes, size_t& pos, T& v) {
  if (bytes.size() - pos < sizeof(T)) return false;
  std::memcpy(&v, bytes.data() + pos, sizeof(T));
  pos += sizeof(T);
  return true;
}

struct StoredSession {
  int64_t start = 0;
  int64_t end = 0;
  std::string_view states;  // the aggregates' states, as appendStates wrote them
};

class StreamingSessionAggregate final : public PartitionedAggregate {
 public:
  StreamingSessionAggregate(const LogicalPlan& node, StatefulOperatorInfo info)
      : PartitionedAggregate(node, std::move(info), keysBesides(node, node.sessionWindowKey),
                             "sessionWindowStateStoreSaveExec"),
        session_(static_cast<size_t>(node.sessionWindowKey)) {
    for (size_t k = 0; k < keyTypes_.size(); ++k) {
      if (k != session_) otherTypes_.push_back(keyTypes_[k]);
    }
  }

 private:
  PartitionOutput processPartition(int p, const std::vector<Chunk>& chunks) override {
    auto loaded = loadStore(p);
    if (!loaded.ok()) return PartitionOutput::failed(loaded.status());
    state::StateStore& store = **loaded;
    PartitionOutput out;
    Status st = mergeBatch(store, chunks, out);
    if (st.ok()) st = emit(store, out);
    if (st.ok()) st = commit(store, out);
    if (!st.ok()) return PartitionOutput::failed(std::move(st));
    return out;
  }

  // A key's stored sessions; their `states` view the value.
  Status parseSessions(std::string_view value, std::vector<StoredSession>& out) const {
    out.clear();
    size_t pos = 0;
    uint32_t count = 0;
    auto corrupt = [] { return Status::Internal("corrupt session window state: truncated value"); };
    if (!readFixed(value, pos, count)) return corrupt();
    for (uint32_t s = 0; s < count; ++s) {
      StoredSession session;
      if (!readFixed(value, pos, session.start) || !readFixed(value, pos, session.end)) return corrupt();
      size_t begin = pos;
      for (size_t a = 0; a < aggregates_.size(); ++a) {
        uint32_t len = 0;
        if (!readFixed(value, pos, len) || value.size() - pos < len) return corrupt();
        pos += len;
      }
      session.states = value.substr(begin, pos - begin);
      out.push_back(session);
    }
    return Status::OK();
  }

  // Folds this batch's rows into the stored sessions of their keys.
  Status mergeBatch(state::StateStore& store, const std::vector<Chunk>& chunks, PartitionOutput& out) const {
    if (chunks.empty()) return Status::OK();
    Chunk cols = chunks[0];
    if (chunks.size() > 1) {
      for (size_t c = 0; c < cols.size(); ++c) {
        std::vector<ColumnPtr> parts;
        for (const auto& chunk : chunks) parts.push_back(chunk[c]);
        cols[c] = concatColumns(parts);
      }
    }
    const int64_t n = cols[0]->length();
    const Column& sessions = *cols[session_];
    const int64_t* start = sessions.child(0)->values<int64_t>();
    const int64_t* end = sessions.child(1)->values<int64_t>();

    // Rows that open a session (a null time or gap opens none: Spark drops the row),
    // by key then start.
    std::vector<uint32_t> keyId(static_cast<size_t>(n), 0);
    std::vector<ColumnPtr> others;
    for (size_t k = 0; k < keyTypes_.size(); ++k) {
      if (k != session_) others.push_back(cols[k]);
    }
    int64_t numKeys = 1;
    std::vector<ColumnPtr> keyColumns;
    if (!others.empty()) {
      KeyTable table(otherTypes_, /*nullsMatch=*/true);
      table.insert(others, n, keyId.data());
      numKeys = table.size();
      keyColumns = table.keyColumns();
    }
    std::vector<int32_t> rows;
    rows.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      if (!sessions.isNull(i)) rows.push_back(static_cast<int32_t>(i));
    }
    if (rows.empty()) return Status::OK();
    std::sort(rows.begin(), rows.end(), [&](int32_t a, int32_t b) {
      return keyId[a] != keyId[b] ? keyId[a] < keyId[b] : (start[a] != start[b] ? start[a] < start[b] : a < b);
    });
    RowEncoder encoder(otherTypes_);
    encoder.encodeAll(keyColumns, numKeys);

    // Merge each key's rows with its stored sessions, in order of start (a stored
    // session first on a tie: its rows came earlier). Every session of a key the batch
    // touches becomes a group of `states`.
    auto states = newStates();
    std::vector<uint32_t> groupOf(rows.size());
    std::vector<int64_t> groupStart, groupEnd;
    struct KeyRun {
      uint32_t key;
      uint32_t firstGroup, endGroup;
    };
    std::vector<KeyRun> runs;
    std::vector<StoredSession> stored;
    for (size_t r = 0; r < rows.size();) {
      const uint32_t key = keyId[static_cast<size_t>(rows[r])];
      size_t rEnd = r;
      while (rEnd < rows.size() && keyId[static_cast<size_t>(rows[rEnd])] == key) ++rEnd;
      stored.clear();
      if (auto value = store.get(encoder.key(key))) SPATE_RETURN_IF_ERROR(parseSessions(*value, stored));
      const auto first = static_cast<uint32_t>(groupStart.size());
      for (size_t s = 0, i = r; s < stored.size() || i < rEnd;) {
        const bool takeStored = s < stored.size() && (i == rEnd || stored[s].start <= start[rows[i]]);
        const int64_t from = takeStored ? stored[s].start : start[rows[i]];
        const int64_t to = takeStored ? stored[s].end : end[rows[i]];
        const bool opens = groupStart.size() == first || from > groupEnd.back();
        if (opens) {
          groupStart.push_back(from);
          groupEnd.push_back(to);
          for (auto& a : states) a->resize(static_cast<int64_t>(groupStart.size()));
        } else {
          groupEnd.back() = std::max(groupEnd.back(), to);
        }
        const auto g = static_cast<uint32_t>(groupStart.size() - 1);
        if (takeStored) {
          SPATE_RETURN_IF_ERROR(restoreStates(states, g, stored[s++].states, opens ? Restore::kFull : Restore::kMerge));
        } else {
          groupOf[i++] = g;
        }
      }
      runs.push_back({key, first, static_cast<uint32_t>(groupStart.size())});
      r = rEnd;
    }
    const auto m = static_cast<int64_t>(rows.size());
    for (size_t a = 0; a < states.size(); ++a) {
      std::vector<ColumnPtr> args = argsOf(cols, a);
      for (auto& c : args) c = take(c, rows.data(), m);
      states[a]->update(args, groupOf.data(), m);
    }

    std::string value;
    for (const KeyRun& run : runs) {
      value.clear();
      appendFixed<uint32_t>(value, run.endGroup - run.firstGroup);
      for (uint32_t g = run.firstGroup; g < run.endGroup; ++g) {
        appendFixed(value, groupStart[g]);
        appendFixed(value, groupEnd[g]);
        appendStates(states, g, value);
      }
      store.put(encoder.key(run.key), value);
    }
    out.updated = static_cast<int64_t>(groupStart.size());
    return Status::OK();
  }

  // Emits every session (complete mode) or the sessions the watermark passed, which
  // then leave the state; counts the sessions left.
  Status emit(state::StateStore& store, PartitionOutput& out) const {
    const bool complete = info_.outputMode == OutputMode::kComplete;
    const bool evict = !complete && info_.eventTime.index >= 0;
    RowDecoder decoder(otherTypes_);
    auto states = newStates();
    std::vector<int64_t> starts, ends;
    struct Change {
      std::string key;
      std::string value;  // empty: remove the key
    };
    std::vector<Change> changes;
    std::vector<StoredSession> stored;
    int64_t total = 0;
    Status status;
    store.iterate([&](std::string_view key, std::string_view value) {
      if (!status.ok()) return;
      status = parseSessions(value, stored);
      if (!status.ok()) return;
      total += static_cast<int64_t>(stored.size());
      size_t emitted = complete ? stored.size() : 0;
      if (evict) {
        while (emitted < stored.size() && stored[emitted].end <= watermarkMicros_) ++emitted;
      }
      for (size_t s = 0; s < emitted && status.ok(); ++s) {
        auto used = decoder.append(key);
        if (!used.ok()) {
          status = used.status();
          return;
        }
        starts.push_back(stored[s].start);
        ends.push_back(stored[s].end);
        for (auto& a : states) a->resize(static_cast<int64_t>(starts.size()));
        status = restoreStates(states, static_cast<uint32_t>(starts.size() - 1), stored[s].states);
      }
      if (!evict || emitted == 0) return;
      Change change{std::string(key), {}};
      if (emitted < stored.size()) {
        appendFixed(change.value, static_cast<uint32_t>(stored.size() - emitted));
        const char* rest = stored[emitted].states.data() - 2 * sizeof(int64_t);
        change.value.append(rest, static_cast<size_t>(value.data() + value.size() - rest));
      }
      out.removed += static_cast<int64_t>(emitted);
      changes.push_back(std::move(change));
    });
    SPATE_RETURN_IF_ERROR(status);
    for (const Change& c : changes) {
      if (c.value.empty()) {
        store.remove(c.key);
      } else {
        store.put(c.key, c.value);
      }
    }
    out.numStateRows = total - out.removed;

    const auto n = static_cast<int64_t>(starts.size());
    if (n == 0) return Status::OK();
    std::vector<ColumnPtr> others = decoder.finish();
    FixedColumnBuilder<int64_t> s(DataType::timestamp(), n), e(DataType::timestamp(), n);
    std::copy(starts.begin(), starts.end(), s.data());
    std::copy(ends.begin(), ends.end(), e.data());
    ColumnPtr window = std::make_shared<Column>(keyTypes_[session_], n, nullptr, nullptr, nullptr,
                                                std::vector<ColumnPtr>{s.finish(), e.finish()});
    for (size_t k = 0, o = 0; k < keyTypes_.size(); ++k) out.columns.push_back(k == session_ ? window : others[o++]);
    for (auto& a : states) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, a->finalize(n));
      out.columns.push_back(std::move(c));
    }
    out.numRows = n;
    return Status::OK();
  }

  size_t session_;
  std::vector<TypePtr> otherTypes_;
};

}  // namespace

Result<std::shared_ptr<StatefulOperator>> makeStreamingSessionAggregate(const LogicalPlan& node,
                                                                        const StatefulOperatorInfo& info) {
  auto op = std::make_shared<StreamingSessionAggregate>(node, info);
  SPATE_RETURN_IF_ERROR(op->init());
  return std::shared_ptr<StatefulOperator>(std::move(op));
}

}  // namespace spate::exec
