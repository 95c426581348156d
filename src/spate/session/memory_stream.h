#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spate/connectors/memory_stream.h"
#include "spate/session/dataframe.h"

namespace spate::sql {

// A stream whose rows the program adds (Spark's MemoryStream): for tests and demos.
// The DataFrame from toDF() is streaming; each addData() call becomes available to the
// queries reading it as one block.
class MemoryStream {
 public:
  MemoryStream(std::shared_ptr<Session> session, const Schema& schema);
  MemoryStream(std::shared_ptr<Session> session, const std::string& ddlSchema);

  // Returns the offset of the added block.
  int64_t addData(const std::vector<std::vector<Value>>& rows);
  int64_t addData(std::vector<BatchPtr> batches);
  DataFrame toDF() const { return df_; }
  const SchemaPtr& schema() const { return data_->schema(); }

 private:
  std::shared_ptr<connectors::MemoryStreamData> data_;
  DataFrame df_;
};

}  // namespace spate::sql
