#include "spate/io/csv_infer.h"

#include <map>

#include "spate/common/datetime.h"
#include "spate/common/strings.h"
#include "spate/io/csv_tokenizer.h"
#include "spate/io/file_format.h"
#include "spate/io/value_text.h"

namespace spate {

std::vector<std::string> makeSafeHeader(const std::vector<std::string>& names, const CsvReadOptions& o) {
  std::map<std::string, int> counts;
  for (const auto& n : names) {
    if (!n.empty() && n != o.nullValue) ++counts[toLower(n)];
  }
  std::vector<std::string> out;
  out.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i];
    if (n.empty() || n == o.nullValue) {
      out.push_back(fmt::format("_c{}", i));
    } else if (counts[toLower(n)] > 1) {
      out.push_back(fmt::format("{}{}", n, i));
    } else {
      out.push_back(n);
    }
  }
  return out;
}

namespace {

struct InferType {
  TypeId id = TypeId::kNull;
  int precision = 0;
  int scale = 0;
  bool operator==(const InferType&) const = default;
};

constexpr InferType kString{TypeId::kString};

class FieldInferrer {
 public:
  explicit FieldInferrer(const CsvReadOptions& o) : o_(o) {}

  InferType infer(InferType soFar, std::string_view field) const {
    if (field.empty() || field == o_.nullValue) return soFar;
    InferType next;
    switch (soFar.id) {
      case TypeId::kNull:
      case TypeId::kInt: next = tryInt(field); break;
      case TypeId::kLong: next = tryLong(field); break;
      case TypeId::kDecimal: next = tryDecimal(field); break;
      case TypeId::kDouble: next = tryDouble(field); break;
      case TypeId::kDate: next = tryDate(field); break;
      case TypeId::kTimestamp: next = tryTimestamp(field); break;
      case TypeId::kBoolean: next = tryBoolean(field); break;
      default: return kString;
    }
    return compatible(soFar, next);
  }

  InferType compatible(InferType a, InferType b) const {
    if (a == b) return a;
    if (a.id == TypeId::kNull) return b;
    if (b.id == TypeId::kNull) return a;
    if (a.id == TypeId::kString || b.id == TypeId::kString) return kString;
    auto rank = [](TypeId id) { return id == TypeId::kInt ? 1 : id == TypeId::kLong ? 2 : id == TypeId::kDouble ? 3 : 0; };
    if (rank(a.id) && rank(b.id)) return rank(a.id) > rank(b.id) ? a : b;
    if (a.id == TypeId::kDecimal || b.id == TypeId::kDecimal) {
      InferType x = toDecimal(a), y = toDecimal(b);
      if (x.id == TypeId::kDouble || y.id == TypeId::kDouble) return {TypeId::kDouble};
      if (x.id != TypeId::kDecimal || y.id != TypeId::kDecimal) return kString;
      int scale = std::max(x.scale, y.scale);
      int range = std::max(x.precision - x.scale, y.precision - y.scale);
      if (range + scale > 38) return {TypeId::kDouble};
      return {TypeId::kDecimal, range + scale, scale};
    }
    if ((a.id == TypeId::kDate && b.id == TypeId::kTimestamp) || (a.id == TypeId::kTimestamp && b.id == TypeId::kDate)) {
      // Dates read as midnight timestamps only when both follow the default formats.
      return o_.timestampCodec.isDefault() ? InferType{TypeId::kTimestamp} : kString;
    }
    return kString;
  }

 private:
  static InferType toDecimal(InferType t) {
    if (t.id == TypeId::kInt) return {TypeId::kDecimal, 10, 0};
    if (t.id == TypeId::kLong) return {TypeId::kDecimal, 20, 0};
    return t;
  }

  InferType tryInt(std::string_view f) const {
    int32_t v;
    return parseJavaIntegral<int32_t>(f, v) ? InferType{TypeId::kInt} : tryLong(f);
  }
  InferType tryLong(std::string_view f) const {
    int64_t v;
    return parseJavaLong(f, v) ? InferType{TypeId::kLong} : tryDecimal(f);
  }
  InferType tryDecimal(std::string_view f) const {
    // Only integral literals become decimals (those too long for bigint); a
    // fraction or an exponent reads as double.
    DecimalText d;
    if (scanDecimalText(f, d) && d.scale() == 0 && d.precision() <= 38) {
      return {TypeId::kDecimal, d.precision(), 0};
    }
    return tryDouble(f);
  }
  InferType tryDouble(std::string_view f) const {
    double v;
    if (parseJavaDouble(f, v) || f == o_.nanValue || f == o_.positiveInf || f == o_.negativeInf) {
      return {TypeId::kDouble};
    }
    return o_.prefersDate ? tryDate(f) : tryTimestamp(f);
  }
  InferType tryDate(std::string_view f) const { return isDate(f) ? InferType{TypeId::kDate} : tryTimestamp(f); }
  InferType tryTimestamp(std::string_view f) const {
    int64_t v;
    return o_.timestampCodec.parseTimestamp(f, v) ? InferType{TypeId::kTimestamp} : tryBoolean(f);
  }
  InferType tryBoolean(std::string_view f) const {
    bool v;
    return parseJavaBoolean(f, v) ? InferType{TypeId::kBoolean} : kString;
  }

