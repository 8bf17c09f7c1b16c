#!/usr/bin/env bash
# Page-build benchmark: time to build a 500-pod list page from stored objects, Cloudpedia's builder next to a naive
# parse-then-serialize, in one JVM, interleaved. Prints figures, asserts nothing. See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-2000}"
# Installs the modules' jars into the local Maven repository so the classpath below can name them.
mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp -pl tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="tests/target/test-classes:tests/target/classes:$(cat tests/target/bench.classpath)"
exec java -Xmx2g -XX:+UseG1GC -cp "$cp" io.cloudpedia.bench.PageBuildBench "$rounds"
