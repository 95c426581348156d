#include "spate/io/json_key_filter.h"

#include <algorithm>
#include <limits>

namespace spate {

namespace {

bool integral(TypeId t) {
  return t == TypeId::kByte || t == TypeId::kShort || t == TypeId::kInt || t == TypeId::kLong;
}

bool inRange(int64_t v, TypeId t) {
  switch (t) {
    case TypeId::kByte: return v >= std::numeric_limits<int8_t>::min() && v <= std::numeric_limits<int8_t>::max();
    case TypeId::kShort: return v >= std::numeric_limits<int16_t>::min() && v <= std::numeric_limits<int16_t>::max();
    case TypeId::kInt: return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
    default: return true;
  }
}

// A cursor over a record's text that understands just enough JSON to read the value
// after its first key; every method fails (returns false) on anything else.
struct Cursor {
  const char* p;
  const char* end;

  void skipSpace() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) ++p;
  }
  // A string without escapes or non-ASCII bytes (those go to the full parser).
  bool plainString(std::string_view& out) {
    skipSpace();
    if (p == end || *p != '"') return false;
    ++p;
    const char* start = p;
    while (p < end && *p != '"') {
      auto c = static_cast<unsigned char>(*p);
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
      ++p;
    }
    if (p == end) return false;
    out = std::string_view(start, static_cast<size_t>(p - start));
    ++p;
    return true;
  }
  // A JSON integer that fits in 64 bits.
  bool integer(int64_t& out) {
    skipSpace();
    bool negative = p < end && *p == '-';
    if (negative) ++p;
    const char* digits = p;
    uint64_t v = 0;
    while (p < end && *p >= '0' && *p <= '9') {
      if (v > (std::numeric_limits<uint64_t>::max() - 9) / 10) return false;
      v = v * 10 + static_cast<uint64_t>(*p - '0');
      ++p;
    }
    const auto n = p - digits;
    if (n == 0 || n > 19 || (n > 1 && *digits == '0')) return false;
    if (p < end && (*p == '.' || *p == 'e' || *p == 'E')) return false;  // not an integer
    const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    if (v > limit) return false;
    out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
    return true;
  }
  bool literal(std::string_view word) {
    skipSpace();
    if (static_cast<size_t>(end - p) < word.size() || std::string_view(p, word.size()) != word) return false;
    p += word.size();
    return true;
  }
  // The value ends where the next field or the object does.
  bool valueEnds() {
    skipSpace();
    return p < end && (*p == ',' || *p == '}');
  }
};

}  // namespace

std::optional<JsonFirstKeyFilter> JsonFirstKeyFilter::make(const ScanFilter& filter, const Schema& schema,
                                                           int corruptIndex) {
  JsonFirstKeyFilter f;
  if (filter.predicate) f.collect(*filter.predicate, filter, schema, corruptIndex);
  if (f.conjuncts_.empty()) return std::nullopt;
  return f;
}

void JsonFirstKeyFilter::collect(const BoundExpr& e, const ScanFilter& filter, const Schema& schema,
                                 int corruptIndex) {
  const std::string* name = e.functionName();
  if (!name) return;
  const auto& args = e.children();
  if (*name == "and" && args.size() == 2) {
    collect(*args[0], filter, schema, corruptIndex);
    collect(*args[1], filter, schema, corruptIndex);
    return;
  }
  if (!(*name == "=" && args.size() == 2) && !(*name == "in" && args.size() >= 2)) return;
  // `literal = column` is `column = literal`.
  const bool flipped = *name == "=" && args[0]->columnOrdinal() < 0;
  const BoundExpr& column = flipped ? *args[1] : *args[0];
  const int c = filter.scanColumnOf(column.columnOrdinal());
  if (c < 0 || static_cast<size_t>(c) >= schema.size() || c == corruptIndex) return;
  const Field& field = schema.field(static_cast<size_t>(c));
  const TypeId type = field.type->id();
  if (!integral(type) && type != TypeId::kString) return;
  for (char ch : field.name) {
    if (ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20) return;  // written escaped
  }
  Conjunct conjunct{"{\"" + field.name + "\":", type, {}, {}};
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].get() == &column) continue;
    const Value* v = args[i]->literalValue();
    if (!v || v->isNull() || !args[i]->type()->equals(*field.type)) return;
    if (type == TypeId::kString) conjunct.strings.push_back(v->asString());
    else conjunct.ints.push_back(v->asInt());
  }
  conjuncts_.push_back(std::move(conjunct));
}

bool JsonFirstKeyFilter::rejects(std::string_view record) const {
  for (const Conjunct& c : conjuncts_) {
    if (record.size() <= c.prefix.size() || record.compare(0, c.prefix.size(), c.prefix) != 0) continue;
    Cursor value{record.data() + c.prefix.size(), record.data() + record.size()};
    if (value.literal("null")) return value.valueEnds();  // null = x is null: the row goes
    if (c.type == TypeId::kString) {
      std::string_view s;
      return value.plainString(s) && value.valueEnds() &&
             std::find(c.strings.begin(), c.strings.end(), s) == c.strings.end();
    }
    int64_t v;
    return value.integer(v) && inRange(v, c.type) && value.valueEnds() &&
           std::find(c.ints.begin(), c.ints.end(), v) == c.ints.end();
  }
  return false;
}

}  // namespace spate
