package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// repoRoot is the folder of the talaan module's go.mod, found upwards from
// the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(strings.TrimSpace(string(b)), "module talaan\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the talaan repository, or give the binary with -bin")
		}
		dir = parent
	}
}

// goTool finds the go command: on PATH, else beside this toolchain.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

func build(ctx context.Context, root, bin string) error {
	cmd := exec.CommandContext(ctx, goTool(), "build", "-o", bin, "./cmd/talaan")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("build ./cmd/talaan: %w\n%s", err, out)
	}
	return nil
}

// childEnv is this process's environment without any TALAAN_* or AWS_*
// variable, plus the given ones, so that a developer's settings cannot
// point the server elsewhere.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TALAAN_") && !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// tenant is what `talaan tenant create` prints.
type tenant struct {
	TenantID  string `json:"tenantId"`
	APIKey    string `json:"apiKey"`
	APISecret string `json:"apiSecret"`
}

// createTenant runs `talaan tenant create` with the given settings
// (TALAAN_DATA_DIR, TALAAN_DATABASE_URL, ...).
func createTenant(ctx context.Context, bin, name string, env ...string) (tenant, error) {
	cmd := exec.CommandContext(ctx, bin, "tenant", "create", "--name", name)
	cmd.Env = childEnv(append([]string{"TALAAN_WORKERS=0", "TALAAN_LOG_LEVEL=warn"}, env...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return tenant{}, fmt.Errorf("talaan tenant create: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var t tenant
	if err := json.Unmarshal(stdout.Bytes(), &t); err != nil || t.APIKey == "" || t.APISecret == "" {
		return tenant{}, fmt.Errorf("talaan tenant create printed %q, not {tenantId, apiKey, apiSecret}", strings.TrimSpace(stdout.String()))
	}
	return t, nil
}

// server is one talaan child process: `talaan serve` or `talaan worker`.
type server struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT, for serve
	pid  int
	logs *tailBuffer
	done chan struct{} // closed when the process has exited
	err  error         // its exit status, after done
	// grace is how long stop waits after SIGTERM before SIGKILL.
	grace time.Duration

	stopOnce sync.Once
}

// The running servers, so that main can kill them whatever happens.
var (
	childrenMu sync.Mutex
	children   = map[*server]bool{}
)

// killAll stops every server still running.
func killAll() {
	childrenMu.Lock()
	list := make([]*server, 0, len(children))
	for s := range children {
		list = append(list, s)
	}
	childrenMu.Unlock()
	var wg sync.WaitGroup
	for _, s := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.stop()
		}()
	}
	wg.Wait()
}

// freeLoopbackAddr returns 127.0.0.1:PORT with a port that was free a
// moment ago.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr, nil
}

// startServer starts `talaan serve` on a free loopback port with no
// workers and the given settings (TALAAN_DATA_DIR, ...), and waits until
// /healthz answers.
func startServer(ctx context.Context, bin string, env ...string) (*server, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // the free port may be taken meanwhile
		s, err := startServerOnce(ctx, bin, env)
		if err == nil {
			return s, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, lastErr
}

func startServerOnce(ctx context.Context, bin string, env []string) (*server, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	if host, _, _ := net.SplitHostPort(addr); !net.ParseIP(host).IsLoopback() {
		return nil, fmt.Errorf("refusing the non-loopback address %s", addr)
	}
	s, err := startChild(bin, "serve", append([]string{"TALAAN_ADDR=" + addr, "TALAAN_WORKERS=0", "TALAAN_LOG_LEVEL=warn"}, env...), 64<<10)
	if err != nil {
		return nil, err
	}
	s.base = "http://" + addr
	if err := s.waitHealthy(ctx, 60*time.Second); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// startChild starts `talaan command` with the settings env (later ones
// win) and keeps the last logMax bytes of its output.
func startChild(bin, command string, env []string, logMax int) (*server, error) {
	cmd := exec.Command(bin, command)
	cmd.Env = childEnv(env...)
	// Its own process group (a Ctrl-C reaches only the bench, which stops
	// it), and killed by the kernel if the bench dies.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	logs := &tailBuffer{max: logMax}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s %s: %w", bin, command, err)
	}
	s := &server{cmd: cmd, pid: cmd.Process.Pid, logs: logs, done: make(chan struct{}), grace: 10 * time.Second}
	childrenMu.Lock()
	children[s] = true
	childrenMu.Unlock()
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	return s, nil
}

func (s *server) waitHealthy(ctx context.Context, limit time.Duration) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(limit)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/healthz", nil)
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return fmt.Errorf("talaan serve exited before answering /healthz (%v): %s", s.err, s.logs.lastLines(10))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("talaan serve did not answer %s/healthz within %s: %s", s.base, limit, s.logs.lastLines(10))
		}
	}
}

// stop asks the process to shut down (SIGTERM), and kills it after its
// grace period (10 s unless set).
func (s *server) stop() {
	s.stopOnce.Do(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-s.done:
			case <-time.After(s.grace):
				_ = syscall.Kill(-s.pid, syscall.SIGKILL)
				_ = s.cmd.Process.Kill()
				<-s.done
			}
		}
		childrenMu.Lock()
		delete(children, s)
		childrenMu.Unlock()
	})
}

// alive reports whether the process is still running.
func (s *server) alive() bool {
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

// procStatus reads the named fields (kB) of /proc/PID/status.
func procStatus(pid int, fields ...string) map[string]int64 {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return nil
	}
	out := map[string]int64{}
	for _, line := range strings.Split(string(raw), "\n") {
		for _, f := range fields {
			if rest, ok := strings.CutPrefix(line, f+":"); ok {
				v := strings.Fields(rest)
				if len(v) > 0 {
					n, _ := strconv.ParseInt(v[0], 10, 64)
					out[f] = n
				}
			}
		}
	}
	return out
}

// cpuTime is the process's user+system CPU time from /proc/PID/stat.
func cpuTime(pid int) time.Duration {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields follow its ')'.
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks
}

// selfCPU is this process's user+system CPU time.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) lastLines(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(t.buf)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	if len(lines) == 1 && lines[0] == "" {
		return "(no output)"
	}
	return strings.Join(lines, " | ")
}

// contains reports whether the kept output holds substr.
func (t *tailBuffer) contains(substr string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Contains(string(t.buf), substr)
}

// count counts substr in the kept output.
func (t *tailBuffer) count(substr string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Count(string(t.buf), substr)
}

// warnings counts the log lines at WARN or above the server printed.
func (t *tailBuffer) warnings() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Count(string(t.buf), "level=WARN") + strings.Count(string(t.buf), "level=ERROR")
}
