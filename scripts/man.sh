#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# imslab.1 from the binary's --help texts: `imslab --help`, then each
# command's `--help`.  Usage: man.sh IMSLAB OUT
set -euo pipefail
bin=$1 out=$2
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"; }
{
    echo '.TH IMSLAB 1 "" "imslab" "User Commands"'
    echo '.SH NAME'
    echo 'imslab \- interrupt delivery from Scalable-IOV devices to VMs: simulation and conformance'
    echo '.SH SYNOPSIS'
    echo '.nf'
    "$bin" --help | esc
    echo '.fi'
    for cmd in $("$bin" --help | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1}'); do
        echo ".SH \"imslab $cmd\""
        echo '.nf'
        "$bin" "$cmd" --help 2>&1 | esc || true
        echo '.fi'
    done
    echo '.SH VERSION'
    "$bin" --version | esc
} > "$out.tmp"
mv "$out.tmp" "$out"
