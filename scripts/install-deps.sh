#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install-deps.sh - install the Debian packages imslab builds with.
# Idempotent: asks dpkg what is missing and runs apt-get only for that.
set -euo pipefail

pkgs=(cmake make pkg-config gcc g++ libcmocka-dev libcyaml-dev libyaml-dev
      libjansson-dev libxml2-dev libsystemc-dev verilator lcov gcovr
      python3 python3-jsonschema valgrind)

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
