#!/usr/bin/env bash
# tests/scale/check-scale.sh BIN - the scale-out recipes of docs/scaling.md
# run for real on this machine (make check-scale; as root, with the Debian
# packages slurmctld slurmd munge parallel openssh-server installed):
#   - a single-node Slurm cluster started by hand (munged with a throwaway
#     key, slurmctld and slurmd with a slurm.conf in a temporary folder, no
#     systemd, no cgroups) runs the documented job array; one array task
#     is cancelled while it builds and the documented re-run finishes it;
#   - GNU parallel runs the documented shards over ssh to localhost (sshd
#     on a loopback port, throwaway keys, a temporary ssh config), one
#     shard fails and the documented --retry-failed re-runs it on the host;
#   - the Kubernetes Indexed Job's container command runs for every index.
# The recipes are taken from docs/scaling.md (tests/scale/recipe.py) with
# only their settings changed, so the doc and this test cannot drift.
# Each run must build every report exactly once, with the bytes of a
# single-machine `baocao build`, and leave no temporary file. The shard a
# report lands in is never assumed, only exactly-once coverage. Every wait
# has a hard timeout; every daemon is stopped by its PID on exit.
# Prints "ok:"/"FAIL:" lines and a closing "N passed, M failed".
set -u
BIN=${1:-build/baocao}
. tests/lib.sh
DOC=docs/scaling.md
RECIPE=tests/scale/recipe.py
PY=/usr/bin/python3
T=$(mktemp -d /tmp/baocao-scale.XXXXXX)
PIDS=""			# daemons started here, stopped on exit
SLURM_UP=0
CTLD_PORT=16817		# not Slurm's 6817: never meet a system cluster
SLURMD_PORT=16818
SSH_PORT=22522

# ---- stopping everything, even on failure ----

# Slurm's clients wait for a controller that does not answer (another
# program on its port, say): never more than 10 s here.
sbatch() { timeout 10 sbatch "$@"; }
squeue() { timeout 10 squeue "$@"; }
sinfo() { timeout 10 sinfo "$@"; }
scontrol() { timeout 10 scontrol "$@"; }
scancel() { timeout 10 scancel "$@"; }

