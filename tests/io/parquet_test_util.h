#pragma once

// The Parquet files under tests/data/parquet (written by pyarrow, see
// make_fixtures.py): their bytes and their footer.

#include <gtest/gtest.h>

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

inline Result<parquet::FileMetaData> parquetFooter(const std::string& file) { return parquet::readFooter(file); }

}  // namespace spate::testing
