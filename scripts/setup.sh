#!/usr/bin/env bash
# Create .venv (Python 3.11 by default) and install the project editable with its dev tools:
#     pip install -e '.[dev]'
# Idempotent: skipped when pyproject.toml (and the Python version) have not changed since the last install
# and the venv's packages point at this checkout. Force a reinstall with BSM_SETUP_FORCE=1.
# Choose the interpreter with BSM_PYTHON=/path/to/python (3.11-3.13).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
VENV="$ROOT/.venv"
STAMP="$VENV/.bsm-setup-hash"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

python_ok() {  # python_ok EXE: is EXE a Python the project supports (>=3.11,<3.14)?
    "$1" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)' >/dev/null 2>&1
}

find_python() {
    if [[ -n "${BSM_PYTHON:-}" ]]; then
        python_ok "$BSM_PYTHON" || die "BSM_PYTHON=$BSM_PYTHON is not Python 3.11-3.13"
        printf '%s\n' "$BSM_PYTHON"
        return
    fi
    local candidate
    for candidate in python3.11 python3 python3.12 python3.13; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"
            return
        fi
    done
    die "no Python 3.11-3.13 found (install python3.11 or set BSM_PYTHON)"
}

if [[ -x "$VENV/bin/python" ]] && ! python_ok "$VENV/bin/python"; then
    say "existing .venv has an unusable Python: recreating it"
    rm -rf "$VENV"
fi
if [[ ! -x "$VENV/bin/python" ]]; then
    PY="$(find_python)"
    say "creating .venv with $("$PY" --version 2>&1) ($PY)"
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade 'pip>=24' \
        || die "could not upgrade pip in .venv"
fi

hash="$( { sha256sum pyproject.toml; "$VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1)"
points_here() {  # is the editable install of this checkout (not of a copy elsewhere)?
    # From / and isolated (-I), so that ./common cannot be found by accident.
    (cd / && "$VENV/bin/python" -I -c '
import pathlib, sys
import common
sys.exit(0 if pathlib.Path(common.__file__).resolve().parent == pathlib.Path(sys.argv[1]) / "common" else 1)
' "$ROOT" >/dev/null 2>&1)
}
if [[ "${BSM_SETUP_FORCE:-}" != 1 && -f "$STAMP" && "$(cat "$STAMP")" == "$hash" ]] && points_here; then
    say ".venv is up to date ($("$VENV/bin/python" --version))"
    exit 0
fi

say "installing the project and its dev tools into .venv (pip install -e '.[dev]')"
start=$SECONDS
rm -f "$STAMP"
"$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off --quiet -e '.[dev]' \
    || die "pip install -e '.[dev]' failed"
points_here || die "the installed packages do not resolve to $ROOT"
printf '%s\n' "$hash" >"$STAMP"
say "done in $((SECONDS - start)) s"
