#!/usr/bin/env bash
# `npm run test:compat`: the tests that pin down how this library reads and renders cdk8s-plus objects, and the
# examples, against the newest cdk8s 2.x, cdk8s-plus-30 2.x and constructs 10.x (the lockfile pins older ones).
# Runs in a temporary copy of the working tree (tracked and untracked files, uncommitted changes included, ignored
# files left out), so the checkout's node_modules and lockfile are never touched.
#
#   COMPAT_TESTS="test/examples.test.ts" npm run test:compat    another list of tests
set -euo pipefail

# The compat tests, kept here and nowhere else.
DEFAULT_TESTS="test/cdk8s-plus-reads.test.ts test/synth-identity.test.ts test/examples.test.ts"
# The newest of each major line is what npm resolves for these ranges.
PACKAGES=(cdk8s@2 cdk8s-plus-30@2 constructs@10)

cd "$(dirname "$0")/.."
read -r -a tests <<< "${COMPAT_TESTS:-$DEFAULT_TESTS}"
if [ "${#tests[@]}" -eq 0 ]; then
  echo "test:compat: no tests listed (COMPAT_TESTS is empty)" >&2
  exit 1
fi
missing=0
for t in "${tests[@]}"; do
  if [ ! -f "$t" ]; then
    echo "test:compat: $t is listed in scripts/test-compat.sh but does not exist" >&2
    missing=1
  fi
done
[ "$missing" -eq 0 ] || exit 1

tmp="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-pod-patterns-compat.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "test:compat: copying the working tree to $tmp"
# tracked files (as they are on disk, deleted ones left out) and untracked ones that .gitignore does not exclude
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi; done \
  | tar --null --files-from=- -cf - \
  | tar -xf - -C "$tmp"
cd "$tmp"

echo "test:compat: npm ci"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "test:compat: npm install --no-save ${PACKAGES[*]}"
if ! npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error "${PACKAGES[@]}"; then
  echo "test:compat: could not install ${PACKAGES[*]}" >&2
  exit 1
fi

version() { node -p "require('./node_modules/$1/package.json').version"; }
against="cdk8s $(version cdk8s), cdk8s-plus-30 $(version cdk8s-plus-30), constructs $(version constructs)"
echo "test:compat: testing against $against: ${tests[*]}"

if ! npx jest --ci --runTestsByPath "${tests[@]}"; then
  echo "test:compat failed against $against" >&2
  exit 1
fi
echo "test:compat passed against $against"
