// Per-group serialization of aggregate states, as a streaming state store uses it: a
// state restored from the bytes of batch 1 and then fed batch 2 must finalize exactly
// as a state fed both batches, for every aggregate in the registry. Merging (as
// session windows do): batch 1's state restored, then batch 2's state merged into it,
// must finalize as a state fed both batches too.

#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "aggregate_test_util.h"

namespace spate {
namespace {

using namespace spate::testing;

constexpr int64_t kRows = 40;
constexpr int64_t kBatch1Rows = 20;  // rows [0, 20) are batch 1, [20, 40) batch 2
constexpr int64_t kChunk = 7;        // update() gets a few rows at a time
// Groups 0-2 get rows in both batches; 3 only in batch 1, every value null; 4 only in
// batch 2 (never serialized); 5 none at all.
constexpr int64_t kGroups = 6;
constexpr uint32_t kNewGroup = 4;

uint32_t groupOf(int64_t row) {
  static constexpr uint32_t kBatch2Groups[] = {0, 1, 2, kNewGroup};
  return row < kBatch1Rows ? static_cast<uint32_t>(row % 4) : kBatch2Groups[row % 4];
}

const char* const kSchema =
    "b BOOLEAN, i8 TINYINT, i16 SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE, dec DECIMAL(10,2), s STRING, "
    "bin BINARY, dt DATE, ts TIMESTAMP, iv INTERVAL DAY TO SECOND, arr ARRAY<INT>, st STRUCT<a: INT, b: STRING>, "
    "m MAP<STRING, INT>";
constexpr int kColumns = 16;

// Deterministic rows with repeats (for DISTINCT), nulls, NaN, -0.0, empty and long
// (heap-held) strings, and nested values with null elements.
BatchPtr input() {
  static const char* const kStrings[] = {"", "a", "bb", "a string longer than sixteen bytes", "zz", "\xc3\x9f"};
  std::vector<std::vector<Value>> rows;
  for (int64_t r = 0; r < kRows; ++r) {
    std::vector<Value> row;
    for (int c = 0; c < kColumns; ++c) {
      if (groupOf(r) == 3 || (r * 7 + c * 3) % 6 == 0) {
        row.push_back(Value::null());
        continue;
      }
      int64_t k = (r * 37 + c * 11) % 9 - 4;
      std::string str = kStrings[(k + 4) % 6];
      switch (c) {
        case 0: row.push_back(Value::boolean(k > 0)); break;
        case 1: row.push_back(Value::integer(k * 30)); break;
        case 2: row.push_back(Value::integer(k * 3000)); break;
        case 3: row.push_back(Value::integer(k * 100000)); break;
        case 4: row.push_back(Value::integer(k * 1000000000000LL)); break;
        case 5: row.push_back(Value::fractional(r % 11 == 3 ? NAN : k * 0.5)); break;
        case 6: {
          double v = r % 13 == 5 ? NAN : (r % 13 == 7 ? -0.0 : (r % 13 == 9 ? 0.0 : k * 0.25 + 0.1));
          row.push_back(Value::fractional(v));
          break;
        }
        case 7: row.push_back(Value::decimal(k * 1234)); break;
        case 8:
        case 9: row.push_back(Value::string(str)); break;
        case 10: row.push_back(Value::integer(18000 + k)); break;
        case 11: row.push_back(Value::integer(1700000000000000 + k * 1000000)); break;
        case 12: row.push_back(Value::integer(k * 1000000)); break;
        case 13: {
          ValueList items;
          for (int64_t j = 0; j < (k + 4) % 3; ++j) items.push_back(j == 1 ? Value::null() : Value::integer(k + j));
          row.push_back(Value::list(std::move(items)));
          break;
        }
        case 14: row.push_back(Value::list({Value::integer(k), k % 2 ? Value::null() : Value::string(str)})); break;
        default: row.push_back(Value::map({Value::string("k" + std::to_string(k))}, {Value::integer(k)})); break;
      }
    }
    rows.push_back(std::move(row));
  }
  return makeBatch(kSchema, rows);
}

// Arguments (SQL expressions over input()'s columns) for each aggregate, one list per
// call; enough types to reach every state class and slots kind.
const std::map<std::string, std::vector<std::vector<std::string>>>& cases() {
  static const std::vector<std::vector<std::string>> kOrderable = {
      {"b"}, {"i8"}, {"i16"}, {"i"}, {"l"}, {"f"}, {"d"}, {"dec"},
      {"s"}, {"bin"}, {"dt"}, {"ts"}, {"iv"}, {"arr"}, {"st"}};
  static const std::vector<std::vector<std::string>> kAnyType = {
      {"b"}, {"i8"}, {"i"}, {"d"}, {"dec"}, {"s"}, {"bin"}, {"ts"}, {"arr"}, {"st"}, {"m"}, {"NULL"}};
  static const std::vector<std::vector<std::string>> kFirstLast = {
      {"i"}, {"s"}, {"d"}, {"b"}, {"dec"}, {"arr"}, {"m"},
      {"i", "true"}, {"s", "true"}, {"st", "false"}, {"m", "true"}};
  static const std::vector<std::vector<std::string>> kNumeric = {{"i"}, {"i8"}, {"l"}, {"f"}, {"d"}, {"dec"}, {"s"}};
  static const std::vector<std::vector<std::string>> kTwoNumbers = {{"i", "d"}, {"d", "l"}, {"f", "dec"}};
  static const std::vector<std::vector<std::string>> kBy = {
      {"s", "i"}, {"arr", "d"}, {"i", "s"}, {"st", "arr"}, {"d", "b"}, {"m", "l"}, {"dec", "dec"}, {"NULL", "ts"}};
  static const std::map<std::string, std::vector<std::vector<std::string>>> kCases = {
      {"count", {{"i"}, {"s", "d"}, {"1"}, {"NULL"}, {"arr"}}},
      {"count_if", {{"i > 0"}, {"d < 0.5"}}},
      {"sum", {{"i"}, {"i8"}, {"l"}, {"f"}, {"d"}, {"dec"}, {"iv"}, {"s"}, {"NULL"}}},
      {"avg", {{"i"}, {"i16"}, {"f"}, {"d"}, {"dec"}, {"iv"}, {"s"}}},
      {"min", kOrderable},
      {"max", kOrderable},
      {"max_by", kBy},
      {"min_by", kBy},
      {"bool_and", {{"b"}, {"NULL"}}},
      {"bool_or", {{"b"}}},
      {"stddev_samp", kNumeric},
      {"stddev_pop", kNumeric},
      {"var_samp", kNumeric},
      {"var_pop", kNumeric},
      {"skewness", kNumeric},
      {"kurtosis", kNumeric},
      {"covar_pop", kTwoNumbers},
      {"covar_samp", kTwoNumbers},
      {"corr", kTwoNumbers},
      {"first", kFirstLast},
      {"last", kFirstLast},
      {"any_value", kFirstLast},
      {"collect_list", kAnyType},
      {"collect_set", {{"i"}, {"d"}, {"f"}, {"s"}, {"b"}, {"dec"}, {"arr"}, {"st"}, {"NULL"}}},
      {"approx_count_distinct", {{"i"}, {"s"}, {"d", "0.3"}, {"arr"}}},
  };
  return kCases;
}

// The DISTINCT forms tested (collect_set is the DISTINCT form of collect_list).
const std::map<std::string, std::vector<std::vector<std::string>>> kDistinctCases = {
    {"count", {{"i"}, {"d"}, {"s"}, {"i", "s"}, {"arr"}, {"st"}}},
    {"sum", {{"i"}, {"d"}, {"dec"}, {"f"}}},
    {"avg", {{"l"}, {"dec"}}},
};

// Exact equality of two values of a type: NaN equals NaN, -0.0 differs from 0.0, and
// nested values compare by content (Value's == compares lists by pointer).
bool sameValue(const Value& a, const Value& b, const DataType& type) {
  if (a.isNull() || b.isNull()) return a.isNull() && b.isNull();
  auto sameLists = [](const ValueList& x, const ValueList& y, auto typeAt) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!sameValue(x[i], y[i], typeAt(i))) return false;
    }
    return true;
  };
  switch (type.id()) {
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double x = a.asDouble(), y = b.asDouble();
      return (std::isnan(x) && std::isnan(y)) || std::memcmp(&x, &y, sizeof x) == 0;
    }
    case TypeId::kArray:
      return sameLists(a.asList(), b.asList(), [&](size_t) -> const DataType& { return *type.elementType(); });
    case TypeId::kStruct:
      return sameLists(a.asList(), b.asList(), [&](size_t i) -> const DataType& { return *type.fields()[i].type; });
    case TypeId::kMap:
      return sameLists(a.asMap().keys, b.asMap().keys, [&](size_t) -> const DataType& { return *type.keyType(); }) &&
             sameLists(a.asMap().values, b.asMap().values,
                       [&](size_t) -> const DataType& { return *type.valueType(); });
    default: return a == b;
  }
}

