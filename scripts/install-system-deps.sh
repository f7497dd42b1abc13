#!/usr/bin/env bash
# Install the Debian packages the tests and the demo need, if any is missing (idempotent, quick when all are
# there: one dpkg-query, no apt-get update).
#
#   PostgreSQL server   throwaway test servers (tests/support/pgserver.py)
#   ffmpeg, GStreamer   test clips and the loopback RTSP camera server (tests/support/rtsp_server*.py)
#   Xvfb                a virtual screen for the demo's windows when there is no $DISPLAY
#   libs and fonts      what PySide6's offscreen and xcb platform plugins load (found with ldd on the wheels)
#
# As root with apt-get: installs what is missing. Otherwise: lists what is missing and carries on (tests that
# need it skip on a developer machine, and fail in CI).
# Set BSM_SKIP_SYSTEM_DEPS=1 to skip this step.
set -euo pipefail

PACKAGES=(
    # databases
    postgresql
    # video: test clips, RTSP test server (run by Debian's python3 with gi)
    ffmpeg
    python3-gi
    gir1.2-gstreamer-1.0
    gir1.2-gst-plugins-base-1.0
    gir1.2-gst-rtsp-server-1.0
    gstreamer1.0-plugins-base
    gstreamer1.0-plugins-good
    gstreamer1.0-plugins-bad
    gstreamer1.0-plugins-ugly
    gstreamer1.0-libav
    gstreamer1.0-tools
    # a screen for the demo
    xvfb
    xauth
    # PySide6 (Qt 6) offscreen + xcb platform plugins
    libegl1
    libgl1
    libglib2.0-0
    libfontconfig1
    libfreetype6
    libdbus-1-3
    libxkbcommon0
    libxkbcommon-x11-0
    libx11-6
    libx11-xcb1
    libxcb1
    libxcb-cursor0
    libxcb-icccm4
    libxcb-image0
    libxcb-keysyms1
    libxcb-randr0
    libxcb-render0
    libxcb-render-util0
    libxcb-shape0
    libxcb-shm0
    libxcb-sync1
    libxcb-util1
    libxcb-xfixes0
    libxcb-xkb1
    fonts-dejavu-core
)

say() { printf '[system-deps] %s\n' "$*"; }

if [[ "${BSM_SKIP_SYSTEM_DEPS:-}" == 1 ]]; then
    say "skipped (BSM_SKIP_SYSTEM_DEPS=1)"
    exit 0
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
    say "not a Debian system: install the equivalents of these packages yourself: ${PACKAGES[*]}"
    exit 0
fi

missing_packages() {
    local installed
    installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null \
        | awk '$2 == "installed" {print $1}' || true)"
    local pkg
    for pkg in "${PACKAGES[@]}"; do
        grep -qxF "$pkg" <<<"$installed" || printf '%s\n' "$pkg"
    done
}

mapfile -t MISSING < <(missing_packages)
if [[ ${#MISSING[@]} -eq 0 ]]; then
    say "all ${#PACKAGES[@]} Debian packages present"
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    say "WARNING: missing Debian packages (not root or no apt-get, so not installing them):"
    say "    apt-get install ${MISSING[*]}"
    say "tests that need them are skipped (and fail when CI is set)"
    exit 0
fi

say "installing ${#MISSING[@]} missing Debian packages: ${MISSING[*]}"
export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-q -y -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)

# Keep package scripts from starting services (e.g. the postgresql "main" cluster): the tests start their own.
POLICY=/usr/sbin/policy-rc.d
if [[ ! -e "$POLICY" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$POLICY"
    chmod 755 "$POLICY"
    trap 'rm -f "$POLICY"' EXIT
fi

start=$SECONDS
apt-get "${APT_OPTS[@]}" update >/dev/null
apt-get "${APT_OPTS[@]}" install --no-install-recommends "${MISSING[@]}" >/tmp/bsm-apt-install.log 2>&1 || {
    tail -n 40 /tmp/bsm-apt-install.log >&2
    say "ERROR: apt-get install failed (full log: /tmp/bsm-apt-install.log)"
    exit 1
}
mapfile -t STILL < <(missing_packages)
if [[ ${#STILL[@]} -ne 0 ]]; then
    say "ERROR: still missing after apt-get install: ${STILL[*]}"
    exit 1
fi
say "installed in $((SECONDS - start)) s"
