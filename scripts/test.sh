#!/usr/bin/env bash
# Set up, then run the whole test suite (parity against gliner2 2.1.0 included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "test,demo,train,compare,onnx,ray,mcp"
# The viewer's browser tests drive Debian's chromium with Playwright (no browser download).
if ! command -v chromium >/dev/null 2>&1 && [ -z "${GLINER2_KIT_CHROMIUM:-}" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
fi
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
python -m pytest -q "$@"