// One aggregate call bound over input(), its argument columns evaluated per chunk.
struct Call {
  ResolvedAggregate resolved;
  std::vector<std::vector<ColumnPtr>> chunks;  // argument columns of each chunk
  std::vector<int64_t> chunkStart;             // each chunk's first row

  void feed(AggregateState& state, bool batch1, bool batch2, const std::vector<uint32_t>& groups) const {
    for (size_t k = 0; k < chunks.size(); ++k) {
      bool first = chunkStart[k] < kBatch1Rows;
      if (first ? !batch1 : !batch2) continue;
      auto n = static_cast<int64_t>(chunks[k].empty() ? 0 : chunks[k][0]->length());
      state.update(chunks[k], groups.data() + chunkStart[k], n);
    }
  }
};

std::string describe(const std::string& name, const std::vector<std::string>& args, bool distinct) {
  std::string out = name + "(" + (distinct ? "DISTINCT " : "");
  for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
  return out + ")";
}

Result<Call> bindCall(const std::string& name, const std::vector<std::string>& args, bool distinct) {
  BatchPtr batch = input();
  std::vector<ExprPtr> exprs;
  for (const auto& a : args) exprs.push_back(parse(a));
  std::vector<BoundExprPtr> bound;
  Call call;
  SPATE_ASSIGN_OR_RETURN(call.resolved, resolveAggregate(name, exprs, batch, distinct, bound));
  EvalContext ctx;
  // Chunks never straddle the two batches.
  for (int64_t off = 0; off < kRows;) {
    int64_t end = std::min(off + kChunk, off < kBatch1Rows ? kBatch1Rows : kRows);
    BatchPtr slice = sliceBatch(batch, off, end - off);
    std::vector<ColumnPtr> cols;
    for (const auto& b : bound) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, b->eval(*slice, ctx));
      cols.push_back(std::move(c));
    }
    call.chunks.push_back(std::move(cols));
    call.chunkStart.push_back(off);
    off = end;
  }
  return call;
}

