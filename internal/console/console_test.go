package console_test

// The harness runs the service in the test process as `talaan serve` does:
// SQLite and the blob folder in a temporary directory, the real engine
// behind River workers, and one loopback server with the console under
// /console/ and the API everywhere else.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"talaan/internal/api"
	"talaan/internal/auth"
	"talaan/internal/console"
	"talaan/internal/ids"
	"talaan/internal/pipeline"
	"talaan/internal/webhook"
	"talaan/internal/worker"
	"talaan/ocr"
	"talaan/ocr/tesseract"
	"talaan/storage"
	"talaan/storage/folder"
	"talaan/storage/sqlite"
)

var engine *pipeline.Pipeline

func TestMain(m *testing.M) {
	pool, err := tesseract.New(context.Background(), tesseract.Options{Size: 1, Languages: "eng"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "tesseract:", err)
		os.Exit(1)
	}
	engine = &pipeline.Pipeline{Reader: &ocr.Reader{Engine: pool, Workers: 1}}
	code := m.Run()
	pool.Close()
	os.Exit(code)
}

type options struct {
	publicURL string // default: the test server's http URL
	noWorkers bool
}

type env struct {
	t     *testing.T
	dir   string
	log   *slog.Logger
	url   string
	store *sqlite.Store
	blobs *folder.Store
	api   *api.Server
	con   *console.Console
}

type creds struct {
	tenantID, key, secret string
}

