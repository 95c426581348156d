#include "spate/io/parquet_assembly.h"

#include <algorithm>

#include "spate/columnar/selection.h"

namespace spate::parquet {

namespace {

using Positions = std::vector<int32_t>;  // level entries where a node's instances start

Status corrupt(const SchemaNode& n, std::string_view what) {
  return Status::IOError("Parquet column '{}': {}", n.name, what);
}

class Assembler {
 public:
  explicit Assembler(const std::vector<const LeafChunk*>& leaves) : leaves_(leaves) {}

  // pos[leaf]: the node's instances in each of its leaves' entries.
  Result<ColumnPtr> build(const SchemaNode& n, const std::vector<Positions>& pos) {
    switch (n.kind) {
      case SchemaNode::Kind::kLeaf: return leaf(n, pos[static_cast<size_t>(n.leaf)]);
      case SchemaNode::Kind::kStruct: return structOf(n, pos);
      case SchemaNode::Kind::kList:
      case SchemaNode::Kind::kMap: return listOf(n, pos);
    }
    return corrupt(n, "unknown node");
  }

 private:
  Result<ColumnPtr> leaf(const SchemaNode& n, const Positions& p) {
    const LeafChunk& c = *leaves_[static_cast<size_t>(n.leaf)];
    std::vector<int32_t> indices(p.size());
    int32_t next = 0;
    const bool levels = !c.definitions.empty();
    for (size_t i = 0; i < p.size(); ++i) {
      indices[i] = !levels || c.definitions[static_cast<size_t>(p[i])] == n.maxDefinition ? next++ : -1;
    }
    if (next != c.values->length()) return corrupt(n, "its values and definition levels disagree");
    if (static_cast<size_t>(next) == p.size()) return c.values;
    return take(c.values, indices.data(), static_cast<int64_t>(p.size()));
  }

  // A bitmap of instances whose definition level reaches the node's, or null when the
  // node cannot be null.
  BufferPtr validity(const SchemaNode& n, const Positions& p) {
    const LeafChunk& c = *leaves_[static_cast<size_t>(n.firstLeaf())];
    if (!n.nullable || c.definitions.empty()) return nullptr;
    BufferPtr bitmap = allocateBuffer(bits::bytesFor(static_cast<int64_t>(p.size())));
    for (size_t i = 0; i < p.size(); ++i) {
      if (c.definitions[static_cast<size_t>(p[i])] >= n.definition) bits::set(bitmap->data(), static_cast<int64_t>(i));
    }
    return bitmap;
  }

  Result<ColumnPtr> structOf(const SchemaNode& n, const std::vector<Positions>& pos) {
    const auto rows = static_cast<int64_t>(pos[static_cast<size_t>(n.firstLeaf())].size());
    std::vector<ColumnPtr> children;
    for (const auto& child : n.children) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, build(child, pos));
      if (c->length() != rows) return corrupt(n, "its fields have different numbers of values");
      children.push_back(std::move(c));
    }
    return std::make_shared<Column>(n.type, rows, validity(n, pos[static_cast<size_t>(n.firstLeaf())]), nullptr,
                                    nullptr, std::move(children));
  }

  // Where the elements of each instance at p start in leaf's entries; offsets (when
  // given) receive the element count boundaries.
  Status elements(const SchemaNode& n, int leaf, const Positions& p, Positions& out, int32_t* offsets) {
    const LeafChunk& c = *leaves_[static_cast<size_t>(leaf)];
    const int16_t* def = c.definitions.data();
    const int16_t* rep = c.repetitions.data();
    if (c.definitions.empty() || c.repetitions.empty()) return corrupt(n, "a list's leaf has no levels");
    const auto entries = static_cast<int32_t>(c.entries);
    if (offsets) offsets[0] = 0;
    for (size_t k = 0; k < p.size(); ++k) {
      int32_t at = p[k];
      if (def[at] >= n.elementDefinition) {
        out.push_back(at);
        // Entries repeated at deeper levels belong to this element; a lower level
        // starts the next instance.
        for (int32_t q = at + 1; q < entries && rep[q] >= n.repetition; ++q) {
          if (rep[q] == n.repetition) out.push_back(q);
        }
      }
      if (offsets) offsets[k + 1] = static_cast<int32_t>(out.size());
    }
    return Status::OK();
  }

  Result<ColumnPtr> listOf(const SchemaNode& n, const std::vector<Positions>& pos) {
    const int first = n.firstLeaf();
    const Positions& p = pos[static_cast<size_t>(first)];
    const auto rows = static_cast<int64_t>(p.size());
    BufferPtr offsets = allocateBuffer((rows + 1) * static_cast<int64_t>(sizeof(int32_t)));
    std::vector<Positions> inner(pos.size());
    for (int l : n.leaves) {
      bool isFirst = l == first;
      SPATE_RETURN_IF_ERROR(elements(n, l, pos[static_cast<size_t>(l)], inner[static_cast<size_t>(l)],
                                     isFirst ? offsets->as<int32_t>() : nullptr));
      if (inner[static_cast<size_t>(l)].size() != inner[static_cast<size_t>(first)].size()) {
        return corrupt(n, "its leaves have different numbers of elements");
      }
    }
    std::vector<ColumnPtr> children;
    for (const auto& child : n.children) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, build(child, inner));
      children.push_back(std::move(c));
    }
    return std::make_shared<Column>(n.type, rows, validity(n, p), offsets, nullptr, std::move(children));
  }

  const std::vector<const LeafChunk*>& leaves_;
};

}  // namespace

Result<ColumnPtr> assembleField(const SchemaNode& field, const std::vector<const LeafChunk*>& leaves, int64_t rows) {
  if (field.kind == SchemaNode::Kind::kLeaf && field.maxRepetition == 0) {
    const LeafChunk& c = *leaves[static_cast<size_t>(field.leaf)];
    if (c.entries != rows) return corrupt(field, "its value count differs from its row group's rows");
    if (c.values->length() != c.entries &&
        c.values->length() != std::count(c.definitions.begin(), c.definitions.end(), field.maxDefinition)) {
      return corrupt(field, "its values and definition levels disagree");
    }
    return spreadFlat(c, field.maxDefinition);
  }
  std::vector<Positions> pos(leaves.size());
  for (int l : field.leaves) {
    const LeafChunk& c = *leaves[static_cast<size_t>(l)];
    Positions& p = pos[static_cast<size_t>(l)];
    if (c.entries > INT32_MAX) return corrupt(field, "a row group holds too many values");
    // Each row starts where the repetition level is 0.
    for (int32_t i = 0; i < static_cast<int32_t>(c.entries); ++i) {
      if (c.repetitions.empty() || c.repetitions[static_cast<size_t>(i)] == 0) p.push_back(i);
    }
    if (static_cast<int64_t>(p.size()) != rows) return corrupt(field, "its rows differ from its row group's");
  }
  return Assembler(leaves).build(field, pos);
}

}  // namespace spate::parquet
