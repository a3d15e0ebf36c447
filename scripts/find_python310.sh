#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 does not run on 3.11).
# Looks at PATH, then pyenv's versions, then the usual system places.
set -u
candidates=(python3.10)
if command -v pyenv >/dev/null 2>&1; then
  for p in "$(pyenv root)"/versions/3.10*/bin/python3.10; do candidates+=("$p"); done
fi
for p in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  candidates+=("$p")
done
for c in "${candidates[@]}"; do
  if "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; then
    command -v "$c" 2>/dev/null || echo "$c"
    exit 0
  fi
done
echo "Python 3.10 was not found. Install it (e.g. 'pyenv install 3.10' or your OS package python3.10) and run make again." >&2
exit 1
