// Functions that make a new array from an array: array_distinct, array_sort,
// sort_array, array_min, array_max, array_join, slice, flatten, arrays_zip. Each kernel
// picks element indices per row (typed loops via collection_util.h) and gathers the
// elements once with take(), so nested element types work without special cases.

#include <algorithm>

#include "spate/columnar/selection.h"
#include "spate/expr/cast.h"
#include "spate/expr/collection_functions.h"
#include "spate/expr/collection_util.h"

namespace spate {

namespace {

Status requireArrayArg(const char* fn, std::vector<BoundExprPtr>& args, size_t i) {
  if (args[i]->type()->id() == TypeId::kNull) {
    SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], DataType::array(DataType::null())));
  }
  if (args[i]->type()->id() != TypeId::kArray) {
    return Status::TypeError("{}() expects an array as argument {}, but {} is {}", fn, i + 1, args[i]->toString(),
                             typeNameOf(args[i]));
  }
  return Status::OK();
}

Status requireOrderable(const char* fn, const DataType& t) {
  bool hasMap = t.id() == TypeId::kMap;
  for (const auto& f : t.fields()) hasMap = hasMap || f.type->id() == TypeId::kMap;
  if (hasMap) return Status::TypeError("{}() cannot order elements of type {}", fn, t.simpleString());
  return Status::OK();
}

Status castArgTo(std::vector<BoundExprPtr>& args, size_t i, const TypePtr& type, const char* fn) {
  if (!canCast(*args[i]->type(), *type)) {
    return Status::TypeError("{}() expects {} as argument {}, but {} is {}", fn, type->simpleString(), i + 1,
                             args[i]->toString(), typeNameOf(args[i]));
  }
  SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], type));
  return Status::OK();
}

Result<ResolvedScalar> resolveArrayDistinct(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireArrayArg("array_distinct", args, 0));
  TypePtr type = args[0]->type();
  ResolvedScalar r;
  r.type = type;
  r.handlesConstants = true;
  r.kernel = [type](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& arr = *a[0];
    const Column& elems = *arr.child(0);
    GatherListBuilder out(type, n);
    dispatchElements(*elems.type(), [&]<typename Ops>() {
      ElementSet<Ops> seen(elems);
      for (int64_t i = 0; i < n; ++i) {
        if (arr.isNull(i)) {
          out.nullRow();
          continue;
        }
        seen.clear();
        bool nullKept = false;
        for (int32_t e = arr.listBegin(i), end = arr.listEnd(i); e < end; ++e) {
          if (elems.isNull(e)) {
            if (!nullKept) out.add(e);
            nullKept = true;
          } else if (seen.insert(e)) {
            out.add(e);
          }
        }
        out.closeRow();
      }
    });
    return out.finish({arr.child(0)});
  };
  return r;
}

// Sorts each row's elements: ascending or descending, nulls first or last.
ColumnPtr sortArrays(const Column& arr, const TypePtr& type, int64_t n, bool ascending, bool nullsFirst) {
  const Column& elems = *arr.child(0);
  GatherListBuilder out(type, n);
  std::vector<int32_t> nonNull;
  dispatchElements(*elems.type(), [&]<typename Ops>() {
    for (int64_t i = 0; i < n; ++i) {
      if (arr.isNull(i)) {
        out.nullRow();
        continue;
      }
      nonNull.clear();
      int32_t nulls = 0;
      for (int32_t e = arr.listBegin(i), end = arr.listEnd(i); e < end; ++e) {
        if (elems.isNull(e)) ++nulls;
        else nonNull.push_back(e);
      }
      std::stable_sort(nonNull.begin(), nonNull.end(), [&](int32_t x, int32_t y) {
        int c = Ops::compare(elems, x, elems, y);
        return ascending ? c < 0 : c > 0;
      });
      if (nullsFirst) {
        for (int32_t k = 0; k < nulls; ++k) out.add(-1);
      }
      for (int32_t e : nonNull) out.add(e);
      if (!nullsFirst) {
        for (int32_t k = 0; k < nulls; ++k) out.add(-1);
      }
      out.closeRow();
    }
  });
  return out.finish({arr.child(0)});
}

// array_sort(arr): ascending, nulls last. (The comparator-lambda form is not supported.)
Result<ResolvedScalar> resolveArraySort(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireArrayArg("array_sort", args, 0));
  SPATE_RETURN_IF_ERROR(requireOrderable("array_sort", *args[0]->type()->elementType()));
  TypePtr type = args[0]->type();
  ResolvedScalar r;
  r.type = type;
  r.handlesConstants = true;
  r.kernel = [type](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return sortArrays(*a[0], type, n, true, false);
  };
  return r;
}

