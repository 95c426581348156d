// libFuzzer target for the Parquet reader: each input is a whole file, read through
// the same path as spark.read.parquet (footer, schema, every column chunk, nested
// assembly). Any outcome but an error or a result is a bug: a crash, a sanitizer
// report, a hang or runaway memory. Built and run by scripts/fuzz.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "spate/io/file_format.h"

namespace {

std::string scratchPath() {
  // tmpfs when there is one: the file is rewritten for every input.
  const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  return std::string(dir) + "/spate-parquet-fuzz-" + std::to_string(getpid()) + ".parquet";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = scratchPath();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  auto format = spate::findFileFormat("parquet");
  spate::Options options;
  auto schema = (*format)->inferSchema({path}, options);
  if (!schema.ok()) return 0;
  auto ptr = std::make_shared<spate::Schema>(*schema);
  auto stream = (*format)->openFile(path, ptr, options, spate::ScanRequest{});
  if (!stream.ok()) return 0;
  while (true) {
    auto batch = (*stream)->next();
    if (!batch.ok() || !*batch) break;
    // Touch every row so a wrong offset or length is read, not just built.
    for (size_t c = 0; c < (*batch)->numColumns(); ++c) {
      const auto& column = (*batch)->column(c);
      for (int64_t r = 0; r < column->length(); ++r) (void)column->valueAt(r);
    }
  }
  return 0;
}
