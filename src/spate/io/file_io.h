#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "spate/columnar/buffer.h"
#include "spate/common/status.h"
#include "spate/io/options.h"

namespace spate {

// Reads a file in large chunks, keeping the unconsumed tail of the previous chunk in
// front of the next one so a record never has to be split. The buffer is followed by
// kPadding readable bytes (simdjson needs them; scanners use one as a sentinel).
class ChunkReader {
 public:
  static constexpr size_t kPadding = 64;
  static constexpr size_t kDefaultChunk = 8 << 20;

  explicit ChunkReader(std::string path, size_t chunkSize = kDefaultChunk);
  ~ChunkReader();
  ChunkReader(const ChunkReader&) = delete;
  ChunkReader& operator=(const ChunkReader&) = delete;

  Status open();
  // Drops the first `consumed` bytes of the window and reads more after what is left.
  // The window grows when nothing was consumed (one record longer than a chunk).
  Status advance(size_t consumed);

  const char* data() const { return reinterpret_cast<const char*>(buf_->data()); }
  char* mutableData() { return reinterpret_cast<char*>(buf_->data()); }
  size_t size() const { return size_; }
  bool eof() const { return eof_; }
  // Bytes of the file before the window, for offsets in messages.
  int64_t windowOffset() const { return windowOffset_; }

 private:
  std::string path_;
  size_t chunkSize_;
  void reserve(size_t bytes);  // keeps the window; bytes excludes the padding

  FILE* file_ = nullptr;
  BufferPtr buf_;  // capacity_ + kPadding bytes, not zero-filled (a Buffer: recycled across files)
  size_t capacity_ = 0;
  size_t size_ = 0;
  bool eof_ = false;
  int64_t windowOffset_ = 0;
};

// A file read at chosen offsets (pread), for formats that jump around their files
// (Parquet's footer, then only the column chunks a query needs).
class RandomAccessFile {
 public:
  static Result<std::unique_ptr<RandomAccessFile>> open(const std::string& path);
  ~RandomAccessFile();
  RandomAccessFile(const RandomAccessFile&) = delete;
  RandomAccessFile& operator=(const RandomAccessFile&) = delete;

  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }
  // The length bytes at offset into out (resized); an error when the file is shorter.
  Status read(uint64_t offset, uint64_t length, std::string& out) const;

 private:
  RandomAccessFile(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_;
  uint64_t size_;
};

// The whole file as a string (small files, wholetext, tests).
Result<std::string> readWholeFile(const std::string& path);

// Writes a part file under a hidden temp name in its directory, then renames it into
// place on commit(), so readers listing the directory never see a partial file.
class AtomicFileWriter {
 public:
  AtomicFileWriter() = default;
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // Creates dir if needed and opens "<dir>/.<name>.tmp".
  Status open(const std::string& dir, const std::string& name);
  // Buffered: flushes when the buffer passes a few MB.
  std::string& buffer() { return buf_; }
  Status flushIfLarge();
  Status commit();
  const std::string& finalPath() const { return final_; }

 private:
  Status flush();

  FILE* file_ = nullptr;
  std::string tmp_;
  std::string final_;
  std::string buf_;
};

// Finds the line starting at p in [p, end): lineEnd is where it ends and next where
// the following one starts. sep is the line separator; empty means "\n", "\r\n" or
// "\r". False when the line may continue past end and the input is not at EOF.
bool findLineEnd(const char* p, const char* end, bool atEof, const std::string& sep, const char*& lineEnd,
                 const char*& next);

// "<prefix>-<uuid><ext>", prefix "part-00000" when empty.
std::string partFileName(const std::string& prefix, std::string_view extension);

// The "compression" (or "codec") write option: only none/uncompressed are supported.
Status checkNoCompression(const Options& options);

}  // namespace spate
