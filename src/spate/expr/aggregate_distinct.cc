#include "spate/expr/aggregate_distinct.h"

#include <algorithm>
#include <cstring>

#include "spate/columnar/builder.h"
#include "spate/columnar/selection.h"
#include "spate/common/hash.h"
#include "spate/expr/aggregate_state_util.h"
#include "spate/expr/kernels.h"

namespace spate {
namespace {

// The argument values one key encodes (RowKeyEncoder's bytes, without the group id
// prefix), or false on malformed bytes. A null of a fixed-width, boolean or string
// argument is its null byte and zero padding, unless the column was a null constant
// (a null byte alone): compactNulls picks the second form. Floats come back
// normalized, as the key holds them (-0.0 as 0.0, one NaN).
void decodeKey(agg::StateReader& r, const std::vector<TypePtr>& types, bool compactNulls, std::vector<Value>& row) {
  row.clear();
  for (size_t c = 0; c < types.size() && r.ok(); ++c) {
    const DataType& t = *types[c];
    bool flat = t.id() == TypeId::kBoolean || t.isStringLike() || t.byteWidth() > 0;
    if (!flat) {
      row.push_back(r.getValue(t));  // nested and null types: putValue's layout
      continue;
    }
    uint8_t present = r.getSmall(1);
    if (!present && compactNulls) {
      row.push_back(Value::null());
      continue;
    }
    if (t.id() == TypeId::kBoolean) {
      uint8_t v = r.getSmall(1);
      row.push_back(present ? Value::boolean(v != 0) : Value::null());
    } else if (t.isStringLike()) {
      std::string_view v = r.getBytes();
      row.push_back(present ? Value::string(std::string(v)) : Value::null());
    } else {
      dispatchFixedWidth(t.id(), [&]<typename T>() {
        T v = r.get<T>();
        if (!present) {
          row.push_back(Value::null());
        } else if constexpr (std::is_floating_point_v<T>) {
          row.push_back(Value::fractional(static_cast<double>(v)));
        } else if constexpr (std::is_same_v<T, __int128>) {
          row.push_back(Value::decimal(v));
        } else {
          row.push_back(Value::integer(static_cast<int64_t>(v)));
        }
      });
    }
  }
}

// Decodes one key into builders (one per argument), trying both null forms.
Status appendKey(std::string_view key, const std::vector<TypePtr>& types, std::vector<ColumnBuilder>& out,
                 std::vector<Value>& row) {
  Status first;
  for (bool compact : {false, true}) {
    agg::StateReader r(key, "distinct", 0, 1);
    decodeKey(r, types, compact, row);
    Status st = r.finish();
    if (st.ok()) {
      for (size_t c = 0; c < row.size(); ++c) out[c].append(row[c]);
      return st;
    }
    if (!compact) first = st;
  }
  return first;
}

// One set of (group id, argument values) keys for all groups: the group id is the
// key's first four bytes, so a per-group set costs nothing per group. Serializing a
// group needs its keys in the order they came: once a streaming operator serializes
// or restores groups, each group also keeps its keys' serialized bytes, appended as
// keys arrive, so a batch query never pays for them and a stream pays per new key.
class DistinctState final : public AggregateState {
 public:
  DistinctState(std::unique_ptr<AggregateState> inner, std::vector<TypePtr> argTypes)
      : inner_(std::move(inner)), argTypes_(std::move(argTypes)) {}

