#include "spate/session/session.h"

#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "spate/connectors/nexmark_source.h"
#include "spate/connectors/stream_sources.h"
#include "spate/plan/plan_builder.h"
#include "spate/plan/range_source.h"
#include "spate/session/data_stream_writer.h"
#include "spate/session/delta_tables.h"
#include "spate/session/memory_table.h"
#include "spate/sql/ast.h"

namespace spate::sql {

namespace {
std::mutex gActiveMu;
std::weak_ptr<Session> gActive;
}  // namespace

SessionBuilder& SessionBuilder::appName(std::string name) {
  appName_ = std::move(name);
  return *this;
}
SessionBuilder& SessionBuilder::master(std::string master) {
  master_ = std::move(master);
  return *this;
}
SessionBuilder& SessionBuilder::config(const std::string& key, const std::string& value) {
  conf_[key] = value;
  return *this;
}

std::shared_ptr<Session> SessionBuilder::getOrCreate() {
  std::lock_guard<std::mutex> lock(gActiveMu);
  std::shared_ptr<Session> s = gActive.lock();
  if (!s) {
    s = std::make_shared<Session>(appName_);
    gActive = s;
  }
  s->conf().set("spark.app.name", appName_);
  s->conf().set("spark.master", master_);
  for (const auto& [k, v] : conf_) s->conf().set(k, v);
  return s;
}

void RuntimeConfig::set(const std::string& key, const std::string& value) {
  std::lock_guard<std::mutex> lock(mu_);
  values_[key] = value;
}
std::string RuntimeConfig::get(const std::string& key, const std::string& def) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = values_.find(key);
  return it == values_.end() ? def : it->second;
}
bool RuntimeConfig::has(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  return values_.count(key) > 0;
}
std::map<std::string, std::string> RuntimeConfig::all() const {
  std::lock_guard<std::mutex> lock(mu_);
  return values_;
}

namespace {

// How a view over files was made (CREATE TEMPORARY VIEW ... USING csv OPTIONS (...)),
// kept so that STREAM(view) can read the same files as a stream.
struct ViewSource {
  std::string format;
  Options options;
  SchemaPtr schema;  // the column list, or what the view inferred when it was made
};

}  // namespace

class Session::ViewCatalog final : public plan::Catalog {
 public:
  explicit ViewCatalog(const RuntimeConfig* conf) : conf_(conf) {}

