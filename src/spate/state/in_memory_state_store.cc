// The in-memory state store provider (Spark's HDFSBackedStateStoreProvider): the state
// of one partition lives in a hash table; each commit writes the changes since the load
// as <version>.delta, and every minDeltasForSnapshot versions the whole table as
// <version>.snapshot, in the store's directory.
//
// File format (both kinds; integers little-endian):
//   header   "SPST" magic (4 bytes), format version (1 byte, = 1), kind (1 byte:
//            'D' delta, 'S' snapshot), 2 reserved zero bytes, the state version the
//            file produces (u64; must match the file name)
//   records  op (1 byte: 1 put, 2 remove), key length (varint: LEB128), key bytes,
//            and for a put: value length (varint), value bytes.
//            A snapshot holds only puts, one per key; a delta's records apply in
//            order (a key removed and put again in one batch appears twice).
//   trailer  record count (u64), CRC-32C of every byte before it, the count included (u32)
// A file that is short, has a bad magic, version or checksum, or whose records do not
// parse to exactly the trailer's count is an error naming the file: state is never
// silently dropped.
//
// Loading version v reads the newest snapshot s <= v (none: empty at version 0) and
// applies the deltas s+1..v. Changes between load and commit are made in place, with an
// undo log holding each changed key's value as loaded and pointing at its entry, so
// abort() restores the loaded version exactly and commit() writes the changed keys
// without looking any of them up again.

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <utility>
#include <vector>

#include <malloc.h>
#include <unistd.h>

#include <fmt/format.h>

#include "spate/common/file_util.h"
#include "spate/common/hash.h"
#include "spate/state/state_store.h"

namespace spate::state {

namespace {

constexpr char kMagic[4] = {'S', 'P', 'S', 'T'};
constexpr uint8_t kFormatVersion = 1;
constexpr char kKindDelta = 'D';
constexpr char kKindSnapshot = 'S';
constexpr size_t kHeaderSize = 16;
constexpr size_t kTrailerSize = 12;
constexpr uint8_t kOpPut = 1;
constexpr uint8_t kOpRemove = 2;

inline uint64_t hashKey(std::string_view key) {
  return hashBytes(reinterpret_cast<const uint8_t*>(key.data()), key.size());
}

// ---- the hash table -----------------------------------------------------------------

// One key and its value in a single allocation; the value has room to grow in place (up
// to what malloc made usable, which is not stored: every header byte is paid per key),
// so aggregation states of a fixed size are updated without allocating.
struct Entry {
  uint32_t keyLen;
  uint32_t valueLen;
  uint32_t mark;       // the epoch in which the entry was last logged for undo (0: never)
  uint32_t undoIndex;  // that log record, valid while mark is the store's epoch

  char* keyData() { return reinterpret_cast<char*>(this + 1); }
  const char* keyData() const { return reinterpret_cast<const char*>(this + 1); }
  std::string_view key() const { return {keyData(), keyLen}; }
  std::string_view value() const { return {keyData() + keyLen, valueLen}; }
};

// The bytes an allocation really takes: what malloc made usable plus its chunk header.
int64_t allocatedBytes(void* p) { return static_cast<int64_t>(malloc_usable_size(p) + sizeof(size_t)); }

// Open addressing with linear probing and backward-shift deletion (no tombstones, so
// lookups stay short after many removes). A slot is 8 bytes: the entry's address, with
// the top 16 bits of its key's hash in the address's unused high bits (user-space
// addresses fit in 48 bits on x86-64 and AArch64 Linux), so a probe compares key bytes
// only on a tag match. Growth and deletion rehash the keys they move.
class FlatTable {
 public:
  FlatTable() = default;
  ~FlatTable() { clear(); }
  FlatTable(const FlatTable&) = delete;
  FlatTable& operator=(const FlatTable&) = delete;
  FlatTable(FlatTable&& o) noexcept { *this = std::move(o); }
  FlatTable& operator=(FlatTable&& o) noexcept {
    if (this != &o) {
      clear();
      slots_ = std::move(o.slots_);
      size_ = o.size_;
      entryBytes_ = o.entryBytes_;
      o.slots_.clear();
      o.size_ = 0;
      o.entryBytes_ = 0;
    }
    return *this;
  }

