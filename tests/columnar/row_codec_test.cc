#include "spate/columnar/row_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

namespace spate {
namespace {

ColumnPtr columnOf(const TypePtr& type, const std::vector<Value>& values) {
  ColumnBuilder b(type);
  for (const auto& v : values) b.append(v);
  return b.finish();
}

// Value's operator== compares nested lists by pointer; this compares their contents.
bool deepEqual(const Value& a, const Value& b) {
  using List = std::shared_ptr<const ValueList>;
  using Map = std::shared_ptr<const MapEntries>;
  auto listsEqual = [](const ValueList& x, const ValueList& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!deepEqual(x[i], y[i])) return false;
    }
    return true;
  };
  if (std::holds_alternative<List>(a.storage()) && std::holds_alternative<List>(b.storage())) {
    return listsEqual(a.asList(), b.asList());
  }
  if (std::holds_alternative<Map>(a.storage()) && std::holds_alternative<Map>(b.storage())) {
    return listsEqual(a.asMap().keys, b.asMap().keys) && listsEqual(a.asMap().values, b.asMap().values);
  }
  return a == b;
}

Value I(int64_t v) { return Value::integer(v); }
Value D(double v) { return Value::fractional(v); }
Value S(const std::string& s) { return Value::string(s); }
Value L(ValueList items) { return Value::list(std::move(items)); }
Value N() { return Value::null(); }

struct Case {
  TypePtr type;
  std::vector<Value> values;  // kRows each
};

constexpr int kRows = 4;

std::vector<Case> everyType() {
  auto i128max = (static_cast<__int128>(1) << 126);
  auto mapType = DataType::map(DataType::string(), DataType::array(DataType::double_()));
  auto structType = DataType::struct_({{"a", DataType::int_(), true},
                                       {"b", DataType::array(DataType::string()), true},
                                       {"c", DataType::map(DataType::int_(), DataType::string()), true}});
  return {
      {DataType::boolean(), {Value::boolean(true), N(), Value::boolean(false), Value::boolean(true)}},
      {DataType::byte_(), {I(-128), N(), I(127), I(0)}},
      {DataType::short_(), {I(-32768), I(1), N(), I(32767)}},
      {DataType::int_(), {I(INT32_MIN), I(INT32_MAX), I(0), N()}},
      {DataType::long_(), {N(), I(INT64_MIN), I(INT64_MAX), I(-1)}},
      {DataType::float_(), {D(1.5), N(), D(-3.25), D(std::numeric_limits<float>::infinity())}},
      {DataType::double_(), {D(0.1), D(-1e300), N(), D(-std::numeric_limits<double>::infinity())}},
      {DataType::decimal(10, 2), {Value::decimal(12345), Value::decimal(-1), N(), Value::decimal(0)}},
      {DataType::decimal(38, 5), {Value::decimal(i128max), Value::decimal(-i128max), Value::decimal(7), N()}},
      {DataType::string(), {S("hello"), S(""), N(), S(std::string("a\0b", 3))}},
      {DataType::binary(), {S(std::string("\xff\x00\x01", 3)), N(), S(""), S("x")}},
      {DataType::date(), {I(19000), I(-719162), N(), I(0)}},
      {DataType::timestamp(), {I(1700000000123456), N(), I(-1), I(0)}},
      {DataType::interval(), {I(86400000000), I(-5), I(0), N()}},
      {DataType::null(), {N(), N(), N(), N()}},
      {DataType::array(DataType::int_()), {L({I(1), N(), I(3)}), L({}), N(), L({I(-7)})}},
      {DataType::array(DataType::array(DataType::string())),
       {L({L({S("a")}), N(), L({})}), N(), L({}), L({L({S(""), N()})})}},
      {mapType,
       {Value::map({S("k"), S("")}, {L({D(1.0), N()}), N()}), Value::map({}, {}), N(),
        Value::map({S("z")}, {L({})})}},
      {structType,
       {L({I(1), L({S("x"), N()}), Value::map({I(1)}, {S("one")})}), N(), L({N(), N(), N()}),
        L({I(-2), L({}), Value::map({}, {})})}},
  };
}

std::vector<TypePtr> typesOf(const std::vector<Case>& cases) {
  std::vector<TypePtr> t;
  for (const auto& c : cases) t.push_back(c.type);
  return t;
}

std::vector<ColumnPtr> columnsOf(const std::vector<Case>& cases) {
  std::vector<ColumnPtr> cols;
  for (const auto& c : cases) cols.push_back(columnOf(c.type, c.values));
  return cols;
}

