#!/usr/bin/env bash
# Start the built one-folder app the way a shop owner would: no venv, no project on PATH, an empty HOME.
set -euo pipefail
app_dir=$(cd "${1:-dist/returndesk}" && pwd)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
run() { env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"; }

echo "== returndesk --version"
run "$app_dir/returndesk" --version

echo "== returndesk --db demo.db demo"
run "$app_dir/returndesk" --db "$home/demo.db" demo --orders 300
run "$app_dir/returndesk" --db "$home/demo.db" returns list --json > "$home/returns.json"
python3 -c "import json,sys; rows=json.load(open(sys.argv[1])); assert len(rows) > 0, 'no returns'; print(len(rows), 'returns listed')" "$home/returns.json"

echo "== the window opens"
run /usr/bin/timeout 120 /usr/bin/env RETURNDESK_SMOKE_TEST=owner:4321 "$app_dir/returndesk-gui" --db "$home/demo.db"
echo "dist-test passed"
