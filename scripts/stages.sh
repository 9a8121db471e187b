#!/usr/bin/env bash
# Runs an npm script's `a && b && …` chain stage by stage, in the same order and stopping at
# the first failure (with its exit status), and prints how long each stage took.
# Usage: bash scripts/stages.sh [script]   (default: test; run from the folder of package.json)
set -euo pipefail
script="${1:-test}"

mapfile -t stages < <(node -e '
  const line = require(require("node:path").resolve("package.json")).scripts?.[process.argv[1]];
  if (typeof line !== "string") { console.error(`stages.sh: package.json has no script "${process.argv[1]}"`); process.exit(1); }
  const stages = line.split("&&").map((s) => s.trim());
  if (stages.some((s) => !s || /[|;&]/.test(s))) { console.error(`stages.sh: cannot split "${line}" into && stages`); process.exit(1); }
  console.log(stages.join("\n"));
' "$script")
((${#stages[@]})) || exit 1

# As npm runs a script: the project's own binaries first on PATH.
export PATH="$PWD/node_modules/.bin:$PATH"
timings=()
summary() {
  echo
  echo "Stage durations (npm run $script):"
  printf '%s\n' "${timings[@]}"
}
for stage in "${stages[@]}"; do
  echo
  echo "── stage: $stage"
  start=${EPOCHREALTIME/./}
  status=0
  bash -c "$stage" || status=$?
  elapsed=$(((${EPOCHREALTIME/./} - start) / 100000))
  timings+=("$(printf '%6d.%d s  %s%s' $((elapsed / 10)) $((elapsed % 10)) "$stage" "$( ((status)) && echo "  (failed, exit $status)")")")
  echo "── $stage took $((elapsed / 10)).$((elapsed % 10)) s"
  if ((status)); then
    summary
    exit "$status"
  fi
done
summary
