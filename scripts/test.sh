#!/usr/bin/env bash
# THE test command (also what CI runs: .ci/run).
#
#   1. Debian packages the tests need (scripts/install-system-deps.sh; installs only as root, only if missing)
#   2. .venv with the project and dev tools (scripts/setup.sh; skipped when pyproject.toml is unchanged)
#   3. ruff check, lint-imports, mypy      (all run, all reported, even when one fails)
#   4. pytest on 2 xdist workers, Qt offscreen (each worker has its own PostgreSQL server)
#
# Exits non-zero when any step fails, and when pytest collects no test (its exit code 5).
# Arguments go to pytest:  bash scripts/test.sh -k pgserver -x
# Environment:
#   BSM_TEST_WORKERS   xdist workers (default 2 on a machine with 2+ cores; 0 = no xdist)
#   BSM_TEST_NO_LINT=1 skip step 3 (quick local loops)
#   BSM_TEST_TIMEOUT   seconds for the whole pytest run (default 1500)
#   BSM_TEST_PG_URL    use this PostgreSQL server instead of starting throwaway ones
#   CI                 set by CI: a missing service fails the tests instead of skipping them
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

say() { printf '\n[test] %s\n' "$*"; }
t0=$SECONDS
failed=()
ran=()

say "system packages"
bash scripts/install-system-deps.sh

say "virtualenv"
bash scripts/setup.sh
export PATH="$ROOT/.venv/bin:$PATH"
export QT_QPA_PLATFORM=offscreen
unset BSM_DATABASE_URL  # a developer's database must never be touched by the tests

run_step() {  # run_step NAME COMMAND...: run, time and record a failure without stopping
    local name="$1" start=$SECONDS rc=0
    shift
    ran+=("$name")
    say "$name: $*"
    "$@" || rc=$?
    if [[ $rc -eq 0 ]]; then
        printf '[test] %s: ok (%d s)\n' "$name" $((SECONDS - start))
    else
        printf '[test] %s: FAILED (exit %d, %d s)\n' "$name" "$rc" $((SECONDS - start))
        failed+=("$name")
    fi
}

if [[ "${BSM_TEST_NO_LINT:-}" != 1 ]]; then
    run_step ruff ruff check .
    run_step lint-imports lint-imports
    run_step mypy mypy
fi

cores="$(nproc 2>/dev/null || echo 1)"
workers="${BSM_TEST_WORKERS:-$([[ $cores -ge 2 ]] && echo 2 || echo 0)}"
pytest_args=()
if [[ "$workers" != 0 ]]; then
    pytest_args+=(-n "$workers" --dist loadfile)
fi
if [[ -n "${CI:-}" ]]; then
    pytest_args+=(-p no:cacheprovider)
fi

ran+=(pytest)
say "pytest ${pytest_args[*]} $*"
start=$SECONDS
rc=0
timeout_opts=(--kill-after=60)
[[ -t 0 ]] && timeout_opts+=(--foreground)  # at a terminal: let Ctrl-C reach pytest
timeout "${timeout_opts[@]}" "${BSM_TEST_TIMEOUT:-1500}" python -m pytest "${pytest_args[@]}" "$@" || rc=$?
case $rc in
    0) printf '[test] pytest: ok (%d s)\n' $((SECONDS - start)) ;;
    5) printf '[test] pytest: FAILED: no tests were collected (pytest exit 5)\n'; failed+=(pytest) ;;
    124 | 137) printf '[test] pytest: FAILED: timed out after %s s\n' "${BSM_TEST_TIMEOUT:-1500}"; failed+=(pytest) ;;
    *) printf '[test] pytest: FAILED (exit %d, %d s)\n' "$rc" $((SECONDS - start)); failed+=(pytest) ;;
esac

if [[ ${#failed[@]} -ne 0 ]]; then
    printf '\n[test] FAILED: %s (total %d s)\n' "${failed[*]}" $((SECONDS - t0))
    exit 1
fi
printf '\n[test] all checks passed: %s (total %d s)\n' "${ran[*]}" $((SECONDS - t0))
