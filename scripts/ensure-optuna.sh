#!/usr/bin/env bash
# Makes sure a Python with Optuna is installed for the tests that drive real Optuna (the tuner
# benchmark's peer process, the journal export/import checks). Debian's python3-optuna (3.1) is used:
# nothing can be pip-installed here. python3-pandas comes with it: Optuna's trials_dataframe(), which
# the trials CSV is checked against, needs it. Both land in /usr/bin/python3, which bench/python.ts
# tries first.
set -euo pipefail
for python in /usr/bin/python3 python3; do
  if command -v "$python" >/dev/null 2>&1 && "$python" -c 'import optuna, pandas' >/dev/null 2>&1; then exit 0; fi
done
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO=""; fi
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    echo "Optuna tests: installing Debian's python3-optuna and python3-pandas (apt-get install python3-optuna python3-pandas)" >&2
    $SUDO apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends python3-optuna python3-pandas >&2
    /usr/bin/python3 -c 'import optuna, pandas' >/dev/null 2>&1 && exit 0
  fi
fi
echo "the Optuna tests need Optuna and pandas importable by /usr/bin/python3 or python3: install them (Debian/Ubuntu: apt-get install python3-optuna python3-pandas)" >&2
exit 1
