#include <cmath>
#include <limits>
#include <optional>

#include <gtest/gtest.h>

#include "expr_test_util.h"

namespace spate {
namespace {

using namespace spate::testing;
using V = std::vector<std::string>;

BatchPtr one() { return makeBatch("x INT", {{Value::integer(1)}}); }

// The single value of a constant expression, as show() prints it.
std::string eval1(const ExprPtr& e) {
  V out = evalToStrings(e, one());
  return out.size() == 1 ? out[0] : "<" + std::to_string(out.size()) + " rows>";
}

std::string typeOf(const ExprPtr& e, const BatchPtr& b = one()) {
  auto bound = bindExpr(*e, scopeOf(*b));
  return bound.ok() ? (*bound)->type()->simpleString() : "ERROR: " + bound.status().toString();
}

std::string errorOf(const ExprPtr& e, const BatchPtr& b = one()) {
  auto r = evalExpr(e, b);
  return r.ok() ? "no error" : r.status().toString();
}

ExprPtr fn(const std::string& name, std::vector<ExprPtr> args) { return call(name, std::move(args)); }
ExprPtr dec(__int128 unscaled, int p, int s) { return literal(Value::decimal(unscaled), DataType::decimal(p, s)); }
ExprPtr f32(double v) { return literal(Value::fractional(v), DataType::float_()); }
ExprPtr i8(int64_t v) { return literal(Value::integer(v), DataType::byte_()); }
ExprPtr nul() { return nullLiteral(); }
ExprPtr dbl(const std::string& s) { return cast(str(s), DataType::double_()); }

TEST(MathFunctions, Abs) {
  auto b = makeBatch("i INT, l BIGINT, d DOUBLE, m DECIMAL(5,2)",
                     {{Value::integer(-3), Value::integer(std::numeric_limits<int64_t>::min()), Value::fractional(-1.5),
                       Value::decimal(-125)},
                      {Value::null(), Value::integer(7), Value::fractional(-0.0), Value::null()}});
  EXPECT_EQ(evalToStrings(fn("abs", {col("i")}), b), (V{"3", "null"}));
  // Non-ANSI: the absolute value of the minimum wraps to itself, as Java's.
  EXPECT_EQ(evalToStrings(fn("abs", {col("l")}), b), (V{"-9223372036854775808", "7"}));
  EXPECT_EQ(evalToStrings(fn("abs", {col("d")}), b), (V{"1.5", "0.0"}));
  EXPECT_EQ(evalToStrings(fn("abs", {col("m")}), b), (V{"1.25", "null"}));
  EXPECT_EQ(typeOf(fn("abs", {col("i")}), b), "int");
  EXPECT_EQ(typeOf(fn("abs", {col("m")}), b), "decimal(5,2)");
  EXPECT_EQ(eval1(fn("abs", {str("-2.5")})), "2.5");
  EXPECT_EQ(eval1(fn("abs", {nul()})), "null");
}

TEST(MathFunctions, RoundDoubleHalfUp) {
  EXPECT_EQ(eval1(fn("round", {f64(2.5)})), "3.0");
  EXPECT_EQ(eval1(fn("round", {f64(-2.5)})), "-3.0");
  EXPECT_EQ(eval1(fn("round", {f64(3.4999)})), "3.0");
  // Through the shortest decimal representation, as BigDecimal.valueOf: 1.005 -> 1.01.
  EXPECT_EQ(eval1(fn("round", {f64(1.005), i32(2)})), "1.01");
  EXPECT_EQ(eval1(fn("round", {f64(0.125), i32(2)})), "0.13");
  EXPECT_EQ(eval1(fn("round", {f64(1234.5678), i32(-2)})), "1200.0");
  EXPECT_EQ(eval1(fn("round", {f64(1250.0), i32(-2)})), "1300.0");
  EXPECT_EQ(eval1(fn("round", {f64(0.5), i32(-1)})), "0.0");
  EXPECT_EQ(eval1(fn("round", {f64(-0.4)})), "0.0");
  EXPECT_EQ(eval1(fn("round", {f64(1.23e-10), i32(12)})), "1.23E-10");
  EXPECT_EQ(eval1(fn("round", {f64(123.456), i32(10)})), "123.456");
  EXPECT_EQ(eval1(fn("round", {dbl("NaN"), i32(2)})), "NaN");
  EXPECT_EQ(eval1(fn("round", {dbl("-Infinity")})), "-Infinity");
  EXPECT_EQ(eval1(fn("round", {nul(), i32(2)})), "null");
  EXPECT_EQ(eval1(fn("round", {f64(2.5), nul()})), "null");
  EXPECT_EQ(typeOf(fn("round", {f64(2.5)})), "double");
  EXPECT_EQ(eval1(fn("round", {f32(2.5)})), "3.0");
  EXPECT_EQ(typeOf(fn("round", {f32(2.5)})), "float");
  EXPECT_EQ(eval1(fn("round", {str("2.45"), i32(1)})), "2.5");

  auto b = makeBatch("d DOUBLE", {{Value::fractional(2.345)}, {Value::null()}, {Value::fractional(-7.5)}});
  EXPECT_EQ(evalToStrings(fn("round", {col("d"), i32(2)}), b), (V{"2.35", "null", "-7.5"}));
  EXPECT_EQ(evalToStrings(fn("round", {col("d")}), b), (V{"2.0", "null", "-8.0"}));
}

TEST(MathFunctions, BroundHalfEven) {
  EXPECT_EQ(eval1(fn("bround", {f64(2.5)})), "2.0");
  EXPECT_EQ(eval1(fn("bround", {f64(3.5)})), "4.0");
  EXPECT_EQ(eval1(fn("bround", {f64(-2.5)})), "-2.0");
  EXPECT_EQ(eval1(fn("bround", {f64(0.125), i32(2)})), "0.12");
  EXPECT_EQ(eval1(fn("bround", {f64(0.135), i32(2)})), "0.14");
  EXPECT_EQ(eval1(fn("bround", {i32(25), i32(-1)})), "20");
  EXPECT_EQ(eval1(fn("bround", {i32(35), i32(-1)})), "40");
  EXPECT_EQ(eval1(fn("bround", {dec(25, 2, 1), i32(0)})), "2");
  EXPECT_EQ(eval1(fn("bround", {nul()})), "null");
}

TEST(MathFunctions, RoundIntegral) {
  EXPECT_EQ(eval1(fn("round", {i32(15), i32(-1)})), "20");
  EXPECT_EQ(eval1(fn("round", {i32(-15), i32(-1)})), "-20");
  EXPECT_EQ(eval1(fn("round", {i32(14), i32(-1)})), "10");
  EXPECT_EQ(eval1(fn("round", {i32(12345), i32(2)})), "12345");
  EXPECT_EQ(eval1(fn("round", {i64(5), i32(-50)})), "0");
  // BigDecimal.byteValue keeps the low bits: 130 wraps to -126.
  EXPECT_EQ(eval1(fn("round", {i8(127), i32(-1)})), "-126");
  EXPECT_EQ(typeOf(fn("round", {i8(127), i32(-1)})), "tinyint");
  EXPECT_EQ(typeOf(fn("round", {i64(1), i32(-1)})), "bigint");
  auto b = makeBatch("i INT", {{Value::integer(149)}, {Value::null()}, {Value::integer(-150)}});
  EXPECT_EQ(evalToStrings(fn("round", {col("i"), i32(-2)}), b), (V{"100", "null", "-200"}));
}

TEST(MathFunctions, RoundDecimal) {
  // 2.5 is decimal(2,1): rounding to 0 places gives decimal(2,0).
  EXPECT_EQ(eval1(fn("round", {dec(25, 2, 1)})), "3");
  EXPECT_EQ(typeOf(fn("round", {dec(25, 2, 1)})), "decimal(2,0)");
  EXPECT_EQ(eval1(fn("round", {dec(314159, 6, 5), i32(2)})), "3.14");
  EXPECT_EQ(typeOf(fn("round", {dec(314159, 6, 5), i32(2)})), "decimal(4,2)");
  EXPECT_EQ(eval1(fn("round", {dec(-314159, 6, 5), i32(3)})), "-3.142");
  // A larger scale keeps the decimal's own scale.
  EXPECT_EQ(eval1(fn("round", {dec(125, 4, 2), i32(5)})), "1.25");
  EXPECT_EQ(typeOf(fn("round", {dec(125, 4, 2), i32(5)})), "decimal(5,2)");
  EXPECT_EQ(eval1(fn("round", {dec(1255, 4, 1), i32(-1)})), "130");
  EXPECT_EQ(typeOf(fn("round", {dec(1255, 4, 1), i32(-1)})), "decimal(4,0)");
  EXPECT_EQ(eval1(fn("round", {dec(999, 3, 1), i32(0)})), "100");
  auto b = makeBatch("m DECIMAL(6,3)", {{Value::decimal(1500)}, {Value::null()}, {Value::decimal(-2500)}});
  EXPECT_EQ(evalToStrings(fn("round", {col("m")}), b), (V{"2", "null", "-3"}));
  EXPECT_EQ(evalToStrings(fn("bround", {col("m")}), b), (V{"2", "null", "-2"}));
}

TEST(MathFunctions, RoundScaleMustBeConstant) {
  auto b = makeBatch("d DOUBLE, s INT", {{Value::fractional(1.5), Value::integer(1)}});
  std::string err = errorOf(fn("round", {col("d"), col("s")}), b);
  EXPECT_NE(err.find("round"), std::string::npos) << err;
  EXPECT_NE(err.find("constant"), std::string::npos) << err;
  EXPECT_NE(errorOf(fn("round", {literal(Value::boolean(true), DataType::boolean())})).find("round"),
            std::string::npos);
}

TEST(MathFunctions, FloorCeil) {
  EXPECT_EQ(eval1(fn("floor", {f64(-0.1)})), "-1");
  EXPECT_EQ(eval1(fn("ceil", {f64(-0.1)})), "0");
  EXPECT_EQ(eval1(fn("ceiling", {f64(1.2)})), "2");
  EXPECT_EQ(typeOf(fn("floor", {f64(1.5)})), "bigint");
  EXPECT_EQ(eval1(fn("floor", {i32(5)})), "5");
  EXPECT_EQ(typeOf(fn("floor", {i32(5)})), "bigint");
  EXPECT_EQ(eval1(fn("floor", {dbl("NaN")})), "0");
  EXPECT_EQ(eval1(fn("floor", {f64(1e300)})), "9223372036854775807");
  EXPECT_EQ(eval1(fn("ceil", {f64(-1e300)})), "-9223372036854775808");
  EXPECT_EQ(eval1(fn("floor", {str("2.7")})), "2");
  EXPECT_EQ(eval1(fn("floor", {nul()})), "null");
  // decimal(p,s) -> decimal(p-s+1, 0)
  EXPECT_EQ(eval1(fn("floor", {dec(-125, 5, 2)})), "-2");
  EXPECT_EQ(typeOf(fn("floor", {dec(-125, 5, 2)})), "decimal(4,0)");
  EXPECT_EQ(eval1(fn("ceil", {dec(-125, 5, 2)})), "-1");
  EXPECT_EQ(eval1(fn("ceil", {dec(125, 5, 2)})), "2");
  EXPECT_EQ(typeOf(fn("ceil", {dec(12, 5, 0)})), "decimal(5,0)");
  auto b = makeBatch("d DOUBLE", {{Value::fractional(2.5)}, {Value::null()}, {Value::fractional(-2.5)}});
  EXPECT_EQ(evalToStrings(fn("floor", {col("d")}), b), (V{"2", "null", "-3"}));
  EXPECT_EQ(evalToStrings(fn("ceil", {col("d")}), b), (V{"3", "null", "-2"}));
}

TEST(MathFunctions, FloorCeilWithScale) {
  EXPECT_EQ(eval1(fn("ceil", {dec(31411, 5, 4), i32(3)})), "3.142");
  EXPECT_EQ(typeOf(fn("ceil", {dec(31411, 5, 4), i32(3)})), "decimal(5,3)");
  EXPECT_EQ(eval1(fn("ceil", {dec(31411, 5, 4), i32(-3)})), "1000");
  EXPECT_EQ(typeOf(fn("ceil", {dec(31411, 5, 4), i32(-3)})), "decimal(4,0)");
  EXPECT_EQ(eval1(fn("floor", {dec(31411, 5, 4), i32(3)})), "3.141");
  EXPECT_EQ(eval1(fn("floor", {dec(-31411, 5, 4), i32(-1)})), "-10");
  // Non-decimal input is cast to a decimal first, as Spark's RoundFloor/RoundCeil.
  EXPECT_EQ(eval1(fn("floor", {f64(3.789), i32(1)})), "3.7");
  EXPECT_EQ(eval1(fn("ceil", {i32(21), i32(-1)})), "30");
  EXPECT_NE(errorOf(fn("floor", {f64(1.5), nul()})).find("floor"), std::string::npos);
}

TEST(MathFunctions, SqrtCbrtExp) {
  EXPECT_EQ(eval1(fn("sqrt", {i32(4)})), "2.0");
  EXPECT_EQ(eval1(fn("sqrt", {i32(-1)})), "NaN");
  EXPECT_EQ(eval1(fn("sqrt", {nul()})), "null");
  EXPECT_EQ(eval1(fn("sqrt", {str("16")})), "4.0");
  EXPECT_EQ(eval1(fn("cbrt", {f64(27.0)})), "3.0");
  EXPECT_EQ(eval1(fn("cbrt", {i32(-8)})), "-2.0");
  EXPECT_EQ(eval1(fn("exp", {i32(0)})), "1.0");
  EXPECT_EQ(eval1(fn("expm1", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("exp", {nul()})), "null");
  auto b = makeBatch("d DOUBLE", {{Value::fractional(9)}, {Value::null()}});
  EXPECT_EQ(evalToStrings(fn("sqrt", {col("d")}), b), (V{"3.0", "null"}));
  EXPECT_EQ(typeOf(fn("sqrt", {i32(4)})), "double");
  std::string err = errorOf(fn("sqrt", {literal(Value::boolean(true), DataType::boolean())}));
  EXPECT_NE(err.find("sqrt"), std::string::npos) << err;
  EXPECT_NE(err.find("boolean"), std::string::npos) << err;
}

TEST(MathFunctions, Logarithms) {
  EXPECT_EQ(eval1(fn("ln", {i32(1)})), "0.0");
  EXPECT_EQ(eval1(fn("ln", {i32(0)})), "null");
  EXPECT_EQ(eval1(fn("ln", {i32(-1)})), "null");
  EXPECT_EQ(eval1(fn("log", {fn("e", {})})), "1.0");
  EXPECT_EQ(eval1(fn("log", {i32(0)})), "null");
  EXPECT_EQ(eval1(fn("log", {i32(10), i32(100)})), "2.0");
  EXPECT_EQ(eval1(fn("log", {i32(2), i32(1024)})), "10.0");
  EXPECT_EQ(eval1(fn("log", {i32(0), i32(5)})), "null");
  EXPECT_EQ(eval1(fn("log", {i32(10), i32(-5)})), "null");
  EXPECT_EQ(eval1(fn("log", {nul(), i32(5)})), "null");
  EXPECT_EQ(eval1(fn("log10", {i32(1000)})), "3.0");
  EXPECT_EQ(eval1(fn("log10", {i32(0)})), "null");
  EXPECT_EQ(eval1(fn("log2", {i32(8)})), "3.0");
  EXPECT_EQ(eval1(fn("log2", {i32(-8)})), "null");
  EXPECT_EQ(eval1(fn("log1p", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("log1p", {i32(-1)})), "null");
  EXPECT_EQ(eval1(fn("log1p", {f64(-0.5)})), "-0.6931471805599453");
  EXPECT_EQ(eval1(fn("ln", {dbl("NaN")})), "NaN");
  auto b = makeBatch("d DOUBLE", {{Value::fractional(100)}, {Value::fractional(0)}, {Value::null()}});
  EXPECT_EQ(evalToStrings(fn("log10", {col("d")}), b), (V{"2.0", "null", "null"}));
}

TEST(MathFunctions, Trigonometry) {
  EXPECT_EQ(eval1(fn("sin", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("cos", {i32(0)})), "1.0");
  EXPECT_EQ(eval1(fn("tan", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("cot", {i32(1)})), "0.6420926159343306");
  EXPECT_EQ(eval1(fn("sec", {i32(0)})), "1.0");
  EXPECT_EQ(eval1(fn("csc", {i32(1)})), "1.1883951057781212");
  EXPECT_EQ(eval1(fn("asin", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("asin", {i32(2)})), "NaN");
  EXPECT_EQ(eval1(fn("acos", {i32(1)})), "0.0");
  EXPECT_EQ(eval1(fn("acos", {i32(2)})), "NaN");
  EXPECT_EQ(eval1(fn("atan", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("sinh", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("cosh", {i32(0)})), "1.0");
  EXPECT_EQ(eval1(fn("tanh", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("asinh", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("acosh", {i32(1)})), "0.0");
  EXPECT_EQ(eval1(fn("acosh", {i32(0)})), "NaN");
  EXPECT_EQ(eval1(fn("atanh", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("atanh", {i32(2)})), "NaN");
  EXPECT_EQ(eval1(fn("degrees", {f64(3.141592653589793)})), "180.0");
  EXPECT_EQ(eval1(fn("radians", {i32(180)})), "3.141592653589793");
  EXPECT_EQ(eval1(fn("atan2", {i32(0), i32(0)})), "0.0");
  // -0.0 counts as 0.0, so the angle is pi rather than -pi.
  EXPECT_EQ(eval1(fn("atan2", {f64(-0.0), i32(-1)})), "3.141592653589793");
  EXPECT_EQ(eval1(fn("atan2", {nul(), i32(1)})), "null");
  EXPECT_EQ(eval1(fn("hypot", {i32(3), i32(4)})), "5.0");
  EXPECT_EQ(eval1(fn("sin", {nul()})), "null");
  EXPECT_EQ(eval1(fn("pi", {})), "3.141592653589793");
  EXPECT_EQ(eval1(fn("e", {})), "2.718281828459045");
}

TEST(MathFunctions, PowSignumRint) {
  EXPECT_EQ(eval1(fn("pow", {i32(2), i32(3)})), "8.0");
  EXPECT_EQ(eval1(fn("power", {i32(2), i32(-1)})), "0.5");
  EXPECT_EQ(eval1(fn("pow", {i32(1), dbl("NaN")})), "NaN");
  EXPECT_EQ(eval1(fn("pow", {i32(-1), dbl("Infinity")})), "NaN");
  EXPECT_EQ(eval1(fn("pow", {dbl("NaN"), i32(0)})), "1.0");
  EXPECT_EQ(eval1(fn("pow", {i32(2), nul()})), "null");
  EXPECT_EQ(eval1(fn("signum", {i32(40)})), "1.0");
  EXPECT_EQ(eval1(fn("sign", {f64(-3.5)})), "-1.0");
  EXPECT_EQ(eval1(fn("signum", {i32(0)})), "0.0");
  EXPECT_EQ(eval1(fn("signum", {nul()})), "null");
  EXPECT_EQ(eval1(fn("rint", {f64(12.3456)})), "12.0");
  EXPECT_EQ(eval1(fn("rint", {f64(2.5)})), "2.0");
}

TEST(MathFunctions, IsNanAndNanvl) {
  EXPECT_EQ(eval1(fn("isnan", {dbl("NaN")})), "true");
  EXPECT_EQ(eval1(fn("isnan", {f64(1.0)})), "false");
  EXPECT_EQ(eval1(fn("isnan", {nul()})), "false");
  EXPECT_EQ(eval1(fn("isnan", {cast(str("NaN"), DataType::float_())})), "true");
  auto b = makeBatch("d DOUBLE, e DOUBLE", {{Value::fractional(std::nan("")), Value::fractional(1)},
                                            {Value::fractional(2), Value::fractional(3)},
                                            {Value::null(), Value::fractional(4)},
                                            {Value::fractional(std::nan("")), Value::null()}});
  EXPECT_EQ(evalToStrings(fn("isnan", {col("d")}), b), (V{"true", "false", "false", "true"}));
  EXPECT_EQ(evalToStrings(fn("nanvl", {col("d"), col("e")}), b), (V{"1.0", "2.0", "null", "null"}));
  EXPECT_EQ(eval1(fn("nanvl", {dbl("NaN"), i32(123)})), "123.0");
  EXPECT_EQ(typeOf(fn("nanvl", {f32(1), f32(2)})), "float");
  EXPECT_EQ(typeOf(fn("nanvl", {f32(1), i32(2)})), "double");
  EXPECT_EQ(typeOf(fn("isnan", {nul()})), "boolean");
}

TEST(MathFunctions, WidthBucket) {
  EXPECT_EQ(eval1(fn("width_bucket", {f64(5.3), f64(0.2), f64(10.6), i32(5)})), "3");
  EXPECT_EQ(eval1(fn("width_bucket", {f64(-2.1), f64(1.3), f64(3.4), i32(3)})), "0");
  EXPECT_EQ(eval1(fn("width_bucket", {f64(8.1), f64(0.0), f64(5.7), i32(4)})), "5");
  EXPECT_EQ(eval1(fn("width_bucket", {f64(-0.9), f64(5.2), f64(0.5), i32(2)})), "3");
  EXPECT_EQ(eval1(fn("width_bucket", {f64(1), f64(0), f64(0), i32(2)})), "null");
  EXPECT_EQ(eval1(fn("width_bucket", {f64(1), f64(0), f64(2), i32(0)})), "null");
  EXPECT_EQ(eval1(fn("width_bucket", {nul(), f64(0), f64(2), i32(2)})), "null");
  EXPECT_EQ(typeOf(fn("width_bucket", {f64(1), f64(0), f64(2), i32(2)})), "bigint");
}

TEST(MathFunctions, Pmod) {
  EXPECT_EQ(eval1(fn("pmod", {i32(10), i32(3)})), "1");
  EXPECT_EQ(eval1(fn("pmod", {i32(-10), i32(3)})), "2");
  // A negative divisor can leave a negative result, exactly as Spark's.
  EXPECT_EQ(eval1(fn("pmod", {i32(-7), i32(-3)})), "-1");
  EXPECT_EQ(eval1(fn("pmod", {i32(7), i32(0)})), "null");
  EXPECT_EQ(eval1(fn("pmod", {i64(std::numeric_limits<int64_t>::min()), i64(-1)})), "0");
  EXPECT_EQ(eval1(fn("pmod", {f64(-7.5), f64(2)})), "0.5");
  EXPECT_EQ(eval1(fn("pmod", {dec(-75, 2, 1), i32(2)})), "0.5");
  EXPECT_EQ(eval1(fn("pmod", {nul(), i32(2)})), "null");
  EXPECT_EQ(typeOf(fn("pmod", {i32(1), i64(2)})), "bigint");
  auto b = makeBatch("a INT, n INT", {{Value::integer(-1), Value::integer(5)},
                                      {Value::integer(9), Value::null()},
                                      {Value::integer(-12), Value::integer(4)}});
  EXPECT_EQ(evalToStrings(fn("pmod", {col("a"), col("n")}), b), (V{"4", "null", "0"}));
}

TEST(MathFunctions, Factorial) {
  EXPECT_EQ(eval1(fn("factorial", {i32(5)})), "120");
  EXPECT_EQ(eval1(fn("factorial", {i32(0)})), "1");
  EXPECT_EQ(eval1(fn("factorial", {i32(20)})), "2432902008176640000");
  EXPECT_EQ(eval1(fn("factorial", {i32(21)})), "null");
  EXPECT_EQ(eval1(fn("factorial", {i32(-1)})), "null");
  EXPECT_EQ(eval1(fn("factorial", {nul()})), "null");
  EXPECT_EQ(typeOf(fn("factorial", {i32(3)})), "bigint");
}

TEST(MathFunctions, BinHexUnhex) {
  EXPECT_EQ(eval1(fn("bin", {i32(13)})), "1101");
  EXPECT_EQ(eval1(fn("bin", {i32(-13)})), "1111111111111111111111111111111111111111111111111111111111110011");
  EXPECT_EQ(eval1(fn("bin", {f64(13.3)})), "1101");
  EXPECT_EQ(eval1(fn("bin", {i32(0)})), "0");
  EXPECT_EQ(eval1(fn("bin", {nul()})), "null");
  EXPECT_EQ(eval1(fn("hex", {i32(17)})), "11");
  EXPECT_EQ(eval1(fn("hex", {i32(-1)})), "FFFFFFFFFFFFFFFF");
  EXPECT_EQ(eval1(fn("hex", {str("Spark SQL")})), "537061726B2053514C");
  EXPECT_EQ(eval1(fn("hex", {str("")})), "");
  EXPECT_EQ(eval1(fn("hex", {nul()})), "null");
  EXPECT_EQ(eval1(fn("unhex", {str("537061726B2053514C")})), "[53 70 61 72 6B 20 53 51 4C]");
  EXPECT_EQ(eval1(fn("unhex", {str("123")})), "[01 23]");
  EXPECT_EQ(eval1(fn("unhex", {str("GG")})), "null");
  EXPECT_EQ(eval1(fn("unhex", {nul()})), "null");
  EXPECT_EQ(typeOf(fn("unhex", {str("AA")})), "binary");
  EXPECT_EQ(eval1(fn("hex", {fn("unhex", {str("00ff")})})), "00FF");
  auto b = makeBatch("s STRING", {{Value::string("abc")}, {Value::null()}});
  EXPECT_EQ(evalToStrings(fn("hex", {col("s")}), b), (V{"616263", "null"}));
}

TEST(MathFunctions, Conv) {
  EXPECT_EQ(eval1(fn("conv", {str("100"), i32(2), i32(10)})), "4");
  EXPECT_EQ(eval1(fn("conv", {i32(-10), i32(16), i32(-10)})), "-16");
  EXPECT_EQ(eval1(fn("conv", {str("ff"), i32(16), i32(10)})), "255");
  EXPECT_EQ(eval1(fn("conv", {str("-1"), i32(10), i32(16)})), "FFFFFFFFFFFFFFFF");
  EXPECT_EQ(eval1(fn("conv", {str("12abc"), i32(10), i32(10)})), "12");
  EXPECT_EQ(eval1(fn("conv", {str("99999999999999999999"), i32(10), i32(10)})), "18446744073709551615");
  EXPECT_EQ(eval1(fn("conv", {str("10"), i32(1), i32(10)})), "null");
  EXPECT_EQ(eval1(fn("conv", {nul(), i32(2), i32(10)})), "null");
}

TEST(MathFunctions, Shifts) {
  EXPECT_EQ(eval1(fn("shiftleft", {i32(2), i32(1)})), "4");
  EXPECT_EQ(eval1(fn("shiftright", {i32(4), i32(1)})), "2");
  EXPECT_EQ(eval1(fn("shiftright", {i32(-8), i32(1)})), "-4");
  EXPECT_EQ(eval1(fn("shiftrightunsigned", {i32(-1), i32(28)})), "15");
  EXPECT_EQ(eval1(fn("shiftleft", {i64(1), i32(40)})), "1099511627776");
  // Java masks the count: an int shifted by 33 moves 1 place.
  EXPECT_EQ(eval1(fn("shiftleft", {i32(1), i32(33)})), "2");
  EXPECT_EQ(eval1(fn("shiftleft", {nul(), i32(1)})), "null");
}

TEST(MathFunctions, GreatestLeast) {
  EXPECT_EQ(eval1(fn("greatest", {i32(10), i32(9), i32(2), i32(4), i32(3)})), "10");
  EXPECT_EQ(eval1(fn("least", {i32(10), i32(9), i32(2), i32(4), i32(3)})), "2");
  EXPECT_EQ(eval1(fn("greatest", {nul(), i32(1)})), "1");
  EXPECT_EQ(eval1(fn("least", {nul(), nul()})), "null");
  EXPECT_EQ(eval1(fn("greatest", {i32(1), f64(2.5)})), "2.5");
  EXPECT_EQ(typeOf(fn("greatest", {i32(1), i64(2)})), "bigint");
  EXPECT_EQ(eval1(fn("greatest", {str("apple"), str("banana")})), "banana");
  EXPECT_EQ(eval1(fn("least", {str("apple"), str("banana")})), "apple");
  EXPECT_EQ(eval1(fn("greatest", {f64(1.0), dbl("NaN")})), "NaN");
  EXPECT_EQ(eval1(fn("least", {f64(1.0), dbl("NaN")})), "1.0");
  EXPECT_EQ(eval1(fn("greatest", {dec(15, 2, 1), dec(149, 3, 2)})), "1.50");
  auto bools = literal(Value::boolean(true), DataType::boolean());
  EXPECT_EQ(eval1(fn("least", {bools, literal(Value::boolean(false), DataType::boolean())})), "false");

  auto b = makeBatch("a INT, b INT, s STRING, t STRING",
                     {{Value::integer(1), Value::integer(5), Value::string("x"), Value::string("y")},
                      {Value::null(), Value::integer(3), Value::null(), Value::string("b")},
                      {Value::integer(7), Value::null(), Value::string("z"), Value::string("a")},
                      {Value::null(), Value::null(), Value::null(), Value::null()}});
  EXPECT_EQ(evalToStrings(fn("greatest", {col("a"), col("b")}), b), (V{"5", "3", "7", "null"}));
  EXPECT_EQ(evalToStrings(fn("least", {col("a"), col("b"), i32(4)}), b), (V{"1", "3", "4", "4"}));
  EXPECT_EQ(evalToStrings(fn("greatest", {col("s"), col("t")}), b), (V{"y", "b", "z", "null"}));
  EXPECT_EQ(evalToStrings(fn("least", {col("s"), col("t")}), b), (V{"x", "b", "a", "null"}));
  EXPECT_NE(errorOf(fn("greatest", {i32(1), fn("array", {i32(1)})})).find("greatest"), std::string::npos);
}

TEST(MathFunctions, RandIsSparksSequence) {
  // The first values of Spark's rand(0) / randn(0) on partition 0 (Spark's docs).
  EXPECT_EQ(eval1(fn("rand", {i32(0)})), "0.7604953758285915");
  EXPECT_EQ(eval1(fn("rand", {nul()})), "0.7604953758285915");
  EXPECT_EQ(eval1(fn("random", {i64(0)})), "0.7604953758285915");
  EXPECT_EQ(eval1(fn("randn", {i32(0)})), "1.6034991609278433");
  EXPECT_EQ(typeOf(fn("rand", {})), "double");
}

TEST(MathFunctions, RandIsNonDeterministicButRepeatableWithSeed) {
  auto b = makeBatch("x INT", {{Value::integer(1)}, {Value::integer(2)}, {Value::integer(3)}, {Value::integer(4)}});
  auto bound = bindExpr(*fn("rand", {i32(42)}), scopeOf(*b));
  ASSERT_TRUE(bound.ok());
  EXPECT_FALSE((*bound)->deterministic());
  EXPECT_FALSE((*bound)->nullable());
  V first = evalToStrings(fn("rand", {i32(42)}), b);
  V again = evalToStrings(fn("rand", {i32(42)}), b);
  EXPECT_EQ(first, again);
  EXPECT_NE(first[0], first[1]);
  for (const auto& s : evalToStrings(fn("rand", {}), b)) {
    double v = std::stod(s);
    EXPECT_GE(v, 0.0);
    EXPECT_LT(v, 1.0);
  }
  // The generator continues across batches, like Spark's per-partition generator.
  EvalContext ctx;
  auto c1 = (*bound)->eval(*b, ctx);
  auto c2 = (*bound)->eval(*b, ctx);
  ASSERT_TRUE(c1.ok() && c2.ok());
  EXPECT_NE((*c1)->valueAt(0).asDouble(), (*c2)->valueAt(0).asDouble());
  EXPECT_NE(errorOf(fn("rand", {str("x")})).find("rand"), std::string::npos);
}

}  // namespace
}  // namespace spate
