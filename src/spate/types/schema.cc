#include "spate/types/schema.h"

#include <cctype>

#include "spate/common/strings.h"

namespace spate {

int Schema::indexOf(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (equalsIgnoreCase(fields_[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> Schema::names() const {
  std::vector<std::string> out;
  out.reserve(fields_.size());
  for (const auto& f : fields_) out.push_back(f.name);
  return out;
}

std::string Schema::ddl() const {
  std::string s;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i) s += ", ";
    s += quoteIdentifierIfNeeded(fields_[i].name) + " " + fields_[i].type->ddl();
    if (!fields_[i].nullable) s += " NOT NULL";
  }
  return s;
}

namespace {

void appendTree(std::string& out, const std::string& prefix, const TypePtr& type);

void appendField(std::string& out, const std::string& prefix, const std::string& name, const TypePtr& type,
                 bool nullable, const char* nullableLabel = "nullable") {
  out += fmt::format("{}-- {}: {} ({} = {})\n", prefix, name, type->typeName(), nullableLabel,
                     nullable ? "true" : "false");
  appendTree(out, prefix + "    |", type);
}

void appendTree(std::string& out, const std::string& prefix, const TypePtr& type) {
  switch (type->id()) {
    case TypeId::kStruct:
      for (const auto& f : type->fields()) appendField(out, prefix, f.name, f.type, f.nullable);
      break;
    case TypeId::kArray:
      appendField(out, prefix, "element", type->elementType(), type->containsNull(), "containsNull");
      break;
    case TypeId::kMap:
      out += fmt::format("{}-- key: {}\n", prefix, type->keyType()->typeName());
      appendTree(out, prefix + "    |", type->keyType());
      appendField(out, prefix, "value", type->valueType(), type->valueContainsNull(), "valueContainsNull");
      break;
    default: break;
  }
}

}  // namespace

std::string Schema::treeString() const {
  std::string out = "root\n";
  for (const auto& f : fields_) appendField(out, " |", f.name, f.type, f.nullable);
  return out;
}

bool Schema::equals(const Schema& other) const {
  if (fields_.size() != other.fields_.size()) return false;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name != other.fields_[i].name || !fields_[i].type->equals(*other.fields_[i].type)) {
      return false;
    }
  }
  return true;
}

namespace {

// A small recursive-descent parser over the DDL text; positions are 1-based columns.
class DdlParser {
 public:
  explicit DdlParser(std::string_view text) : text_(text) {}

  Result<Schema> parseSchema() {
    Schema schema;
    skipSpace();
    if (atEnd()) return schema;
    while (true) {
      SPATE_ASSIGN_OR_RETURN(Field f, parseField(/*colonOptional=*/true));
      schema.add(f.name, f.type, f.nullable);
      skipSpace();
      if (atEnd()) break;
      if (!consume(',')) return error("expected ',' between columns");
    }
    return schema;
  }

  Result<TypePtr> parseTypeOnly() {
    SPATE_ASSIGN_OR_RETURN(TypePtr t, parseType());
    skipSpace();
    if (!atEnd()) return error("unexpected text after the type");
    return t;
  }

 private:
  Result<Field> parseField(bool colonOptional) {
    skipSpace();
    SPATE_ASSIGN_OR_RETURN(std::string name, parseIdentifier());
    skipSpace();
    if (!consume(':') && !colonOptional) return error("expected ':' after a struct field name");
    SPATE_ASSIGN_OR_RETURN(TypePtr type, parseType());
    bool nullable = true;
    skipSpace();
    size_t save = pos_;
    std::string word = peekWord();
    if (equalsIgnoreCase(word, "NOT")) {
      pos_ += word.size();
      skipSpace();
      if (!equalsIgnoreCase(peekWord(), "NULL")) return error("expected NULL after NOT");
      pos_ += 4;
      nullable = false;
      skipSpace();
      save = pos_;
      word = peekWord();
    }
    if (equalsIgnoreCase(word, "COMMENT")) {
      pos_ += word.size();
      skipSpace();
      if (!consume('\'')) return error("expected a quoted comment");
      while (!atEnd() && text_[pos_] != '\'') ++pos_;
      if (!consume('\'')) return error("unterminated comment");
    } else {
      pos_ = save;
    }
    return Field{std::move(name), std::move(type), nullable};
  }

  Result<std::string> parseIdentifier() {
    if (consume('`')) {
      std::string out;
      while (!atEnd()) {
        if (text_[pos_] == '`') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '`') {
            out += '`';
            pos_ += 2;
            continue;
          }
          ++pos_;
          return out;
        }
        out += text_[pos_++];
      }
      return error("unterminated `quoted` identifier");
    }
    std::string word = peekWord();
    if (word.empty()) return error("expected a column name");
    pos_ += word.size();
    return word;
  }

