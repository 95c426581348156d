#include "spate/session/streaming_query.h"

#include <cstdio>

#include "spate/common/error.h"

namespace spate::sql {

void StreamingQuery::awaitTermination() { valueOrThrow(q_->awaitTermination()); }

bool StreamingQuery::awaitTermination(int64_t timeoutMs) { return valueOrThrow(q_->awaitTermination(timeoutMs)); }

void StreamingQuery::processAllAvailable() { throwIfError(q_->processAllAvailable()); }

std::optional<std::string> StreamingQuery::exception() const {
  auto e = q_->exception();
  if (!e) return std::nullopt;
  return e->message();
}

void StreamingQuery::explain() const { std::fputs(q_->explain().c_str(), stdout); }

std::vector<StreamingQuery> StreamingQueryManager::active() const {
  std::vector<StreamingQuery> out;
  for (auto& q : m_->active()) out.emplace_back(q);
  return out;
}

std::optional<StreamingQuery> StreamingQueryManager::get(const std::string& id) const {
  auto q = m_->get(id);
  if (!q) return std::nullopt;
  return StreamingQuery(q);
}

void StreamingQueryManager::awaitAnyTermination() { valueOrThrow(m_->awaitAnyTermination()); }

bool StreamingQueryManager::awaitAnyTermination(int64_t timeoutMs) {
  return valueOrThrow(m_->awaitAnyTermination(timeoutMs));
}

}  // namespace spate::sql
