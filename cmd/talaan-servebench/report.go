package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

func writeLatency(w io.Writer, r *latencyReport) {
	fmt.Fprintf(w, "GET /v1/incomes?userId=…&size=%d with %s stored incomes (%s users x %d)\n\n",
		r.Size, thousands(r.Incomes), thousands(r.Users), r.Incomes/max(r.Users, 1))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\trequests\treq/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\terrors/non-200\tserver CPU ms/req\tnote")
	for _, row := range r.Rows {
		cpu := "-"
		if row.ServerCPUMS > 0 {
			cpu = fmt.Sprintf("%.3f", row.ServerCPUMS)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t%s\t%s\n", row.Name, row.Requests, row.PerSecond,
			row.P50, row.P90, row.P99, row.Max, failures(row), cpu, row.Note)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\ntarget: %s\n", r.Target)
	seeded := fmt.Sprintf("seeded in %.1f s", r.SeedSeconds)
	if r.ReusedData {
		seeded = fmt.Sprintf("reused (seeded in %.1f s before)", r.SeedSeconds)
	}
	fmt.Fprintf(w, "data: database %.0f MB, %s\n", r.DatabaseMB, seeded)
	fmt.Fprintf(w, "open loop: latency from each request's scheduled send time; %.0f s warm-up first, not recorded; %d keep-alive connections (%d opened during the recorded run), at most %d requests in flight; %d sends more than 1 ms late (latest %.1f ms)\n",
		r.WarmupSeconds, r.Connections, r.NewConnections, r.MaxInFlight, r.LateSends, r.MaxSendLagMS)
	fmt.Fprintf(w, "open loop, p99 of each second: median %.2f ms, worst %.2f ms (second %d)\n", r.SecondP99Median, r.SecondP99Worst, r.WorstSecond)
	fmt.Fprintf(w, "CPU during the open loop: server %.0f%% of one core (%.3f ms per request), this load generator %.0f%%\n",
		r.ServerCPUPercent, r.ServerCPUPerRequestMS, r.BenchCPUPercent)
	fmt.Fprintf(w, "server (TALAAN_WORKERS=0) after the HTTP runs: RSS %.0f MB, peak %.0f MB\n", r.ServerRSSMB, r.ServerHWMMB)
	for _, row := range r.Rows {
		if row.FirstError != "" {
			fmt.Fprintf(w, "first error in %q: %s\n", row.Name, row.FirstError)
		}
	}
}

func failures(r latencyRow) string {
	s := fmt.Sprintf("%d/%d", r.Errors, r.Non200)
	if r.Non200 > 0 {
		var codes []string
		for c, n := range r.Statuses {
			if c != "200" {
				codes = append(codes, fmt.Sprintf("%dx%s", n, c))
			}
		}
		sort.Strings(codes)
		s += " (" + strings.Join(codes, ", ") + ")"
	}
	return s
}

func writeUpload(w io.Writer, r *uploadReport) {
	if len(r.Rounds) == 0 {
		return
	}
	first := r.Rounds[0]
	fmt.Fprintf(w, "POST /v1/archives: %d clients upload one %d MB file each at once; server memory (VmRSS every 10 ms, VmHWM)\n\n",
		first.Clients, first.FileBytes>>20)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tidle RSS MB\tpeak RSS MB\tVmHWM MB\tpeak-idle MB\tstatuses\tstored\tseconds\tMB/s\tslowest s")
	for _, u := range r.Rounds {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t%.1f\t%s\t%d\t%.2f\t%.1f\t%.2f\n", u.Name, u.IdleRSSMB, u.PeakRSSMB, u.HWMMB,
			u.PeakAboveIdleMB, statusSummary(u.Statuses), u.Stored, u.Seconds, u.MBPerSecond, u.SlowestSeconds)
	}
	_ = tw.Flush()
	fmt.Fprintln(w)
	for _, u := range r.Rounds {
		if u.Target != "" {
			fmt.Fprintf(w, "target (%s): %s\n", u.Name, u.Target)
		}
	}
	for _, u := range r.Rounds {
		if u.FirstError != "" {
			fmt.Fprintf(w, "first error (%s): %s\n", u.Name, u.FirstError)
		}
	}
	if len(r.Rounds) > 1 {
		fmt.Fprintln(w, "the JSON round has no target: the JSON body is decoded whole in memory, which is why multipart exists")
	}
	fmt.Fprintf(w, "peak-idle uses the higher of the sampled peak and VmHWM; stored = files of the full size in the blob folder; %s\n", r.Note)
}

// statusSummary prints 20 statuses as e.g. "20x200" or "18x200, 2x413".
func statusSummary(statuses []int) string {
	counts := map[int]int{}
	for _, s := range statuses {
		counts[s]++
	}
	var keys []int
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var parts []string
	for _, k := range keys {
		name := strconv.Itoa(k)
		if k == 0 {
			name = "error"
		}
		parts = append(parts, fmt.Sprintf("%dx%s", counts[k], name))
	}
	return strings.Join(parts, ", ")
}

// thousands prints n with commas.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
