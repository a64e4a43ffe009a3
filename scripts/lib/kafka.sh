# Apache Kafka from its Maven Central jars, on the machine's JDK: one-node
# KRaft clusters (broker + controller in one process) on 127.0.0.1.
# Sourced after common.sh (uses say, die, ROOT, ensure_packages).
#
#   ensure_kafka                       jars into the cache; exports KAFKA_LIBS
#   kafka_start <dir> <port> [controller port]
#                                      format (once) and start a broker whose
#                                      data, config, log and pid live in <dir>;
#                                      waits until it answers admin requests;
#                                      sets KAFKA_BOOTSTRAP and KAFKA_PID
#   kafka_stop <dir> [deadline s]      SIGTERM, SIGKILL after the deadline (30)
#   kafka_kill <dir>                   SIGKILL at once (a crash)
#   kafka_pause <dir>                  stop, keeping data and ports (= kafka_stop)
#   kafka_resume <dir>                 start again on the same data and ports
#   kafka_freeze <dir> / kafka_thaw <dir>
#                                      SIGSTOP / SIGCONT: the broker hangs with
#                                      its sockets open (a stall, not a stop)
#   kafka_wait_ready <bootstrap> [deadline s]
#   kafka_create_topics <bootstrap> <partitions> <topic>...
#                                      idempotent (--if-not-exists), replication 1
#   kafka_topics <bootstrap> <TopicCommand args>...
#   kafka_consume <bootstrap> <topic> <max messages> [timeout ms]
#                                      prints records from the beginning
#   kafka_tool <main class> <args>...  any Kafka tool class on the classpath
#
# Broker stop/start in a test (same data dir, same ports):
#   kafka_pause "$dir"; sleep 10; kafka_resume "$dir"
#
# Tunables: KAFKA_HEAP_OPTS (default -Xms256m -Xmx512m), TODO_CACHE.

KAFKA_VERSION=4.4.0

_kafka_cache() { echo "${TODO_CACHE:-$HOME/.cache/todo-platform}/kafka-$KAFKA_VERSION"; }

# Fast-starting JVM flags for the short-lived tools.
KAFKA_TOOL_JAVA_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Djava.awt.headless=true)

# Populates <cache>/kafka-$KAFKA_VERSION/libs with the runtime classpath listed
# by tools/kafka/pom.xml, once, atomically. Exports KAFKA_LIBS.
ensure_kafka() {
  command -v java >/dev/null || ensure_packages openjdk-17-jre-headless
  local cache libs
  cache="$(_kafka_cache)"
  libs="$cache/libs"
  if [ ! -f "$libs/kafka_2.13-$KAFKA_VERSION.jar" ] || [ ! -f "$libs/kafka-tools-$KAFKA_VERSION.jar" ]; then
    command -v mvn >/dev/null || ensure_packages maven
    local pom="$ROOT/tools/kafka/pom.xml"
    grep -q "<kafka.version>$KAFKA_VERSION</kafka.version>" "$pom" ||
      die "tools/kafka/pom.xml does not pin Kafka $KAFKA_VERSION"
    say "fetching Apache Kafka $KAFKA_VERSION jars from Maven Central into $libs"
    mkdir -p "$cache"
    local tmp
    tmp="$(mktemp -d "$cache/libs.tmp.XXXXXX")"
    chmod 755 "$tmp"
    if ! mvn -q -B -f "$pom" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$tmp" >"$tmp.log" 2>&1; then
      cat "$tmp.log" >&2; rm -rf "$tmp" "$tmp.log"; die "could not fetch the Kafka jars"
    fi
    rm -f "$tmp.log"
    # An incomplete libs/ is replaced; a complete one (another run won the
    # race) is kept and ours dropped.
    if [ -d "$libs" ] && [ ! -f "$libs/kafka-tools-$KAFKA_VERSION.jar" ]; then rm -rf "$libs"; fi
    mv -T "$tmp" "$libs" 2>/dev/null || rm -rf "$tmp"
  fi
  export KAFKA_LIBS="$libs"
}

# kafka_tool <main class> <args>... — runs a Kafka class in a short-lived JVM.
kafka_tool() {
  [ -n "${KAFKA_LIBS:-}" ] || ensure_kafka
  java "${KAFKA_TOOL_JAVA_OPTS[@]}" -cp "$KAFKA_LIBS/*" "$@"
}

kafka_topics() {
  local bootstrap="$1"; shift
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" "$@"
}

# kafka_wait_ready <bootstrap> [deadline seconds, default 60]
# Succeeds once the broker answers a metadata (list topics) request.
kafka_wait_ready() {
  local bootstrap="$1" deadline=$(( SECONDS + ${2:-60} ))
  local host="${bootstrap%:*}" port="${bootstrap##*:}"
  # First the cheap check (port accepts connections), then an admin request.
  until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
  local cfg
  cfg="$(mktemp)"
  printf 'request.timeout.ms=3000\ndefault.api.timeout.ms=5000\n' >"$cfg"
  until kafka_topics "$bootstrap" --command-config "$cfg" --list >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then rm -f "$cfg"; return 1; fi
    sleep 0.5
  done
  rm -f "$cfg"
}

