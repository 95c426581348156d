#include "spate/io/csv_convert.h"

#include <climits>
#include <cstring>

#include "spate/columnar/builder.h"
#include "spate/columnar/selection.h"
#include "spate/io/value_text.h"

namespace spate {

Status checkCsvSupportsType(const TypePtr& type) {
  switch (type->id()) {
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
    case TypeId::kBinary:
    case TypeId::kInterval:
      return Status::AnalysisError("CSV data source does not support {} data type.", type->simpleString());
    default: return Status::OK();
  }
}

Result<CsvBatchConverter> CsvBatchConverter::make(const CsvReadOptions& options, const SchemaPtr& schema,
                                                  int corruptIndex) {
  CsvBatchConverter c;
  c.options_ = &options;
  c.schema_ = schema;
  c.corruptIndex_ = corruptIndex;
  for (size_t i = 0; i < schema->size(); ++i) {
    if (static_cast<int>(i) == corruptIndex) continue;
    SPATE_RETURN_IF_ERROR(checkCsvSupportsType(schema->field(i).type));
    c.dataTypes_.push_back(schema->field(i).type);
    c.dataNames_.push_back(schema->field(i).name);
  }
  return c;
}

namespace {

constexpr int32_t kNotBad = INT32_MAX;

// Per-batch bookkeeping of malformed records.
struct BadRows {
  std::vector<int32_t> firstBad;   // first column that failed to parse, kNotBad if none
  std::vector<uint8_t> mismatch;   // wrong number of fields
  std::vector<uint32_t> rows;      // malformed rows, in discovery order

  void markParseError(uint32_t r, int32_t col) {
    if (firstBad[r] != kNotBad) return;
    if (!mismatch[r]) rows.push_back(r);
    firstBad[r] = col;
  }
};

// One column being built: values plus a byte per row for validity, packed at the end
// (bad rows may null more fields after the fact).
struct ColumnOut {
  BufferPtr values;
  BufferPtr data;  // strings
  std::vector<uint8_t> valid;
};

class ColumnConverter {
 public:
  ColumnConverter(const CsvRecords& recs, const CsvReadOptions& o, int32_t col, BadRows& bad)
      : recs_(recs), o_(o), col_(static_cast<uint32_t>(col)), bad_(bad), n_(recs.size()) {}

  // Calls fn(row, text) for each present, non-null token; fn returns false when the
  // text does not parse. Null tokens and missing fields are marked invalid.
  template <typename Fn>
  void forEach(std::vector<uint8_t>& valid, Fn&& fn) {
    const std::string& nullValue = o_.nullValue;
    const bool emptyIsNull = o_.emptyValue == nullValue;
    const CsvRecord* records = recs_.records.data();
    const CsvField* fields = recs_.fields.data();
    for (size_t r = 0; r < n_; ++r) {
      const CsvRecord& rec = records[r];
      if (col_ >= rec.numFields) {
        valid[r] = 0;
        continue;
      }
      const CsvField f = fields[rec.firstField + col_];
      std::string_view s = recs_.text(f);
      if (s.size() == 0) {
        // Unquoted empty reads as nullValue, quoted empty as emptyValue (univocity).
        if (!f.quoted() || emptyIsNull) {
          valid[r] = 0;
          continue;
        }
        s = o_.emptyValue;
      } else if (s.size() == nullValue.size() && std::memcmp(s.data(), nullValue.data(), s.size()) == 0) {
        valid[r] = 0;
        continue;
      }
      if (fn(r, s)) {
        valid[r] = 1;
      } else {
        valid[r] = 0;
        bad_.markParseError(static_cast<uint32_t>(r), static_cast<int32_t>(col_));
      }
    }
  }