void expectRoundTrip(const std::vector<TypePtr>& types, const std::vector<ColumnPtr>& cols, int64_t n) {
  RowEncoder enc(types);
  enc.encodeAll(cols, n);
  ASSERT_EQ(enc.size(), n);
  RowDecoder dec(types);
  for (int64_t i = 0; i < n; ++i) {
    std::string one;
    enc.append(cols, i, one);
    EXPECT_EQ(one, enc.key(i)) << "row " << i;
    // A value after the key in the same buffer is left alone.
    std::string buf = std::string(enc.key(i)) + "trailing";
    auto used = dec.append(buf);
    ASSERT_TRUE(used.ok()) << used.status().toString();
    EXPECT_EQ(*used, enc.key(i).size());
  }
  EXPECT_EQ(dec.numRows(), n);
  std::vector<ColumnPtr> out = dec.finish();
  ASSERT_EQ(out.size(), cols.size());
  for (size_t c = 0; c < cols.size(); ++c) {
    ASSERT_EQ(out[c]->length(), n);
    ASSERT_TRUE(typesEqual(out[c]->type(), types[c]));
    for (int64_t i = 0; i < n; ++i) {
      EXPECT_TRUE(deepEqual(out[c]->valueAt(i), cols[c]->valueAt(i)))
          << types[c]->simpleString() << " row " << i << ": " << out[c]->valueAt(i).toString(*types[c]) << " vs "
          << cols[c]->valueAt(i).toString(*types[c]);
      EXPECT_EQ(out[c]->isNull(i), cols[c]->isNull(i) || types[c]->id() == TypeId::kNull);
    }
  }
}

TEST(RowCodec, RoundTripsEveryTypeOneAtATime) {
  for (const auto& c : everyType()) {
    SCOPED_TRACE(c.type->simpleString());
    expectRoundTrip({c.type}, {columnOf(c.type, c.values)}, kRows);
  }
}

TEST(RowCodec, RoundTripsEveryTypeInOneRow) {
  auto cases = everyType();
  expectRoundTrip(typesOf(cases), columnsOf(cases), kRows);
}

TEST(RowCodec, RoundTripsConstantColumns) {
  auto cases = everyType();
  std::vector<ColumnPtr> cols;
  for (const auto& c : cases) cols.push_back(Column::constant(c.values[0], c.type, 3));
  cols.push_back(Column::constant(Value::null(), DataType::string(), 3));
  auto types = typesOf(cases);
  types.push_back(DataType::string());
  expectRoundTrip(types, cols, 3);
  // A constant encodes as its flat equivalent does.
  RowEncoder enc(types);
  enc.encodeAll(cols, 3);
  std::vector<ColumnPtr> flat;
  for (const auto& c : cols) flat.push_back(Column::flatten(c));
  RowEncoder flatEnc(types);
  flatEnc.encodeAll(flat, 3);
  for (int64_t i = 0; i < 3; ++i) EXPECT_EQ(enc.key(i), flatEnc.key(i));
}

TEST(RowCodec, RoundTripsZeroColumnsAndZeroRows) {
  expectRoundTrip({}, {}, 0);
  auto cases = everyType();
  expectRoundTrip(typesOf(cases), columnsOf(cases), 0);
  RowEncoder enc({});
  enc.encodeAll({}, 2);
  EXPECT_EQ(enc.key(1), "");
}

TEST(RowCodec, NormalizesFloatsAsGroupingDoes) {
  double nan2 = -std::numeric_limits<double>::quiet_NaN();
  auto d = columnOf(DataType::double_(), {D(std::nan("")), D(nan2), D(-0.0), D(0.0), D(1.0)});
  auto f = columnOf(DataType::float_(), {D(std::nan("")), D(nan2), D(-0.0), D(0.0), D(1.0)});
  auto arr = columnOf(DataType::array(DataType::double_()),
                      {L({D(std::nan(""))}), L({D(nan2)}), L({D(-0.0)}), L({D(0.0)}), L({D(1.0)})});
  for (const ColumnPtr& c : {d, f, arr}) {
    SCOPED_TRACE(c->type()->simpleString());
    RowEncoder enc({c->type()});
    enc.encodeAll({c}, 5);
    EXPECT_EQ(enc.key(0), enc.key(1));  // every NaN alike
    EXPECT_EQ(enc.key(2), enc.key(3));  // -0.0 as 0.0
    EXPECT_NE(enc.key(0), enc.key(3));
    EXPECT_NE(enc.key(3), enc.key(4));
    RowDecoder dec({c->type()});
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(dec.append(enc.key(i)).ok());
    ColumnPtr out = dec.finish()[0];
    if (c == arr) {
      EXPECT_TRUE(std::isnan(out->child(0)->valueAt<double>(1)));
      EXPECT_FALSE(std::signbit(out->child(0)->valueAt<double>(2)));
    } else {
      EXPECT_TRUE(std::isnan(out->valueAt(1).asDouble()));
      EXPECT_FALSE(std::signbit(out->valueAt(2).asDouble()));
    }
  }
}

