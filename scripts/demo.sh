#!/usr/bin/env bash
# The main job: set up, then run the RAG extraction demo on the bundled model (offline).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
python examples/rag_demo.py "$@"
