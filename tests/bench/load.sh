#!/usr/bin/env bash
# Load test: `cloudpedia local` over 3 mock clusters x N pods (default 2,000), under concurrent kubectl-like traffic
# (chunked lists, label selectors, namespace lists, search labels, gets) from a second process for a bounded time,
# while the pipeline ingests churn. Prints p50/p90/p99/max per request kind; exits 1 on any failed request.
# Usage: tests/bench/load.sh [pods] [seconds] [concurrency] [churnPerSecond] [cloudpedia local options...]
# See docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec java -Xmx2g -cp "$cp" io.cloudpedia.bench.LoadBench "$@"
