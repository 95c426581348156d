#include "spate/expr/cast.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "spate/common/datetime.h"
#include "spate/common/strings.h"
#include "spate/expr/kernels.h"

namespace spate {

namespace {

bool isAtomic(const DataType& t) { return !t.isNested(); }

template <typename T>
T saturatingFromDouble(double v) {
  if (std::isnan(v)) return 0;
  if (v >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  if (v <= static_cast<double>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  return static_cast<T>(v);
}

// Spark's UTF8String.toLong: optional sign, digits, optional '.' and digits that are
// dropped; surrounding spaces trimmed; anything else or overflow is invalid.
bool parseIntegral(std::string_view s, int64_t& out) {
  s = trimView(s);
  if (s.empty()) return false;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    ++i;
  }
  if (i == s.size()) return false;
  unsigned __int128 v = 0;
  size_t digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
    if (v > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max()) + 1) return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    }
  }
  if (i != s.size() || digits == 0) return false;
  if (!neg && v > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max())) return false;
  out = neg ? static_cast<int64_t>(-static_cast<__int128>(v)) : static_cast<int64_t>(v);
  return true;
}

bool parseDouble(std::string_view s, double& out) {
  s = trimView(s);
  if (s.empty()) return false;
  std::string_view body = s;
  bool neg = false;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (equalsIgnoreCase(body, "nan")) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (equalsIgnoreCase(body, "infinity") || equalsIgnoreCase(body, "inf")) {
    out = neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return true;
  }
  if (!body.empty() && (body.back() == 'd' || body.back() == 'D' || body.back() == 'f' || body.back() == 'F')) {
    s.remove_suffix(1);
  }
  const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
  auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Parses a decimal string and rescales to `scale` with HALF_UP rounding.
bool parseDecimal(std::string_view s, int precision, int scale, __int128& out) {
  s = trimView(s);
  if (s.empty()) return false;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    ++i;
  }
  __int128 v = 0;
  int fracDigits = 0, digits = 0;
  bool seenDot = false, roundUp = false, any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.' && !seenDot) {
      seenDot = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any = true;
    if (seenDot && fracDigits >= scale) {
      if (fracDigits == scale) roundUp = c >= '5';
      ++fracDigits;
      continue;
    }
    v = v * 10 + (c - '0');
    if (v != 0) ++digits;
    if (seenDot) ++fracDigits;
    if (digits > 38) return false;
  }
  int exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    auto [p, ec] = std::from_chars(s.data() + i + 1 + (s[i + 1] == '+' ? 1 : 0), s.data() + s.size(), exponent);
    if (ec != std::errc() || p != s.data() + s.size()) return false;
    i = s.size();
  }
  if (i != s.size() || !any) return false;
  int have = std::min(fracDigits, scale) - exponent;
  while (have < scale) {
    v *= 10;
    ++have;
  }
  while (have > scale) {
    roundUp = (v % 10) >= 5;
    v /= 10;
    --have;
  }
  if (roundUp) ++v;
  if (v >= pow10i128(precision)) return false;
  out = neg ? -v : v;
  return true;
}

bool decimalFromDouble(double d, int precision, int scale, __int128& out) {
  if (!std::isfinite(d)) return false;
  double scaled = std::round(d * std::pow(10.0, scale));
  if (std::fabs(scaled) >= std::pow(10.0, precision)) return false;
  out = static_cast<__int128>(scaled);
  return true;
}

bool rescaleDecimal(__int128 v, int fromScale, int toPrecision, int toScale, __int128& out) {
  if (toScale >= fromScale) {
    v *= pow10i128(toScale - fromScale);
  } else {
    __int128 div = pow10i128(fromScale - toScale);
    __int128 q = v / div, r = v % div;
    if (r * 2 >= div) ++q;
    else if (-r * 2 >= div) --q;
    v = q;
  }
  if (v >= pow10i128(toPrecision) || v <= -pow10i128(toPrecision)) return false;
  out = v;
  return true;
}

std::optional<bool> parseBoolean(std::string_view s) {
  s = trimView(s);
  for (const char* t : {"t", "true", "y", "yes", "1"}) {
    if (equalsIgnoreCase(s, t)) return true;
  }
  for (const char* f : {"f", "false", "n", "no", "0"}) {
    if (equalsIgnoreCase(s, f)) return false;
  }
  return std::nullopt;
}

