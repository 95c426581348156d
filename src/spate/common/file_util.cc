#include "spate/common/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#if defined(__SSE4_2__)
#include <nmmintrin.h>
#endif

namespace spate {

namespace fs = std::filesystem;

namespace {

std::string errnoText(int err) { return std::strerror(err); }

std::string parentOf(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// Makes a rename or a newly created entry in dir survive a crash.
Status fsyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cannot open directory {} to sync it: {}", dir, errnoText(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::IOError("cannot sync directory {}: {}", dir, errnoText(err));
  return Status::OK();
}

// Creates dir and its missing parents; when durable, also syncs the parent of every
// directory it created, since a new directory entry is only durable once its parent is.
Status createDirectories(const std::string& dir, bool durable) {
  std::vector<fs::path> created;
  for (fs::path p = fs::path(dir); !p.empty(); p = p.parent_path()) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) break;
    created.push_back(p);
    if (p == p.parent_path()) break;
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create directory {}: {}", dir, ec.message());
  if (!fs::is_directory(dir, ec)) return Status::IOError("cannot create directory {}: not a directory", dir);
  if (durable) {
    for (const auto& p : created) {
      fs::path parent = p.parent_path();
      SPATE_RETURN_IF_ERROR(fsyncDirectory(parent.empty() ? std::string(".") : parent.string()));
    }
  }
  return Status::OK();
}

Status writeAll(int fd, std::string_view contents, const std::string& path) {
  const char* p = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError("cannot write {}: {}", path, errnoText(errno));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return Status::OK();
}

// ---- CRC-32C ------------------------------------------------------------------------

#if !defined(__SSE4_2__)
// Slicing-by-8 tables for the reflected Castagnoli polynomial.
struct Crc32cTables {
  std::array<std::array<uint32_t, 256>, 8> t{};
  constexpr Crc32cTables() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
      t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; ++i) {
      for (size_t s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
    }
  }
};
constexpr Crc32cTables kCrcTables;
#endif

}  // namespace

namespace {

// Writes contents to a temp file beside path and publishes it under path: by rename
// (replacing what is there), or when exclusive by link, which fails when path exists
// (then *existed is set and nothing changes).
Status publishThroughTemp(const std::string& path, std::string_view contents, bool durable, bool exclusive,
                          bool* existed) {
  std::string dir = parentOf(path);
  SPATE_RETURN_IF_ERROR(createDirectories(dir, durable));
  // Unique per process and call, so concurrent writers of one path never share a temp.
  static std::atomic<uint64_t> counter{0};
  std::string name = fs::path(path).filename().string();
  std::string tmp = (fs::path(dir) / ("." + name + ".tmp." + std::to_string(::getpid()) + "." +
                                      std::to_string(counter.fetch_add(1))))
                        .string();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot create {} (temp file for {}): {}", tmp, path, errnoText(errno));
  Status st = writeAll(fd, contents, path);
  if (st.ok() && durable && ::fsync(fd) != 0) st = Status::IOError("cannot sync {}: {}", path, errnoText(errno));
  if (::close(fd) != 0 && st.ok()) st = Status::IOError("cannot close {}: {}", path, errnoText(errno));
  if (st.ok() && exclusive) {
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      if (errno == EEXIST) {
        *existed = true;
      } else {
        st = Status::IOError("cannot link {} to {}: {}", tmp, path, errnoText(errno));
      }
    }
    ::unlink(tmp.c_str());
    if (!st.ok() || *existed) return st;
  } else if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    st = Status::IOError("cannot rename {} to {}: {}", tmp, path, errnoText(errno));
  }
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  if (durable) return fsyncDirectory(dir);
  return Status::OK();
}

}  // namespace

Status writeFileAtomically(const std::string& path, std::string_view contents, bool durable) {
  bool existed = false;
  return publishThroughTemp(path, contents, durable, /*exclusive=*/false, &existed);
}

Result<bool> createFileExclusively(const std::string& path, std::string_view contents, bool durable) {
  bool existed = false;
  SPATE_RETURN_IF_ERROR(publishThroughTemp(path, contents, durable, /*exclusive=*/true, &existed));
  return !existed;
}

Result<std::string> readFileToString(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cannot open {}: {}", path, errnoText(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::IOError("cannot stat {}: {}", path, errnoText(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::IOError("cannot read {}: it is a directory", path);
  }
  std::string out;
  out.resize(static_cast<size_t>(std::max<off_t>(st.st_size, 0)));
  size_t got = 0;
  // The size is a hint: the file may grow or shrink while it is read.
  for (;;) {
    if (got == out.size()) out.resize(std::max<size_t>(out.size() * 2, 4096));
    ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Status::IOError("cannot read {}: {}", path, errnoText(err));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(got);
  return out;
}

Status ensureDirectory(const std::string& path) { return createDirectories(path, /*durable=*/false); }

Result<std::vector<std::string>> listDirectory(const std::string& path) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(path, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return names;
    return Status::IOError("cannot list directory {}: {}", path, ec.message());
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    names.push_back(it->path().filename().string());
  }
  if (ec) return Status::IOError("cannot list directory {}: {}", path, ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

uint32_t crc32c(std::string_view data, uint32_t seed) {
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  size_t n = data.size();
  uint32_t crc = ~seed;
#if defined(__SSE4_2__)
  uint64_t c = crc;
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    c = _mm_crc32_u64(c, w);
    p += 8;
    n -= 8;
  }
  crc = static_cast<uint32_t>(c);
  while (n-- > 0) crc = _mm_crc32_u8(crc, *p++);
#else
  const auto& t = kCrcTables.t;
  while (n >= 8) {
    uint32_t lo;
    uint32_t hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + 4, 4);
    lo ^= crc;  // little-endian load, as the reflected algorithm reads bytes
    crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^ t[3][hi & 0xff] ^
          t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) crc = (crc >> 8) ^ t[0][(crc ^ *p++) & 0xff];
#endif
  return ~crc;
}

}  // namespace spate
