#pragma once

// The message digests behind md5, sha1, sha2 and crc32, implemented here so spate needs
// no crypto library. One-shot functions over a byte range; no allocation.

#include <cstddef>
#include <cstdint>

namespace spate::digest {

void md5(const uint8_t* data, size_t n, uint8_t out[16]);
void sha1(const uint8_t* data, size_t n, uint8_t out[20]);
void sha224(const uint8_t* data, size_t n, uint8_t out[28]);
void sha256(const uint8_t* data, size_t n, uint8_t out[32]);
void sha384(const uint8_t* data, size_t n, uint8_t out[48]);
void sha512(const uint8_t* data, size_t n, uint8_t out[64]);
// CRC-32 (IEEE 802.3, java.util.zip.CRC32).
uint32_t crc32(const uint8_t* data, size_t n);

}  // namespace spate::digest
