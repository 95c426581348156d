#include "spate/io/file_io.h"

#include <fcntl.h>
#include <immintrin.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "spate/common/strings.h"
#include "spate/io/options.h"

namespace spate {

namespace fs = std::filesystem;

ChunkReader::ChunkReader(std::string path, size_t chunkSize) : path_(std::move(path)), chunkSize_(chunkSize) {}

ChunkReader::~ChunkReader() {
  if (file_) std::fclose(file_);
}

Status ChunkReader::open() {
  file_ = std::fopen(path_.c_str(), "rb");
  if (!file_) return Status::IOError("Cannot open {}: {}", path_, std::strerror(errno));
  // Small files get a buffer of their size, not a whole chunk.
  std::error_code ec;
  auto fileSize = fs::file_size(path_, ec);
  reserve(ec ? chunkSize_ : std::min<size_t>(chunkSize_, static_cast<size_t>(fileSize) + 1));
  return advance(0);
}

void ChunkReader::reserve(size_t bytes) {
  if (bytes <= capacity_ && buf_) return;
  auto next = allocateBuffer(0);
  next->reserve(static_cast<int64_t>(bytes + kPadding));
  if (size_ > 0) std::memcpy(next->data(), buf_->data(), size_);
  buf_ = std::move(next);
  capacity_ = bytes;
}

Status ChunkReader::advance(size_t consumed) {
  size_t keep = size_ - consumed;
  char* buf = mutableData();
  if (consumed > 0 && keep > 0) std::memmove(buf, buf + consumed, keep);
  windowOffset_ += static_cast<int64_t>(consumed);
  size_ = keep;
  if (!eof_) {
    // A record longer than the window makes it grow.
    if (keep >= capacity_) reserve(std::max(capacity_ * 2, keep + chunkSize_));
    size_t want = capacity_ - keep;
    size_t got = std::fread(mutableData() + keep, 1, want, file_);
    if (got < want) {
      if (std::ferror(file_)) return Status::IOError("Cannot read {}: {}", path_, std::strerror(errno));
      eof_ = true;
    }
    size_ = keep + got;
  }
  std::memset(mutableData() + size_, 0, kPadding);
  return Status::OK();
}

Result<std::unique_ptr<RandomAccessFile>> RandomAccessFile::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("Cannot open {}: {}", path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::IOError("Cannot stat {}: {}", path, std::strerror(err));
  }
  return std::unique_ptr<RandomAccessFile>(new RandomAccessFile(path, fd, static_cast<uint64_t>(st.st_size)));
}

RandomAccessFile::~RandomAccessFile() { ::close(fd_); }

Status RandomAccessFile::read(uint64_t offset, uint64_t length, std::string& out) const {
  if (offset > size_ || length > size_ - offset) {
    return Status::IOError("{}: {} bytes at offset {} lie past its end ({} bytes)", path_, length, offset, size_);
  }
  out.resize(length);
  uint64_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd_, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::IOError("Cannot read {}: {}", path_, n < 0 ? std::strerror(errno) : "it got shorter");
    done += static_cast<uint64_t>(n);
  }
  return Status::OK();
}

Result<std::string> readWholeFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IOError("Cannot open {}: {}", path, std::strerror(errno));
  std::string out;
  char tmp[1 << 16];
  size_t n;
  while ((n = std::fread(tmp, 1, sizeof(tmp), f)) > 0) out.append(tmp, n);
  bool err = std::ferror(f);
  std::fclose(f);
  if (err) return Status::IOError("Cannot read {}", path);
  return out;
}

AtomicFileWriter::~AtomicFileWriter() {
  if (file_) {
    std::fclose(file_);
    std::error_code ec;
    fs::remove(tmp_, ec);
  }
}

