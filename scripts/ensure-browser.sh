#!/usr/bin/env bash
# The browser tests' Chromium (Debian's package, driven by playwright-core) and the CJK fonts the
# console's Chinese screens and screenshots need; installed when missing (root and apt-get).
set -euo pipefail
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "[browser] ${missing[*]} missing: run 'sudo apt-get install ${missing[*]}' or set CHROMIUM_PATH" >&2
  exit 1
fi
echo "[browser] installing ${missing[*]} from Debian (a few minutes the first time)"
mkdir -p .local/logs
DEBIAN_FRONTEND=noninteractive apt-get update -qq >.local/logs/apt-browser.log 2>&1 || true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >>.local/logs/apt-browser.log 2>&1 ||
  { echo "[browser] apt-get install ${missing[*]} failed (log: .local/logs/apt-browser.log)" >&2; exit 1; }
