#include "spate/columnar/arrow_export.h"

#include <memory>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace spate {

namespace {

// ---- schemas ---------------------------------------------------------------------------

// What an exported ArrowSchema owns: its strings and its children.
struct SchemaHolder {
  std::string format;
  std::string name;
  std::vector<ArrowSchema*> children;
};

// Releases an exported schema or array: its children first (each owned by it), then
// what it holds; a released struct has release == nullptr, as the interface requires.
template <typename Node, typename Holder>
void releaseNode(Node* node) {
  if (!node || !node->release) return;
  auto* holder = static_cast<Holder*>(node->private_data);
  for (Node* child : holder->children) {
    if (child->release) child->release(child);
    delete child;
  }
  delete holder;
  node->release = nullptr;
}

void releaseSchema(ArrowSchema* s) { releaseNode<ArrowSchema, SchemaHolder>(s); }

Result<std::string> formatOf(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull: return std::string("n");
    case TypeId::kBoolean: return std::string("b");
    case TypeId::kByte: return std::string("c");
    case TypeId::kShort: return std::string("s");
    case TypeId::kInt: return std::string("i");
    case TypeId::kLong: return std::string("l");
    case TypeId::kFloat: return std::string("f");
    case TypeId::kDouble: return std::string("g");
    case TypeId::kDecimal: return fmt::format("d:{},{}", type.precision(), type.scale());
    case TypeId::kString: return std::string("u");
    case TypeId::kBinary: return std::string("z");
    case TypeId::kDate: return std::string("tdD");
    case TypeId::kTimestamp: return std::string("tsu:UTC");
    case TypeId::kInterval: return std::string("tDu");
    case TypeId::kArray: return std::string("+l");
    case TypeId::kMap: return std::string("+m");
    case TypeId::kStruct: return std::string("+s");
  }
  return Status::NotImplemented("no Arrow format for {}", type.simpleString());
}

Status fillSchema(ArrowSchema* out, const std::string& name, const DataType& type, bool nullable);

Status fillChildren(SchemaHolder* holder, ArrowSchema* out, const std::vector<Field>& fields) {
  for (const auto& f : fields) {
    auto* child = new ArrowSchema{};
    holder->children.push_back(child);
    SPATE_RETURN_IF_ERROR(fillSchema(child, f.name, *f.type, f.nullable));
  }
  out->n_children = static_cast<int64_t>(holder->children.size());
  out->children = holder->children.data();
  return Status::OK();
}

Status fillSchema(ArrowSchema* out, const std::string& name, const DataType& type, bool nullable) {
  auto* holder = new SchemaHolder{};
  *out = ArrowSchema{};
  out->private_data = holder;
  out->release = releaseSchema;
  holder->name = name;
  out->name = holder->name.c_str();
  out->flags = nullable ? ARROW_FLAG_NULLABLE : 0;
  auto format = formatOf(type);
  if (!format.ok()) return format.status();
  holder->format = std::move(*format);
  out->format = holder->format.c_str();
  switch (type.id()) {
    case TypeId::kArray:
      return fillChildren(holder, out, {Field{"item", type.elementType(), type.containsNull()}});
    case TypeId::kMap: {
      TypePtr entries = DataType::struct_({Field{"key", type.keyType(), false},
                                           Field{"value", type.valueType(), type.valueContainsNull()}});
      return fillChildren(holder, out, {Field{"entries", entries, false}});
    }
    case TypeId::kStruct: return fillChildren(holder, out, type.fields());
    default: return Status::OK();
  }
}

// ---- arrays ----------------------------------------------------------------------------

// A zero offset for the offsets buffer of an empty list or string column that has none.
const int32_t kZeroOffset = 0;
const uint8_t kNoBytes[8] = {};

// What an exported ArrowArray owns: the column (so its buffers stay alive), the buffer
// pointers and the children.
struct ArrayHolder {
  ColumnPtr column;  // null for the batch's top-level struct and a map's entries
  BatchPtr batch;
  std::vector<const void*> buffers;
  std::vector<ArrowArray*> children;
};

void releaseArray(ArrowArray* a) { releaseNode<ArrowArray, ArrayHolder>(a); }

ArrayHolder* startArray(ArrowArray* out, int64_t length, int64_t nullCount) {
  auto* holder = new ArrayHolder{};
  *out = ArrowArray{};
  out->length = length;
  out->null_count = nullCount;
  out->private_data = holder;
  out->release = releaseArray;
  return holder;
}

void finishArray(ArrowArray* out, ArrayHolder* holder) {
  out->n_buffers = static_cast<int64_t>(holder->buffers.size());
  out->buffers = holder->buffers.data();
  out->n_children = static_cast<int64_t>(holder->children.size());
  out->children = holder->children.data();
}

