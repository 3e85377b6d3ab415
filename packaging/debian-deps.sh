#!/usr/bin/env bash
# Make sure the Debian/Ubuntu packages painease needs are installed.
#
#   packaging/debian-deps.sh run    what `make run` needs: PortAudio and the Qt runtime
#                                   libraries for a real window (plus python3-venv if
#                                   a virtualenv still has to be created and cannot be)
#   packaging/debian-deps.sh test   the above plus the test rig: JACK, ALSA's jack plugin,
#                                   alsa-utils, pdftotext, Xvfb
#
# Everything installed  -> prints nothing, exits 0 (no apt-get update; one dpkg-query).
# Missing, and root     -> apt-get update + apt-get install, non-interactively.
# Missing, not root     -> prints the exact `sudo apt-get install -y ...` line on stdout
#                          and exits 1, so make stops before anything else happens.
# No dpkg (not Debian)  -> prints a note naming the libraries and exits 0.
# PAINEASE_SKIP_DEBIAN_DEPS=1 skips the whole check (you manage packages yourself).
#
# Environment used: PYTHON (interpreter make will use, default python3) and VENV (the
# virtualenv directory, default .venv), both passed by the Makefile.
set -euo pipefail

RUN_PACKAGES=(
    libportaudio2          # sounddevice ships no PortAudio on Linux
    libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
    libglib2.0-0
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
    libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1
)
TEST_PACKAGES=(
    jackd2                 # real-time audio rig: JACK with the dummy driver
    libasound2-plugins     # ALSA's `type jack` pcm
    alsa-utils
    poppler-utils          # pdftotext, to read generated reports back
    xvfb xauth             # a real X server for window tests
)

usage() {
    echo "usage: $0 run|test" >&2
    exit 2
}

[[ $# -eq 1 ]] || usage
case "$1" in
    run) wanted=("${RUN_PACKAGES[@]}") ;;
    test) wanted=("${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
    *) usage ;;
esac

if [[ "${PAINEASE_SKIP_DEBIAN_DEPS:-}" == 1 ]]; then
    exit 0
fi

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "note: no dpkg here, so painease cannot check system packages for you." >&2
    echo "      Install your distribution's equivalents of: ${wanted[*]}" >&2
    echo "      (PortAudio and the Qt xcb/EGL runtime libraries matter most)." >&2
    exit 0
fi

# python3-venv: only needed while the virtualenv still has to be created. Debian's own
# python3 cannot run `python3 -m venv` without it (ensurepip lives in that package).
if [[ ! -x "$VENV/bin/python" ]]; then
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        [[ "$PYTHON" == python3 ]] && wanted+=(python3 python3-venv)
    elif ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        interpreter="$(readlink -f "$(command -v "$PYTHON")")"
        if dpkg-query -S "$interpreter" >/dev/null 2>&1; then
            wanted+=(python3-venv)
        else
            echo "note: $PYTHON ($interpreter) cannot create virtualenvs (no ensurepip);" \
                "install venv support for that interpreter." >&2
        fi
    fi
fi

# One dpkg-query call for all names (and their *t64 renames: Ubuntu 24.04 and Debian 13
# ship e.g. libglib2.0-0t64, which apt installs when asked for libglib2.0-0).
query=()
for pkg in "${wanted[@]}"; do
    query+=("$pkg" "${pkg}t64")
done
installed="$(dpkg-query -W -f='${Package} ${Status}\n' "${query[@]}" 2>/dev/null \
    | awk '$NF == "installed" && $(NF-1) == "ok" { sub(/:.*/, "", $1); print $1 }' || true)"

missing=()
for pkg in "${wanted[@]}"; do
    if ! grep -qxF -e "$pkg" -e "${pkg}t64" <<<"$installed"; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
    echo "painease needs Debian packages that are not installed. Install them with:" >&2
    echo "sudo apt-get install -y ${missing[*]}"
    exit 1
fi

echo "Installing missing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# jackd2 asks whether to grant real-time priority to the audio group; the test rig runs
# jackd with --no-realtime, so answer "no" up front.
if [[ " ${missing[*]} " == *" jackd2 "* ]] && command -v debconf-set-selections >/dev/null; then
    echo "jackd2 jackd/tweak_rt_limits boolean false" | debconf-set-selections
fi
apt-get update -q </dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