  int64_t size() const { return size_; }
  int64_t memoryBytes() const {
    return entryBytes_ + static_cast<int64_t>(slots_.capacity() * sizeof(Slot));
  }

  Entry* find(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return nullptr;
    return slots_[slotOf(key, hash)].entry();
  }

  // Makes room for one more key; call before slotOf when about to insert.
  void reserveOne() {
    if (static_cast<size_t>(size_ + 1) * 4 > slots_.size() * 3) reserve(size_ + 1);
  }
  // The slot holding key, or the empty slot ending its probe run. The table must have
  // slots (reserveOne).
  size_t slotOf(std::string_view key, uint64_t hash) const {
    size_t mask = slots_.size() - 1;
    const uintptr_t tag = tagOf(hash);
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot s = slots_[i];
      if (s.bits == 0) return i;
      if ((s.bits & ~kAddressMask) == tag) {
        const Entry* e = s.entry();
        if (e->keyLen == key.size() && std::memcmp(e->keyData(), key.data(), key.size()) == 0) return i;
      }
    }
  }
  Entry* entryAt(size_t i) const { return slots_[i].entry(); }

  void insertAt(size_t i, uint64_t hash, std::string_view key, std::string_view value) {
    slots_[i] = Slot::of(newEntry(key, value), hash);
    ++size_;
  }

  // In place when the entry has room, so fixed-size values never allocate. True when
  // the entry moved.
  bool assignAt(size_t i, std::string_view value) {
    bool moved = false;
    Entry* e = slots_[i].entry();
    const size_t valueCap = usableValueBytes(e);
    if (value.size() > valueCap) {
      // Geometric growth: a value that grows a little each batch (a list state) is not
      // copied every time.
      size_t cap = std::max<size_t>(value.size(), valueCap + valueCap / 2);
      entryBytes_ -= allocatedBytes(e);
      void* p = std::realloc(e, sizeof(Entry) + e->keyLen + cap);
      if (!p) throw std::bad_alloc();
      e = checkAddress(static_cast<Entry*>(p));
      entryBytes_ += allocatedBytes(e);
      slots_[i].bits = reinterpret_cast<uintptr_t>(e) | (slots_[i].bits & ~kAddressMask);
      moved = true;
    }
    if (!value.empty()) std::memcpy(e->keyData() + e->keyLen, value.data(), value.size());
    e->valueLen = static_cast<uint32_t>(value.size());
    return moved;
  }

  void set(std::string_view key, uint64_t hash, std::string_view value) {
    reserveOne();
    size_t i = slotOf(key, hash);
    if (slots_[i].bits != 0) {
      assignAt(i, value);
    } else {
      insertAt(i, hash, key, value);
    }
  }

  void eraseAt(size_t i) {
    freeEntry(slots_[i].entry());
    size_t mask = slots_.size() - 1;
    // Backward shift: pull later members of the probe run into the hole, unless their
    // home slot lies cyclically after the hole (moving them would hide them).
    for (size_t j = (i + 1) & mask; slots_[j].bits != 0; j = (j + 1) & mask) {
      size_t home = hashKey(slots_[j].entry()->key()) & mask;
      bool between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (between) continue;
      slots_[i] = slots_[j];
      i = j;
    }
    slots_[i].bits = 0;
    --size_;
  }
  bool erase(std::string_view key, uint64_t hash) {
    if (slots_.empty()) return false;
    size_t i = slotOf(key, hash);
    if (slots_[i].bits == 0) return false;
    eraseAt(i);
    return true;
  }

  template <typename F>
  void forEach(F&& f) const {
    for (const auto& s : slots_) {
      if (s.bits != 0) f(*s.entry());
    }
  }
  template <typename F>
  void forEachMutable(F&& f) {
    for (auto& s : slots_) {
      if (s.bits != 0) f(*s.entry());
    }
  }

