#!/usr/bin/env bash
# scripts/slurm-local.sh OUTDIR
#
# Runs the README's Slurm job array for real: starts a one-node Slurm cluster on this
# machine (munged, slurmctld and slurmd on localhost, private sockets and ports, a
# slurm.conf generated in a temporary folder), submits the job script exactly as the
# README shows it (cut from README.md between its markers, so the two cannot drift)
# with a small replication count, waits for it, merges the shards into OUTDIR/merged,
# runs the same command on one machine into OUTDIR/single and compares every table
# byte for byte. Every daemon it started is stopped whatever happens (trap), and it
# checks with ps that none is left.
#
# Slurm and munge are installed from the distribution's packages (slurm-wlm, munge)
# when missing; that needs root or password-less sudo. A machine where they cannot be
# installed fails loudly: this script never skips.
#
# Exit status: 0 when the merged tables equal the single run's; non-zero on any
# difference or failure, with the Slurm logs printed. Logs stay in OUTDIR/slurm/logs.
#
# Environment:
#   QUOTASIM      the quotasim binary (default: built with `cargo build --release`,
#                 into $CARGO_TARGET_DIR if set)
#   REPLICATIONS  replications of the whole run (default 20: 2 per shard)
#   SLURM_CPUS    CPUs the node offers (default 4: two 2-CPU shards at a time)
#   JOB_TIMEOUT   seconds to wait for the job array (default 600)
set -euo pipefail

