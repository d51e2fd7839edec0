# Shared by submit/cluster/*-submit: parses the options common to every cluster manager and assembles the
# spark-submit command that runs an experiment from the cluster application jar. Not meant to be run by itself.

source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

cluster_usage() {
  local target="$1"
  cat <<USAGE
Usage: submit/cluster/${target/kubernetes/k8s}-submit NAME [OPTIONS] [--set KEY=VALUE]...

Runs the experiment conf/experiments/NAME.conf on a Spark 3.5 cluster ($target) through that Spark's own
spark-submit, with the cluster application jar (Spark, Scala and Hadoop from the cluster; DL4J and ND4J inside),
built first when it is missing or older than the sources.

  --spark-home DIR        the Spark 3.5 (Scala 2.12) installation whose bin/spark-submit is used (default
                          \$SPARK_HOME); a folder with only jars/ works too (spark-submit is then started with java)
  --master URL            $(cluster_master_help "$target")
  --deploy-mode MODE      client (driver on this machine) or cluster (driver on the cluster);
                          default $(cluster_default_mode "$target")
  --num-executors N       executors (default 2); keep experiment.trainer.workers equal to N x executor cores
  --executor-cores N      cores per executor (default 1)
  --executor-memory SIZE  heap per executor (default 4g); ND4J's off-heap memory comes on top
  --driver-memory SIZE    heap of the driver (default 4g)
  --gpus N                GPUs per executor (default 0); N > 0 selects the CUDA jar and requests GPUs from the
                          cluster manager, one task per GPU
  --gpu-discovery PATH    GPU discovery script on the executors' machines (default: the one Spark ships,
                          \$SPARK_HOME/examples/src/main/scripts/getGpusResources.sh as seen there)
  --event-log DIR         write Spark's event log to DIR (a URI every node can reach, e.g. hdfs:///spark-logs)
  --properties-file FILE  Spark properties (default conf/spark/$target/spark-defaults.conf)
  --conf KEY=VALUE        one more Spark property (repeatable)
  --jar FILE              application jar (default target/collective-loss-cluster.jar, or -cuda.jar with --gpus)
  --config-dir DIR        where the driver reads NAME.conf (default: conf/experiments in client mode; in cluster
                          mode the file is shipped with the job where the cluster manager allows it, see README)
  --datasets FILE         data set registry as the driver sees it (default conf/datasets.conf; shipped with the
                          job on YARN, inside the image on Kubernetes)
  --results DIR           results folder as the driver sees it (default results/NAME); in cluster mode a folder
                          the driver's node can write that outlives the job (a shared mount)
  --set KEY=VALUE         overrides one experiment key (repeatable), as for submit/run-experiment
$(cluster_extra_help "$target")
  --dry-run               print the spark-submit command, one argument per line, instead of running it
  -h, --help              this help
USAGE
}

