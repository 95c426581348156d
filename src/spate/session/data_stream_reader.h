#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spate/io/options.h"
#include "spate/session/option_setter.h"
#include "spate/session/dataframe.h"

namespace spate::sql {

// spark.readStream: format, options and schema, then load() makes a streaming
// DataFrame. Sources: rate, rate-micro-batch, socket, and file directories (csv,
// json, text). Errors (unknown format, missing option or schema) are thrown at load().
class DataStreamReader : public OptionSetter<DataStreamReader> {
 public:
  explicit DataStreamReader(std::shared_ptr<Session> session) : session_(std::move(session)) {}

  DataStreamReader& format(const std::string& source);
  DataStreamReader& schema(const Schema& schema);
  DataStreamReader& schema(const std::string& ddl);

  DataFrame load();
  DataFrame load(const std::string& path);
  DataFrame csv(const std::string& path);
  DataFrame json(const std::string& path);
  DataFrame text(const std::string& path);
  // A view that is a stream (a view over readStream, or a streaming source created
  // with CREATE TEMPORARY VIEW ... USING).
  DataFrame table(const std::string& name);

 private:
  std::shared_ptr<Session> session_;
  std::string format_;
  std::shared_ptr<Schema> schema_;
};

}  // namespace spate::sql
