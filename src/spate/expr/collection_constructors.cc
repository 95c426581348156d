// Constructors of nested values: array(...), map(...), struct(...), named_struct(...),
// map_from_arrays(keys, values). Arguments are coerced to a common element (key,
// value) type as Spark's findWiderCommonType does. Maps follow Spark's default
// spark.sql.mapKeyDedupPolicy=EXCEPTION: a null or duplicate key is an error.

#include "spate/columnar/selection.h"
#include "spate/expr/cast.h"
#include "spate/expr/collection_functions.h"
#include "spate/expr/collection_util.h"

namespace spate {

namespace {

std::string typeList(const std::vector<BoundExprPtr>& args, size_t first, size_t step) {
  std::string s;
  for (size_t i = first; i < args.size(); i += step) s += (s.empty() ? "" : ", ") + args[i]->type()->simpleString();
  return "[" + s + "]";
}

// Casts args[first], args[first+step], ... to their common type.
Result<TypePtr> coerceToCommon(const char* fn, const char* what, std::vector<BoundExprPtr>& args, size_t first,
                               size_t step) {
  std::vector<TypePtr> types;
  for (size_t i = first; i < args.size(); i += step) types.push_back(args[i]->type());
  TypePtr common = commonNestedType(types);
  if (!common) {
    return Status::TypeError("{}() expects {} of one common type, but got {}", fn, what, typeList(args, first, step));
  }
  for (size_t i = first; i < args.size(); i += step) {
    SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], common));
  }
  return common;
}

bool anyNullable(const std::vector<BoundExprPtr>& args, size_t first, size_t step) {
  for (size_t i = first; i < args.size(); i += step) {
    if (args[i]->nullable()) return true;
  }
  return false;
}

// Interleaves k columns of n rows into one column of n*k values, row-major: the
// elements of array(c1, ..., ck) row r are values r*k .. r*k+k-1.
ColumnPtr interleave(const std::vector<ColumnPtr>& cols, int64_t n) {
  if (cols.size() == 1) return cols[0];
  auto k = static_cast<int64_t>(cols.size());
  ColumnPtr all = concatColumns(cols);
  std::vector<int32_t> idx(static_cast<size_t>(n * k));
  for (int64_t r = 0; r < n; ++r) {
    for (int64_t j = 0; j < k; ++j) idx[static_cast<size_t>(r * k + j)] = static_cast<int32_t>(j * n + r);
  }
  return take(all, idx.data(), n * k);
}

BufferPtr evenOffsets(int64_t n, int64_t k) {
  BufferPtr offsets = allocateBuffer((n + 1) * 4);
  int32_t* o = offsets->as<int32_t>();
  for (int64_t r = 0; r <= n; ++r) o[r] = static_cast<int32_t>(r * k);
  return offsets;
}

}  // namespace

Status checkMapKeys(const Column& keys, const int32_t* offsets, const uint8_t* validity, int64_t n) {
  if (keys.mayHaveNulls()) {
    for (int64_t r = 0; r < n; ++r) {
      if (validity && !bits::get(validity, r)) continue;
      for (int32_t e = offsets[r]; e < offsets[r + 1]; ++e) {
        if (keys.isNull(e)) return Status::ExecutionError("[NULL_MAP_KEY] Cannot use null as map key.");
      }
    }
  }
  return dispatchElements(*keys.type(), [&]<typename Ops>() -> Status {
    ElementSet<Ops> seen(keys);
    for (int64_t r = 0; r < n; ++r) {
      if ((validity && !bits::get(validity, r)) || offsets[r + 1] - offsets[r] < 2) continue;
      seen.clear();
      for (int32_t e = offsets[r]; e < offsets[r + 1]; ++e) {
        if (!seen.insert(e)) {
          return Status::ExecutionError(
              "[DUPLICATED_MAP_KEY] Duplicate map key {} was found, please check the input data. If you want to "
              "remove the duplicated keys, you can set spark.sql.mapKeyDedupPolicy to \"LAST_WIN\" so that the key "
              "inserted at last takes precedence.",
              keys.valueAt(e).toString(*keys.type()));
        }
      }
    }
    return Status::OK();
  });
}

namespace {

Result<ResolvedScalar> resolveArray(std::vector<BoundExprPtr>& args) {
  SPATE_ASSIGN_OR_RETURN(TypePtr elem, coerceToCommon("array", "arguments", args, 0, 1));
  TypePtr type = DataType::array(elem, anyNullable(args, 0, 1));
  ResolvedScalar r;
  r.type = type;
  r.nullable = false;
  r.kernel = [type](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    auto k = static_cast<int64_t>(a.size());
    ColumnPtr elements = k == 0 ? Column::nulls(type->elementType(), 0) : interleave(a, n);
    return makeListColumn(type, n, nullptr, evenOffsets(n, k), {elements});
  };
  return r;
}

Result<ResolvedScalar> resolveMap(std::vector<BoundExprPtr>& args) {
  if (args.size() % 2 != 0) {
    return Status::TypeError("map() expects an even number of arguments (key1, value1, key2, value2, ...), but got {}",
                             args.size());
  }
  SPATE_ASSIGN_OR_RETURN(TypePtr key, coerceToCommon("map", "keys", args, 0, 2));
  SPATE_ASSIGN_OR_RETURN(TypePtr value, coerceToCommon("map", "values", args, 1, 2));
  if (key->id() == TypeId::kMap) return Status::TypeError("map() keys cannot be maps, but got {}", key->simpleString());
  TypePtr type = DataType::map(key, value, anyNullable(args, 1, 2));
  ResolvedScalar r;
  r.type = type;
  r.nullable = false;
  r.kernel = [type](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    auto k = static_cast<int64_t>(a.size() / 2);
    std::vector<ColumnPtr> keyCols, valueCols;
    for (size_t i = 0; i < a.size(); ++i) (i % 2 == 0 ? keyCols : valueCols).push_back(a[i]);
    ColumnPtr keys = k == 0 ? Column::nulls(type->keyType(), 0) : interleave(keyCols, n);
    ColumnPtr values = k == 0 ? Column::nulls(type->valueType(), 0) : interleave(valueCols, n);
    BufferPtr offsets = evenOffsets(n, k);
    SPATE_RETURN_IF_ERROR(checkMapKeys(*keys, offsets->as<int32_t>(), nullptr, n));
    return makeListColumn(type, n, nullptr, offsets, {keys, values});
  };
  return r;
}

ScalarKernel structKernel(TypePtr type) {
  return [type](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return std::make_shared<Column>(type, n, nullptr, nullptr, nullptr, a);
  };
}

Result<ResolvedScalar> resolveStruct(std::vector<BoundExprPtr>& args) {
  std::vector<Field> fields;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = fieldNameOf(args[i]);
    if (name.empty()) name = "col" + std::to_string(i + 1);
    fields.push_back({name, args[i]->type(), args[i]->nullable()});
  }
  TypePtr type = DataType::struct_(std::move(fields));
  return ResolvedScalar{type, false, structKernel(type)};
}

