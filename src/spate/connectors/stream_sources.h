#pragma once

#include <memory>
#include <string>

#include "spate/io/options.h"
#include "spate/streaming/source.h"

namespace spate::connectors {

// What DataStreamReader gathered: format, options, an optional user schema and path.
struct StreamSourceRequest {
  std::string format;      // "rate", "rate-micro-batch", "socket", "csv", "json", "text", ...
  Options options;         // as given; "path" also arrives here when load(path) named one
  SchemaPtr userSchema;    // null unless .schema() was called
  bool schemaInference = false;  // spark.sql.streaming.schemaInference
};

// The streaming relation for a request, validated as Spark validates at load():
// unknown formats, missing or bad options and a missing schema are errors naming the
// format and option.
Result<std::shared_ptr<const streaming::SourceRelation>> makeStreamSource(const StreamSourceRequest& request);

// Each source kind, in its own file.
Result<std::shared_ptr<const streaming::SourceRelation>> makeRateSource(const StreamSourceRequest& request);
Result<std::shared_ptr<const streaming::SourceRelation>> makeRateMicroBatchSource(const StreamSourceRequest& request);
Result<std::shared_ptr<const streaming::SourceRelation>> makeSocketSource(const StreamSourceRequest& request);
Result<std::shared_ptr<const streaming::SourceRelation>> makeKafkaSource(const StreamSourceRequest& request);
Result<std::shared_ptr<const streaming::SourceRelation>> makeFileStreamSource(const StreamSourceRequest& request);
// The commits of a Delta table (option "path") as they come.
Result<std::shared_ptr<const streaming::SourceRelation>> makeDeltaStreamSource(const StreamSourceRequest& request);
Result<std::shared_ptr<const streaming::SourceRelation>> makeNexmarkSource(const StreamSourceRequest& request);

}  // namespace spate::connectors
