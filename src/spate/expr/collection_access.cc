// Reading arrays and maps: size/cardinality, element_at, get (the a[i] subscript),
// array_contains, array_position, map_keys, map_values, map_contains_key.
// Non-ANSI Spark: an index out of range gives null, not an error; size(null) is -1
// (spark.sql.legacy.sizeOfNull=true, Spark's default when ANSI mode is off).
// Lookups compute one element index per row and gather the results with a single
// take() of the element column.

#include <immintrin.h>

#include <bit>
#include <cstring>

#include "spate/columnar/selection.h"
#include "spate/expr/cast.h"
#include "spate/expr/collection_functions.h"
#include "spate/expr/collection_util.h"
#include "spate/expr/regex_engine.h"
#include "spate/expr/string_util.h"
#include "spate/expr/type_coercion.h"

namespace spate {

namespace {

// A null literal where an array is expected becomes an array<null>, as Spark's
// implicit cast of NullType.
Status requireArray(const char* fn, std::vector<BoundExprPtr>& args, size_t i) {
  if (args[i]->type()->id() == TypeId::kNull) {
    SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], DataType::array(DataType::null())));
  }
  if (args[i]->type()->id() != TypeId::kArray) {
    return Status::TypeError("{}() expects an array as argument {}, but {} is {}", fn, i + 1, args[i]->toString(),
                             typeNameOf(args[i]));
  }
  return Status::OK();
}

Status requireMap(const char* fn, std::vector<BoundExprPtr>& args, size_t i) {
  if (args[i]->type()->id() == TypeId::kNull) {
    SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], DataType::map(DataType::null(), DataType::null())));
  }
  if (args[i]->type()->id() != TypeId::kMap) {
    return Status::TypeError("{}() expects a map as argument {}, but {} is {}", fn, i + 1, args[i]->toString(),
                             typeNameOf(args[i]));
  }
  return Status::OK();
}

// Casts an index argument to int, as Spark's implicit cast of numbers and strings.
Status requireIndex(const char* fn, std::vector<BoundExprPtr>& args, size_t i) {
  const DataType& t = *args[i]->type();
  if (!t.isIntegral() && t.id() != TypeId::kNull && t.id() != TypeId::kString && !t.isNumeric()) {
    return Status::TypeError("{}() expects an int index as argument {}, but {} is {}", fn, i + 1, args[i]->toString(),
                             t.simpleString());
  }
  SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], DataType::int_()));
  return Status::OK();
}

// Brings an array's element type and a value to one type for comparisons, without
// promoting to string (Spark's findWiderTypeWithoutStringPromotion).
Status coerceElementAndValue(const char* fn, std::vector<BoundExprPtr>& args) {
  const TypePtr& e = args[0]->type()->elementType();
  const TypePtr& v = args[1]->type();
  if (typesEqual(e, v)) return Status::OK();
  TypePtr w;
  bool stringVsOther = (e->id() == TypeId::kString) != (v->id() == TypeId::kString) &&
                       e->id() != TypeId::kNull && v->id() != TypeId::kNull;
  if (!stringVsOther) w = widerType(e, v);
  if (!w) {
    return Status::TypeError("{}() expects a value of the array's element type {}, but {} is {}", fn,
                             e->simpleString(), args[1]->toString(), v->simpleString());
  }
  if (!typesEqual(w, e)) {
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::array(w, args[0]->type()->containsNull())));
  }
  SPATE_ASSIGN_OR_RETURN(args[1], makeCast(args[1], w));
  return Status::OK();
}

Result<ResolvedScalar> resolveSize(std::vector<BoundExprPtr>& args) {
  if (args[0]->type()->id() != TypeId::kMap) SPATE_RETURN_IF_ERROR(requireArray("size", args, 0));
  ResolvedScalar r;
  r.type = DataType::int_();
  r.nullable = false;
  r.handlesConstants = true;
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& c = *a[0];
    FixedColumnBuilder<int32_t> out(DataType::int_(), n);
    int32_t* o = out.data();
    for (int64_t i = 0; i < n; ++i) o[i] = c.isNull(i) ? -1 : c.listEnd(i) - c.listBegin(i);
    return out.finish();
  };
  return r;
}