  void resize(int64_t numGroups) override {
    inner_->resize(numGroups);
    numGroups_ = numGroups;
    if (tracking_) {
      groupKeys_.resize(static_cast<size_t>(numGroups));
      groupKeyCount_.resize(static_cast<size_t>(numGroups));
    }
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    encoder_.encode(args, groupIds, numRows);
    hashes_.resize(static_cast<size_t>(numRows));
    for (int64_t i = 0; i < numRows; ++i) {
      std::string_view key = encoder_.key(i);
      hashes_[static_cast<size_t>(i)] = hashBytes(reinterpret_cast<const uint8_t*>(key.data()), key.size());
    }
    // Probing is memory-bound on large sets: fetch the slot a few rows ahead.
    constexpr int64_t kAhead = 16;
    keep_.clear();
    for (int64_t i = 0; i < numRows; ++i) {
      if (i + kAhead < numRows) seen_.prefetch(hashes_[static_cast<size_t>(i + kAhead)]);
      if (seen_.insert(encoder_.key(i), hashes_[static_cast<size_t>(i)])) keep_.push_back(static_cast<int32_t>(i));
    }
    if (tracking_) {
      for (int32_t i : keep_) addGroupKey(groupIds[i], encoder_.key(i).substr(4));
    }
    auto k = static_cast<int64_t>(keep_.size());
    if (k == numRows) {
      inner_->update(args, groupIds, numRows);
      return;
    }
    if (k == 0) return;
    agg::updateRows(*inner_, args, args.size(), groupIds, keep_, groups_);
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override { return inner_->finalize(numGroups); }
  int64_t memoryBytes() const override {
    return inner_->memoryBytes() + seen_.memoryBytes() + static_cast<int64_t>(groupKeyBytes_);
  }

  // The inner state's bytes (u32 length first), then the group's key count (u32) and
  // each key without its group id prefix (u32 length first): the encoded argument
  // values, as RowKeyEncoder writes them, in the order they were first seen.
  void serializeGroup(uint32_t g, std::string& out) const override {
    size_t at = out.size();
    agg::putFixed(out, uint32_t{0});
    inner_->serializeGroup(g, out);
    auto innerLen = static_cast<uint32_t>(out.size() - at - 4);
    std::memcpy(out.data() + at, &innerLen, 4);
    startTracking();
    agg::putFixed(out, groupKeyCount_[g]);
    out.append(groupKeys_[g]);
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, "distinct", g, static_cast<size_t>(numGroups_));
    std::string_view inner = r.getBytes();
    uint32_t n = r.getCount(4);  // each key takes at least its length
    std::string_view keyBytes = in.substr(in.size() - r.remaining());
    restored_.clear();
    for (uint32_t k = 0; k < n && r.ok(); ++k) restored_.push_back(r.getBytes());
    SPATE_RETURN_IF_ERROR(r.finish());
    SPATE_RETURN_IF_ERROR(inner_->deserializeGroup(g, inner));
    startTracking();
    for (std::string_view value : restored_) {
      key_.assign(reinterpret_cast<const char*>(&g), 4);
      key_.append(value);
      seen_.insert(key_, hashBytes(reinterpret_cast<const uint8_t*>(key_.data()), key_.size()));
    }
    groupKeyBytes_ += keyBytes.size() - groupKeys_[g].size();
    groupKeys_[g].assign(keyBytes);
    groupKeyCount_[g] = n;
    restored_.clear();
    return Status::OK();
  }

  // The distinct values only matter to later updates: finalize reads the inner state.
  Status restoreForFinalize(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, "distinct", g, static_cast<size_t>(numGroups_));
    std::string_view inner = r.getBytes();
    if (!r.ok()) return r.finish();  // the error
    return inner_->restoreForFinalize(g, inner);
  }

