#include "cli/output.h"

#include <cmath>

#include "spate/common/json_text.h"
#include "spate/io/show.h"

namespace spate::cli {

namespace {

std::string csvField(const Column& c, int64_t row) {
  if (c.isNull(row)) return "";
  std::string s = cellText(c, row);
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

void appendJsonValue(std::string& out, const Value& v, const DataType& t) {
  if (v.isNull()) {
    out += "null";
    return;
  }
  switch (t.id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kDecimal: out += v.toString(t); return;
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double d = v.asDouble();
      if (std::isfinite(d)) out += v.toString(t);
      else appendJsonString(out, v.toString(t));
      return;
    }
    case TypeId::kArray: {
      out += '[';
      const auto& items = v.asList();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        appendJsonValue(out, items[i], *t.elementType());
      }
      out += ']';
      return;
    }
    case TypeId::kMap: {
      out += '{';
      const auto& m = v.asMap();
      for (size_t i = 0; i < m.keys.size(); ++i) {
        if (i) out += ',';
        appendJsonString(out, m.keys[i].toString(*t.keyType()));
        out += ':';
        appendJsonValue(out, m.values[i], *t.valueType());
      }
      out += '}';
      return;
    }
    case TypeId::kStruct: {
      out += '{';
      const auto& items = v.asList();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        appendJsonString(out, t.fields()[i].name);
        out += ':';
        appendJsonValue(out, items[i], *t.fields()[i].type);
      }
      out += '}';
      return;
    }
    default: appendJsonString(out, v.toString(t)); return;
  }
}

}  // namespace

std::string renderResult(const Batch& batch, OutputFormat format) {
  std::string out;
  switch (format) {
    case OutputFormat::kTable:
      return showString(batch, static_cast<int>(std::min<int64_t>(batch.numRows(), INT32_MAX)), 0);
    case OutputFormat::kCsv:
      for (size_t c = 0; c < batch.numColumns(); ++c) out += (c ? "," : "") + batch.schema()->field(c).name;
      out += "\n";
      for (int64_t r = 0; r < batch.numRows(); ++r) {
        for (size_t c = 0; c < batch.numColumns(); ++c) out += (c ? "," : "") + csvField(*batch.column(c), r);
        out += "\n";
      }
      return out;
    case OutputFormat::kJson:
      // One object per row with every column, nulls included, so rows line up.
      for (int64_t r = 0; r < batch.numRows(); ++r) {
        out += '{';
        for (size_t c = 0; c < batch.numColumns(); ++c) {
          if (c) out += ',';
          appendJsonString(out, batch.schema()->field(c).name);
          out += ':';
          appendJsonValue(out, batch.column(c)->valueAt(r), *batch.column(c)->type());
        }
        out += "}\n";
      }
      return out;
  }
  return out;
}

}  // namespace spate::cli