usage() { echo "usage: $0 OUTDIR" >&2; exit 2; }
[ $# -eq 1 ] || usage
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
replications=${REPLICATIONS:-20}
cpus=${SLURM_CPUS:-4}
job_timeout=${JOB_TIMEOUT:-600}

say() { echo "slurm-local: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# --- Slurm and munge, installed from the distribution's packages if missing -------
missing_tools() {
    local tool
    for tool in munged slurmctld slurmd sbatch squeue scancel scontrol; do
        command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null 2>&1 \
            || echo "$tool"
    done
}
export PATH="$PATH:/usr/sbin:/sbin"
if [ -n "$(missing_tools)" ]; then
    say "installing slurm-wlm and munge (missing: $(missing_tools | tr '\n' ' '))"
    if [ "$(id -u)" -eq 0 ]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else
        die "Slurm is not installed and this user can neither install packages (not root) nor use sudo without a password; install slurm-wlm and munge"
    fi
    command -v apt-get >/dev/null || die "Slurm is not installed and there is no apt-get here; install slurm-wlm and munge"
    # Keep the packages from starting their system services: this script runs its
    # own daemons, and must leave none behind.
    policy=/usr/sbin/policy-rc.d
    added_policy=
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null && "${sudo[@]}" chmod 755 "$policy"
        added_policy=1
    fi
    install_rc=0
    {
        "${sudo[@]}" apt-get update -q &&
            "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge
    } >"$out/apt-install.log" 2>&1 || install_rc=$?
    [ -z "$added_policy" ] || "${sudo[@]}" rm -f "$policy"
    if [ "$install_rc" -ne 0 ]; then
        tail -n 30 "$out/apt-install.log" >&2
        die "could not install slurm-wlm and munge (apt-get exit $install_rc; log in $out/apt-install.log)"
    fi
    [ -z "$(missing_tools)" ] || die "installed slurm-wlm and munge but still missing: $(missing_tools | tr '\n' ' ')"
fi
say "$(slurmctld -V), $(munged -V 2>&1 | head -n 1)"

# --- the quotasim binary ------------------------------------------------------------
if [ -z "${QUOTASIM:-}" ]; then
    say "building quotasim (cargo build --release)"
    (cd "$repo" && cargo build --release --quiet --bin quotasim)
    target=${CARGO_TARGET_DIR:-$repo/target}
    case "$target" in /*) ;; *) target="$repo/$target" ;; esac
    QUOTASIM="$target/release/quotasim"
fi
[ -x "$QUOTASIM" ] || die "no quotasim binary at $QUOTASIM"
QUOTASIM=$(cd "$(dirname "$QUOTASIM")" && pwd)/$(basename "$QUOTASIM")

# --- the job script, cut from the README ----------------------------------------------
begin='<!-- slurm-local.sh runs this script: keep it between these markers -->'
end='<!-- end of the script slurm-local.sh runs -->'
job_script=$(awk -v b="$begin" -v e="$end" '
    $0 == b { inside = 1; next }
    $0 == e { inside = 0 }
    inside && /^```/ { fence = !fence; next }
    inside && fence { print }' "$repo/README.md")
case "$job_script" in
    '#!/bin/bash'*'#SBATCH --array='*'quotasim run '*'--shard '*) ;;
    *) die "README.md has no Slurm job script between the markers '$begin' and '$end'" ;;
esac
# The same command on one machine: the script's `quotasim run` line without its
# --shard and --out.
single_command=$(printf '%s\n' "$job_script" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' | grep -E '^ *quotasim run ' \
    | sed -E 's/ --shard +("[^"]*"|[^ ]+)//; s/ --out +("[^"]*"|[^ ]+)//')
case "$single_command" in
    *--shard* | *--out* | '') die "cannot turn the README's job line into a single-machine command: $single_command" ;;
esac

# --- a one-node cluster in a temporary folder -----------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/slurm-local.XXXXXX")
chmod 711 "$tmp" # munged needs its socket's folder searchable by all
work="$out/slurm"  # the job's working folder: output/shard-*, slurm-*.out
rm -rf "$work" "$out/merged" "$out/single"
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log" "$tmp/bin" "$work/logs"
chmod 711 "$tmp/munge"
ln -s "$repo/scenarios" "$work/scenarios"
ln -s "$QUOTASIM" "$tmp/bin/quotasim"
user=$(id -un)
daemons=() # "name pid" of every daemon started
job_id=

# Pids of the processes running in our folders (slurmstepd and the job's processes,
# which outlive slurmd), found by their working directory.
ours() {
    local p cwd
    for p in /proc/[0-9]*; do
        cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
        case "$cwd" in "$tmp" | "$tmp"/* | "$work" | "$work"/*) echo "${p#/proc/}" ;; esac
    done
}

alive() { # running, not a zombie
    [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]
}

stop() { # stop PID...: TERM, then KILL after 10 s
    local pid i
    for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
    for i in $(seq 50); do
        local left=0
        for pid in "$@"; do alive "$pid" && left=1; done
        [ "$left" -eq 0 ] && return 0
        sleep 0.2
    done
    for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
}

print_logs() {
    local f
    for f in "$tmp"/log/*.log "$tmp"/munge/munged.log "$work"/slurm-*.out; do
        [ -f "$f" ] || continue
        echo "----- $f" >&2
        cat "$f" >&2
    done
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    set +e
    cd / # so that this shell is not taken for a job process below
    if [ -n "$job_id" ] && [ -n "${SLURM_CONF:-}" ]; then
        scancel "$job_id" 2>/dev/null
        for _ in $(seq 50); do [ -z "$(squeue -h -j "$job_id" 2>/dev/null)" ] && break; sleep 0.2; done
    fi
    local entry pids=() names=()
    for entry in "${daemons[@]}"; do names+=("${entry% *}"); pids+=("${entry#* }"); done
    # In reverse order of starting: slurmd, slurmctld, then munged (Slurm needs it).
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop "${pids[i]}"; done
    # slurmstepd and job processes of a cancelled job outlive slurmd.
    local left
    left=$(ours)
    [ -z "$left" ] || { say "stopping leftover job processes: $(echo $left)"; stop $left; }
    wait 2>/dev/null
    cp "$tmp"/log/*.log "$tmp"/munge/munged.log "$tmp/slurm.conf" "$work/logs/" 2>/dev/null
    if [ "$status" -ne 0 ]; then
        say "Slurm logs:"
        print_logs
    fi
    # Nothing we started may be left running.
    left=$(ours; for pid in "${pids[@]}"; do alive "$pid" && echo "$pid"; done)
    if [ -n "$left" ]; then
        say "FAILED: processes left running:"
        ps -o pid,args -p "$(echo $left | tr ' ' ',')" >&2
        status=1
    else
        say "every daemon it started is stopped (${names[*]:-none started}); Slurm and munge processes left on this machine (ps):"
        ps -eo pid,stat,args | grep -E '[s]lurmctld|[s]lurmd|[s]lurmstepd|[s]lurmscriptd|[m]unged' >&2 || say "  none"
    fi
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # a TCP port nothing listens on, from a random start
    local port=$((20000 + RANDOM % 20000))
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port"
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
[ "$slurmd_port" != "$ctld_port" ] || slurmd_port=$((ctld_port + 1))

dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$tmp/munge/munge.key"
munged --foreground --socket="$tmp/munge/munge.sock" --key-file="$tmp/munge/munge.key" \
    --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed" \
    >>"$tmp/munge/munged.log" 2>&1 &
daemons+=("munged $!")
for _ in $(seq 50); do [ -S "$tmp/munge/munge.sock" ] && break; sleep 0.1; done
[ -S "$tmp/munge/munge.sock" ] || die "munged did not start"

cat >"$tmp/slurm.conf" <<EOF
# Generated by scripts/slurm-local.sh: a one-node cluster on localhost.
ClusterName=quotasim-local
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
# The node may offer more CPUs than the machine has: shards then share the cores.
SlurmdParameters=config_overrides
NodeName=quotasim-node NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$tmp/slurm.conf"

(cd "$tmp/log" && exec slurmctld -D -f "$SLURM_CONF" >>"$tmp/log/slurmctld.out" 2>&1) &
daemons+=("slurmctld $!")
(cd "$tmp/log" && exec slurmd -D -f "$SLURM_CONF" -N quotasim-node >>"$tmp/log/slurmd.out" 2>&1) &
daemons+=("slurmd $!")
say "cluster: slurmctld on port $ctld_port, slurmd on $slurmd_port, $cpus CPUs, files in $tmp"
for _ in $(seq 150); do
    [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && break
    sleep 0.2
done
[ "$(sinfo -h -o %t 2>/dev/null)" = idle ] || die "the node did not come up: $(sinfo 2>&1)"

# --- the README's job array -----------------------------------------------------------
printf '%s\n' "$job_script" >"$work/run.sh"
say "submitting the README's job script ($work/run.sh) with REPLICATIONS=$replications:"
sed 's/^/    /' "$work/run.sh" >&2
export PATH="$tmp/bin:$PATH" REPLICATIONS="$replications"
cd "$work"
started=$SECONDS
job_id=$(sbatch --parsable run.sh) || die "sbatch refused the job script"
say "job $job_id submitted; waiting (at most $job_timeout s)"
while [ -n "$(squeue -h -j "$job_id" 2>/dev/null)" ]; do
    [ $((SECONDS - started)) -lt "$job_timeout" ] || die "job $job_id still running after $job_timeout s"
    sleep 1
done
say "job $job_id finished in $((SECONDS - started)) s"
# Finished jobs stay known to slurmctld for MinJobAge (300 s): every task must have
# completed with exit code 0.
records=$(scontrol -o show job "$job_id") || die "slurmctld no longer knows job $job_id"
tasks=$(printf '%s\n' "$records" | wc -l)
completed=$(printf '%s\n' "$records" | grep -c ' JobState=COMPLETED .* ExitCode=0:0 ' || true)
if [ "$completed" -ne "$tasks" ]; then
    printf '%s\n' "$records" | sed -E 's/.*ArrayTaskId=([^ ]+).*JobState=([^ ]+).*ExitCode=([^ ]+).*/    task \1: \2, exit code \3/' >&2
    say "what quotasim merge says of the shards:"
    quotasim merge output/shard-* --out "$out/merged" --quiet >/dev/null || true
    die "$((tasks - completed)) of $tasks tasks of job $job_id did not complete"
fi
say "$tasks array tasks completed"

# --- merge, single run, comparison ----------------------------------------------------
say "quotasim merge output/shard-* --out $out/merged"
quotasim merge output/shard-* --out "$out/merged" --quiet >"$out/merged.txt" || die "quotasim merge failed"
say "on one machine: $single_command --out $out/single"
eval "$single_command --out \"\$out/single\"" >"$out/single.txt" || die "the single-machine run failed"
compared=0
for f in "$out"/single/*.csv "$out"/single/*.parquet "$out"/single/scenario.resolved.toml; do
    name=$(basename "$f")
    [ -f "$out/merged/$name" ] || die "merged run has no $name"
    cmp "$f" "$out/merged/$name" || die "$name differs between the merged shards and the single run"
    say "identical: $name ($(wc -c <"$f") bytes)"
    compared=$((compared + 1))
done
for f in "$out"/merged/*.csv "$out"/merged/*.parquet; do
    [ -f "$out/single/$(basename "$f")" ] || die "the merged run has $(basename "$f"), the single run has not"
done
[ "$compared" -ge 4 ] || die "only $compared tables to compare"
say "OK in $SECONDS s: $(ls -d output/shard-* | wc -l) shards of $replications replications run by Slurm, merged, $compared tables byte-identical to the single run"
