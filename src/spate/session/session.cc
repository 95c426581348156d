#include "spate/session/session.h"

#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "spate/plan/plan_builder.h"
#include "spate/plan/range_source.h"
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

class Session::ViewCatalog final : public plan::Catalog {
 public:
  PlanPtr lookup(const std::string& name) const override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = views_.find(toLower(name));
    return it == views_.end() ? nullptr : it->second.second;
  }
  std::vector<std::string> tableNames() const override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> out;
    for (const auto& [k, v] : views_) out.push_back(v.first);
    return out;
  }
  bool put(const std::string& name, PlanPtr p, bool replace) {
    std::lock_guard<std::mutex> lock(mu_);
    auto key = toLower(name);
    if (!replace && views_.count(key)) return false;
    views_[key] = {name, std::move(p)};
    return true;
  }
  bool erase(const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    return views_.erase(toLower(name)) > 0;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::pair<std::string, PlanPtr>> views_;
};

Session::Session(std::string appName) : appName_(std::move(appName)), catalog_(std::make_unique<ViewCatalog>()) {
  conf_.set("spark.sql.session.timeZone", "UTC");
}
Session::~Session() = default;

SessionBuilder Session::builder() { return SessionBuilder(); }

std::shared_ptr<Session> Session::active() {
  std::lock_guard<std::mutex> lock(gActiveMu);
  return gActive.lock();
}

DataFrameReader Session::read() { return DataFrameReader(shared_from_this()); }

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
        std::vector<std::string> paths;
        if (options.has("path")) paths.push_back(options.get("path"));
        if (paths.empty()) {
          return Status::AnalysisError("CREATE TEMPORARY VIEW {} USING {} needs OPTIONS (path '...')", st.name, st.format);
        }
        SPATE_ASSIGN_OR_RETURN(TableSourcePtr source, makeFileSource(st.format, paths, options, schema));
        p = plan::scan(source);
      }
      if (!catalog_->put(st.name, p, st.orReplace)) {
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
      for (const auto& n : catalog_->tableNames()) {
        rows.push_back({Value::string(""), Value::string(n), Value::boolean(true)});
      }
      return DataFrame(self, rowsPlan("namespace STRING, tableName STRING, isTemporary BOOLEAN", rows));
    }
    case sql::StatementKind::kDescribe: {
      PlanPtr p = catalog_->lookup(st.name);
      if (!p) return Status::AnalysisError("The table or view `{}` cannot be found", st.name);
      std::vector<std::vector<Value>> rows;
      for (const auto& f : p->schema()->fields()) {
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
