# Sourced by the run-*-benchmark.sh scripts: sets $root and $jar, enters $root, and builds
# benchmarks/target/benchmarks.jar when it is missing or older than any source of the project (or when
# the Kafka distribution the executor benchmark needs is missing).
benchmarks_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$benchmarks_dir")"
jar="$benchmarks_dir/target/benchmarks.jar"
cd "$root"
if [[ ! -f "$jar" ]] || [[ ! -d executor/target/kafka-dist/libs ]] \
    || [[ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -print -quit)" ]]; then
    echo "Building $jar ..." >&2
    mvn -q -pl benchmarks -am package -DskipTests
fi