  // Inference parses dates strictly: with the default format exactly yyyy-MM-dd.
  bool isDate(std::string_view f) const {
    if (!o_.dateCodec.isDefault()) {
      int32_t d;
      return o_.dateCodec.parseDate(f, d);
    }
    if (f.size() != 10 || f[4] != '-' || f[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
      if (f[i] < '0' || f[i] > '9') return false;
    }
    return parseDate(f).has_value();
  }

  const CsvReadOptions& o_;
};

TypePtr toDataType(InferType t) {
  switch (t.id) {
    case TypeId::kInt: return DataType::int_();
    case TypeId::kLong: return DataType::long_();
    case TypeId::kDecimal: return DataType::decimal(t.precision, t.scale);
    case TypeId::kDouble: return DataType::double_();
    case TypeId::kDate: return DataType::date();
    case TypeId::kTimestamp: return DataType::timestamp();
    case TypeId::kBoolean: return DataType::boolean();
    default: return DataType::string();
  }
}

std::string fieldString(const CsvRecords& recs, CsvField f, const CsvReadOptions& o) {
  if (f.size() == 0) return f.quoted() ? o.emptyValue : o.nullValue;
  return std::string(recs.text(f));
}

}  // namespace

Result<Schema> inferCsvSchema(const std::vector<std::string>& files, const CsvReadOptions& o) {
  if (files.empty()) return Status::AnalysisError("Unable to infer schema for CSV. It must be specified manually.");
  // The first record of the data names the columns.
  std::vector<std::string> first;
  bool found = false;
  for (const auto& file : files) {
    SPATE_RETURN_IF_ERROR(scanCsvFile(file, o.dialect, 1, [&](CsvRecords& recs) -> Result<bool> {
      const CsvField* f = recs.fieldsOf(0);
      for (uint32_t i = 0; i < recs.records[0].numFields; ++i) first.push_back(fieldString(recs, f[i], o));
      found = true;
      return false;
    }));
    if (found) break;
  }
  if (!found) return Schema();
  std::vector<std::string> names;
  if (o.header) {
    names = makeSafeHeader(first, o);
  } else {
    for (size_t i = 0; i < first.size(); ++i) names.push_back(fmt::format("_c{}", i));
  }

  std::vector<InferType> types(names.size());
  if (o.inferSchema) {
    FieldInferrer inferrer(o);
    const size_t ncols = types.size();
    // samplingRatio keeps an evenly spread share of the records, deterministically.
    const double ratio = o.samplingRatio;
    int64_t seen = 0;
    for (const auto& file : files) {
      bool skipHeader = o.header;
      SPATE_RETURN_IF_ERROR(scanCsvFile(file, o.dialect, static_cast<size_t>(FileFormat::kBatchRows), [&](CsvRecords& recs) -> Result<bool> {
        for (size_t r = skipHeader ? 1 : 0; r < recs.size(); ++r) {
          int64_t k = seen++;
          if (ratio < 1.0 && static_cast<int64_t>((k + 1) * ratio) == static_cast<int64_t>(k * ratio)) continue;
          const CsvField* f = recs.fieldsOf(r);
          size_t m = std::min<size_t>(ncols, recs.records[r].numFields);
          for (size_t i = 0; i < m; ++i) {
            std::string_view s = recs.text(f[i]);
            if (s.empty() && f[i].quoted()) s = o.emptyValue;
            if (types[i].id == TypeId::kString) continue;
            types[i] = inferrer.infer(types[i], s);
          }
        }
        skipHeader = false;
        return true;
      }));
    }
  }
  Schema schema;
  for (size_t i = 0; i < names.size(); ++i) schema.add(names[i], toDataType(types[i]));
  return schema;
}

}  // namespace spate