Status AtomicFileWriter::open(const std::string& dir, const std::string& name) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("Cannot create directory {}: {}", dir, ec.message());
  final_ = (fs::path(dir) / name).string();
  tmp_ = (fs::path(dir) / ("." + name + ".tmp")).string();
  file_ = std::fopen(tmp_.c_str(), "wb");
  if (!file_) return Status::IOError("Cannot create {}: {}", tmp_, std::strerror(errno));
  buf_.reserve(4 << 20);
  return Status::OK();
}

Status AtomicFileWriter::flush() {
  if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
    return Status::IOError("Cannot write {}: {}", tmp_, std::strerror(errno));
  }
  buf_.clear();
  return Status::OK();
}

Status AtomicFileWriter::flushIfLarge() { return buf_.size() >= (4 << 20) ? flush() : Status::OK(); }

Status AtomicFileWriter::commit() {
  SPATE_RETURN_IF_ERROR(flush());
  int rc = std::fclose(file_);
  file_ = nullptr;
  std::error_code ec;
  if (rc != 0) {
    fs::remove(tmp_, ec);
    return Status::IOError("Cannot write {}: {}", tmp_, std::strerror(errno));
  }
  fs::rename(tmp_, final_, ec);
  if (ec) {
    fs::remove(tmp_, ec);
    return Status::IOError("Cannot rename {} to {}: {}", tmp_, final_, ec.message());
  }
  return Status::OK();
}

namespace {

// The first '\n' or '\r' in [p, end), or end: one pass over a line for both, where two
// memchr calls would read it twice (line ends were 5% of a JSON scan).
const char* findLineBreakSse2(const char* p, const char* end) {
  const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const auto mask = static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, cr))));
    if (mask) return p + std::countr_zero(mask);
  }
  for (; p < end; ++p) {
    if (*p == '\n' || *p == '\r') return p;
  }
  return end;
}

[[gnu::target("avx2")]] const char* findLineBreakAvx2(const char* p, const char* end) {
  const __m256i nl = _mm256_set1_epi8('\n'), cr = _mm256_set1_epi8('\r');
  for (; end - p >= 32; p += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const auto mask = static_cast<uint32_t>(
        _mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(v, nl), _mm256_cmpeq_epi8(v, cr))));
    if (mask) return p + std::countr_zero(mask);
  }
  return findLineBreakSse2(p, end);  // the last 31 bytes or fewer
}

const char* findLineBreak(const char* p, const char* end) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2 ? findLineBreakAvx2(p, end) : findLineBreakSse2(p, end);
}

}  // namespace

bool findLineEnd(const char* p, const char* end, bool atEof, const std::string& sep, const char*& lineEnd,
              const char*& next) {
  if (!sep.empty()) {
    const void* hit = memmem(p, static_cast<size_t>(end - p), sep.data(), sep.size());
    if (!hit) {
      if (!atEof) return false;
      lineEnd = next = end;
      return true;
    }
    lineEnd = static_cast<const char*>(hit);
    next = lineEnd + sep.size();
    return true;
  }
  const char* hit = findLineBreak(p, end);
  if (hit == end) {
    if (!atEof) return false;
    lineEnd = next = end;
    return true;
  }
  if (*hit == '\r') {
    if (hit + 1 == end && !atEof) return false;
    lineEnd = hit;
    next = hit + 1 < end && hit[1] == '\n' ? hit + 2 : hit + 1;
    return true;
  }
  lineEnd = hit;
  next = hit + 1;
  return true;
}


std::string partFileName(const std::string& prefix, std::string_view extension) {
  return fmt::format("{}-{}{}", prefix.empty() ? "part-00000" : prefix, randomUuid(), extension);
}

Status checkNoCompression(const Options& options) {
  std::string codec = options.has("compression") ? options.get("compression") : options.get("codec");
  if (codec.empty() || equalsIgnoreCase(codec, "none") || equalsIgnoreCase(codec, "uncompressed")) {
    return Status::OK();
  }
  return Status::NotImplemented("Compression codec '{}' is not supported; write uncompressed files", codec);
}

}  // namespace spate
