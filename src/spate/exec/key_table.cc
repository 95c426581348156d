#include "spate/exec/key_table.h"

#include "spate/common/hash.h"
#include "spate/expr/kernels.h"

namespace spate::exec {

namespace {

bool isIntegralKey(const DataType& t) {
  switch (t.id()) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kInterval: return true;
    default: return false;
  }
}

// Widens a column of any integral storage to int64 values (nulls read as 0).
void toInt64(const Column& c, int64_t n, std::vector<int64_t>& out) {
  out.resize(static_cast<size_t>(n));
  dispatchFixedWidth(c.typeId(), [&]<typename T>() {
    if constexpr (std::is_integral_v<T>) {
      const T* d = c.values<T>();
      if (c.isConstant()) {
        for (int64_t i = 0; i < n; ++i) out[static_cast<size_t>(i)] = d[0];
      } else {
        for (int64_t i = 0; i < n; ++i) out[static_cast<size_t>(i)] = d[i];
      }
    }
  });
}

// The bytes of one key column per row: a null byte, then the value: fixed-width bytes;
// a 4-byte length and the bytes for strings; a struct's fields in order (window keys,
// without boxing); other nested values as their boxed text. `live` marks the rows
// whose enclosing structs are not null (null: every row).
class KeyColumnEncoder {
 public:
  static void size(const Column& k, int64_t n, const std::vector<uint8_t>* live, std::vector<uint32_t>& sizes) {
    int w = k.type()->byteWidth();
    std::vector<uint8_t> childLive;
    if (k.typeId() == TypeId::kStruct) childLive.assign(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      if (live && !(*live)[static_cast<size_t>(i)]) continue;
      uint32_t s = 1;
      if (k.isValid(i)) {
        if (w > 0) s += static_cast<uint32_t>(w);
        else if (k.typeId() == TypeId::kBoolean) s += 1;
        else if (k.type()->isStringLike()) s += 4 + static_cast<uint32_t>(k.stringAt(i).size());
        else if (k.typeId() == TypeId::kStruct) childLive[static_cast<size_t>(i)] = 1;
        else if (k.typeId() != TypeId::kNull) s += 4 + static_cast<uint32_t>(k.valueAt(i).toString(*k.type()).size());
      }
      sizes[static_cast<size_t>(i)] += s;
    }
    if (k.typeId() == TypeId::kStruct) {
      for (const auto& c : k.children()) size(*c, n, &childLive, sizes);
    }
  }

  static void write(const Column& k, int64_t n, const std::vector<uint8_t>* live, uint8_t* buf,
                    std::vector<uint32_t>& pos) {
    int w = k.type()->byteWidth();
    const uint8_t* fixed = w > 0 ? k.valuesBuffer()->data() : nullptr;
    std::vector<uint8_t> childLive;
    if (k.typeId() == TypeId::kStruct) childLive.assign(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      if (live && !(*live)[static_cast<size_t>(i)]) continue;
      uint8_t* p = buf + pos[static_cast<size_t>(i)];
      bool valid = k.isValid(i);
      *p++ = valid ? 1 : 0;
      if (valid) {
        if (w > 0) {
          std::memcpy(p, fixed + (k.isConstant() ? 0 : i) * w, static_cast<size_t>(w));
          p += w;
        } else if (k.typeId() == TypeId::kBoolean) {
          *p++ = k.boolAt(i) ? 1 : 0;
        } else if (k.typeId() == TypeId::kStruct) {
          childLive[static_cast<size_t>(i)] = 1;
        } else if (k.typeId() != TypeId::kNull) {
          std::string boxed;
          std::string_view s;
          if (k.type()->isStringLike()) {
            s = k.stringAt(i);
          } else {
            boxed = k.valueAt(i).toString(*k.type());
            s = boxed;
          }
          auto len = static_cast<uint32_t>(s.size());
          std::memcpy(p, &len, 4);
          std::memcpy(p + 4, s.data(), s.size());
          p += 4 + s.size();
        }
      }
      pos[static_cast<size_t>(i)] = static_cast<uint32_t>(p - buf);
    }
    if (k.typeId() == TypeId::kStruct) {
      for (const auto& c : k.children()) write(*c, n, &childLive, buf, pos);
    }
  }
};

// Appends each row's key bytes, column after column (see KeyColumnEncoder).
void encodeRows(const std::vector<ColumnPtr>& keys, int64_t n, std::vector<uint8_t>& buf,
                std::vector<uint32_t>& offsets) {
  offsets.assign(static_cast<size_t>(n) + 1, 0);
  std::vector<uint32_t> sizes(static_cast<size_t>(n), 0);
  std::vector<ColumnPtr> flat;
  for (const auto& k : keys) flat.push_back(k->typeId() == TypeId::kStruct ? Column::flatten(k) : k);
  for (const auto& k : flat) KeyColumnEncoder::size(*k, n, nullptr, sizes);
  for (int64_t i = 0; i < n; ++i) offsets[static_cast<size_t>(i) + 1] = offsets[static_cast<size_t>(i)] + sizes[static_cast<size_t>(i)];
  buf.resize(offsets.back());
  std::vector<uint32_t> pos(offsets.begin(), offsets.end() - 1);
  for (const auto& k : flat) KeyColumnEncoder::write(*k, n, nullptr, buf.data(), pos);
}

}  // namespace

