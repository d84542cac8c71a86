package main

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"talaan/tools/docgen"
)

// vmHWM reads a process's peak resident memory, in bytes.
func vmHWM(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM %q: %v", v, err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

// classify posts one file to /v1/archives/classify and returns the
// archive's id.
func classify(t *testing.T, s *server, c tenantCreds, name string, data []byte) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	code, env := s.do(c, http.MethodPost, "/v1/archives/classify", mw.FormDataContentType(), &buf)
	if code != 200 {
		t.Fatalf("classify %s: %d %v", name, code, env)
	}
	return env["data"].(map[string]any)["id"].(string)
}

// Small hostile files (issue 9) sent at once to a server with two workers:
// every one ends with a reason a person can act on, and the server's peak
// memory stays bounded. Before decoded bytes were budgeted, two uploads and
// two classifications of the 16-bit PNG took the server to 3.6 GB.
func TestHostileSmallFilesKeepServerMemoryBounded(t *testing.T) {
	dataDir := t.TempDir()
	creds := createTenant(t, dataDir)
	// A tenant runs one synchronous classification at a time (issue 9.6):
	// the second classification comes from a second tenant, so both global
	// slots decode a bomb at once.
	other := createTenant(t, dataDir)
	s := serve(t, dataDir, freeAddr(t), "TALAAN_WORKERS=2", "OMP_THREAD_LIMIT=1")
	pid := s.cmd.Process.Pid
	idle := vmHWM(t, pid)

	bomb := docgen.ColourBombPNG(7000, 7000, false)
	interlaced := docgen.ColourBombPNG(7000, 7000, true)
	poster := docgen.PosterPDF()
	words := docgen.WordsPDF(50)
	t.Logf("files: 16-bit PNG %d KB, interlaced header %d B, poster PDF %d B, words PDF %d KB",
		len(bomb)>>10, len(interlaced), len(poster), len(words)>>10)

	type sent struct {
		name, id, want string
		owner          tenantCreds
	}
	var (
		mu  sync.Mutex
		all []sent
		wg  sync.WaitGroup
	)
	send := func(name, want string, owner tenantCreds, post func() string) {
		wg.Go(func() {
			id := post()
			mu.Lock()
			all = append(all, sent{name, id, want, owner})
			mu.Unlock()
		})
	}
	for i := range 2 {
		send("bomb upload "+strconv.Itoa(i), "No readable text", creds, func() string { return upload(t, s, creds, "bomb.png", bomb) })
		who := []tenantCreds{creds, other}[i]
		send("bomb classify "+strconv.Itoa(i), "No readable text", who, func() string { return classify(t, s, who, "bomb.png", bomb) })
	}
	send("interlaced bomb", "The image is too large", creds, func() string { return upload(t, s, creds, "interlaced.png", interlaced) })
	send("poster", "A page of the PDF is too large", creds, func() string { return upload(t, s, creds, "poster.pdf", poster) })
	send("wall of text", "far more text than a payslip", creds, func() string { return upload(t, s, creds, "words.pdf", words) })
	wg.Wait()

	for _, f := range all {
		a := waitDone(t, s, f.owner, f.id, 3*time.Minute)
		st := a["state"].(map[string]any)
		if msg, _ := st["errorMessage"].(string); st["status"] != "ERROR" || !strings.Contains(msg, f.want) {
			t.Errorf("%s: status %v, errorCode %v, errorMessage %q; want ERROR saying %q", f.name, st["status"], st["errorCode"], msg, f.want)
		}
	}
	peak := vmHWM(t, pid)
	t.Logf("server peak RSS: %d MB idle, %d MB after the hostile files", idle>>20, peak>>20)
	if peak > 800<<20 {
		t.Errorf("server peak RSS %d MB, want under 800 MB", peak>>20)
	}
}
