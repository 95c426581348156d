#!/usr/bin/env bash
# End-to-end checks of `spate run JOB.sql`: streaming queries started by SQL, their
# triggers, Ctrl-C and restart from a checkpoint, errors with file:line:column, and the
# job files under examples/sql.
# usage: run_test.sh path/to/spate   (run from anywhere; examples run from the repo root)
set -u
spate="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root" || exit 1
failures=0
passes=0
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

pass() { passes=$((passes + 1)); }
fail() { failures=$((failures + 1)); printf 'FAIL %s\n' "$*"; }

check() {  # name, expected, actual
  if [ "$2" == "$3" ]; then
    pass
  else
    fail "$1"
    printf -- '--- expected\n%s\n--- actual\n%s\n' "$2" "$3"
  fi
}

contains() {  # name, needle, haystack
  case "$3" in
    *"$2"*) pass ;;
    *) fail "$1: no '$2' in:"; printf '%s\n' "$3" ;;
  esac
}

# Waits up to 20 s for a command to succeed.
wait_for() {
  for _ in $(seq 200); do
    if eval "$1"; then return 0; fi
    sleep 0.1
  done
  return 1
}

# The highest batch id in a checkpoint's commits/ folder (-1 when none).
last_commit() {
  local last=-1 f
  for f in "$1"/commits/*; do
    [ -e "$f" ] || continue
    f=$(basename "$f")
    case "$f" in *[!0-9]*) continue ;; esac
    [ "$f" -gt "$last" ] && last=$f
  done
  echo "$last"
}

mkdir -p "$work/in"
printf 'id,name,value\n1,ann,1.5\n' > "$work/in/a.csv"
printf 'id,name,value\n2,bo,0.5\n3,cy,2.0\n' > "$work/in/b.csv"
printf 'id,name,value\n4,ann,4.0\n' > "$work/in/c.csv"

# ---- TRIGGER AVAILABLE NOW: a folder of CSV files, one file a batch, into a csv sink
cat > "$work/copy.sql" <<SQL
CREATE TEMPORARY VIEW events (id INT, name STRING, value DOUBLE)
USING csv OPTIONS (path '$work/in', header 'true', maxFilesPerTrigger 1);

START STREAMING QUERY copy
USING csv OPTIONS (path '$work/out')
TRIGGER AVAILABLE NOW
CHECKPOINT LOCATION '$work/ck_copy'
AS SELECT id, upper(name) AS name, value * 2 AS doubled FROM STREAM(events) WHERE value > 1;
SQL
out=$("$spate" run "$work/copy.sql" 2>"$work/copy.err")
check "available now: exit status" "0" "$?"
check "available now: nothing printed" "" "$out"
check "available now: one batch per file" "2" "$(last_commit "$work/ck_copy")"
check "available now: rows" "1,ANN,3.0
3,CY,4.0
4,ANN,8.0" "$(cat "$work"/out/*.csv | sort)"

# A second run with the same checkpoint reads only the file that is new.
printf 'id,name,value\n5,dee,5.0\n' > "$work/in/d.csv"
"$spate" run "$work/copy.sql" 2>>"$work/copy.err"
check "available now again: exit status" "0" "$?"
check "available now again: batch ids go on" "3" "$(last_commit "$work/ck_copy")"
check "available now again: rows" "1,ANN,3.0
3,CY,4.0
4,ANN,8.0
5,DEE,10.0" "$(cat "$work"/out/*.csv | sort)"

# ---- TRIGGER ONCE into the console, then a plain query: both print, in order
mkdir -p "$work/one"
printf 'id,name,value\n1,ann,1.5\n2,bo,0.5\n' > "$work/one/a.csv"
cat > "$work/once.sql" <<SQL
-- a comment line
CREATE TEMPORARY VIEW one (id INT, name STRING, value DOUBLE)
USING csv OPTIONS (path '$work/one', header 'true');
START STREAMING QUERY once_q USING console TRIGGER ONCE AS SELECT id, name FROM STREAM(one);
SELECT count(*) AS n FROM one;
SQL
out=$("$spate" run "$work/once.sql" --format csv 2>"$work/once.err")
check "once: exit status" "0" "$?"
check "once: batch 0 then the query's rows" "-------------------------------------------
Batch: 0
-------------------------------------------
+---+----+
| id|name|
+---+----+
|  1| ann|
|  2|  bo|
+---+----+

n
2" "$out"

# ---- the default trigger: SIGINT after the first batch stops cleanly (exit 130); a
# second run with the same checkpoint goes on from the next batch id
cat > "$work/ticks.sql" <<SQL
CREATE TEMPORARY VIEW ticks USING rate-micro-batch OPTIONS (rowsPerBatch 2);
START STREAMING QUERY ticker
USING console
CHECKPOINT LOCATION '$work/ck_ticks'
AS SELECT value FROM ticks;
SQL
"$spate" run "$work/ticks.sql" >"$work/ticks1.out" 2>"$work/ticks1.err" &
pid=$!
# (commits/0 itself may be gone already: old entries are purged as batches go by)
wait_for "[ \"\$(last_commit '$work/ck_ticks')\" -ge 0 ]" || fail "ticks: no first batch"
kill -INT "$pid"
wait "$pid"
check "SIGINT: exit status" "130" "$?"
contains "SIGINT: message" "Received SIGINT: streaming queries stopped" "$(cat "$work/ticks1.err")"
first_last=$(last_commit "$work/ck_ticks")
printed_last=$(grep '^Batch: ' "$work/ticks1.out" | tail -1)
check "SIGINT: the last batch printed is the last committed" "Batch: $first_last" "$printed_last"

"$spate" run "$work/ticks.sql" >"$work/ticks2.out" 2>"$work/ticks2.err" &
pid=$!
wait_for "[ \"\$(last_commit '$work/ck_ticks')\" -gt $first_last ]" || fail "ticks: no batch after restart"
kill -TERM "$pid"
wait "$pid"
check "SIGTERM: exit status" "143" "$?"
contains "SIGTERM: message" "Received SIGTERM" "$(cat "$work/ticks2.err")"
check "restart: the first batch follows the last committed one" "Batch: $((first_last + 1))" \
  "$(grep '^Batch: ' "$work/ticks2.out" | head -1)"

# ---- errors name the file, line and column
printf 'SELECT 1;\nSTART STREAMING QUERY q\n  USING console\n  TRIGGER NEVER AS SELECT 1;\n' > "$work/bad.sql"
err=$("$spate" run "$work/bad.sql" 2>&1 >/dev/null)
check "bad file: exit status" "1" "$?"
contains "bad file: position" "Error: $work/bad.sql:4:11: Syntax error at or near 'NEVER'" "$err"

printf 'SELECT 1 AS one;\n\n  SELECT * FROM nowhere;\nSELECT 3;\n' > "$work/missing.sql"
out=$("$spate" run "$work/missing.sql" --format csv 2>"$work/missing.err")
check "failing statement: exit status" "1" "$?"
check "failing statement: earlier rows printed, later statements not run" "one
1" "$out"
contains "failing statement: position" "Error: $work/missing.sql:3:17: The table or view \`nowhere\` cannot be found" \
  "$(cat "$work/missing.err")"

printf 'START STREAMING QUERY q USING console AS\nSELECT 1 AS x;\n' > "$work/batch.sql"
err=$("$spate" run "$work/batch.sql" 2>&1 >/dev/null)
check "batch query: exit status" "1" "$?"
contains "batch query: message" "Error: $work/batch.sql:2:1: 'writeStream' can be called only on streaming" "$err"

# A query that fails while running: the job reports it and exits 1.
mkdir -p "$work/broken"
printf 'id,name,value\nnot-a-number,x,1\n' > "$work/broken/a.csv"
cat > "$work/fails.sql" <<SQL
CREATE TEMPORARY VIEW broken (id INT, name STRING, value DOUBLE)
USING csv OPTIONS (path '$work/broken', header 'true', mode 'FAILFAST');
START STREAMING QUERY doomed USING noop AS SELECT * FROM STREAM(broken);
SQL
err=$(timeout 60 "$spate" run "$work/fails.sql" 2>&1 >/dev/null)
check "failed query: exit status" "1" "$?"
contains "failed query: message" "Query doomed failed: " "$err"

err=$("$spate" run "$work/nope.sql" 2>&1)
check "missing file: exit status" "1" "$?"
contains "missing file: message" "cannot read SQL job file $work/nope.sql" "$err"

err=$("$spate" run "$work/once.sql" --conf nonsense 2>&1)
check "bad --conf: exit status" "1" "$?"

# ---- the examples
out=$("$spate" run examples/sql/memory_sink.sql 2>"$work/memory.err")
check "example memory_sink: exit status" "0" "$?"
check "example memory_sink: rows" "+---+------+-----+
|id |name  |value|
+---+------+-----+
|1  |apple |1.5  |
|2  |banana|2.0  |
|3  |apple |3.5  |
|4  |cherry|4.0  |
|5  |banana|1.0  |
+---+------+-----+" "$out"

"$spate" run examples/sql/csv_directory_aggregation.sql >"$work/agg.out" 2>"$work/agg.err" &
pid=$!
wait_for "grep -qs 'apple|       5.0|' '$work/agg.out'" || fail "example csv_directory_aggregation: no totals"
kill -INT "$pid"
wait "$pid"
check "example csv_directory_aggregation: exit status" "130" "$?"
check "example csv_directory_aggregation: totals" "| apple|       5.0|
|banana|       3.0|
|cherry|       4.0|" "$(grep -E '^\| *[a-z]+\| *[0-9]' "$work/agg.out" | LC_ALL=C sort -u)"

# The socket example against a small server that sends two lines on 127.0.0.1.
if command -v python3 >/dev/null; then
  python3 - "$work/port" <<'PY' &
import socket, sys, time
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(1)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.getsockname()[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.settimeout(30)
conn, _ = server.accept()
conn.sendall(b"cat dog cat\nbird\n")
time.sleep(30)
PY
  server_pid=$!
  if wait_for "[ -s '$work/port' ]"; then
    sed -e "s/host 'localhost'/host '127.0.0.1'/" -e "s/port 9999/port $(cat "$work/port")/" \
      examples/sql/socket_word_count.sql > "$work/socket_word_count.sql"
    "$spate" run "$work/socket_word_count.sql" >"$work/words.out" 2>"$work/words.err" &
    pid=$!
    wait_for "grep -qs '| cat|    2|' '$work/words.out'" || fail "example socket_word_count: no counts"
    kill -INT "$pid"
    wait "$pid"
    check "example socket_word_count: exit status" "130" "$?"
    check "example socket_word_count: counts" "| cat|    2|
| dog|    1|
|bird|    1|" "$(grep -E '^\| *[a-z]+\| *[0-9]' "$work/words.out" | LC_ALL=C sort -u)"
  else
    fail "example socket_word_count: the test server did not start"
  fi
  kill "$server_pid" 2>/dev/null
  server_pid=""
else
  echo "SKIP example socket_word_count: python3 not found"
fi

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