# cluster_submit TARGET ARGS...: TARGET is standalone, yarn or kubernetes.
cluster_submit() {
  local target="$1"
  shift
  local name="" master="" mode="" executors=2 cores=1 exec_mem=4g driver_mem=4g gpus=0 discovery="" event_log=""
  local props="" jar="" config_dir="" results="" dry_run=0 image="" namespace="default" queue="" datasets=""
  local -a confs=() sets=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h|--help) cluster_usage "$target"; exit 0 ;;
      --spark-home) SPARK_HOME="${2:?--spark-home needs a folder}"; shift 2 ;;
      --master) master="${2:?--master needs a URL}"; shift 2 ;;
      --deploy-mode) mode="${2:?--deploy-mode needs client or cluster}"; shift 2 ;;
      --num-executors) executors="${2:?--num-executors needs a number}"; shift 2 ;;
      --executor-cores) cores="${2:?--executor-cores needs a number}"; shift 2 ;;
      --executor-memory) exec_mem="${2:?--executor-memory needs a size}"; shift 2 ;;
      --driver-memory) driver_mem="${2:?--driver-memory needs a size}"; shift 2 ;;
      --gpus) gpus="${2:?--gpus needs a number}"; shift 2 ;;
      --gpu-discovery) discovery="${2:?--gpu-discovery needs a path}"; shift 2 ;;
      --event-log) event_log="${2:?--event-log needs a folder}"; shift 2 ;;
      --properties-file) props="${2:?--properties-file needs a file}"; shift 2 ;;
      --conf) confs+=("${2:?--conf needs KEY=VALUE}"); shift 2 ;;
      --jar) jar="${2:?--jar needs a file}"; shift 2 ;;
      --config-dir) config_dir="${2:?--config-dir needs a folder}"; shift 2 ;;
      --datasets) datasets="${2:?--datasets needs the data set registry file}"; shift 2 ;;
      --results) results="${2:?--results needs a folder}"; shift 2 ;;
      --set) sets+=(--set "${2:?--set needs KEY=VALUE}"); shift 2 ;;
      --image) image="${2:?--image needs a container image}"; shift 2 ;;
      --namespace) namespace="${2:?--namespace needs a name}"; shift 2 ;;
      --queue) queue="${2:?--queue needs a YARN queue}"; shift 2 ;;
      --dry-run) dry_run=1; shift ;;
      -*) cluster_usage "$target" >&2; cl_die "unknown option '$1'" ;;
      *) [[ -z "$name" ]] || cl_die "one experiment name only; got '$name' and '$1'"; name="$1"; shift ;;
    esac
  done
  [[ -n "$name" ]] || { cluster_usage "$target" >&2; cl_die "name the experiment, e.g. quickstart"; }
  local v
  for v in executors cores gpus; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || cl_die "--${v/executors/num-executors} must be a whole number, not '${!v}'."
  done
  [[ "$executors" -ge 1 && "$cores" -ge 1 ]] || cl_die "--num-executors and --executor-cores must be at least 1."
  [[ -z "$image" || "$target" == kubernetes ]] || cl_die "--image is for Kubernetes only."
  [[ -z "$queue" || "$target" == yarn ]] || cl_die "--queue is for YARN only."
  mode="${mode:-$(cluster_default_mode "$target")}"
  [[ "$mode" == client || "$mode" == cluster ]] || cl_die "--deploy-mode must be client or cluster, not '$mode'."

  case "$target" in
    standalone)
      [[ "$master" == spark://* ]] \
        || cl_die "--master must be the standalone master, e.g. spark://host:7077 (got '${master:-nothing}')." ;;
    yarn)
      master="${master:-yarn}"
      [[ "$master" == yarn ]] \
        || cl_die "--master must be yarn for YARN (got '$master'); YARN is found through HADOOP_CONF_DIR." ;;
    kubernetes)
      [[ "$master" == k8s://* ]] || cl_die "--master must be the Kubernetes API server," \
        "e.g. k8s://https://host:6443 (got '${master:-nothing}')."
      [[ -n "$image" ]] || cl_die "--image is needed on Kubernetes: an image with Spark 3.5, Java 17 and the" \
        "cluster jar (see submit/cluster/k8s/Dockerfile)." ;;
  esac

  [[ -f "$CL_ROOT/conf/experiments/$name.conf" || -n "$config_dir" ]] \
    || cl_die "no experiment config conf/experiments/$name.conf; the configs there are:" \
      "$(cd "$CL_ROOT/conf/experiments" && ls *.conf | sed 's/\.conf$//' | tr '\n' ' ')"
  props="${props:-$CL_ROOT/conf/spark/$target/spark-defaults.conf}"
  [[ -f "$props" ]] || cl_die "--properties-file $props does not exist."

  local variant=cpu
  [[ "$gpus" -gt 0 ]] && variant=cuda
  if [[ -z "$jar" ]]; then
    if [[ $dry_run -eq 1 ]]; then
      jar="$CL_ROOT/target/collective-loss-cluster.jar"
      [[ $variant == cpu ]] || jar="$CL_ROOT/target/collective-loss-cluster-cuda.jar"
    else
      jar="$(cl_ensure_cluster_jar "$variant")"
    fi
  fi
  # Kubernetes reads the jar inside the image (local://) unless another scheme is given.
  if [[ "$target" == kubernetes && "$jar" != *://* ]]; then
    jar="local:///opt/collective-loss/$(basename "$jar")"
  fi

  local commit
  commit="$(git -C "$CL_ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  if [[ -n "$(git -C "$CL_ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    commit="$commit-dirty"
  fi

  local -a submit=() opts=() app=()
  opts+=(--master "$master" --deploy-mode "$mode" --properties-file "$props")
  opts+=(--conf "spark.app.name=collective-loss $name")
  opts+=(--conf "spark.executor.cores=$cores" --conf "spark.executor.memory=$exec_mem")
  opts+=(--conf "spark.driver.memory=$driver_mem")
  if [[ "$target" == standalone ]]; then
    # A standalone master knows no executor count: it hands out cores up to spark.cores.max.
    opts+=(--conf "spark.cores.max=$((executors * cores))")
  else
    opts+=(--conf "spark.executor.instances=$executors")
  fi
  opts+=(--conf "spark.driver.extraJavaOptions=${CL_JAVA17_OPTS[*]}${CL_DRIVER_JAVA_OPTS:+ $CL_DRIVER_JAVA_OPTS}")
  opts+=(--conf "spark.executor.extraJavaOptions=${CL_JAVA17_OPTS[*]}${CL_EXECUTOR_JAVA_OPTS:+ $CL_EXECUTOR_JAVA_OPTS}")
  # Idle OpenMP threads of ND4J sleep instead of spinning (README, Training); a --conf given later overrides it.
  opts+=(--conf "spark.executorEnv.OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}")
  if [[ "$gpus" -gt 0 ]]; then
    # One task per GPU: each DL4J worker owns a whole device.
    local task_gpus
    task_gpus="$(awk -v g="$gpus" -v c="$cores" 'BEGIN { x = g / c; if (x > 1) x = int(x); printf "%g", x }')"
    discovery="${discovery:-$(cluster_default_discovery "$target")}"
    opts+=(--conf "spark.executor.resource.gpu.amount=$gpus" --conf "spark.task.resource.gpu.amount=$task_gpus")
    opts+=(--conf "spark.executor.resource.gpu.discoveryScript=$discovery")
    [[ "$target" == kubernetes ]] && opts+=(--conf "spark.executor.resource.gpu.vendor=nvidia.com")
  fi
  if [[ -n "$event_log" ]]; then
    opts+=(--conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=$event_log")
  fi
  case "$target" in
    yarn)
      [[ -n "$queue" ]] && opts+=(--queue "$queue")
      opts+=(--conf "spark.yarn.appMasterEnv.CL_GIT_COMMIT=$commit")
      if [[ "$mode" == cluster ]]; then
        # YARN puts --files into the driver container's working folder.
        local -a ship=()
        if [[ -z "$config_dir" ]]; then
          ship+=("$CL_ROOT/conf/experiments/$name.conf")
          config_dir=.
        fi
        if [[ -z "$datasets" ]]; then
          ship+=("$CL_ROOT/conf/datasets.conf")
          datasets=datasets.conf
        fi
        [[ ${#ship[@]} -eq 0 ]] || opts+=(--files "$(IFS=,; echo "${ship[*]}")")
        opts+=(--conf "spark.yarn.appMasterEnv.CL_DATASETS_CONF=$datasets")
      fi ;;
    kubernetes)
      opts+=(--conf "spark.kubernetes.container.image=$image" --conf "spark.kubernetes.namespace=$namespace")
      opts+=(--conf "spark.kubernetes.driverEnv.CL_GIT_COMMIT=$commit")
      # The image carries the experiment configs and the registry next to the jar (submit/cluster/k8s/Dockerfile).
      if [[ "$mode" == cluster ]]; then
        config_dir="${config_dir:-/opt/collective-loss/conf/experiments}"
        datasets="${datasets:-/opt/collective-loss/conf/datasets.conf}"
        opts+=(--conf "spark.kubernetes.driverEnv.CL_DATASETS_CONF=$datasets")
      fi ;;
    standalone)
      if [[ "$mode" == cluster ]]; then
        # The driver runs on a worker: these paths must exist there (a shared mount or the same checkout).
        opts+=(--conf "spark.driverEnv.CL_GIT_COMMIT=$commit")
        opts+=(--conf "spark.driverEnv.CL_DATASETS_CONF=${datasets:-$CL_ROOT/conf/datasets.conf}")
        config_dir="${config_dir:-$CL_ROOT/conf/experiments}"
      fi ;;
  esac
  local c
  for c in "${confs[@]}"; do
    [[ "$c" == *=* ]] || cl_die "--conf '$c' is not KEY=VALUE."
    opts+=(--conf "$c")
  done
  if [[ "$mode" == client ]]; then
    config_dir="${config_dir:-$CL_ROOT/conf/experiments}"
    results="${results:-$CL_ROOT/results/$name}"
    [[ "$results" == /* ]] || results="$(realpath -m "$results")"
  elif [[ -z "$results" ]]; then
    cl_die "in cluster deploy mode give --results: a folder the driver's node can write and that outlives the job."
  fi
  app=(run-experiment "$name" --config-dir "$config_dir" --results "$results" "${sets[@]}")

  SPARK_HOME="${SPARK_HOME:-}"
  if [[ -z "$SPARK_HOME" ]]; then
    [[ $dry_run -eq 1 ]] \
      || cl_die "no Spark installation: give --spark-home DIR or set SPARK_HOME (Spark 3.5, Scala 2.12)."
    submit=(spark-submit)
  elif [[ -x "$SPARK_HOME/bin/spark-submit" ]]; then
    submit=("$SPARK_HOME/bin/spark-submit")
  elif [[ -d "$SPARK_HOME/jars" ]]; then
    # A folder of Spark's jars without Spark's scripts (e.g. one made from Maven's jars): start SparkSubmit
    # directly; this JVM is the driver in client mode and needs Spark's Java 17 options itself.
    submit=(java "${CL_JAVA17_OPTS[@]}" -Xmx"$driver_mem" -Dlog4j2.configurationFile="$CL_ROOT/conf/log4j2.properties"
      -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit)
  else
    cl_die "SPARK_HOME=$SPARK_HOME has neither bin/spark-submit nor jars/."
  fi

  local -a command=("${submit[@]}" "${opts[@]}" --class "$CL_MAIN" "$jar" "${app[@]}")
  if [[ $dry_run -eq 1 ]]; then
    printf '%s\n' "${command[@]}"
    return 0
  fi
  echo "Submitting $name to $master ($target, $mode mode) with $jar" >&2
  # A master on this machine's loopback address (submit/local-cluster): the driver must bind there too.
  if [[ "$master" == spark://127.0.0.1:* || "$master" == spark://localhost:* ]]; then
    export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  fi
  if [[ "$mode" == client && -n "$datasets" ]]; then
    export CL_DATASETS_CONF="$datasets"
  fi
  cd "$CL_ROOT" || cl_die "cannot enter $CL_ROOT"
  CL_GIT_COMMIT="$commit" SPARK_HOME="$SPARK_HOME" exec "${command[@]}"
}

cluster_default_mode() {
  [[ "$1" == kubernetes ]] && echo cluster || echo client
}

cluster_master_help() {
  case "$1" in
    standalone) echo "the standalone master, spark://HOST:7077 (required)" ;;
    yarn) echo "yarn (the default); the ResourceManager is found through HADOOP_CONF_DIR" ;;
    kubernetes) echo "the API server, k8s://https://HOST:PORT (required)" ;;
  esac
}

cluster_extra_help() {
  case "$1" in
    yarn) echo "  --queue NAME            YARN queue" ;;
    kubernetes) printf '%s\n%s' "  --image IMAGE           container image with Spark, Java 17 and the jar (required)" \
      "  --namespace NAME        Kubernetes namespace (default default)" ;;
  esac
}

# Where Spark's sample GPU discovery script lives on the executors' machines.
cluster_default_discovery() {
  case "$1" in
    kubernetes) echo /opt/spark/examples/src/main/scripts/getGpusResources.sh ;;
    *) echo "${SPARK_HOME:-/opt/spark}/examples/src/main/scripts/getGpusResources.sh" ;;
  esac
}
