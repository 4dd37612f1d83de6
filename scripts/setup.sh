#!/usr/bin/env bash
# Create .venv (if missing) and install gliner2-kit with the given extras.
# Usage: scripts/setup.sh EXTRAS    e.g. scripts/setup.sh demo  or  scripts/setup.sh "test,demo"
#
# torch is pinned to the CPU build 2.13.0 first, so no extra pulls a multi-GB CUDA
# build. On a machine without a local CPU wheel, set
#   PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu
# to get the CPU wheel from PyTorch's index.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-demo}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet "torch==2.13.0"
python -m pip install --quiet -e ".[${extras}]"