const void* orEmpty(const BufferPtr& b, const void* empty) { return b ? static_cast<const void*>(b->data()) : empty; }

void fillArray(ArrowArray* out, ColumnPtr column) {
  column = Column::flatten(column);
  const Column& c = *column;
  auto* holder = startArray(out, c.length(), c.validityBits() ? c.nullCount() : 0);
  holder->column = column;
  const void* validity = c.validityBits();
  switch (c.typeId()) {
    case TypeId::kNull:
      out->null_count = c.length();
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      holder->buffers = {validity, orEmpty(c.valuesBuffer(), &kZeroOffset), orEmpty(c.dataBuffer(), kNoBytes)};
      break;
    case TypeId::kArray:
      holder->buffers = {validity, orEmpty(c.valuesBuffer(), &kZeroOffset)};
      holder->children.push_back(new ArrowArray{});
      fillArray(holder->children.back(), c.child(0));
      break;
    case TypeId::kMap: {
      holder->buffers = {validity, orEmpty(c.valuesBuffer(), &kZeroOffset)};
      // Arrow's map child: a struct of keys and values, one row per entry.
      auto* entries = new ArrowArray{};
      holder->children.push_back(entries);
      auto* entriesHolder = startArray(entries, c.child(0)->length(), 0);
      entriesHolder->buffers = {nullptr};
      for (size_t i = 0; i < 2; ++i) {
        entriesHolder->children.push_back(new ArrowArray{});
        fillArray(entriesHolder->children.back(), c.child(i));
      }
      finishArray(entries, entriesHolder);
      break;
    }
    case TypeId::kStruct:
      holder->buffers = {validity};
      for (const auto& child : c.children()) {
        holder->children.push_back(new ArrowArray{});
        fillArray(holder->children.back(), child);
      }
      break;
    default:  // boolean (a bitmap) and the fixed-width types
      holder->buffers = {validity, orEmpty(c.valuesBuffer(), kNoBytes)};
      break;
  }
  finishArray(out, holder);
}

// ---- streams ---------------------------------------------------------------------------

struct StreamHolder {
  SchemaPtr schema;
  std::vector<BatchPtr> batches;
  size_t next = 0;
  std::string lastError;
};

int streamGetSchema(ArrowArrayStream* s, ArrowSchema* out) {
  auto* h = static_cast<StreamHolder*>(s->private_data);
  Status st = exportSchema(*h->schema, out);
  if (!st.ok()) {
    h->lastError = st.message();
    return 22;  // EINVAL, as the interface asks for an errno code
  }
  return 0;
}

int streamGetNext(ArrowArrayStream* s, ArrowArray* out) {
  auto* h = static_cast<StreamHolder*>(s->private_data);
  if (h->next >= h->batches.size()) {
    *out = ArrowArray{};  // end of stream: a released array
    return 0;
  }
  Status st = exportBatch(h->batches[h->next++], out);
  if (!st.ok()) {
    h->lastError = st.message();
    return 22;
  }
  return 0;
}

const char* streamLastError(ArrowArrayStream* s) {
  auto* h = static_cast<StreamHolder*>(s->private_data);
  return h->lastError.empty() ? nullptr : h->lastError.c_str();
}

void streamRelease(ArrowArrayStream* s) {
  if (!s || !s->release) return;
  delete static_cast<StreamHolder*>(s->private_data);
  s->release = nullptr;
}

}  // namespace

Status exportSchema(const Schema& schema, ArrowSchema* out) {
  Status st = fillSchema(out, "", *schema.asStructType(), false);
  if (!st.ok()) releaseSchema(out);
  return st;
}

Status exportBatch(const BatchPtr& batch, ArrowArray* out) {
  auto* holder = startArray(out, batch->numRows(), 0);
  holder->batch = batch;
  holder->buffers = {nullptr};
  for (size_t i = 0; i < batch->schema()->size(); ++i) {
    holder->children.push_back(new ArrowArray{});
    fillArray(holder->children.back(), batch->column(i));
  }
  finishArray(out, holder);
  return Status::OK();
}

Status exportBatchStream(SchemaPtr schema, std::vector<BatchPtr> batches, ArrowArrayStream* out) {
  for (const auto& f : schema->fields()) {
    auto format = formatOf(*f.type);
    if (!format.ok()) return format.status();
  }
  auto* holder = new StreamHolder{std::move(schema), std::move(batches), 0, {}};
  out->get_schema = streamGetSchema;
  out->get_next = streamGetNext;
  out->get_last_error = streamLastError;
  out->release = streamRelease;
  out->private_data = holder;
  return Status::OK();
}

}  // namespace spate