std::vector<uint32_t> allGroups() {
  std::vector<uint32_t> groups;
  for (int64_t r = 0; r < kRows; ++r) groups.push_back(groupOf(r));
  return groups;
}

void checkRoundTrip(const std::string& name, const std::vector<std::string>& args, bool distinct) {
  SCOPED_TRACE(describe(name, args, distinct));
  auto call = bindCall(name, args, distinct);
  ASSERT_TRUE(call.ok()) << call.status().toString();
  const std::vector<uint32_t> groups = allGroups();

  // A: batch 1, then every group saved (the empty ones too).
  auto a = call->resolved.create();
  a->resize(kGroups);
  call->feed(*a, true, false, groups);
  std::vector<std::string> saved(kGroups);
  for (uint32_t g = 0; g < kGroups; ++g) a->serializeGroup(g, saved[g]);

  // B: restored, except the group new in batch 2, then batch 2.
  auto b = call->resolved.create();
  b->resize(kGroups);
  for (uint32_t g = 0; g < kGroups; ++g) {
    if (g == kNewGroup) continue;
    Status st = b->deserializeGroup(g, saved[g]);
    ASSERT_TRUE(st.ok()) << "group " << g << ": " << st.toString();
  }
  call->feed(*b, false, true, groups);

  // C: both batches directly.
  auto c = call->resolved.create();
  c->resize(kGroups);
  call->feed(*c, true, true, groups);

  auto rb = b->finalize(kGroups);
  auto rc = c->finalize(kGroups);
  ASSERT_TRUE(rb.ok()) << rb.status().toString();
  ASSERT_TRUE(rc.ok()) << rc.status().toString();
  ASSERT_EQ((*rb)->length(), kGroups);
  ASSERT_EQ((*rc)->length(), kGroups);
  const DataType& type = *call->resolved.type;
  for (int64_t g = 0; g < kGroups; ++g) {
    Value vb = (*rb)->valueAt(g), vc = (*rc)->valueAt(g);
    EXPECT_TRUE(sameValue(vb, vc, type)) << "group " << g << ": restored " << vb.toString(type) << ", direct "
                                         << vc.toString(type);
  }

  // Every proper prefix of a group's bytes, and one extra byte, is an error.
  for (uint32_t g = 0; g < kGroups; ++g) {
    const std::string& bytes = saved[g];
    for (size_t len = 0; len <= bytes.size(); ++len) {
      std::string in = len < bytes.size() ? bytes.substr(0, len) : bytes + "x";
      auto d = call->resolved.create();
      d->resize(kGroups);
      Status st = d->deserializeGroup(g, in);
      ASSERT_FALSE(st.ok()) << "group " << g << ", " << len << " of " << bytes.size() << " bytes";
      EXPECT_NE(st.message().find("corrupt aggregate state for "), std::string::npos) << st.message();
    }
    // A group id the state does not have is an error too.
    auto d = call->resolved.create();
    d->resize(kGroups);
    EXPECT_FALSE(d->deserializeGroup(static_cast<uint32_t>(kGroups), bytes).ok());
  }
}

