#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spate/common/status.h"

namespace spate {

// Writes path atomically: a temp file beside it, fsync (when durable), rename over
// path, fsync of the directory (when durable). Readers see the old file or the whole
// new one, never a prefix. Creates parent directories. Errors name the path and the
// errno text.
Status writeFileAtomically(const std::string& path, std::string_view contents, bool durable = true);

// Creates path with contents, all at once, only when nothing exists under that name:
// written to a temp file, then linked into place (link(2) fails when the name is taken,
// so of two processes creating one path exactly one succeeds). false when path existed.
Result<bool> createFileExclusively(const std::string& path, std::string_view contents, bool durable = true);

// The whole file; an IOError naming path.
Result<std::string> readFileToString(const std::string& path);

// Creates path and its missing parents; OK when it already is a directory.
Status ensureDirectory(const std::string& path);

// Names (not paths) of the entries of a directory, sorted; empty when the directory
// doesn't exist.
Result<std::vector<std::string>> listDirectory(const std::string& path);

// CRC-32C (Castagnoli), as iSCSI, ext4 and RocksDB use it. seed is a previous result,
// so crc32c(b, crc32c(a)) == crc32c(a + b).
uint32_t crc32c(std::string_view data, uint32_t seed = 0);

}  // namespace spate
