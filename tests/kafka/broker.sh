#!/usr/bin/env bash
# A real Apache Kafka broker for the tests: a single KRaft node (broker and controller)
# listening on 127.0.0.1 only.
#
#   tests/kafka/broker.sh fetch        download the broker's jars from Maven Central once
#                                      (into $SPATE_KAFKA_HOME, default ~/.cache/spate/kafka-<version>)
#   tests/kafka/broker.sh start DIR    start a broker with its data, logs and pid in DIR; prints
#                                      its bootstrap address (127.0.0.1:port) once it answers
#   tests/kafka/broker.sh stop DIR     stop it (SIGTERM, then SIGKILL after 20 s)
#   tests/kafka/broker.sh start DIR    again after a stop: the same broker (data, ports) comes back
#   tests/kafka/broker.sh start DIR PID  the same, and the broker stops when process PID ends (a
#                                      test run killed by a timeout leaves no broker behind)
set -euo pipefail

KAFKA_VERSION=3.9.1
KAFKA_HOME=${SPATE_KAFKA_HOME:-$HOME/.cache/spate/kafka-$KAFKA_VERSION}

fetch() {
  [ -f "$KAFKA_HOME/lib/.complete" ] && return 0
  command -v mvn >/dev/null || { echo "broker.sh: Maven (mvn) is needed to fetch the Kafka broker" >&2; exit 1; }
  local work
  work=$(mktemp -d)
  cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>spate.tests</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
  mkdir -p "$KAFKA_HOME/lib"
  mvn -q -B -f "$work/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$KAFKA_HOME/lib" >&2
  rm -rf "$work"
  touch "$KAFKA_HOME/lib/.complete"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local dir=$1
  OWNER=${2:-}
  fetch
  if [ -f "$dir/server.properties" ]; then
    launch "$dir" "$(sed -n 's/^advertised.listeners=PLAINTEXT:\/\///p' "$dir/server.properties")"
    return
  fi
  mkdir -p "$dir/data"
  local port cport
  port=$(free_port)
  cport=$(free_port)
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  cat > "$dir/log4j.properties" <<'LOG'
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${kafka.logs.dir}/broker.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
LOG
  java "${JAVA_OPTS_FOR[@]/DIR/$dir}" -cp "$KAFKA_HOME/lib/*" kafka.tools.StorageTool format \
      -t "$(python3 -c 'import base64, uuid; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')" \
      -c "$dir/server.properties" > "$dir/format.log" 2>&1
  launch "$dir" "127.0.0.1:$port"
}

JAVA_OPTS_FOR=(-Xms256m -Xmx512m -Dkafka.logs.dir=DIR -Dlog4j.configuration=file:DIR/log4j.properties)

# Runs the broker of DIR and waits until it answers at address.
launch() {
  local dir=$1 address=$2
  nohup java "${JAVA_OPTS_FOR[@]/DIR/$dir}" -cp "$KAFKA_HOME/lib/*" kafka.Kafka "$dir/server.properties" \
      > "$dir/stdout.log" 2>&1 &
  echo $! > "$dir/pid"
  echo "$address" > "$dir/bootstrap"
  # Ready when it answers a metadata request (60 s at most).
  for _ in $(seq 1 120); do
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      echo "broker.sh: the broker exited; see $dir/stdout.log and $dir/broker.log" >&2
      tail -20 "$dir/stdout.log" >&2
      exit 1
    fi
    if python3 - "$address" <<'PY' 2>/dev/null; then
import sys
from confluent_kafka.admin import AdminClient
AdminClient({"bootstrap.servers": sys.argv[1]}).list_topics(timeout=1)
PY
      if [ -n "${OWNER:-}" ]; then
        nohup bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 2; done
                       kill "$2" 2>/dev/null' _ "$OWNER" "$(cat "$dir/pid")" > /dev/null 2>&1 &
      fi
      cat "$dir/bootstrap"
      return 0
    fi
    sleep 0.5
  done
  echo "broker.sh: the broker did not answer within 60 s" >&2
  stop "$dir"
  exit 1
}

stop() {
  local dir=$1
  [ -f "$dir/pid" ] || return 0
  local pid
  pid=$(cat "$dir/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$dir/pid"; return 0; }
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start "${2:?start needs a directory}" "${3:-}" ;;
  stop) stop "${2:?stop needs a directory}" ;;
  *) echo "usage: $0 fetch | start DIR | stop DIR" >&2; exit 2 ;;
esac