// Equality of merged and direct results: exact, except that double results may differ
// in their last bits (a merge adds partial sums in another order): a relative
// tolerance of 1e-9 for those (with a floor of 1e-12, for results near zero such as a
// symmetric sample's skewness). With zeroSigns (DISTINCT forms, collect_set), doubles
// in arrays compare the same way, -0.0 equal to 0.0: a merge that finds values in both
// partial states feeds the new ones from their keys, where zeros are normalized.
bool sameMerged(const Value& a, const Value& b, const DataType& type, bool zeroSigns) {
  if (zeroSigns && type.id() == TypeId::kArray && !a.isNull() && !b.isNull()) {
    const ValueList &x = a.asList(), &y = b.asList();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!sameMerged(x[i], y[i], *type.elementType(), zeroSigns)) return false;
    }
    return true;
  }
  if (type.id() != TypeId::kDouble || a.isNull() || b.isNull()) return sameValue(a, b, type);
  double x = a.asDouble(), y = b.asDouble();
  if (std::isnan(x) || std::isnan(y) || std::isinf(x) || std::isinf(y)) return sameValue(a, b, type);
  return std::fabs(x - y) <= std::max(1e-12, 1e-9 * std::max(std::fabs(x), std::fabs(y)));
}

void expectSameResults(AggregateState& got, AggregateState& want, const DataType& type, bool tolerant,
                       const char* what, bool zeroSigns = false) {
  auto rg = got.finalize(kGroups);
  auto rw = want.finalize(kGroups);
  ASSERT_TRUE(rg.ok()) << rg.status().toString();
  ASSERT_TRUE(rw.ok()) << rw.status().toString();
  ASSERT_EQ((*rg)->length(), kGroups);
  ASSERT_EQ((*rw)->length(), kGroups);
  for (int64_t g = 0; g < kGroups; ++g) {
    Value vg = (*rg)->valueAt(g), vw = (*rw)->valueAt(g);
    bool same = tolerant ? sameMerged(vg, vw, type, zeroSigns) : sameValue(vg, vw, type);
    EXPECT_TRUE(same) << "group " << g << ": " << what << " " << vg.toString(type) << ", expected "
                      << vw.toString(type);
  }
}

