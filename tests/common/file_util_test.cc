#include "spate/common/file_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace spate {
namespace {

namespace fs = std::filesystem;

class FileUtilTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() /
            ("spate_file_util_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST(FileUtilCrc32c, MatchesKnownVectors) {
  EXPECT_EQ(crc32c(""), 0u);
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);
  // RFC 3720, B.4.
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(crc32c(std::string(32, '\xff')), 0x62A8AB43u);
  std::string inc;
  for (int i = 0; i < 32; ++i) inc.push_back(static_cast<char>(i));
  EXPECT_EQ(crc32c(inc), 0x46DD794Eu);
}

TEST(FileUtilCrc32c, ChainsThroughTheSeed) {
  std::string data = "The quick brown fox jumps over the lazy dog, twice over";
  for (size_t cut = 0; cut <= data.size(); ++cut) {
    std::string_view a(data.data(), cut), b(data.data() + cut, data.size() - cut);
    EXPECT_EQ(crc32c(b, crc32c(a)), crc32c(data)) << cut;
  }
  EXPECT_NE(crc32c("abc"), crc32c("abd"));
}

TEST_F(FileUtilTest, WritesAtomicallyCreatingParents) {
  std::string path = dir_ + "/a/b/file.bin";
  ASSERT_TRUE(writeFileAtomically(path, std::string("x\0y", 3)).ok());
  auto read = readFileToString(path);
  ASSERT_TRUE(read.ok()) << read.status().toString();
  EXPECT_EQ(*read, std::string("x\0y", 3));
  // Overwrite, not durable: same result, and no temp file left beside it.
  ASSERT_TRUE(writeFileAtomically(path, "second", /*durable=*/false).ok());
  EXPECT_EQ(*readFileToString(path), "second");
  auto names = listDirectory(dir_ + "/a/b");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, std::vector<std::string>{"file.bin"});
  ASSERT_TRUE(writeFileAtomically(path, "").ok());
  EXPECT_EQ(*readFileToString(path), "");
}

TEST_F(FileUtilTest, ReadsLargeFiles) {
  std::string big(3 << 20, 'z');
  for (size_t i = 0; i < big.size(); i += 4097) big[i] = static_cast<char>(i);
  ASSERT_TRUE(writeFileAtomically(dir_ + "/big", big, false).ok());
  auto read = readFileToString(dir_ + "/big");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, big);
}

TEST_F(FileUtilTest, ErrorsNameThePath) {
  auto missing = readFileToString(dir_ + "/nope.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kIOError);
  EXPECT_NE(missing.status().message().find(dir_ + "/nope.txt"), std::string::npos);
  EXPECT_NE(missing.status().message().find("No such file"), std::string::npos);

  // A parent that is a file cannot become a directory.
  ASSERT_TRUE(writeFileAtomically(dir_ + "/plain", "x").ok());
  Status st = writeFileAtomically(dir_ + "/plain/child", "y");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find(dir_ + "/plain"), std::string::npos);
  EXPECT_FALSE(ensureDirectory(dir_ + "/plain").ok());

  auto dirRead = readFileToString(dir_);
  EXPECT_FALSE(dirRead.ok());
}

TEST_F(FileUtilTest, ListsDirectoriesSorted) {
  auto none = listDirectory(dir_ + "/absent");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  ASSERT_TRUE(ensureDirectory(dir_ + "/d/sub").ok());
  ASSERT_TRUE(ensureDirectory(dir_ + "/d/sub").ok());  // already there: fine
  for (const char* name : {"10.delta", "2.delta", "1.snapshot"}) {
    ASSERT_TRUE(writeFileAtomically(dir_ + "/d/" + name, name, false).ok());
  }
  auto names = listDirectory(dir_ + "/d");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"1.snapshot", "10.delta", "2.delta", "sub"}));
  EXPECT_FALSE(listDirectory(dir_ + "/d/10.delta").ok());
}

}  // namespace
}  // namespace spate
