#include "spate/columnar/buffer_pool.h"

#include <bit>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace spate::bufferpool {

namespace {

constexpr int kMinClass = std::countr_zero(static_cast<uint64_t>(kMinPooledBytes));
constexpr int kClasses = 48 - kMinClass;  // up to 2^47 bytes
constexpr int64_t kPageAlignment = 4096;  // pooled blocks serve any alignment asked for

class Pool {
 public:
  uint8_t* take(int cls) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<uint8_t*>& free = free_[cls];
    if (free.empty()) return nullptr;
    uint8_t* p = free.back();
    free.pop_back();
    cached_ -= classBytes(cls);
    return p;
  }
  // False when keeping it would pass the cap: the caller frees it.
  bool keep(int cls, uint8_t* p) {
    std::lock_guard<std::mutex> lock(mu_);
    if (cached_ + classBytes(cls) > kMaxCachedBytes) return false;
    free_[cls].push_back(p);
    cached_ += classBytes(cls);
    return true;
  }
  int64_t cached() {
    std::lock_guard<std::mutex> lock(mu_);
    return cached_;
  }
  static int64_t classBytes(int cls) { return int64_t{1} << (cls + kMinClass); }

 private:
  std::mutex mu_;
  std::vector<uint8_t*> free_[kClasses];
  int64_t cached_ = 0;
};

// Never destroyed: Buffers in static storage may be freed after it would be.
Pool& pool() {
  static Pool* p = new Pool;
  return *p;
}

int classOf(int64_t bytes) {
  return std::bit_width(static_cast<uint64_t>(bytes - 1)) - kMinClass;
}

}  // namespace

uint8_t* allocate(int64_t& bytes, int64_t alignment) {
  if (bytes < kMinPooledBytes) {
    bytes = (bytes + alignment - 1) / alignment * alignment;
    auto* p = static_cast<uint8_t*>(std::aligned_alloc(static_cast<size_t>(alignment), static_cast<size_t>(bytes)));
    if (!p) throw std::bad_alloc();
    return p;
  }
  const int cls = classOf(bytes);
  if (cls >= kClasses) throw std::bad_alloc();
  bytes = Pool::classBytes(cls);
  if (uint8_t* p = pool().take(cls)) return p;
  auto* p = static_cast<uint8_t*>(std::aligned_alloc(kPageAlignment, static_cast<size_t>(bytes)));
  if (!p) throw std::bad_alloc();
  return p;
}

void release(uint8_t* block, int64_t bytes) {
  if (!block) return;
  if (bytes >= kMinPooledBytes && pool().keep(classOf(bytes), block)) return;
  std::free(block);
}

int64_t cachedBytes() { return pool().cached(); }

}  // namespace spate::bufferpool
