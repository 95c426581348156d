#!/usr/bin/env bash
# End-to-end checks of the spate command: -e, -f, formats, errors, the shell on stdin.
# usage: cli_test.sh path/to/spate
set -u
spate="$1"
failures=0
passes=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() {  # name, expected, actual
  if [ "$2" == "$3" ]; then
    passes=$((passes + 1))
  else
    failures=$((failures + 1))
    printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
  fi
}

check "version" "spate 0.1.0" "$("$spate" --version)"

check "table format" "+---+---+
|a  |b  |
+---+---+
|1  |x  |
+---+---+" "$("$spate" sql -e "SELECT 1 AS a, 'x' AS b")"

check "csv format" "word,n
a,2
b,1" "$("$spate" sql --format csv -e "SELECT word, count(*) AS n FROM (SELECT explode(split('a b a', ' ')) AS word) GROUP BY word ORDER BY word")"

check "json format" '{"id":1,"tags":["x","y"],"s":{"k":null}}' \
  "$("$spate" sql --format json -e "SELECT 1 AS id, array('x', 'y') AS tags, named_struct('k', CAST(NULL AS INT)) AS s")"

printf 'id,name\n1,ann\n2,bo\n' > "$work/people.csv"
cat > "$work/job.sql" <<SQL
-- a job file: a view over a CSV file, then two queries
CREATE TEMPORARY VIEW people USING csv OPTIONS (path '$work/people.csv', header 'true', inferSchema 'true');
SELECT count(*) AS n FROM people;
SELECT upper(name) AS name FROM people WHERE id > 1;
SQL
check "file" "n
2
name
BO" "$("$spate" sql --format csv -f "$work/job.sql")"

err=$("$spate" sql -e "SELECT nope FROM VALUES (1) AS t(a)" 2>&1 >/dev/null)
code=$?
check "error exit code" "1" "$code"
case "$err" in
  *"\`nope\` cannot be resolved"*"\`a\`"*) passes=$((passes + 1)) ;;
  *) failures=$((failures + 1)); echo "FAIL error message: $err" ;;
esac

err=$("$spate" sql -e "SELECT * FORM t" 2>&1 >/dev/null)
case "$err" in
  *"FORM"*"line 1, column 10"*) passes=$((passes + 1)) ;;
  *) failures=$((failures + 1)); echo "FAIL syntax error position: $err" ;;
esac

missing=$("$spate" sql -e "SELECT * FROM csv_missing" 2>&1; "$spate" sql -e "CREATE TEMPORARY VIEW v USING csv OPTIONS (path '$work/nope.csv')" 2>&1)
case "$missing" in
  *"Path does not exist"*"nope.csv"*) passes=$((passes + 1)) ;;
  *) failures=$((failures + 1)); echo "FAIL missing path: $missing" ;;
esac

# The shell goes on after an error and keeps state between statements.
out=$(printf 'SELECT nope;\nCREATE TEMPORARY VIEW t AS SELECT 41 AS x;\nSELECT x + 1 AS y\nFROM t;\n' | "$spate" sql --format csv 2>&1)
check "shell" "Error: A column or function parameter with name \`nope\` cannot be resolved. Available columns: [] (line 1, column 8)
y
42" "$out"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