  void reserve(int64_t n) {
    // Load factor at most 3/4: linear probing stays at a few probes per lookup.
    size_t need = 16;
    while (static_cast<int64_t>(need - need / 4) < n) need *= 2;
    if (need <= slots_.size()) return;
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(need, Slot{});
    size_t mask = need - 1;
    for (const auto& s : old) {
      if (s.bits == 0) continue;
      size_t i = hashKey(s.entry()->key()) & mask;
      while (slots_[i].bits != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  void clear() {
    for (auto& s : slots_) {
      if (s.bits != 0) std::free(s.entry());
    }
    slots_.clear();
    size_ = 0;
    entryBytes_ = 0;
  }

 private:
  static constexpr uintptr_t kAddressMask = (uintptr_t{1} << 48) - 1;
  static_assert(sizeof(uintptr_t) == 8, "slots pack a hash tag into 64-bit addresses");

  static uintptr_t tagOf(uint64_t hash) { return static_cast<uintptr_t>(hash >> 48) << 48; }

  struct Slot {
    uintptr_t bits = 0;  // 0: empty
    Entry* entry() const { return reinterpret_cast<Entry*>(bits & kAddressMask); }
    static Slot of(Entry* e, uint64_t hash) { return Slot{reinterpret_cast<uintptr_t>(e) | tagOf(hash)}; }
  };

  static Entry* checkAddress(Entry* e) {
    // Never on Linux, which maps user memory below 2^47 unless asked for more.
    if (reinterpret_cast<uintptr_t>(e) & ~kAddressMask) {
      std::free(e);
      throw std::bad_alloc();
    }
    return e;
  }
  // The value bytes an entry can hold: what malloc gave beyond the header and key.
  static size_t usableValueBytes(Entry* e) {
    return malloc_usable_size(e) - sizeof(Entry) - e->keyLen;
  }

  Entry* newEntry(std::string_view key, std::string_view value) {
    size_t bytes = sizeof(Entry) + key.size() + value.size();
    auto* e = static_cast<Entry*>(std::malloc(bytes));
    if (!e) throw std::bad_alloc();
    checkAddress(e);
    e->keyLen = static_cast<uint32_t>(key.size());
    e->valueLen = static_cast<uint32_t>(value.size());
    e->mark = 0;
    e->undoIndex = 0;
    if (!key.empty()) std::memcpy(e->keyData(), key.data(), key.size());
    if (!value.empty()) std::memcpy(e->keyData() + key.size(), value.data(), value.size());
    entryBytes_ += allocatedBytes(e);
    return e;
  }
  void freeEntry(Entry* e) {
    entryBytes_ -= allocatedBytes(e);
    std::free(e);
  }

  std::vector<Slot> slots_;
  int64_t size_ = 0;
  int64_t entryBytes_ = 0;
};

// ---- files ----------------------------------------------------------------------------

void putU32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
void putU64(std::string& out, uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); }
void putVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

class StateFileWriter {
 public:
  StateFileWriter(char kind, int64_t version, size_t sizeHint) {
    buf_.reserve(sizeHint + kHeaderSize + kTrailerSize);
    buf_.append(kMagic, 4);
    buf_.push_back(static_cast<char>(kFormatVersion));
    buf_.push_back(kind);
    buf_.append(2, '\0');
    putU64(buf_, static_cast<uint64_t>(version));
  }
  void put(std::string_view key, std::string_view value) {
    buf_.push_back(static_cast<char>(kOpPut));
    putVarint(buf_, key.size());
    buf_.append(key);
    putVarint(buf_, value.size());
    buf_.append(value);
    ++count_;
  }
  void remove(std::string_view key) {
    buf_.push_back(static_cast<char>(kOpRemove));
    putVarint(buf_, key.size());
    buf_.append(key);
    ++count_;
  }
  const std::string& finish() {
    putU64(buf_, count_);
    putU32(buf_, crc32c(buf_));
    return buf_;
  }

 private:
  std::string buf_;
  uint64_t count_ = 0;
};

const char* kindName(char kind) { return kind == kKindDelta ? "delta" : "snapshot"; }

template <typename T>
T loadLE(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

bool getVarint(const char*& p, const char* end, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) return false;
    auto b = static_cast<uint8_t>(*p++);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

// Applies a state file to table, after checking every byte of it: nothing is applied
// from a file that turns out to be corrupt further on.
Status readStateFile(const std::string& path, char kind, int64_t version, FlatTable& table) {
  SPATE_ASSIGN_OR_RETURN(std::string data, readFileToString(path));
  auto corrupt = [&](const std::string& why) { return Status::IOError("corrupt state file {}: {}", path, why); };
  if (data.size() < kHeaderSize + kTrailerSize) {
    return corrupt(fmt::format("truncated ({} bytes, shorter than a header and a trailer)", data.size()));
  }
  if (std::memcmp(data.data(), kMagic, 4) != 0) return corrupt("bad magic: not a spate state file");
  if (static_cast<uint8_t>(data[4]) != kFormatVersion) {
    return corrupt(fmt::format("unsupported format version {}", static_cast<int>(static_cast<uint8_t>(data[4]))));
  }
  const char* trailer = data.data() + data.size() - kTrailerSize;
  uint32_t stored = loadLE<uint32_t>(trailer + 8);
  uint32_t actual = crc32c(std::string_view(data.data(), data.size() - 4));
  if (stored != actual) return corrupt("checksum mismatch (the file is truncated or damaged)");
  if (data[5] != kind) return corrupt(fmt::format("holds a {}, expected a {}", kindName(data[5]), kindName(kind)));
  auto fileVersion = loadLE<int64_t>(data.data() + 8);
  if (fileVersion != version) return corrupt(fmt::format("holds version {}, expected {}", fileVersion, version));
  uint64_t count = loadLE<uint64_t>(trailer);

  // Two passes over the records: the first checks them all, the second applies them,
  // so a large snapshot needs no record list beside its bytes.
  auto forEachRecord = [&](auto&& f) -> std::pair<uint64_t, bool> {  // records, all well-formed
    const char* p = data.data() + kHeaderSize;
    auto readBytes = [&](std::string_view& out) {
      uint64_t len;
      if (!getVarint(p, trailer, len) || len > static_cast<uint64_t>(trailer - p) || len > UINT32_MAX) return false;
      out = {p, static_cast<size_t>(len)};
      p += len;
      return true;
    };
    uint64_t n = 0;
    while (p < trailer) {
      auto op = static_cast<uint8_t>(*p++);
      std::string_view key, value;
      bool ok = (op == kOpPut || (op == kOpRemove && kind == kKindDelta)) && readBytes(key) &&
                (op != kOpPut || readBytes(value));
      if (!ok) return {n, false};
      f(op, key, value);
      ++n;
    }
    return {n, true};
  };
  auto [parsed, wellFormed] = forEachRecord([](uint8_t, std::string_view, std::string_view) {});
  if (!wellFormed) return corrupt(fmt::format("record {} is malformed", parsed));
  if (parsed != count) return corrupt(fmt::format("holds {} records, its trailer says {}", parsed, count));
  // The first file of a chain sizes the table once; later deltas mostly update keys.
  if (table.size() == 0) table.reserve(static_cast<int64_t>(count));
  forEachRecord([&](uint8_t op, std::string_view key, std::string_view value) {
    uint64_t h = hashKey(key);
    if (op == kOpPut) {
      table.set(key, h, value);
    } else {
      table.erase(key, h);
    }
  });
  return Status::OK();
}

struct VersionFiles {
  bool delta = false;
  bool snapshot = false;
};

// "12.delta" → (12, delta); anything else (temp files, strangers) is not ours.
bool parseFileName(const std::string& name, int64_t& version, bool& isSnapshot) {
  size_t dot = name.find('.');
  if (dot == 0 || dot == std::string::npos) return false;
  std::string_view ext = std::string_view(name).substr(dot + 1);
  if (ext == "delta") {
    isSnapshot = false;
  } else if (ext == "snapshot") {
    isSnapshot = true;
  } else {
    return false;
  }
  auto [end, ec] = std::from_chars(name.data(), name.data() + dot, version);
  return ec == std::errc() && end == name.data() + dot && version >= 0;
}

Result<std::map<int64_t, VersionFiles>> listStateFiles(const std::string& dir) {
  SPATE_ASSIGN_OR_RETURN(std::vector<std::string> names, listDirectory(dir));
  std::map<int64_t, VersionFiles> files;
  for (const auto& name : names) {
    int64_t v;
    bool snap;
    if (!parseFileName(name, v, snap)) continue;
    (snap ? files[v].snapshot : files[v].delta) = true;
  }
  return files;
}

// ---- the store ------------------------------------------------------------------------

class InMemoryStateStore final : public StateStore {
 public:
  InMemoryStateStore(std::string dir, StateStoreConf conf) : dir_(std::move(dir)), conf_(conf) {}

  int64_t version() const override { return version_; }

  std::optional<std::string_view> get(std::string_view key) const override {
    const Entry* e = table_.find(key, hashKey(key));
    if (!e) return std::nullopt;
    return e->value();
  }

  void put(std::string_view key, std::string_view value) override {
    ++numUpdated_;
    uint64_t h = hashKey(key);
    table_.reserveOne();
    size_t i = table_.slotOf(key, h);
    if (Entry* e = table_.entryAt(i)) {
      if (e->mark != epoch_) logUndo(key, e, e);
      if (table_.assignAt(i, value)) {
        Entry* moved = table_.entryAt(i);
        undo_[moved->undoIndex].entry = moved;
      }
      return;
    }
    table_.insertAt(i, h, key, value);
    logUndo(key, nullptr, table_.entryAt(i));
  }

  void remove(std::string_view key) override {
    if (table_.size() == 0) return;
    uint64_t h = hashKey(key);
    size_t i = table_.slotOf(key, h);
    Entry* e = table_.entryAt(i);
    if (!e) return;
    ++numRemoved_;
    if (e->mark != epoch_) {
      logUndo(key, e, nullptr);
    } else {
      undo_[e->undoIndex].entry = nullptr;
    }
    table_.eraseAt(i);
  }

  void iterate(const std::function<void(std::string_view, std::string_view)>& f) const override {
    table_.forEach([&](const Entry& e) { f(e.key(), e.value()); });
  }

  // A linear scan: no operator needs prefix scans on a hot path yet. An index per prefix
  // length (or an ordered table) would replace it when session windows or
  // flatMapGroupsWithState timers do.
  void prefixScan(std::string_view prefix,
                  const std::function<void(std::string_view, std::string_view)>& f) const override {
    table_.forEach([&](const Entry& e) {
      if (e.key().starts_with(prefix)) f(e.key(), e.value());
    });
  }

  Result<int64_t> commit() override;
  void abort() override {
    rollback();
    numUpdated_ = 0;
    numRemoved_ = 0;
  }

  int64_t numKeys() const override { return table_.size(); }
  int64_t memoryUsedBytes() const override {
    return table_.memoryBytes() + static_cast<int64_t>(undoBytes_.capacity() + undo_.capacity() * sizeof(Undo));
  }
  int64_t numUpdated() const override { return numUpdated_; }
  int64_t numRemoved() const override { return numRemoved_; }

  Status load(int64_t version);

 private:
  // A key's value as loaded, recorded at its first change since the load, and where
  // the key lives now. A key removed and put again has a second record, so applying
  // the records in order (commit) or undoing them newest first (abort) is exact.
  struct Undo {
    Entry* entry;   // the key's entry now; nullptr once removed
    size_t offset;  // into undoBytes_: the key, then the value when it existed
    uint32_t keyLen;
    uint32_t valueLen;
    bool existed;
  };

  std::string filePath(int64_t version, char kind) const {
    return fmt::format("{}/{}.{}", dir_, version, kindName(kind));
  }
  std::string_view undoKey(const Undo& u) const { return {undoBytes_.data() + u.offset, u.keyLen}; }
  std::string_view undoValue(const Undo& u) const { return {undoBytes_.data() + u.offset + u.keyLen, u.valueLen}; }

  // old: the entry as loaded (nullptr: the key was absent); now: the key's entry after
  // the change, which the record tracks from then on.
  void logUndo(std::string_view key, const Entry* old, Entry* now) {
    Undo u{now, undoBytes_.size(), static_cast<uint32_t>(key.size()), 0, old != nullptr};
    undoBytes_.append(key);
    if (old) {
      u.valueLen = old->valueLen;
      undoBytes_.append(old->value());
    }
    if (now) {
      now->mark = epoch_;
      now->undoIndex = static_cast<uint32_t>(undo_.size());
    }
    undo_.push_back(u);
  }

  void rollback() {
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
      std::string_view key = undoKey(*it);
      std::string_view value = undoValue(*it);
      if (it->existed && it->entry) {
        // The entry the value was in: it never shrank, so the value fits again.
        Entry* e = it->entry;
        if (!value.empty()) std::memcpy(e->keyData() + e->keyLen, value.data(), value.size());
        e->valueLen = it->valueLen;
      } else if (it->existed) {
        table_.set(key, hashKey(key), value);
      } else if (it->entry) {
        table_.erase(key, hashKey(key));
      }
    }
    clearUndo();
  }

  void clearUndo() {
    undo_.clear();
    undoBytes_.clear();
    // The undo log is scratch for one batch: memory held between batches is the state.
    if (undoBytes_.capacity() > (64u << 10)) undoBytes_.shrink_to_fit();
    if (undo_.capacity() * sizeof(Undo) > (64u << 10)) undo_.shrink_to_fit();
    if (++epoch_ == 0) {
      // After 2^32 batches: marks of old epochs could alias the new one.
      table_.forEachMutable([](Entry& e) { e.mark = 0; });
      epoch_ = 1;
    }
  }

  Status writeSnapshot(int64_t version);
  void cleanup(int64_t version);

  std::string dir_;
  StateStoreConf conf_;
  FlatTable table_;
  bool loaded_ = false;
  int64_t version_ = 0;
  int64_t lastSnapshotVersion_ = 0;  // the snapshot the table descends from (0: empty)
  uint32_t epoch_ = 1;
  std::vector<Undo> undo_;
  std::string undoBytes_;
  int64_t numUpdated_ = 0;
  int64_t numRemoved_ = 0;
};

Status InMemoryStateStore::load(int64_t version) {
  if (version < 0) return Status::Invalid("cannot load state version {}: versions start at 0", version);
  rollback();
  numUpdated_ = 0;
  numRemoved_ = 0;
  if (loaded_ && version == version_) return Status::OK();

  SPATE_ASSIGN_OR_RETURN(auto files, listStateFiles(dir_));
  int64_t base = 0;
  for (auto it = files.upper_bound(version); it != files.begin();) {
    --it;
    if (it->second.snapshot) {
      base = it->first;
      break;
    }
  }
  for (int64_t v = base + 1; v <= version; ++v) {
    auto it = files.find(v);
    if (it == files.end() || !it->second.delta) {
      return Status::IOError("state file {} is missing: the checkpoint is incomplete", filePath(v, kKindDelta));
    }
  }
  // Built aside, so a failed load leaves the loaded version intact.
  FlatTable table;
  if (base > 0) SPATE_RETURN_IF_ERROR(readStateFile(filePath(base, kKindSnapshot), kKindSnapshot, base, table));
  for (int64_t v = base + 1; v <= version; ++v) {
    SPATE_RETURN_IF_ERROR(readStateFile(filePath(v, kKindDelta), kKindDelta, v, table));
  }
  table_ = std::move(table);
  loaded_ = true;
  version_ = version;
  lastSnapshotVersion_ = base;
  return Status::OK();
}

Result<int64_t> InMemoryStateStore::commit() {
  if (!loaded_) return Status::Internal("state store {} committed before it was loaded", dir_);
  int64_t next = version_ + 1;
  // In record order, so a key removed and put again comes out as remove, put.
  StateFileWriter delta(kKindDelta, next, undoBytes_.size());
  for (const Undo& u : undo_) {
    if (u.entry) {
      delta.put(u.entry->key(), u.entry->value());
    } else if (u.existed) {
      delta.remove(undoKey(u));
    }
  }
  // A snapshot of this version left by an abandoned run (a batch re-run after a crash)
  // would shadow the new delta; it goes first, so no crash can pair the two. The
  // delta's directory sync makes the removal durable too.
  std::string stale = filePath(next, kKindSnapshot);
  if (::unlink(stale.c_str()) != 0 && errno != ENOENT) {
    return Status::IOError("cannot delete stale state file {}: {}", stale, std::strerror(errno));
  }
  // On failure the changes stay uncommitted: abort() or another commit() still works.
  SPATE_RETURN_IF_ERROR(writeFileAtomically(filePath(next, kKindDelta), delta.finish(), conf_.durable));
  clearUndo();
  version_ = next;
  if (next - lastSnapshotVersion_ >= conf_.minDeltasForSnapshot) {
    SPATE_RETURN_IF_ERROR(writeSnapshot(next));
    lastSnapshotVersion_ = next;
  }
  cleanup(next);
  return next;
}

Status InMemoryStateStore::writeSnapshot(int64_t version) {
  StateFileWriter w(kKindSnapshot, version, static_cast<size_t>(table_.memoryBytes()));
  table_.forEach([&](const Entry& e) { w.put(e.key(), e.value()); });
  return writeFileAtomically(filePath(version, kKindSnapshot), w.finish(), conf_.durable);
}

// Keeps what loading each of the last minBatchesToRetain versions needs: the newest
// snapshot at or below the oldest of them, and everything after it. Failures are left
// for the next commit to retry: stale files cost disk, not correctness.
void InMemoryStateStore::cleanup(int64_t version) {
  int64_t earliest = version - conf_.minBatchesToRetain;
  if (earliest <= 0) return;
  auto files = listStateFiles(dir_);
  if (!files.ok()) return;
  int64_t keepFrom = -1;
  for (const auto& [v, f] : *files) {
    if (v > earliest) break;
    if (f.snapshot) keepFrom = v;
  }
  if (keepFrom < 0) return;
  for (const auto& [v, f] : *files) {
    if (v >= keepFrom) break;
    if (f.delta) ::unlink(filePath(v, kKindDelta).c_str());
    if (f.snapshot) ::unlink(filePath(v, kKindSnapshot).c_str());
  }
}

class InMemoryStateStoreProvider final : public StateStoreProvider {
 public:
  InMemoryStateStoreProvider(std::string dir, StateStoreConf conf) : store_(std::move(dir), conf) {}

  Result<StateStore*> load(int64_t version) override {
    SPATE_RETURN_IF_ERROR(store_.load(version));
    return static_cast<StateStore*>(&store_);
  }

 private:
  InMemoryStateStore store_;
};

}  // namespace

Result<std::unique_ptr<StateStoreProvider>> createInMemoryStateStoreProvider(StateStoreId id, StateStoreConf conf) {
  if (conf.minDeltasForSnapshot < 1) {
    return Status::Invalid("minDeltasForSnapshot must be at least 1, got {}", conf.minDeltasForSnapshot);
  }
  if (conf.minBatchesToRetain < 1) {
    return Status::Invalid("minBatchesToRetain must be at least 1, got {}", conf.minBatchesToRetain);
  }
  std::unique_ptr<StateStoreProvider> p = std::make_unique<InMemoryStateStoreProvider>(id.directory(), conf);
  return p;
}

}  // namespace spate::state