class KeyTable::IntTable {
 public:
  IntTable() { rehash(64); }

  template <bool kInsert>
  void probe(const int64_t* keys, const uint64_t* hashes, int64_t n, uint32_t* ids, int64_t& numKeys) {
    constexpr int64_t kPrefetch = 16;
    for (int64_t i = 0; i < n; ++i) {
      if (ids[i] != kMissing) continue;  // already decided (null key)
      if (i + kPrefetch < n) {
        __builtin_prefetch(&slotIds_[hashes[i + kPrefetch] & mask_]);
        __builtin_prefetch(&slotKeys_[hashes[i + kPrefetch] & mask_]);
      }
      int64_t k = keys[i];
      uint64_t s = hashes[i] & mask_;
      while (true) {
        uint32_t id = slotIds_[s];
        if (id == kMissing) {
          if constexpr (kInsert) {
            id = static_cast<uint32_t>(numKeys++);
            slotIds_[s] = id;
            slotKeys_[s] = k;
            keysById.push_back(k);
            if (keysById.size() * 2 > slotIds_.size()) rehash(slotIds_.size() * 2);
            ids[i] = id;
          }
          break;
        }
        if (slotKeys_[s] == k) {
          ids[i] = id;
          break;
        }
        s = (s + 1) & mask_;
      }
    }
  }

  std::vector<int64_t> keysById;
  uint32_t nullId = kMissing;
  int64_t memoryBytes() const { return static_cast<int64_t>(slotIds_.capacity() * 12 + keysById.capacity() * 8); }

 private:
  void rehash(size_t capacity) {
    slotIds_.assign(capacity, kMissing);
    slotKeys_.assign(capacity, 0);
    mask_ = capacity - 1;
    for (size_t id = 0; id < keysById.size(); ++id) {
      uint64_t s = mix64(static_cast<uint64_t>(keysById[id])) & mask_;
      while (slotIds_[s] != kMissing) s = (s + 1) & mask_;
      slotIds_[s] = static_cast<uint32_t>(id);
      slotKeys_[s] = keysById[id];
    }
  }

  std::vector<uint32_t> slotIds_;
  std::vector<int64_t> slotKeys_;
  uint64_t mask_ = 0;
};

class KeyTable::BytesTable {
 public:
  BytesTable() { rehash(64); }

  // Returns the id of the key bytes, adding it when insert is true (else kMissing).
  uint32_t probe(const uint8_t* key, uint32_t len, uint64_t hash, bool insert, int64_t& numKeys) {
    uint64_t s = hash & mask_;
    while (true) {
      Slot& slot = slots_[s];
      if (slot.id == kMissing) {
        if (!insert) return kMissing;
        auto id = static_cast<uint32_t>(numKeys++);
        slot = {hash, id};
        starts_.push_back(arena_.size());
        lengths_.push_back(len);
        hashes_.push_back(hash);
        arena_.insert(arena_.end(), key, key + len);
        if (lengths_.size() * 2 > slots_.size()) rehash(slots_.size() * 2);
        return id;
      }
      if (slot.hash == hash && lengths_[slot.id] == len && std::memcmp(arena_.data() + starts_[slot.id], key, len) == 0) {
        return slot.id;
      }
      s = (s + 1) & mask_;
    }
  }

  int64_t memoryBytes() const {
    return static_cast<int64_t>(slots_.capacity() * sizeof(Slot) + arena_.capacity() + starts_.capacity() * 20);
  }

 private:
  struct Slot {
    uint64_t hash;
    uint32_t id;
  };
  void rehash(size_t capacity) {
    slots_.assign(capacity, Slot{0, kMissing});
    mask_ = capacity - 1;
    for (size_t id = 0; id < hashes_.size(); ++id) {
      uint64_t s = hashes_[id] & mask_;
      while (slots_[s].id != kMissing) s = (s + 1) & mask_;
      slots_[s] = {hashes_[id], static_cast<uint32_t>(id)};
    }
  }

  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  std::vector<uint8_t> arena_;
  std::vector<uint64_t> starts_;
  std::vector<uint32_t> lengths_;
  std::vector<uint64_t> hashes_;
};

