#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spate/columnar/builder.h"
#include "spate/columnar/column.h"
#include "spate/common/status.h"

namespace spate {

// The byte form of a row of typed columns, for state store keys and values. Every field
// is a flag byte (0 null, 1 valid) followed, when valid, by:
//   boolean                          1 byte, 0 or 1
//   byte/short/int/date/long/        the value, little-endian, 1/2/4/4/8 bytes
//     timestamp/interval
//   float/double                     4/8 bytes, normalized as Spark's grouping does:
//                                    every NaN the canonical NaN, -0.0 as 0.0
//   decimal                          the 16-byte unscaled value
//   string/binary                    u32 length, the bytes
//   array                            u32 count, count fields of the element type
//   map                              u32 count, count (key field, value field) pairs
//   struct                           one field per struct field
//   null type                        (always the null flag)
// The encoding is prefix-free and canonical for the types, so two rows are equal
// (floats normalized) iff their encodings are equal bytes: an encoded key can be hashed
// and compared as bytes. It is not order-preserving.
class RowEncoder {
 public:
  explicit RowEncoder(std::vector<TypePtr> types);

  const std::vector<TypePtr>& types() const { return types_; }

  // Appends the encoding of row `row` of `columns` (one per type; constant columns
  // allowed) to out.
  void append(const std::vector<ColumnPtr>& columns, int64_t row, std::string& out) const;

  // Encodes rows [0, n) into one arena, a column at a time; key(i) views row i until the
  // next encodeAll.
  void encodeAll(const std::vector<ColumnPtr>& columns, int64_t n);
  int64_t size() const { return static_cast<int64_t>(offsets_.size()) - 1; }
  std::string_view key(int64_t i) const {
    auto b = static_cast<size_t>(offsets_[static_cast<size_t>(i)]);
    auto e = static_cast<size_t>(offsets_[static_cast<size_t>(i) + 1]);
    return {arena_.data() + b, e - b};
  }

 private:
  std::vector<TypePtr> types_;
  std::string arena_;
  std::vector<int64_t> offsets_{0};
  std::vector<int64_t> cursor_;
  std::string constant_;  // a constant column's one encoding, repeated per row
};

// Decodes what RowEncoder wrote back into columns.
class RowDecoder {
 public:
  explicit RowDecoder(std::vector<TypePtr> types);

  // Appends one decoded row read from the front of bytes and returns the bytes it used,
  // so a value can follow the key in one buffer. Truncated or corrupt bytes give an
  // error (and append nothing), never a crash or a read past the end.
  Result<size_t> append(std::string_view bytes);
  int64_t numRows() const { return rows_; }
  // The columns of every row appended since the last finish().
  std::vector<ColumnPtr> finish();

 private:
  std::vector<TypePtr> types_;
  std::vector<ColumnBuilder> builders_;
  int64_t rows_ = 0;
};

}  // namespace spate