// sort_array(arr[, ascending]): nulls first when ascending, last when descending.
Result<ResolvedScalar> resolveSortArray(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireArrayArg("sort_array", args, 0));
  SPATE_RETURN_IF_ERROR(requireOrderable("sort_array", *args[0]->type()->elementType()));
  bool ascending = true;
  if (args.size() == 2) {
    const Value* v = args[1]->literalValue();
    if (!v || args[1]->type()->id() != TypeId::kBoolean || v->isNull()) {
      return Status::TypeError("sort_array() expects a boolean literal as argument 2, but {} is {}",
                               args[1]->toString(), typeNameOf(args[1]));
    }
    ascending = v->asBool();
  }
  TypePtr type = args[0]->type();
  ResolvedScalar r;
  r.type = type;
  r.handlesConstants = true;
  r.kernel = [type, ascending](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return sortArrays(*a[0], type, n, ascending, ascending);
  };
  return r;
}

// array_min / array_max skip nulls; null for an empty or all-null array.
ScalarResolver extremeResolver(bool max) {
  return [max](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    const char* fn = max ? "array_max" : "array_min";
    SPATE_RETURN_IF_ERROR(requireArrayArg(fn, args, 0));
    SPATE_RETURN_IF_ERROR(requireOrderable(fn, *args[0]->type()->elementType()));
    ResolvedScalar r;
    r.type = args[0]->type()->elementType();
    r.handlesConstants = true;
    r.kernel = [max](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
      const Column& arr = *a[0];
      const Column& elems = *arr.child(0);
      std::vector<int32_t> idx(static_cast<size_t>(n), -1);
      dispatchElements(*elems.type(), [&]<typename Ops>() {
        for (int64_t i = 0; i < n; ++i) {
          if (arr.isNull(i)) continue;
          int32_t best = -1;
          for (int32_t e = arr.listBegin(i), end = arr.listEnd(i); e < end; ++e) {
            if (elems.isNull(e)) continue;
            if (best < 0) {
              best = e;
            } else {
              int c = Ops::compare(elems, e, elems, best);
              if (max ? c > 0 : c < 0) best = e;
            }
          }
          idx[static_cast<size_t>(i)] = best;
        }
      });
      return take(arr.child(0), idx.data(), n);
    };
    return r;
  };
}

// array_join(arr, delimiter[, nullReplacement]): null elements are skipped unless a
// replacement is given. Elements are cast to string as Spark's implicit cast does.
Result<ResolvedScalar> resolveArrayJoin(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireArrayArg("array_join", args, 0));
  SPATE_RETURN_IF_ERROR(castArgTo(args, 0, DataType::array(DataType::string()), "array_join"));
  for (size_t i = 1; i < args.size(); ++i) SPATE_RETURN_IF_ERROR(castArgTo(args, i, DataType::string(), "array_join"));
  ResolvedScalar r;
  r.type = DataType::string();
  r.handlesConstants = true;
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& arr = *a[0];
    const Column& elems = *arr.child(0);
    const Column& delim = *a[1];
    const Column* repl = a.size() > 2 ? a[2].get() : nullptr;
    return buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& out) {
      Buffer& buf = out.dataBuffer();
      std::string_view d = delim.stringAt(i);
      bool first = true;
      for (int32_t e = arr.listBegin(i), end = arr.listEnd(i); e < end; ++e) {
        std::string_view s;
        if (elems.isNull(e)) {
          if (!repl) continue;
          s = repl->stringAt(i);
        } else {
          s = elems.stringAt(e);
        }
        if (!first) buf.append(d.data(), static_cast<int64_t>(d.size()));
        buf.append(s.data(), static_cast<int64_t>(s.size()));
        first = false;
      }
      out.commit();
    });
  };
  return r;
}

// slice(arr, start, length): start is 1-based, negative from the end.
Result<ResolvedScalar> resolveSlice(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireArrayArg("slice", args, 0));
  SPATE_RETURN_IF_ERROR(castArgTo(args, 1, DataType::int_(), "slice"));
  SPATE_RETURN_IF_ERROR(castArgTo(args, 2, DataType::int_(), "slice"));
  TypePtr type = args[0]->type();
  ResolvedScalar r;
  r.type = type;
  r.handlesConstants = true;
  r.kernel = [type](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& arr = *a[0];
    GatherListBuilder out(type, n);
    for (int64_t i = 0; i < n; ++i) {
      if (arr.isNull(i) || a[1]->isNull(i) || a[2]->isNull(i)) {
        out.nullRow();
        continue;
      }
      int64_t start = a[1]->valueAt<int32_t>(i), length = a[2]->valueAt<int32_t>(i);
      if (start == 0) {
        return Status::ExecutionError(
            "[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in `slice` is invalid: Expects a "
            "positive or a negative value for `start`, but got 0.");
      }
      if (length < 0) {
        return Status::ExecutionError(
            "[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in `slice` is invalid: Expects "
            "`length` greater than or equal to 0, but got {}.",
            length);
      }
      int64_t b = arr.listBegin(i), len = arr.listEnd(i) - b;
      int64_t from = start > 0 ? start - 1 : len + start;
      if (from >= 0 && from < len) {
        for (int64_t e = from; e < std::min(len, from + length); ++e) out.add(static_cast<int32_t>(b + e));
      }
      out.closeRow();
    }
    return out.finish({arr.child(0)});
  };
  return r;
}