// Reads row i of a numeric column as int64 (integral/boolean), double or decimal.
template <typename T>
double asDouble(const Column& c, int64_t i, int scale) {
  if constexpr (std::is_same_v<T, __int128>) {
    return static_cast<double>(c.valueAt<__int128>(i)) / std::pow(10.0, scale);
  } else {
    return static_cast<double>(c.valueAt<T>(i));
  }
}

Result<ColumnPtr> castToStringColumn(const ColumnPtr& in, const TypePtr& to, int64_t n) {
  const DataType& from = *in->type();
  return buildStrings(n, to, {in}, [&](int64_t i, StringColumnBuilder& out) {
    switch (from.id()) {
      case TypeId::kString:
      case TypeId::kBinary: out.append(in->stringAt(i)); return;
      case TypeId::kBoolean: out.append(in->boolAt(i) ? "true" : "false"); return;
      case TypeId::kByte:
      case TypeId::kShort:
      case TypeId::kInt:
      case TypeId::kLong: {
        char buf[24];
        int64_t v = in->valueAt(i).asInt();
        auto [p, ec] = std::to_chars(buf, buf + sizeof(buf), v);
        out.append(std::string_view(buf, static_cast<size_t>(p - buf)));
        return;
      }
      default: out.append(castToString(in->valueAt(i), from)); return;
    }
  });
}

}  // namespace

std::string castToString(const Value& v, const DataType& type) {
  if (v.isNull()) return "null";
  return v.toString(type);
}

bool canCast(const DataType& from, const DataType& to) {
  if (from.equals(to) || from.id() == TypeId::kNull) return true;
  if (to.id() == TypeId::kString) return true;
  if (from.id() == TypeId::kString) return isAtomic(to) && to.id() != TypeId::kInterval;
  if (from.isNumeric() || from.id() == TypeId::kBoolean) {
    return to.isNumeric() || to.id() == TypeId::kBoolean || to.id() == TypeId::kTimestamp;
  }
  if (from.id() == TypeId::kDate) return to.id() == TypeId::kTimestamp;
  if (from.id() == TypeId::kTimestamp) {
    return to.id() == TypeId::kDate || to.isNumeric() || to.id() == TypeId::kBoolean;
  }
  if (from.id() == TypeId::kBinary) return false;
  if (from.id() == TypeId::kArray && to.id() == TypeId::kArray) return canCast(*from.elementType(), *to.elementType());
  if (from.id() == TypeId::kMap && to.id() == TypeId::kMap) {
    return canCast(*from.keyType(), *to.keyType()) && canCast(*from.valueType(), *to.valueType());
  }
  if (from.id() == TypeId::kStruct && to.id() == TypeId::kStruct) {
    if (from.fields().size() != to.fields().size()) return false;
    for (size_t i = 0; i < from.fields().size(); ++i) {
      if (!canCast(*from.fields()[i].type, *to.fields()[i].type)) return false;
    }
    return true;
  }
  return false;
}