void checkMerge(const std::string& name, const std::vector<std::string>& args, bool distinct) {
  SCOPED_TRACE(describe(name, args, distinct) + " merge");
  auto call = bindCall(name, args, distinct);
  ASSERT_TRUE(call.ok()) << call.status().toString();
  const std::vector<uint32_t> groups = allGroups();
  const DataType& type = *call->resolved.type;
  auto fed = [&](bool batch1, bool batch2) {
    auto s = call->resolved.create();
    s->resize(kGroups);
    call->feed(*s, batch1, batch2, groups);
    return s;
  };
  auto save = [&](const AggregateState& s) {
    std::vector<std::string> saved(kGroups);
    for (uint32_t g = 0; g < kGroups; ++g) s.serializeGroup(g, saved[g]);
    return saved;
  };
  // SA: batch 1 (A); SB: batch 2 (B); C: A then B directly.
  const std::vector<std::string> savedA = save(*fed(true, false));
  const std::vector<std::string> savedB = save(*fed(false, true));
  auto c = fed(true, true);

  // M: SA's groups restored, then SB's merged in.
  auto m = call->resolved.create();
  m->resize(kGroups);
  for (uint32_t g = 0; g < kGroups; ++g) {
    Status st = m->deserializeGroup(g, savedA[g]);
    ASSERT_TRUE(st.ok()) << "group " << g << ": " << st.toString();
    st = m->mergeGroup(g, savedB[g]);
    ASSERT_TRUE(st.ok()) << "group " << g << ": " << st.toString();
  }
  const bool zeroSigns = distinct || name == "collect_set";
  expectSameResults(*m, *c, type, true, "merged", zeroSigns);
  // The merged state goes on as a state fed A then B does: saved again, restored, fed
  // A again (DISTINCT forms and HLL ignore it; the others count it again).
  auto c2 = fed(true, true);
  call->feed(*c2, true, false, groups);
  auto m2 = call->resolved.create();
  m2->resize(kGroups);
  const std::vector<std::string> savedM = save(*m);
  for (uint32_t g = 0; g < kGroups; ++g) ASSERT_TRUE(m2->deserializeGroup(g, savedM[g]).ok()) << "group " << g;
  call->feed(*m2, true, false, groups);
  expectSameResults(*m2, *c2, type, true, "merged, saved and fed", zeroSigns);

  // Merging into an empty group equals restoring; an empty group's bytes change
  // nothing (exactly, doubles too).
  std::vector<std::string> empty(kGroups);
  {
    auto e = call->resolved.create();
    e->resize(kGroups);
    for (uint32_t g = 0; g < kGroups; ++g) e->serializeGroup(g, empty[g]);
  }
  auto intoEmpty = call->resolved.create();
  intoEmpty->resize(kGroups);
  auto restored = call->resolved.create();
  restored->resize(kGroups);
  auto plusEmpty = fed(true, false);
  for (uint32_t g = 0; g < kGroups; ++g) {
    ASSERT_TRUE(intoEmpty->mergeGroup(g, savedA[g]).ok()) << "group " << g;
    ASSERT_TRUE(restored->deserializeGroup(g, savedA[g]).ok()) << "group " << g;
    ASSERT_TRUE(plusEmpty->mergeGroup(g, empty[g]).ok()) << "group " << g;
  }
  expectSameResults(*intoEmpty, *restored, type, false, "merged into empty");
  expectSameResults(*plusEmpty, *fed(true, false), type, false, "merged an empty group");
  // Both go on as the originals: batch 2 fed after.
  call->feed(*intoEmpty, false, true, groups);
  call->feed(*plusEmpty, false, true, groups);
  expectSameResults(*intoEmpty, *c, type, false, "merged into empty, then fed");
  expectSameResults(*plusEmpty, *c, type, false, "merged an empty group, then fed");

  // Every proper prefix of a group's bytes, and one extra byte, is an error, and the
  // group is unchanged.
  for (uint32_t g = 0; g < kGroups; ++g) {
    const std::string& bytes = savedB[g];
    for (size_t len = 0; len <= bytes.size(); ++len) {
      std::string in = len < bytes.size() ? bytes.substr(0, len) : bytes + "x";
      auto d = fed(true, false);
      Status st = d->mergeGroup(g, in);
      ASSERT_FALSE(st.ok()) << "group " << g << ", " << len << " of " << bytes.size() << " bytes";
      EXPECT_NE(st.message().find("corrupt aggregate state for "), std::string::npos) << st.message();
      std::string after;
      d->serializeGroup(g, after);
      EXPECT_EQ(after, savedA[g]) << "group " << g << " changed by a failed merge";
    }
    auto d = call->resolved.create();
    d->resize(kGroups);
    EXPECT_FALSE(d->mergeGroup(static_cast<uint32_t>(kGroups), bytes).ok());
  }
}

TEST(AggregateStateSerialization, EveryAggregateRoundTrips) {
  const FunctionRegistry& registry = FunctionRegistry::builtin();
  std::set<std::string> registered;
  for (const auto& name : registry.names()) {
    if (const AggregateFunction* f = registry.aggregate(name)) registered.insert(f->name);
  }
  for (const auto& name : registered) EXPECT_TRUE(cases().count(name)) << "no serialization test case for " << name;
  for (const auto& [name, calls] : cases()) {
    EXPECT_TRUE(registered.count(name)) << name << " is not a registered aggregate";
    for (const auto& args : calls) checkRoundTrip(name, args, false);
  }
}

TEST(AggregateStateSerialization, DistinctRoundTrips) {
  for (const auto& [name, calls] : kDistinctCases) {
    for (const auto& args : calls) checkRoundTrip(name, args, true);
  }
}

