#pragma once

// The Parquet files under tests/data/parquet (written by pyarrow, see
// make_fixtures.py): their bytes and their footer.

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "spate/io/parquet_metadata.h"

namespace spate::testing {

// The bytes of tests/data/parquet/<name>; tests run from the repository root.
inline std::string parquetFixture(const std::string& name) {
  std::ifstream in("tests/data/parquet/" + name, std::ios::binary);
  EXPECT_TRUE(in) << "tests/data/parquet/" << name << " (run from the repository root)";
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The footer: the metadata before the last 8 bytes (its length, then "PAR1").
inline Result<parquet::FileMetaData> parquetFooter(const std::string& file) {
  if (file.size() < 12) return Status::IOError("not a Parquet file");
  uint32_t length;
  std::memcpy(&length, file.data() + file.size() - 8, 4);
  if (length > file.size() - 12) return Status::IOError("footer length {} exceeds the file", length);
  return parquet::readFileMetaData(std::string_view(file).substr(file.size() - 8 - length, length));
}

}  // namespace spate::testing