  // A temporary view, else delta.`/path/to/table` (Spark's name for a Delta table by
  // path), else a Delta table in the warehouse.
  PlanPtr lookup(const std::string& name) const override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = views_.find(toLower(name));
      if (it != views_.end()) return it->second.plan;
    }
    if (toLower(name).starts_with("delta.") && name.find('/') != std::string::npos) {
      auto source = makeDeltaTableSource(name.substr(6), Options());
      return source.ok() ? plan::scan(*source) : nullptr;
    }
    auto table = lookupManagedTable(name);
    return table.ok() ? *table : nullptr;
  }
  // The warehouse's Delta table of that name: null when there is none, an error when
  // it cannot be read.
  Result<PlanPtr> lookupManagedTable(const std::string& name) const {
    if (!managedDeltaTableExists(*conf_, name)) return PlanPtr();
    SPATE_ASSIGN_OR_RETURN(std::string path, managedTablePath(*conf_, name));
    SPATE_ASSIGN_OR_RETURN(TableSourcePtr source, makeDeltaTableSource(path, Options()));
    return plan::scan(std::move(source));
  }
  std::vector<std::string> tableNames() const override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> out;
    for (const auto& [k, v] : views_) out.push_back(v.name);
    return out;
  }
  Result<PlanPtr> lookupStream(const std::string& name) const override {
    View view;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = views_.find(toLower(name));
      if (it != views_.end()) view = it->second;
    }
    if (!view.plan) {
      if (!managedDeltaTableExists(*conf_, name)) {
        return plan::notAStreamSource(name, fmt::format("no view `{}` exists", name));
      }
      SPATE_ASSIGN_OR_RETURN(std::string path, managedTablePath(*conf_, name));
      connectors::StreamSourceRequest request{"delta", Options{{"path", path}}, nullptr, false};
      SPATE_ASSIGN_OR_RETURN(auto relation, connectors::makeStreamSource(request));
      return plan::streamingScan(std::move(relation));
    }
    if (view.plan->isStreaming()) return view.plan;
    if (!view.source) {
      return plan::notAStreamSource(name, fmt::format("`{}` was not made with USING a source", view.name));
    }
    connectors::StreamSourceRequest request;
    request.format = view.source->format;
    request.options = view.source->options;
    request.userSchema = view.source->schema;
    SPATE_ASSIGN_OR_RETURN(auto relation, connectors::makeStreamSource(request));
    return plan::streamingScan(std::move(relation));
  }
  // source: how a view over files was made; null for every other view.
  bool put(const std::string& name, PlanPtr p, bool replace, std::shared_ptr<const ViewSource> source = nullptr) {
    std::lock_guard<std::mutex> lock(mu_);
    auto key = toLower(name);
    if (!replace && views_.count(key)) return false;
    views_[key] = {name, std::move(p), std::move(source)};
    return true;
  }
  bool erase(const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    return views_.erase(toLower(name)) > 0;
  }

 private:
  struct View {
    std::string name;  // as first written
    PlanPtr plan;
    std::shared_ptr<const ViewSource> source;
  };
  const RuntimeConfig* conf_;  // the session's: where the warehouse is
  mutable std::mutex mu_;
  std::map<std::string, View> views_;
};

Session::Session(std::string appName)
    : appName_(std::move(appName)),
      catalog_(std::make_unique<ViewCatalog>(&conf_)),
      streams_(std::make_shared<streaming::StreamingQueryManager>()) {
  conf_.set("spark.sql.session.timeZone", "UTC");
}

// Queries still running stop with their session.
Session::~Session() {
  for (const auto& q : streams_->active()) q->stop();
}

SessionBuilder Session::builder() { return SessionBuilder(); }

std::shared_ptr<Session> Session::active() {
  std::lock_guard<std::mutex> lock(gActiveMu);
  return gActive.lock();
}

DataFrameReader Session::read() { return DataFrameReader(shared_from_this()); }

DataStreamReader Session::readStream() { return DataStreamReader(shared_from_this()); }

StreamingQueryManager Session::streams() { return StreamingQueryManager(streams_); }

const plan::Catalog& Session::catalog() const { return *catalog_; }

void Session::registerView(const std::string& name, PlanPtr p, bool replace) {
  if (!catalog_->put(name, std::move(p), replace)) {
    throw Error(Status::AnalysisError("[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `{}` "
                                      "because it already exists.",
                                      name));
  }
}

bool Session::dropView(const std::string& name) { return catalog_->erase(name); }

DataFrame Session::table(const std::string& name) {
  PlanPtr p = catalog_->lookup(name);
  // A managed table that exists but cannot be read says why.
  if (!p) p = valueOrThrow(catalog_->lookupManagedTable(name));
  if (!p) {
    throw Error(Status::AnalysisError("The table or view `{}` cannot be found. Known tables and views: [{}]", name,
                                      joinStrings(catalog_->tableNames(), ", ")));
  }
  return DataFrame(shared_from_this(), plan::withQualifier(p, name));
}

DataFrame Session::range(int64_t start, int64_t end, int64_t step) {
  if (step == 0) throw Error(Status::Invalid("range() step must not be 0"));
  return DataFrame(shared_from_this(), plan::scan(std::make_shared<plan::RangeSource>(start, end, step)));
}

DataFrame Session::createDataFrame(const std::vector<std::vector<Value>>& rows, const Schema& schema) {
  auto s = std::make_shared<Schema>(schema);
  for (const auto& r : rows) {
    if (r.size() != s->size()) {
      throw Error(Status::Invalid("createDataFrame: a row has {} values but the schema has {} columns", r.size(), s->size()));
    }
  }
  return DataFrame(shared_from_this(), plan::values(batchFromRows(s, rows)));
}