  Result<TypePtr> parseType() {
    skipSpace();
    size_t start = pos_;
    std::string word = toUpper(peekWord());
    if (word.empty()) return error("expected a data type");
    pos_ += word.size();
    if (word == "BOOLEAN" || word == "BOOL") return DataType::boolean();
    if (word == "TINYINT" || word == "BYTE") return DataType::byte_();
    if (word == "SMALLINT" || word == "SHORT") return DataType::short_();
    if (word == "INT" || word == "INTEGER") return DataType::int_();
    if (word == "BIGINT" || word == "LONG") return DataType::long_();
    if (word == "FLOAT" || word == "REAL") return DataType::float_();
    if (word == "DOUBLE") return DataType::double_();
    if (word == "DATE") return DataType::date();
    if (word == "TIMESTAMP" || word == "TIMESTAMP_LTZ" || word == "TIMESTAMP_NTZ") return DataType::timestamp();
    if (word == "BINARY") return DataType::binary();
    if (word == "VOID" || word == "NULL") return DataType::null();
    if (word == "STRING") return DataType::string();
    if (word == "VARCHAR" || word == "CHAR") {
      skipSpace();
      if (consume('(')) {
        SPATE_RETURN_IF_ERROR(parseInt().status());
        skipSpace();
        if (!consume(')')) return error("expected ')'");
      }
      return DataType::string();
    }
    if (word == "DECIMAL" || word == "DEC" || word == "NUMERIC") {
      int p = 10, s = 0;
      skipSpace();
      if (consume('(')) {
        SPATE_ASSIGN_OR_RETURN(p, parseInt());
        skipSpace();
        if (consume(',')) {
          SPATE_ASSIGN_OR_RETURN(s, parseInt());
          skipSpace();
        }
        if (!consume(')')) return error("expected ')' after decimal precision and scale");
      }
      if (p < 1 || p > DataType::kMaxDecimalPrecision || s < 0 || s > p) {
        pos_ = start;
        return error(fmt::format("decimal({},{}) is out of range: precision must be 1..38 and scale 0..precision", p, s));
      }
      return DataType::decimal(p, s);
    }
    if (word == "INTERVAL") {
      // INTERVAL [DAY|HOUR|MINUTE|SECOND] [TO ...]: all are day-time intervals here.
      skipSpace();
      while (true) {
        std::string unit = toUpper(peekWord());
        if (unit == "DAY" || unit == "HOUR" || unit == "MINUTE" || unit == "SECOND" || unit == "TO") {
          pos_ += unit.size();
          skipSpace();
        } else {
          break;
        }
      }
      return DataType::interval();
    }
    if (word == "ARRAY") {
      skipSpace();
      if (!consume('<')) return error("expected '<' after ARRAY");
      SPATE_ASSIGN_OR_RETURN(TypePtr element, parseType());
      skipSpace();
      if (!consume('>')) return error("expected '>' to close ARRAY<");
      return DataType::array(element);
    }
    if (word == "MAP") {
      skipSpace();
      if (!consume('<')) return error("expected '<' after MAP");
      SPATE_ASSIGN_OR_RETURN(TypePtr key, parseType());
      skipSpace();
      if (!consume(',')) return error("expected ',' between MAP key and value types");
      SPATE_ASSIGN_OR_RETURN(TypePtr value, parseType());
      skipSpace();
      if (!consume('>')) return error("expected '>' to close MAP<");
      return DataType::map(key, value);
    }
    if (word == "STRUCT") {
      skipSpace();
      if (!consume('<')) return error("expected '<' after STRUCT");
      std::vector<Field> fields;
      skipSpace();
      if (consume('>')) return DataType::struct_(fields);
      while (true) {
        SPATE_ASSIGN_OR_RETURN(Field f, parseField(/*colonOptional=*/true));
        fields.push_back(std::move(f));
        skipSpace();
        if (consume('>')) break;
        if (!consume(',')) return error("expected ',' or '>' in STRUCT<...>");
      }
      return DataType::struct_(std::move(fields));
    }
    pos_ = start;
    return error(fmt::format("unknown data type '{}'", peekWord()));
  }

  Result<int> parseInt() {
    skipSpace();
    size_t start = pos_;
    while (!atEnd() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (start == pos_) return error("expected a number");
    return std::stoi(std::string(text_.substr(start, pos_ - start)));
  }

  std::string peekWord() const {
    size_t e = pos_;
    while (e < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[e])) || text_[e] == '_')) ++e;
    return std::string(text_.substr(pos_, e - pos_));
  }
  void skipSpace() {
    while (!atEnd() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool consume(char c) {
    if (!atEnd() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool atEnd() const { return pos_ >= text_.size(); }
  Status error(const std::string& what) const {
    return Status::ParseError("Cannot parse the schema \"{}\": {} at position {}", text_, what, pos_ + 1);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Result<Schema> Schema::fromDDL(std::string_view ddl) { return DdlParser(ddl).parseSchema(); }

Result<TypePtr> parseDataType(std::string_view text) { return DdlParser(text).parseTypeOnly(); }

}  // namespace spate
