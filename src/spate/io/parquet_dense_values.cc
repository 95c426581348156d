#include "spate/io/parquet_dense_values.h"

#include <cstring>

namespace spate::parquet {

namespace {

Status corrupt(std::string_view what) { return Status::IOError("{}", what); }

template <typename T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// Timestamps far outside any calendar (a corrupt file's) wrap, as the JVM's arithmetic
// does, instead of overflowing.
int64_t wrapMultiply(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
int64_t wrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

// Spark truncates nanoseconds to microseconds, flooring.
int64_t floorMicros(int64_t nanos) { return nanos / 1000 - (nanos % 1000 < 0 ? 1 : 0); }

// INT96: nanoseconds of the day, then the Julian day number (Impala's timestamps).
int64_t int96Micros(const char* p) {
  constexpr int64_t kJulianUnixEpoch = 2440588;
  auto nanos = load<int64_t>(p);
  auto day = load<int32_t>(p + 8);
  return wrapAdd(wrapMultiply(static_cast<int64_t>(day) - kJulianUnixEpoch, 86400000000LL), floorMicros(nanos));
}


bool isMillis(const SchemaElement& e) {
  const LogicalType& lt = e.logicalType;
  return lt.kind == LogicalType::Kind::kTimestamp ? lt.unit == LogicalType::TimeUnit::kMillis
                                                  : e.convertedType == converted::kTimestampMillis;
}

bool isNanos(const SchemaElement& e) {
  return e.logicalType.kind == LogicalType::Kind::kTimestamp && e.logicalType.unit == LogicalType::TimeUnit::kNanos;
}

}  // namespace

__int128 bigEndianInteger(std::string_view b) {
  __int128 v = b.empty() ? 0 : (static_cast<int8_t>(b[0]) < 0 ? -1 : 0);
  for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

int plainWidth(const SchemaElement& e) {
  switch (*e.type) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt96: return 12;
    case PhysicalType::kFixedLenByteArray: return e.typeLength.value_or(0);
    case PhysicalType::kBoolean:
    case PhysicalType::kByteArray: return 0;
  }
  return 0;
}

int64_t timestampMicros(int64_t value, const SchemaElement& element) {
  return isMillis(element) ? wrapMultiply(value, 1000) : isNanos(element) ? floorMicros(value) : value;
}

DenseValues::DenseValues(const SchemaElement& element, TypePtr type)
    : element_(element), type_(std::move(type)), physicalWidth_(plainWidth(element)) {
  const PhysicalType physical = *element.type;
  bool bytes = physical == PhysicalType::kByteArray || physical == PhysicalType::kFixedLenByteArray;
  switch (type_->id()) {
    case TypeId::kBoolean: conversion_ = Conversion::kBoolean; break;
    case TypeId::kByte: conversion_ = Conversion::kToByte; break;
    case TypeId::kShort: conversion_ = Conversion::kToShort; break;
    case TypeId::kDecimal: conversion_ = bytes ? Conversion::kBytesToDecimal : Conversion::kToDecimal; break;
    case TypeId::kString:
    case TypeId::kBinary: conversion_ = Conversion::kBytes; break;
    case TypeId::kTimestamp:
      if (physical == PhysicalType::kInt96) {
        conversion_ = Conversion::kInt96ToMicros;
      } else if (isMillis(element)) {
        conversion_ = Conversion::kMillisToMicros;
      } else if (isNanos(element)) {
        conversion_ = Conversion::kNanosToMicros;
      }
      break;
    default: break;  // int, long, date, float, double: the physical bytes as they are
  }
  if (conversion_ == Conversion::kBytes) {
    strings_.emplace(type_, 0, 0);
  } else {
    values_ = allocateBuffer(0);
  }
}

void DenseValues::reserve(int64_t values, int64_t bytes) {
  if (strings_) {
    if (length_ == 0) strings_.emplace(type_, values, bytes);
  } else if (conversion_ == Conversion::kBoolean) {
    values_->reserve(bits::bytesFor(values));
  } else {
    values_->reserve(values * type_->byteWidth());
  }
}

template <typename T, typename F>
void DenseValues::convertFixed(const char* p, int64_t n, F&& f) {
  const int64_t at = values_->size();
  values_->resize(at + n * static_cast<int64_t>(sizeof(T)));
  T* out = reinterpret_cast<T*>(values_->data() + at);
  for (int64_t i = 0; i < n; ++i) out[i] = f(p + i * physicalWidth_);
}

template <typename T, typename Get>
void DenseValues::convertIntegers(int64_t n, Get&& get) {
  const int64_t at = values_->size();
  values_->resize(at + n * static_cast<int64_t>(sizeof(T)));
  T* out = reinterpret_cast<T*>(values_->data() + at);
  for (int64_t i = 0; i < n; ++i) out[i] = get(i);
}

Result<size_t> DenseValues::appendPlain(std::string_view data, int64_t n) {
  const char* p = data.data();
  if (conversion_ == Conversion::kBoolean) {
    if (static_cast<uint64_t>(n) > data.size() * 8) return corrupt("PLAIN booleans end early");
    values_->resize(bits::bytesFor(length_ + n));
    const auto* in = reinterpret_cast<const uint8_t*>(p);
    for (int64_t i = 0; i < n; ++i) {
      if (bits::get(in, i)) bits::set(values_->data(), length_ + i);
    }
    length_ += n;
    return static_cast<size_t>(bits::bytesFor(n));
  }
  if (*element_.type == PhysicalType::kByteArray) {
    size_t at = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (data.size() - at < 4) return corrupt("PLAIN byte arrays end early");
      uint32_t length = load<uint32_t>(p + at);
      at += 4;
      if (length > data.size() - at) return corrupt("a PLAIN byte array is longer than its page");
      std::string_view value = data.substr(at, length);
      at += length;
      if (conversion_ == Conversion::kBytes) {
        strings_->append(value);
      } else {
        __int128 v = bigEndianInteger(value);
        values_->append(&v, sizeof v);
      }
    }
    length_ += n;
    return at;
  }
  if (physicalWidth_ <= 0) return corrupt("FIXED_LEN_BYTE_ARRAY without a length");
  if (static_cast<uint64_t>(n) * static_cast<uint64_t>(physicalWidth_) > data.size()) {
    return corrupt("PLAIN values end early");
  }
  const bool wide = physicalWidth_ == 8;
  switch (conversion_) {
    case Conversion::kCopy: values_->append(p, n * physicalWidth_); break;
    case Conversion::kToByte:
      convertFixed<int8_t>(p, n, [](const char* q) { return static_cast<int8_t>(load<int32_t>(q)); });
      break;
    case Conversion::kToShort:
      convertFixed<int16_t>(p, n, [](const char* q) { return static_cast<int16_t>(load<int32_t>(q)); });
      break;
    case Conversion::kMillisToMicros:
      convertFixed<int64_t>(p, n, [](const char* q) { return wrapMultiply(load<int64_t>(q), 1000); });
      break;
    case Conversion::kNanosToMicros:
      convertFixed<int64_t>(p, n, [](const char* q) { return floorMicros(load<int64_t>(q)); });
      break;
    case Conversion::kInt96ToMicros: convertFixed<int64_t>(p, n, int96Micros); break;
    case Conversion::kToDecimal:
      convertFixed<__int128>(p, n, [wide](const char* q) {
        return wide ? static_cast<__int128>(load<int64_t>(q)) : static_cast<__int128>(load<int32_t>(q));
      });
      break;
    case Conversion::kBytesToDecimal: {
      const auto width = static_cast<size_t>(physicalWidth_);
      convertFixed<__int128>(p, n, [width](const char* q) { return bigEndianInteger({q, width}); });
      break;
    }
    case Conversion::kBytes:
      for (int64_t i = 0; i < n; ++i) {
        strings_->append(data.substr(static_cast<size_t>(i * physicalWidth_), static_cast<size_t>(physicalWidth_)));
      }
      break;
    case Conversion::kBoolean: break;
  }
  length_ += n;
  return static_cast<size_t>(n * physicalWidth_);
}

Status DenseValues::appendIntegers(const int64_t* in, int64_t n) {
  switch (conversion_) {
    case Conversion::kCopy:
      if (physicalWidth_ == 4) {
        convertIntegers<int32_t>(n, [in](int64_t i) { return static_cast<int32_t>(in[i]); });
      } else {
        values_->append(in, n * 8);
      }
      break;
    case Conversion::kToByte:
      convertIntegers<int8_t>(n, [in](int64_t i) { return static_cast<int8_t>(in[i]); });
      break;
    case Conversion::kToShort:
      convertIntegers<int16_t>(n, [in](int64_t i) { return static_cast<int16_t>(in[i]); });
      break;
    case Conversion::kMillisToMicros:
      convertIntegers<int64_t>(n, [in](int64_t i) { return wrapMultiply(in[i], 1000); });
      break;
    case Conversion::kNanosToMicros:
      convertIntegers<int64_t>(n, [in](int64_t i) { return floorMicros(in[i]); });
      break;
    case Conversion::kToDecimal: {
      // INT32 decimals wrap as 32-bit values.
      bool narrow = physicalWidth_ == 4;
      convertIntegers<__int128>(n, [in, narrow](int64_t i) {
        return narrow ? static_cast<__int128>(static_cast<int32_t>(in[i])) : static_cast<__int128>(in[i]);
      });
      break;
    }
    default: return corrupt("DELTA_BINARY_PACKED on a column that is not INT32 or INT64");
  }
  length_ += n;
  return Status::OK();
}

Status DenseValues::appendByteArrays(const std::string_view* v, int64_t n) {
  if (conversion_ == Conversion::kBytes) {
    for (int64_t i = 0; i < n; ++i) strings_->append(v[i]);
  } else if (conversion_ == Conversion::kBytesToDecimal) {
    for (int64_t i = 0; i < n; ++i) {
      __int128 x = bigEndianInteger(v[i]);
      values_->append(&x, sizeof x);
    }
  } else {
    return corrupt("a byte array encoding on a column that is not BYTE_ARRAY");
  }
  length_ += n;
  return Status::OK();
}

Status DenseValues::appendBooleans(const uint8_t* v, int64_t n) {
  if (conversion_ != Conversion::kBoolean) return corrupt("boolean values on a column that is not BOOLEAN");
  values_->resize(bits::bytesFor(length_ + n));
  for (int64_t i = 0; i < n; ++i) {
    if (v[i]) bits::set(values_->data(), length_ + i);
  }
  length_ += n;
  return Status::OK();
}

Status DenseValues::appendFromDictionary(const Column& dictionary, const uint32_t* ids, int64_t n) {
  if (conversion_ == Conversion::kBytes) {
    for (int64_t i = 0; i < n; ++i) strings_->append(dictionary.stringAt(ids[i]));
  } else if (conversion_ == Conversion::kBoolean) {
    values_->resize(bits::bytesFor(length_ + n));
    for (int64_t i = 0; i < n; ++i) {
      if (dictionary.boolAt(ids[i])) bits::set(values_->data(), length_ + i);
    }
  } else {
    auto gather = [&](auto zero) {
      using T = decltype(zero);
      const T* dict = dictionary.values<T>();
      convertIntegers<T>(n, [&](int64_t i) { return dict[ids[i]]; });
    };
    switch (type_->byteWidth()) {
      case 1: gather(int8_t{}); break;
      case 2: gather(int16_t{}); break;
      case 4: gather(int32_t{}); break;
      case 8: gather(int64_t{}); break;
      case 16: gather(__int128{}); break;
      default: return corrupt("a dictionary of an unexpected width");
    }
  }
  length_ += n;
  return Status::OK();
}

ColumnPtr DenseValues::finish() {
  if (strings_) return strings_->finish();
  return std::make_shared<Column>(type_, length_, nullptr, values_, nullptr, std::vector<ColumnPtr>{});
}

}  // namespace spate::parquet