func setup(t *testing.T, o options) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.DiscardHandler)
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "talaan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	blobs, err := folder.New(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	srv := httptest.NewUnstartedServer(nil)
	e := &env{t: t, dir: dir, log: log, url: "http://" + srv.Listener.Addr().String(), store: st, blobs: blobs}
	if o.publicURL == "" {
		o.publicURL = e.url
	}
	a, err := api.New(ctx, st, blobs, api.Config{PublicURL: o.publicURL, Retention: time.Hour, TokenTTL: time.Hour,
		LinkTTL: time.Hour, MaxFiles: 5, AllowLoopbackWebhooks: true}, engine, log)
	if err != nil {
		t.Fatal(err)
	}
	e.api = a
	con, err := console.New(ctx, a.Auth(), a.Reviews(), st, blobs, console.Config{PublicURL: o.publicURL}, log)
	if err != nil {
		t.Fatal(err)
	}
	e.con = con
	mux := http.NewServeMux()
	mux.Handle("/console/", con.Handler())
	mux.Handle("/", a.Handler())
	srv.Config.Handler = mux
	srv.Start()
	t.Cleanup(srv.Close)
	if !o.noWorkers {
		c, err := worker.NewClient(st.Driver(), worker.Config{Documents: 2, SweepInterval: time.Minute, RetryBase: 50 * time.Millisecond,
			PollInterval: 50 * time.Millisecond},
			worker.Deps{Store: st, Blobs: blobs, Engine: engine, Log: log, Deliverer: webhook.NewDeliverer(true, 5*time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		wctx, cancel := context.WithCancel(ctx)
		if err := c.Start(wctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer scancel()
			_ = c.StopAndCancel(sctx)
			cancel()
		})
	}
	return e
}

// otherProcess serves the API and the console as a second process of the
// deployment does: its own API server and console on st (e.store, or the
// same database opened again), no workers. It returns the base URL.
func (e *env) otherProcess(st storage.Store) string {
	e.t.Helper()
	ctx := context.Background()
	srv := httptest.NewUnstartedServer(nil)
	u := "http://" + srv.Listener.Addr().String()
	a, err := api.New(ctx, st, e.blobs, api.Config{PublicURL: u, Retention: time.Hour, TokenTTL: time.Hour,
		LinkTTL: time.Hour, MaxFiles: 5, AllowLoopbackWebhooks: true}, engine, e.log)
	if err != nil {
		e.t.Fatal(err)
	}
	con, err := console.New(ctx, a.Auth(), a.Reviews(), st, e.blobs, console.Config{PublicURL: u}, e.log)
	if err != nil {
		e.t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/console/", con.Handler())
	mux.Handle("/", a.Handler())
	srv.Config.Handler = mux
	srv.Start()
	e.t.Cleanup(srv.Close)
	return u
}

// reopen opens the test's SQLite database again, as a restarted process
// does.
func (e *env) reopen() *sqlite.Store {
	e.t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(e.dir, "talaan.db"))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	return st
}

// tenant creates a tenant the way `talaan tenant create` does; its key is
// an admin key.
func (e *env) tenant(name string) creds {
	e.t.Helper()
	secret := "sk_" + ids.Secret(32)
	tn := storage.Tenant{ID: ids.New(ids.Tenant), Name: name, APIKey: "ak_" + ids.Secret(12), SecretHash: auth.HashSecret(secret), CreatedAt: time.Now().UTC()}
	if err := e.store.CreateTenant(context.Background(), tn); err != nil {
		e.t.Fatal(err)
	}
	return creds{tenantID: tn.ID, key: tn.APIKey, secret: secret}
}

// reviewer creates a reviewer API key of the tenant, as POST /v1/keys does.
func (e *env) reviewer(c creds) creds {
	e.t.Helper()
	secret := "sk_" + ids.Secret(32)
	k := storage.APIKey{ID: ids.New(ids.APIKey), TenantID: c.tenantID, Key: "ak_" + ids.Secret(12), SecretHash: auth.HashSecret(secret),
		Role: storage.RoleReviewer, Name: "ops", CreatedAt: time.Now().UTC()}
	if err := e.store.CreateAPIKey(context.Background(), k); err != nil {
		e.t.Fatal(err)
	}
	return creds{tenantID: c.tenantID, key: k.Key, secret: secret}
}

// apiJSON calls the API with the tenant's key and decodes data.
func (e *env) apiJSON(method, path string, c creds, contentType string, body io.Reader, out any) int {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.SetBasicAuth(c.key, c.secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		e.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	if out != nil && resp.StatusCode == 200 {
		if err := json.Unmarshal(env.Data, out); err != nil {
			e.t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
	return resp.StatusCode
}

// upload hands a file in through the API and returns the archive id.
func (e *env) upload(c creds, name string, data []byte) string {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	var a struct {
		ID string `json:"id"`
	}
	if st := e.apiJSON("POST", "/v1/archives", c, mw.FormDataContentType(), &buf, &a); st != 200 {
		e.t.Fatalf("upload %s: %d", name, st)
	}
	return a.ID
}

type archiveState struct {
	Status string `json:"status"`
	Review bool   `json:"review"`
}

// waitReview waits until the archive leaves processing and checks that it
// is in review.
func (e *env) waitReview(c creds, id string) {
	e.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var a struct {
			State archiveState `json:"state"`
		}
		e.apiJSON("GET", "/v1/archives/"+id, c, "", nil, &a)
		if a.State.Review {
			return
		}
		if a.State.Status != storage.StatusStarted {
			e.t.Fatalf("archive %s ended %s, want review", id, a.State.Status)
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("archive %s still processing after a minute", id)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type incomeOut struct {
	NetAmount   *float64 `json:"netAmount"`
	GrossAmount *float64 `json:"grossAmount"`
	Reviewed    bool     `json:"reviewed"`
}

func (e *env) incomes(c creds, archiveID string) []incomeOut {
	e.t.Helper()
	var l struct {
		Items []incomeOut `json:"items"`
	}
	e.apiJSON("GET", "/v1/incomes?sourceId="+archiveID, c, "", nil, &l)
	return l.Items
}

type auditOut struct {
	Action    string  `json:"action"`
	Actor     string  `json:"actor"`
	ActorID   string  `json:"actorId"`
	ActorName string  `json:"actorName"`
	Field     string  `json:"field"`
	OldValue  *string `json:"oldValue"`
	NewValue  *string `json:"newValue"`
}

func (e *env) audit(c creds, archiveID string) []auditOut {
	e.t.Helper()
	var l struct {
		Items []auditOut `json:"items"`
	}
	e.apiJSON("GET", "/v1/archives/"+archiveID+"/audit", c, "", nil, &l)
	return l.Items
}

// browser is a plain HTTP client with a cookie jar that does not follow
// redirects (the tests look at them).
type browser struct {
	t      *testing.T
	e      *env
	client *http.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: e.t, e: e, client: &http.Client{Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(method, path string, form url.Values) page {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.e.url+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, header: resp.Header, body: string(raw)}
}

func (b *browser) get(path string) page { return b.do("GET", path, nil) }

func (b *browser) post(path string, form url.Values) page { return b.do("POST", path, form) }

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the token of a page's form.
func (b *browser) csrf(p page) string {
	b.t.Helper()
	m := csrfRE.FindStringSubmatch(p.body)
	if m == nil {
		b.t.Fatalf("no CSRF field in the page: %.400s", p.body)
	}
	return m[1]
}

// login signs in and returns the answer to the POST.
func (b *browser) login(c creds) page {
	b.t.Helper()
	form := b.get("/console/login")
	return b.post("/console/login", url.Values{"csrf": {b.csrf(form)}, "key": {c.key}, "secret": {c.secret}})
}

// payslipPDF makes a digital payslip; a net that does not add up (12,000 -
// 1,500 is 10,500) sends it to review. employer names the company.
func payslipPDF(t *testing.T, employer, net string) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 11)
	lines := [][2]string{
		{employer, ""}, {"PAYSLIP", ""}, {"Employee: Juan Dela Cruz", ""},
		{"Pay Period: November 1-15, 2026", ""}, {"Pay Date: November 15, 2026", ""},
		{"Basic Pay", "10,000.00"}, {"Overtime", "2,000.00"}, {"Gross Pay", "12,000.00"},
		{"SSS", "500.00"}, {"PhilHealth", "250.00"}, {"Pag-IBIG", "100.00"}, {"Withholding Tax", "650.00"},
		{"Total Deductions", "1,500.00"}, {"Net Pay", net},
	}
	y := 20.0
	for _, l := range lines {
		p.Text(20, y, l[0])
		if l[1] != "" {
			p.Text(120, y, l[1])
		}
		y += 8
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// outputDir is where screenshots go: $TALAAN_TEST_OUTPUT, else a
// temporary folder.
func outputDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("TALAAN_TEST_OUTPUT")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
