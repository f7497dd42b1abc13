#!/usr/bin/env bash
# The demo: one command that sets everything up and runs the whole command center on this machine.
#
#   bash scripts/demo.sh              hub + demo cameras in the background, wall and kiosk as windows
#   bash scripts/demo.sh --headless   no windows: the wall writes snapshots (PNG) to var/demo/snapshots/
#   bash scripts/demo.sh --reset      start again from an empty demo database
#
# Everything lives in ./var/demo/ (database bsm.db, config bsm.toml, logs/, snapshots/). Without a $DISPLAY
# (and without --headless) the windows go to a virtual screen (Xvfb). Ctrl-C, or closing the wall and the
# kiosk, stops everything this script started.
# Ports: BSM_DEMO_HUB_PORT (default 8311), BSM_DEMO_CAMERA_PORT (default 8554).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

HEADLESS=0
RESET=0
SNAPSHOT_SECONDS=10
for arg in "$@"; do
    case "$arg" in
        --headless) HEADLESS=1 ;;
        --reset) RESET=1 ;;
        -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) printf 'unknown option %s (see --help)\n' "$arg" >&2; exit 2 ;;
    esac
done

say() { printf '[demo] %s\n' "$*"; }
die() { printf '[demo] ERROR: %s\n' "$*" >&2; exit 1; }

DEMO="$ROOT/var/demo"
LOGS="$DEMO/logs"
HUB_PORT="${BSM_DEMO_HUB_PORT:-8311}"
CAMERA_PORT="${BSM_DEMO_CAMERA_PORT:-8554}"

# -- setup -------------------------------------------------------------------------------------------------
bash scripts/install-system-deps.sh
bash scripts/setup.sh
export PATH="$ROOT/.venv/bin:$PATH"
PY="$ROOT/.venv/bin/python"

if [[ $RESET -eq 1 ]]; then
    say "--reset: removing $DEMO"
    rm -rf "$DEMO"
fi
mkdir -p "$DEMO" "$LOGS"
export BSM_DATABASE_URL="sqlite:///$DEMO/bsm.db"
export BSM_CONFIG="$DEMO/bsm.toml"  # the demo never reads (or changes) a real bsm.toml
export BSM__DATA_DIR="$DEMO"
export BSM__HUB__PORT="$HUB_PORT"
export BSM__HUB__PUBLIC_BASE_URL="http://127.0.0.1:$HUB_PORT"
[[ -f "$BSM_CONFIG" ]] || printf '# Configuration of the demo (scripts/demo.sh); see common/config.py.\n' >"$BSM_CONFIG"

BSM_HELP="$(bsm --help 2>&1)" || die "the bsm command does not run: $BSM_HELP"