Result<ColumnPtr> castColumn(const ColumnPtr& input, const TypePtr& to, int64_t n) {
  const DataType& from = *input->type();
  if (from.equals(*to)) return input;
  if (from.id() == TypeId::kNull || (input->isConstant() && input->isNull(0))) return Column::nulls(to, n);
  if (!canCast(from, *to)) {
    return Status::TypeError("Cannot cast {} to {}", from.simpleString(), to->simpleString());
  }
  TypeId f = from.id(), t = to->id();
  if ((f == TypeId::kBinary && t == TypeId::kString) || (f == TypeId::kString && t == TypeId::kBinary)) {
    // One layout (offsets and bytes), and Spark keeps the bytes as they are: the cast
    // shares the buffers.
    return std::make_shared<Column>(to, n, input->validityBuffer(), input->valuesBuffer(),
                                    input->dataBuffer(), std::vector<ColumnPtr>{}, input->isConstant());
  }
  ColumnPtr in = Column::flatten(input);
  if (t == TypeId::kString) return castToStringColumn(in, to, n);

  if (f == TypeId::kString) {
    switch (t) {
      case TypeId::kBoolean: {
        BooleanColumnBuilder out(n);
        for (int64_t i = 0; i < n; ++i) {
          std::optional<bool> b;
          if (in->isValid(i)) b = parseBoolean(in->stringAt(i));
          if (b) out.set(i, *b);
          else out.setNull(i);
        }
        return out.finish();
      }
      case TypeId::kFloat:
        return buildFixedOrNull<float>(n, to, {in}, [&](int64_t i, float& o) {
          double d;
          if (!parseDouble(in->stringAt(i), d)) return false;
          o = static_cast<float>(d);
          return true;
        });
      case TypeId::kDouble:
        return buildFixedOrNull<double>(n, to, {in}, [&](int64_t i, double& o) { return parseDouble(in->stringAt(i), o); });
      case TypeId::kDecimal:
        return buildFixedOrNull<__int128>(n, to, {in}, [&](int64_t i, __int128& o) {
          return parseDecimal(in->stringAt(i), to->precision(), to->scale(), o);
        });
      case TypeId::kDate:
        return buildFixedOrNull<int32_t>(n, to, {in}, [&](int64_t i, int32_t& o) {
          auto d = parseDate(in->stringAt(i));
          if (d) o = *d;
          return d.has_value();
        });
      case TypeId::kTimestamp:
        return buildFixedOrNull<int64_t>(n, to, {in}, [&](int64_t i, int64_t& o) {
          auto ts = parseTimestamp(in->stringAt(i));
          if (ts) o = *ts;
          return ts.has_value();
        });
      default:
        return dispatchFixedWidth(t, [&]<typename T>() -> Result<ColumnPtr> {
          return buildFixedOrNull<T>(n, to, {in}, [&](int64_t i, T& o) {
            int64_t v;
            if (!parseIntegral(in->stringAt(i), v)) return false;
            if (v < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
                v > static_cast<int64_t>(std::numeric_limits<T>::max())) {
              return false;
            }
            o = static_cast<T>(v);
            return true;
          });
        });
    }
  }

  if (f == TypeId::kArray) {
    SPATE_ASSIGN_OR_RETURN(ColumnPtr elems, castColumn(in->child(0), to->elementType(), in->child(0)->length()));
    return std::make_shared<Column>(to, n, in->validityBuffer(), in->valuesBuffer(), nullptr,
                                    std::vector<ColumnPtr>{elems});
  }
  if (f == TypeId::kMap) {
    SPATE_ASSIGN_OR_RETURN(ColumnPtr keys, castColumn(in->child(0), to->keyType(), in->child(0)->length()));
    SPATE_ASSIGN_OR_RETURN(ColumnPtr vals, castColumn(in->child(1), to->valueType(), in->child(1)->length()));
    return std::make_shared<Column>(to, n, in->validityBuffer(), in->valuesBuffer(), nullptr,
                                    std::vector<ColumnPtr>{keys, vals});
  }
  if (f == TypeId::kStruct) {
    std::vector<ColumnPtr> kids;
    for (size_t k = 0; k < to->fields().size(); ++k) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, castColumn(in->child(k), to->fields()[k].type, n));
      kids.push_back(c);
    }
    return std::make_shared<Column>(to, n, in->validityBuffer(), in->valuesBuffer(), nullptr, std::move(kids));
  }

  // Dates and timestamps.
  if (f == TypeId::kDate && t == TypeId::kTimestamp) {
    return unaryFixed<int64_t, int32_t>(in, to, n, [](int32_t d) { return int64_t{d} * kMicrosPerDay; });
  }
  if (f == TypeId::kTimestamp && t == TypeId::kDate) {
    return unaryFixed<int32_t, int64_t>(in, to, n,
                                        [](int64_t us) { return static_cast<int32_t>(floorDiv(us, kMicrosPerDay)); });
  }
  if (f == TypeId::kTimestamp) {
    // To numbers: seconds since the epoch.
    if (t == TypeId::kDouble || t == TypeId::kFloat || t == TypeId::kDecimal) {
      ColumnPtr secs = unaryFixed<double, int64_t>(in, DataType::double_(), n,
                                                   [](int64_t us) { return static_cast<double>(us) / 1e6; });
      return castColumn(secs, to, n);
    }
    ColumnPtr secs = unaryFixed<int64_t, int64_t>(in, DataType::long_(), n,
                                                  [](int64_t us) { return floorDiv(us, kMicrosPerSecond); });
    return castColumn(secs, to, n);
  }
  if (t == TypeId::kTimestamp) {
    // From numbers: seconds since the epoch.
    if (f == TypeId::kBoolean) return Status::TypeError("Cannot cast boolean to timestamp");
    return dispatchFixedWidth(f, [&]<typename S>() -> Result<ColumnPtr> {
      int scale = from.scale();
      return buildFixed<int64_t>(n, to, {in}, [&](int64_t i) {
        if constexpr (std::is_floating_point_v<S> || std::is_same_v<S, __int128>) {
          return saturatingFromDouble<int64_t>(asDouble<S>(*in, i, scale) * 1e6);
        } else {
          return static_cast<int64_t>(in->valueAt<S>(i)) * kMicrosPerSecond;
        }
      });
    });
  }

  // Booleans.
  if (f == TypeId::kBoolean) {
    ColumnPtr ints = buildFixed<int32_t>(n, DataType::int_(), {in}, [&](int64_t i) { return in->boolAt(i) ? 1 : 0; });
    return castColumn(ints, to, n);
  }
  if (t == TypeId::kBoolean) {
    return dispatchFixedWidth(f, [&]<typename S>() -> Result<ColumnPtr> {
      return buildBooleans(n, {in}, [&](int64_t i) { return in->valueAt<S>(i) != S{}; });
    });
  }

  // Numbers to numbers.
  if (t == TypeId::kDecimal) {
    return dispatchFixedWidth(f, [&]<typename S>() -> Result<ColumnPtr> {
      return buildFixedOrNull<__int128>(n, to, {in}, [&](int64_t i, __int128& o) {
        if constexpr (std::is_same_v<S, __int128>) {
          return rescaleDecimal(in->valueAt<S>(i), from.scale(), to->precision(), to->scale(), o);
        } else if constexpr (std::is_floating_point_v<S>) {
          return decimalFromDouble(in->valueAt<S>(i), to->precision(), to->scale(), o);
        } else {
          return rescaleDecimal(static_cast<__int128>(in->valueAt<S>(i)), 0, to->precision(), to->scale(), o);
        }
      });
    });
  }
  return dispatchFixedWidth(f, [&]<typename S>() -> Result<ColumnPtr> {
    return dispatchFixedWidth(t, [&]<typename D>() -> Result<ColumnPtr> {
      int scale = from.scale();
      if constexpr (std::is_same_v<S, __int128>) {
        return buildFixed<D>(n, to, {in}, [&](int64_t i) {
          if constexpr (std::is_floating_point_v<D>) {
            return static_cast<D>(asDouble<S>(*in, i, scale));
          } else {
            return static_cast<D>(in->valueAt<__int128>(i) / pow10i128(scale));
          }
        });
      } else if constexpr (std::is_floating_point_v<S> && !std::is_floating_point_v<D>) {
        return unaryFixed<D, S>(in, to, n, [](S v) { return saturatingFromDouble<D>(static_cast<double>(v)); });
      } else {
        return unaryFixed<D, S>(in, to, n, [](S v) { return static_cast<D>(v); });
      }
    });
  });
}

