#include "spate/io/parquet_schema.h"

#include "spate/io/parquet_column_reader.h"

namespace spate::parquet {

namespace {

bool isGroup(const SchemaElement& e) { return !e.type; }
bool isRepeated(const SchemaElement& e) { return e.repetition == Repetition::kRepeated; }
bool isOptional(const SchemaElement& e) { return e.repetition == Repetition::kOptional; }
bool isList(const SchemaElement& e) {
  return e.logicalType.kind == LogicalType::Kind::kList || e.convertedType == converted::kList;
}
bool isMap(const SchemaElement& e) {
  return e.logicalType.kind == LogicalType::Kind::kMap || e.convertedType == converted::kMap ||
         e.convertedType == converted::kMapKeyValue;
}

// Walks the flattened schema depth-first, handing out leaf numbers in column order.
// Fills in every node's leaves, children first.
void collectLeaves(SchemaNode& n) {
  if (n.kind == SchemaNode::Kind::kLeaf) {
    n.leaves = {n.leaf};
    return;
  }
  for (auto& c : n.children) {
    collectLeaves(c);
    n.leaves.insert(n.leaves.end(), c.leaves.begin(), c.leaves.end());
  }
}

class Converter {
 public:
  explicit Converter(const std::vector<SchemaElement>& s) : s_(s) {}

  Result<std::vector<SchemaNode>> topLevel() {
    if (s_.empty()) return Status::IOError("its schema is empty");
    std::vector<SchemaNode> fields;
    SPATE_ASSIGN_OR_RETURN(std::vector<size_t> children, childrenOf(0));
    for (size_t c : children) {
      SPATE_ASSIGN_OR_RETURN(SchemaNode n, field(c, 0, 0));
      collectLeaves(n);
      fields.push_back(std::move(n));
    }
    return fields;
  }

 private:
  // The indices of element i's children; sizes every subtree on the way.
  Result<std::vector<size_t>> childrenOf(size_t i) {
    std::vector<size_t> out;
    size_t at = i + 1;
    for (int32_t c = 0; c < s_[i].numChildren.value_or(0); ++c) {
      if (at >= s_.size()) return Status::IOError("its schema has fewer fields than '{}' says", s_[i].name);
      out.push_back(at);
      SPATE_ASSIGN_OR_RETURN(at, end(at));
    }
    return out;
  }
  // One past the last element of the subtree at i.
  Result<size_t> end(size_t i) {
    if (depth_++ > 100) return Status::IOError("its schema nests too deeply");
    size_t at = i + 1;
    for (int32_t c = 0; c < s_[i].numChildren.value_or(0); ++c) {
      if (at >= s_.size()) return Status::IOError("its schema has fewer fields than '{}' says", s_[i].name);
      SPATE_ASSIGN_OR_RETURN(at, end(at));
    }
    --depth_;
    return at;
  }

  // A field as it appears in a struct (or at the top): a bare repeated field is a
  // required list of required elements.
  Result<SchemaNode> field(size_t i, int16_t def, int16_t rep) {
    const SchemaElement& e = s_[i];
    if (isRepeated(e)) {
      SchemaNode list;
      list.kind = SchemaNode::Kind::kList;
      list.name = e.name;
      list.nullable = false;
      list.definition = def;
      list.elementDefinition = static_cast<int16_t>(def + 1);
      list.repetition = static_cast<int16_t>(rep + 1);
      SPATE_ASSIGN_OR_RETURN(SchemaNode element, value(i, list.elementDefinition, list.repetition, false));
      list.type = DataType::array(element.type, false);
      list.children.push_back(std::move(element));
      return list;
    }
    int16_t own = isOptional(e) ? static_cast<int16_t>(def + 1) : def;
    return value(i, own, rep, isOptional(e));
  }