KeyTable::KeyTable(std::vector<TypePtr> keyTypes, bool nullsMatch) : types_(std::move(keyTypes)), nullsMatch_(nullsMatch) {
  if (types_.size() == 1 && isIntegralKey(*types_[0])) {
    ints_ = std::make_unique<IntTable>();
  } else {
    bytes_ = std::make_unique<BytesTable>();
    for (const auto& t : types_) keyBuilders_.emplace_back(t);
  }
}

KeyTable::~KeyTable() = default;

namespace {

template <bool kInsert, typename Table>
void probeInts(Table& table, const Column& key, int64_t n, uint32_t* ids, bool nullsMatch, int64_t& numKeys) {
  thread_local std::vector<int64_t> values;
  thread_local std::vector<uint64_t> hashes;
  toInt64(key, n, values);
  hashes.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) hashes[static_cast<size_t>(i)] = mix64(static_cast<uint64_t>(values[static_cast<size_t>(i)]));
  for (int64_t i = 0; i < n; ++i) ids[i] = KeyTable::kMissing;
  // Null keys get an id of their own when nulls match, else a "decided: missing" mark;
  // either way the probe below skips them.
  constexpr uint32_t kDecidedMissing = KeyTable::kMissing - 1;
  if (key.mayHaveNulls()) {
    for (int64_t i = 0; i < n; ++i) {
      if (!key.isNull(i)) continue;
      if (nullsMatch && kInsert && table.nullId == KeyTable::kMissing) {
        table.nullId = static_cast<uint32_t>(numKeys++);
        table.keysById.push_back(0);
      }
      ids[i] = (nullsMatch && table.nullId != KeyTable::kMissing) ? table.nullId : kDecidedMissing;
    }
  }
  table.template probe<kInsert>(values.data(), hashes.data(), n, ids, numKeys);
  for (int64_t i = 0; i < n; ++i) {
    if (ids[i] == kDecidedMissing) ids[i] = KeyTable::kMissing;
  }
}

}  // namespace

void KeyTable::insert(const std::vector<ColumnPtr>& keys, int64_t n, uint32_t* ids) {
  if (ints_) {
    probeInts<true>(*ints_, *keys[0], n, ids, nullsMatch_, numKeys_);
    return;
  }
  thread_local std::vector<uint8_t> buf;
  thread_local std::vector<uint32_t> offsets;
  encodeRows(keys, n, buf, offsets);
  for (int64_t i = 0; i < n; ++i) {
    if (!nullsMatch_ && anyNull(keys, i)) {
      ids[i] = kMissing;
      continue;
    }
    const uint8_t* p = buf.data() + offsets[static_cast<size_t>(i)];
    uint32_t len = offsets[static_cast<size_t>(i) + 1] - offsets[static_cast<size_t>(i)];
    int64_t before = numKeys_;
    ids[i] = bytes_->probe(p, len, hashBytes(p, len), true, numKeys_);
    if (numKeys_ != before) {
      for (size_t k = 0; k < keys.size(); ++k) keyBuilders_[k].appendFrom(*keys[k], i);
    }
  }
}

void KeyTable::find(const std::vector<ColumnPtr>& keys, int64_t n, uint32_t* ids) const {
  int64_t unchanged = numKeys_;
  if (ints_) {
    probeInts<false>(*ints_, *keys[0], n, ids, nullsMatch_, unchanged);
    return;
  }
  thread_local std::vector<uint8_t> buf;
  thread_local std::vector<uint32_t> offsets;
  encodeRows(keys, n, buf, offsets);
  for (int64_t i = 0; i < n; ++i) {
    if (!nullsMatch_ && anyNull(keys, i)) {
      ids[i] = kMissing;
      continue;
    }
    const uint8_t* p = buf.data() + offsets[static_cast<size_t>(i)];
    uint32_t len = offsets[static_cast<size_t>(i) + 1] - offsets[static_cast<size_t>(i)];
    ids[i] = bytes_->probe(p, len, hashBytes(p, len), false, unchanged);
  }
}

std::vector<ColumnPtr> KeyTable::keyColumns() {
  if (bytes_) {
    std::vector<ColumnPtr> out;
    for (auto& b : keyBuilders_) out.push_back(b.finish());
    return out;
  }
  const TypePtr& t = types_[0];
  int64_t n = numKeys_;
  ColumnPtr col = dispatchFixedWidth(t->id(), [&]<typename T>() -> ColumnPtr {
    FixedColumnBuilder<T> b(t, n);
    for (int64_t i = 0; i < n; ++i) b.data()[i] = static_cast<T>(ints_->keysById[static_cast<size_t>(i)]);
    if (ints_->nullId != kMissing) b.setNull(ints_->nullId);
    return b.finish();
  });
  return {col};
}

int64_t KeyTable::memoryBytes() const { return ints_ ? ints_->memoryBytes() : bytes_->memoryBytes(); }

}  // namespace spate::exec
