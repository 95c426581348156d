// format("nexmark") as a replayable stream and as a bounded table. The offset is the
// number of events emitted so far; every range of events is generated again the same
// way after a restart, so the stream needs no log of its own.

#include "spate/connectors/nexmark_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "spate/connectors/nexmark_generator.h"
#include "spate/connectors/source_util.h"
#include "spate/io/file_format.h"

namespace spate::connectors {

namespace {

using streaming::Offset;

constexpr int64_t kDefaultEventsPerTrigger = 250000;

std::string describeConfig(const NexmarkConfig& c) {
  return fmt::format("Nexmark[events={}, rate={}, partitions={}, seed={}]",
                     c.events < 0 ? std::string("unbounded") : std::to_string(c.events), c.eventsPerSecond,
                     c.partitions, c.seed);
}

class NexmarkStreamSource final : public streaming::Source {
 public:
  NexmarkStreamSource(NexmarkConfig config, int64_t eventsPerTrigger)
      : generator_(config), eventsPerTrigger_(eventsPerTrigger) {}

  SchemaPtr schema() const override { return nexmarkSchema(); }
  std::string describe() const override { return describeConfig(generator_.config()); }
  bool replayable() const override { return true; }

  Result<std::optional<Offset>> latestOffset(const std::optional<Offset>& start, bool applyReadLimit) override {
    int64_t from = 0;
    if (start) {
      SPATE_ASSIGN_OR_RETURN(from, parseLongOffset(*start, "nexmark"));
    }
    const int64_t total = generator_.config().events;
    // Without a read limit (Trigger.Once) a bounded stream is read to its end.
    int64_t end = (!applyReadLimit && total >= 0) ? total : from + eventsPerTrigger_;
    if (total >= 0) end = std::min(end, total);
    // Trigger.AvailableNow: the end fixed by the first call bounds every later trigger.
    if (availableNow_ && !availableNowEnd_) availableNowEnd_ = total >= 0 ? total : end;
    if (availableNowEnd_) end = std::min(end, *availableNowEnd_);
    if (end <= from) return start ? std::optional<Offset>(*start) : std::nullopt;
    return std::optional<Offset>(std::to_string(end));
  }

  // A bounded stream is read to its last event, in triggers of maxEventsPerTrigger; an
  // unbounded one stops after one trigger.
  Status prepareForAvailableNow() override {
    availableNow_ = true;
    return Status::OK();
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<Offset>& start, const Offset& end) override {
    int64_t from = 0;
    if (start) {
      SPATE_ASSIGN_OR_RETURN(from, parseLongOffset(*start, "nexmark"));
    }
    SPATE_ASSIGN_OR_RETURN(int64_t to, parseLongOffset(end, "nexmark"));
    if (from < 0 || to < from) {
      return Status::ExecutionError("nexmark source: start offset {} is after end offset {}", from, to);
    }
    return generator_.generatePartitioned(from, to, generator_.config().partitions, FileFormat::kBatchRows);
  }

 private:
  NexmarkGenerator generator_;
  int64_t eventsPerTrigger_;
  bool availableNow_ = false;
  std::optional<int64_t> availableNowEnd_;
};

class NexmarkRelation final : public streaming::SourceRelation {
 public:
  NexmarkRelation(NexmarkConfig config, int64_t eventsPerTrigger)
      : config_(config), eventsPerTrigger_(eventsPerTrigger) {}
  SchemaPtr schema() const override { return nexmarkSchema(); }
  std::string describe() const override { return describeConfig(config_); }
  Result<std::unique_ptr<streaming::Source>> createSource(const streaming::SourceContext&) const override {
    return std::unique_ptr<streaming::Source>(std::make_unique<NexmarkStreamSource>(config_, eventsPerTrigger_));
  }