TEST(RowCodec, DistinctRowsEncodeToDistinctBytes) {
  // Field boundaries, nulls against empty values and zeros, nesting depth.
  auto s = DataType::string();
  auto a = DataType::array(DataType::string());
  std::vector<TypePtr> types{s, s, a, DataType::int_()};
  std::vector<std::vector<Value>> rows{
      {S("ab"), S("c"), L({}), I(0)},       {S("a"), S("bc"), L({}), I(0)},   {S(""), S("abc"), L({}), I(0)},
      {N(), S("abc"), L({}), I(0)},         {S("ab"), S("c"), N(), I(0)},     {S("ab"), S("c"), L({N()}), I(0)},
      {S("ab"), S("c"), L({S("")}), I(0)},  {S("ab"), S("c"), L({}), N()},    {S("ab"), S("c"), L({S(""), S("")}), I(0)},
      {S("ab"), S("c"), L({}), I(1)},
  };
  std::vector<ColumnPtr> cols;
  for (size_t c = 0; c < types.size(); ++c) {
    std::vector<Value> vals;
    for (const auto& r : rows) vals.push_back(r[c]);
    cols.push_back(columnOf(types[c], vals));
  }
  RowEncoder enc(types);
  enc.encodeAll(cols, static_cast<int64_t>(rows.size()));
  std::set<std::string> keys;
  for (size_t i = 0; i < rows.size(); ++i) keys.insert(std::string(enc.key(static_cast<int64_t>(i))));
  EXPECT_EQ(keys.size(), rows.size());
  // Equal rows, equal bytes: the same rows again encode the same.
  RowEncoder again(types);
  again.encodeAll(cols, static_cast<int64_t>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(enc.key(static_cast<int64_t>(i)), again.key(static_cast<int64_t>(i)));
}

TEST(RowCodec, EveryTruncatedPrefixIsAnError) {
  auto cases = everyType();
  auto types = typesOf(cases);
  auto cols = columnsOf(cases);
  RowEncoder enc(types);
  enc.encodeAll(cols, kRows);
  RowDecoder dec(types);
  for (int64_t i = 0; i < kRows; ++i) {
    std::string key(enc.key(i));
    for (size_t len = 0; len < key.size(); ++len) {
      // A copy of exactly len bytes, so a read past the end shows under sanitizers.
      std::string prefix = key.substr(0, len);
      auto r = dec.append(prefix);
      ASSERT_FALSE(r.ok()) << "row " << i << " prefix " << len;
      EXPECT_NE(r.status().message().find("truncated"), std::string::npos) << r.status().message();
    }
  }
  EXPECT_EQ(dec.numRows(), 0);
  // Failed appends left the builders untouched: a good row decodes correctly after them.
  ASSERT_TRUE(dec.append(enc.key(2)).ok());
  auto out = dec.finish();
  for (size_t c = 0; c < out.size(); ++c) {
    ASSERT_EQ(out[c]->length(), 1);
    EXPECT_TRUE(deepEqual(out[c]->valueAt(0), cols[c]->valueAt(2))) << types[c]->simpleString();
  }
}

TEST(RowCodec, CorruptBytesAreAnError) {
  RowDecoder b({DataType::boolean()});
  EXPECT_FALSE(b.append(std::string("\x01\x02", 2)).ok());  // boolean 2
  EXPECT_FALSE(b.append(std::string("\x07", 1)).ok());      // null flag 7
  RowDecoder n({DataType::null()});
  EXPECT_FALSE(n.append(std::string("\x01", 1)).ok());
  EXPECT_TRUE(n.append(std::string("\x00", 1)).ok());
  RowDecoder s({DataType::string()});
  EXPECT_FALSE(s.append(std::string("\x01\xff\xff\xff\x7f" "abc", 8)).ok());  // length past the end
  RowDecoder a({DataType::array(DataType::int_())});
  // A huge element count fails at once instead of looping.
  EXPECT_FALSE(a.append(std::string("\x01\xff\xff\xff\xff\x00", 6)).ok());
  EXPECT_EQ(b.numRows(), 0);
  EXPECT_EQ(s.numRows(), 0);
  EXPECT_EQ(a.numRows(), 0);
}

TEST(RowCodec, EncodesLargeBatchesColumnAtATime) {
  const int64_t n = 10000;
  ColumnBuilder ib(DataType::long_()), sb(DataType::string()), db(DataType::double_());
  for (int64_t i = 0; i < n; ++i) {
    if (i % 7 == 0) {
      ib.appendNull();
    } else {
      ib.appendInt(i * 31);
    }
    sb.appendString(std::string(static_cast<size_t>(i % 13), static_cast<char>('a' + i % 26)));
    db.appendDouble(static_cast<double>(i) / 3);
  }
  std::vector<ColumnPtr> cols{ib.finish(), sb.finish(), db.finish()};
  std::vector<TypePtr> types{DataType::long_(), DataType::string(), DataType::double_()};
  expectRoundTrip(types, cols, n);
}

}  // namespace
}  // namespace spate
