#include "spate/io/parquet_compression.h"

#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>

#include "spate/common/strings.h"

namespace spate::parquet {

namespace {

Status corrupt(std::string_view codec, std::string_view why) {
  return Status::IOError("Parquet page does not decompress as {}: {}", codec, why);
}

Result<std::string> gzipCompress(std::string_view input) {
  z_stream z{};
  // 15 + 16: a gzip header and trailer, as Parquet's GZIP codec has them.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::IOError("zlib cannot start compressing");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(input.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  z.avail_in = static_cast<uInt>(input.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return Status::IOError("zlib cannot compress a page");
  out.resize(z.total_out);
  return out;
}

Result<std::string> gzipDecompress(std::string_view input, std::string& out) {
  z_stream z{};
  // 15 + 32: gzip or zlib headers, detected.
  if (inflateInit2(&z, 15 + 32) != Z_OK) return corrupt("GZIP", "zlib cannot start");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  z.avail_in = static_cast<uInt>(input.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  size_t produced = z.total_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return corrupt("GZIP", z.msg ? z.msg : "the data ends early or is longer than the page");
  if (produced != out.size()) return corrupt("GZIP", "the page is shorter than its header says");
  return std::move(out);
}

// Hadoop's LZ4 framing (the deprecated LZ4 codec): blocks of a big-endian
// uncompressed and compressed length, then an LZ4 block.
bool hadoopLz4Decompress(std::string_view input, std::string& out) {
  size_t in = 0, produced = 0;
  auto be32 = [&](size_t at) {
    const auto* p = reinterpret_cast<const uint8_t*>(input.data()) + at;
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
  };
  while (in < input.size()) {
    if (input.size() - in < 8) return false;
    uint32_t raw = be32(in), packed = be32(in + 4);
    in += 8;
    if (packed > input.size() - in || raw > out.size() - produced) return false;
    int n = LZ4_decompress_safe(input.data() + in, out.data() + produced, static_cast<int>(packed),
                                static_cast<int>(raw));
    if (n < 0 || static_cast<uint32_t>(n) != raw) return false;
    in += packed;
    produced += raw;
  }
  return produced == out.size();
}

}  // namespace

Result<Codec> codecByName(std::string_view name) {
  std::string lower = toLower(std::string(name));
  if (lower == "none" || lower == "uncompressed") return Codec::kUncompressed;
  if (lower == "snappy") return Codec::kSnappy;
  if (lower == "gzip") return Codec::kGzip;
  if (lower == "lz4" || lower == "lz4_raw") return Codec::kLz4Raw;
  if (lower == "zstd") return Codec::kZstd;
  return Status::Invalid("Codec [{}] is not available. Available codecs are uncompressed, snappy, gzip, lz4, zstd, none.",
                         name);
}

Result<std::string> compress(Codec codec, std::string_view input) {
  std::string out;
  SPATE_RETURN_IF_ERROR(compressInto(codec, input, out));
  return out;
}

Status compressInto(Codec codec, std::string_view input, std::string& out) {
  switch (codec) {
    case Codec::kUncompressed: out.assign(input); return Status::OK();
    case Codec::kSnappy: {
      out.resize(snappy::MaxCompressedLength(input.size()));
      size_t n = 0;
      snappy::RawCompress(input.data(), input.size(), out.data(), &n);
      out.resize(n);
      return Status::OK();
    }
    case Codec::kGzip: {
      SPATE_ASSIGN_OR_RETURN(out, gzipCompress(input));
      return Status::OK();
    }
    case Codec::kZstd: {
      out.resize(ZSTD_compressBound(input.size()));
      size_t n = ZSTD_compress(out.data(), out.size(), input.data(), input.size(), ZSTD_CLEVEL_DEFAULT);
      if (ZSTD_isError(n)) return Status::IOError("zstd cannot compress a page: {}", ZSTD_getErrorName(n));
      out.resize(n);
      return Status::OK();
    }
    case Codec::kLz4Raw: {
      out.resize(static_cast<size_t>(LZ4_compressBound(static_cast<int>(input.size()))));
      int n = LZ4_compress_default(input.data(), out.data(), static_cast<int>(input.size()),
                                   static_cast<int>(out.size()));
      if (n <= 0) return Status::IOError("lz4 cannot compress a page");
      out.resize(static_cast<size_t>(n));
      return Status::OK();
    }
    default: break;
  }
  return Status::NotImplemented("Parquet codec {} is not written by spate", static_cast<int>(codec));
}

namespace {

// Whether a page header's uncompressed size could be true of input, given the codec's
// largest expansion: a lying header must not make the reader allocate gigabytes.
bool plausibleSize(int64_t uncompressedSize, size_t inputSize, int64_t maxRatio) {
  return uncompressedSize <= static_cast<int64_t>(inputSize) * maxRatio + 4096;
}

}  // namespace

Result<std::string> decompress(Codec codec, std::string_view input, int64_t uncompressedSize) {
  if (uncompressedSize < 0) return Status::IOError("Parquet page of negative size {}", uncompressedSize);
  switch (codec) {
    case Codec::kUncompressed:
      if (input.size() != static_cast<size_t>(uncompressedSize)) {
        return corrupt("UNCOMPRESSED", "its size differs from the header's");
      }
      return std::string(input);
    case Codec::kSnappy: {
      size_t length = 0;
      if (!snappy::GetUncompressedLength(input.data(), input.size(), &length) ||
          length != static_cast<size_t>(uncompressedSize)) {
        return corrupt("SNAPPY", "its length differs from the header's");
      }
      break;
    }
    case Codec::kZstd: {
      unsigned long long size = ZSTD_getFrameContentSize(input.data(), input.size());
      if (size == ZSTD_CONTENTSIZE_ERROR) return corrupt("ZSTD", "no zstd frame");
      bool known = size != ZSTD_CONTENTSIZE_UNKNOWN;
      if (known ? size != static_cast<unsigned long long>(uncompressedSize)
                : !plausibleSize(uncompressedSize, input.size(), 1 << 17)) {
        return corrupt("ZSTD", "its length differs from the header's");
      }
      break;
    }
    // Deflate expands at most 1032 times, an LZ4 block at most 255 times.
    case Codec::kGzip:
      if (!plausibleSize(uncompressedSize, input.size(), 1032)) return corrupt("GZIP", "the header's size is too big");
      break;
    case Codec::kLz4Raw:
    case Codec::kLz4:
      if (!plausibleSize(uncompressedSize, input.size(), 255)) return corrupt("LZ4", "the header's size is too big");
      break;
    default: return Status::NotImplemented("Parquet codec {} (LZO, BROTLI) is not supported", static_cast<int>(codec));
  }
  std::string out(static_cast<size_t>(uncompressedSize), '\0');
  switch (codec) {
    case Codec::kSnappy: {
      if (!snappy::RawUncompress(input.data(), input.size(), out.data())) return corrupt("SNAPPY", "bad data");
      return out;
    }
    case Codec::kGzip: return gzipDecompress(input, out);
    case Codec::kZstd: {
      size_t n = ZSTD_decompress(out.data(), out.size(), input.data(), input.size());
      if (ZSTD_isError(n)) return corrupt("ZSTD", ZSTD_getErrorName(n));
      if (n != out.size()) return corrupt("ZSTD", "the page is shorter than its header says");
      return out;
    }
    case Codec::kLz4Raw: {
      int n = LZ4_decompress_safe(input.data(), out.data(), static_cast<int>(input.size()),
                                  static_cast<int>(out.size()));
      if (n < 0 || static_cast<size_t>(n) != out.size()) return corrupt("LZ4_RAW", "bad data");
      return out;
    }
    case Codec::kLz4: {
      // Writers disagree on this codec: Hadoop's framing first, then a bare block.
      if (hadoopLz4Decompress(input, out)) return out;
      int n = LZ4_decompress_safe(input.data(), out.data(), static_cast<int>(input.size()),
                                  static_cast<int>(out.size()));
      if (n < 0 || static_cast<size_t>(n) != out.size()) return corrupt("LZ4", "bad data");
      return out;
    }
    default: break;
  }
  return Status::NotImplemented("Parquet codec {} (LZO, BROTLI) is not supported", static_cast<int>(codec));
}

}  // namespace spate::parquet
