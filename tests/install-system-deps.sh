#!/bin/sh
# Installs the Debian packages the test suite drives for real: Chromium (browser tests of the HTML
# graph), a headless Java runtime (HermiT reasoner via owlready2), Graphviz (svg/png export),
# Virtuoso Open Source (`srbgraph push` into a real Virtuoso; the tests start their own virtuoso-t)
# and LibreOffice Calc (the review workbook opened as a reviewer opens it: a formula-like label
# must stay text).
# Idempotent: does nothing when everything is there. Needs root (CI runs as root) or sudo.
set -eu
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v java >/dev/null 2>&1 || need="$need default-jre-headless"
command -v dot >/dev/null 2>&1 || need="$need graphviz"
command -v virtuoso-t >/dev/null 2>&1 || need="$need virtuoso-opensource"
command -v soffice >/dev/null 2>&1 || need="$need libreoffice-calc"
[ -z "$need" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "installing Debian packages:$need"
export DEBIAN_FRONTEND=noninteractive
case "$need" in *virtuoso-opensource*)
    # Virtuoso's package asks debconf for a DBA password and its postinst starts the system service.
    # The tests run their own server, so: no password question (empty answer = the package leaves
    # the default instance alone) and no service start (policy-rc.d 101 while installing; a
    # policy-rc.d that is already there, as in Docker images, stays as it is).
    printf '%s\n' \
        'virtuoso-opensource-7 virtuoso-opensource-7/dba-password password ' \
        'virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password ' \
        | $SUDO debconf-set-selections
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
        $SUDO chmod 755 /usr/sbin/policy-rc.d
        trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    ;;
esac
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
