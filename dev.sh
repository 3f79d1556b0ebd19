#!/usr/bin/env bash
# The two commands of the README, for a fresh Debian machine with Python 3.11:
#   ./dev.sh site   set up, then build the site from content/ into build/site/
#   ./dev.sh test   set up, then run the linter and the whole test suite
#   ./dev.sh check  set up, then build the site and audit it (sitegen check)
# Each installs what is missing (system packages with apt-get, Python packages
# into .venv/) and is safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

# WeasyPrint needs Pango; HarfBuzz's subsetter makes its PDFs 2-3 times faster.
SYSTEM_PACKAGES=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
# The tests read PDFs back (poppler-utils) and validate them with veraPDF (a JDK); `sitegen check`
# also runs axe-core in Chromium and the Nu HTML Checker (Java), both from npm.
TEST_PACKAGES=(poppler-utils chromium)
command -v javac >/dev/null || TEST_PACKAGES+=(default-jdk-headless)
command -v npm >/dev/null || TEST_PACKAGES+=(npm)
VENV=.venv

log() { printf '==> %s\n' "$*" >&2; }

setup_system() {
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  # python3-venv is only needed where the interpreter has no venv module of its own.
  if python3 -c "import venv, ensurepip" 2>/dev/null; then
    missing=("${missing[@]/python3-venv}")
  fi
  local wanted=()
  for pkg in "${missing[@]}"; do [ -n "$pkg" ] && wanted+=("$pkg"); done
  if [ ${#wanted[@]} -gt 0 ]; then
    log "installing system packages: ${wanted[*]}"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
  fi
}

setup_python() {
  local extras="$1"
  [ -x "$VENV/bin/python" ] || { log "creating $VENV"; python3 -m venv "$VENV"; }
  log "installing sitegen${extras}"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".${extras}" 2> >(grep -v "^WARNING: Location" >&2)
}

# The checkers of `sitegen check`: axe-core and vnu-jar as package-lock.json pins them (no install
# scripts: vnu-jar's would fetch a Java runtime), and the veraPDF validator of tools/verapdf/.
setup_checkers() {
  log "npm ci (axe-core, vnu-jar)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  log "veraPDF for sitegen check"
  PYTHON="$VENV/bin/python" tools/verapdf/setup.sh 2> >(grep -v "^WARNING: Location" >&2)
}

case "${1:-}" in
  site)
    setup_system
    setup_python ""
    "$VENV/bin/sitegen" build .
    ;;
  test)
    setup_system "${TEST_PACKAGES[@]}"
    setup_python "[test]"
    setup_checkers
    log "ruff"
    "$VENV/bin/ruff" check sitegen tests benchmarks
    log "pytest"
    "$VENV/bin/python" -m pytest "${@:2}"
    log "sitegen check (the sample content, every gate)"
    "$VENV/bin/sitegen" check .
    ;;
  check)
    setup_system "${TEST_PACKAGES[@]}"
    setup_python "[check]"
    setup_checkers
    "$VENV/bin/sitegen" check . "${@:2}"
    ;;
  *)
    echo "usage: ./dev.sh site | ./dev.sh test [pytest options] | ./dev.sh check [sitegen check options]" >&2
    exit 2
    ;;
esac
