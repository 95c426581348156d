// Core engine benchmark: filter + projection and group-by sum over generated in-memory
// data, one thread. Prints one JSON object per query (rows/s per core, peak RSS,
// checksum) so bench/compare_duckdb.py can set it beside DuckDB on the same data.
//
// Data (the same formulas run in DuckDB): for i in [0, rows):
//   a = (i * 7919) % 1000003, b = (i % 1000) * 0.25,
//   k1k = (i * 2654435761) % 1000, k1m = (i * 2654435761) % 1000000.

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "bench/bench_util.h"
#include "spate/columnar/builder.h"
#include "spate/common/error.h"
#include "spate/exec/physical_planner.h"
#include "spate/session/functions.h"
#include "spate/session/session.h"

using namespace spate;
using namespace spate::sql;
namespace F = spate::sql::functions;

namespace {

std::vector<BatchPtr> generate(int64_t rows, const SchemaPtr& schema) {
  constexpr int64_t kBatch = 65536;
  std::vector<BatchPtr> out;
  for (int64_t start = 0; start < rows; start += kBatch) {
    int64_t n = std::min(kBatch, rows - start);
    FixedColumnBuilder<int64_t> a(DataType::long_(), n), k1k(DataType::long_(), n), k1m(DataType::long_(), n);
    FixedColumnBuilder<double> b(DataType::double_(), n);
    for (int64_t j = 0; j < n; ++j) {
      int64_t i = start + j;
      a.data()[j] = (i * 7919) % 1000003;
      b.data()[j] = static_cast<double>(i % 1000) * 0.25;
      k1k.data()[j] = (i * 2654435761LL) % 1000;
      k1m.data()[j] = (i * 2654435761LL) % 1000000;
    }
    out.push_back(std::make_shared<Batch>(schema, std::vector<ColumnPtr>{a.finish(), b.finish(), k1k.finish(), k1m.finish()}, n));
  }
  return out;
}

// Runs the plan, summing the last column (and counting rows) as the checksum.
void run(const char* name, const DataFrame& df, int64_t inputRows) {
  auto start = std::chrono::steady_clock::now();
  exec::ExecContext ctx;
  auto stream = valueOrThrow(exec::buildStream(df.logicalPlan(), ctx));
  int64_t outRows = 0;
  double checksum = 0;
  while (true) {
    BatchPtr batch = valueOrThrow(stream->next());
    if (!batch) break;
    outRows += batch->numRows();
    const ColumnPtr& c = batch->column(batch->numColumns() - 1);
    const double* v = c->values<double>();
    for (int64_t i = 0; i < batch->numRows(); ++i) checksum += v[c->isConstant() ? 0 : i];
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"query\":\"%s\",\"system\":\"spate\",\"input_rows\":%lld,\"output_rows\":%lld,\"seconds\":%.4f,"
              "\"rows_per_sec_per_core\":%.0f,\"peak_rss_mb\":%.1f,\"checksum\":%.6e}\n",
              name, static_cast<long long>(inputRows), static_cast<long long>(outRows), seconds, inputRows / seconds,
              bench::peakRssBytes() / 1048576.0, checksum);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 100'000'000;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--rows") == 0) rows = std::stoll(argv[i + 1]);
  }
  auto spark = Session::builder().appName("query_bench").getOrCreate();
  auto schema = std::make_shared<Schema>(Schema::fromDDL("a BIGINT, b DOUBLE, k1k BIGINT, k1m BIGINT").value());
  DataFrame t = spark->createDataFrame(generate(rows, schema), schema);

  run("filter_project", t.filter(F::col("a") < 300000).select((F::col("a") * 2 + F::col("b")).alias("c")), rows);
  run("groupby_sum_1k", t.groupBy("k1k").agg(F::sum(F::col("b"))), rows);
  run("groupby_sum_1m", t.groupBy("k1m").agg(F::sum(F::col("b"))), rows);
  return 0;
}