 private:
  NexmarkConfig config_;
  int64_t eventsPerTrigger_;
};

// The table's events, one partition after the other, a batch at a time.
class NexmarkTableStream final : public BatchStream {
 public:
  explicit NexmarkTableStream(std::shared_ptr<const NexmarkGenerator> generator) : generator_(std::move(generator)) {}
  Result<BatchPtr> next() override {
    const NexmarkConfig& c = generator_->config();
    while (partition_ < c.partitions) {
      const auto lo = static_cast<int64_t>(static_cast<__int128>(c.events) * partition_ / c.partitions);
      const auto hi = static_cast<int64_t>(static_cast<__int128>(c.events) * (partition_ + 1) / c.partitions);
      const int64_t at = std::max(lo, next_);
      if (at < hi) {
        next_ = std::min(hi, at + FileFormat::kBatchRows);
        return generator_->generate(at, next_);
      }
      ++partition_;
    }
    return BatchPtr(nullptr);
  }

 private:
  std::shared_ptr<const NexmarkGenerator> generator_;
  int partition_ = 0;
  int64_t next_ = 0;
};

class NexmarkTableSource final : public TableSource {
 public:
  explicit NexmarkTableSource(NexmarkConfig config) : generator_(std::make_shared<const NexmarkGenerator>(config)) {}
  SchemaPtr schema() const override { return nexmarkSchema(); }
  Result<BatchStreamPtr> open() const override {
    return BatchStreamPtr(std::make_unique<NexmarkTableStream>(generator_));
  }
  std::string describe() const override { return "nexmark " + describeConfig(generator_->config()); }

 private:
  std::shared_ptr<const NexmarkGenerator> generator_;
};

}  // namespace

Result<std::shared_ptr<const streaming::SourceRelation>> makeNexmarkSource(const StreamSourceRequest& request) {
  if (request.userSchema) {
    return Status::AnalysisError("The nexmark source has a fixed schema and cannot be given one");
  }
  SPATE_ASSIGN_OR_RETURN(NexmarkConfig config, parseNexmarkOptions(request.options, false));
  // maxEventsPerTrigger is the Spark-style spelling (maxOffsetsPerTrigger, maxFilesPerTrigger).
  const char* key = request.options.has("maxEventsPerTrigger") ? "maxEventsPerTrigger" : "eventsPerTrigger";
  SPATE_ASSIGN_OR_RETURN(int64_t perTrigger, positiveOption(request.options, key, kDefaultEventsPerTrigger));
  return std::shared_ptr<const streaming::SourceRelation>(std::make_shared<NexmarkRelation>(config, perTrigger));
}

Result<TableSourcePtr> makeNexmarkTableSource(const Options& options) {
  SPATE_ASSIGN_OR_RETURN(NexmarkConfig config, parseNexmarkOptions(options, true));
  return TableSourcePtr(std::make_shared<NexmarkTableSource>(config));
}

std::vector<std::string> nexmarkViewsSql(const std::string& events, bool streaming) {
  struct View {
    const char* name;
    const char* column;
    int eventType;
    std::vector<const char*> fields;
  };
  const std::array<View, 3> views = {{
      {"person", "person", 0, {"id", "name", "emailAddress", "creditCard", "city", "state", "dateTime", "extra"}},
      {"auction",
       "auction",
       1,
       {"id", "itemName", "description", "initialBid", "reserve", "dateTime", "expires", "seller", "category",
        "extra"}},
      {"bid", "bid", 2, {"auction", "bidder", "price", "channel", "url", "dateTime", "extra"}},
  }};
  const std::string from = streaming ? "STREAM(" + events + ")" : events;
  std::vector<std::string> sql;
  for (const View& v : views) {
    std::string columns;
    for (const char* f : v.fields) {
      if (!columns.empty()) columns += ", ";
      columns += fmt::format("{}.{} AS {}", v.column, f, f);
    }
    sql.push_back(fmt::format("CREATE OR REPLACE TEMPORARY VIEW {} AS SELECT {} FROM {} WHERE event_type = {}",
                              v.name, columns, from, v.eventType));
  }
  return sql;
}

}  // namespace spate::connectors
