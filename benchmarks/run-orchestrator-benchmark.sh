#!/usr/bin/env bash
# Runs OrchestratorBenchmark (one offer cycle of 1,000 offers for 100 brokers; 10,000 status updates),
# writes benchmarks/results/orchestrator.json. Needs JDK 17+ and Maven; works from any directory.
# Extra arguments go to JMH. About 1 minute on a 2-core machine.
set -euo pipefail

# shellcheck source=benchmark-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmark-jar.sh"
results="benchmarks/results/orchestrator.json"

mkdir -p "$(dirname "$results")"
java -jar "$jar" 'org\.kafkamesos\.benchmarks\.OrchestratorBenchmark\.' -rf json -rff "$results" "$@"