// named_struct('a', x, 'b', y): the names are literals; only the values stay arguments.
Result<ResolvedScalar> resolveNamedStruct(std::vector<BoundExprPtr>& args) {
  if (args.size() % 2 != 0) {
    return Status::TypeError("named_struct() expects an even number of arguments (name1, value1, ...), but got {}",
                             args.size());
  }
  std::vector<Field> fields;
  std::vector<BoundExprPtr> values;
  for (size_t i = 0; i < args.size(); i += 2) {
    const Value* name = args[i]->literalValue();
    if (!name || name->isNull() || args[i]->type()->id() != TypeId::kString) {
      return Status::TypeError(
          "named_struct() expects a string literal as field name at position {}, but got {} of type {}", i + 1,
          args[i]->toString(), args[i]->type()->simpleString());
    }
    fields.push_back({name->asString(), args[i + 1]->type(), args[i + 1]->nullable()});
    values.push_back(args[i + 1]);
  }
  TypePtr type = DataType::struct_(std::move(fields));
  ResolvedScalar r{type, false, nullptr};
  // The kernel receives every argument, the constant names too; it keeps the values.
  r.kernel = [type](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    std::vector<ColumnPtr> kids;
    for (size_t i = 1; i < a.size(); i += 2) kids.push_back(Column::flatten(a[i]));
    return std::make_shared<Column>(type, n, nullptr, nullptr, nullptr, std::move(kids));
  };
  r.handlesConstants = true;
  return r;
}

Result<ResolvedScalar> resolveMapFromArrays(std::vector<BoundExprPtr>& args) {
  for (size_t i = 0; i < 2; ++i) {
    if (args[i]->type()->id() == TypeId::kNull) {
      SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], DataType::array(DataType::null())));
    }
    if (args[i]->type()->id() != TypeId::kArray) {
      return Status::TypeError("map_from_arrays() expects arrays as arguments, but {} is {}", args[i]->toString(),
                               typeNameOf(args[i]));
    }
  }
  const TypePtr& vt = args[1]->type();
  TypePtr type = DataType::map(args[0]->type()->elementType(), vt->elementType(), vt->containsNull());
  ResolvedScalar r;
  r.type = type;
  r.kernel = [type](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& ka = *a[0];
    const Column& va = *a[1];
    BufferPtr offsets = allocateBuffer((n + 1) * 4);
    int32_t* o = offsets->as<int32_t>();
    o[0] = 0;
    ValidityBuilder validity;
    std::vector<int32_t> keyIdx, valueIdx;
    for (int64_t r = 0; r < n; ++r) {
      if (ka.isNull(r) || va.isNull(r)) {
        validity.setNull(r, n);
      } else {
        int32_t kb = ka.listBegin(r), ke = ka.listEnd(r), vb = va.listBegin(r);
        if (ke - kb != va.listEnd(r) - vb) {
          return Status::ExecutionError(
              "map_from_arrays() needs key and value arrays of the same length, but got {} keys and {} values",
              ke - kb, va.listEnd(r) - vb);
        }
        for (int32_t e = 0; e < ke - kb; ++e) {
          keyIdx.push_back(kb + e);
          valueIdx.push_back(vb + e);
        }
      }
      o[r + 1] = static_cast<int32_t>(keyIdx.size());
    }
    auto m = static_cast<int64_t>(keyIdx.size());
    ColumnPtr keys = take(ka.child(0), keyIdx.data(), m);
    ColumnPtr values = take(va.child(0), valueIdx.data(), m);
    BufferPtr valid = validity.finish(n);
    SPATE_RETURN_IF_ERROR(checkMapKeys(*keys, o, valid ? valid->data() : nullptr, n));
    return makeListColumn(type, n, valid, offsets, {keys, values});
  };
  r.handlesConstants = true;
  return r;
}

}  // namespace

void registerCollectionConstructors(FunctionRegistry& r) {
  r.addScalar({"array", 0, -1, resolveArray});
  r.addScalar({"map", 0, -1, resolveMap});
  r.addScalar({"struct", 0, -1, resolveStruct});
  r.addScalar({"named_struct", 2, -1, resolveNamedStruct});
  r.addScalar({"map_from_arrays", 2, 2, resolveMapFromArrays});
}

}  // namespace spate
