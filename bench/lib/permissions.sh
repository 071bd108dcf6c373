# Figure 6 of bench/records.sh: what permission checks cost. The same GET by id and list runs
# as the admin (unrestricted) and as a salesperson (role grants merged, fields masked), in the
# same rounds, order rotating.
# shellcheck shell=bash disable=SC2154,SC2034  # the globals of bench/records.sh

readonly bench_salesperson_password=bench-salesperson-password
salesperson_token=

permissions_method() {
    cat <<EOF
## 6. Permission checks

The GET by id of figure 1 (wrk -c$connections) and the list of figure 3 with \`count=none\`
(wrk -c$list_connections), each run once signed in as **admin** (the unrestricted path) and
once as a **salesperson** (a user whose role grants are merged into a policy, checked on every
request and applied to every record), alternating within each round. Target: the salesperson
keeps ≥ 0.90 of the admin's throughput on both (permission checks cost ≤ 10 %).

EOF
}

# permissions_side USER FIGURE: requests/s of one run of FIGURE (get or list) as USER.
permissions_side() {
    local measured
    if [[ $1 == admin ]]; then bench_token=$rapportd_token; else bench_token=$salesperson_token; fi
    if [[ $2 == get ]]; then
        measured=$(wrk_measure "$connections" "$rapportd_url" get_by_id.lua "$rows")
    else
        measured=$(wrk_measure "$list_connections" "$rapportd_url$list_query&count=none" \
            latency.lua)
    fi
    bench_token=$rapportd_token
    awk '{ print $1 }' <<<"$measured"
}

permissions_run() {
    local round figure user
    local -A rate=() all=() ratios=()
    local table=()
    api_curl -fsS -o /dev/null -H 'Content-Type: application/json' \
        -d "{\"login\": \"bench_sales\", \"name\": \"Bench Salesperson\",
             \"password\": \"$bench_salesperson_password\", \"roles\": [\"salesperson\"]}" \
        "$rapportd_url/api/v1/records/user"
    salesperson_token=$(sign_in bench_sales "$bench_salesperson_password")
    for round in $(seq "$rounds"); do
        for figure in get list; do
            for user in $(rotated "$round" admin salesperson); do
                echo "permissions, round $round/$rounds: $figure as $user" >&2
                rate[$user]=$(permissions_side "$user" "$figure")
                all[$figure.$user]+=" ${rate[$user]}"
            done
            ratios[$figure]+=" $(ratio "${rate[salesperson]}" "${rate[admin]}")"
            table+=("| $round | $figure | ${rate[admin]} | ${rate[salesperson]} | $(ratio "${rate[salesperson]}" "${rate[admin]}") |")
        done
    done
    local get_ratio list_ratio
    # shellcheck disable=SC2086  # the per-figure lists are space-separated on purpose
    get_ratio=$(median_to 2 ${ratios[get]})
    # shellcheck disable=SC2086
    list_ratio=$(median_to 2 ${ratios[list]})
    # shellcheck disable=SC2086
    cat <<EOF
| Round | request | admin req/s | salesperson req/s | salesperson / admin |
|------:|---------|------------:|------------------:|--------------------:|
$(printf '%s\n' "${table[@]}")
| median | get | $(median_to 0 ${all[get.admin]}) | $(median_to 0 ${all[get.salesperson]}) | |
| median | list | $(median_to 0 ${all[list.admin]}) | $(median_to 0 ${all[list.salesperson]}) | |

**salesperson / admin: GET by id $get_ratio, list $list_ratio** (medians of per-round ratios;
target ≥ 0.90: $(verdict "$get_ratio" '>=' 0.9), $(verdict "$list_ratio" '>=' 0.9)).

EOF
}
