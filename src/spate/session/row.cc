#include "spate/session/row.h"

#include "spate/common/error.h"

namespace spate::sql {

const Value& Row::get(const std::string& name) const {
  int i = schema_->indexOf(name);
  if (i < 0) {
    throw Error(Status::Invalid("Row has no field `{}`; fields are {}", name, fmt::join(schema_->names(), ", ")));
  }
  return values_[static_cast<size_t>(i)];
}

std::string Row::toString() const {
  std::string out = "Row(";
  for (size_t i = 0; i < values_.size(); ++i) {
    if (i) out += ", ";
    const Field& f = schema_->field(i);
    out += f.name + "=";
    if (values_[i].isNull()) {
      out += "None";
    } else if (f.type->id() == TypeId::kString) {
      out += "'" + values_[i].asString() + "'";
    } else {
      out += values_[i].toString(*f.type);
    }
  }
  return out + ")";
}

}  // namespace spate::sql
