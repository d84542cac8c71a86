package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"talaan/storage"
	"talaan/storage/sqlite"
	"talaan/tools/eval"
)

// server is a `talaan serve` child process.
type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	url  string
	mu   sync.Mutex
	logs bytes.Buffer
	done chan struct{}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serve starts the binary with the data dir and extra TALAAN_* settings and
// waits until it listens.
func serve(t *testing.T, dataDir, addr string, env ...string) *server {
	t.Helper()
	return start(t, "serve", "talaan is serving", dataDir, addr, env...)
}

// start runs `talaan <command>` and waits for ready in its log.
func start(t *testing.T, command, ready, dataDir, addr string, env ...string) *server {
	t.Helper()
	cmd := exec.Command(talaanBin, command)
	cmd.Env = append(os.Environ(), "TALAAN_DATA_DIR="+dataDir, "TALAAN_ADDR="+addr, "TALAAN_LOG_LEVEL=info")
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, cmd: cmd, url: "http://" + addr, done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.mu.Lock()
			s.logs.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
		}
		cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.done
		if t.Failed() {
			t.Logf("server log:\n%s", s.log())
		}
	})
	s.waitLog(ready, 30*time.Second)
	return s
}

func (s *server) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

func (s *server) waitLog(substr string, timeout time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(s.log(), substr) {
		select {
		case <-s.done:
			s.t.Fatalf("server exited while waiting for %q:\n%s", substr, s.log())
		default:
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no %q in the log after %s:\n%s", substr, timeout, s.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *server) stop(sig syscall.Signal, timeout time.Duration) {
	s.t.Helper()
	s.cmd.Process.Signal(sig)
	select {
	case <-s.done:
	case <-time.After(timeout):
		s.t.Fatalf("server did not exit %s after %s:\n%s", timeout, sig, s.log())
	}
}

type tenantCreds struct {
	TenantID  string `json:"tenantId"`
	APIKey    string `json:"apiKey"`
	APISecret string `json:"apiSecret"`
}

// createTenant runs `talaan tenant create` on the data dir (and any other
// TALAAN_* settings, such as a PostgreSQL URL).
func createTenant(t *testing.T, dataDir string, env ...string) tenantCreds {
	t.Helper()
	cmd := exec.Command(talaanBin, "tenant", "create", "--name", "Acme Lending")
	cmd.Env = append(append(os.Environ(), env...), "TALAAN_DATA_DIR="+dataDir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tenant create: %v", err)
	}
	var c tenantCreds
	if err := json.Unmarshal(out, &c); err != nil || c.APIKey == "" || c.APISecret == "" || c.TenantID == "" {
		t.Fatalf("tenant create printed %q", out)
	}
	return c
}

func (s *server) do(c tenantCreds, method, path, contentType string, body io.Reader) (int, map[string]any) {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.url+path, body)
	req.SetBasicAuth(c.APIKey, c.APISecret)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var env map[string]any
	json.NewDecoder(resp.Body).Decode(&env)
	return resp.StatusCode, env
}

func upload(t *testing.T, s *server, c tenantCreds, name string, data []byte) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	code, env := s.do(c, http.MethodPost, "/v1/archives", mw.FormDataContentType(), &buf)
	if code != 200 {
		t.Fatalf("upload: %d %v", code, env)
	}
	return env["data"].(map[string]any)["id"].(string)
}

