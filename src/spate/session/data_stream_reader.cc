#include "spate/session/data_stream_reader.h"

#include <algorithm>

#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "spate/connectors/stream_sources.h"
#include "spate/plan/plan_builder.h"
#include "spate/session/delta_tables.h"
#include "spate/session/session.h"

namespace spate::sql {

DataStreamReader& DataStreamReader::format(const std::string& source) {
  format_ = source;
  return *this;
}
DataStreamReader& DataStreamReader::schema(const Schema& schema) {
  schema_ = std::make_shared<Schema>(schema);
  return *this;
}
DataStreamReader& DataStreamReader::schema(const std::string& ddl) {
  return schema(valueOrThrow(Schema::fromDDL(ddl)));
}

DataFrame DataStreamReader::load() {
  connectors::StreamSourceRequest request;
  // Spark's default source (spark.sql.sources.default) is parquet.
  request.format = format_.empty() ? session_->conf().get("spark.sql.sources.default", "parquet") : format_;
  request.options = options_;
  request.userSchema = schema_;
  request.schemaInference = equalsIgnoreCase(session_->conf().get("spark.sql.streaming.schemaInference", "false"),
                                             "true");
  auto relation = valueOrThrow(connectors::makeStreamSource(request));
  return DataFrame(session_, plan::streamingScan(relation));
}

DataFrame DataStreamReader::load(const std::string& path) {
  options_.set("path", path);
  return load();
}
DataFrame DataStreamReader::csv(const std::string& path) { return format("csv").load(path); }
DataFrame DataStreamReader::json(const std::string& path) { return format("json").load(path); }
DataFrame DataStreamReader::text(const std::string& path) { return format("text").load(path); }

DataFrame DataStreamReader::table(const std::string& name) {
  // A Delta table of the warehouse (unless a view hides it) is read as its commits.
  if (managedDeltaTableExists(session_->conf(), name)) {
    auto views = session_->catalog().tableNames();
    bool hidden = std::any_of(views.begin(), views.end(), [&](const auto& v) { return equalsIgnoreCase(v, name); });
    if (!hidden) return format("delta").load(valueOrThrow(managedTablePath(session_->conf(), name)));
  }
  DataFrame df = session_->table(name);
  if (!df.isStreaming()) {
    throw Error(Status::AnalysisError("Table {} is not a stream: readStream.table() reads a view over a streaming "
                                      "source",
                                      name));
  }
  return df;
}

}  // namespace spate::sql
