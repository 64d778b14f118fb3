#!/usr/bin/env bash
# Regenerates examples/<id>/expected.json from the native CLI. Review every diff before committing:
# the goldens are the statement of what GitHub computes, not a snapshot of whatever the code does.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${GHAPLAY_CLI:-build/native/ghaplay}
for dir in examples/*/; do
  id=$(basename "$dir")
  scenario="$dir/scenario.json"
  args=()
  [ -f "$scenario" ] && args=(--scenario "$scenario")
  "$cli" simulate "$dir/workflow.yml" "${args[@]}" --format json \
    | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), indent=2, ensure_ascii=False))' \
    > "$dir/expected.json" || true
  echo "$id"
done
