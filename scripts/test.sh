#!/usr/bin/env bash
# Set up, then run the whole test suite (parity against gliner2 2.1.0 included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "test,demo,train,compare,onnx,ray,mcp"
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
python -m pytest -q "$@"
