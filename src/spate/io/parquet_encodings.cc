#include "spate/io/parquet_encodings.h"

#include <cstring>

namespace spate::parquet {

namespace {

Status corrupt(std::string_view what) { return Status::IOError("{}", what); }

class ByteReader {
 public:
  explicit ByteReader(std::string_view data)
      : p_(reinterpret_cast<const uint8_t*>(data.data())), begin_(p_), end_(p_ + data.size()) {}

  Result<uint64_t> uleb128() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return corrupt("DELTA_BINARY_PACKED header ends early");
      uint8_t b = *p_++;
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return corrupt("DELTA_BINARY_PACKED varint is too long");
  }
  Result<int64_t> zigzag() {
    SPATE_ASSIGN_OR_RETURN(uint64_t v, uleb128());
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  size_t left() const { return static_cast<size_t>(end_ - p_); }
  const uint8_t* at() const { return p_; }
  void skip(size_t n) { p_ += n; }
  size_t consumed() const { return static_cast<size_t>(p_ - begin_); }

 private:
  const uint8_t* p_;
  const uint8_t* begin_;
  const uint8_t* end_;
};

// count values of width bits, packed least significant bit first, from p.
void unpack(const uint8_t* p, int width, int64_t count, uint64_t* out) {
  if (width == 0) {
    std::memset(out, 0, static_cast<size_t>(count) * sizeof(uint64_t));
    return;
  }
  const uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  uint64_t bit = 0;
  for (int64_t i = 0; i < count; ++i, bit += static_cast<uint64_t>(width)) {
    // A value spans at most 9 bytes (64 bits at an odd offset); none past its last bit.
    const uint8_t* q = p + bit / 8;
    const int shift = static_cast<int>(bit % 8);
    const int bytes = (shift + width + 7) / 8;
    unsigned __int128 window = 0;
    for (int k = 0; k < bytes; ++k) window |= static_cast<unsigned __int128>(q[k]) << (8 * k);
    out[i] = static_cast<uint64_t>(window >> shift) & mask;
  }
}

}  // namespace

Result<size_t> decodeDeltaBinaryPacked(std::string_view data, int64_t n, std::vector<int64_t>& out) {
  ByteReader r(data);
  SPATE_ASSIGN_OR_RETURN(uint64_t blockSize, r.uleb128());
  SPATE_ASSIGN_OR_RETURN(uint64_t miniblocks, r.uleb128());
  SPATE_ASSIGN_OR_RETURN(uint64_t total, r.uleb128());
  SPATE_ASSIGN_OR_RETURN(int64_t first, r.zigzag());
  if (blockSize == 0 || blockSize % 128 != 0 || miniblocks == 0 || blockSize % miniblocks != 0 ||
      (blockSize / miniblocks) % 32 != 0 || blockSize > (1u << 20)) {
    return corrupt("DELTA_BINARY_PACKED block sizes are invalid");
  }
  if (static_cast<int64_t>(total) < n) return corrupt("DELTA_BINARY_PACKED holds fewer values than its page");
  const uint64_t perMiniblock = blockSize / miniblocks;
  const size_t base = out.size();
  out.reserve(base + static_cast<size_t>(n));
  if (n > 0) out.push_back(first);
  auto last = static_cast<uint64_t>(first);
  std::vector<uint64_t> deltas(perMiniblock);
  std::vector<uint8_t> widths(miniblocks);
  // Reads whole blocks until total values are passed over, so that consumed() ends
  // where the encoded data ends even when fewer than total values are wanted.
  uint64_t remaining = total > 0 ? total - 1 : 0;
  while (remaining > 0) {
    SPATE_ASSIGN_OR_RETURN(int64_t minDelta, r.zigzag());
    if (r.left() < miniblocks) return corrupt("DELTA_BINARY_PACKED block ends early");
    std::memcpy(widths.data(), r.at(), miniblocks);
    r.skip(miniblocks);
    for (uint64_t m = 0; m < miniblocks && remaining > 0; ++m) {
      if (widths[m] > 64) return corrupt("DELTA_BINARY_PACKED bit width is over 64");
      size_t bytes = perMiniblock * widths[m] / 8;
      if (r.left() < bytes) return corrupt("DELTA_BINARY_PACKED miniblock ends early");
      uint64_t take = std::min(perMiniblock, remaining);
      unpack(r.at(), widths[m], static_cast<int64_t>(take), deltas.data());
      r.skip(bytes);
      for (uint64_t i = 0; i < take; ++i) {
        last += static_cast<uint64_t>(minDelta) + deltas[i];
        if (out.size() - base < static_cast<size_t>(n)) out.push_back(static_cast<int64_t>(last));
      }
      remaining -= take;
    }
  }
  return r.consumed();
}

Status decodeDeltaLengthByteArray(std::string_view data, int64_t n, std::vector<std::string_view>& out) {
  std::vector<int64_t> lengths;
  SPATE_ASSIGN_OR_RETURN(size_t at, decodeDeltaBinaryPacked(data, n, lengths));
  out.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    int64_t length = lengths[static_cast<size_t>(i)];
    if (length < 0 || static_cast<uint64_t>(length) > data.size() - at) {
      return corrupt("DELTA_LENGTH_BYTE_ARRAY value is longer than its page");
    }
    out[static_cast<size_t>(i)] = data.substr(at, static_cast<size_t>(length));
    at += static_cast<size_t>(length);
  }
  return Status::OK();
}

Status decodeDeltaByteArray(std::string_view data, int64_t n, std::string& arena, std::vector<std::string_view>& out) {
  std::vector<int64_t> prefixes;
  SPATE_ASSIGN_OR_RETURN(size_t at, decodeDeltaBinaryPacked(data, n, prefixes));
  std::vector<std::string_view> suffixes;
  SPATE_RETURN_IF_ERROR(decodeDeltaLengthByteArray(data.substr(at), n, suffixes));
  // Sized first: views into the arena must not move.
  size_t total = 0;
  size_t previous = 0;
  for (int64_t i = 0; i < n; ++i) {
    int64_t prefix = prefixes[static_cast<size_t>(i)];
    if (prefix < 0 || static_cast<size_t>(prefix) > previous) {
      return corrupt("DELTA_BYTE_ARRAY prefix is longer than the value before it");
    }
    previous = static_cast<size_t>(prefix) + suffixes[static_cast<size_t>(i)].size();
    total += previous;
  }
  arena.clear();
  arena.reserve(total);
  out.resize(static_cast<size_t>(n));
  std::string_view last;
  for (int64_t i = 0; i < n; ++i) {
    size_t start = arena.size();
    arena.append(last.substr(0, static_cast<size_t>(prefixes[static_cast<size_t>(i)])));
    arena.append(suffixes[static_cast<size_t>(i)]);
    last = std::string_view(arena).substr(start);
    out[static_cast<size_t>(i)] = last;
  }
  return Status::OK();
}

Status decodeByteStreamSplit(std::string_view data, int64_t n, int width, std::string& out) {
  const auto count = static_cast<size_t>(n);
  const auto w = static_cast<size_t>(width);
  if (width <= 0) return corrupt("BYTE_STREAM_SPLIT on a column that is not fixed-width");
  if (data.size() / w < count) return corrupt("BYTE_STREAM_SPLIT values end early");
  // The streams span the whole page: each is data.size() / width bytes long.
  const size_t stream = data.size() / w;
  out.resize(count * w);
  for (size_t b = 0; b < w; ++b) {
    const char* in = data.data() + b * stream;
    for (size_t i = 0; i < count; ++i) out[i * w + b] = in[i];
  }
  return Status::OK();
}

}  // namespace spate::parquet