 private:
  const CsvRecords& recs_;
  const CsvReadOptions& o_;
  uint32_t col_;
  BadRows& bad_;
  size_t n_;
};

template <typename T, typename Parse>
ColumnOut convertFixed(ColumnConverter& cv, size_t n, Parse&& parse) {
  ColumnOut out;
  out.values = allocateBuffer(static_cast<int64_t>(n * sizeof(T)));
  out.valid.resize(n);
  T* v = out.values->as<T>();
  cv.forEach(out.valid, [&](size_t r, std::string_view s) { return parse(s, v[r]); });
  return out;
}

ColumnOut convertStrings(ColumnConverter& cv, size_t n, size_t expectedBytes) {
  ColumnOut out;
  out.values = allocateBuffer(static_cast<int64_t>((n + 1) * sizeof(int32_t)));
  out.data = allocateBuffer(0);
  out.data->reserve(static_cast<int64_t>(expectedBytes));
  out.valid.resize(n);
  int32_t* offsets = out.values->as<int32_t>();
  Buffer& data = *out.data;
  size_t next = 0;  // rows whose offset is written
  cv.forEach(out.valid, [&](size_t r, std::string_view s) {
    int32_t pos = static_cast<int32_t>(data.size());
    while (next <= r) offsets[next++] = pos;
    data.append(s.data(), static_cast<int64_t>(s.size()));
    return true;
  });
  int32_t pos = static_cast<int32_t>(data.size());
  while (next <= n) offsets[next++] = pos;
  return out;
}

Result<ColumnOut> convertColumn(const TypePtr& type, ColumnConverter& cv, const CsvRecords& recs,
                                const CsvReadOptions& o) {
  const size_t n = recs.size();
  auto floating = [&o](std::string_view s, double& d) {
    if (s == o.nanValue) {
      d = std::numeric_limits<double>::quiet_NaN();
    } else if (s == o.positiveInf) {
      d = std::numeric_limits<double>::infinity();
    } else if (s == o.negativeInf) {
      d = -std::numeric_limits<double>::infinity();
    } else {
      return parseJavaDouble(s, d);
    }
    return true;
  };
  switch (type->id()) {
    case TypeId::kNull: {
      ColumnOut out;
      out.valid.assign(n, 0);
      return out;
    }
    case TypeId::kBoolean: {
      ColumnOut out = convertFixed<uint8_t>(cv, n, [](std::string_view s, uint8_t& b) {
        bool v;
        if (!parseJavaBoolean(s, v)) return false;
        b = v;
        return true;
      });
      auto bitmap = allocateBuffer(bits::bytesFor(static_cast<int64_t>(n)));
      bits::packBytes(out.values->data(), static_cast<int64_t>(n), bitmap->data());
      out.values = bitmap;
      return out;
    }
    case TypeId::kByte: return convertFixed<int8_t>(cv, n, parseJavaIntegral<int8_t>);
    case TypeId::kShort: return convertFixed<int16_t>(cv, n, parseJavaIntegral<int16_t>);
    case TypeId::kInt: return convertFixed<int32_t>(cv, n, parseJavaIntegral<int32_t>);
    case TypeId::kLong: return convertFixed<int64_t>(cv, n, parseJavaLong);
    case TypeId::kFloat:
      return convertFixed<float>(cv, n, [&](std::string_view s, float& f) {
        double d;
        if (!floating(s, d)) return false;
        f = static_cast<float>(d);
        return true;
      });
    case TypeId::kDouble: return convertFixed<double>(cv, n, floating);
    case TypeId::kDecimal: {
      int p = type->precision(), sc = type->scale();
      return convertFixed<__int128>(
          cv, n, [p, sc](std::string_view s, __int128& v) { return parseDecimalText(s, p, sc, v); });
    }
    case TypeId::kDate:
      return convertFixed<int32_t>(cv, n, [&o](std::string_view s, int32_t& d) { return o.dateCodec.parseDate(s, d); });
    case TypeId::kTimestamp:
      return convertFixed<int64_t>(
          cv, n, [&o, cache = DateTimeCodec::TimestampCache{}](std::string_view s, int64_t& t) mutable {
            return o.timestampCodec.parseTimestamp(s, t, cache);
          });
    case TypeId::kString: {
      size_t bytes = recs.size() ? recs.records.back().end / std::max<size_t>(1, recs.fields.size() / n) : 0;
      return convertStrings(cv, n, bytes);
    }
    default: return checkCsvSupportsType(type);
  }
}

std::string reasonFor(const CsvRecords& recs, uint32_t r, int32_t col, const std::vector<TypePtr>& types,
                      const std::vector<std::string>& names, const CsvReadOptions& o) {
  const CsvRecord& rec = recs.records[r];
  if (rec.numFields != types.size() && col == kNotBad) {
    return fmt::format("expected {} fields but found {}", types.size(), rec.numFields);
  }
  CsvField f = recs.fieldsOf(r)[col];
  std::string_view s = recs.text(f);
  if (s.empty() && f.quoted()) s = o.emptyValue;
  return fmt::format("cannot parse '{}' as {} for column '{}'", s, types[static_cast<size_t>(col)]->ddl(),
                     names[static_cast<size_t>(col)]);
}

}  // namespace

Result<BatchPtr> CsvBatchConverter::convert(const CsvRecords& recs, const std::string& path) const {
  const size_t n = recs.size();
  const size_t ncols = dataTypes_.size();
  BadRows bad;
  bad.firstBad.assign(n, kNotBad);
  bad.mismatch.assign(n, 0);
  for (size_t r = 0; r < n; ++r) {
    if (recs.records[r].numFields != ncols) {
      bad.mismatch[r] = 1;
      bad.rows.push_back(static_cast<uint32_t>(r));
    }
  }

  std::vector<ColumnOut> outs;
  outs.reserve(ncols);
  for (size_t j = 0; j < ncols; ++j) {
    ColumnConverter cv(recs, *options_, static_cast<int32_t>(j), bad);
    SPATE_ASSIGN_OR_RETURN(ColumnOut out, convertColumn(dataTypes_[j], cv, recs, *options_));
    outs.push_back(std::move(out));
  }

  const ParseMode mode = options_->mode;
  if (!bad.rows.empty() && mode == ParseMode::kFailFast) {
    uint32_t first = *std::min_element(bad.rows.begin(), bad.rows.end());
    int32_t col = bad.firstBad[first];
    if (bad.mismatch[first]) col = kNotBad;
    return Status::ExecutionError("Malformed CSV record in {} line {}: {}", path, recs.records[first].line,
                                  reasonFor(recs, first, col, dataTypes_, dataNames_, *options_));
  }
  // Partial results: a parse error nulls the fields after it; a record with the wrong
  // field count that also fails to parse gives no partial result at all.
  for (uint32_t r : bad.rows) {
    int32_t from = bad.firstBad[r];
    if (from == kNotBad) continue;
    if (bad.mismatch[r]) from = 0;
    for (size_t j = static_cast<size_t>(from); j < ncols; ++j) outs[j].valid[r] = 0;
  }

  std::vector<ColumnPtr> columns;
  columns.reserve(schema_->size());
  size_t d = 0;
  for (size_t i = 0; i < schema_->size(); ++i) {
    if (static_cast<int>(i) == corruptIndex_) {
      StringColumnBuilder corrupt(DataType::string(), static_cast<int64_t>(n));
      std::vector<uint8_t> isBad(n, 0);
      if (mode == ParseMode::kPermissive) {
        for (uint32_t r : bad.rows) isBad[r] = 1;
      }
      for (size_t r = 0; r < n; ++r) {
        if (isBad[r]) corrupt.append(recs.recordText(r));
        else corrupt.appendNull();
      }
      columns.push_back(corrupt.finish());
      continue;
    }
    ColumnOut& out = outs[d];
    const TypePtr& type = dataTypes_[d++];
    BufferPtr validity = bits::packValidity(out.valid.data(), static_cast<int64_t>(out.valid.size()));
    if (type->id() == TypeId::kNull) {
      columns.push_back(Column::nulls(type, static_cast<int64_t>(n)));
    } else {
      columns.push_back(std::make_shared<Column>(type, static_cast<int64_t>(n), std::move(validity), out.values,
                                                 out.data, std::vector<ColumnPtr>{}));
    }
  }
  auto batch = std::make_shared<Batch>(schema_, std::move(columns), static_cast<int64_t>(n));
  if (mode == ParseMode::kDropMalformed && !bad.rows.empty()) {
    std::vector<uint8_t> isBad(n, 0);
    for (uint32_t r : bad.rows) isBad[r] = 1;
    SelectionVector keep;
    keep.reserve(n - bad.rows.size());
    for (size_t r = 0; r < n; ++r) {
      if (!isBad[r]) keep.push_back(static_cast<int32_t>(r));
    }
    return take(batch, keep);
  }
  return BatchPtr(batch);
}

}  // namespace spate
