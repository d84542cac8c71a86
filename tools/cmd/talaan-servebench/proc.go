package main

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// USER_HZ on Linux: the unit of the times in /proc.
const ticksPerSecond = 100

func ticks(n int64) time.Duration { return time.Duration(n) * time.Second / ticksPerSecond }

// procStat returns the fields of /proc/PID/stat after the command name
// (field 3, the state, is [0]).
func procStat(pid int) []string {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	// The command name may hold spaces; the fields follow its ')'.
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}

// procComm is the process's command name, "" when it is gone.
func procComm(pid int) string {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(raw))
}

// cpuTimeAll is the process's user+system CPU time plus that of its
// children it has waited for.
func cpuTimeAll(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	f := procStat(pid)
	if len(f) < 15 {
		return 0
	}
	var sum int64
	for _, i := range []int{11, 12, 13, 14} { // utime, stime, cutime, cstime
		v, _ := strconv.ParseInt(f[i], 10, 64)
		sum += v
	}
	return ticks(sum)
}

// pids lists the running processes.
func pids() []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			out = append(out, pid)
		}
	}
	return out
}

// postgresCPU is the CPU time of the PostgreSQL server: every process
// named postgres (the postmaster, its background processes and the
// backends), with their reaped children, so that a backend that ended
// still counts (in the postmaster's). It is the whole server's, whoever's
// database the work was for.
func postgresCPU() time.Duration {
	var sum time.Duration
	for _, pid := range pids() {
		if procComm(pid) == "postgres" {
			sum += cpuTimeAll(pid)
		}
	}
	return sum
}

// childPID is the pid of this process's child named comm, 0 if none.
func childPID(comm string) int {
	self := strconv.Itoa(os.Getpid())
	for _, pid := range pids() {
		if f := procStat(pid); len(f) > 1 && f[1] == self && procComm(pid) == comm {
			return pid
		}
	}
	return 0
}

// cpuStat is the machine's CPU time from /proc/stat: busy, and all (busy
// plus idle and I/O wait), over every core.
type cpuStat struct{ busy, total time.Duration }

func machineCPU() cpuStat {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuStat{}
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return cpuStat{}
	}
	var v [8]int64
	for i := range v {
		v[i], _ = strconv.ParseInt(f[i+1], 10, 64)
	}
	// user nice system idle iowait irq softirq steal
	busy := v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
	return cpuStat{busy: ticks(busy), total: ticks(busy + v[3] + v[4])}
}
