#include <pybind11/stl.h>

#include "bindings.h"
#include "spate/common/error.h"
#include "spate/expr/function_registry.h"
#include "spate/session/functions.h"
#include "values.h"

namespace spate::python {

namespace F = sql::functions;
using sql::Column;

void bindColumn(py::module_& m) {
  py::class_<Column>(m, "Column")
      .def("__str__", &Column::toString)
      .def("alias", &Column::alias)
      .def("cast", py::overload_cast<const std::string&>(&Column::cast, py::const_))
      .def("isNull", &Column::isNull)
      .def("isNotNull", &Column::isNotNull)
      .def("between", &Column::between)
      .def("isin", &Column::isin)
      .def("like", &Column::like)
      .def("rlike", &Column::rlike)
      .def("startswith", &Column::startswith)
      .def("endswith", &Column::endswith)
      .def("contains", &Column::contains)
      .def("substr", &Column::substr)
      .def("eqNullSafe", &Column::eqNullSafe)
      .def("getField", &Column::getField)
      .def("getItem", &Column::getItem)
      .def("when", &Column::when)
      .def("otherwise", &Column::otherwise)
      .def("asc", &Column::asc)
      .def("desc", &Column::desc)
      .def("asc_nulls_first", &Column::asc_nulls_first)
      .def("asc_nulls_last", &Column::asc_nulls_last)
      .def("desc_nulls_first", &Column::desc_nulls_first)
      .def("desc_nulls_last", &Column::desc_nulls_last)
      .def("add", [](const Column& a, const Column& b) { return a + b; })
      .def("sub", [](const Column& a, const Column& b) { return a - b; })
      .def("mul", [](const Column& a, const Column& b) { return a * b; })
      .def("div", [](const Column& a, const Column& b) { return a / b; })
      .def("mod", [](const Column& a, const Column& b) { return a % b; })
      .def("neg", [](const Column& a) { return -a; })
      .def("eq", [](const Column& a, const Column& b) { return a == b; })
      .def("ne", [](const Column& a, const Column& b) { return a != b; })
      .def("lt", [](const Column& a, const Column& b) { return a < b; })
      .def("le", [](const Column& a, const Column& b) { return a <= b; })
      .def("gt", [](const Column& a, const Column& b) { return a > b; })
      .def("ge", [](const Column& a, const Column& b) { return a >= b; })
      .def("and_", [](const Column& a, const Column& b) { return a && b; })
      .def("or_", [](const Column& a, const Column& b) { return a || b; })
      .def("not_", [](const Column& a) { return !a; });

  m.def("col", &F::col);
  m.def("expr", &F::expr);
  // A literal of the type given in DDL ("INT", "DECIMAL(3,1)"), converted from Python.
  m.def("lit", [](py::handle value, const std::string& typeDDL) {
    TypePtr type = valueOrThrow(parseDataType(typeDDL));
    return sql::lit(fromPython(value, *type), type);
  });
  m.def("call", [](const std::string& name, const std::vector<Column>& args, bool distinct) {
    std::vector<ExprPtr> exprs;
    for (const auto& a : args) exprs.push_back(a.expr());
    if (name == "count" && exprs.size() == 1 && exprs[0]->kind == ExprKind::kStar) return F::count(args[0]);
    return Column(call(name, std::move(exprs), distinct));
  }, py::arg("name"), py::arg("args"), py::arg("distinct") = false);
  m.def("when", &F::when);
  m.def("function_names", [] { return FunctionRegistry::builtin().names(); });
}

}  // namespace spate::python
