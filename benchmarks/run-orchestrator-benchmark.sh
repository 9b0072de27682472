#!/usr/bin/env bash
# Runs OrchestratorBenchmark (one offer cycle of 1,000 offers for 100 brokers; 10,000 status updates)
# and writes benchmarks/results/orchestrator.json. Extra arguments go to JMH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root" -path '*/src/main/*' -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  (cd "$root" && mvn -q -DskipTests -pl benchmarks -am package)
fi
mkdir -p "$here/results"
java -jar "$jar" 'org\.kafkamesos\.benchmarks\.OrchestratorBenchmark\.' -rf json -rff "$here/results/orchestrator.json" "$@"
