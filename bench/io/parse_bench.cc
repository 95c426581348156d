// Single-threaded throughput of the CSV and JSON-lines readers: generates ~200 MB of
// (id bigint, ts timestamp, name string, value double, flag boolean) rows in /tmp in
// each format, reads them back with the readers and prints MB/s, rows/s and peak RSS.
//
//   parse_bench [megabytes]    (default 200; the files are kept and reused)

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "bench/bench_util.h"
#include "spate/io/file_format.h"

namespace {

using spate::BatchPtr;
using spate::FileFormat;

// CPU time of this thread: the machine may be shared, so wall time overstates the cost.
double cpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Appends row i in the format's text.
void appendRow(std::string& out, int64_t i, bool json) {
  int64_t secs = 1704164645 + i * 7;
  int64_t days = secs / 86400, rem = secs % 86400;
  // 2024-01-02 plus a few days; a plain civil conversion is enough for the bench.
  int64_t day = 2 + days - 19724;
  int month = 1 + static_cast<int>((day - 1) / 28 % 12);
  int dom = 1 + static_cast<int>((day - 1) % 28);
  std::string ts = fmt::format("2024-{:02d}-{:02d} {:02d}:{:02d}:{:02d}.{:03d}", month, dom, rem / 3600, rem / 60 % 60,
                               rem % 60, i % 1000);
  double value = static_cast<double>(i % 100000) * 0.37;
  bool flag = i % 3 == 0;
  if (json) {
    fmt::format_to(std::back_inserter(out), "{{\"id\":{},\"ts\":\"{}\",\"name\":\"name_{}\",\"value\":{},\"flag\":{}}}\n",
                   i, ts, i % 1000, value, flag);
  } else {
    fmt::format_to(std::back_inserter(out), "{},{},name_{},{},{}\n", i, ts, i % 1000, value, flag);
  }
}

std::string ensureFile(const std::string& path, int64_t bytes, bool json) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) >= static_cast<uint64_t>(bytes)) {
    return path;
  }
  std::ofstream out(path, std::ios::binary);
  std::string buf;
  int64_t written = 0;
  if (!json) {
    buf = "id,ts,name,value,flag\n";
  }
  for (int64_t i = 0; written + static_cast<int64_t>(buf.size()) < bytes; ++i) {
    appendRow(buf, i, json);
    if (buf.size() > (1 << 20)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      written += static_cast<int64_t>(buf.size());
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  return path;
}

void run(const char* name, const std::string& path, const spate::Options& options) {
  const FileFormat* format = spate::findFileFormat(name).value();
  auto schema = std::make_shared<const spate::Schema>(
      spate::Schema::fromDDL("id BIGINT, ts TIMESTAMP, name STRING, value DOUBLE, flag BOOLEAN").value());
  double mb = static_cast<double>(std::filesystem::file_size(path)) / (1 << 20);
  auto start = std::chrono::steady_clock::now();
  double cpu0 = cpuSeconds();
  auto batches = format->readFile(path, schema, options);
  double cpu = cpuSeconds() - cpu0;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!batches.ok()) {
    std::cerr << name << ": " << batches.status().toString() << "\n";
    std::exit(1);
  }
  int64_t rows = 0, nulls = 0;
  for (const BatchPtr& b : *batches) {
    rows += b->numRows();
    for (const auto& c : b->columns()) nulls += c->nullCount();
  }
  fmt::print(
      "{:<5} read  {:6.1f} MB: {:6.1f} MB/s, {:5.2f} M rows/s per CPU second ({:.3f} s CPU, {:.3f} s wall); "
      "{} rows, {} nulls; peak RSS {} MB\n",
      name, mb, mb / cpu, static_cast<double>(rows) / cpu / 1e6, cpu, secs, rows, nulls, spate::bench::peakRssBytes() / 1048576);
  batches = std::vector<BatchPtr>{};
  cpu0 = cpuSeconds();
  auto inferred = format->inferSchema({path}, options);
  cpu = cpuSeconds() - cpu0;
  fmt::print("{:<5} infer {:6.1f} MB: {:6.1f} MB/s per CPU second -> {}\n", name, mb, mb / cpu,
             inferred.ok() ? inferred->ddl() : inferred.status().toString());
}

}  // namespace

int main(int argc, char** argv) {
  int64_t mb = argc > 1 ? std::atoll(argv[1]) : 200;
  int64_t bytes = mb << 20;
  std::string csv = ensureFile(fmt::format("/tmp/spate_parse_bench_{}mb.csv", mb), bytes, false);
  std::string json = ensureFile(fmt::format("/tmp/spate_parse_bench_{}mb.json", mb), bytes, true);
  run("csv", csv, {{"header", "true"}, {"inferSchema", "true"}});
  run("json", json, {});
  return 0;
}