  // The union of the distinct values. When in's are all new to g, in's inner state
  // merges as it is (its rows are exactly those values); otherwise the values new to g
  // are decoded from their keys and fed to the inner state, in the order in first saw
  // them, so each distinct value still reaches it once.
  Status mergeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, "distinct", g, static_cast<size_t>(numGroups_));
    std::string_view inner = r.getBytes();
    uint32_t n = r.getCount(4);
    restored_.clear();
    for (uint32_t k = 0; k < n && r.ok(); ++k) restored_.push_back(r.getBytes());
    SPATE_RETURN_IF_ERROR(r.finish());
    std::vector<std::string> fresh;  // g-prefixed keys not in the set yet
    std::vector<uint64_t> freshHashes;
    for (std::string_view value : restored_) {
      key_.assign(reinterpret_cast<const char*>(&g), 4);
      key_.append(value);
      uint64_t h = hashBytes(reinterpret_cast<const uint8_t*>(key_.data()), key_.size());
      if (seen_.contains(key_, h)) continue;
      fresh.push_back(key_);
      freshHashes.push_back(h);
    }
    restored_.clear();
    if (fresh.size() == n) {
      SPATE_RETURN_IF_ERROR(inner_->mergeGroup(g, inner));
    } else if (!fresh.empty()) {
      std::vector<ColumnBuilder> builders;
      for (const auto& t : argTypes_) builders.emplace_back(t);
      std::vector<Value> row;
      for (const std::string& key : fresh) {
        SPATE_RETURN_IF_ERROR(appendKey(std::string_view(key).substr(4), argTypes_, builders, row));
      }
      std::vector<ColumnPtr> columns;
      for (auto& b : builders) columns.push_back(b.finish());
      groups_.assign(fresh.size(), g);
      inner_->update(columns, groups_.data(), static_cast<int64_t>(fresh.size()));
    }
    startTracking();
    for (size_t k = 0; k < fresh.size(); ++k) {
      seen_.insert(fresh[k], freshHashes[k]);
      addGroupKey(g, std::string_view(fresh[k]).substr(4));
    }
    return Status::OK();
  }

 private:
  void addGroupKey(uint32_t g, std::string_view value) const {
    agg::putBytes(groupKeys_[g], value);
    groupKeyBytes_ += 4 + value.size();
    ++groupKeyCount_[g];
  }

  // Starts keeping each group's keys: those already in the set, in the order they came.
  void startTracking() const {
    if (tracking_) return;
    tracking_ = true;
    groupKeys_.assign(static_cast<size_t>(numGroups_), std::string());
    groupKeyCount_.assign(static_cast<size_t>(numGroups_), 0);
    std::vector<std::pair<uint32_t, std::string_view>> ranked;
    ranked.reserve(static_cast<size_t>(seen_.size()));
    seen_.forEachRanked([&](std::string_view key, uint32_t rank) { ranked.emplace_back(rank, key); });
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    // Every key's group is below numGroups_ (update's contract); others are skipped.
    for (const auto& [rank, key] : ranked) {
      if (groupOf(key) < groupKeys_.size()) addGroupKey(groupOf(key), key.substr(4));
    }
  }
  static uint32_t groupOf(std::string_view key) {
    uint32_t g;
    std::memcpy(&g, key.data(), 4);
    return g;
  }

  std::unique_ptr<AggregateState> inner_;
  std::vector<TypePtr> argTypes_;  // the argument columns' types, to decode keys
  int64_t numGroups_ = 0;
  mutable bool tracking_ = false;
  mutable std::vector<std::string> groupKeys_;  // per group: its keys' bytes as serializeGroup writes them
  mutable std::vector<uint32_t> groupKeyCount_;
  mutable size_t groupKeyBytes_ = 0;  // in groupKeys_
  std::vector<std::string_view> restored_;
  std::string key_;
  agg::RowKeyEncoder encoder_;
  agg::ByteSet seen_;
  std::vector<uint64_t> hashes_;
  std::vector<int32_t> keep_;
  std::vector<uint32_t> groups_;
};

}  // namespace

Result<ResolvedAggregate> makeDistinctAggregate(ResolvedAggregate inner, std::vector<TypePtr> argTypes) {
  if (!inner.create) return Status::Internal("makeDistinctAggregate: the inner aggregate has no state factory");
  ResolvedAggregate out;
  out.type = inner.type;
  out.nullable = inner.nullable;
  out.create = [create = std::move(inner.create), argTypes = std::move(argTypes)]() -> std::unique_ptr<AggregateState> {
    return std::make_unique<DistinctState>(create(), argTypes);
  };
  return out;
}

}  // namespace spate