// flatten(array<array<T>>): the inner arrays of a row are contiguous in the inner
// element column, so the result shares it and only needs new offsets. A row with a
// null inner array is null.
Result<ResolvedScalar> resolveFlatten(std::vector<BoundExprPtr>& args) {
  if (args[0]->type()->id() == TypeId::kNull) {
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::array(DataType::array(DataType::null()))));
  }
  SPATE_RETURN_IF_ERROR(requireArrayArg("flatten", args, 0));
  const TypePtr& inner = args[0]->type()->elementType();
  if (inner->id() != TypeId::kArray) {
    return Status::TypeError("flatten() expects an array of arrays, but {} is {}", args[0]->toString(),
                             typeNameOf(args[0]));
  }
  TypePtr type = inner;
  ResolvedScalar r;
  r.type = type;
  r.kernel = [type](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& outer = *a[0];
    const Column& arrays = *outer.child(0);
    const int32_t* o = outer.offsets();
    const int32_t* p = arrays.offsets();
    BufferPtr offsets = allocateBuffer((n + 1) * 4);
    int32_t* out = offsets->as<int32_t>();
    ValidityBuilder validity;
    for (int64_t i = 0; i <= n; ++i) out[i] = p[o[i]];
    for (int64_t i = 0; i < n; ++i) {
      bool null = outer.isNull(i);
      for (int32_t e = o[i]; e < o[i + 1] && !null && arrays.mayHaveNulls(); ++e) null = arrays.isNull(e);
      if (null) validity.setNull(i, n);
    }
    return makeListColumn(type, n, validity.finish(n), offsets, {arrays.child(0)});
  };
  return r;
}

// arrays_zip(a1, a2, ...): array of structs, as long as the longest input; missing
// elements are null. Fields are named after column arguments, else "0", "1", ...
Result<ResolvedScalar> resolveArraysZip(std::vector<BoundExprPtr>& args) {
  std::vector<Field> fields;
  for (size_t i = 0; i < args.size(); ++i) {
    SPATE_RETURN_IF_ERROR(requireArrayArg("arrays_zip", args, i));
    std::string name = fieldNameOf(args[i]);
    fields.push_back({name.empty() ? std::to_string(i) : name, args[i]->type()->elementType(), true});
  }
  TypePtr elem = DataType::struct_(std::move(fields));
  TypePtr type = DataType::array(elem, false);
  ResolvedScalar r;
  r.type = type;
  r.handlesConstants = true;
  r.kernel = [type, elem](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    size_t k = a.size();
    std::vector<std::vector<int32_t>> idx(k);
    BufferPtr offsets = allocateBuffer((n + 1) * 4);
    int32_t* o = offsets->as<int32_t>();
    o[0] = 0;
    ValidityBuilder validity;
    int32_t total = 0;
    for (int64_t i = 0; i < n; ++i) {
      bool null = false;
      int32_t longest = 0;
      for (const auto& c : a) {
        null = null || c->isNull(i);
        if (!null) longest = std::max(longest, c->listEnd(i) - c->listBegin(i));
      }
      if (null) {
        validity.setNull(i, n);
      } else {
        for (size_t j = 0; j < k; ++j) {
          int32_t b = a[j]->listBegin(i), len = a[j]->listEnd(i) - b;
          for (int32_t e = 0; e < longest; ++e) idx[j].push_back(e < len ? b + e : -1);
        }
        total += longest;
      }
      o[i + 1] = total;
    }
    std::vector<ColumnPtr> kids;
    for (size_t j = 0; j < k; ++j) kids.push_back(take(a[j]->child(0), idx[j].data(), total));
    ColumnPtr structs = std::make_shared<Column>(elem, total, nullptr, nullptr, nullptr, std::move(kids));
    return makeListColumn(type, n, validity.finish(n), offsets, {structs});
  };
  return r;
}

}  // namespace

void registerArrayTransforms(FunctionRegistry& r) {
  r.addScalar({"array_distinct", 1, 1, resolveArrayDistinct});
  r.addScalar({"array_sort", 1, 1, resolveArraySort});
  r.addScalar({"sort_array", 1, 2, resolveSortArray});
  r.addScalar({"array_min", 1, 1, extremeResolver(false)});
  r.addScalar({"array_max", 1, 1, extremeResolver(true)});
  r.addScalar({"array_join", 2, 3, resolveArrayJoin});
  r.addScalar({"slice", 3, 3, resolveSlice});
  r.addScalar({"flatten", 1, 1, resolveFlatten});
  r.addScalar({"arrays_zip", 1, -1, resolveArraysZip});
}

}  // namespace spate