has_module() { "$PY" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$1') is None)" 2>/dev/null; }
# available COMMAND MODULE: does 'bsm COMMAND' exist, with the module that implements it?
available() {
    grep -qE "^ {4}$1( |$)" <<<"$BSM_HELP" && has_module "$2"
}
has_option() { bsm "$1" --help 2>/dev/null | grep -q -- "$2"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {  # wait_port PORT SECONDS PID NAME
    local deadline=$((SECONDS + $2))
    until ! port_free "$1"; do
        kill -0 "$3" 2>/dev/null || die "$4 exited at start; see $LOGS/$4.log:$(printf '\n'; tail -n 20 "$LOGS/$4.log")"
        [[ $SECONDS -lt $deadline ]] || die "$4 does not answer on port $1 after $2 s; see $LOGS/$4.log"
        sleep 0.2
    done
}

# -- children: each in its own process group, all stopped on exit -------------------------------------------
CHILDREN=()
start_bg() {  # start_bg NAME COMMAND...: run in the background, output to var/demo/logs/NAME.log
    local name="$1"
    shift
    setsid "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
    CHILDREN+=("$!:$name")
    LAST_PID=$!
}
stop_children() {
    local entry pid i
    for ((i = ${#CHILDREN[@]} - 1; i >= 0; i--)); do
        entry="${CHILDREN[$i]}"
        pid="${entry%%:*}"
        kill -0 "$pid" 2>/dev/null || continue
        say "stopping ${entry#*:}"
        kill -TERM -- "-$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    CHILDREN=()
}
trap 'stop_children' EXIT
trap 'exit 130' INT TERM

# -- database ----------------------------------------------------------------------------------------------
fresh=0
[[ -f "$DEMO/bsm.db" ]] || fresh=1
say "database $BSM_DATABASE_URL"
bsm db upgrade
if [[ $fresh -eq 1 ]]; then
    if available seed common.demo.generate; then
        say "seeding reference data and 90 days of demo activity (first run only; --reset to redo)"
        bsm seed --demo --camera-base-url "http://127.0.0.1:$CAMERA_PORT"
    else
        say "demo data generator not available yet (common.demo.generate): seeding reference data only"
        bsm seed
    fi
    if has_module kiosk.main && ! grep -q '^\[kiosk\]' "$BSM_CONFIG"; then
        say "registering a demo kiosk (kelurahan Serang) and writing its key to $BSM_CONFIG"
        if out="$(bsm kiosk-key add --kelurahan 36.73.01.1001 --name 'Kiosk demo' 2>&1)"; then
            { printf '\n'; sed -n '/^\[kiosk\]/,$p' <<<"$out"; printf 'hub_url = "http://127.0.0.1:%s"\n' "$HUB_PORT"; } \
                >>"$BSM_CONFIG"
        else
            say "could not register a kiosk key (the kiosk will run without one): $out"
        fi
    fi
fi

# -- background services -----------------------------------------------------------------------------------
if has_module common.video.mjpeg_server; then
    port_free "$CAMERA_PORT" || die "port $CAMERA_PORT is taken (set BSM_DEMO_CAMERA_PORT)"
    camera_args=()
    if "$PY" -m common.video.mjpeg_server --help 2>/dev/null | grep -q -- --port; then
        camera_args=(--port "$CAMERA_PORT")
    fi
    start_bg camera "$PY" -m common.video.mjpeg_server "${camera_args[@]}"
    wait_port "$CAMERA_PORT" 30 "$LAST_PID" camera
    say "demo cameras: http://127.0.0.1:$CAMERA_PORT/ (log: var/demo/logs/camera.log)"
else
    say "demo camera server not available yet (common.video.mjpeg_server): the wall shows no live video"
fi

if available hub hub.app; then
    port_free "$HUB_PORT" || die "port $HUB_PORT is taken (set BSM_DEMO_HUB_PORT)"
    start_bg hub bsm hub --port "$HUB_PORT" --no-site-watch
    wait_port "$HUB_PORT" 60 "$LAST_PID" hub
    say "hub: http://127.0.0.1:$HUB_PORT/ (log: var/demo/logs/hub.log)"
else
    say "skipping the hub: 'bsm hub' is not available yet (hub.app)"
fi

# -- wall and kiosk ----------------------------------------------------------------------------------------
if [[ $HEADLESS -eq 1 ]]; then
    export QT_QPA_PLATFORM=offscreen
    if available wall wall.main; then
        mkdir -p "$DEMO/snapshots"
        say "headless: the wall runs $SNAPSHOT_SECONDS s and writes snapshots to var/demo/snapshots/"
        bsm wall --snapshot "$DEMO/snapshots" --exit-after "$SNAPSHOT_SECONDS" 2>&1 | tee "$LOGS/wall.log"
        ls -l "$DEMO/snapshots"
    else
        say "skipping the wall: 'bsm wall' is not available yet (wall.main)"
    fi
    say "headless demo done"
    exit 0
fi

want=()
for program in wall kiosk; do
    if available "$program" "$program.main"; then
        want+=("$program")
    else
        say "skipping the $program: 'bsm $program' is not available yet ($program.main)"
    fi
done

if [[ ${#want[@]} -gt 0 && -z "${DISPLAY:-}" ]]; then
    command -v Xvfb >/dev/null 2>&1 || die "no \$DISPLAY and no Xvfb: install xvfb, or use --headless"
    display=99
    while [[ -e "/tmp/.X$display-lock" || -e "/tmp/.X11-unix/X$display" ]]; do display=$((display + 1)); done
    start_bg xvfb Xvfb ":$display" -screen 0 1920x1080x24 -nolisten tcp
    export DISPLAY=":$display"
    for _ in $(seq 50); do [[ -e "/tmp/.X11-unix/X$display" ]] && break; sleep 0.1; done
    [[ -e "/tmp/.X11-unix/X$display" ]] || die "Xvfb did not start; see $LOGS/xvfb.log"
    say "no \$DISPLAY: started a virtual screen, Xvfb on $DISPLAY (1920x1080); its windows are not visible."
    say "  to see it: DISPLAY=$DISPLAY import -window root shot.png (imagemagick); or use --headless"
fi

windows=()
for program in "${want[@]}"; do
    start_bg "$program" bsm "$program" --windowed
    windows+=("$LAST_PID")
    say "$program: started on $DISPLAY (log: var/demo/logs/$program.log)"
done

if [[ ${#CHILDREN[@]} -eq 0 ]]; then
    say "nothing to run yet: the database is ready at $BSM_DATABASE_URL"
    exit 0
fi
say "demo running; press Ctrl-C to stop everything"
# Until the windows are closed (or, without windows, until a service stops or Ctrl-C).
if [[ ${#windows[@]} -gt 0 ]]; then
    for pid in "${windows[@]}"; do wait "$pid" || true; done
    say "windows closed"
else
    wait -n || true
    say "a service stopped; see var/demo/logs/"
fi
