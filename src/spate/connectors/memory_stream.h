#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "spate/streaming/source.h"

namespace spate::connectors {

// The rows of a memory stream (Spark's MemoryStream, for tests and demos): each
// addData call appends one block; the offset is the number of blocks, so a batch
// re-run after a restart reads exactly the same blocks.
class MemoryStreamData {
 public:
  MemoryStreamData(SchemaPtr schema, int id) : schema_(std::move(schema)), id_(id) {}

  const SchemaPtr& schema() const { return schema_; }
  int id() const { return id_; }
  // Appends one block of batches (of the stream's schema); returns its offset.
  int64_t addData(std::vector<BatchPtr> batches);
  int64_t latestOffset() const;
  // Batches of blocks (start, end], start -1 meaning from the beginning.
  std::vector<BatchPtr> blocks(int64_t start, int64_t end) const;
  // Queries reading the stream, woken when data arrives.
  void addClock(const streaming::ClockPtr& clock);

 private:
  SchemaPtr schema_;
  int id_;
  mutable std::mutex mu_;
  std::vector<std::vector<BatchPtr>> blocks_;
  std::vector<std::weak_ptr<streaming::Clock>> clocks_;
};

// The relation a memory stream puts in a plan: "MemoryStream[value#1]".
std::shared_ptr<const streaming::SourceRelation> memoryStreamRelation(std::shared_ptr<MemoryStreamData> data);

}  // namespace spate::connectors
