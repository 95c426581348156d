#include <gtest/gtest.h>

#include "expr_test_util.h"
#include "spate/expr/regex_engine.h"

namespace spate {
namespace {

using namespace spate::testing;
using V = std::vector<std::string>;

BatchPtr strings() {
  return makeBatch("s STRING, p STRING",
                   {{Value::string("abc123def45"), Value::string("[0-9]+")},
                    {Value::string("héllo wörld"), Value::string("ö.")},
                    {Value::string(""), Value::string("x*")},
                    {Value::null(), Value::string("a")},
                    {Value::string("a.b.c"), Value::null()}});
}

BatchPtr one() { return makeBatch("x INT", {{Value::integer(1)}}); }

V eval(const std::string& expr, const BatchPtr& b = strings()) { return evalToStrings(parse(expr), b); }
std::string value(const std::string& expr) {
  V r = eval(expr, one());
  return r.size() == 1 ? r[0] : "<" + std::to_string(r.size()) + " rows>";
}
std::string errorOf(const std::string& expr, const BatchPtr& b = one()) {
  auto r = evalExpr(parse(expr), b);
  return r.ok() ? "no error" : r.status().toString();
}

TEST(RegexFunctions, Rlike) {
  EXPECT_EQ(eval("s RLIKE '[0-9]'"), (V{"true", "false", "false", "null", "false"}));
  EXPECT_EQ(eval("s REGEXP '^h.llo'"), (V{"false", "true", "false", "null", "false"}));
  EXPECT_EQ(eval("rlike(s, p)"), (V{"true", "true", "true", "null", "null"}));
  EXPECT_EQ(eval("regexp_like(s, 'b\\\\.c')"), (V{"false", "false", "false", "null", "true"}));
  EXPECT_EQ(value("'ABC' RLIKE '(?i)^abc$'"), "true");
  EXPECT_EQ(value("'a\nb' RLIKE 'a.b'"), "false");
  EXPECT_EQ(value("'a\nb' RLIKE '(?s)a.b'"), "true");
  EXPECT_EQ(value("'x\nab' RLIKE '^ab'"), "false");
  EXPECT_EQ(value("'x\nab' RLIKE '(?m)^ab'"), "true");
  EXPECT_EQ(value("'a+b' RLIKE '\\\\Qa+b\\\\E'"), "true");
  EXPECT_EQ(value("'[x]' RLIKE '[]x]'"), "true");
  EXPECT_EQ(value("'é' RLIKE '^.$'"), "true");  // one character, not one byte
  EXPECT_EQ(value("'日本' RLIKE '^[^a]{2}$'"), "true");
  EXPECT_EQ(value("NOT 'abc' RLIKE 'd'"), "true");
  EXPECT_EQ(value("NULL RLIKE 'a'"), "null");
}

TEST(RegexFunctions, JavaSyntax) {
  EXPECT_EQ(value("regexp_extract('price: 42', '(?<=: )\\\\d+', 0)"), "42");  // lookbehind
  EXPECT_EQ(value("'ab' RLIKE 'a(?!c)'"), "true");
  EXPECT_EQ(value("regexp_extract('2024-05', '(?<y>\\\\d+)-(?<m>\\\\d+)', 2)"), "05");  // named groups
  EXPECT_EQ(value("regexp_replace('2024-05', '(?<y>\\\\d+)-(?<m>\\\\d+)', '${m}/${y}')"), "05/2024");
  EXPECT_EQ(value("'aaa' RLIKE '^a*+a$'"), "false");  // possessive
  EXPECT_EQ(value("'aaa' RLIKE '^(?>a*)$'"), "true");  // atomic group
  EXPECT_EQ(value("'é' RLIKE '^\\\\u00e9$'"), "true");
  EXPECT_EQ(value("'A' RLIKE '^\\\\0101$'"), "true");  // Java's octal escape
  EXPECT_EQ(value("'Éa' RLIKE '^\\\\p{Lu}\\\\p{Ll}$'"), "true");
  EXPECT_EQ(value("regexp_extract('aaa', '(?U)(a+)', 1)"), "aaa") << "Java's (?U) is not PCRE2's ungreedy flag";
  EXPECT_EQ(value("regexp_extract('xAbC', '(?i:abc)', 0)"), "AbC");
  EXPECT_EQ(value("'a\\nb' RLIKE '^b'"), "false");
  EXPECT_EQ(value("'ab\\n' RLIKE 'b$'"), "true") << "$ matches before a final line terminator, as in Java";
  EXPECT_NE(errorOf("regexp_replace('a', '(a)', '${x}')").find("No group with name {x}"), std::string::npos);
}

TEST(RegexFunctions, InvalidPatterns) {
  EXPECT_NE(errorOf("'a' RLIKE '(a'").find("Invalid regular expression '(a'"), std::string::npos);
  EXPECT_NE(errorOf("'a' RLIKE '[a-z&&[^e]]'").find("not supported"), std::string::npos);
  EXPECT_NE(errorOf("'a' RLIKE '\\\\p{javaLowerCase}'").find("Invalid regular expression"), std::string::npos);
  EXPECT_NE(errorOf("regexp_replace('a', '[', 'x')").find("regexp_replace()"), std::string::npos);
  // A bad pattern from a column fails when evaluated.
  auto b = makeBatch("s STRING, p STRING", {{Value::string("a"), Value::string("a")}, {Value::string("a"), Value::string("(")}});
  EXPECT_NE(errorOf("s RLIKE p", b).find("Invalid regular expression '('"), std::string::npos);
}

TEST(RegexFunctions, RegexpExtract) {
  EXPECT_EQ(value("regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 1)"), "100");
  EXPECT_EQ(value("regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 2)"), "200");
  EXPECT_EQ(value("regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 0)"), "100-200");
  EXPECT_EQ(value("regexp_extract('100-200', '(\\\\d+)-(\\\\d+)')"), "100");
  EXPECT_EQ(value("regexp_extract('foo', '(\\\\d+)', 1)"), "");          // no match
  EXPECT_EQ(value("regexp_extract('b', '(a)?b', 1)"), "");               // group did not take part
  EXPECT_EQ(value("regexp_extract('héllo', 'h(.)l', 1)"), "é");
  EXPECT_EQ(eval("regexp_extract(s, p, 0)"), (V{"123", "ör", "", "null", "null"}));
  EXPECT_EQ(value("regexp_extract(NULL, 'a', 0)"), "null");
  EXPECT_NE(errorOf("regexp_extract('a', '(a)', 2)").find("Regex group count is 1, but the specified group index is 2"),
            std::string::npos);
  EXPECT_NE(errorOf("regexp_extract('a', 'a', -1)").find("less than zero"), std::string::npos);
}

TEST(RegexFunctions, RegexpExtractAll) {
  EXPECT_EQ(value("regexp_extract_all('100-200, 300-400', '(\\\\d+)-(\\\\d+)', 1)"), "[100, 300]");
  EXPECT_EQ(value("regexp_extract_all('100-200, 300-400', '(\\\\d+)-(\\\\d+)', 2)"), "[200, 400]");
  EXPECT_EQ(value("regexp_extract_all('abc', 'x', 0)"), "[]");
  EXPECT_NE(errorOf("regexp_extract_all('abc', 'x')").find("group count is 0"), std::string::npos);
  EXPECT_EQ(eval("regexp_extract_all(s, p, 0)"), (V{"[123, 45]", "[ör]", "[]", "null", "null"}));
}

TEST(RegexFunctions, RegexpSubstrInstrCount) {
  EXPECT_EQ(value("regexp_substr('1a 2b 14m', '\\\\d+')"), "1");
  EXPECT_EQ(value("regexp_substr('abc', '\\\\d+')"), "null");
  EXPECT_EQ(value("regexp_substr('abc', 'x*')"), "null");  // an empty match is null
  EXPECT_EQ(value("regexp_instr('1a 2b 14m', '\\\\d+[a-z]', 0)"), "1");
  EXPECT_EQ(value("regexp_instr('ab 14m', '\\\\d+')"), "4");
  EXPECT_EQ(value("regexp_instr('éé14m', '\\\\d+')"), "3");  // character position
  EXPECT_EQ(value("regexp_instr('abc', 'x')"), "0");
  EXPECT_EQ(value("regexp_count('Steven Jones and Stephen Smith are the best players', 'Ste(v|ph)en')"), "2");
  EXPECT_EQ(value("regexp_count('abc', 'x*')"), "4");
  EXPECT_EQ(value("regexp_count(NULL, 'x')"), "null");
}

TEST(RegexFunctions, RegexpReplace) {
  EXPECT_EQ(value("regexp_replace('100-200', '(\\\\d+)', 'num')"), "num-num");
  EXPECT_EQ(value("regexp_replace('100-200', '(\\\\d+)-(\\\\d+)', '$2-$1')"), "200-100");
  EXPECT_EQ(value("regexp_replace('abc', 'b', '\\\\$')"), "a$c");
  EXPECT_EQ(value("regexp_replace('abc', '(b)', '$10')"), "ab0c");  // $1 then '0' (no group 10)
  EXPECT_EQ(value("regexp_replace('abc', 'x*', '-')"), "-a-b-c-");
  EXPECT_EQ(value("regexp_replace('abc', 'b*', '-')"), "-a--c-");
  EXPECT_EQ(value("regexp_replace('a.b.c', '\\\\.', '')"), "abc");  // literal fast path
  EXPECT_EQ(value("regexp_replace('aaa', 'a', 'b', 2)"), "abb");
  EXPECT_EQ(value("regexp_replace('abab', '^ab', 'x', 3)"), "abx");  // ^ anchors at the position
  EXPECT_EQ(value("regexp_replace('ab', 'b', 'x', 5)"), "ab");
  EXPECT_EQ(value("regexp_replace('héllo', 'l+', 'L')"), "héLo");
  EXPECT_EQ(value("regexp_replace('', 'x*', '-')"), "-");
  EXPECT_EQ(eval("regexp_replace(s, p, '#')"), (V{"abc#def#", "héllo w#ld", "#", "null", "null"}));
  EXPECT_EQ(value("regexp_replace('abc', 'b', NULL)"), "null");
  EXPECT_NE(errorOf("regexp_replace('abc', '(b)', '$2')").find("No group 2"), std::string::npos);
  EXPECT_NE(errorOf("regexp_replace('abc', 'b', 'x', 0)").find("positive"), std::string::npos);
}

TEST(RegexFunctions, Split) {
  EXPECT_EQ(value("split('oneAtwoBthreeC', '[ABC]')"), "[one, two, three, ]");
  EXPECT_EQ(value("split('oneAtwoBthreeC', '[ABC]', -1)"), "[one, two, three, ]");
  EXPECT_EQ(value("split('oneAtwoBthreeC', '[ABC]', 2)"), "[one, twoBthreeC]");
  EXPECT_EQ(value("split('oneAtwoBthreeC', '[ABC]', 0)"), "[one, two, three, ]");
  EXPECT_EQ(value("split('a,b,,c,,', ',')"), "[a, b, , c, , ]");
  EXPECT_EQ(value("split(',a', ',')"), "[, a]");
  EXPECT_EQ(value("split('a.b', '\\\\.')"), "[a, b]");
  EXPECT_EQ(value("split('a.b', '.')"), "[, , , ]");  // '.' is a regex
  EXPECT_EQ(value("split('abc', '')"), "[a, b, c]");
  EXPECT_EQ(value("split('abc', '', 2)"), "[a, bc]");
  EXPECT_EQ(value("split('', ',')"), "[]") << "the empty string splits into one empty piece";
  EXPECT_EQ(value("size(split('', ','))"), "1");
  EXPECT_EQ(value("split('abc', 'x*')"), "[a, b, c, ]");
  EXPECT_EQ(value("split('héllo wörld', 'ö| ')"), "[héllo, w, rld]");
  EXPECT_EQ(value("split('a1b22c', '\\\\d+', 1)"), "[a1b22c]");
  EXPECT_EQ(value("split(NULL, ',')"), "null");
  EXPECT_EQ(value("split('a,b', NULL)"), "null");
  EXPECT_EQ(eval("split(s, p)"), (V{"[abc, def, ]", "[héllo w, ld]", "[]", "null", "null"}));
}

TEST(RegexFunctions, LongSubjectsDoNotCrash) {
  std::string big(100000, 'a');
  auto b = makeBatch("s STRING", {{Value::string(big + "c")}, {Value::string(big)}});
  EXPECT_EQ(eval("s RLIKE '^(a|b)*c$'", b), (V{"true", "false"}));
  // As Java: the run of a's, then empty matches before 'c' and at the end.
  EXPECT_EQ(eval("length(regexp_replace(s, '(a|b)*', 'x'))", b), (V{"4", "2"}));
}

TEST(RegexEngine, CacheAndTemplates) {
  RegexCache cache(2);
  auto a = cache.get("a+");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(cache.get("a+").value(), *a);  // cached
  ASSERT_TRUE(cache.get("b").ok());
  ASSERT_TRUE(cache.get("c").ok());        // evicts a+
  EXPECT_NE(cache.get("a+").value(), *a);
  EXPECT_FALSE(cache.get("(").ok());

  auto re = compileJavaRegex("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)").value();
  EXPECT_EQ(re->groupCount, 11);
  RegexMatcher m;
  m.reset(*re, "abcdefghijk");
  ASSERT_TRUE(m.find(0));
  auto t = ReplacementTemplate::parse("$11-$1\\$x", *re).value();
  std::string out;
  t.expand(m, [&](std::string_view s) { out.append(s); });
  EXPECT_EQ(out, "k-a$x");
  EXPECT_TRUE(compileJavaRegex("a\\.b").value()->isLiteral);
  EXPECT_EQ(compileJavaRegex("a\\.b").value()->literal, "a.b");
  EXPECT_FALSE(compileJavaRegex("a.b").value()->isLiteral);
}

}  // namespace
}  // namespace spate
