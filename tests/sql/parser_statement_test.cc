#include <gtest/gtest.h>

#include "spate/sql/ast.h"
#include "tests/sql/statement_test_util.h"

namespace spate::sql {
namespace {

using testing::errorOf;
using testing::stmtOk;

QueryPtr queryOk(std::string_view text) {
  Statement s = stmtOk(text);
  EXPECT_EQ(s.kind, StatementKind::kQuery);
  EXPECT_TRUE(s.query) << text;
  return s.query ? s.query : std::make_shared<QueryAst>();
}

std::vector<std::string> itemSql(const SelectAst& s) {
  std::vector<std::string> out;
  for (const auto& e : s.items) out.push_back(e->sql());
  return out;
}

using Names = std::vector<std::string>;

TEST(SqlParserQuery, SelectWithEveryClause) {
  QueryPtr q = queryOk(
      "select distinct a, b + 1 AS c, count(*) n FROM t WHERE a > 1 GROUP BY a, b HAVING count(*) > 2 "
      "ORDER BY a DESC, c NULLS LAST, 3 ASC NULLS LAST LIMIT 10");
  ASSERT_EQ(q->kind, QueryAst::Kind::kSelect);
  const SelectAst& s = q->select;
  EXPECT_TRUE(s.distinct);
  EXPECT_EQ(itemSql(s), (Names{"a", "(b + 1) AS c", "count(1) AS n"}));
  ASSERT_TRUE(s.from);
  EXPECT_EQ(s.from->kind, TableRefKind::kNamed);
  EXPECT_EQ(s.from->name, (Names{"t"}));
  EXPECT_EQ(s.where->sql(), "(a > 1)");
  ASSERT_EQ(s.groupBy.size(), 2u);
  EXPECT_EQ(s.having->sql(), "(count(1) > 2)");
  ASSERT_EQ(q->orderBy.size(), 3u);
  EXPECT_EQ(q->orderBy[0]->sql(), "a DESC NULLS LAST");
  EXPECT_EQ(q->orderBy[1]->sql(), "c ASC NULLS LAST");
  EXPECT_EQ(q->orderBy[2]->sql(), "3 ASC NULLS LAST");
  EXPECT_EQ(q->orderBy[0]->kind, ExprKind::kSortOrder);
  EXPECT_EQ(q->limit->literal.asInt(), 10);
  EXPECT_EQ(queryOk("SELECT a FROM t ORDER BY a")->orderBy[0]->sql(), "a ASC NULLS FIRST");
  EXPECT_EQ(queryOk("SELECT a FROM t ORDER BY a DESC NULLS FIRST")->orderBy[0]->sql(), "a DESC NULLS FIRST");
}

TEST(SqlParserQuery, SelectWithoutFromAndStars) {
  QueryPtr q = queryOk("SELECT 1, 'x' AS s");
  EXPECT_FALSE(q->select.from);
  EXPECT_EQ(itemSql(q->select), (Names{"1", "'x' AS s"}));
  QueryPtr stars = queryOk("SELECT *, t.* FROM t");
  EXPECT_EQ(stars->select.items[0]->kind, ExprKind::kStar);
  EXPECT_EQ(stars->select.items[1]->nameParts, (Names{"t"}));
  EXPECT_FALSE(queryOk("SELECT ALL a FROM t")->select.distinct);
}

TEST(SqlParserQuery, ImplicitAliasesStopAtKeywords) {
  QueryPtr q = queryOk("SELECT a b, c FROM t x WHERE b > 0");
  EXPECT_EQ(itemSql(q->select), (Names{"a AS b", "c"}));
  EXPECT_EQ(q->select.from->alias, "x");
  QueryPtr j = queryOk("SELECT a FROM t LEFT JOIN u ON t.id = u.id");
  EXPECT_EQ(j->select.from->kind, TableRefKind::kJoin);
  EXPECT_EQ(j->select.from->left->alias, "");
}

TEST(SqlParserQuery, SetOperations) {
  QueryPtr u = queryOk("SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY a LIMIT 3");
  ASSERT_EQ(u->kind, QueryAst::Kind::kSetOp);
  EXPECT_EQ(u->setOp, SetOpKind::kUnionAll);
  EXPECT_EQ(u->orderBy.size(), 1u);
  EXPECT_TRUE(u->limit);
  EXPECT_TRUE(u->left->orderBy.empty());
  EXPECT_EQ(queryOk("SELECT 1 UNION SELECT 2")->setOp, SetOpKind::kUnionDistinct);
  EXPECT_EQ(queryOk("SELECT 1 UNION DISTINCT SELECT 2")->setOp, SetOpKind::kUnionDistinct);
  EXPECT_EQ(queryOk("SELECT 1 EXCEPT SELECT 2")->setOp, SetOpKind::kExceptDistinct);
  EXPECT_EQ(queryOk("SELECT 1 MINUS SELECT 2")->setOp, SetOpKind::kExceptDistinct);
  EXPECT_EQ(queryOk("SELECT 1 INTERSECT SELECT 2")->setOp, SetOpKind::kIntersectDistinct);
  // Left-associative, with INTERSECT binding tighter.
  QueryPtr chain = queryOk("SELECT 1 UNION SELECT 2 EXCEPT SELECT 3");
  EXPECT_EQ(chain->setOp, SetOpKind::kExceptDistinct);
  EXPECT_EQ(chain->left->setOp, SetOpKind::kUnionDistinct);
  QueryPtr mixed = queryOk("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3");
  EXPECT_EQ(mixed->setOp, SetOpKind::kUnionDistinct);
  EXPECT_EQ(mixed->right->setOp, SetOpKind::kIntersectDistinct);
  EXPECT_NE(errorOf("SELECT 1 EXCEPT ALL SELECT 2").find("EXCEPT ALL is not supported"), std::string::npos);
}

TEST(SqlParserQuery, ParenthesizedQueriesKeepTheirOwnOrderAndLimit) {
  QueryPtr p = queryOk("(SELECT a FROM t ORDER BY a LIMIT 5) UNION ALL (SELECT a FROM u)");
  ASSERT_EQ(p->kind, QueryAst::Kind::kSetOp);
  EXPECT_EQ(p->left->orderBy.size(), 1u);
  EXPECT_TRUE(p->left->limit);
  QueryPtr nested = queryOk("(SELECT a FROM t ORDER BY a LIMIT 5) ORDER BY a DESC");
  ASSERT_EQ(nested->kind, QueryAst::Kind::kSelect);
  ASSERT_TRUE(nested->select.from);
  EXPECT_EQ(nested->select.from->kind, TableRefKind::kSubquery);
  EXPECT_EQ(nested->select.from->subquery->limit->literal.asInt(), 5);
  EXPECT_EQ(nested->orderBy[0]->sql(), "a DESC NULLS LAST");
  EXPECT_EQ(queryOk("((SELECT 1))")->kind, QueryAst::Kind::kSelect);
}

TEST(SqlParserQuery, CommonTableExpressions) {
  QueryPtr q = queryOk("WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT * FROM b");
  ASSERT_EQ(q->ctes.size(), 2u);
  EXPECT_EQ(q->ctes[0].first, "a");
  EXPECT_EQ(q->ctes[1].first, "b");
  EXPECT_EQ(q->ctes[1].second->select.from->name, (Names{"a"}));
  EXPECT_EQ(q->select.from->name, (Names{"b"}));
  QueryPtr u = queryOk("WITH a AS (SELECT 1) SELECT * FROM a UNION ALL SELECT * FROM a");
  EXPECT_EQ(u->kind, QueryAst::Kind::kSetOp);
  EXPECT_EQ(u->ctes.size(), 1u);
}

TEST(SqlParserQuery, BareValuesIsAQuery) {
  QueryPtr q = queryOk("VALUES (1, 'a'), (2, 'b')");
  ASSERT_EQ(q->kind, QueryAst::Kind::kValues);
  ASSERT_EQ(q->values->rows.size(), 2u);
  EXPECT_EQ(q->values->rows[1][1]->sql(), "'b'");
  QueryPtr single = queryOk("VALUES 1, 2, 3");
  EXPECT_EQ(single->values->rows.size(), 3u);
  EXPECT_EQ(single->values->rows[2].size(), 1u);
}

TEST(SqlParserFrom, TablesSubqueriesValuesAndFunctions) {
  QueryPtr q = queryOk("SELECT * FROM db.events AS e");
  EXPECT_EQ(q->select.from->name, (Names{"db", "events"}));
  EXPECT_EQ(q->select.from->alias, "e");
  EXPECT_EQ(q->select.from->line, 1);
  EXPECT_EQ(q->select.from->column, 15);

  QueryPtr sub = queryOk("SELECT x FROM (SELECT 1 AS x) s");
  EXPECT_EQ(sub->select.from->kind, TableRefKind::kSubquery);
  EXPECT_EQ(sub->select.from->alias, "s");
  EXPECT_EQ(sub->select.from->subquery->select.items[0]->name, "x");

  QueryPtr values = queryOk("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(id, name)");
  const TableRef& v = *values->select.from;
  EXPECT_EQ(v.kind, TableRefKind::kValues);
  EXPECT_EQ(v.rows.size(), 2u);
  EXPECT_EQ(v.alias, "t");
  EXPECT_EQ(v.columnAliases, (Names{"id", "name"}));

  QueryPtr paren = queryOk("SELECT * FROM (VALUES (1), (2)) t(id)");
  EXPECT_EQ(paren->select.from->kind, TableRefKind::kValues);
  EXPECT_EQ(paren->select.from->columnAliases, (Names{"id"}));

  QueryPtr range = queryOk("SELECT id FROM range(1, 10, 2) r");
  EXPECT_EQ(range->select.from->kind, TableRefKind::kFunction);
  EXPECT_EQ(range->select.from->name, (Names{"range"}));
  EXPECT_EQ(range->select.from->functionArgs.size(), 3u);
  EXPECT_EQ(range->select.from->alias, "r");
  EXPECT_EQ(queryOk("SELECT * FROM RANGE(10)")->select.from->functionArgs[0]->sql(), "10");
}

TEST(SqlParserFrom, JoinsOfEveryKind) {
  struct Case {
    const char* text;
    JoinType type;
  };
  for (const Case& c : {Case{"JOIN", JoinType::kInner}, Case{"INNER JOIN", JoinType::kInner},
                        Case{"LEFT JOIN", JoinType::kLeft}, Case{"LEFT OUTER JOIN", JoinType::kLeft},
                        Case{"RIGHT JOIN", JoinType::kRight}, Case{"RIGHT OUTER JOIN", JoinType::kRight},
                        Case{"FULL JOIN", JoinType::kFull}, Case{"FULL OUTER JOIN", JoinType::kFull},
                        Case{"LEFT SEMI JOIN", JoinType::kLeftSemi}, Case{"SEMI JOIN", JoinType::kLeftSemi},
                        Case{"LEFT ANTI JOIN", JoinType::kLeftAnti}, Case{"ANTI JOIN", JoinType::kLeftAnti}}) {
    std::string text = std::string("SELECT * FROM a x ") + c.text + " b y ON x.id = y.id";
    QueryPtr q = queryOk(text);
    const TableRef& j = *q->select.from;
    ASSERT_EQ(j.kind, TableRefKind::kJoin) << text;
    EXPECT_EQ(j.joinType, c.type) << text;
    EXPECT_EQ(j.left->alias, "x") << text;
    EXPECT_EQ(j.right->alias, "y") << text;
    EXPECT_EQ(j.condition->sql(), "(x.id = y.id)") << text;
  }
  QueryPtr cross = queryOk("SELECT * FROM a CROSS JOIN b");
  EXPECT_EQ(cross->select.from->joinType, JoinType::kCross);
  EXPECT_FALSE(cross->select.from->condition);
  QueryPtr usingJoin = queryOk("SELECT * FROM a JOIN b USING (id, day)");
  EXPECT_EQ(usingJoin->select.from->usingColumns, (Names{"id", "day"}));
  QueryPtr chain = queryOk("SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c ON b.y = c.y");
  EXPECT_EQ(chain->select.from->joinType, JoinType::kLeft);
  EXPECT_EQ(chain->select.from->left->kind, TableRefKind::kJoin);
  EXPECT_EQ(chain->select.from->right->name, (Names{"c"}));
  QueryPtr parenJoin = queryOk("SELECT * FROM (a JOIN b ON a.x = b.x)");
  EXPECT_EQ(parenJoin->select.from->kind, TableRefKind::kJoin);
}

TEST(SqlParserFrom, CommasAreCrossJoins) {
  QueryPtr q = queryOk("SELECT * FROM a, b, c JOIN d ON c.k = d.k");
  const TableRef& top = *q->select.from;
  EXPECT_EQ(top.kind, TableRefKind::kJoin);
  EXPECT_EQ(top.joinType, JoinType::kCross);
  EXPECT_FALSE(top.condition);
  EXPECT_EQ(top.right->kind, TableRefKind::kJoin);
  EXPECT_EQ(top.right->joinType, JoinType::kInner);
  EXPECT_EQ(top.left->joinType, JoinType::kCross);
  EXPECT_EQ(top.left->left->name, (Names{"a"}));
}

TEST(SqlParserStatement, CreateTemporaryViewUsingFormat) {
  Statement s = stmtOk(
      "CREATE OR REPLACE TEMPORARY VIEW events (id INT, name STRING, tags ARRAY<STRING>) USING csv "
      "OPTIONS (path '/data/e.csv', 'header' = 'true', spark.sql.x 'y', inferSchema true, maxRows 10, neg -1)");
  EXPECT_EQ(s.kind, StatementKind::kCreateView);
  EXPECT_TRUE(s.orReplace);
  EXPECT_EQ(s.name, "events");
  EXPECT_EQ(s.format, "csv");
  EXPECT_EQ(s.schemaDDL, "id INT, name STRING, tags ARRAY<STRING>");
  using Options = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(s.options, (Options{{"path", "/data/e.csv"},
                                {"header", "true"},
                                {"spark.sql.x", "y"},
                                {"inferSchema", "true"},
                                {"maxRows", "10"},
                                {"neg", "-1"}}));
  Statement t = stmtOk("CREATE TEMP VIEW v USING json");
  EXPECT_FALSE(t.orReplace);
  EXPECT_EQ(t.format, "json");
  EXPECT_TRUE(t.schemaDDL.empty());
  EXPECT_NE(errorOf("CREATE TEMP VIEW v (id INTEGR) USING csv")
                .find("Cannot parse the column list 'id INTEGR': unknown data type 'INTEGR' (line 1, column 24)"),
            std::string::npos);
}

TEST(SqlParserStatement, CreateTemporaryViewAsQuery) {
  Statement s = stmtOk("create temporary view v as select a from t");
  EXPECT_EQ(s.kind, StatementKind::kCreateView);
  EXPECT_EQ(s.name, "v");
  ASSERT_TRUE(s.query);
  EXPECT_EQ(s.query->select.items[0]->sql(), "a");
  EXPECT_NE(errorOf("CREATE VIEW v AS SELECT 1").find("expected TEMPORARY or TEMP"), std::string::npos);
  EXPECT_NE(errorOf("CREATE TEMP VIEW v").find("expected USING or AS"), std::string::npos);
}

TEST(SqlParserStatement, DropInsertExplainShowDescribe) {
  Statement d = stmtOk("DROP VIEW IF EXISTS v");
  EXPECT_EQ(d.kind, StatementKind::kDropView);
  EXPECT_TRUE(d.ifExists);
  EXPECT_EQ(d.name, "v");
  EXPECT_FALSE(stmtOk("DROP VIEW v").ifExists);

  Statement i = stmtOk("INSERT INTO TABLE sink SELECT * FROM src");
  EXPECT_EQ(i.kind, StatementKind::kInsertInto);
  EXPECT_EQ(i.name, "sink");
  EXPECT_EQ(i.query->select.from->name, (Names{"src"}));
  Statement iv = stmtOk("INSERT INTO sink VALUES (1, 'a')");
  EXPECT_EQ(iv.query->kind, QueryAst::Kind::kValues);

  Statement e = stmtOk("EXPLAIN EXTENDED SELECT 1");
  EXPECT_EQ(e.kind, StatementKind::kExplain);
  EXPECT_TRUE(e.extended);
  EXPECT_FALSE(stmtOk("EXPLAIN SELECT 1").extended);

  EXPECT_EQ(stmtOk("SHOW TABLES").kind, StatementKind::kShowTables);
  Statement desc = stmtOk("DESCRIBE TABLE db.t");
  EXPECT_EQ(desc.kind, StatementKind::kDescribe);
  EXPECT_EQ(desc.name, "db.t");
  EXPECT_EQ(stmtOk("desc t").name, "t");
}

TEST(SqlParserStatement, SetTakesRawText) {
  Statement s = stmtOk("SET spark.sql.shuffle.partitions = 8");
  EXPECT_EQ(s.kind, StatementKind::kSet);
  EXPECT_EQ(s.name, "spark.sql.shuffle.partitions");
  EXPECT_EQ(s.value, "8");
  Statement tz = stmtOk("SET spark.sql.session.timeZone=America/Los_Angeles ;");
  EXPECT_EQ(tz.value, "America/Los_Angeles");
  Statement odd = stmtOk("SET my.path = $HOME/x y");
  EXPECT_EQ(odd.value, "$HOME/x y");
  Statement key = stmtOk("SET spark.sql.shuffle.partitions");
  EXPECT_EQ(key.name, "spark.sql.shuffle.partitions");
  EXPECT_TRUE(key.value.empty());
  Statement all = stmtOk("SET");
  EXPECT_TRUE(all.name.empty());
}

TEST(SqlParserStatement, ScriptsSplitOnSemicolons) {
  auto r = parseStatements(";; SELECT 1;\n\nSET a = 'x;y' ; ;\n-- comment\nSHOW TABLES;");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].kind, StatementKind::kQuery);
  EXPECT_EQ((*r)[0].column, 4);
  EXPECT_EQ((*r)[1].kind, StatementKind::kSet);
  EXPECT_EQ((*r)[1].value, "'x;y'");
  EXPECT_EQ((*r)[1].line, 3);
  EXPECT_EQ((*r)[2].kind, StatementKind::kShowTables);
  EXPECT_EQ((*r)[2].line, 5);
  auto empty = parseStatements("  ; -- nothing\n");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  EXPECT_NE(errorOf("SELECT 1; SELECT 2").find("expected end of input"), std::string::npos);
  EXPECT_TRUE(parseStatement("SELECT 1;").ok());
}

