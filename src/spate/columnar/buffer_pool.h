#pragma once

#include <cstdint>

namespace spate::bufferpool {

// Memory for Buffers. Large blocks (kMinPooledBytes and up) are recycled by
// power-of-two size class: a batch's columns are freed when its trigger is done, and
// the next batch asks for the same sizes again. Memory fresh from the kernel costs a
// page fault per 4 KiB, each page zeroed by the kernel: a fifth of a JSON scan's CPU
// time before blocks were recycled.
inline constexpr int64_t kMinPooledBytes = int64_t{1} << 17;
// Freed blocks kept for reuse, at most; past it they go back to the system.
inline constexpr int64_t kMaxCachedBytes = int64_t{256} << 20;

// A block of at least `bytes`, aligned to `alignment` (a power of two up to 4096);
// `bytes` becomes its usable size. Throws std::bad_alloc when memory runs out.
uint8_t* allocate(int64_t& bytes, int64_t alignment);
// Gives back a block from allocate with the size it returned.
void release(uint8_t* block, int64_t bytes);

// The bytes held for reuse now (for tests and diagnostics).
int64_t cachedBytes();

}  // namespace spate::bufferpool