// 1-based with negative indices counting from the end (element_at), or 0-based (get).
ScalarKernel arrayIndexKernel(bool oneBased) {
  return [oneBased](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& arr = *a[0];
    const Column& index = *a[1];
    std::vector<int32_t> idx(static_cast<size_t>(n), -1);
    for (int64_t i = 0; i < n; ++i) {
      if (arr.isNull(i) || index.isNull(i)) continue;
      int32_t b = arr.listBegin(i), len = arr.listEnd(i) - b;
      int64_t k = index.valueAt<int32_t>(i);
      if (oneBased) {
        if (k == 0) {
          return Status::ExecutionError(
              "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first "
              "element has index 1).");
        }
        if (k > 0 && k <= len) idx[static_cast<size_t>(i)] = static_cast<int32_t>(b + k - 1);
        if (k < 0 && -k <= len) idx[static_cast<size_t>(i)] = static_cast<int32_t>(b + len + k);
      } else if (k >= 0 && k < len) {
        idx[static_cast<size_t>(i)] = static_cast<int32_t>(b + k);
      }
    }
    return take(arr.child(0), idx.data(), n);
  };
}

// split(s, delimiter)[k] with a literal delimiter and index: piece k of each string,
// found in place, rather than every piece copied into an array and one taken from it.
// Java's split (limit -1) of a non-empty literal gives exactly the pieces between its
// occurrences, leading and trailing empty ones included.
struct SplitPiece {
  std::string delimiter;
  int64_t index = 0;
};

std::optional<SplitPiece> splitPieceOf(const std::vector<BoundExprPtr>& args) {
  const std::string* fn = args[0]->functionName();
  int64_t index;
  if (!fn || *fn != "split" || args[0]->children().size() != 2 || !literalInt(args[1], index) || index < 0) {
    return std::nullopt;
  }
  const std::string* pattern = literalString(args[0]->children()[1]);
  if (!pattern) return std::nullopt;
  auto regex = compileJavaRegex(*pattern);
  if (!regex.ok() || !(*regex)->isLiteral || (*regex)->literal.empty()) return std::nullopt;
  return SplitPiece{(*regex)->literal, index};
}

// Bit i set where p[i] == c, for the bytes at p before end (at most 16). The 16 are
// loaded in place when they lie before limit (the end of the column's bytes): only a string
// at the very end of its column is copied out first.
inline uint32_t bytesEqual16(const char* p, const char* end, const char* limit, char c) {
  const auto avail = static_cast<size_t>(end - p);
  __m128i block;
  if (limit - p >= 16) {
    block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  } else {
    alignas(16) char tail[16] = {};
    std::memcpy(tail, p, std::min<size_t>(avail, 16));
    block = _mm_load_si128(reinterpret_cast<const __m128i*>(tail));
  }
  auto bits = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(c))));
  return avail >= 16 ? bits : bits & ((1u << avail) - 1);
}

// Piece k of v split at the byte c, 16 bytes at a time; false when v has fewer pieces.
bool pieceAt(std::string_view v, const char* limit, char c, int64_t k, size_t& from, size_t& end) {
  const size_t n = v.size();
  const char* vEnd = v.data() + n;
  size_t pos = 0;
  from = 0;
  while (k > 0) {
    if (pos >= n) return false;
    uint32_t bits = bytesEqual16(v.data() + pos, vEnd, limit, c);
    const int count = std::popcount(bits);
    if (count >= k) {
      for (int64_t j = 1; j < k; ++j) bits &= bits - 1;  // drop the occurrences before the k-th
      from = pos + static_cast<size_t>(std::countr_zero(bits)) + 1;
      break;
    }
    k -= count;
    pos += 16;
  }
  for (pos = from; pos < n; pos += 16) {
    if (uint32_t bits = bytesEqual16(v.data() + pos, vEnd, limit, c)) {
      end = pos + static_cast<size_t>(std::countr_zero(bits));
      return true;
    }
  }
  end = n;
  return true;
}

