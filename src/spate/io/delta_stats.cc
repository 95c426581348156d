#include "spate/io/delta_stats.h"

#include <cmath>
#include <optional>

#include "spate/common/datetime.h"
#include "spate/common/json.h"

namespace spate::delta {

namespace {

// Min and max of one column over the batches, a typed loop per column.
template <typename T>
struct Range {
  std::optional<T> min;
  std::optional<T> max;
  bool unordered = false;  // a NaN or an infinity: JSON cannot carry it, so no range

  void add(const Column& c) {
    for (int64_t i = 0; i < c.length(); ++i) {
      if (c.isNull(i)) continue;
      T v = c.valueAt<T>(i);
      if constexpr (std::is_floating_point_v<T>) {
        if (!std::isfinite(v)) {
          unordered = true;
          return;
        }
      }
      if (!min || v < *min) min = v;
      if (!max || v > *max) max = v;
    }
  }
};

template <typename T>
void addRange(const std::vector<BatchPtr>& batches, size_t column, Json& mins, Json& maxs, const std::string& name,
              Json (*toJson)(T)) {
  Range<T> r;
  for (const auto& b : batches) {
    r.add(*b->column(column));
    if (r.unordered) return;
  }
  if (!r.min) return;
  mins.set(name, toJson(*r.min));
  maxs.set(name, toJson(*r.max));
}

template <typename T>
Json intJson(T v) {
  return Json(static_cast<int64_t>(v));
}
template <typename T>
Json doubleJson(T v) {
  return Json(static_cast<double>(v));
}
Json dateJson(int32_t days) { return Json(formatDate(days)); }

}  // namespace

std::string fileStatsJson(const Schema& schema, const std::vector<BatchPtr>& batches) {
  int64_t rows = 0;
  for (const auto& b : batches) rows += b->numRows();
  Json mins = Json::object();
  Json maxs = Json::object();
  Json nulls = Json::object();
  for (size_t c = 0; c < schema.size(); ++c) {
    const Field& f = schema.field(c);
    if (f.type->isNested()) continue;
    int64_t nullCount = 0;
    for (const auto& b : batches) {
      const Column& col = *b->column(c);
      nullCount += col.isConstant() ? (col.isNull(0) ? col.length() : 0) : col.nullCount();
    }
    nulls.set(f.name, nullCount);
    auto range = [&](auto toJson) { addRange(batches, c, mins, maxs, f.name, toJson); };
    switch (f.type->id()) {
      case TypeId::kByte: range(&intJson<int8_t>); break;
      case TypeId::kShort: range(&intJson<int16_t>); break;
      case TypeId::kInt: range(&intJson<int32_t>); break;
      case TypeId::kLong: range(&intJson<int64_t>); break;
      case TypeId::kFloat: range(&doubleJson<float>); break;
      case TypeId::kDouble: range(&doubleJson<double>); break;
      case TypeId::kDate: range(&dateJson); break;
      default: break;  // strings (Delta truncates them), timestamps (to ms), decimals: no range
    }
  }
  Json stats = Json::object();
  stats.set("numRecords", rows);
  stats.set("minValues", std::move(mins));
  stats.set("maxValues", std::move(maxs));
  stats.set("nullCount", std::move(nulls));
  return stats.dump();
}

}  // namespace spate::delta
