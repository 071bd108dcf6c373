#!/usr/bin/env bash
# Starts or stops the throwaway PostgreSQL cluster that database tests run against.
#
#   pg-cluster.sh start DIR   start a cluster, write its maintenance-database URL to DIR/url
#   pg-cluster.sh stop DIR    stop the cluster recorded in DIR and delete it
#
# The cluster lives in a short /tmp directory (unix socket paths are limited to 107 bytes)
# whose path is recorded in DIR/cluster; DIR itself may be anywhere, e.g. in the build tree.
# It listens on a unix socket only, so clusters of concurrent runs never collide.
set -euo pipefail

readonly cluster_prefix=/tmp/rapport-pg.

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

# PostgreSQL refuses to run as root.
as_server_user() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_cluster() {
    local dir=$1 cluster
    if [[ -f $dir/cluster ]]; then
        cluster=$(<"$dir/cluster")
        # The path comes from a file; never rm -rf anything we did not create.
        if [[ $cluster != "$cluster_prefix"* ]]; then
            echo "pg-cluster: refusing to delete unexpected path '$cluster'" >&2
            exit 1
        fi
        if [[ -f $cluster/data/postmaster.pid ]]; then
            as_server_user "$bindir/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
        fi
        rm -rf -- "$cluster"
    fi
    rm -f -- "$dir/cluster" "$dir/url" "$dir/url.tmp"
}

fail_start() {
    local dir=$1 log=$2
    echo "pg-cluster: could not start PostgreSQL; $log:" >&2
    cat "$log" >&2 || true
    stop_cluster "$dir"
    exit 1
}

start_cluster() {
    local dir=$1 cluster port log
    stop_cluster "$dir"

    cluster=$(mktemp -d "${cluster_prefix}XXXXXX")
    echo "$cluster" >"$dir/cluster"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$cluster"
    fi
    port=$(shuf -i 20000-60000 -n 1)
    log=$cluster/server.log

    as_server_user "$bindir/initdb" -D "$cluster/data" --locale=C.UTF-8 --encoding=UTF8 \
        --auth=trust --username=postgres --no-sync >"$cluster/initdb.log" 2>&1 \
        || fail_start "$dir" "$cluster/initdb.log"

    as_server_user "$bindir/pg_ctl" -D "$cluster/data" -l "$log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories=$cluster -c port=$port" \
        -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        -o "-c max_connections=200" \
        start >/dev/null 2>&1 \
        || fail_start "$dir" "$log"

    # Readers never see a half-written URL.
    echo "postgresql://postgres@/postgres?host=$cluster&port=$port" >"$dir/url.tmp"
    mv -f "$dir/url.tmp" "$dir/url"
}

[[ $# -eq 2 ]] || usage
action=$1
mkdir -p -- "$2"
dir=$(cd -- "$2" && pwd)
bindir=$(pg_config --bindir)
# The server user may not be able to enter the caller's working directory.
cd /

case $action in
    start) start_cluster "$dir" ;;
    stop) stop_cluster "$dir" ;;
    *) usage ;;
esac
