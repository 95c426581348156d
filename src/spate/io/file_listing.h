#pragma once

#include <string>
#include <vector>

#include "spate/common/status.h"

namespace spate {

// The data files a path names, as Spark lists them for a file source, sorted by path:
//  - a file: itself;
//  - a directory: its files, skipping hidden names (starting with '_' or '.', such as
//    _SUCCESS and in-progress temp files), descending into partition directories
//    named key=value; other subdirectories are not read;
//  - a directory a file sink writes to (it holds _spate_metadata/): exactly the files
//    its manifest records (sink_manifest.h), so part files of a batch that failed
//    before its commit stay invisible; a malformed manifest entry is an error naming
//    its file;
//  - a glob pattern (* ? [..] {a,b}): the matching files, and the files of matching
//    directories as above; inside a file sink's output only committed files match.
//  - a partition folder inside a file sink's output (out/a=1): its committed files.
// "file:" URIs are accepted. A missing path is an error: "Path does not exist: file:/abs".
Result<std::vector<std::string>> listDataFiles(const std::string& path);

// listDataFiles with the folders partition discovery starts from (Spark's root paths):
// each directory the path names (or a glob matches), and the folder of each named file.
struct ListedFiles {
  std::vector<std::string> files;
  std::vector<std::string> roots;
};
Result<ListedFiles> listDataFilesWithRoots(const std::string& path);

// The absolute form of path ("file:" stripped, made absolute against the working directory).
std::string absolutePath(const std::string& path);

}  // namespace spate
