#include <gtest/gtest.h>

#include "expr_test_util.h"
#include "spate/expr/string_like.h"

namespace spate {
namespace {

using namespace spate::testing;
using V = std::vector<std::string>;

// Rows: plain ASCII, non-ASCII, empty, null.
BatchPtr strings() {
  return makeBatch("s STRING, n INT",
                   {{Value::string("Hello World"), Value::integer(3)},
                    {Value::string("héllo wörld"), Value::integer(-2)},
                    {Value::string(""), Value::integer(0)},
                    {Value::null(), Value::null()}});
}

BatchPtr one() { return makeBatch("x INT", {{Value::integer(1)}}); }

// Each row of `expr` (SQL text) over b.
V eval(const std::string& expr, const BatchPtr& b = strings()) { return evalToStrings(parse(expr), b); }
// The single value of a constant expression.
std::string value(const std::string& expr) {
  V r = eval(expr, one());
  return r.size() == 1 ? r[0] : "<" + std::to_string(r.size()) + " rows>";
}
std::string errorOf(const std::string& expr, const BatchPtr& b = one()) {
  auto r = evalExpr(parse(expr), b);
  return r.ok() ? "no error" : r.status().toString();
}
TypePtr typeOf(const std::string& expr, const BatchPtr& b = strings()) {
  auto bound = bindExpr(*parse(expr), scopeOf(*b));
  EXPECT_TRUE(bound.ok()) << bound.status().toString();
  return bound.ok() ? (*bound)->type() : DataType::null();
}

TEST(StringFunctions, UpperLower) {
  EXPECT_EQ(eval("upper(s)"), (V{"HELLO WORLD", "HÉLLO WÖRLD", "", "null"}));
  EXPECT_EQ(eval("lower(s)"), (V{"hello world", "héllo wörld", "", "null"}));
  EXPECT_EQ(eval("ucase(s)"), eval("upper(s)"));
  EXPECT_EQ(eval("lcase(s)"), eval("lower(s)"));
  EXPECT_EQ(value("upper('ΣίσυφοςДом')"), "ΣΊΣΥΦΟΣДОМ");
  EXPECT_EQ(value("lower('ÀÉÎ')"), "àéî");
  EXPECT_EQ(value("upper(12)"), "12");  // numbers are cast to string
  EXPECT_EQ(value("upper(NULL)"), "null");
  EXPECT_NE(errorOf("upper(array(1))").find("upper() expects string"), std::string::npos);
}

TEST(StringFunctions, Initcap) {
  EXPECT_EQ(eval("initcap(s)"), (V{"Hello World", "Héllo Wörld", "", "null"}));
  EXPECT_EQ(value("initcap('sPARK sql  is-fun')"), "Spark Sql  Is-fun");
  EXPECT_EQ(value("initcap('élan vital')"), "Élan Vital");
}

TEST(StringFunctions, Length) {
  EXPECT_EQ(eval("length(s)"), (V{"11", "11", "0", "null"}));
  EXPECT_EQ(eval("char_length(s)"), eval("length(s)"));
  EXPECT_EQ(eval("character_length(s)"), eval("length(s)"));
  EXPECT_EQ(eval("octet_length(s)"), (V{"11", "13", "0", "null"}));
  EXPECT_EQ(eval("bit_length(s)"), (V{"88", "104", "0", "null"}));
  EXPECT_EQ(value("length(CAST('héllo' AS BINARY))"), "6");  // binary counts bytes
  EXPECT_EQ(value("length(12345)"), "5");
  EXPECT_EQ(typeOf("length(s)")->simpleString(), "int");
}

TEST(StringFunctions, Trim) {
  auto b = makeBatch("s STRING", {{Value::string("  a b  ")}, {Value::string("\t x ")}, {Value::null()}});
  EXPECT_EQ(eval("trim(s)", b), (V{"a b", "\t x", "null"}));
  EXPECT_EQ(eval("ltrim(s)", b), (V{"a b  ", "\t x ", "null"}));
  EXPECT_EQ(eval("rtrim(s)", b), (V{"  a b", "\t x", "null"}));
  // Two-argument SQL forms: trim(trimStr, str), btrim(str, trimStr).
  EXPECT_EQ(value("trim('SL', 'SSparkSQLS')"), "parkSQ");
  EXPECT_EQ(value("ltrim('SL', 'SSparkSQLS')"), "parkSQLS");
  EXPECT_EQ(value("rtrim('SL', 'SSparkSQLS')"), "SSparkSQ");
  EXPECT_EQ(value("btrim('SSparkSQLS', 'SL')"), "parkSQ");
  EXPECT_EQ(value("btrim('  x  ')"), "x");
  EXPECT_EQ(value("trim('éa', 'ééabcaé')"), "bc");
  EXPECT_EQ(value("trim('', 'xx')"), "xx");
  EXPECT_EQ(value("trim(NULL, 'xx')"), "null");
  // A trim set from a column.
  auto c = makeBatch("s STRING, t STRING", {{Value::string("xxaxx"), Value::string("x")},
                                            {Value::string("yyayy"), Value::string("y")},
                                            {Value::string("yyayy"), Value::null()}});
  EXPECT_EQ(eval("trim(t, s)", c), (V{"a", "a", "null"}));
}

TEST(StringFunctions, ReverseRepeatSpace) {
  EXPECT_EQ(eval("reverse(s)"), (V{"dlroW olleH", "dlröw olléh", "", "null"}));
  EXPECT_EQ(value("reverse(array(1, 2, 3))"), "[3, 2, 1]");
  EXPECT_EQ(value("reverse(array())"), "[]");
  EXPECT_EQ(eval("repeat(s, n)"), (V{"Hello WorldHello WorldHello World", "", "", "null"}));
  EXPECT_EQ(value("repeat('ab', 0)"), "");
  EXPECT_EQ(value("repeat(NULL, 2)"), "null");
  EXPECT_EQ(value("concat('[', space(3), ']')"), "[   ]");
  EXPECT_EQ(value("space(-1)"), "");
  EXPECT_NE(errorOf("repeat('abc', 2000000000)").find("limit"), std::string::npos);
}

TEST(StringFunctions, AsciiChr) {
  EXPECT_EQ(eval("ascii(s)"), (V{"72", "104", "0", "null"}));
  EXPECT_EQ(value("ascii('é')"), "233");
  EXPECT_EQ(value("chr(65)"), "A");
  EXPECT_EQ(value("char(321)"), "A");  // 321 mod 256
  EXPECT_EQ(value("chr(233)"), "é");
  EXPECT_EQ(value("chr(-1)"), "");
  EXPECT_EQ(value("length(chr(256))"), "1");  // U+0000
  EXPECT_EQ(value("chr(NULL)"), "null");
}

TEST(StringFunctions, Substring) {
  EXPECT_EQ(eval("substring(s, 2, 3)"), (V{"ell", "éll", "", "null"}));
  EXPECT_EQ(eval("substr(s, -5)"), (V{"World", "wörld", "", "null"}));
  EXPECT_EQ(eval("substring(s, n)"), (V{"llo World", "ld", "", "null"}));
  EXPECT_EQ(value("substring('Spark SQL', 0, 2)"), "Sp");  // pos 0 is 1
  EXPECT_EQ(value("substring('Spark SQL', 5)"), "k SQL");
  EXPECT_EQ(value("substring('Spark SQL', -3)"), "SQL");
  EXPECT_EQ(value("substring('Spark SQL', 5, 1)"), "k");
  EXPECT_EQ(value("substring('abc', -5, 3)"), "a");  // starts before the string
  EXPECT_EQ(value("substring('abc', 2, -1)"), "");
  EXPECT_EQ(value("substring('abc', 10)"), "");
  EXPECT_EQ(value("substring('abc', 2, NULL)"), "null");
  EXPECT_EQ(value("substring(CAST('abcd' AS BINARY), 2, 2)"), "[62 63]");
  EXPECT_EQ(typeOf("substring(CAST(s AS BINARY), 1)")->simpleString(), "binary");
}

TEST(StringFunctions, LeftRight) {
  EXPECT_EQ(eval("left(s, 2)"), (V{"He", "hé", "", "null"}));
  EXPECT_EQ(eval("right(s, 3)"), (V{"rld", "rld", "", "null"}));
  EXPECT_EQ(value("left('abc', 0)"), "");
  EXPECT_EQ(value("right('abc', -1)"), "");
  EXPECT_EQ(value("right('abc', 10)"), "abc");
  EXPECT_EQ(value("left('abc', NULL)"), "null");
}

TEST(StringFunctions, Pad) {
  EXPECT_EQ(value("lpad('hi', 5, '?!')"), "?!?hi");
  EXPECT_EQ(value("lpad('hi', 1, '?!')"), "h");
  EXPECT_EQ(value("lpad('hi', 5)"), "   hi");
  EXPECT_EQ(value("rpad('hi', 5, 'ab')"), "hiaba");
  EXPECT_EQ(value("rpad('hi', -1, 'ab')"), "");
  EXPECT_EQ(value("rpad('hi', 5, '')"), "hi");
  EXPECT_EQ(value("lpad('é', 3, 'üx')"), "üxé");
  EXPECT_EQ(value("lpad(NULL, 3, 'x')"), "null");
  EXPECT_EQ(value("rpad('a', 3, NULL)"), "null");
  EXPECT_EQ(eval("lpad(s, 4, '*')"), (V{"Hell", "héll", "****", "null"}));
  EXPECT_EQ(value("lpad(CAST('ab' AS BINARY), 4)"), "[00 00 61 62]");
}

TEST(StringFunctions, Concat) {
  EXPECT_EQ(eval("concat(s, '!', n)"), (V{"Hello World!3", "héllo wörld!-2", "!0", "null"}));
  EXPECT_EQ(eval("s || '?'"), (V{"Hello World?", "héllo wörld?", "?", "null"}));
  EXPECT_EQ(value("concat()"), "");
  EXPECT_EQ(value("concat('a', NULL)"), "null");
  EXPECT_EQ(value("concat(array(1, 2), array(3), array())"), "[1, 2, 3]");
  EXPECT_EQ(value("concat(array(1), array(2.5D))"), "[1.0, 2.5]");
  EXPECT_EQ(value("concat(array(1), NULL)"), "null");
  EXPECT_EQ(value("concat(CAST('a' AS BINARY), CAST('b' AS BINARY))"), "[61 62]");
  EXPECT_NE(errorOf("concat(array(1), 'a')").find("array"), std::string::npos);
  auto b = makeBatch("a ARRAY<STRING>, c ARRAY<STRING>",
                     {{Value::list({Value::string("x")}), Value::list({Value::string("y"), Value::null()})},
                      {Value::null(), Value::list({})}});
  EXPECT_EQ(eval("concat(a, c)", b), (V{"[x, y, null]", "null"}));
}

TEST(StringFunctions, ConcatWs) {
  EXPECT_EQ(value("concat_ws(' ', 'Spark', 'SQL')"), "Spark SQL");
  EXPECT_EQ(value("concat_ws('s')"), "");
  EXPECT_EQ(value("concat_ws(',', 'a', NULL, 'b')"), "a,b");
  EXPECT_EQ(value("concat_ws(NULL, 'a', 'b')"), "null");
  EXPECT_EQ(value("concat_ws('-', array('a', NULL, 'b'), 'c', 1)"), "a-b-c-1");
  EXPECT_EQ(value("concat_ws('-', array(1, 2))"), "1-2");
  EXPECT_EQ(eval("concat_ws('|', s, s)"), (V{"Hello World|Hello World", "héllo wörld|héllo wörld", "|", ""}));
}

TEST(StringFunctions, InstrLocate) {
  EXPECT_EQ(eval("instr(s, 'o')"), (V{"5", "5", "0", "null"}));
  EXPECT_EQ(eval("instr(s, 'ö')"), (V{"0", "8", "0", "null"}));
  EXPECT_EQ(value("instr('abc', '')"), "1");
  EXPECT_EQ(value("instr(NULL, 'a')"), "null");
  EXPECT_EQ(value("locate('bar', 'foobarbar')"), "4");
  EXPECT_EQ(value("locate('bar', 'foobarbar', 5)"), "7");
  EXPECT_EQ(value("locate('bar', 'foobarbar', 0)"), "0");
  EXPECT_EQ(value("locate('bar', 'foobarbar', NULL)"), "0");  // Hive/Spark quirk: null pos -> 0
  EXPECT_EQ(value("locate(NULL, 'foobarbar', 1)"), "null");
  EXPECT_EQ(value("position('b', 'ébc')"), "2");
  EXPECT_EQ(value("locate('', 'abc', 3)"), "1");
  EXPECT_EQ(value("locate('c', 'abc', 10)"), "0");
}

TEST(StringFunctions, StartsEndsContains) {
  EXPECT_EQ(eval("startswith(s, 'He')"), (V{"true", "false", "false", "null"}));
  EXPECT_EQ(eval("endswith(s, 'rld')"), (V{"true", "true", "false", "null"}));
  EXPECT_EQ(eval("contains(s, 'o W')"), (V{"true", "false", "false", "null"}));
  EXPECT_EQ(value("contains('abc', '')"), "true");
  EXPECT_EQ(value("startswith('abc', NULL)"), "null");
  EXPECT_EQ(value("contains(CAST('abc' AS BINARY), CAST('bc' AS BINARY))"), "true");
}

TEST(StringFunctions, ReplaceTranslate) {
  EXPECT_EQ(value("replace('ABCabc', 'abc', 'DEF')"), "ABCDEF");
  EXPECT_EQ(value("replace('aaaa', 'aa', 'b')"), "bb");
  EXPECT_EQ(value("replace('abc', 'b')"), "ac");
  EXPECT_EQ(value("replace('abc', '', 'x')"), "abc");
  EXPECT_EQ(value("replace('abc', NULL, 'x')"), "null");
  EXPECT_EQ(eval("replace(s, 'l', 'L')"), (V{"HeLLo WorLd", "héLLo wörLd", "", "null"}));
  EXPECT_EQ(value("translate('AaBbCc', 'abc', '123')"), "A1B2C3");
  EXPECT_EQ(value("translate('abcde', 'bd', 'x')"), "axce");  // d has no counterpart: deleted
  EXPECT_EQ(value("translate('aab', 'aa', 'xy')"), "xxb");     // first mapping wins
  EXPECT_EQ(value("translate('héllo', 'él', 'eL')"), "heLLo");
  EXPECT_EQ(value("translate(NULL, 'a', 'b')"), "null");
  auto b = makeBatch("s STRING, f STRING, t STRING", {{Value::string("abc"), Value::string("a"), Value::string("x")},
                                                       {Value::string("abc"), Value::string("b"), Value::string("y")}});
  EXPECT_EQ(eval("translate(s, f, t)", b), (V{"xbc", "ayc"}));
}

TEST(StringFunctions, SubstringIndexSplitPart) {
  EXPECT_EQ(value("substring_index('www.apache.org', '.', 2)"), "www.apache");
  EXPECT_EQ(value("substring_index('www.apache.org', '.', -2)"), "apache.org");
  EXPECT_EQ(value("substring_index('www.apache.org', '.', 5)"), "www.apache.org");
  EXPECT_EQ(value("substring_index('www.apache.org', '.', 0)"), "");
  EXPECT_EQ(value("substring_index('aaa', 'aa', 2)"), "a");  // overlapping, as Spark
  EXPECT_EQ(value("substring_index(NULL, '.', 1)"), "null");
  EXPECT_EQ(value("split_part('11.12.13', '.', 3)"), "13");
  EXPECT_EQ(value("split_part('11.12.13', '.', -1)"), "13");
  EXPECT_EQ(value("split_part('11.12.13', '.', -3)"), "11");
  EXPECT_EQ(value("split_part('11.12.13', '.', 4)"), "");
  EXPECT_EQ(value("split_part('aaa', 'aa', -1)"), "a");
  EXPECT_EQ(value("split_part('abc', '', 1)"), "abc");
  EXPECT_EQ(value("split_part(NULL, '.', 1)"), "null");
  EXPECT_NE(errorOf("split_part('a.b', '.', 0)").find("INVALID_INDEX_OF_ZERO"), std::string::npos);
}

TEST(StringFunctions, Base64) {
  EXPECT_EQ(value("base64('Spark SQL')"), "U3BhcmsgU1FM");
  EXPECT_EQ(value("base64('a')"), "YQ==");
  EXPECT_EQ(value("base64('ab')"), "YWI=");
  EXPECT_EQ(value("base64('')"), "");
  EXPECT_EQ(value("base64(NULL)"), "null");
  EXPECT_EQ(value("CAST(unbase64('U3BhcmsgU1FM') AS STRING)"), "Spark SQL");
  EXPECT_EQ(value("CAST(unbase64('YQ') AS STRING)"), "a");        // missing padding
  EXPECT_EQ(value("CAST(unbase64('Y Q = =') AS STRING)"), "a");   // junk is skipped
  EXPECT_EQ(value("CAST(unbase64(base64('héllo')) AS STRING)"), "héllo");
  EXPECT_EQ(value("unbase64(NULL)"), "null");
  EXPECT_EQ(typeOf("unbase64(s)")->simpleString(), "binary");
}

TEST(StringFunctions, FormatNumber) {
  EXPECT_EQ(value("format_number(12332.123456, 4)"), "12,332.1235");
  EXPECT_EQ(value("format_number(12332.123456D, 4)"), "12,332.1235");
  EXPECT_EQ(value("format_number(1234567, 0)"), "1,234,567");
  EXPECT_EQ(value("format_number(-1234.5, 2)"), "-1,234.50");
  EXPECT_EQ(value("format_number(0.125D, 2)"), "0.12");   // HALF_EVEN on an exact tie
  EXPECT_EQ(value("format_number(0.135D, 2)"), "0.14");   // 0.135 is above the tie in binary
  EXPECT_EQ(value("format_number(1.005D, 2)"), "1.00");   // 1.005 is below the tie in binary
  EXPECT_EQ(value("format_number(2.5D, 0)"), "2");
  EXPECT_EQ(value("format_number(3.5D, 0)"), "4");
  EXPECT_EQ(value("format_number(1e23D, 0)"), "100,000,000,000,000,000,000,000");
  EXPECT_EQ(value("format_number(-0.001D, 2)"), "-0.00");
  EXPECT_EQ(value("format_number(0.5D, 0)"), "0");
  EXPECT_EQ(value("format_number(CAST(123.455 AS DECIMAL(6,3)), 2)"), "123.46");
  EXPECT_EQ(value("format_number(CAST('NaN' AS DOUBLE), 2)"), "NaN");
  EXPECT_EQ(value("format_number(5, -1)"), "null");
  EXPECT_EQ(value("format_number(NULL, 2)"), "null");
  EXPECT_EQ(value("format_number(12332.123456, '##################.###')"), "12332.123");
  EXPECT_EQ(value("format_number(0.5D, '#.##')"), ".5");
  EXPECT_EQ(value("format_number(1234.5, '#,##0.00 EUR')"), "1,234.50 EUR");
  EXPECT_EQ(value("format_number(1234.5, '')"), "1,234");  // HALF_EVEN
  EXPECT_NE(errorOf("format_number('1', 2)").find("format_number() expects a number"), std::string::npos);
  EXPECT_NE(errorOf("format_number(1, '0.0%')").find("unsupported format pattern"), std::string::npos);
}

TEST(StringFunctions, Like) {
  EXPECT_EQ(eval("s LIKE 'Hello%'"), (V{"true", "false", "false", "null"}));
  EXPECT_EQ(eval("s LIKE '%rld'"), (V{"true", "true", "false", "null"}));
  EXPECT_EQ(eval("s LIKE '%o w%'"), (V{"false", "true", "false", "null"}));
  EXPECT_EQ(eval("s LIKE 'h_llo%'"), (V{"false", "true", "false", "null"}));
  EXPECT_EQ(eval("s LIKE ''"), (V{"false", "false", "true", "null"}));
  EXPECT_EQ(eval("s LIKE '%'"), (V{"true", "true", "true", "null"}));
  EXPECT_EQ(eval("s NOT LIKE 'H%d'"), (V{"false", "true", "true", "null"}));
  EXPECT_EQ(value("'abc' LIKE 'a_c'"), "true");
  EXPECT_EQ(value("'abbc' LIKE 'a_c'"), "false");
  EXPECT_EQ(value("'abc' LIKE '%_%_%_%'"), "true");
  EXPECT_EQ(value("'ab' LIKE '%_%_%_%'"), "false");
  EXPECT_EQ(value("'aXbXc' LIKE 'a%b%c'"), "true");
  EXPECT_EQ(value("'abcbc' LIKE 'a%bc'"), "true");
  EXPECT_EQ(value("'ab' LIKE 'a%b%'"), "true");
  EXPECT_EQ(value("'abcd' LIKE '_b%_d'"), "true");
  EXPECT_EQ(value("'10%' LIKE '10\\%'"), "true");
  EXPECT_EQ(value("'100' LIKE '10\\%'"), "false");
  EXPECT_EQ(value("'a_b' LIKE 'a\\_b'"), "true");
  EXPECT_EQ(value("'a_b' LIKE 'a#_b' ESCAPE '#'"), "true");
  EXPECT_EQ(value("'a\nb' LIKE 'a_b'"), "true");  // '_' matches a newline too
  EXPECT_EQ(value("NULL LIKE 'a'"), "null");
  EXPECT_EQ(value("'a' LIKE NULL"), "null");
  EXPECT_NE(errorOf("'a' LIKE 'a\\\\'").find("escape character"), std::string::npos);
  EXPECT_NE(errorOf("'a' LIKE 'a\\\\b'").find("not allowed to precede 'b'"), std::string::npos);
  // Patterns from a column.
  auto b = makeBatch("s STRING, p STRING", {{Value::string("abc"), Value::string("a%")},
                                            {Value::string("abc"), Value::string("a%")},
                                            {Value::string("abc"), Value::string("%d")},
                                            {Value::string("abc"), Value::null()}});
  EXPECT_EQ(eval("s LIKE p", b), (V{"true", "true", "false", "null"}));
  EXPECT_EQ(eval("ilike(upper(s), p)", b), (V{"true", "true", "false", "null"}));
}

TEST(StringFunctions, ILike) {
  EXPECT_EQ(eval("s ILIKE 'hello%'"), (V{"true", "false", "false", "null"}));
  EXPECT_EQ(value("'ÉCOLE' ILIKE 'éc%'"), "true");
}

TEST(StringFunctions, LikeMatcherShapes) {
  auto m = [](const char* p) { return LikeMatcher::compile(p).value(); };
  EXPECT_TRUE(m("a%b%c").matches("abc"));
  EXPECT_FALSE(m("a%b%c").matches("acb"));
  EXPECT_TRUE(m("%a_c%").matches("xxabcxx"));
  EXPECT_TRUE(m("%a_c%").matches("xxaécxx"));
  EXPECT_FALSE(m("%a_c").matches("xxabcx"));
  EXPECT_TRUE(m("_%_").matches("ab"));
  EXPECT_FALSE(m("_%_").matches("a"));
  EXPECT_TRUE(m("%%").matches(""));
  EXPECT_TRUE(m("").matches(""));
  EXPECT_FALSE(m("").matches("a"));
  EXPECT_TRUE(m("é_").matches("éé"));
  EXPECT_TRUE(m("%bc%bc").matches("abcbcbc"));
  EXPECT_FALSE(m("ab%ba").matches("aba"));  // the prefix and suffix may not overlap
}

}  // namespace
}  // namespace spate