// scannedPDF is a two-page scan (photos of two different payslips), slow
// enough (seconds of OCR) to be interrupted.
func scannedPDF(t *testing.T) []byte {
	t.Helper()
	dir, err := eval.SharedDir("corpus-ph")
	if err != nil {
		t.Fatal(err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	for _, f := range []string{"d003.jpg", "d010.png"} {
		p.AddPage()
		path := filepath.Join(dir, "files", f)
		p.ImageOptions(path, 0, 0, 210, 0, false, fpdf.ImageOptions{ReadDpi: true}, 0, "")
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func archiveState(t *testing.T, dataDir, id string) (storage.Archive, []storage.Income) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dataDir, "talaan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := st.GetArchive(ctx, "", id)
	if err != nil {
		t.Fatal(err)
	}
	in, _, err := st.ListIncomes(ctx, storage.IncomeFilter{TenantID: a.TenantID, SourceID: id, Page: storage.Page{Size: 150}})
	if err != nil {
		t.Fatal(err)
	}
	return a, in
}

func waitDone(t *testing.T, s *server, c tenantCreds, id string, timeout time.Duration) map[string]any {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		code, env := s.do(c, http.MethodGet, "/v1/archives/"+id, "", nil)
		if code != 200 {
			t.Fatalf("get archive: %d %v", code, env)
		}
		a := env["data"].(map[string]any)
		st := a["state"].(map[string]any)
		if st["status"] != "STARTED" || st["review"] == true {
			return a
		}
		if time.Now().After(deadline) {
			t.Fatalf("archive %s still processing after %s:\n%s", id, timeout, s.log())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkOnce asserts the archive was published once: incomes exist, and no
// two are the same record.
func checkOnce(t *testing.T, incomes []storage.Income) {
	t.Helper()
	if len(incomes) == 0 {
		t.Fatal("no incomes published")
	}
	seen := map[string]bool{}
	for _, in := range incomes {
		k := fmt.Sprintf("%v|%v|%v|%v", deref(in.Employer), deref(in.StartDate), fderef(in.GrossAmount), fderef(in.NetAmount))
		if seen[k] {
			t.Fatalf("income %s published twice (%d incomes)", k, len(incomes))
		}
		seen[k] = true
	}
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

func fderef(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}

// A worker killed with SIGKILL in the middle of a document: after the
// restart the job is taken back and the document is published once.
func TestKilledMidDocumentFinishesAfterRestart(t *testing.T) {
	dataDir := t.TempDir()
	c := createTenant(t, dataDir)
	addr := freeAddr(t)
	// The job timeout leaves a loaded CI machine ten times the document's
	// usual few seconds; the rescue comes right after it.
	t.Parallel()
	settings := []string{"TALAAN_WORKERS=1", "TALAAN_JOB_TIMEOUT=40s", "TALAAN_RESCUE_AFTER=41s", "TALAAN_RETRY_BASE=100ms"}
	s := serve(t, dataDir, addr, settings...)
	id := upload(t, s, c, "two-pages.pdf", scannedPDF(t))
	s.waitLog("processing archive", 30*time.Second)
	time.Sleep(300 * time.Millisecond)
	killedAt := time.Now()
	s.stop(syscall.SIGKILL, 5*time.Second)

	a, incomes := archiveState(t, dataDir, id)
	if a.Status != storage.StatusStarted || len(incomes) != 0 {
		t.Fatalf("the kill came too late: archive %s with %d incomes", a.Status, len(incomes))
	}
	// The orphaned job is rescued once it is older than TALAAN_RESCUE_AFTER.
	time.Sleep(time.Until(killedAt.Add(41 * time.Second)))
	s2 := serve(t, dataDir, addr, settings...)
	done := waitDone(t, s2, c, id, 90*time.Second)
	if st := done["state"].(map[string]any)["status"]; st != "ANALYZED" && done["state"].(map[string]any)["review"] != true {
		t.Fatalf("after restart: state %v", done["state"])
	}
	s2.stop(syscall.SIGTERM, 30*time.Second)
	a, incomes = archiveState(t, dataDir, id)
	if a.Status == storage.StatusAnalyzed {
		checkOnce(t, incomes)
	}
	t.Logf("status %s review %v, %d incomes", a.Status, a.Review, len(incomes))
}

// SIGTERM drains: an upload in flight completes, a document being read
// finishes or is handed back, and after a restart nothing is lost.
func TestGracefulShutdownLosesNothing(t *testing.T) {
	dataDir := t.TempDir()
	c := createTenant(t, dataDir)
	addr := freeAddr(t)
	settings := []string{"TALAAN_WORKERS=1", "TALAAN_RETRY_BASE=100ms"}
	s := serve(t, dataDir, addr, settings...)
	id := upload(t, s, c, "two-pages.pdf", scannedPDF(t))
	s.waitLog("processing archive", 30*time.Second)

	// A slow upload is on the wire when SIGTERM arrives.
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	slow := make(chan struct {
		code int
		id   string
	}, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, s.url+"/v1/archives", pr)
		req.SetBasicAuth(c.APIKey, c.APISecret)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			slow <- struct {
				code int
				id   string
			}{0, err.Error()}
			return
		}
		defer resp.Body.Close()
		var env struct {
			Data struct{ ID string } `json:"data"`
		}
		json.NewDecoder(resp.Body).Decode(&env)
		slow <- struct {
			code int
			id   string
		}{resp.StatusCode, env.Data.ID}
	}()
	w, _ := mw.CreateFormFile("file", "slow.pdf")
	pdf := corpusFile(t, "d001.pdf")
	w.Write(pdf[:len(pdf)/2])
	time.Sleep(200 * time.Millisecond)
	s.cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	w.Write(pdf[len(pdf)/2:])
	mw.Close()
	pw.Close()
	res := <-slow
	if res.code != 200 || res.id == "" {
		t.Fatalf("upload in flight at SIGTERM: %d %s", res.code, res.id)
	}
	select {
	case <-s.done:
	case <-time.After(40 * time.Second):
		t.Fatalf("server did not exit after SIGTERM:\n%s", s.log())
	}
	if !strings.Contains(s.log(), "shutting down") {
		t.Fatalf("no orderly shutdown:\n%s", s.log())
	}
	s2 := serve(t, dataDir, addr, settings...)
	for _, aid := range []string{id, res.id} {
		waitDone(t, s2, c, aid, 90*time.Second)
	}
	s2.stop(syscall.SIGTERM, 30*time.Second)
	for _, aid := range []string{id, res.id} {
		a, incomes := archiveState(t, dataDir, aid)
		if a.Status == storage.StatusAnalyzed {
			checkOnce(t, incomes)
		}
	}
}

// The API process without workers only accepts; a separate `talaan worker`
// on the same data reads the documents.
func TestWorkerProcessReadsWhatTheAPIAccepts(t *testing.T) {
	dataDir := t.TempDir()
	c := createTenant(t, dataDir)
	api := serve(t, dataDir, freeAddr(t), "TALAAN_WORKERS=0")
	id := upload(t, api, c, "slip.pdf", corpusFile(t, "d001.pdf"))
	time.Sleep(time.Second)
	if a, _ := archiveState(t, dataDir, id); a.Status != storage.StatusStarted {
		t.Fatalf("an API without workers processed the document: %s", a.Status)
	}
	w := start(t, "worker", "workers started", dataDir, "", "TALAAN_WORKERS=1")
	done := waitDone(t, api, c, id, 60*time.Second)
	if st := done["state"].(map[string]any)["status"]; st != "ANALYZED" {
		t.Fatalf("state %v", done["state"])
	}
	if !strings.Contains(w.log(), id) {
		t.Fatalf("the worker process did not log the archive:\n%s", w.log())
	}
	w.stop(syscall.SIGTERM, 30*time.Second)
}

func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	dir, err := eval.SharedDir("corpus-ph")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "files", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
