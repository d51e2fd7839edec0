#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs of this host as the JSON resource description Spark expects,
#   {"name": "gpu", "addresses": ["0", "1"]}
# Spark runs it on each worker or executor start (spark.worker.resource.gpu.discoveryScript,
# spark.executor.resource.gpu.discoveryScript). It lists the devices nvidia-smi reports; with CUDA_VISIBLE_DEVICES
# set it reports those instead, so that a host can give Spark only some of its GPUs.
set -euo pipefail

if [[ -n "${CUDA_VISIBLE_DEVICES:-}" ]]; then
  ids="${CUDA_VISIBLE_DEVICES//[[:space:]]/}"
else
  command -v nvidia-smi >/dev/null \
    || { echo "discover-gpus.sh: nvidia-smi not found; install the NVIDIA driver or set CUDA_VISIBLE_DEVICES" >&2
         exit 1; }
  ids="$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d '[:space:]' | paste -sd, -)"
fi
[[ -n "$ids" ]] || { echo "discover-gpus.sh: no GPU found on $(hostname)" >&2; exit 1; }
printf '{"name": "gpu", "addresses": ["%s"]}\n' "${ids//,/\", \"}"