_kafka_write_config() {
  local dir="$1" port="$2" cport="$3"
  cat >"$dir/server.properties" <<EOF
# One-node KRaft cluster: this process is broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
EOF
  cat >"$dir/log4j2.properties" <<EOF
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $dir/server.log
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
EOF
}

# kafka_start <dir> <port> [controller port]
# Starts (formatting <dir>/data on first use) a one-node KRaft cluster on
# 127.0.0.1:<port>; the controller listens on 127.0.0.1:<controller port>
# (default: a free port, remembered in <dir> for kafka_resume). Returns once
# the broker answers admin requests (deadline KAFKA_START_DEADLINE, 90 s).
# Sets KAFKA_BOOTSTRAP and KAFKA_PID; the pid is also in <dir>/kafka.pid.
kafka_start() {
  local dir="$1" port="$2" cport="${3:-}"
  ensure_kafka
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -f "$dir/kafka.pid" ] && kill -0 "$(cat "$dir/kafka.pid")" 2>/dev/null; then
    die "Kafka already running from $dir (pid $(cat "$dir/kafka.pid"))"
  fi
  if [ -z "$cport" ]; then
    if [ -f "$dir/controller.port" ]; then cport="$(cat "$dir/controller.port")"; else cport="$(free_port)"; fi
  fi
  echo "$port" >"$dir/broker.port"
  echo "$cport" >"$dir/controller.port"
  _kafka_write_config "$dir" "$port" "$cport"
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id="$(kafka_tool kafka.tools.StorageTool random-uuid)"
    kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
      >"$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; die "formatting Kafka storage failed"; }
  fi
  say "starting Kafka $KAFKA_VERSION on 127.0.0.1:$port (controller :$cport, dir $dir)"
  java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} \
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$dir/log4j2.properties" -Dkafka.logs.dir="$dir" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties" \
    >>"$dir/stdout.log" 2>&1 </dev/null &
  KAFKA_PID=$!
  echo "$KAFKA_PID" >"$dir/kafka.pid"
  KAFKA_BOOTSTRAP="127.0.0.1:$port"
  if ! kafka_wait_ready "$KAFKA_BOOTSTRAP" "${KAFKA_START_DEADLINE:-90}"; then
    tail -30 "$dir/server.log" "$dir/stdout.log" >&2 2>/dev/null || true
    kafka_stop "$dir" 5
    die "Kafka did not become ready on $KAFKA_BOOTSTRAP"
  fi
}

# kafka_stop <dir> [deadline seconds, default 30]
kafka_stop() {
  local dir="$1" deadline=$(( SECONDS + ${2:-30} )) pid
  [ -f "$dir/kafka.pid" ] || return 0
  pid="$(cat "$dir/kafka.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -CONT "$pid" 2>/dev/null || true   # in case it was frozen
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then
        say "Kafka (pid $pid) did not stop in time; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/kafka.pid"
}

# A crash: SIGKILL, no shutdown at all; the next start recovers the log.
kafka_kill() {
  local dir="$1" pid
  [ -f "$dir/kafka.pid" ] || return 0
  pid="$(cat "$dir/kafka.pid")"
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$dir/kafka.pid"
}

kafka_pause() { kafka_stop "$1" "${2:-30}"; }

kafka_resume() {
  local dir="$1"
  [ -f "$dir/broker.port" ] || die "no Kafka was started from $dir"
  kafka_start "$dir" "$(cat "$dir/broker.port")" "$(cat "$dir/controller.port")"
}

kafka_freeze() { kill -STOP "$(cat "$1/kafka.pid")"; }
kafka_thaw() { kill -CONT "$(cat "$1/kafka.pid")"; }

# kafka_create_topics <bootstrap> <partitions> <topic>...
kafka_create_topics() {
  local bootstrap="$1" partitions="$2" t; shift 2
  for t in "$@"; do
    kafka_topics "$bootstrap" --create --if-not-exists --topic "$t" \
      --partitions "$partitions" --replication-factor 1 >/dev/null ||
      die "could not create Kafka topic $t"
  done
}

# kafka_consume <bootstrap> <topic> <max messages> [timeout ms, default 10000]
# Prints up to <max> records (value, with key and headers) from the start of
# the topic, as a throwaway consumer group.
kafka_consume() {
  local bootstrap="$1" topic="$2" max="$3" timeout="${4:-10000}"
  kafka_tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" \
    --topic "$topic" --from-beginning --max-messages "$max" --timeout-ms "$timeout" \
    --formatter-property print.key=true --formatter-property print.headers=true 2>/dev/null || true
}