DataFrame Session::createDataFrame(const std::vector<std::vector<Value>>& rows, const std::string& ddlSchema) {
  return createDataFrame(rows, valueOrThrow(Schema::fromDDL(ddlSchema)));
}

DataFrame Session::createDataFrame(std::vector<BatchPtr> batches, SchemaPtr schema) {
  for (const auto& b : batches) {
    if (b->numColumns() != schema->size()) {
      throw Error(Status::Invalid("createDataFrame: a batch has {} columns but the schema has {}", b->numColumns(),
                                  schema->size()));
    }
  }
  return DataFrame(shared_from_this(), plan::scan(std::make_shared<MemoryTableSource>(schema, std::move(batches))));
}

DataFrame Session::emptyDataFrame() {
  return DataFrame(shared_from_this(), plan::values(std::make_shared<Batch>(std::make_shared<Schema>(),
                                                                            std::vector<ColumnPtr>{}, 0)));
}

namespace {

PlanPtr rowsPlan(const std::string& ddl, const std::vector<std::vector<Value>>& rows) {
  auto schema = std::make_shared<Schema>(Schema::fromDDL(ddl).value());
  return plan::values(batchFromRows(schema, rows));
}

std::string positionOf(int line, int column) {
  return line > 0 ? fmt::format(" (line {}, column {})", line, column) : "";
}

// Sources without batch reading: a view over one of them is a stream.
bool isStreamingOnlyFormat(const std::string& format) {
  std::string f = toLower(trimView(format));
  return f == "rate" || f == "rate-micro-batch" || f == "socket" || f == "nexmark";
}

bool hasOption(const std::vector<std::pair<std::string, std::string>>& options, std::string_view key) {
  for (const auto& [k, v] : options) {
    if (equalsIgnoreCase(k, key)) return true;
  }
  return false;
}

// START STREAMING QUERY: what df.writeStream.format(...)...start() does in Spark.
Result<StreamingQuery> startStreamingQuery(DataFrame df, const sql::Statement& st) {
  if (!df.isStreaming()) {
    return Status::AnalysisError(
        "'writeStream' can be called only on streaming Dataset/DataFrame: the query after AS reads no stream (read "
        "one with FROM STREAM(view) or from a view USING rate, rate-micro-batch or socket){}",
        positionOf(st.query->line, st.query->column));
  }
  if (equalsIgnoreCase(trimView(st.format), "memory") && st.name.empty() && !hasOption(st.options, "table")) {
    return Status::AnalysisError(
        "The memory sink needs a query name, which names its table: START STREAMING QUERY my_table USING memory "
        "...{}",
        positionOf(st.line, st.column));
  }
  DataStreamWriter writer(std::move(df));
  writer.format(st.format).options(st.options);
  if (!st.outputMode.empty()) writer.outputMode(st.outputMode);
  if (!st.name.empty()) writer.queryName(st.name);
  if (!st.checkpointLocation.empty()) writer.option("checkpointLocation", st.checkpointLocation);
  if (!st.partitionBy.empty()) writer.partitionBy(st.partitionBy);
  switch (st.trigger) {
    case sql::TriggerKind::kDefault: break;
    case sql::TriggerKind::kProcessingTime: {
      SPATE_ASSIGN_OR_RETURN(Trigger trigger, Trigger::processingTime(st.triggerInterval));
      writer.trigger(trigger);
      break;
    }
    case sql::TriggerKind::kOnce: writer.trigger(Trigger::once()); break;
    case sql::TriggerKind::kAvailableNow: writer.trigger(Trigger::availableNow()); break;
  }
  try {
    return writer.start();
  } catch (const Error& e) {
    return Status(e.code(), e.status().message() + positionOf(st.line, st.column));
  }
}

}  // namespace

