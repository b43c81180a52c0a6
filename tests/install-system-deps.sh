#!/bin/sh
# Installs the Debian packages the test suite drives for real: Chromium (browser tests of the HTML
# graph), a headless Java runtime (HermiT reasoner via owlready2) and Graphviz (svg/png export).
# Idempotent: does nothing when everything is there. Needs root (CI runs as root) or sudo.
set -eu
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v java >/dev/null 2>&1 || need="$need default-jre-headless"
command -v dot >/dev/null 2>&1 || need="$need graphviz"
[ -z "$need" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "installing Debian packages:$need"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
