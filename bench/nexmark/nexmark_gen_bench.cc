// How fast the Nexmark generator makes events: alone on one thread, then as the source of
// a streaming pass-through (q0) into the noop sink with 1 and 2 partitions. Events/s of
// wall time and per CPU-second, bytes of column data per event, peak RSS.
// Usage: nexmark_gen_bench [events]

#include <ctime>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "bench/bench_util.h"
#include "spate/connectors/nexmark_generator.h"
#include "spate/io/file_format.h"
#include "spate/session/data_stream_writer.h"
#include "spate/session/session.h"

namespace {

double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void report(const char* what, int64_t events, double wall, double cpu) {
  std::printf("%s: %lld events in %.2f s wall, %.2f s CPU: %.2f M events/s, %.2f M events per CPU-second\n", what,
              static_cast<long long>(events), wall, cpu, static_cast<double>(events) / wall / 1e6,
              static_cast<double>(events) / cpu / 1e6);
}

// spark.readStream.format("nexmark") -> noop, every event read once (availableNow).
void streamToNoop(const std::shared_ptr<spate::sql::Session>& session, int64_t events, int partitions) {
  auto df = session->readStream()
                .format("nexmark")
                .option("events", std::to_string(events))
                .option("maxEventsPerTrigger", "250000")
                .option("partitions", std::to_string(partitions))
                .load();
  const double cpu0 = cpuSeconds();
  const auto wall0 = std::chrono::steady_clock::now();
  auto query = df.writeStream().format("noop").trigger(spate::sql::Trigger::availableNow()).start();
  query.awaitTermination();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const std::string what = "stream to noop, " + std::to_string(partitions) + " partition(s)";
  report(what.c_str(), events, wall, cpuSeconds() - cpu0);
}

}  // namespace

int main(int argc, char** argv) {
  using spate::connectors::NexmarkConfig;
  using spate::connectors::NexmarkGenerator;
  const int64_t events = argc > 1 ? std::atoll(argv[1]) : 20000000;
  if (events <= 0) {
    std::fprintf(stderr, "usage: nexmark_gen_bench [events > 0]\n");
    return 2;
  }
  NexmarkGenerator generator{NexmarkConfig{}};
  const double cpu0 = cpuSeconds();
  const auto wall0 = std::chrono::steady_clock::now();
  int64_t bytes = 0;
  int64_t checksum = 0;
  for (int64_t at = 0; at < events; at += spate::FileFormat::kBatchRows) {
    spate::BatchPtr batch = generator.generate(at, std::min(events, at + spate::FileFormat::kBatchRows));
    bytes += batch->memoryBytes();
    checksum += batch->column(4)->valueAt<int64_t>(batch->numRows() - 1);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const double cpu = cpuSeconds() - cpu0;
  report("generator, one thread", events, wall, cpu);
  std::printf("  %.0f bytes of columns per event (checksum %lld)\n",
              static_cast<double>(bytes) / static_cast<double>(events), static_cast<long long>(checksum));
  auto session = spate::sql::Session::builder().appName("nexmark_gen_bench").getOrCreate();
  streamToNoop(session, events, 1);
  streamToNoop(session, events, 2);
  std::printf("peak RSS %.1f MB\n", static_cast<double>(spate::bench::peakRssBytes()) / 1e6);
  return 0;
}