namespace {

class BoundCast final : public BoundExpr {
 public:
  BoundCast(BoundExprPtr child, TypePtr to) : BoundExpr(std::move(to), true, {std::move(child)}) {}
  Result<ColumnPtr> eval(const Batch& input, EvalContext& ctx) const override {
    SPATE_ASSIGN_OR_RETURN(ColumnPtr c, evalShared(*children()[0], input, ctx));
    return castColumn(c, type(), input.numRows());
  }
  std::string toString() const override {
    return "cast(" + children()[0]->toString() + " as " + type()->simpleString() + ")";
  }
};

}  // namespace

Result<BoundExprPtr> makeCast(BoundExprPtr child, TypePtr to) {
  if (typesEqual(child->type(), to)) return child;
  if (!canCast(*child->type(), *to)) {
    return Status::TypeError("Cannot cast {} of type {} to {}", child->toString(), child->type()->simpleString(),
                             to->simpleString());
  }
  auto cast = std::make_shared<BoundCast>(std::move(child), std::move(to));
  if (cast->children()[0]->literalValue()) {
    EvalContext ctx;
    SPATE_ASSIGN_OR_RETURN(Value v, evalConstant(cast, ctx));
    return std::make_shared<BoundLiteral>(std::move(v), cast->type());
  }
  return cast;
}

}  // namespace spate
