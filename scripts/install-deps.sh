#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install-deps.sh - install the Debian packages imslab builds with.
# Idempotent: asks dpkg what is missing and runs apt-get only for that.
# IMSLAB_FUZZ=1 adds what `make fuzz` needs (clang, libclang-rt-14-dev).
# IMSLAB_BROWSER=1 adds chromium, for the HTML report's browser test
# (e2e.html_report; it skips without it).
# IMSLAB_WAVES=1 adds gtkwave and xvfb, for e2e.waveforms' check that
# GTKWave loads a scenario's .gtkw (that check is skipped without them).
set -euo pipefail

pkgs=(cmake make pkg-config gcc g++ libcmocka-dev libcyaml-dev libyaml-dev
      libjansson-dev libxml2-dev libsystemc-dev verilator lcov gcovr
      python3 python3-jsonschema valgrind libxml2-utils)
# libxml2-utils: xmllint, which validates junit.xml (e2e.junit_schema)
# `make fuzz`: clang and its libFuzzer/sanitizer runtime, only when asked
if [ "${IMSLAB_FUZZ:-0}" = 1 ]; then
    pkgs+=(clang libclang-rt-14-dev)
fi
if [ "${IMSLAB_BROWSER:-0}" = 1 ]; then
    pkgs+=(chromium)
fi
if [ "${IMSLAB_WAVES:-0}" = 1 ]; then
    pkgs+=(gtkwave xvfb xauth)
fi

missing=()
for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
