#!/usr/bin/env bash
# Usage: scripts/test.sh [PYTEST_ARG...]
#
# The whole check suite: ruff, mypy (configured in setup.cfg), then pytest over
# tests/ and features/ against a throwaway PostgreSQL server started by
# scripts/with-postgres.sh. Every step runs even if an earlier one failed; the
# exit status is non-zero if any failed. pytest's "no tests collected" (exit 5)
# counts as a failure. Expects the virtualenv made by `make install` (VENV=.venv).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=${VENV:-.venv}
[ -x "$VENV/bin/python" ] || { echo "test.sh: $VENV/bin/python not found; run 'make install'" >&2; exit 1; }

failed=()

echo "==> ruff check ."
"$VENV/bin/python" -m ruff check . || failed+=("ruff")

echo "==> mypy"
"$VENV/bin/python" -m mypy || failed+=("mypy")

echo "==> pytest $*"
bash scripts/with-postgres.sh "$VENV/bin/python" -m pytest "$@"
status=$?
case $status in
    0) ;;
    5) failed+=("pytest (exit 5: no tests were collected)") ;;
    *) failed+=("pytest (exit $status)") ;;
esac

if [ "${#failed[@]}" -gt 0 ]; then
    echo "test.sh: FAILED: ${failed[*]}" >&2
    exit 1
fi
