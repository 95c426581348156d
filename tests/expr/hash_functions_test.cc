#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "expr_test_util.h"

// Expected hash values are Spark's: from Spark's own function docs, and from the Spark
// compatibility suites of Velox (which were produced with spark-sql), and digests
// cross-checked with Python's hashlib/zlib.

namespace spate {
namespace {

using namespace spate::testing;
using V = std::vector<std::string>;

BatchPtr one() { return makeBatch("x INT", {{Value::integer(1)}}); }

std::string eval1(const ExprPtr& e) {
  V out = evalToStrings(e, one());
  return out.size() == 1 ? out[0] : "<" + std::to_string(out.size()) + " rows>";
}

std::string errorOf(const ExprPtr& e) {
  auto r = evalExpr(e, one());
  return r.ok() ? "no error" : r.status().toString();
}

ExprPtr fn(const std::string& name, std::vector<ExprPtr> args) { return call(name, std::move(args)); }
ExprPtr nul() { return nullLiteral(); }
ExprPtr typed(Value v, TypePtr t) { return literal(std::move(v), std::move(t)); }
ExprPtr dbl(double v) { return f64(v); }
ExprPtr flt(double v) { return typed(Value::fractional(v), DataType::float_()); }
ExprPtr boolean(bool b) { return typed(Value::boolean(b), DataType::boolean()); }

std::string hash(std::vector<ExprPtr> args) { return eval1(fn("hash", std::move(args))); }
std::string xx(std::vector<ExprPtr> args) { return eval1(fn("xxhash64", std::move(args))); }

// The first n letters of a, b, c, ... z, a, b, ...
std::string alphabet(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + i % 26));
  return s;
}

TEST(HashFunctions, Murmur3Integers) {
  EXPECT_EQ(hash({i32(1)}), "-559580957");
  EXPECT_EQ(hash({i32(0)}), "933211791");
  EXPECT_EQ(hash({i32(-1)}), "-1604776387");
  EXPECT_EQ(hash({i32(static_cast<int32_t>(0xdeadbeef))}), "141248195");
  EXPECT_EQ(hash({typed(Value::integer(1), DataType::byte_())}), "-559580957");
  EXPECT_EQ(hash({typed(Value::integer(-1), DataType::short_())}), "-1604776387");
  EXPECT_EQ(hash({i64(0)}), "-1670924195");
  EXPECT_EQ(hash({i64(1)}), "-1712319331");
  EXPECT_EQ(hash({i64(-1)}), "-939490007");
  EXPECT_EQ(hash({i64(std::numeric_limits<int64_t>::max())}), "-1604625029");
  EXPECT_EQ(hash({i64(std::numeric_limits<int64_t>::min())}), "-853646085");
  EXPECT_EQ(hash({boolean(true)}), "-559580957");
  EXPECT_EQ(hash({boolean(false)}), "933211791");
  EXPECT_EQ(hash({typed(Value::integer(12345678), DataType::timestamp())}), "1402875301");
}

TEST(HashFunctions, Murmur3NullsAreSkipped) {
  EXPECT_EQ(hash({nul()}), "42");
  EXPECT_EQ(hash({nul(), i32(0)}), "933211791");
  EXPECT_EQ(hash({typed(Value::null(), DataType::string()), typed(Value::null(), DataType::int_())}), "42");
  auto bound = bindExpr(*fn("hash", {nul()}), scopeOf(*one()));
  ASSERT_TRUE(bound.ok());
  EXPECT_FALSE((*bound)->nullable());
  EXPECT_EQ((*bound)->type()->simpleString(), "int");
}

TEST(HashFunctions, Murmur3Strings) {
  // Spark's byte-wise tail: only lengths that are multiples of 4 match reference murmur3.
  EXPECT_EQ(hash({str("Spark")}), "228093765");
  EXPECT_EQ(hash({str("")}), "142593372");
  EXPECT_EQ(hash({str("abcdefghijklmnopqrstuvwxyz")}), "-1990933474");
  EXPECT_EQ(hash({str("12345678")}), "2036199019");
  EXPECT_EQ(hash({str(""), i32(0)}), "1143746540");
  EXPECT_EQ(hash({cast(str("Spark"), DataType::binary())}), "228093765");
}

