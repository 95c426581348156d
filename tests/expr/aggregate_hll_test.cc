#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "aggregate_test_util.h"
#include "spate/expr/aggregate_hll.h"
#include "spate/expr/aggregate_state_util.h"

namespace spate {
namespace {

using namespace spate::testing;

TEST(AggregateHll, XxHash64MatchesSpark) {
  // The reference XXH64 test vector.
  EXPECT_EQ(agg::xxhash64("", 0, 0), 0xEF46DB3751D8E999ULL);
  // Spark's documentation: SELECT xxhash64('Spark', array(123), 2) = 5602566077635097486.
  uint64_t h = agg::sparkXxHash64(Value::string("Spark"), *DataType::string(), 42);
  h = agg::sparkXxHash64(Value::list({Value::integer(123)}), *DataType::array(DataType::int_()), h);
  h = agg::sparkXxHash64(Value::integer(2), *DataType::int_(), h);
  EXPECT_EQ(static_cast<int64_t>(h), 5602566077635097486LL);
  // hashInt / hashLong are XXH64 of the little-endian bytes.
  int32_t v = -123456;
  EXPECT_EQ(agg::xxhash64Int(v, 42), agg::xxhash64(&v, 4, 42));
  int64_t w = 0x123456789abcdefLL;
  EXPECT_EQ(agg::xxhash64Long(w, 42), agg::xxhash64(&w, 8, 42));
  // Long inputs take the 32-byte stripe path.
  std::string longer(100, 'x');
  EXPECT_NE(agg::xxhash64(longer.data(), 100, 42), agg::xxhash64(longer.data(), 99, 42));
}

TEST(AggregateHll, Precision) {
  EXPECT_EQ(agg::hllPrecision(0.05), 9);
  EXPECT_EQ(agg::hllPrecision(0.01), 14);
  std::vector<uint8_t> empty(512, 0);
  EXPECT_EQ(agg::hllEstimate(empty.data(), 9), 0);
}

TEST(AggregateHll, SmallCardinalities) {
  std::vector<std::vector<Value>> rows;
  for (int r = 0; r < 3; ++r) {
    for (int k = 0; k < 40; ++k) rows.push_back({Value::integer(k), Value::string("s" + std::to_string(k % 7))});
  }
  rows.push_back({Value::null(), Value::null()});
  auto batch = makeBatch("v INT, t STRING", rows);
  // Linear counting, as Spark: exact unless two values share a register.
  EXPECT_NEAR(std::stod(global("approx_count_distinct", {col("v")}, batch)), 40.0, 1.0);
  EXPECT_EQ(global("approx_count_distinct", {col("t")}, batch), "7");
  EXPECT_EQ(global("approx_count_distinct", {col("v"), f64(0.01)}, batch), "40");
  AggResult r = runGlobal("approx_count_distinct", {col("v")}, batch);
  EXPECT_EQ(r.type, "bigint");
  auto none = makeBatch("v INT", {{Value::null()}});
  EXPECT_EQ(global("approx_count_distinct", {col("v")}, none), "0");
  auto few = makeBatch("d DOUBLE, b BOOLEAN, a ARRAY<INT>",
                       {{Value::fractional(0.0), Value::boolean(true), Value::list({Value::integer(1)})},
                        {Value::fractional(-0.0), Value::boolean(false), Value::list({})},
                        {Value::fractional(2.5), Value::boolean(true), Value::list({Value::integer(1)})}});
  EXPECT_EQ(global("approx_count_distinct", {col("d")}, few), "2");  // -0.0 hashes as 0.0
  EXPECT_EQ(global("approx_count_distinct", {col("b")}, few), "2");
  EXPECT_EQ(global("approx_count_distinct", {col("a")}, few), "2");
}

// Feeds n distinct values straight into a state in batches of 4096; values whose
// index is a multiple of tenthGroup go to group 1 when tenthGroup is set.
std::vector<int64_t> estimate(const std::string& type, int64_t n, double rsd, bool tenthGroup = false) {
  auto batch = makeBatch("v " + type, {{Value::null()}});
  std::vector<ExprPtr> args{col("v")};
  if (rsd > 0) args.push_back(f64(rsd));
  std::vector<BoundExprPtr> bound;
  auto ra = resolveAggregate("approx_count_distinct", args, batch, false, bound);
  EXPECT_TRUE(ra.ok());
  auto state = ra->create();
  state->resize(2);
  TypePtr t = bound[0]->type();
  std::vector<uint32_t> groups(4096);
  for (int64_t off = 0; off < n; off += 4096) {
    int64_t len = std::min<int64_t>(4096, n - off);
    ColumnBuilder cb(t);
    for (int64_t k = 0; k < len; ++k) {
      groups[static_cast<size_t>(k)] = tenthGroup && (off + k) % 10 == 0 ? 1 : 0;
      if (t->id() == TypeId::kDouble) {
        cb.appendDouble(static_cast<double>(off + k) * 0.37);
      } else if (t->id() == TypeId::kString) {
        cb.appendString("value-" + std::to_string(off + k));
      } else {
        cb.appendInt(off + k);
      }
    }
    std::vector<ColumnPtr> cols{cb.finish()};
    if (rsd > 0) cols.push_back(Column::constant(Value::fractional(rsd), DataType::double_(), len));
    state->update(cols, groups.data(), len);
  }
  auto c = state->finalize(2);
  EXPECT_TRUE(c.ok());
  return {(*c)->valueAt(0).asInt(), (*c)->valueAt(1).asInt()};
}

TEST(AggregateHll, LargeCardinalityWithinError) {
  for (const char* type : {"BIGINT", "INT", "DOUBLE", "STRING"}) {
    std::vector<int64_t> e = estimate(type, 100000, 0);
    EXPECT_NEAR(static_cast<double>(e[0]), 100000.0, 100000.0 * 0.05) << type;
    EXPECT_EQ(e[1], 0) << type;
    // rsd 0.01 gives p = 14, a standard error of 0.8%.
    e = estimate(type, 100000, 0.01);
    EXPECT_NEAR(static_cast<double>(e[0]), 100000.0, 100000.0 * 0.02) << type;
  }
  // Groups keep separate registers. (The error is a standard deviation: allow 3 of them.)
  std::vector<int64_t> e = estimate("BIGINT", 100000, 0, true);
  EXPECT_NEAR(static_cast<double>(e[0]), 90000.0, 90000.0 * 0.15);
  EXPECT_NEAR(static_cast<double>(e[1]), 10000.0, 10000.0 * 0.15);
  // Mid-range cardinalities, where raw HyperLogLog is biased, stay within the error.
  for (int64_t n : {300, 1000, 2000, 5000}) {
    e = estimate("INT", n, 0);
    EXPECT_NEAR(static_cast<double>(e[0]), static_cast<double>(n), n * 0.05 * 3) << n;
  }
}

TEST(AggregateHll, InvalidRelativeError) {
  auto batch = makeBatch("v INT", {{Value::integer(1)}});
  EXPECT_NE(global("approx_count_distinct", {col("v"), f64(0.5)}, batch).find("at most 39%"), std::string::npos);
  EXPECT_NE(global("approx_count_distinct", {col("v"), col("v")}, batch).find("numeric literal"), std::string::npos);
}

TEST(AggregateStateUtil, RowKeysAndByteSet) {
  auto batch = makeBatch("a INT, s STRING, f DOUBLE",
                         {{Value::integer(1), Value::string("x"), Value::fractional(0.0)},
                          {Value::integer(1), Value::string("x"), Value::fractional(-0.0)},
                          {Value::integer(1), Value::null(), Value::fractional(0.0)},
                          {Value::integer(1), Value::string(""), Value::fractional(0.0)},
                          {Value::null(), Value::string("x"), Value::fractional(0.0)}});
  agg::RowKeyEncoder enc;
  std::vector<uint32_t> prefix{7, 7, 7, 7, 7};
  enc.encode(batch->columns(), prefix.data(), 5);
  EXPECT_EQ(enc.key(0), enc.key(1));  // -0.0 == 0.0
  EXPECT_NE(enc.key(0), enc.key(2));
  EXPECT_NE(enc.key(2), enc.key(3));  // null string != empty string
  EXPECT_NE(enc.key(0), enc.key(4));
  agg::ByteSet set;
  int inserted = 0;
  for (int k = 0; k < 10000; ++k) {
    std::string key = std::to_string(k % 2500);
    inserted += set.insert(key, std::hash<std::string>()(key));
  }
  EXPECT_EQ(inserted, 2500);
  EXPECT_EQ(set.size(), 2500);
  EXPECT_GT(set.memoryBytes(), 0);
}

TEST(AggregateStateUtil, MemoryIsReported) {
  auto batch = makeBatch("v INT", {{Value::integer(1)}, {Value::integer(2)}});
  for (const char* fn : {"count", "sum", "avg", "min", "collect_list", "approx_count_distinct", "stddev"}) {
    std::vector<BoundExprPtr> bound;
    auto ra = resolveAggregate(fn, {col("v")}, batch, std::string(fn) == "sum", bound);
    ASSERT_TRUE(ra.ok()) << fn;
    auto state = ra->create();
    state->resize(1000);
    std::vector<uint32_t> groups{5, 999};
    state->update(batch->columns(), groups.data(), 2);
    EXPECT_GT(state->memoryBytes(), 0) << fn;
    auto c = state->finalize(1000);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ((*c)->length(), 1000);
  }
}

}  // namespace
}  // namespace spate
