// Generators: explode, explode_outer, posexplode, posexplode_outer, inline,
// inline_outer, stack. A kernel walks the list offsets once to find, for every output
// row, its source row and element index, then gathers each output column with one
// take(); when every element is used in order, the element column is shared as is.
// The _outer forms emit one row of nulls for a null or empty input, so an operator
// needs nothing more to implement them.

#include "spate/columnar/selection.h"
#include "spate/expr/cast.h"
#include "spate/expr/collection_util.h"
#include "spate/expr/function_registry.h"

namespace spate {

namespace {

struct Expansion {
  std::vector<int32_t> sourceRows;
  std::vector<int32_t> elements;  // -1: the null row of an _outer generator
  std::vector<int32_t> positions;
};

Expansion expand(const Column& lists, int64_t n, bool outer, bool withPositions) {
  Expansion x;
  int64_t total = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (lists.isValid(i)) total += lists.listEnd(i) - lists.listBegin(i);
  }
  x.sourceRows.reserve(static_cast<size_t>(total));
  x.elements.reserve(static_cast<size_t>(total));
  for (int64_t i = 0; i < n; ++i) {
    auto src = static_cast<int32_t>(i);
    int32_t b = lists.isValid(i) ? lists.listBegin(i) : 0;
    int32_t e = lists.isValid(i) ? lists.listEnd(i) : 0;
    if (b == e) {
      if (outer) {
        x.sourceRows.push_back(src);
        x.elements.push_back(-1);
        if (withPositions) x.positions.push_back(-1);
      }
      continue;
    }
    for (int32_t k = b; k < e; ++k) {
      x.sourceRows.push_back(src);
      x.elements.push_back(k);
      if (withPositions) x.positions.push_back(k - b);
    }
  }
  return x;
}

// The element column gathered for the output rows, or the column itself when the
// output uses each of its elements once, in order (no nulls, no gaps).
ColumnPtr gather(const ColumnPtr& elements, const std::vector<int32_t>& idx) {
  auto m = static_cast<int64_t>(idx.size());
  bool identity = m == elements->length();
  for (int64_t i = 0; i < m && identity; ++i) identity = idx[static_cast<size_t>(i)] == i;
  if (identity) return elements;
  return take(elements, idx.data(), m);
}

ColumnPtr positionColumn(const std::vector<int32_t>& positions) {
  auto m = static_cast<int64_t>(positions.size());
  FixedColumnBuilder<int32_t> out(DataType::int_(), m);
  int32_t* o = out.data();
  for (int64_t i = 0; i < m; ++i) {
    o[i] = positions[static_cast<size_t>(i)];
    if (o[i] < 0) out.setNull(i);
  }
  return out.finish();
}

// A struct column's fields as columns of their own, null where the struct is null.
std::vector<ColumnPtr> splitStruct(const ColumnPtr& s) {
  std::vector<ColumnPtr> out;
  for (const auto& f : s->children()) {
    if (!s->mayHaveNulls()) {
      out.push_back(f);
      continue;
    }
    BufferPtr validity = combineValidity({s, f}, s->length());
    out.push_back(std::make_shared<Column>(f->type(), f->length(), validity, f->valuesBuffer(), f->dataBuffer(),
                                           f->children()));
  }
  return out;
}

GeneratorResolver explodeResolver(const char* name, bool outer, bool withPositions) {
  return [name, outer, withPositions](std::vector<BoundExprPtr>& args) -> Result<ResolvedGenerator> {
    TypeId t = args[0]->type()->id();
    if (t == TypeId::kNull) {
      SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::array(DataType::null())));
      t = TypeId::kArray;
    }
    if (t != TypeId::kArray && t != TypeId::kMap) {
      return Status::TypeError("{}() expects an array or a map, but {} is {}", name, args[0]->toString(),
                               typeNameOf(args[0]));
    }
    ResolvedGenerator g;
    if (withPositions) g.outputFields.push_back({"pos", DataType::int_(), outer});
    const DataType& type = *args[0]->type();
    if (t == TypeId::kArray) {
      g.outputFields.push_back({"col", type.elementType(), true});
    } else {
      g.outputFields.push_back({"key", type.keyType(), outer});
      g.outputFields.push_back({"value", type.valueType(), true});
    }
    g.kernel = [outer, withPositions](const std::vector<ColumnPtr>& a, int64_t n) -> Result<GeneratorOutput> {
      ColumnPtr lists = Column::flatten(a[0]);
      Expansion x = expand(*lists, n, outer, withPositions);
      GeneratorOutput out;
      if (withPositions) out.columns.push_back(positionColumn(x.positions));
      for (const auto& child : lists->children()) out.columns.push_back(gather(child, x.elements));
      out.sourceRows = std::move(x.sourceRows);
      return out;
    };
    return g;
  };
}

