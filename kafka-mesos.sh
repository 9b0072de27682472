#!/usr/bin/env bash
# The kafka-mesos command line. Builds the project first when its jar or its Kafka distribution is
# missing, or the jar is older than the sources, so that it works on a fresh clone with only a JDK 17
# and Maven.
#
#   ./kafka-mesos.sh quickstart                  3 brokers on a local Mesos cluster, until Ctrl-C
#   ./kafka-mesos.sh scheduler                   the scheduler and its HTTP API (port 7000)
#   ./kafka-mesos.sh broker list                 ask a running scheduler
#   ./kafka-mesos.sh capacity-plan --file examples/plans/three-racks.json
#   ./kafka-mesos.sh --help
#
# JAVA_OPTS is passed to the JVM.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

find_jar() {
  local candidate
  for candidate in "$root"/examples/target/kafka-mesos-examples-*.jar; do
    case "$candidate" in
      */original-*|*-sources.jar|*-javadoc.jar) ;;
      *) if [[ -f "$candidate" ]]; then echo "$candidate"; return 0; fi ;;
    esac
  done
  return 0
}

jar="$(find_jar)"
if [[ -z "$jar" ]] || [[ ! -d "$root/examples/target/kafka-dist/libs" ]] || [[ -n "$(find "$root" -path '*/src/main/*' -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  echo "kafka-mesos: building (mvn package, tests skipped)..." >&2
  (cd "$root" && mvn -q -DskipTests -pl examples -am package) >&2
  jar="$(find_jar)"
fi

# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
