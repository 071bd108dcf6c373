# Timing one rapportd request against the SQL that answers the same question, run directly by
# the database's own shell, in paired rounds: figure 4 of bench/records.sh and the pipeline
# reports of bench/pipeline.sh. Expects common.sh, measure.sh, the backend's library and the
# globals of the calling script (rapportd_url, backend).
# shellcheck shell=bash disable=SC2154,SC2034  # globals of the calling script, and for it

# The target of every such comparison: rapportd ≤ 1.25 × the direct SQL.
readonly sql_comparison_target=1.25
# What the last compare_with_sql measured, for a summary: the median milliseconds of each side
# and the headline ratio.
compared_sql_ms=
compared_rapportd_ms=
compared_ratio=

# sql_comparison_side SIDE PATH SQL...: milliseconds of one run of SIDE: rapportd answering GET
# PATH (curl's time_total), or the database's shell running the statements (psql \timing or
# sqlite3 .timer, added up; a new connection each run, connecting is not timed).
sql_comparison_side() {
    local side=$1 path=$2
    shift 2
    if [[ $side == rapportd ]]; then
        request_ms "$rapportd_url$path"
    else
        "${backend}_query_ms" "$@"
    fi
}

# compare_with_sql LABEL ROUNDS PATH SQL...: one untimed run of each side, then ROUNDS rounds
# of one run of each, in an order that rotates from round to round (LABEL names them in the
# progress lines); prints the markdown table and the headline: rapportd / direct SQL, the
# median of the per-round ratios, against the target.
compare_with_sql() {
    local label=$1 round_count=$2 path=$3
    shift 3
    local round side milliseconds
    local -A time_of=() all=()
    local table=() ratios=()
    sql_comparison_side rapportd "$path" >/dev/null
    sql_comparison_side database "$path" "$@" >/dev/null
    for round in $(seq "$round_count"); do
        for side in $(rotated "$round" database rapportd); do
            echo "$label, round $round/$round_count: $side" >&2
            milliseconds=$(sql_comparison_side "$side" "$path" "$@")
            time_of[$side]=$milliseconds
            all[$side]+=" $milliseconds"
        done
        ratios+=("$(ratio "${time_of[rapportd]}" "${time_of[database]}")")
        table+=("| $round | ${time_of[database]} | ${time_of[rapportd]} | ${ratios[-1]} |")
    done
    # shellcheck disable=SC2086  # the per-side lists are space-separated on purpose
    compared_sql_ms=$(median_to 3 ${all[database]})
    # shellcheck disable=SC2086
    compared_rapportd_ms=$(median_to 3 ${all[rapportd]})
    compared_ratio=$(median_to 2 "${ratios[@]}")
    cat <<MARKDOWN
| Round | direct SQL (ms) | rapportd (ms) | rapportd / SQL |
|------:|----------------:|--------------:|---------------:|
$(printf '%s\n' "${table[@]}")
| median | $compared_sql_ms | $compared_rapportd_ms | |

**rapportd / direct SQL: $compared_ratio** (median of per-round ratios; target ≤ $sql_comparison_target:
$(verdict "$compared_ratio" '<=' "$sql_comparison_target")). Per-round ratios: $(join_list "${ratios[@]}").

MARKDOWN
}