  // Element i as a value whose own level is already counted in def.
  Result<SchemaNode> value(size_t i, int16_t def, int16_t rep, bool nullable) {
    const SchemaElement& e = s_[i];
    SchemaNode n;
    n.name = e.name;
    n.nullable = nullable;
    n.definition = def;
    if (!isGroup(e)) {
      n.kind = SchemaNode::Kind::kLeaf;
      SPATE_ASSIGN_OR_RETURN(n.type, sparkTypeOf(e));
      n.leaf = nextLeaf_++;
      n.element = i;
      n.maxDefinition = def;
      n.maxRepetition = rep;
      return n;
    }
    SPATE_ASSIGN_OR_RETURN(std::vector<size_t> children, childrenOf(i));
    if (isList(e)) return list(i, children, std::move(n), rep);
    if (isMap(e)) return map(i, children, std::move(n), rep);
    n.kind = SchemaNode::Kind::kStruct;
    std::vector<Field> fields;
    for (size_t c : children) {
      SPATE_ASSIGN_OR_RETURN(SchemaNode child, field(c, def, rep));
      fields.push_back(Field{child.name, child.type, child.nullable});
      n.children.push_back(std::move(child));
    }
    if (n.children.empty()) return Status::IOError("group '{}' has no fields", e.name);
    n.type = DataType::struct_(std::move(fields));
    return n;
  }

  Result<SchemaNode> list(size_t i, const std::vector<size_t>& children, SchemaNode n, int16_t rep) {
    const SchemaElement& e = s_[i];
    if (children.size() != 1 || !isRepeated(s_[children[0]])) {
      return Status::IOError("list '{}' must hold one repeated field", e.name);
    }
    const size_t r = children[0];
    const SchemaElement& repeated = s_[r];
    n.kind = SchemaNode::Kind::kList;
    n.elementDefinition = static_cast<int16_t>(n.definition + 1);
    n.repetition = static_cast<int16_t>(rep + 1);
    SchemaNode element;
    // The spec's backward-compatibility rules: the repeated field is itself the
    // element unless it is a group of one field with a non-legacy name (three levels).
    bool repeatedIsElement = !isGroup(repeated) || repeated.numChildren.value_or(0) != 1 ||
                             repeated.name == "array" || repeated.name == e.name + "_tuple";
    if (repeatedIsElement) {
      SPATE_ASSIGN_OR_RETURN(element, value(r, n.elementDefinition, n.repetition, false));
    } else {
      SPATE_ASSIGN_OR_RETURN(std::vector<size_t> inner, childrenOf(r));
      if (isRepeated(s_[inner[0]])) return Status::IOError("list '{}' repeats its element twice", e.name);
      SPATE_ASSIGN_OR_RETURN(element, field(inner[0], n.elementDefinition, n.repetition));
    }
    n.type = DataType::array(element.type, element.nullable);
    n.children.push_back(std::move(element));
    return n;
  }

  Result<SchemaNode> map(size_t i, const std::vector<size_t>& children, SchemaNode n, int16_t rep) {
    const SchemaElement& e = s_[i];
    if (children.size() != 1 || !isRepeated(s_[children[0]]) || !isGroup(s_[children[0]])) {
      return Status::IOError("map '{}' must hold one repeated group", e.name);
    }
    SPATE_ASSIGN_OR_RETURN(std::vector<size_t> kv, childrenOf(children[0]));
    if (kv.size() != 2) return Status::IOError("map '{}' must have a key and a value", e.name);
    n.kind = SchemaNode::Kind::kMap;
    n.elementDefinition = static_cast<int16_t>(n.definition + 1);
    n.repetition = static_cast<int16_t>(rep + 1);
    SPATE_ASSIGN_OR_RETURN(SchemaNode key, field(kv[0], n.elementDefinition, n.repetition));
    SPATE_ASSIGN_OR_RETURN(SchemaNode val, field(kv[1], n.elementDefinition, n.repetition));
    if (key.kind == SchemaNode::Kind::kList && isRepeated(s_[kv[0]])) {
      return Status::IOError("map '{}' has a repeated key", e.name);
    }
    n.type = DataType::map(key.type, val.type, val.nullable);
    n.children.push_back(std::move(key));
    n.children.push_back(std::move(val));
    return n;
  }

  const std::vector<SchemaElement>& s_;
  int nextLeaf_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<std::vector<SchemaNode>> sparkFieldsOf(const std::vector<SchemaElement>& schema) {
  return Converter(schema).topLevel();
}

}  // namespace spate::parquet
