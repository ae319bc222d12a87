# Sourced by scripts/run and scripts/test: make sure uv and the locked dependencies exist.
# Works on a fresh Linux machine that has only Python 3.11 and the package registries.
set -euo pipefail

STEADY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$STEADY_ROOT"

ensure_uv() {
  if command -v uv >/dev/null 2>&1; then return; fi
  local tools="$STEADY_ROOT/var/tools"
  if [ -x "$tools/bin/uv" ]; then export PATH="$tools/bin:$PATH"; return; fi
  echo "Installing uv (the Python package manager Steady uses)…" >&2
  if python3 -m pip install --quiet --user uv 2>/dev/null; then
    export PATH="$(python3 -m site --user-base)/bin:$PATH"
  else
    # Debian-style "externally managed" Python: use a private virtualenv for the tool.
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet uv
    export PATH="$tools/bin:$PATH"
  fi
}

ensure_dependencies() {
  ensure_uv
  uv sync --frozen --quiet
}

ensure_browser() {
  # Browser tests drive Debian's Chromium when present; elsewhere Playwright's own build.
  if [ -n "${STEADY_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ]; then
    return
  fi
  if [ "${CI:-}" = "true" ]; then
    echo "CI needs Debian's chromium (apt-get install -y chromium)." >&2
    exit 1
  fi
  echo "No system Chromium found: installing Playwright's Chromium…" >&2
  uv run playwright install chromium
  STEADY_CHROMIUM="$(uv run python -c 'from playwright.sync_api import sync_playwright as s; p=s().start(); print(p.chromium.executable_path); p.stop()')"
  export STEADY_CHROMIUM
}
