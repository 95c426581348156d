#pragma once

// Parquet's page compression codecs, with the libraries Debian packages: snappy,
// gzip (zlib), zstd, and lz4 (LZ4_RAW blocks; the deprecated LZ4 codec's Hadoop
// framing read too).

#include <string>
#include <string_view>

#include "spate/common/status.h"
#include "spate/io/parquet_metadata.h"

namespace spate::parquet {

// Spark's names for the compression option: none/uncompressed, snappy, gzip, lz4,
// zstd (case-insensitive); lz4 writes LZ4_RAW, as pyarrow does.
Result<Codec> codecByName(std::string_view name);

Result<std::string> compress(Codec codec, std::string_view input);
// The same into out, whose memory is reused: a writer compressing page after page
// does not allocate (and fault in) a fresh buffer for each.
Status compressInto(Codec codec, std::string_view input, std::string& out);

// The page's bytes; uncompressedSize is the page header's, checked against the
// result (a corrupt page is an error, never a write past the buffer).
Result<std::string> decompress(Codec codec, std::string_view input, int64_t uncompressedSize);

}  // namespace spate::parquet
