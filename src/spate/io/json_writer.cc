#include "spate/io/json_format.h"

#include <cmath>

#include "spate/expr/json_writer.h"
#include "spate/io/file_io.h"
#include "spate/io/value_text.h"

namespace spate {

namespace {

// Spark's JacksonGenerator for the JSON file writer: compact objects, null struct
// fields left out (ignoreNullFields), nulls kept inside arrays and maps, dates and
// timestamps per dateFormat / timestampFormat, doubles as Java prints them with NaN
// and Infinity quoted, binary as base64.
class JsonRowWriter {
 public:
  JsonRowWriter(DateTimeCodec date, DateTimeCodec ts, bool ignoreNullFields)
      : date_(std::move(date)), ts_(std::move(ts)), ignoreNullFields_(ignoreNullFields) {}

  void writeRow(const std::vector<ColumnPtr>& cols, const std::vector<std::string>& keys, int64_t r,
                std::string& out) const {
    out.push_back('{');
    bool first = true;
    for (size_t j = 0; j < cols.size(); ++j) {
      const Column& c = *cols[j];
      bool isNull = c.typeId() == TypeId::kNull || c.isNull(r);
      if (isNull && ignoreNullFields_) continue;
      if (!first) out.push_back(',');
      first = false;
      out += keys[j];
      if (isNull) out.append("null");
      else writeValue(c, r, out);
    }
    out.push_back('}');
  }

  void writeValue(const Column& c, int64_t r, std::string& out) const {
    if (c.typeId() == TypeId::kNull || c.isNull(r)) {
      out.append("null");
      return;
    }
    switch (c.typeId()) {
      case TypeId::kBoolean: out.append(c.boolAt(r) ? "true" : "false"); return;
      case TypeId::kByte: appendInt64Text(out, c.valueAt<int8_t>(r)); return;
      case TypeId::kShort: appendInt64Text(out, c.valueAt<int16_t>(r)); return;
      case TypeId::kInt: appendInt64Text(out, c.valueAt<int32_t>(r)); return;
      case TypeId::kLong: appendInt64Text(out, c.valueAt<int64_t>(r)); return;
      case TypeId::kFloat: floating(out, c.valueAt<float>(r), true); return;
      case TypeId::kDouble: floating(out, c.valueAt<double>(r), false); return;
      case TypeId::kDecimal: appendDecimalText(out, c.valueAt<__int128>(r), c.type()->scale()); return;
      case TypeId::kString: appendJsonString(out, c.stringAt(r)); return;
      case TypeId::kBinary: {
        out.push_back('"');
        appendBase64(out, c.stringAt(r));
        out.push_back('"');
        return;
      }
      case TypeId::kDate: {
        out.push_back('"');
        date_.appendDate(out, c.valueAt<int32_t>(r));
        out.push_back('"');
        return;
      }
      case TypeId::kTimestamp: {
        out.push_back('"');
        ts_.appendTimestamp(out, c.valueAt<int64_t>(r));
        out.push_back('"');
        return;
      }
      case TypeId::kInterval: appendInt64Text(out, c.valueAt<int64_t>(r)); return;
      case TypeId::kArray: {
        out.push_back('[');
        for (int32_t i = c.listBegin(r); i < c.listEnd(r); ++i) {
          if (i > c.listBegin(r)) out.push_back(',');
          writeValue(*c.child(0), i, out);
        }
        out.push_back(']');
        return;
      }
      case TypeId::kMap: {
        out.push_back('{');
        std::string key;
        for (int32_t i = c.listBegin(r); i < c.listEnd(r); ++i) {
          if (i > c.listBegin(r)) out.push_back(',');
          key.clear();
          const Column& k = *c.child(0);
          if (k.typeId() == TypeId::kString) {
            key = k.stringAt(i);
          } else {
            writeValue(k, i, key);
            if (key.size() >= 2 && key.front() == '"') key = key.substr(1, key.size() - 2);
          }
          appendJsonString(out, key);
          out.push_back(':');
          writeValue(*c.child(1), i, out);
        }
        out.push_back('}');
        return;
      }
      case TypeId::kStruct: {
        out.push_back('{');
        bool first = true;
        const auto& fields = c.type()->fields();
        for (size_t f = 0; f < fields.size(); ++f) {
          const Column& child = *c.child(f);
          bool isNull = child.typeId() == TypeId::kNull || child.isNull(r);
          if (isNull && ignoreNullFields_) continue;
          if (!first) out.push_back(',');
          first = false;
          appendJsonString(out, fields[f].name);
          out.push_back(':');
          writeValue(child, r, out);
        }
        out.push_back('}');
        return;
      }
      default: out.append("null"); return;
    }
  }

 private:
  template <typename F>
  static void floating(std::string& out, F v, bool isFloat) {
    bool special = std::isnan(v) || std::isinf(v);
    if (special) out.push_back('"');
    if (isFloat) appendJavaFloat(out, static_cast<float>(v));
    else appendJavaDouble(out, static_cast<double>(v));
    if (special) out.push_back('"');
  }

  DateTimeCodec date_;
  DateTimeCodec ts_;
  bool ignoreNullFields_;
};

}  // namespace

Status JsonFileFormat::write(const std::string& dir, const std::vector<BatchPtr>& batches, const SchemaPtr& schema,
                             const Options& options, const std::string& fileNamePrefix) const {
  SPATE_RETURN_IF_ERROR(checkNoCompression(options));
  SPATE_ASSIGN_OR_RETURN(DateTimeCodec date,
                         DateTimeCodec::fromOptions(options, "dateFormat", DateTimeCodec::Kind::kDate));
  SPATE_ASSIGN_OR_RETURN(DateTimeCodec ts,
                         DateTimeCodec::fromOptions(options, "timestampFormat", DateTimeCodec::Kind::kTimestamp));
  SPATE_ASSIGN_OR_RETURN(bool ignoreNullFields, options.getBool("ignoreNullFields", true));
  std::string lineSep = options.get("lineSep", "\n");
  if (lineSep == "\\n" || lineSep.empty()) lineSep = "\n";
  if (lineSep == "\\r\\n") lineSep = "\r\n";
  JsonRowWriter writer(std::move(date), std::move(ts), ignoreNullFields);
  std::vector<std::string> keys;
  for (const auto& f : schema->fields()) {
    std::string k;
    appendJsonString(k, f.name);
    keys.push_back(k + ":");
  }
  AtomicFileWriter file;
  SPATE_RETURN_IF_ERROR(file.open(dir, partFileName(fileNamePrefix, extension())));
  std::string& out = file.buffer();
  for (const auto& batch : batches) {
    std::vector<ColumnPtr> cols;
    for (size_t j = 0; j < schema->size(); ++j) cols.push_back(Column::flatten(batch->column(j)));
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      writer.writeRow(cols, keys, r, out);
      out += lineSep;
      SPATE_RETURN_IF_ERROR(file.flushIfLarge());
    }
  }
  return file.commit();
}

}  // namespace spate