TEST(SqlParserErrors, SyntaxErrorsPointAtTheToken) {
  EXPECT_EQ(errorOf("SELECT * FORM t"),
            "Syntax error at or near 'FORM': expected end of input (line 1, column 10)\n"
            "SELECT * FORM t\n"
            "         ^");
  EXPECT_EQ(errorOf("SELECT a,\n  FROM t"),
            "Syntax error at or near 'FROM': expected an expression (line 2, column 3)\n"
            "  FROM t\n"
            "  ^");
  EXPECT_NE(errorOf("SELECT a FROM").find("Syntax error at or near end of input: expected a table name"),
            std::string::npos);
  EXPECT_NE(errorOf("SELECT a FROM t WHERE").find("expected an expression"), std::string::npos);
  EXPECT_NE(errorOf("SELECT a FROM t GROUP a").find("expected BY"), std::string::npos);
  EXPECT_NE(errorOf("SELECT a FROM t LEFT b").find("expected JOIN"), std::string::npos);
  EXPECT_NE(errorOf("UPDATE t SET a = 1").find("Syntax error at or near 'UPDATE': expected a statement"),
            std::string::npos);
  EXPECT_NE(errorOf("").find("expected a statement"), std::string::npos);
  EXPECT_NE(errorOf("SELECT 'abc FROM t").find("Unterminated string literal (line 1, column 8)"), std::string::npos);
  EXPECT_NE(errorOf("SELECT 1 /* open").find("Unterminated /* comment"), std::string::npos);
  EXPECT_NE(errorOf("SELECT CAST(a AS STRNG) FROM t").find("unknown data type 'STRNG' (line 1, column 18)"),
            std::string::npos);
  EXPECT_NE(errorOf("SELECT (SELECT 1)").find("Scalar subqueries are not supported"), std::string::npos);
  EXPECT_NE(errorOf("SELECT * FROM a NATURAL JOIN b").find("NATURAL JOIN is not supported"), std::string::npos);
}

}  // namespace
}  // namespace spate::sql