Result<ColumnPtr> splitPieces(const Column& s, const SplitPiece& piece, int64_t n) {
  // A piece is never longer than its string: room for all of them at once (but one
  // for a constant).
  const int64_t bytes = s.dataBuffer() ? s.dataBuffer()->size() : 0;
  StringColumnBuilder out(DataType::string(), n, bytes);
  const char* limit = s.stringData() + bytes;
  const std::string_view d = piece.delimiter;
  const bool mayBeNull = s.mayHaveNulls();
  for (int64_t i = 0; i < n; ++i) {
    if (mayBeNull && s.isNull(i)) {
      out.appendNull();
      continue;
    }
    std::string_view v = s.stringAt(i);
    size_t from = 0, end = v.size();
    int64_t k = piece.index;
    if (d.size() == 1) {
      if (pieceAt(v, limit, d[0], k, from, end)) k = 0;
    } else {
      for (; k > 0 && from != std::string_view::npos; --k) {
        from = v.find(d, from);
        if (from != std::string_view::npos) from += d.size();
      }
      if (from != std::string_view::npos) end = std::min(v.find(d, from), v.size());
    }
    if (k > 0 || from == std::string_view::npos) {
      out.appendNull();
      continue;
    }
    out.append(v.substr(from, end - from));
  }
  return out.finish();
}

// The value of key a[1] in map a[0] for each row: a linear scan of the row's keys.
Result<ColumnPtr> mapLookup(const std::vector<ColumnPtr>& a, int64_t n) {
  const Column& map = *a[0];
  const Column& key = *a[1];
  const Column& keys = *map.child(0);
  std::vector<int32_t> idx(static_cast<size_t>(n), -1);
  dispatchElements(*keys.type(), [&]<typename Ops>() {
    for (int64_t i = 0; i < n; ++i) {
      if (map.isNull(i) || key.isNull(i)) continue;
      for (int32_t e = map.listBegin(i), end = map.listEnd(i); e < end; ++e) {
        if (Ops::equal(keys, e, key, i)) {
          idx[static_cast<size_t>(i)] = e;
          break;
        }
      }
    }
  });
  return take(map.child(1), idx.data(), n);
}

Status coerceMapKey(const char* fn, std::vector<BoundExprPtr>& args) {
  const TypePtr& k = args[0]->type()->keyType();
  if (k->id() == TypeId::kNull) return Status::OK();  // map(): no key can match
  if (!canCast(*args[1]->type(), *k)) {
    return Status::TypeError("{}() expects a key of the map's key type {}, but {} is {}", fn, k->simpleString(),
                             args[1]->toString(), typeNameOf(args[1]));
  }
  SPATE_ASSIGN_OR_RETURN(args[1], makeCast(args[1], k));
  return Status::OK();
}

// element_at(array, index) / element_at(map, key); get(array, index) / get(map, key).
ScalarResolver elementResolver(bool oneBased) {
  const char* fn = oneBased ? "element_at" : "get";
  return [oneBased, fn](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    ResolvedScalar r;
    r.handlesConstants = true;
    if (args[0]->type()->id() == TypeId::kMap) {
      SPATE_RETURN_IF_ERROR(coerceMapKey(fn, args));
      r.type = args[0]->type()->valueType();
      r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) { return mapLookup(a, n); };
      return r;
    }
    if (args[0]->type()->id() != TypeId::kArray && args[0]->type()->id() != TypeId::kNull) {
      return Status::TypeError("{}() expects an array or a map as argument 1, but {} is {}", fn, args[0]->toString(),
                               typeNameOf(args[0]));
    }
    SPATE_RETURN_IF_ERROR(requireArray(fn, args, 0));
    SPATE_RETURN_IF_ERROR(requireIndex(fn, args, 1));
    r.type = args[0]->type()->elementType();
    if (std::optional<SplitPiece> piece = oneBased ? std::nullopt : splitPieceOf(args)) {
      // get(split(s, d), k) becomes get(s, d, k): s is all the kernel reads.
      args = {args[0]->children()[0], args[0]->children()[1], args[1]};
      r.kernel = [piece = *piece](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) {
        return splitPieces(*a[0], piece, n);
      };
      return r;
    }
    r.kernel = arrayIndexKernel(oneBased);
    return r;
  };
}