Result<DataFrame> Session::executeStatement(const sql::Statement& st) {
  auto self = shared_from_this();
  switch (st.kind) {
    case sql::StatementKind::kQuery: {
      SPATE_ASSIGN_OR_RETURN(PlanPtr p, plan::planQuery(*st.query, *catalog_));
      return DataFrame(self, p);
    }
    case sql::StatementKind::kCreateView: {
      PlanPtr p;
      std::shared_ptr<const ViewSource> source;
      if (st.query) {
        SPATE_ASSIGN_OR_RETURN(p, plan::planQuery(*st.query, *catalog_));
      } else {
        Options options;
        for (const auto& [k, v] : st.options) options.set(k, v);
        std::shared_ptr<Schema> schema;
        if (!st.schemaDDL.empty()) {
          SPATE_ASSIGN_OR_RETURN(Schema s, Schema::fromDDL(st.schemaDDL));
          schema = std::make_shared<Schema>(std::move(s));
        }
        if (equalsIgnoreCase(trimView(st.format), "nexmark") && options.has("events")) {
          // A bounded event stream is also a table of its events; STREAM(view) reads it as a stream.
          connectors::StreamSourceRequest request{"nexmark", options, schema, false};
          SPATE_RETURN_IF_ERROR(connectors::makeStreamSource(request).status());
          SPATE_ASSIGN_OR_RETURN(TableSourcePtr events, connectors::makeNexmarkTableSource(options));
          p = plan::scan(events);
          source = std::make_shared<ViewSource>(ViewSource{"nexmark", options, nullptr});
        } else if (isStreamingOnlyFormat(st.format)) {
          connectors::StreamSourceRequest request;
          request.format = st.format;
          request.options = options;
          request.userSchema = schema;
          request.schemaInference =
              equalsIgnoreCase(conf_.get("spark.sql.streaming.schemaInference", "false"), "true");
          SPATE_ASSIGN_OR_RETURN(auto relation, connectors::makeStreamSource(request));
          p = plan::streamingScan(std::move(relation));
        } else if (equalsIgnoreCase(trimView(st.format), "kafka")) {
          // A table of the topic's records (read when queried), and STREAM(view) its
          // records as they come; the options must suit a stream.
          connectors::StreamSourceRequest request{"kafka", options, schema, false};
          SPATE_RETURN_IF_ERROR(connectors::makeStreamSource(request).status());
          bool headers = equalsIgnoreCase(options.get("includeHeaders", "false"), "true");
          p = plan::scan(makeKafkaTableSource(options, headers));
          source = std::make_shared<ViewSource>(ViewSource{"kafka", options, nullptr});
        } else if (equalsIgnoreCase(trimView(st.format), "delta")) {
          // The table's latest version each time the view is queried; STREAM(view) its commits.
          if (schema) return Status::AnalysisError("Delta does not support specifying the schema at read time");
          if (!options.has("path")) {
            return Status::AnalysisError("CREATE TEMPORARY VIEW {} USING delta needs OPTIONS (path '...')", st.name);
          }
          SPATE_ASSIGN_OR_RETURN(TableSourcePtr table, makeDeltaTableSource(options.get("path"), options));
          p = plan::scan(table);
          source = std::make_shared<ViewSource>(ViewSource{"delta", options, nullptr});
        } else {
          std::vector<std::string> paths;
          if (options.has("path")) paths.push_back(options.get("path"));
          if (paths.empty()) {
            return Status::AnalysisError("CREATE TEMPORARY VIEW {} USING {} needs OPTIONS (path '...')", st.name,
                                         st.format);
          }
          SPATE_ASSIGN_OR_RETURN(TableSourcePtr files,
                                 makeFileSource(st.format, paths, options, schema, partitionDiscoveryConf(*this)));
          p = plan::scan(files);
          // STREAM(view) reads the files with the schema the view has now, inferred or given.
          source = std::make_shared<ViewSource>(ViewSource{st.format, options, p->schema()});
        }
      }
      if (!catalog_->put(st.name, p, st.orReplace, source)) {
        return Status::AnalysisError(
            "[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `{}` because it already exists. Use "
            "CREATE OR REPLACE TEMPORARY VIEW to replace it.",
            st.name);
      }
      return emptyDataFrame();
    }
    case sql::StatementKind::kDropView: {
      if (!catalog_->erase(st.name) && !st.ifExists) {
        return Status::AnalysisError("[TABLE_OR_VIEW_NOT_FOUND] The view `{}` cannot be found", st.name);
      }
      return emptyDataFrame();
    }
    case sql::StatementKind::kShowTables: {
      std::vector<std::vector<Value>> rows;
      for (const auto& n : managedDeltaTables(conf_)) {
        rows.push_back({Value::string("default"), Value::string(n), Value::boolean(false)});
      }
      for (const auto& n : catalog_->tableNames()) {
        rows.push_back({Value::string(""), Value::string(n), Value::boolean(true)});
      }
      return DataFrame(self, rowsPlan("namespace STRING, tableName STRING, isTemporary BOOLEAN", rows));
    }
    case sql::StatementKind::kDescribe: {
      PlanPtr p = catalog_->lookup(st.name);
      if (!p) return Status::AnalysisError("The table or view `{}` cannot be found", st.name);
      std::vector<std::vector<Value>> rows;
      // Held here: schema() builds a new Schema, which a range-for over its fields would
      // destroy before the loop.
      SchemaPtr schema = p->schema();
      for (const auto& f : schema->fields()) {
        rows.push_back({Value::string(f.name), Value::string(f.type->simpleString()), Value()});
      }
      return DataFrame(self, rowsPlan("col_name STRING, data_type STRING, comment STRING", rows));
    }
    case sql::StatementKind::kSet: {
      std::vector<std::vector<Value>> rows;
      if (st.name.empty()) {
        for (const auto& [k, v] : conf_.all()) rows.push_back({Value::string(k), Value::string(v)});
      } else {
        if (!st.value.empty()) conf_.set(st.name, st.value);
        rows.push_back({Value::string(st.name), Value::string(conf_.get(st.name, "<undefined>"))});
      }
      return DataFrame(self, rowsPlan("key STRING, value STRING", rows));
    }
    case sql::StatementKind::kExplain: {
      SPATE_ASSIGN_OR_RETURN(PlanPtr p, plan::planQuery(*st.query, *catalog_));
      DataFrame df(self, p);
      return DataFrame(self, rowsPlan("plan STRING", {{Value::string(df.explainString(st.extended))}}));
    }
    case sql::StatementKind::kStartStreamingQuery: {
      SPATE_ASSIGN_OR_RETURN(PlanPtr p, plan::planQuery(*st.query, *catalog_));
      SPATE_ASSIGN_OR_RETURN(StreamingQuery q, startStreamingQuery(DataFrame(self, p), st));
      Value name = q.name().empty() ? Value() : Value::string(q.name());
      return DataFrame(self, rowsPlan("id STRING, runId STRING, name STRING",
                                      {{Value::string(q.id()), Value::string(q.runId()), name}}));
    }
    case sql::StatementKind::kInsertInto:
      return Status::NotImplemented(
          "INSERT INTO is not supported for batch queries yet; write with df.write() or a streaming query");
  }
  return Status::Internal("unknown statement kind");
}

Result<DataFrame> Session::trySql(const std::string& text) {
  SPATE_ASSIGN_OR_RETURN(std::vector<sql::Statement> statements, sql::parseStatements(text));
  if (statements.empty()) return emptyDataFrame();
  Result<DataFrame> last = emptyDataFrame();
  for (const auto& st : statements) {
    last = executeStatement(st);
    if (!last.ok()) return last.status();
  }
  return last;
}

DataFrame Session::sql(const std::string& text) { return valueOrThrow(trySql(text)); }

}  // namespace spate::sql
