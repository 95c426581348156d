#include "spate/session/memory_stream.h"

#include <atomic>

#include "spate/common/error.h"
#include "spate/plan/plan_builder.h"

namespace spate::sql {

namespace {

std::atomic<int> gNextStreamId{0};

DataFrame streamFrame(std::shared_ptr<Session> session, const std::shared_ptr<connectors::MemoryStreamData>& data) {
  return DataFrame(std::move(session), plan::streamingScan(connectors::memoryStreamRelation(data)));
}

}  // namespace

MemoryStream::MemoryStream(std::shared_ptr<Session> session, const Schema& schema)
    : data_(std::make_shared<connectors::MemoryStreamData>(std::make_shared<Schema>(schema), gNextStreamId++)),
      df_(streamFrame(std::move(session), data_)) {}

MemoryStream::MemoryStream(std::shared_ptr<Session> session, const std::string& ddlSchema)
    : MemoryStream(std::move(session), valueOrThrow(Schema::fromDDL(ddlSchema))) {}

int64_t MemoryStream::addData(const std::vector<std::vector<Value>>& rows) {
  for (const auto& r : rows) {
    if (r.size() != data_->schema()->size()) {
      throw Error(Status::Invalid("MemoryStream.addData: a row has {} values but the stream has {} columns",
                                          r.size(), data_->schema()->size()));
    }
  }
  return data_->addData({batchFromRows(data_->schema(), rows)});
}

int64_t MemoryStream::addData(std::vector<BatchPtr> batches) {
  for (const auto& b : batches) {
    if (b->numColumns() != data_->schema()->size()) {
      throw Error(Status::Invalid("MemoryStream.addData: a batch has {} columns but the stream has {}",
                                          b->numColumns(), data_->schema()->size()));
    }
  }
  return data_->addData(std::move(batches));
}

}  // namespace spate::sql
