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
	db := "SQLite"
	if r.Database == "postgres" {
		db = "PostgreSQL"
	}
	fmt.Fprintf(w, "GET /v1/incomes?userId=…&size=%d with %s stored incomes (%s users x %d) on %s\n\n",
		r.Size, thousands(r.Incomes), thousands(r.Users), r.Incomes/max(r.Users, 1), db)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	pg := r.Database == "postgres"
	head := "case\trequests\treq/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\terrors/non-200\tserver CPU ms/req\t"
	if pg {
		head += "PostgreSQL CPU ms/req\t"
	}
	fmt.Fprintln(tw, head+"note")
	for _, row := range r.Rows {
		cpu, dbCPU := "-", "-"
		if row.ServerCPUMS > 0 {
			cpu = fmt.Sprintf("%.3f", row.ServerCPUMS)
			dbCPU = fmt.Sprintf("%.3f", row.PostgresCPUMS)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t%s\t", row.Name, row.Requests, row.PerSecond,
			row.P50, row.P90, row.P99, row.Max, failures(row), cpu)
		if pg {
			fmt.Fprintf(tw, "%s\t", dbCPU)
		}
		fmt.Fprintf(tw, "%s\n", row.Note)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\ntarget (%s): %s\n", db, r.Target)
	seeded := fmt.Sprintf("seeded in %.1f s", r.SeedSeconds)
	if r.ReusedData {
		seeded = fmt.Sprintf("reused (seeded in %.1f s before)", r.SeedSeconds)
	}
	fmt.Fprintf(w, "data: %s database %.0f MB, %s\n", db, r.DatabaseMB, seeded)
	fmt.Fprintf(w, "open loop: latency from each request's scheduled send time; %.0f s warm-up first, not recorded; %d keep-alive connections (%d opened during the recorded run), at most %d requests in flight; %d sends more than 1 ms late (latest %.1f ms)\n",
		r.WarmupSeconds, r.Connections, r.NewConnections, r.MaxInFlight, r.LateSends, r.MaxSendLagMS)
	fmt.Fprintf(w, "open loop, p99 of each second: median %.2f ms, worst %.2f ms (second %d)\n", r.SecondP99Median, r.SecondP99Worst, r.WorstSecond)
	dbPart := ""
	if pg {
		dbPart = fmt.Sprintf(", PostgreSQL %.0f%% (%.3f ms per request)", r.PostgresCPUPercent, r.Open.PostgresCPUMS)
	}
	fmt.Fprintf(w, "CPU during the open loop: server %.0f%% of one core (%.3f ms per request)%s, this load generator %.0f%%; the machine was %.0f%% busy (all cores, all processes)\n",
		r.ServerCPUPercent, r.ServerCPUPerRequestMS, dbPart, r.BenchCPUPercent, r.MachineBusyPercent)
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

func writeThroughput(w io.Writer, r *throughputReport) {
	fmt.Fprintf(w, "documents per minute: a batch of %d scanned payslips on one PostgreSQL and one MinIO, an API process without workers, `talaan worker` processes on the same machine\n\n", r.Documents)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "round\tfinal\tseconds\tdocs/min\tstart-up s\tfirst done s\tstatuses\tnet pay right\tworker CPU s (processed)\tCPU s/doc\tworker peak RSS MB\tAPI/PG/MinIO CPU s\tmachine busy\tof it others'\tload before/after")
	for _, x := range r.Rounds {
		var cpu, rss []string
		for _, p := range x.Workers {
			cpu = append(cpu, fmt.Sprintf("%.1f (%d)", p.CPUSeconds, p.Processed))
			rss = append(rss, fmt.Sprintf("%.0f", p.PeakRSSMB))
		}
		busy, others := "?", "?"
		if x.MachineCPUSeconds > 0 {
			busy = fmt.Sprintf("%.0f of %.0f CPU s", x.MachineBusyCPUSeconds, x.MachineCPUSeconds)
			others = fmt.Sprintf("%.0f CPU s", x.OtherCPUSeconds)
		}
		rate := "-"
		if x.Complete {
			rate = fmt.Sprintf("%.1f", x.DocsPerMinute)
		}
		fmt.Fprintf(tw, "%s\t%d/%d\t%.1f\t%s\t%.1f\t%.1f\t%s\t%d/%d\t%s\t%.2f\t%s\t%.1f/%.1f/%.1f\t%s\t%s\t%s/%s\n", x.Name, x.Final, x.Documents,
			x.Seconds, rate, x.StartupSeconds, x.FirstDoneSeconds, statusCounts(x.Statuses), x.NetRight, x.Documents,
			strings.Join(cpu, " + "), x.WorkerCPUPerDoc, strings.Join(rss, " + "), x.APICPUSeconds, x.PostgresCPUSeconds, x.MinioCPUSeconds,
			busy, others, x.LoadBefore, x.LoadAfter)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\ntarget: %s\n", r.Target)
	if len(r.Rounds) >= 3 && r.Rounds[0].DocsPerMinute > 0 && r.Rounds[2].Complete {
		fmt.Fprintf(w, "for comparison (no target): one process with TALAAN_WORKERS=2 reads %.2fx as fast as one with TALAAN_WORKERS=1\n",
			r.Rounds[2].DocsPerMinute/r.Rounds[0].DocsPerMinute)
	}
	fmt.Fprintf(w, "clock: %s\n", r.Clock)
	fmt.Fprintf(w, "documents: %s; the same batch is uploaded again for each round\n", r.DocumentKind)
	fmt.Fprintln(w, "CPU: user+system seconds during the measured time (workers: until all were final, before they exit); PG = every process of the PostgreSQL server, whoever's database; machine busy = all processes on the machine, from /proc/stat; others' = what the bench's processes (this one included) do not account for")
	for _, x := range r.Rounds {
		if x.Note != "" {
			fmt.Fprintf(w, "%s: %s\n", x.Name, x.Note)
		}
	}
	if r.Note != "" {
		fmt.Fprintln(w, r.Note)
	}
}

// statusCounts prints archive statuses as e.g. "100 ANALYZED".
func statusCounts(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}
