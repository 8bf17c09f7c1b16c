#!/usr/bin/env bash
# Agent memory benchmark: syncs N pods (default 50,000) from a fabric8 mock cluster through the sync-agent into SQS
# (moto or $AWS_ENDPOINT_URL), then caches the same pods with a plain fabric8 SharedIndexInformer, in one JVM, one
# after the other, and prints retained heap bytes per object for each. See docs/benchmarks.md.
set -euo pipefail
pods="${1:-50000}"
source "$(dirname "$0")/classpath.sh"
exec java -Xmx6g -XX:+UseG1GC -cp "$cp" io.cloudpedia.bench.AgentMemoryBench "$pods"