TEST(HashFunctions, Murmur3FloatingPoint) {
  EXPECT_EQ(hash({dbl(0.0)}), "-1670924195");
  EXPECT_EQ(hash({dbl(-0.0)}), "-1670924195");
  EXPECT_EQ(hash({dbl(1.0)}), "-460888942");
  EXPECT_EQ(hash({dbl(std::numeric_limits<double>::quiet_NaN())}), "-1281358385");
  EXPECT_EQ(hash({dbl(-std::numeric_limits<double>::quiet_NaN())}), "-1281358385");
  EXPECT_EQ(hash({dbl(std::numeric_limits<double>::infinity())}), "833680482");
  EXPECT_EQ(hash({dbl(-std::numeric_limits<double>::infinity())}), "461104036");
  EXPECT_EQ(hash({flt(-0.0)}), "933211791");
  EXPECT_EQ(hash({flt(1.0)}), "-466301895");
  EXPECT_EQ(hash({flt(std::numeric_limits<double>::quiet_NaN())}), "-349261430");
  EXPECT_EQ(hash({flt(std::numeric_limits<double>::infinity())}), "2026854605");
  EXPECT_EQ(hash({flt(-std::numeric_limits<double>::infinity())}), "427440766");
}

TEST(HashFunctions, Murmur3Decimals) {
  // Precision > 18: the bytes of BigInteger.toByteArray.
  auto wide = [](__int128 v) { return typed(Value::decimal(v), DataType::decimal(38, 2)); };
  EXPECT_EQ(hash({wide(12345678)}), "-277285195");
  EXPECT_EQ(hash({wide(0)}), "-783713497");
  EXPECT_EQ(hash({wide(-12345678)}), "-1198355617");
  // Precision <= 18: the unscaled value as a long.
  EXPECT_EQ(hash({typed(Value::decimal(1), DataType::decimal(10, 2))}), hash({i64(1)}));
}

TEST(HashFunctions, Murmur3Nested) {
  EXPECT_EQ(hash({str("Spark"), fn("array", {i32(123)}), i32(2)}), "-1321691492");
  EXPECT_EQ(hash({fn("array", {i32(0), i32(1)})}), "-1834803471");
  ExprPtr empty = typed(Value::list({}), DataType::array(DataType::long_()));
  EXPECT_EQ(hash({fn("array", {fn("array", {i64(1), i64(2)}), empty, fn("array", {i64(1), i64(100), i64(2)})})}),
            "1246926396");
  // struct(11L, 1L): 3565597558 as an unsigned int.
  EXPECT_EQ(hash({fn("struct", {i64(11), i64(1)})}), "-729369738");
  EXPECT_EQ(hash({fn("struct", {i32(11), boolean(true)})}), "-195158775");
  std::string err = errorOf(fn("hash", {fn("map", {i32(1), i32(1)})}));
  EXPECT_NE(err.find("hash"), std::string::npos) << err;
  EXPECT_NE(err.find("map"), std::string::npos) << err;
}

TEST(HashFunctions, Murmur3Columns) {
  auto b = makeBatch("i INT, s STRING, d DOUBLE, a ARRAY<INT>",
                     {{Value::integer(1), Value::string("Spark"), Value::fractional(1.0),
                       Value::list({Value::integer(0), Value::integer(1)})},
                      {Value::null(), Value::string(""), Value::null(), Value::null()},
                      {Value::integer(0), Value::null(), Value::fractional(-0.0),
                       Value::list({Value::integer(0), Value::null(), Value::integer(1)})}});
  EXPECT_EQ(evalToStrings(fn("hash", {col("i")}), b), (V{"-559580957", "42", "933211791"}));
  EXPECT_EQ(evalToStrings(fn("hash", {col("s")}), b), (V{"228093765", "142593372", "42"}));
  EXPECT_EQ(evalToStrings(fn("hash", {col("d")}), b), (V{"-460888942", "42", "-1670924195"}));
  // Null elements are skipped, so [0, null, 1] hashes as [0, 1].
  EXPECT_EQ(evalToStrings(fn("hash", {col("a")}), b), (V{"-1834803471", "42", "-1834803471"}));
  EXPECT_EQ(evalToStrings(fn("hash", {col("s"), col("i")}), b), (V{hash({str("Spark"), i32(1)}), "142593372",
                                                                    "933211791"}));
}

