package console_test

// The harness runs the service in the test process as `talaan serve` does:
// SQLite and the blob folder in a temporary directory, the real engine
// behind River workers, and one loopback server with the console under
// /console/ and the API everywhere else.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"talaan/internal/api"
	"talaan/internal/app"
	"talaan/internal/app/apptest"
	"talaan/internal/auth"
	"talaan/internal/console"
	"talaan/internal/ids"
	"talaan/storage"
)

type options struct {
	publicURL string // default: the test server's http URL
	noWorkers bool
}

type env struct {
	t     *testing.T
	dir   string
	url   string
	store storage.Store
	blobs storage.Blobs
	api   *api.Server
	con   *console.Console
}

type creds struct {
	tenantID, key, secret string
}

func setup(t *testing.T, o options) *env {
	t.Helper()
	if !o.noWorkers {
		needEngine(t)
	}
	dir := t.TempDir()
	cfg := apptest.Config(dir)
	cfg.PublicURL = o.publicURL
	svc := apptest.Start(t, cfg, app.Options{Engine: engine, WebhookTimeout: 5 * time.Second}, !o.noWorkers)
	return &env{t: t, dir: dir, url: svc.URL, store: svc.Store, blobs: svc.Blobs, api: svc.Web.API, con: svc.Web.Console}
}

// otherProcess serves the API and the console as another process of the
// deployment does, on the same database and files, opened afresh; no
// workers. It returns the base URL.
func (e *env) otherProcess() string {
	e.t.Helper()
	return apptest.Start(e.t, apptest.Config(e.dir), app.Options{Engine: engine}, false).URL
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

// needEngine skips a test that reads documents when the build has no
// Tesseract (-tags notesseract).
func needEngine(t *testing.T) {
	t.Helper()
	if engine == nil {
		t.Skip("reads documents: needs Tesseract (this test binary was built with -tags notesseract)")
	}
}
