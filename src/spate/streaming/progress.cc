#include "spate/streaming/progress.h"

#include <cmath>

namespace spate::streaming {

namespace {

Json offsetJson(const std::optional<std::string>& offset) {
  if (!offset) return Json();
  auto parsed = Json::parse(*offset);
  return parsed.ok() ? std::move(*parsed) : Json(*offset);
}

// Spark writes NaN and infinite rates as "NaN"/"Infinity" strings; a rate over no
// time is left out of the JSON entirely, as Spark's safeDoubleToJValue does.
void setRate(Json& o, const char* key, double v) {
  if (std::isnan(v) || std::isinf(v)) return;
  o.set(key, v);
}

template <typename V>
Json mapJson(const std::map<std::string, V>& m) {
  Json o = Json::object();
  for (const auto& [k, v] : m) o.set(k, v);
  return o;
}

}  // namespace

Json StreamingQueryProgress::toJson() const {
  Json o = Json::object();
  o.set("id", id);
  o.set("runId", runId);
  o.set("name", name.empty() ? Json() : Json(name));
  o.set("timestamp", timestamp);
  o.set("batchId", batchId);
  o.set("batchDuration", batchDuration);
  o.set("numInputRows", numInputRows);
  setRate(o, "inputRowsPerSecond", inputRowsPerSecond);
  setRate(o, "processedRowsPerSecond", processedRowsPerSecond);
  o.set("durationMs", mapJson(durationMs));
  if (!eventTime.empty()) o.set("eventTime", mapJson(eventTime));
  Json ops = Json::array();
  for (const auto& s : stateOperators) {
    Json j = Json::object();
    j.set("operatorName", s.operatorName);
    j.set("numRowsTotal", s.numRowsTotal);
    j.set("numRowsUpdated", s.numRowsUpdated);
    j.set("allUpdatesTimeMs", s.allUpdatesTimeMs);
    j.set("numRowsRemoved", s.numRowsRemoved);
    j.set("allRemovalsTimeMs", s.allRemovalsTimeMs);
    j.set("commitTimeMs", s.commitTimeMs);
    j.set("memoryUsedBytes", s.memoryUsedBytes);
    j.set("numRowsDroppedByWatermark", s.numRowsDroppedByWatermark);
    j.set("numShufflePartitions", s.numShufflePartitions);
    j.set("numStateStoreInstances", s.numStateStoreInstances);
    j.set("customMetrics", mapJson(s.customMetrics));
    ops.push(std::move(j));
  }
  o.set("stateOperators", std::move(ops));
  Json srcs = Json::array();
  for (const auto& s : sources) {
    Json j = Json::object();
    j.set("description", s.description);
    j.set("startOffset", offsetJson(s.startOffset));
    j.set("endOffset", offsetJson(s.endOffset));
    j.set("latestOffset", offsetJson(s.latestOffset));
    j.set("numInputRows", s.numInputRows);
    setRate(j, "inputRowsPerSecond", s.inputRowsPerSecond);
    setRate(j, "processedRowsPerSecond", s.processedRowsPerSecond);
    if (!s.metrics.empty()) j.set("metrics", mapJson(s.metrics));
    srcs.push(std::move(j));
  }
  o.set("sources", std::move(srcs));
  Json sk = Json::object();
  sk.set("description", sink.description);
  sk.set("numOutputRows", sink.numOutputRows);
  if (!sink.metrics.empty()) sk.set("metrics", mapJson(sink.metrics));
  o.set("sink", std::move(sk));
  return o;
}

Json StreamingQueryStatus::toJson() const {
  Json o = Json::object();
  o.set("message", message);
  o.set("isDataAvailable", isDataAvailable);
  o.set("isTriggerActive", isTriggerActive);
  return o;
}

}  // namespace spate::streaming