TEST(HashFunctions, XxHash64) {
  EXPECT_EQ(xx({str("Spark")}), "-4294468057691064905");
  EXPECT_EQ(xx({str("")}), "-7444071767201028348");
  EXPECT_EQ(xx({str("abcdefghijklmnopqrstuvwxyz")}), "-3265757659154784300");
  EXPECT_EQ(xx({str("12345678")}), "6863040065134489090");
  EXPECT_EQ(xx({str("12345678djdejidecjjeijcneknceincne")}), "-633855189410948723");
  EXPECT_EQ(xx({i64(1)}), "-7001672635703045582");
  EXPECT_EQ(xx({i64(0)}), "-5252525462095825812");
  EXPECT_EQ(xx({i64(-1)}), "3858142552250413010");
  EXPECT_EQ(xx({i64(std::numeric_limits<int64_t>::max())}), "-3246596055638297850");
  EXPECT_EQ(xx({i32(1)}), "-6698625589789238999");
  EXPECT_EQ(xx({i32(0)}), "3614696996920510707");
  EXPECT_EQ(xx({i32(-1)}), "2017008487422258757");
  EXPECT_EQ(xx({boolean(true)}), "-6698625589789238999");
  EXPECT_EQ(xx({nul()}), "42");
  EXPECT_EQ(xx({str(""), i32(0)}), "5333022629466737987");
  EXPECT_EQ(xx({nul(), i32(0)}), "3614696996920510707");
  EXPECT_EQ(xx({dbl(-0.0)}), "-5252525462095825812");
  EXPECT_EQ(xx({dbl(1.0)}), "-2162451265447482029");
  EXPECT_EQ(xx({dbl(std::numeric_limits<double>::quiet_NaN())}), "-3127944061524951246");
  EXPECT_EQ(xx({dbl(std::numeric_limits<double>::infinity())}), "5810986238603807492");
  EXPECT_EQ(xx({flt(1.0)}), "700633588856507837");
  EXPECT_EQ(xx({flt(std::numeric_limits<double>::quiet_NaN())}), "2692338816207849720");
  EXPECT_EQ(xx({str("hello"), str("world")}), "7824066149349576922");
  EXPECT_EQ(xx({str("hello"), nul()}), "-4367754540140381902");
  EXPECT_EQ(xx({str("Spark"), fn("array", {i32(123)}), i32(2)}), "5602566077635097486");
  auto bound = bindExpr(*fn("xxhash64", {i32(1)}), scopeOf(*one()));
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ((*bound)->type()->simpleString(), "bigint");
}

