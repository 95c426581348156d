#include "spate/io/parquet_write_schema.h"

namespace spate::parquet {

namespace {

// The fewest bytes of a signed integer that hold every unscaled value of `precision`
// digits: the least n with 2^(8n-1) >= 10^precision, as Spark sizes them.
int32_t decimalBytes(int precision) {
  unsigned __int128 limit = 1;
  for (int i = 0; i < precision; ++i) limit *= 10;
  for (int32_t bytes = 1; bytes < 16; ++bytes) {
    if ((static_cast<unsigned __int128>(1) << (8 * bytes - 1)) >= limit) return bytes;
  }
  return 16;
}

// The physical type and annotations of a primitive column, as Spark writes them.
Status describePrimitive(const std::string& name, const DataType& type, SchemaElement& e) {
  LogicalType& lt = e.logicalType;
  switch (type.id()) {
    case TypeId::kBoolean: e.type = PhysicalType::kBoolean; return Status::OK();
    case TypeId::kByte:
    case TypeId::kShort:
      e.type = PhysicalType::kInt32;
      lt.kind = LogicalType::Kind::kInteger;
      lt.bitWidth = type.id() == TypeId::kByte ? 8 : 16;
      e.convertedType = type.id() == TypeId::kByte ? converted::kInt8 : converted::kInt16;
      return Status::OK();
    case TypeId::kInt: e.type = PhysicalType::kInt32; return Status::OK();
    case TypeId::kLong: e.type = PhysicalType::kInt64; return Status::OK();
    case TypeId::kFloat: e.type = PhysicalType::kFloat; return Status::OK();
    case TypeId::kDouble: e.type = PhysicalType::kDouble; return Status::OK();
    case TypeId::kString:
      e.type = PhysicalType::kByteArray;
      lt.kind = LogicalType::Kind::kString;
      e.convertedType = converted::kUtf8;
      return Status::OK();
    case TypeId::kBinary: e.type = PhysicalType::kByteArray; return Status::OK();
    case TypeId::kDate:
      e.type = PhysicalType::kInt32;
      lt.kind = LogicalType::Kind::kDate;
      e.convertedType = converted::kDate;
      return Status::OK();
    case TypeId::kTimestamp:
      e.type = PhysicalType::kInt64;
      lt.kind = LogicalType::Kind::kTimestamp;
      lt.adjustedToUtc = true;
      lt.unit = LogicalType::TimeUnit::kMicros;
      e.convertedType = converted::kTimestampMicros;
      return Status::OK();
    case TypeId::kDecimal: {
      int p = type.precision();
      e.type = p <= 9 ? PhysicalType::kInt32 : p <= 18 ? PhysicalType::kInt64 : PhysicalType::kFixedLenByteArray;
      if (p > 18) e.typeLength = decimalBytes(p);
      lt.kind = LogicalType::Kind::kDecimal;
      lt.precision = p;
      lt.scale = type.scale();
      e.convertedType = converted::kDecimal;
      e.precision = p;
      e.scale = type.scale();
      return Status::OK();
    }
    default:
      return Status::NotImplemented("Parquet: column '{}' of type {} cannot be written to Parquet", name,
                                    type.simpleString());
  }
}

class SchemaBuilder {
 public:
  explicit SchemaBuilder(WriteSchema& out) : out_(out) {}

  // Adds the elements of a field and the leaves under it. `path` and `names` hold the
  // way from the top-level column to the field's parent.
  Status add(const std::string& name, const TypePtr& type, bool nullable, int16_t definition, int16_t repetition) {
    SchemaElement e;
    e.name = name;
    e.repetition = nullable ? Repetition::kOptional : Repetition::kRequired;
    names_.push_back(name);
    const std::string where = dotted();
    if (nullable) ++definition;
    Status st;
    switch (type->id()) {
      case TypeId::kStruct: {
        if (type->fields().empty()) {
          return Status::NotImplemented("Parquet: column '{}' is a struct of no fields, which Parquet cannot hold",
                                        where);
        }
        e.numChildren = static_cast<int32_t>(type->fields().size());
        out_.elements.push_back(std::move(e));
        for (size_t i = 0; i < type->fields().size(); ++i) {
          const Field& f = type->fields()[i];
          path_.push_back(PathNode{PathNode::Kind::kStruct, static_cast<int>(i), nullable, 0});
          st = add(f.name, f.type, f.nullable, definition, repetition);
          path_.pop_back();
          if (!st.ok()) return st;
        }
        break;
      }
      case TypeId::kArray:
      case TypeId::kMap: {
        const bool isMap = type->id() == TypeId::kMap;
        e.numChildren = 1;
        e.convertedType = isMap ? converted::kMap : converted::kList;
        e.logicalType.kind = isMap ? LogicalType::Kind::kMap : LogicalType::Kind::kList;
        out_.elements.push_back(std::move(e));
        SchemaElement repeated;
        repeated.name = isMap ? "key_value" : "list";
        repeated.repetition = Repetition::kRepeated;
        repeated.numChildren = isMap ? 2 : 1;
        out_.elements.push_back(std::move(repeated));
        names_.push_back(isMap ? "key_value" : "list");
        const auto level = static_cast<int16_t>(repetition + 1);
        for (int child = 0; child < (isMap ? 2 : 1); ++child) {
          path_.push_back(PathNode{isMap ? PathNode::Kind::kMap : PathNode::Kind::kList, child, nullable, level});
          const Field& f = type->fields()[static_cast<size_t>(child)];
          std::string childName = isMap ? (child == 0 ? "key" : "value") : "element";
          st = add(childName, f.type, isMap && child == 0 ? false : f.nullable,
                   static_cast<int16_t>(definition + 1), level);
          path_.pop_back();
          if (!st.ok()) return st;
        }
        names_.pop_back();
        break;
      }
      default: {
        SPATE_RETURN_IF_ERROR(describePrimitive(where, *type, e));
        LeafColumn leaf;
        leaf.topColumn = topColumn_;
        leaf.path = path_;
        leaf.path.push_back(PathNode{PathNode::Kind::kPrimitive, 0, nullable, 0});
        leaf.element = e;
        leaf.type = type;
        leaf.pathInSchema = names_;
        leaf.maxDefinition = definition;
        leaf.maxRepetition = repetition;
        out_.elements.push_back(std::move(e));
        out_.leaves.push_back(std::move(leaf));
        break;
      }
    }
    names_.pop_back();
    return Status::OK();
  }

  void startTopColumn(size_t index) { topColumn_ = index; }

 private:
  std::string dotted() const {
    std::string s;
    for (const auto& n : names_) s += (s.empty() ? "" : ".") + n;
    return s;
  }

  WriteSchema& out_;
  size_t topColumn_ = 0;
  std::vector<PathNode> path_;
  std::vector<std::string> names_;
};

}  // namespace

std::string LeafColumn::name() const {
  std::string s;
  for (const auto& n : pathInSchema) s += (s.empty() ? "" : ".") + n;
  return s;
}

Result<WriteSchema> parquetWriteSchema(const Schema& schema) {
  WriteSchema out;
  out.elements.resize(1);
  out.elements[0].name = "spark_schema";
  out.elements[0].numChildren = static_cast<int32_t>(schema.size());
  SchemaBuilder builder(out);
  for (size_t i = 0; i < schema.size(); ++i) {
    builder.startTopColumn(i);
    const Field& f = schema.field(i);
    SPATE_RETURN_IF_ERROR(builder.add(f.name, f.type, f.nullable, 0, 0));
  }
  return out;
}

}  // namespace spate::parquet
