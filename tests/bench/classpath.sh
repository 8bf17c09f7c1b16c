# Sourced by the benchmark scripts: installs the modules' jars (and cli/target/cloudpedia.jar) and sets $cp to the
# tests module's test classpath, for `java -cp "$cp" io.cloudpedia.bench.<Bench>`.
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp -pl tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="tests/target/test-classes:tests/target/classes:$(cat tests/target/bench.classpath)"