// array_contains: true if found; else null when the array holds a null; else false.
Result<ResolvedScalar> resolveArrayContains(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireArray("array_contains", args, 0));
  SPATE_RETURN_IF_ERROR(coerceElementAndValue("array_contains", args));
  ResolvedScalar r;
  r.type = DataType::boolean();
  r.handlesConstants = true;
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& arr = *a[0];
    const Column& v = *a[1];
    const Column& elems = *arr.child(0);
    BooleanColumnBuilder out(n);
    dispatchElements(*elems.type(), [&]<typename Ops>() {
      for (int64_t i = 0; i < n; ++i) {
        if (arr.isNull(i) || v.isNull(i)) {
          out.setNull(i);
          continue;
        }
        bool found = false, sawNull = false;
        for (int32_t e = arr.listBegin(i), end = arr.listEnd(i); e < end && !found; ++e) {
          if (elems.isNull(e)) sawNull = true;
          else found = Ops::equal(elems, e, v, i);
        }
        if (found) out.set(i, true);
        else if (sawNull) out.setNull(i);
      }
    });
    return out.finish();
  };
  return r;
}

// array_position: 1-based position of the first equal element, 0 when absent.
Result<ResolvedScalar> resolveArrayPosition(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireArray("array_position", args, 0));
  SPATE_RETURN_IF_ERROR(coerceElementAndValue("array_position", args));
  ResolvedScalar r;
  r.type = DataType::long_();
  r.handlesConstants = true;
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& arr = *a[0];
    const Column& v = *a[1];
    const Column& elems = *arr.child(0);
    return dispatchElements(*elems.type(), [&]<typename Ops>() {
      return buildFixed<int64_t>(n, DataType::long_(), a, [&](int64_t i) -> int64_t {
        int32_t b = arr.listBegin(i);
        for (int32_t e = b, end = arr.listEnd(i); e < end; ++e) {
          if (elems.isValid(e) && Ops::equal(elems, e, v, i)) return e - b + 1;
        }
        return 0;
      });
    });
  };
  return r;
}

// map_keys / map_values share the map's offsets and validity: no copy.
ScalarResolver mapPartResolver(bool keys) {
  return [keys](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(requireMap(keys ? "map_keys" : "map_values", args, 0));
    const DataType& m = *args[0]->type();
    TypePtr type = keys ? DataType::array(m.keyType(), false) : DataType::array(m.valueType(), m.valueContainsNull());
    ResolvedScalar r;
    r.type = type;
    r.handlesConstants = true;
    r.kernel = [type, keys](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
      const Column& c = *a[0];
      return makeListColumn(type, n, c.validityBuffer(), c.valuesBuffer(), {c.child(keys ? 0 : 1)}, c.isConstant());
    };
    return r;
  };
}

Result<ResolvedScalar> resolveMapContainsKey(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireMap("map_contains_key", args, 0));
  SPATE_RETURN_IF_ERROR(coerceMapKey("map_contains_key", args));
  ResolvedScalar r;
  r.type = DataType::boolean();
  r.handlesConstants = true;
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& map = *a[0];
    const Column& key = *a[1];
    const Column& keys = *map.child(0);
    return dispatchElements(*keys.type(), [&]<typename Ops>() {
      return buildBooleans(n, a, [&](int64_t i) {
        for (int32_t e = map.listBegin(i), end = map.listEnd(i); e < end; ++e) {
          if (Ops::equal(keys, e, key, i)) return true;
        }
        return false;
      });
    });
  };
  return r;
}

}  // namespace

void registerCollectionAccessors(FunctionRegistry& r) {
  r.addScalar({"size", 1, 1, resolveSize});
  r.addAlias("cardinality", "size");
  r.addScalar({"element_at", 2, 2, elementResolver(true)});
  r.addScalar({"get", 2, 2, elementResolver(false)});
  r.addScalar({"array_contains", 2, 2, resolveArrayContains});
  r.addScalar({"array_position", 2, 2, resolveArrayPosition});
  r.addScalar({"map_keys", 1, 1, mapPartResolver(true)});
  r.addScalar({"map_values", 1, 1, mapPartResolver(false)});
  r.addScalar({"map_contains_key", 2, 2, resolveMapContainsKey});
}

}  // namespace spate
