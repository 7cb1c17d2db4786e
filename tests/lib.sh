# tests/lib.sh - the tally shared by the test scripts (sourced by them,
# from the top of the repository): ok/FAIL lines, counted in pass and
# fail for the closing "N passed, M failed" line each script prints.
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { if eval "$1"; then ok "$2"; else bad "$2"; fi; }
skip() { pass=$((pass + 1)); echo "ok: (skipped: $*)"; }

# fresh_dir DIR: DIR emptied (made if missing); prints its absolute path.
fresh_dir() { rm -rf "$1" && mkdir -p "$1" && (cd "$1" && pwd); }
# abs_path FILE: the absolute path of FILE, whose folder exists.
abs_path() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }

# Messages in English whatever the machine's locale (the Vietnamese ones
# are tested with LANG=vi_VN.UTF-8 where asked for); UTF-8 for Python.
export LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES
