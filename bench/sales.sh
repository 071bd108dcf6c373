#!/usr/bin/env bash
# Measures what recomputing a sales order's totals costs: a PATCH of one line's quantity on an
# order of 200 lines (the line's subtotal and the order's three totals are worked out again
# from all 200 lines, in the PATCH's transaction) against the same PATCH on an order of one
# line, in alternating rounds on one rapportd with the bundled sales plugin, SQLite.
# Prints a markdown report; see bench/README.md.
#
# usage: bench/sales.sh [BUILD_DIR] [ROUNDS] [REQUESTS]    (defaults: build 9 25)
set -euo pipefail
shopt -s inherit_errexit

bench_dir=$(cd "$(dirname "$0")" && pwd)
readonly bench_dir
# shellcheck source=bench/lib/common.sh
source "$bench_dir/lib/common.sh"

readonly build_dir=${1:-build}
readonly rounds=${2:-9}
readonly requests=${3:-25}
readonly bin_dir=$build_dir/bin
readonly password=bench-admin-password
[[ -x $bin_dir/rapportd ]] || die "$bin_dir/rapportd not found; build it first"
for tool in curl jq; do
    command -v "$tool" >/dev/null || die "$tool not found"
done

tmp=$(mktemp -d)
readonly tmp
pid=
cleanup() {
    stop_process "$pid"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(free_port)
url=http://127.0.0.1:$port
printf 'log: {level: warn, access_log: false}\nplugins: {install: [sales]}\n' >"$tmp/rapport.yaml"
RAPPORT_ADMIN_PASSWORD=$password "$bin_dir/rapportd" --config "$tmp/rapport.yaml" \
    --port "$port" --data-dir "$tmp/data" >"$tmp/rapportd.log" 2>&1 &
pid=$!
wait_until_serving rapportd "$pid" "$url/api/v1/health" "$tmp/rapportd.log"
token=$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"login\": \"admin\", \"password\": \"$password\"}" "$url/api/v1/auth/login" | jq -er .token)
readonly token

# post PATH BODY: the id of the created record.
post() {
    curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$2" \
        "$url$1" | jq -er .id
}

# order LINES: a quotation with LINES lines of awkward decimals; prints the id of its first line.
order() {
    local order_id first line
    order_id=$(post /api/v1/records/sales_order "{\"account_id\": $account}")
    for line in $(seq "$1"); do
        local id
        id=$(post /api/v1/records/sales_order_line "{\"order_id\": $order_id, \"product_id\": \
$product, \"quantity\": \"$((line % 7 + 1)).5\", \"unit_price\": \"33.33\", \"discount\": 12.5, \
\"tax_rate\": 11}")
        first=${first:-$id}
    done
    echo "$first"
}

# patch_ms LINE QUANTITY: the time of one PATCH of the line's quantity, in milliseconds.
patch_ms() {
    curl -fsS -o /dev/null -w '%{time_total}\n' -X PATCH -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -d "{\"quantity\": \"$2\"}" \
        "$url/api/v1/records/sales_order_line/$1" | awk '{ printf "%.3f\n", $1 * 1000 }'
}

echo "set-up: an order of 1 line and one of 200 lines" >&2
account=$(post /api/v1/records/account '{"name": "Universitas Pancasila"}')
product=$(post /api/v1/records/product '{"name": "Lab laptop", "list_price": "9000000", "tax_rate": 11}')
small=$(order 1)
large=$(order 200)
total=$(curl -fsS -H "Authorization: Bearer $token" \
    "$url/api/v1/records/sales_order?select=id,amount_total&order=id.desc&limit=1" | jq -er '.items[0].amount_total')

one=()
two_hundred=()
for round in $(seq "$rounds"); do
    for side in $(if ((round % 2)); then echo small large; else echo large small; fi); do
        times=()
        line=$([[ $side == small ]] && echo "$small" || echo "$large")
        for request in $(seq "$requests"); do
            times+=("$(patch_ms "$line" "$((request % 9 + 1)).25")")
        done
        if [[ $side == small ]]; then
            one+=("$(median "${times[@]}")")
        else
            two_hundred+=("$(median "${times[@]}")")
        fi
    done
    echo "  round $round: 1 line ${one[-1]} ms, 200 lines ${two_hundred[-1]} ms" >&2
done

one_median=$(median "${one[@]}")
large_median=$(median "${two_hundred[@]}")
recompute=$(awk -v a="$large_median" -v b="$one_median" 'BEGIN { printf "%.3f", a - b }')
cat <<REPORT
# Sales benchmarks (bench/sales.sh)

- $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg);
  rapportd from $build_dir, SQLite (WAL), the bundled sales plugin.
- Each round: $requests PATCHes of one line's quantity (awkward decimals: 33.33 at 12.5 %
  discount, 11 % tax) on an order of 1 line and on one of 200 lines, the two sides in an order
  that alternates; a side's time is the median of its requests, curl's time_total on loopback.
  The 200-line order's total after set-up: $total.

| Round | 1 line (ms) | 200 lines (ms) |
|------:|------------:|---------------:|
$(for i in "${!one[@]}"; do echo "| $((i + 1)) | ${one[$i]} | ${two_hundred[$i]} |"; done)
| median | $one_median | $large_median |

**A PATCH of a line of a 200-line order takes $large_median ms, $recompute ms more than on a
1-line order: recomputing the totals from 200 lines costs about $recompute ms (target ≤ 5 ms).**
REPORT
