#include <gtest/gtest.h>

#include <random>

#include "spate/sql/ast.h"
#include "spate/sql/lexer.h"

namespace spate::sql {
namespace {

// Valid inputs whose truncations and mutations exercise every parser path.
const char* const kSeeds[] = {
    "SELECT a, b + 1 AS c, count(*) n FROM t WHERE a > 1 AND b IS NOT NULL GROUP BY a HAVING count(*) > 2 "
    "ORDER BY a DESC NULLS FIRST LIMIT 10",
    "WITH x AS (SELECT 1 AS id) SELECT * FROM x JOIN y ON x.id = y.id LEFT SEMI JOIN z USING (id)",
    "SELECT CAST(a AS DECIMAL(10, 2)), CAST(b AS MAP<STRING, ARRAY<STRUCT<f: INT>>>) FROM t",
    "SELECT CASE WHEN a BETWEEN 1 AND 2 THEN 'x' WHEN a NOT IN (3, 4) THEN \"y\" ELSE NULL END FROM t",
    "SELECT CASE a WHEN 1 THEN -1.5 ELSE 2e10 END, -9223372036854775808L, 1.5BD, 7Y, 3S, 2.5F, 0.05",
    "SELECT ts + INTERVAL 1 HOUR 30 MINUTES, INTERVAL '1 day 2 hours', INTERVAL '1 02:03:04' DAY TO SECOND",
    "SELECT DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05', X'0AFF', 'a\\'b' 'c' FROM t",
    "SELECT a[0].f, m['k'], s.x.y, t.*, f(x).g, name LIKE 'a%' ESCAPE '\\\\', name RLIKE '^b' FROM t",
    "(SELECT 1 UNION ALL SELECT 2) EXCEPT SELECT 3 INTERSECT (SELECT 4 ORDER BY 1 LIMIT 1) ORDER BY 1",
    "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(id, name), range(1, 10, 2) r, (VALUES 1, 2) v(x)",
    "SELECT * FROM a CROSS JOIN b FULL OUTER JOIN (SELECT * FROM c) s ON a.k = s.k",
    "CREATE OR REPLACE TEMPORARY VIEW v (id INT, name STRING) USING csv OPTIONS (path '/x', 'header' = true, "
    "a.b 10)",
    "CREATE TEMP VIEW w AS SELECT DISTINCT a | b ^ c & ~d, a || b, a DIV 2, !a, a <=> b FROM t",
    "INSERT INTO TABLE sink SELECT * FROM src; EXPLAIN EXTENDED SELECT 1; SHOW TABLES; DESC TABLE t",
    "SET spark.sql.shuffle.partitions = 8; SET x; SET; DROP VIEW IF EXISTS v; VALUES (1), (2)",
    "SELECT `we``ird`.`x`, a IS TRUE, b IS NOT DISTINCT FROM c /* nested /* comment */ */ -- end\nFROM t",
};

const char* const kFragments[] = {"(",     ")",    "'",   "\"",     "`",    "/*",  "*/",     "--",   ",",
                                  ".",     ";",    "<",   ">",      "[",    "]",   "SELECT", "FROM", "CAST(",
                                  "CASE",  "END",  "AS",  "1e",     "9999999999999999999999999999999999999999",
                                  "X'",    "\\",   "-",   "INTERVAL", "DATE", "NOT", "IN (",   "WITH",  "\n",
                                  "\xff",  "*",    "$",   "JOIN",   "ON",   "VALUES"};

// Parsing must return, never throw or crash, whatever the input.
void parseAll(const std::string& text) {
  (void)parseStatements(text);
  (void)parseStatement(text);
  (void)parseExpression(text);
  (void)tokenize(text);
}

TEST(SqlParserFuzz, SeedsParse) {
  for (const char* seed : kSeeds) {
    auto r = parseStatements(seed);
    EXPECT_TRUE(r.ok()) << seed << "\n" << r.status().message();
  }
}

TEST(SqlParserFuzz, TruncationsAndMutationsNeverCrash) {
  std::mt19937 rng(12345);
  size_t inputs = 0;
  for (const char* seedText : kSeeds) {
    std::string seed(seedText);
    for (size_t n = 0; n <= seed.size(); ++n) {
      parseAll(seed.substr(0, n));
      ++inputs;
    }
    for (int i = 0; i < 150; ++i) {
      std::string s = seed;
      int edits = 1 + static_cast<int>(rng() % 3);
      for (int k = 0; k < edits && !s.empty(); ++k) {
        size_t at = rng() % s.size();
        switch (rng() % 4) {
          case 0: s.erase(at, 1 + rng() % 5); break;
          case 1: s.insert(at, kFragments[rng() % std::size(kFragments)]); break;
          case 2: s[at] = static_cast<char>(rng() % 256); break;
          default: {
            // Swap two slices to scramble the token order.
            size_t other = rng() % s.size();
            size_t len = 1 + rng() % 8;
            if (at + len <= s.size() && other + len <= s.size()) {
              std::string a = s.substr(at, len);
              s.replace(at, len, s.substr(other, len));
              s.replace(other, len, a);
            }
          }
        }
      }
      parseAll(s);
      ++inputs;
    }
  }
  EXPECT_GT(inputs, 3000u);
}

TEST(SqlParserFuzz, PathologicalInputs) {
  for (std::string s : {std::string(10000, '('), std::string(10000, ')'), std::string(3000, '['),
                        std::string("SELECT ") + std::string(5000, '~') + "a", std::string(10000, '\''),
                        std::string("CAST(a AS ") + std::string(2000, '<'), std::string("CASE ") + "WHEN",
                        std::string("SELECT * FROM ") + std::string(3000, '('), std::string(1, '\0'),
                        std::string("INTERVAL '99999999999999999999 days'"),
                        std::string("INTERVAL 99999999999999999 WEEKS"), std::string("1e99999999999999999999BD")}) {
    parseAll(s);
  }
}

}  // namespace
}  // namespace spate::sql