GeneratorResolver inlineResolver(const char* name, bool outer) {
  return [name, outer](std::vector<BoundExprPtr>& args) -> Result<ResolvedGenerator> {
    const DataType& type = *args[0]->type();
    if (type.id() != TypeId::kArray || type.elementType()->id() != TypeId::kStruct) {
      return Status::TypeError("{}() expects an array of structs, but {} is {}", name, args[0]->toString(),
                               type.simpleString());
    }
    ResolvedGenerator g;
    for (const auto& f : type.elementType()->fields()) g.outputFields.push_back({f.name, f.type, true});
    g.kernel = [outer](const std::vector<ColumnPtr>& a, int64_t n) -> Result<GeneratorOutput> {
      ColumnPtr lists = Column::flatten(a[0]);
      Expansion x = expand(*lists, n, outer, false);
      GeneratorOutput out;
      out.columns = splitStruct(gather(lists->child(0), x.elements));
      out.sourceRows = std::move(x.sourceRows);
      return out;
    };
    return g;
  };
}

// stack(n, e1, ..., ek): n rows per input row of ceil(k/n) columns col0, col1, ...;
// the last row is padded with nulls.
Result<ResolvedGenerator> resolveStack(std::vector<BoundExprPtr>& args) {
  const Value* v = args[0]->literalValue();
  if (!v || v->isNull() || !args[0]->type()->isIntegral() || v->asInt() <= 0) {
    return Status::TypeError("stack() expects a positive int literal as the number of rows, but got {}",
                             args[0]->toString());
  }
  int64_t rows = v->asInt();
  auto k = static_cast<int64_t>(args.size()) - 1;
  int64_t cols = (k + rows - 1) / rows;
  ResolvedGenerator g;
  std::vector<TypePtr> colTypes;
  for (int64_t j = 0; j < cols; ++j) {
    std::vector<TypePtr> types;
    for (int64_t i = 0; i < rows && i * cols + j < k; ++i) types.push_back(args[static_cast<size_t>(1 + i * cols + j)]->type());
    TypePtr t = commonNestedType(types);
    if (!t) {
      return Status::TypeError("stack() expects the values of column col{} to have one common type", j);
    }
    for (int64_t i = 0; i < rows && i * cols + j < k; ++i) {
      auto& a = args[static_cast<size_t>(1 + i * cols + j)];
      SPATE_ASSIGN_OR_RETURN(a, makeCast(a, t));
    }
    colTypes.push_back(t);
    g.outputFields.push_back({"col" + std::to_string(j), t, true});
  }
  g.kernel = [rows, cols, k, colTypes](const std::vector<ColumnPtr>& a, int64_t n) -> Result<GeneratorOutput> {
    GeneratorOutput out;
    int64_t m = n * rows;
    out.sourceRows.resize(static_cast<size_t>(m));
    std::vector<int32_t> idx(static_cast<size_t>(m));
    for (int64_t r = 0; r < n; ++r) {
      for (int64_t i = 0; i < rows; ++i) {
        out.sourceRows[static_cast<size_t>(r * rows + i)] = static_cast<int32_t>(r);
        idx[static_cast<size_t>(r * rows + i)] = static_cast<int32_t>(i * n + r);
      }
    }
    for (int64_t j = 0; j < cols; ++j) {
      std::vector<ColumnPtr> parts;
      for (int64_t i = 0; i < rows; ++i) {
        int64_t arg = 1 + i * cols + j;
        const TypePtr& t = colTypes[static_cast<size_t>(j)];
        parts.push_back(arg <= k ? Column::flatten(a[static_cast<size_t>(arg)]) : Column::nulls(t, n));
      }
      out.columns.push_back(take(concatColumns(parts), idx.data(), m));
    }
    return out;
  };
  return g;
}

}  // namespace

void registerGeneratorFunctions(FunctionRegistry& r) {
  r.addGenerator({"explode", 1, 1, explodeResolver("explode", false, false)});
  r.addGenerator({"explode_outer", 1, 1, explodeResolver("explode_outer", true, false)});
  r.addGenerator({"posexplode", 1, 1, explodeResolver("posexplode", false, true)});
  r.addGenerator({"posexplode_outer", 1, 1, explodeResolver("posexplode_outer", true, true)});
  r.addGenerator({"inline", 1, 1, inlineResolver("inline", false)});
  r.addGenerator({"inline_outer", 1, 1, inlineResolver("inline_outer", true)});
  r.addGenerator({"stack", 2, -1, resolveStack});
}

}  // namespace spate
