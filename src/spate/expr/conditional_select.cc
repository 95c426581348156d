#include "spate/expr/conditional_select.h"

#include "spate/columnar/builder.h"
#include "spate/expr/kernels.h"

namespace spate {

namespace {

// What the gather loops need of one source, hoisted out of the row loop.
struct SourceView {
  const Column* col;
  bool constant;
  const uint8_t* validity;  // nullptr when the source has no nulls
  bool valid(int64_t i) const { return !validity || bits::get(validity, constant ? 0 : i); }
  int64_t row(int64_t i) const { return constant ? 0 : i; }
};

std::vector<SourceView> viewsOf(const std::vector<ColumnPtr>& sources) {
  std::vector<SourceView> views;
  views.reserve(sources.size());
  for (const auto& s : sources) {
    views.push_back({s.get(), s->isConstant(), s->mayHaveNulls() ? s->validityBits() : nullptr});
  }
  return views;
}

template <typename T>
ColumnPtr gatherFixed(const TypePtr& type, const std::vector<SourceView>& views, const std::vector<int32_t>& choice,
                      int64_t n) {
  FixedColumnBuilder<T> out(type, n);
  T* o = out.data();
  std::vector<const T*> data;
  data.reserve(views.size());
  for (const auto& v : views) data.push_back(v.col->values<T>());
  for (int64_t i = 0; i < n; ++i) {
    int32_t c = choice[static_cast<size_t>(i)];
    if (c < 0 || !views[static_cast<size_t>(c)].valid(i)) {
      out.setNull(i);
      continue;
    }
    const SourceView& v = views[static_cast<size_t>(c)];
    o[i] = data[static_cast<size_t>(c)][v.row(i)];
  }
  return out.finish();
}

ColumnPtr gatherBooleans(const std::vector<SourceView>& views, const std::vector<int32_t>& choice, int64_t n) {
  BooleanColumnBuilder out(n);
  for (int64_t i = 0; i < n; ++i) {
    int32_t c = choice[static_cast<size_t>(i)];
    if (c < 0 || !views[static_cast<size_t>(c)].valid(i)) {
      out.setNull(i);
      continue;
    }
    const SourceView& v = views[static_cast<size_t>(c)];
    out.set(i, bits::get(v.col->valuesBuffer()->data(), v.row(i)));
  }
  return out.finish();
}

ColumnPtr gatherStrings(const TypePtr& type, const std::vector<SourceView>& views, const std::vector<int32_t>& choice,
                        int64_t n) {
  int64_t bytes = 0;
  for (int64_t i = 0; i < n; ++i) {
    int32_t c = choice[static_cast<size_t>(i)];
    if (c >= 0 && views[static_cast<size_t>(c)].valid(i)) {
      bytes += static_cast<int64_t>(views[static_cast<size_t>(c)].col->stringAt(i).size());
    }
  }
  StringColumnBuilder out(type, n, bytes);
  for (int64_t i = 0; i < n; ++i) {
    int32_t c = choice[static_cast<size_t>(i)];
    if (c < 0 || !views[static_cast<size_t>(c)].valid(i)) {
      out.appendNull();
    } else {
      out.append(views[static_cast<size_t>(c)].col->stringAt(i));
    }
  }
  return out.finish();
}

}  // namespace

ColumnPtr selectRows(const TypePtr& type, const std::vector<ColumnPtr>& sources, const std::vector<int32_t>& choice,
                     int64_t n) {
  if (type->id() == TypeId::kNull) return Column::nulls(type, n);
  std::vector<SourceView> views = viewsOf(sources);
  if (type->byteWidth() > 0) {
    return dispatchFixedWidth(type->id(), [&]<typename T>() { return gatherFixed<T>(type, views, choice, n); });
  }
  switch (type->id()) {
    case TypeId::kBoolean: return gatherBooleans(views, choice, n);
    case TypeId::kString:
    case TypeId::kBinary: return gatherStrings(type, views, choice, n);
    default: break;
  }
  ColumnBuilder out(type);
  for (int64_t i = 0; i < n; ++i) {
    int32_t c = choice[static_cast<size_t>(i)];
    if (c < 0) {
      out.appendNull();
    } else {
      out.appendFrom(*sources[static_cast<size_t>(c)], i);
    }
  }
  return out.finish();
}

std::vector<int32_t> firstValidSource(const std::vector<ColumnPtr>& sources, int64_t n) {
  std::vector<int32_t> choice(static_cast<size_t>(n), -1);
  int64_t undecided = n;
  for (size_t k = 0; k < sources.size() && undecided > 0; ++k) {
    const Column& s = *sources[k];
    auto idx = static_cast<int32_t>(k);
    if (!s.mayHaveNulls()) {
      for (auto& c : choice) {
        if (c < 0) c = idx;
      }
      break;
    }
    // A constant with nulls, or a column of the null type, is null on every row.
    if (s.isConstant() || !s.validityBits()) continue;
    const uint8_t* v = s.validityBits();
    for (int64_t i = 0; i < n; ++i) {
      auto& c = choice[static_cast<size_t>(i)];
      if (c < 0 && bits::get(v, i)) {
        c = idx;
        --undecided;
      }
    }
  }
  return choice;
}

}  // namespace spate
