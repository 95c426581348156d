#pragma once

// Private to the JSON record decoder (json_dom.cc, json_text_decode.cc): where each
// field of the read schema collects its rows.

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spate/io/json_dom.h"

namespace spate {

// One column at any depth of the schema, with one entry per row.
struct JsonRecordDecoder::Slot {
  TypeId kind = TypeId::kNull;
  int width = 0;  // bytes per row in values: booleans take a byte each until they are packed
  TypePtr type;
  std::string path;  // "bid.price", for errors
  int structIndex = -1;  // a struct: its fields in structs_
  bool scalar = false;  // not a struct, array or map: a record's first value of it needs no call
  std::vector<uint8_t> valid;  // per row: 1 when the row holds a value
  BufferPtr values = allocateBuffer(0);  // fixed width: the values; string, binary: the offsets
  BufferPtr data;  // string, binary: the bytes
  int64_t filled = 0;  // string, binary: the rows whose end offset is written
  int64_t lastBytes = 0;  // string, binary: the previous batch's bytes, room made at once
  DateTimeCodec::TimestampCache day;  // timestamp
  std::optional<ColumnBuilder> nested;  // array, map: the rows kept so far
  JsonElement pending;  // array, map: the current row's value

  template <typename T>
  void put(int64_t row, T v) {
    std::memcpy(values->data() + row * static_cast<int64_t>(sizeof(T)), &v, sizeof(T));
  }
  // Writes the end offsets of the rows before `row`, all of whose bytes are in data.
  void fillOffsets(int64_t row) {
    auto* off = values->as<int32_t>();
    auto end = static_cast<int32_t>(data->size());
    while (filled < row) off[++filled] = end;
  }
};

// Whether the size bytes at text equal those of padded, 8 at a time; padded is
// zero-filled to a multiple of 8, and up to 7 bytes past text's are read.
inline bool equalWords(const char* padded, const char* text, size_t size) {
  size_t i = 0;
  uint64_t a, b;
  for (; i + 8 <= size; i += 8) {
    std::memcpy(&a, padded + i, 8);
    std::memcpy(&b, text + i, 8);
    if (a != b) return false;
  }
  if (i == size) return true;
  std::memcpy(&a, padded + i, 8);
  std::memcpy(&b, text + i, 8);
  return ((a ^ b) & (~uint64_t{0} >> (8 * (8 - (size - i))))) == 0;
}

// A field name to match keys against 8 bytes at a time.
struct KeyName {
  std::string padded;  // the name, zero-padded to a multiple of 8
  size_t size = 0;
  // "name": as a compact record spells the key, padded likewise; empty when the name
  // has bytes that a key spells otherwise, or that cannot appear in a key unescaped.
  std::string quoted;

  explicit KeyName(const std::string& name) : padded(name), size(name.size()) {
    padded.resize((size + 7) / 8 * 8, '\0');
    if (std::all_of(name.begin(), name.end(), [](char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; })) {
      quoted = '"' + name + "\":";
      quoted.resize((size + 10) / 8 * 8, '\0');
    }
  }
  // key points into simdjson's string buffer or into a record's text, both of which
  // have room to read 8 bytes from any string in them (padding past the last).
  bool matches(std::string_view key) const { return key.size() == size && equalWords(padded.data(), key.data(), size); }
  // Whether the record's text at p, which ends at end and has padding past it, starts
  // with this key and its colon.
  bool quotedAt(const char* p, const char* end) const {
    return !quoted.empty() && static_cast<size_t>(end - p) >= size + 3 && equalWords(quoted.data(), p, size + 3);
  }
};

struct JsonRecordDecoder::Struct {
  std::vector<KeyName> names;
  std::vector<TypePtr> types;
  std::vector<int> slots;  // per field: its slot, or -1 when not read
  std::vector<Slot*> fieldSlots;  // the slots' addresses, once every slot is made (null when not read)
  size_t hint = 0;  // objects usually repeat the schema's order: look from after the last match

  // The field whose key (and colon) the text at p starts with, when it is the one
  // after the last match (p then passes them); else names.size().
  size_t expected(const char*& p, const char* end) {
    const size_t n = names.size();
    if (n == 0 || !names[hint].quotedAt(p, end)) return n;
    const size_t i = hint;
    p += names[i].size + 3;
    hint = i + 1 == n ? 0 : i + 1;
    return i;
  }
  // The field named key, or names.size().
  size_t find(std::string_view key) {
    const size_t n = names.size();
    for (size_t k = 0, i = hint; k < n; ++k) {
      if (names[i].matches(key)) {
        hint = i + 1 == n ? 0 : i + 1;
        return i;
      }
      if (++i == n) i = 0;
    }
    return n;
  }
};

}  // namespace spate
