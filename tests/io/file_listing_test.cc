#include "spate/io/file_listing.h"

#include <gtest/gtest.h>

#include "io_test_util.h"

namespace spate {
namespace {

using testing::TempDir;

TEST(IoFileListing, SingleFile) {
  TempDir dir;
  std::string f = dir.write("a.csv", "x\n");
  auto files = listDataFiles(f);
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(*files, std::vector<std::string>{f});
  auto viaUri = listDataFiles("file:" + f);
  ASSERT_TRUE(viaUri.ok());
  EXPECT_EQ(*viaUri, std::vector<std::string>{f});
}

TEST(IoFileListing, DirectorySkipsHiddenAndSorts) {
  TempDir dir;
  dir.write("b.csv", "");
  dir.write("a.csv", "");
  dir.write("_SUCCESS", "");
  dir.write(".part-0.csv.tmp", "");
  dir.write("sub/ignored.csv", "");
  dir.write("year=2024/c.csv", "");
  dir.write("year=2024/month=1/d.csv", "");
  auto files = listDataFiles(dir.path());
  ASSERT_TRUE(files.ok()) << files.status().message();
  std::vector<std::string> expected = {dir.file("a.csv"), dir.file("b.csv"), dir.file("year=2024/c.csv"),
                                       dir.file("year=2024/month=1/d.csv")};
  EXPECT_EQ(*files, expected);
  auto trailing = listDataFiles(dir.path() + "/");
  ASSERT_TRUE(trailing.ok());
  EXPECT_EQ(*trailing, expected);
}

TEST(IoFileListing, Glob) {
  TempDir dir;
  dir.write("x1.json", "");
  dir.write("x2.json", "");
  dir.write("y.csv", "");
  auto files = listDataFiles(dir.path() + "/*.json");
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(*files, (std::vector<std::string>{dir.file("x1.json"), dir.file("x2.json")}));
  auto braces = listDataFiles(dir.path() + "/{x1.json,y.csv}");
  ASSERT_TRUE(braces.ok());
  EXPECT_EQ(*braces, (std::vector<std::string>{dir.file("x1.json"), dir.file("y.csv")}));
}

TEST(IoFileListing, MissingPath) {
  TempDir dir;
  auto r = listDataFiles(dir.file("nope.csv"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAnalysisError);
  EXPECT_EQ(r.status().message(), "Path does not exist: file:" + dir.file("nope.csv"));
  auto g = listDataFiles(dir.path() + "/*.parquet");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), "Path does not exist: file:" + dir.path() + "/*.parquet");
}

TEST(IoFileListing, EmptyDirectoryHasNoFiles) {
  TempDir dir;
  dir.write("_SUCCESS", "");
  auto r = listDataFiles(dir.path());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(IoFileFormat, FindFormat) {
  EXPECT_EQ(findFileFormat("CSV").value()->name(), "csv");
  EXPECT_EQ(findFileFormat("json").value()->extension(), ".json");
  EXPECT_EQ(findFileFormat("Text").value()->name(), "text");
  EXPECT_EQ(findFileFormat("Parquet").value()->extension(), ".parquet");
  auto r = findFileFormat("orc");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Unknown data source format 'orc'. Known formats: csv, json, text, parquet");
}

}  // namespace
}  // namespace spate