TEST(HashFunctions, Md5Sha1Crc32) {
  EXPECT_EQ(eval1(fn("md5", {str("Spark")})), "8cde774d6f7333752ed72cacddb05126");
  EXPECT_EQ(eval1(fn("sha1", {str("Spark")})), "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c");
  EXPECT_EQ(eval1(fn("sha", {str("Spark")})), "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c");
  EXPECT_EQ(eval1(fn("crc32", {str("Spark")})), "1557323817");
  EXPECT_EQ(eval1(fn("md5", {cast(str("Spark"), DataType::binary())})), "8cde774d6f7333752ed72cacddb05126");
  EXPECT_EQ(eval1(fn("md5", {nul()})), "null");
  EXPECT_EQ(eval1(fn("sha1", {nul()})), "null");
  EXPECT_EQ(eval1(fn("crc32", {nul()})), "null");
  EXPECT_NE(errorOf(fn("md5", {i32(1)})).find("md5"), std::string::npos);

  struct Case {
    size_t length;
    const char* md5;
    const char* sha1;
    const char* crc32;
  };
  // Lengths around the 64-byte block and its 56-byte padding limit.
  const Case cases[] = {
      {0, "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "0"},
      {3, "900150983cd24fb0d6963f7d28e17f72", "a9993e364706816aba3e25717850c26c9cd0d89d", "891568578"},
      {55, "0d7ae056b2f015cd7dc67494efd658f1", "a617d006d1ca12671785098a19a87fe58443bde9", "1670843576"},
      {56, "31fcfb5165169eb55898e7e4cf34d19a", "4ad5bb7ae3c4024768d364b77c52128ea3cffebe", "1560602238"},
      {63, "1b30c0670c15e7da3c2ba7bce77ebe99", "fc8a5ab77259625085ead3ec96515b3b8d933fad", "4246130126"},
      {64, "a2eaf6295c32adc403865fd96a2f182b", "93249d4c2f8903ebf41ac358473148ae6ddd7042", "3928439684"},
      {200, "32cce8c4f2bf6f04dbb71b5cb9e37c30", "0e43b981f4ae2c16bc6a798920eb9f1490c3d7fc", "460250601"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.length);
    ExprPtr s = str(alphabet(c.length));
    EXPECT_EQ(eval1(fn("md5", {s})), c.md5);
    EXPECT_EQ(eval1(fn("sha1", {s})), c.sha1);
    EXPECT_EQ(eval1(fn("crc32", {s})), c.crc32);
  }
}

TEST(HashFunctions, Sha2) {
  EXPECT_EQ(eval1(fn("sha2", {str("Spark"), i32(256)})),
            "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b");
  EXPECT_EQ(eval1(fn("sha2", {str("Spark"), i32(0)})),
            "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b");
  EXPECT_EQ(eval1(fn("sha2", {str("abc"), i32(224)})), "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
  EXPECT_EQ(eval1(fn("sha2", {str("abc"), i32(384)})),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(eval1(fn("sha2", {str("abc"), i32(512)})),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d"
            "4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(eval1(fn("sha2", {str("abc"), i32(1)})), "null");
  EXPECT_EQ(eval1(fn("sha2", {nul(), i32(256)})), "null");
  EXPECT_EQ(eval1(fn("sha2", {str("abc"), nul()})), "null");

  // Lengths around SHA-512's 128-byte block and its 112-byte padding limit.
  struct Case {
    size_t length;
    const char* sha256;
    const char* sha512;
  };
  const Case cases[] = {
      {0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a8"
       "1a538327af927da3e"},
      {56, "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51",
       "9b9d6a750ece4b006491a375fc467024bd1e77a84f416b0de602ec75129a743ea5f880804481e91cd9231a58d01d26cf4a3a02e8f8c77b5"
       "f81b3fa40f2be395a"},
      {111, "11166d480c33d5cf2023d33251a2e024a4e9436cb3f061d99a1908fd1111c829",
       "a467698069eae8ed1e0c6dbfd1b4a247a9f1e7ff4e3af62145ed26f4468bc094610878b7644091141370a47a7638bddc95dbfe8971c34d1"
       "3c4815d4bb1b3e7f2"},
      {112, "43b9d01284b7170bc99bce5d032307646c76361e98da0f82360cc81884893852",
       "a473c93732eef627d02e86d19047a422b586110848ec17dcea13af282a152f7654b0c711e277fd42c1d94bea8b7fed615c52bb0f849227e"
       "16240afffc7c56e29"},
      {128, "6c05be2c4268843ae47e68e611277ce62c02153f2f4d2e1e2a1a4b44f766cf74",
       "217d3d9c0952c3e4907f06d4fbf34460ee852c6af591b07c2fa1c5e16455836374c95ae33e184227913f8a2e227e3bbd5187ce57aa1bad1"
       "1a80f622412eb0884"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.length);
    ExprPtr s = str(alphabet(c.length));
    EXPECT_EQ(eval1(fn("sha2", {s, i32(256)})), c.sha256);
    EXPECT_EQ(eval1(fn("sha2", {s, i32(512)})), c.sha512);
  }
  EXPECT_EQ(eval1(fn("sha2", {str(alphabet(112)), i32(224)})),
            "f71b9600d758db1b065b61c44f473076668bdbaa5639b95b6aec7acf");
  EXPECT_EQ(eval1(fn("sha2", {str(alphabet(112)), i32(384)})),
            "5523cfb77f9c55e0ccafec5b87d79cde643012283b71188e408c5aeae919a3f29337574d5c729b339d9553984ab0014e");

  auto b = makeBatch("s STRING, n INT", {{Value::string("abc"), Value::integer(224)},
                                         {Value::null(), Value::integer(256)},
                                         {Value::string(""), Value::integer(7)}});
  EXPECT_EQ(evalToStrings(fn("sha2", {col("s"), col("n")}), b),
            (V{"23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", "null", "null"}));
}

}  // namespace
}  // namespace spate