TEST(AggregateStateSerialization, EveryAggregateMerges) {
  const FunctionRegistry& registry = FunctionRegistry::builtin();
  std::set<std::string> registered;
  for (const auto& name : registry.names()) {
    if (const AggregateFunction* f = registry.aggregate(name)) registered.insert(f->name);
  }
  for (const auto& name : registered) EXPECT_TRUE(cases().count(name)) << "no merge test case for " << name;
  for (const auto& [name, calls] : cases()) {
    for (const auto& args : calls) checkMerge(name, args, false);
  }
}

TEST(AggregateStateSerialization, DistinctMerges) {
  for (const auto& [name, calls] : kDistinctCases) {
    for (const auto& args : calls) checkMerge(name, args, true);
  }
}

// Two partial DISTINCT states over the same values: the merge counts each once, and
// values new to the group reach the inner state in the order they came.
TEST(AggregateStateSerialization, DistinctMergeCountsOverlapOnce) {
  for (const char* name : {"count", "collect_set"}) {
    SCOPED_TRACE(name);
    auto call = bindCall(name, {"s"}, std::string(name) == "count");
    ASSERT_TRUE(call.ok()) << call.status().toString();
    std::vector<uint32_t> zeros(kRows, 0);
    auto fed = [&](bool batch1, bool batch2) {
      auto s = call->resolved.create();
      s->resize(1);
      call->feed(*s, batch1, batch2, zeros);
      return s;
    };
    std::string a, b, ab;
    fed(true, false)->serializeGroup(0, a);
    fed(false, true)->serializeGroup(0, b);
    fed(true, true)->serializeGroup(0, ab);
    auto m = fed(true, false);
    ASSERT_TRUE(m->mergeGroup(0, b).ok());
    ASSERT_TRUE(m->mergeGroup(0, a).ok());  // nothing new
    ASSERT_TRUE(m->mergeGroup(0, ab).ok());  // nothing new
    auto rm = m->finalize(1);
    auto rc = fed(true, true)->finalize(1);
    ASSERT_TRUE(rm.ok() && rc.ok());
    const DataType& type = *call->resolved.type;
    EXPECT_TRUE(sameValue((*rm)->valueAt(0), (*rc)->valueAt(0), type))
        << (*rm)->valueAt(0).toString(type) << " vs " << (*rc)->valueAt(0).toString(type);
  }
}

TEST(AggregateStateSerialization, DistinctRestoredValuesAreNotCountedAgain) {
  auto call = bindCall("count", {"s"}, true);
  ASSERT_TRUE(call.ok()) << call.status().toString();
  std::vector<uint32_t> zeros(kRows, 0);
  auto a = call->resolved.create();
  a->resize(1);
  call->feed(*a, true, false, zeros);
  std::string saved;
  a->serializeGroup(0, saved);
  // The same rows again after a restore add nothing.
  auto b = call->resolved.create();
  b->resize(1);
  ASSERT_TRUE(b->deserializeGroup(0, saved).ok());
  call->feed(*b, true, false, zeros);
  auto ra = a->finalize(1), rb = b->finalize(1);
  ASSERT_TRUE(ra.ok() && rb.ok());
  EXPECT_GT((*ra)->valueAt(0).asInt(), 1);
  EXPECT_EQ((*rb)->valueAt(0).asInt(), (*ra)->valueAt(0).asInt());
}

TEST(AggregateStateSerialization, CorruptFieldsAreErrors) {
  auto call = bindCall("approx_count_distinct", {"i"}, false);
  ASSERT_TRUE(call.ok()) << call.status().toString();
  auto a = call->resolved.create();
  a->resize(kGroups);
  call->feed(*a, true, true, allGroups());
  std::string saved;
  a->serializeGroup(0, saved);
  saved[3] = static_cast<char>(200);  // no register of 64-bit hashes gets that high
  auto b = call->resolved.create();
  b->resize(kGroups);
  Status st = b->deserializeGroup(0, saved);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "corrupt aggregate state for approx_count_distinct: register out of range");

  auto sum = bindCall("sum", {"i"}, false);
  ASSERT_TRUE(sum.ok());
  auto s = sum->resolved.create();
  s->resize(1);
  st = s->deserializeGroup(0, std::string("\x02", 1) + std::string(8, '\0'));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "corrupt aggregate state for sum: invalid flag byte");
  st = s->deserializeGroup(0, "\x01");
  EXPECT_EQ(st.message(), "corrupt aggregate state for sum: truncated");
}

}  // namespace
}  // namespace spate