cleanup() {
	local p i end=$((SECONDS + 15))
	# Jobs outlive slurmd: cancel them first, if the controller runs.
	if [ "$SLURM_UP" = 1 ] && kill -0 "$CTLD_PID" 2>/dev/null; then
		scancel --signal=KILL --user=root >/dev/null 2>&1
		scancel --user=root >/dev/null 2>&1
		while [ "$SECONDS" -lt "$end" ] && squeue -h 2>/dev/null | grep -q .; do
			sleep 0.2
		done
	fi
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do
		for i in $(seq 1 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null
	done
	[ -n "${KEEP_SCALE:-}" ] && echo "note: kept $T" || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# timeout_until SECONDS CMD...: true once CMD succeeds, false after SECONDS.
timeout_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.2
	done
}

# ---- what every run must give ----

# check_out NAME DIR: DIR/shard-*/ hold every report's PDF exactly once,
# each byte-identical to the single-machine build in $T/ref, and no
# temporary file.
check_out() {
	local name=$1 dir=$2 n dup diff=0 f rel
	n=$(cd "$dir" && find shard-* -name '*.pdf' | wc -l)
	dup=$(cd "$dir" && find shard-* -name '*.pdf' | sed 's|^shard-[0-9]*/||' |
	    sort | uniq -d | head -3)
	expect '[ "$n" = "$NREP" ] && [ -z "$dup" ]' \
	    "$name: every report built exactly once ($n PDFs for $NREP reports${dup:+; twice: $dup})"
	while read -r f; do
		rel=${f#*/}
		cmp -s "$dir/$f" "$T/ref/$rel" || { diff=$((diff + 1)); echo "  differs: $f"; }
	done < <(cd "$dir" && find shard-* -name '*.pdf')
	expect '[ "$diff" = 0 ] && [ "$n" -gt 0 ]' \
	    "$name: PDFs byte-identical to a single-machine build ($diff differ)"
	expect '! find "$dir" -name ".baocao-*.tmp" | grep -q .' \
	    "$name: no temporary file left in the out dirs"
}

# ---- the report set and the single-machine reference ----

setup_reports() {
	"$PY" tests/scale/gen.py "$T/reports" 36 || return 1
	NREP=$(ls "$T/reports" | grep -c '^[^_.].*\.yaml$')
	SDE=$(sed -n 's/^export SOURCE_DATE_EPOCH=\([0-9]*\).*/\1/p' \
	    <("$RECIPE" "$DOC" slurm-script))
	mkdir -p "$T/bin"
	ln -s "$(abs_path "$BIN")" "$T/bin/baocao"
	export PATH="$T/bin:$PATH"
	SOURCE_DATE_EPOCH=$SDE timeout 120 baocao build -q -f -o "$T/ref" "$T/reports"
}

# ---- Slurm ----

start_slurm() {
	local cpus mem d=$T/slurm-sys
	mkdir -p "$d/state" "$d/spool" "$d/munge"
	chmod 755 "$d/munge"
	head -c 1024 /dev/urandom > "$d/munge/munge.key"
	chmod 400 "$d/munge/munge.key"
	munged -F -f --key-file="$d/munge/munge.key" --socket="$d/munge/sock" \
	    --pid-file="$d/munge/pid" --log-file="$d/munge/log" \
	    --seed-file="$d/munge/seed" > "$d/munged.out" 2>&1 &
	PIDS="$PIDS $!"
	timeout_until 10 test -S "$d/munge/sock" || { echo "  munged:"; tail -n 3 "$d/munged.out"; return 1; }
	cpus=$(nproc)
	mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
	cat > "$d/slurm.conf" <<EOF
ClusterName=baocaocheck
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge/sock
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
KillWait=5
MessageTimeout=5
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
ReturnToService=2
MailProg=/bin/true
NodeName=localhost CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=main Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
	export SLURM_CONF=$d/slurm.conf
	slurmctld -D -i -f "$SLURM_CONF" > "$d/slurmctld.out" 2>&1 &
	CTLD_PID=$!
	slurmd -D -N localhost -f "$SLURM_CONF" > "$d/slurmd.out" 2>&1 &
	SLURMD_PID=$!
	PIDS="$PIDS $CTLD_PID $SLURMD_PID"
	SLURM_UP=1
	if ! timeout_until 30 node_idle_or_gone || ! node_idle; then
		echo "  slurmctld:"; tail -n 3 "$d/slurmctld.log" "$d/slurmctld.out"
		echo "  slurmd:"; tail -n 3 "$d/slurmd.log" "$d/slurmd.out"
		return 1
	fi
}
node_idle() { [ "$(sinfo -h -n localhost -o %T 2>/dev/null)" = idle ]; }
node_idle_or_gone() {	# a daemon that exited will not come up: stop waiting
	! kill -0 "$CTLD_PID" 2>/dev/null || ! kill -0 "$SLURMD_PID" 2>/dev/null || node_idle
}

# wait_job JOB SECONDS: true when JOB (every array task) has left the
# queue; false after SECONDS, with the queue shown and the job cancelled.
job_gone() { ! squeue -h -j "$1" 2>/dev/null | grep -q .; }
wait_job() {
	timeout_until "$2" job_gone "$1" && return 0
	echo "  job $1 still queued after $2 s:"
	squeue -j "$1" -o '  %i %T %r' 2>/dev/null
	scancel "$1" 2>/dev/null
	return 1
}
# task_states JOB: "STATE EXIT" of each array task, one a line.
task_states() {
	scontrol -o show job "$1" 2>/dev/null |
	    sed -n 's/.* JobState=\([A-Z_]*\) .* ExitCode=\([0-9:]*\) .*/\1 \2/p'
}
# submit DIR CMD: run CMD (a recipe) in DIR; prints the job id.
submit() {
	(cd "$1" && timeout 30 sh -c "$2") | sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p'
}

slurm_array() {
	local w=$T/slurm out=$T/slurm-pdf/out job states t0
	mkdir -p "$w"
	# The settings, and --cpus-per-task: 1 CPU a task on this node.
	"$RECIPE" "$DOC" slurm-script REPORTS="$T/reports" OUT="$out" \
	    --cpus-per-task=1 > "$w/batch.sbatch" || { bad "Slurm: the recipe's settings are gone"; return 1; }
	expect '[ ! -e "$T/slurm-pdf" ]' "Slurm: the out dir's parent does not exist before the run"
	job=$(submit "$w" "$("$RECIPE" "$DOC" slurm-submit)")
	expect '[ -n "$job" ]' "Slurm: the documented 'sbatch batch.sbatch' submits job ${job:-?}"
	[ -n "$job" ] || return 1
	t0=$SECONDS
	wait_job "$job" 90
	expect '[ "$?" = 0 ]' "Slurm: the job array finishes within 90 s ($((SECONDS - t0)) s)"
	states=$(task_states "$job" | sort | uniq -c | tr -s ' ' | tr '\n' ';')
	expect '[ "$(task_states "$job" | grep -c "^COMPLETED 0:0$")" = 16 ]' \
	    "Slurm: 16 array tasks COMPLETED with exit 0 ($states)"
	expect '[ "$(ls "$w"/logs/baocao-"$job"_*.out 2>/dev/null | wc -l)" = 16 ] && ! cat "$w"/logs/*.out | grep -q .' \
	    "Slurm: 16 logs in logs/, all empty (no error, no warning)"
	check_out "Slurm" "$out"
	SLURM_JOB=$job
}

# The documented re-run after a task was cancelled while building: the
# shard holding big.yaml (a few seconds of work) is emptied and run again
# with the re-run command, cancelled once it is building, then re-run.
slurm_cancel_rerun() {
	local w=$T/slurm out=$T/slurm-pdf/out k job n rerun
	k=$(cd "$out" && ls -d shard-*/big.pdf 2>/dev/null | sed 's|shard-\([0-9]*\)/.*|\1|')
	[ -n "$k" ] || { bad "Slurm: big.pdf is in no shard"; return 1; }
	n=$(find "$out/shard-$k" -name '*.pdf' | wc -l)
	rm -rf "${out:?}/shard-$k"
	rerun=$("$RECIPE" "$DOC" slurm-rerun FAILED="$k") || { bad "Slurm: the re-run recipe has no FAILED setting"; return 1; }
	job=$(submit "$w" "$rerun")
	[ -n "$job" ] || { bad "Slurm: the re-run of task $k was not submitted"; return 1; }
	if timeout_until 30 test -e "$out/shard-$k/.baocao.lock"; then
		sleep 0.5
		scancel "$job"
	fi
	wait_job "$job" 30
	expect 'task_states "$job" | grep -q "^CANCELLED " && [ ! -e "$out/shard-$k/big.pdf" ]' \
	    "Slurm: task $k cancelled (scancel) while building: $(task_states "$job"), $(find "$out/shard-$k" -name '*.pdf' 2>/dev/null | wc -l) of $n PDFs written"
	job=$(submit "$w" "$rerun")
	expect '[ -n "$job" ] && wait_job "$job" 60 && [ "$(task_states "$job")" = "COMPLETED 0:0" ]' \
	    "Slurm: the documented re-run (sbatch --array=$k) completes"
	check_out "Slurm after cancel and re-run" "$out"
}

# A --cpus-per-task above the node's CPUs stays pending: the wait's
# timeout catches it (this check never hangs on a pending job).
slurm_pending() {
	local w=$T/slurm job reason
	job=$(cd "$w" && sbatch --cpus-per-task=$(($(nproc) + 1)) --array=0 batch.sbatch |
	    sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p')
	[ -n "$job" ] || { ok "Slurm: a task asking more CPUs than the node has is refused"; return; }
	sleep 2
	reason=$(squeue -h -j "$job" -o '%T %r' 2>/dev/null | head -1)
	expect '! wait_job "$job" 3 >/dev/null' \
	    "Slurm: --cpus-per-task=$(($(nproc) + 1)) on a $(nproc)-CPU node stays pending ($reason), caught by the timeout"
}

# Why the submit line makes logs/ first: without it the task fails at
# once and leaves no log.
slurm_no_logs() {
	local w=$T/slurm-nologs job
	mkdir -p "$w"
	cp "$T/slurm/batch.sbatch" "$w/"
	job=$(cd "$w" && timeout 30 sbatch --array=0 batch.sbatch |
	    sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p')
	[ -n "$job" ] && wait_job "$job" 30
	expect '[ -n "$job" ] && task_states "$job" | grep -q "^FAILED " && [ ! -e "$w/logs" ]' \
	    "Slurm: without logs/ a task fails at once and writes no log ($(scontrol -o show job "$job" 2>/dev/null | grep -o 'Reason=[A-Za-z]*'))"
}

# The script outside Slurm's --cpus-per-task: -j falls back to nproc.
slurm_cpu_fallback() {
	local out=$T/fallback/out rc
	"$RECIPE" "$DOC" slurm-script REPORTS="$T/reports" OUT="$out" N=40 > "$T/fb.sh"
	(unset SLURM_CPUS_PER_TASK; SLURM_ARRAY_TASK_ID=0 timeout 60 sh "$T/fb.sh" > "$T/fb.log" 2>&1)
	rc=$?
	expect '[ "$rc" = 0 ] && ! grep -q . "$T/fb.log"' \
	    "Slurm script without SLURM_CPUS_PER_TASK: -j falls back to nproc (exit $rc)"
}

# ---- GNU parallel over ssh ----

start_sshd() {
	local d=$T/ssh
	mkdir -p "$d" /run/sshd
	chmod 700 "$d"
	ssh-keygen -q -t ed25519 -N '' -f "$d/host_key" &&
	    ssh-keygen -q -t ed25519 -N '' -f "$d/id" || return 1
	cp "$d/id.pub" "$d/authorized_keys"
	cat > "$d/sshd_config" <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $d/host_key
AuthorizedKeysFile $d/authorized_keys
PidFile $d/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
EOF
	cat > "$d/config" <<EOF
Host localhost
  Port $SSH_PORT
  IdentityFile $d/id
  IdentitiesOnly yes
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  BatchMode yes
  LogLevel ERROR
EOF
	/usr/sbin/sshd -D -e -f "$d/sshd_config" > "$d/sshd.out" 2>&1 &
	PIDS="$PIDS $!"
	# GNU parallel's ssh command; the recipe itself is unchanged.
	export PARALLEL_SSH="ssh -F $d/config"
	timeout_until 10 $PARALLEL_SSH localhost true 2>/dev/null || { tail -n 3 "$d/sshd.out"; return 1; }
}

# The documented run with one shard made to fail (its out dir is a file),
# then the documented --retry-failed: it must run on the host.
parallel_run() {
	local w=$T/par out=$T/par-pdf/out sets run rerun rc line t0
	mkdir -p "$w" "$out"
	sets="HOSTS=localhost N=4 REPORTS=$T/reports OUT=$out"
	run=$("$RECIPE" "$DOC" parallel-run $sets) || { bad "parallel: the recipe's settings are gone"; return 1; }
	: > "$out/shard-2"
	t0=$SECONDS
	(cd "$w" && timeout 120 sh -c "$run" > run.out 2>&1)
	rc=$?
	echo "  (parallel run: $((SECONDS - t0)) s)"
	line=$(awk -F'\t' '$9 ~ /--shard 2\// {print $2, $7}' "$w/shards.log")
	expect '[ "$rc" = 1 ] && [ "$line" = "localhost 2" ] && [ "$(awk -F"\t" "NR > 1 && \$2 == \"localhost\" && \$7 == 0" "$w/shards.log" | wc -l)" = 3 ]' \
	    "parallel: 4 shards over ssh, 3 exit 0 on localhost, the broken shard 2 exits 2 (parallel: $rc; shard 2: $line)"
	rm -f "$out/shard-2"
	# The re-run block uses the run block's settings (same shell).
	rerun=$(printf '%s\n' "$run" | sed -n '/^[A-Z_]*=/p'; "$RECIPE" "$DOC" parallel-rerun)
	(cd "$w" && timeout 60 sh -c "$rerun" >> run.out 2>&1)
	rc=$?
	line=$(awk -F'\t' '$9 ~ /--shard 2\// {print $2, $7}' "$w/shards.log" | tail -1)
	expect '[ "$rc" = 0 ] && [ "$line" = "localhost 0" ]' \
	    "parallel: the documented --retry-failed re-runs shard 2 on the host, not here (exit $rc; joblog: $line)"
	check_out "parallel" "$out"
	# Why the recipe has --env PATH: without it the ssh command's PATH
	# lacks baocao's folder (one shard, it fails before building).
	run=$("$RECIPE" "$DOC" parallel-run HOSTS=localhost N=1 REPORTS="$T/reports" OUT="$T/par-nopath/out" |
	    sed 's/--env PATH //')
	mkdir -p "$T/par-nopath"
	(cd "$T/par-nopath" && timeout 30 sh -c "$run" > run.out 2>&1)
	line=$(awk -F'\t' 'NR > 1 {print $2, $7}' "$T/par-nopath/shards.log" 2>/dev/null)
	expect '[ "$line" = "localhost 127" ]' \
	    "parallel: without --env PATH the remote shard exits 127 (joblog: $line)"
}

# ---- Kubernetes: the Indexed Job's command, run for every index ----

k8s_indexes() {
	local out=$T/k8s-pdf cmds rc=0 c t0=$SECONDS
	mkdir -p "$out"		# the claim mounted at /pdf
	cmds=$("$RECIPE" "$DOC" k8s-job --k8s /reports="$T/reports" /pdf="$out") ||
	    { bad "Kubernetes: the Job mounts nothing at /reports or /pdf"; return 1; }
	while read -r c; do
		timeout 60 sh -c "$c" || rc=$?
	done <<< "$cmds"
	expect '[ "$rc" = 0 ]' "Kubernetes: the container's command exits 0 for each of the $(echo "$cmds" | wc -l) indexes ($((SECONDS - t0)) s)"
	check_out "Kubernetes" "$out"
}

# ---- the run ----

if [ "$(id -u)" != 0 ]; then
	bad "make check-scale runs as root (it starts munged, slurmd and sshd)"
	echo "$pass passed, $fail failed"
	exit 1
fi
start=$SECONDS
if setup_reports; then
	ok "report set: $NREP reports (samples, variants, one of ~1,700 pages), single-machine build done ($((SECONDS - start)) s)"
else
	bad "report set: the reports or the single-machine build failed"
	echo "$pass passed, $fail failed"
	exit 1
fi
if start_slurm; then
	ok "Slurm: munged, slurmctld and slurmd ($(slurmctld -V)) up, node idle ($((SECONDS - start)) s in)"
	slurm_array && slurm_cancel_rerun
	slurm_pending
	slurm_no_logs
else
	bad "Slurm: the single-node cluster did not come up (logs above)"
fi
slurm_cpu_fallback
if start_sshd; then
	ok "sshd on 127.0.0.1:$SSH_PORT, key login works"
	parallel_run
else
	bad "sshd on 127.0.0.1:$SSH_PORT did not accept the throwaway key"
fi
k8s_indexes
echo "time: $((SECONDS - start)) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
