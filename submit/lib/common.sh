# Shared by the scripts in submit/: finds the repository, builds the application when it is missing or older
# than its sources, and starts the application's subcommands through Spark's own SparkSubmit.
# Not meant to be run by itself: scripts source it.

CL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CL_JAR="$CL_ROOT/target/collective-loss.jar"
CL_CLASSPATH_FILE="$CL_ROOT/target/classpath.txt"
CL_MAIN=org.collectiveloss.cli.Main

# Spark's own list of module openings for Java 17, needed by the driver JVM started here.
CL_JAVA17_OPTS=(-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource)

cl_die() {
  echo "error: $*" >&2
  exit 2
}

# Builds target/collective-loss.jar and target/classpath.txt if either is missing or older than pom.xml or any
# file under src/.
cl_ensure_built() {
  command -v java >/dev/null \
    || cl_die "java not found; install a JDK 17 (Debian: apt-get install -y openjdk-17-jdk-headless)."
  command -v mvn >/dev/null || cl_die "mvn not found; install Maven 3.8+ (Debian: apt-get install -y maven)."
  if [[ -f "$CL_JAR" && -f "$CL_CLASSPATH_FILE" ]] \
     && [[ -z "$(find "$CL_ROOT/src" "$CL_ROOT/pom.xml" -newer "$CL_JAR" -type f -print -quit)" ]]; then
    return 0
  fi
  echo "Building the application (mvn package, tests skipped)..." >&2
  (cd "$CL_ROOT" && mvn -B -q -DskipTests package ${CL_MAVEN_ARGS:-} >&2) \
    || cl_die "the build failed; see Maven's output above."
}

# cl_submit SUBCOMMAND [ARGS...]: runs a subcommand of the application through SparkSubmit. The master is
# $CL_MASTER (default local[*]); extra spark-submit options can be given in the array CL_SUBMIT_OPTS.
cl_submit() {
  cl_ensure_built
  local master="${CL_MASTER:-local[*]}"
  local commit
  commit="$(git -C "$CL_ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  if [[ -n "$(git -C "$CL_ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    commit="$commit-dirty"
  fi
  # Spark binds to this machine's loopback address unless told otherwise.
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  # ND4J's idle OpenMP threads sleep rather than spin: on cores shared by several workers, spinning slows training
  # many times over (README, Training). Executors get the same through spark.executorEnv.
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  cd "$CL_ROOT" || cl_die "cannot enter $CL_ROOT"
  CL_GIT_COMMIT="$commit" exec java "${CL_JAVA17_OPTS[@]}" -Xmx"${CL_DRIVER_MEMORY:-6g}" \
    -Dlog4j2.configurationFile="$CL_ROOT/conf/log4j2.properties" \
    -cp "$CL_JAR:$(cat "$CL_CLASSPATH_FILE")" \
    org.apache.spark.deploy.SparkSubmit \
    --master "$master" \
    --conf spark.ui.showConsoleProgress=false \
    --conf "spark.driver.extraJavaOptions=${CL_JAVA17_OPTS[*]}" \
    --conf "spark.executor.extraJavaOptions=${CL_JAVA17_OPTS[*]}" \
    --conf "spark.executorEnv.OMP_WAIT_POLICY=$OMP_WAIT_POLICY" \
    "${CL_SUBMIT_OPTS[@]+"${CL_SUBMIT_OPTS[@]}"}" \
    --class "$CL_MAIN" "$CL_JAR" "$@"
}

# cl_ensure_cluster_jar [cuda]: builds the cluster application jar (Spark, Scala and Hadoop left to the cluster;
# DL4J and ND4J inside) if it is missing or older than pom.xml or any file under src/, and prints its path:
# target/collective-loss-cluster.jar for ND4J's CPU backend, target/collective-loss-cluster-cuda.jar for CUDA.
cl_ensure_cluster_jar() {
  local variant="${1:-cpu}" profiles jar
  case "$variant" in
    cpu) profiles=cluster; jar="$CL_ROOT/target/collective-loss-cluster.jar" ;;
    cuda) profiles=cluster,cuda; jar="$CL_ROOT/target/collective-loss-cluster-cuda.jar" ;;
    *) cl_die "unknown cluster jar variant '$variant'; use cpu or cuda." ;;
  esac
  command -v mvn >/dev/null || cl_die "mvn not found; install Maven 3.8+ (Debian: apt-get install -y maven)."
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$CL_ROOT/src" "$CL_ROOT/pom.xml" -newer "$jar" -type f -print -quit)" ]]; then
    echo "Building the cluster jar (mvn -P$profiles package, tests skipped; about 1-2 minutes)..." >&2
    (cd "$CL_ROOT" && mvn -B -q -DskipTests -P"$profiles" package ${CL_MAVEN_ARGS:-} >&2) \
      || cl_die "the cluster jar build failed; see Maven's output above."
  fi
  echo "$jar"
}
