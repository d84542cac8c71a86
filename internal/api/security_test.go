package api_test

// Security tests: every route of the route table, called without
// credentials, with wrong ones, with another tenant's and with the user
// token of another user, is refused with 401/403/404 (or, for lists, answers
// with the caller's own data only) and leaks nothing of tenant A; signed file
// links cannot be forged, extended or used after revocation; user tokens act
// only for their own user and expire.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"talaan/internal/app"
	"talaan/internal/app/apptest"
	"talaan/internal/ids"
)

// secVictim is tenant A with one resource of every kind. Nobody but A (and
// A's first user, for its own uploads) may reach any of it.
type secVictim struct {
	creds                 creds
	user, other           string // the user who owns the documents, and a second user of A
	userToken, otherToken string
	archive               string // a tenant archive, reviewed and published: incomes and an audit trail
	upload                string // a user upload waiting in review: a prediction
	files                 []string
	fileNames             []string
	incomes               []string
	webhook               string // subscribed to e.hooks, with e.hooks.secret: it has attempts
	reviewerKey           creds  // a reviewer API key of A (key and secret)
	reviewerKeyID         string
	link, uploadLink      string // the signed links of the archive's and the upload's file
	archivePDF            []byte
}

type secFixture struct {
	e          *env
	a          secVictim
	b          creds // tenant B, with its own user, webhook, archive and upload
	bUserToken string
	// From a second API on the same store with short lives: a token that
	// lives 1 s and a file link that lives 2 s, minted at shortLived.
	short        string
	shortToken   string
	shortLink    string
	shortLived   time.Time // before minting
	shortMinted  time.Time // after minting
	shortChecked bool      // the short token and link were seen working before they expired
}

// secCall is one request, kept as bytes so it can be sent many times.
type secCall struct {
	method, path, ctype string
	body                []byte
}

type secReply struct {
	status int
	header http.Header
	raw    []byte
	env    struct {
		Code      string          `json:"code"`
		Message   string          `json:"message"`
		RequestID string          `json:"requestId"`
		Data      json.RawMessage `json:"data"`
	}
}

func basicAuth(key, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":"+secret))
}

func bearerAuth(token string) string { return "Bearer " + token }

// secSend sends c to base with the Authorization header auth ("" for none).
func secSend(t *testing.T, e *env, base string, c secCall, auth string) secReply {
	t.Helper()
	var body io.Reader = http.NoBody
	if c.body != nil {
		body = bytes.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, base+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if c.ctype != "" {
		req.Header.Set("Content-Type", c.ctype)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	r := secReply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &r.env); err != nil {
			t.Fatalf("%s %s: body is not JSON: %s", c.method, c.path, raw)
		}
	}
	return r
}

func secJSON(t *testing.T, method, p string, v any) secCall {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return secCall{method: method, path: p, ctype: "application/json", body: b}
}

func secMultipart(t *testing.T, p string, parts ...part) secCall {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, pt := range parts {
		var w io.Writer
		var err error
		if pt.name != "" {
			w, err = mw.CreateFormFile(pt.field, pt.name)
		} else {
			w, err = mw.CreateFormField(pt.field)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(pt.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return secCall{method: http.MethodPost, path: p, ctype: mw.FormDataContentType(), body: buf.Bytes()}
}

// secBlankPNG is a white image: tenant B's documents, which have nothing in
// common with A's.
func secBlankPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 300, 120))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func secUser(t *testing.T, e *env, c *creds, ref string) (id, token string) {
	t.Helper()
	r := e.postJSON("/v1/users", c, map[string]any{"externalMetadata": map[string]string{"ref": ref}})
	if r.status != 201 {
		t.Fatalf("create user: %d %s", r.status, r.raw)
	}
	var out struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
		Token struct {
			AccessToken string `json:"accessToken"`
		} `json:"token"`
	}
	r.decode(t, &out)
	return out.User.ID, out.Token.AccessToken
}

func secWebhook(t *testing.T, e *env, c *creds, name, secret string, active bool) string {
	t.Helper()
	r := e.postJSON("/v1/webhooks", c, map[string]any{"name": name, "url": e.hooks.url, "eventTypes": []string{"ALL_EVENTS"},
		"active": active, "secret": secret})
	if r.status != 200 {
		t.Fatalf("create webhook: %d %s", r.status, r.raw)
	}
	var h struct {
		ID string `json:"id"`
	}
	r.decode(t, &h)
	return h.ID
}

func secReviewerKey(t *testing.T, e *env, c *creds, name string) (string, creds) {
	t.Helper()
	r := e.postJSON("/v1/keys", c, map[string]any{"role": "reviewer", "name": name})
	if r.status != 201 {
		t.Fatalf("create reviewer key: %d %s", r.status, r.raw)
	}
	var k struct {
		ID     string `json:"id"`
		Key    string `json:"key"`
		Secret string `json:"secret"`
	}
	r.decode(t, &k)
	return k.ID, creds{tenantID: c.tenantID, key: k.Key, secret: k.Secret}
}

func secUpload(t *testing.T, e *env, c *creds, p string, parts ...part) archiveOut {
	t.Helper()
	r := e.postMultipart(p, c, parts...)
	if r.status != 200 {
		t.Fatalf("POST %s: %d %s", p, r.status, r.raw)
	}
	var a archiveOut
	r.decode(t, &a)
	if len(a.RawFiles) != 1 {
		t.Fatalf("POST %s: %s", p, r.raw)
	}
	return a
}

// newSecFixture sets up tenants A and B with a resource of every kind.
func newSecFixture(t *testing.T) *secFixture {
	t.Helper()
	e := setup(t, options{})
	f := &secFixture{e: e, a: secVictim{creds: e.tenant("Acme Lending")}, b: e.tenant("Bravo Credit")}
	a := &f.a
	a.user, a.userToken = secUser(t, e, &a.creds, "acme-1")
	a.other, a.otherToken = secUser(t, e, &a.creds, "acme-2")
	_, f.bUserToken = secUser(t, e, &f.b, "bravo-1")
	a.webhook = secWebhook(t, e, &a.creds, "acme", e.hooks.secret, true)
	// B's hook never fires, and has its own secret: A's is a marker that
	// must never reach B.
	secWebhook(t, e, &f.b, "bravo", "bravo-"+ids.Secret(8), false)
	a.reviewerKeyID, a.reviewerKey = secReviewerKey(t, e, &a.creds, "acme reviewer")

	// A's documents do not add up: both wait in review.
	a.archivePDF = payslipPDF(t, "9,000.00")
	a.fileNames = []string{"acme-archive-slip.pdf", "acme-upload-slip.pdf"}
	arch := secUpload(t, e, &a.creds, "/v1/archives", part{field: "userId", data: []byte(a.user)},
		part{field: "fileType", data: []byte("PAYSLIP")}, part{field: "file", name: a.fileNames[0], data: a.archivePDF})
	up := secUpload(t, e, &creds{token: a.userToken}, "/v1/uploads",
		part{field: "file", name: a.fileNames[1], data: payslipPDF(t, "9,000.00")})
	a.archive, a.upload = arch.ID, up.ID
	a.files = []string{arch.RawFiles[0].ID, up.RawFiles[0].ID}
	blank := secBlankPNG(t)
	bArch := secUpload(t, e, &f.b, "/v1/archives", part{field: "file", name: "bravo-archive.png", data: blank})
	bUp := secUpload(t, e, &creds{token: f.bUserToken}, "/v1/uploads", part{field: "file", name: "bravo-upload.png", data: blank})

	f.startShortLived(t)

	e.waitFinal("/v1/archives/"+a.archive, &a.creds)
	r := e.postJSON("/v1/archives/-/payslips/sendManualResult", &a.creds, map[string]any{"archiveId": a.archive, "validFile": true,
		"checkedFields": []string{"netAmount"}, "data": map[string]any{"netAmount": 10500}})
	if r.status != 200 {
		t.Fatalf("publish A's archive: %d %s", r.status, r.raw)
	}
	got := e.waitFinal("/v1/archives/"+a.archive, &a.creds)
	if got.State.Status != "ANALYZED" || got.RawFiles[0].URL == "" {
		t.Fatalf("A's archive after review: %+v", got.State)
	}
	a.link = got.RawFiles[0].URL
	for _, in := range e.incomes(&a.creds, "sourceId="+a.archive) {
		a.incomes = append(a.incomes, in.ID)
	}
	if len(a.incomes) == 0 {
		t.Fatal("A's archive has no incomes")
	}
	var audit listOut[struct{ ID string }]
	e.getJSON("/v1/archives/"+a.archive+"/audit", &a.creds).decode(t, &audit)
	if len(audit.Items) == 0 {
		t.Fatal("A's archive has no audit trail")
	}
	got = e.waitFinal("/v1/uploads/"+a.upload, &a.creds)
	if !got.State.Review || got.RawFiles[0].URL == "" {
		t.Fatalf("A's upload: %+v, want it in review", got.State)
	}
	a.uploadLink = got.RawFiles[0].URL
	e.waitFinal("/v1/archives/"+bArch.ID, &f.b)
	e.waitFinal("/v1/uploads/"+bUp.ID, &f.b)

	// A's webhook has delivery attempts.
	deadline := time.Now().Add(30 * time.Second)
	for {
		var att listOut[struct{ ID string }]
		e.getJSON("/v1/webhooks/"+a.webhook+"/attempts", &a.creds).decode(t, &att)
		if len(att.Items) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("A's webhook has no attempts after 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return f
}

// startShortLived runs a second process on the same store whose tokens
// live 1 s and links 2 s, and mints one of each for A.
func (f *secFixture) startShortLived(t *testing.T) {
	t.Helper()
	e := f.e
	cfg := apptest.Config(e.dir)
	cfg.TokenTTL, cfg.LinkTTL = time.Second, 2*time.Second
	f.short = apptest.Start(t, cfg, app.Options{}, false).URL
	f.shortLived = time.Now()
	auth := basicAuth(f.a.creds.key, f.a.creds.secret)
	r := secSend(t, e, f.short, secCall{method: http.MethodPost, path: "/v1/tokens?userId=" + f.a.user}, auth)
	if r.status != 201 {
		t.Fatalf("short-lived token: %d %s", r.status, r.raw)
	}
	var tok struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.Unmarshal(r.env.Data, &tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("short-lived token: %s", r.raw)
	}
	f.shortToken = tok.AccessToken
	r = secSend(t, e, f.short, secCall{method: http.MethodGet, path: "/v1/archives/" + f.a.archive}, auth)
	var a archiveOut
	if err := json.Unmarshal(r.env.Data, &a); err != nil || r.status != 200 || len(a.RawFiles) != 1 || a.RawFiles[0].URL == "" {
		t.Fatalf("short-lived link: %d %s", r.status, r.raw)
	}
	f.shortLink = a.RawFiles[0].URL
	f.shortMinted = time.Now()
	// Both work while they live (checked only if this ran quickly enough
	// for the answer to mean something).
	if time.Since(f.shortLived) < 500*time.Millisecond {
		r = secSend(t, e, e.url, secCall{method: http.MethodGet, path: "/v1/uploads"}, bearerAuth(f.shortToken))
		l := secFetch(t, e, f.shortLink, "")
		if time.Since(f.shortLived) < 900*time.Millisecond {
			if r.status != 200 || l.status != 200 {
				t.Fatalf("short-lived token and link before expiry: %d %s, %d", r.status, r.raw, l.status)
			}
			f.shortChecked = true
		}
	}
}

// waitShortExpired waits until the short-lived token (1 s) and link (2 s,
// rounded down to the second) have expired.
func (f *secFixture) waitShortExpired() {
	time.Sleep(time.Until(f.shortMinted.Add(2200 * time.Millisecond)))
}

// secrets are the strings that would show A's data: ids, tokens, keys, the
// webhook secret, file names, amounts and the payslip's words.
func (f *secFixture) secrets() []string {
	a := f.a
	s := []string{a.user, a.other, a.userToken, a.otherToken, a.archive, a.upload, a.webhook,
		a.creds.tenantID, a.creds.key, a.creds.secret, f.e.hooks.secret, a.reviewerKeyID, a.reviewerKey.key, a.reviewerKey.secret,
		":10500", ":12000", ":9000", "10,500", "12,000", "9,000", "Juan", "KALAYAAN"}
	s = append(s, a.files...)
	s = append(s, a.fileNames...)
	s = append(s, a.incomes...)
	return s
}

// objectIDs are A's object ids, which a caller may send and get echoed.
func (f *secFixture) objectIDs() []string {
	out := []string{f.a.user, f.a.other, f.a.archive, f.a.upload, f.a.webhook, f.a.reviewerKeyID}
	out = append(out, f.a.files...)
	return append(out, f.a.incomes...)
}

// leaks lists the secrets in an answer's bytes and headers that the request
// did not carry itself (an id the caller sent may be echoed back).
func (f *secFixture) leaks(c secCall, r secReply) []string {
	raw := r.raw
	if r.env.RequestID != "" {
		raw = bytes.ReplaceAll(raw, []byte(r.env.RequestID), nil)
	}
	for k, vs := range r.header {
		if k != "X-Request-Id" {
			raw = append(raw, []byte("\n"+strings.Join(vs, "\n"))...)
		}
	}
	sent := c.path + "\n" + string(c.body)
	var out []string
	for _, s := range f.secrets() {
		if !strings.Contains(sent, s) && bytes.Contains(raw, []byte(s)) {
			out = append(out, s)
		}
	}
	return out
}

// refused checks an error answer: one of the statuses, Smile's envelope
// {code, message, requestId, data: {}} and nothing of A's.
func (f *secFixture) refused(t *testing.T, what string, c secCall, r secReply, statuses ...int) bool {
	t.Helper()
	if !slices.Contains(statuses, r.status) {
		t.Errorf("%s: %s %s answered %d %.300s, want one of %v", what, c.method, c.path, r.status, r.raw, statuses)
		return false
	}
	ok := true
	var env map[string]json.RawMessage
	if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") || json.Unmarshal(r.raw, &env) != nil {
		t.Errorf("%s: %s %s: the error is not a JSON envelope: %q", what, c.method, c.path, r.raw)
		return false
	}
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"code", "data", "message", "requestId"}) || string(env["data"]) != "{}" ||
		r.env.Code == "" || r.env.Message == "" || r.env.RequestID == "" || r.env.RequestID != r.header.Get("X-Request-Id") {
		t.Errorf("%s: %s %s: the error is not the envelope {code, message, requestId, data: {}}: %s", what, c.method, c.path, r.raw)
		ok = false
	}
	if l := f.leaks(c, r); len(l) > 0 {
		t.Errorf("%s: %s %s: the error shows A's %q: %s", what, c.method, c.path, l, r.raw)
		ok = false
	}
	return ok
}

// unauthenticated checks a 401: INVALID_CREDENTIALS or INVALID_TOKEN (code
// when given), with a WWW-Authenticate challenge.
func (f *secFixture) unauthenticated(t *testing.T, what string, c secCall, r secReply, code string) {
	t.Helper()
	if !f.refused(t, what, c, r, http.StatusUnauthorized) {
		return
	}
	if code != "" && r.env.Code != code || code == "" && r.env.Code != "INVALID_CREDENTIALS" && r.env.Code != "INVALID_TOKEN" {
		t.Errorf("%s: %s %s: code %s, want %s", what, c.method, c.path, r.env.Code, code)
	}
	if r.header.Get("WWW-Authenticate") == "" {
		t.Errorf("%s: %s %s: a 401 without WWW-Authenticate", what, c.method, c.path)
	}
}

// withFakes is c with every A id replaced by a made-up id of the same kind
// and length, and the replacements.
func (f *secFixture) withFakes(c secCall) (secCall, map[string]string) {
	fakes := map[string]string{}
	for _, id := range f.objectIDs() {
		if !strings.Contains(c.path, id) && !bytes.Contains(c.body, []byte(id)) {
			continue
		}
		prefix, _, _ := strings.Cut(id, "-")
		fake := ids.New(prefix + "-")
		fakes[id] = fake
		c.path = strings.ReplaceAll(c.path, id, fake)
		c.body = bytes.ReplaceAll(c.body, []byte(id), []byte(fake))
	}
	return c, fakes
}

// sameAsMissing checks that refusing A's object says exactly what refusing
// an object that does not exist says: no oracle of what exists elsewhere.
func (f *secFixture) sameAsMissing(t *testing.T, what string, c secCall, r secReply, auth string) {
	t.Helper()
	fc, fakes := f.withFakes(c)
	if len(fakes) == 0 {
		return
	}
	fr := secSend(t, f.e, f.e.url, fc, auth)
	msg, fmsg := r.env.Message, fr.env.Message
	for real, fake := range fakes {
		msg = strings.ReplaceAll(msg, real, "<id>")
		fmsg = strings.ReplaceAll(fmsg, fake, "<id>")
	}
	if fr.status != r.status || fr.env.Code != r.env.Code || fmsg != msg {
		t.Errorf("%s: %s %s: A's objects answer %d %s %q, made-up ones %d %s %q: the difference tells what exists",
			what, c.method, c.path, r.status, r.env.Code, msg, fr.status, fr.env.Code, fmsg)
	}
}

// secRoute is one route of the route table called on A's resources.
type secRoute struct {
	pattern string
	call    secCall
	// tenantB is the status tenant B gets: 404 on A's objects, 403 where a
	// tenant cannot call at all, 200 for a list of its own, 2xx for what
	// B creates in its own tenant.
	tenantB int
	// ownList: a list that ignores userId; B gets its own items, never A's.
	ownList bool
}

// public routes need no credentials; /v1/files/{id} has its own tests and
// /v1/fileTypes is readable by any authenticated caller.
var secPublic = []string{"GET /healthz", "GET /readyz", "GET /v1/openapi.yaml", "GET /v1/files/{id}", "GET /v1/fileTypes"}

// routes builds a call on A's resources for every route of the server's
// table: a route added later is covered, or fails here until it can be.
func (f *secFixture) routes(t *testing.T) []secRoute {
	t.Helper()
	a := f.a
	itemOf := map[string]string{"archives": a.archive, "uploads": a.upload, "incomes": a.incomes[0], "webhooks": a.webhook,
		"users": a.user, "files": a.files[0], "keys": a.reviewerKeyID, "tasks": "task-" + a.archive}
	query := map[string]string{
		"GET /v1/archives/-/payslips/queryPrediction": "archiveId=" + a.upload,
		"POST /v1/tokens": "userId=" + a.user,
	}
	file := part{field: "file", name: "probe.pdf", data: payslipPDF(t, "1,234.00")}
	forA := part{field: "userId", data: []byte(a.user)}
	bodies := map[string]secCall{
		"POST /v1/users":                                secJSON(t, "", "", map[string]any{"externalMetadata": map[string]string{"ref": "probe"}}),
		"POST /v1/webhooks":                             secJSON(t, "", "", map[string]any{"name": "probe", "url": f.e.hooks.url, "eventTypes": []string{"ALL_EVENTS"}, "active": false, "secret": "probe-secret"}),
		"POST /v1/archives":                             secMultipart(t, "", forA, file),
		"POST /v1/archives/classify":                    secMultipart(t, "", forA, file),
		"POST /v1/uploads":                              secMultipart(t, "", forA, file),
		"POST /v1/archives/-/payslips/sendManualResult": secJSON(t, "", "", map[string]any{"archiveId": a.upload, "validFile": false}),
		"POST /v1/tokens":                               {},
		"POST /v1/keys":                                 secJSON(t, "", "", map[string]any{"role": "reviewer", "name": "probe"}),
	}
	tenantB := map[string]int{"POST /v1/uploads": http.StatusForbidden} // user tokens only
	ownLists := []string{"GET /v1/users", "GET /v1/webhooks", "GET /v1/keys"}

	var out []secRoute
	for _, pattern := range f.e.server.Patterns() {
		if slices.Contains(secPublic, pattern) {
			continue
		}
		method, p, _ := strings.Cut(pattern, " ")
		if strings.Contains(p, "{id}") {
			coll := strings.Split(p, "/")[2]
			id, ok := itemOf[coll]
			if !ok {
				t.Errorf("route %s: which of A's objects is its {id}? Add %q to itemOf", pattern, coll)
				continue
			}
			p = strings.Replace(p, "{id}", id, 1)
		}
		q, ok := query[pattern]
		list := !ok && method == http.MethodGet && !strings.Contains(pattern, "{id}")
		if list {
			q = "userId=" + a.user // filtered by A's user
		}
		if q != "" {
			p += "?" + q
		}
		c := secCall{method: method, path: p}
		if method == http.MethodPost {
			b, ok := bodies[pattern]
			if !ok {
				t.Errorf("route %s: no request body to send; add one to bodies", pattern)
				continue
			}
			c.ctype, c.body = b.ctype, b.body
		}
		rt := secRoute{pattern: pattern, call: c, ownList: slices.Contains(ownLists, pattern)}
		_, refersToA := f.withFakes(c)
		switch st, ok := tenantB[pattern]; {
		case ok:
			rt.tenantB = st
		case len(refersToA) > 0 && !list:
			rt.tenantB = http.StatusNotFound
		default:
			rt.tenantB = http.StatusOK // a list (of B's own only), or a creation in B's tenant
		}
		out = append(out, rt)
	}
	return out
}

// strangers are requests that authenticate as nobody: each gets a 401.
func (f *secFixture) strangers() []struct{ name, auth, code string } {
	a := f.a.creds
	return []struct{ name, auth, code string }{
		{"no credentials", "", "INVALID_CREDENTIALS"},
		{"wrong secret for A's key", basicAuth(a.key, "sk_"+ids.Secret(32)), "INVALID_CREDENTIALS"},
		{"A's key with B's secret", basicAuth(a.key, f.b.secret), "INVALID_CREDENTIALS"},
		{"A's key with an empty secret", basicAuth(a.key, ""), "INVALID_CREDENTIALS"},
		{"unknown key with A's secret", basicAuth("ak_"+ids.Secret(12), a.secret), "INVALID_CREDENTIALS"},
		{"Basic that is not base64", "Basic %%%not-base64%%%", "INVALID_CREDENTIALS"},
		{"Basic without a colon", "Basic " + base64.StdEncoding.EncodeToString([]byte(a.key)), "INVALID_CREDENTIALS"},
		{"unknown scheme", "Token " + a.secret, "INVALID_CREDENTIALS"},
		{"Bearer without a token", "Bearer", "INVALID_CREDENTIALS"},
		{"Bearer of blanks", "Bearer    ", ""},
		{"made-up bearer token", bearerAuth("utk_" + ids.Secret(32)), "INVALID_TOKEN"},
		{"A's API secret as a bearer token", bearerAuth(a.secret), "INVALID_TOKEN"},
		{"expired bearer token of A's user", bearerAuth(f.shortToken), "INVALID_TOKEN"},
	}
}

// snapshot is what A sees of its resources, to compare before and after
// others tried to change them. Link signatures, which change with time, are
// left out.
func (f *secFixture) snapshot(t *testing.T) map[string]string {
	t.Helper()
	a := f.a
	aBasic := basicAuth(a.creds.key, a.creds.secret)
	out := map[string]string{}
	get := func(name, p, auth string) {
		r := secSend(t, f.e, f.e.url, secCall{method: http.MethodGet, path: p}, auth)
		var v any
		if r.status != 200 || json.Unmarshal(r.env.Data, &v) != nil {
			t.Fatalf("snapshot %s: GET %s: %d %s", name, p, r.status, r.raw)
		}
		b, _ := json.Marshal(secDropLinks(v))
		out[name] = string(b)
	}
	get("archive", "/v1/archives/"+a.archive, aBasic)
	get("upload", "/v1/uploads/"+a.upload, aBasic)
	get("prediction", "/v1/archives/-/payslips/queryPrediction?archiveId="+a.upload, aBasic)
	get("predictions", "/v1/archives/-/payslips/listPredictions", aBasic)
	get("audit", "/v1/archives/"+a.archive+"/audit", aBasic)
	get("archives", "/v1/archives?size=150", aBasic)
	get("incomes", "/v1/incomes?size=150", aBasic)
	get("users", "/v1/users?size=150", aBasic)
	get("user", "/v1/users/"+a.user, aBasic)
	get("webhooks", "/v1/webhooks?size=150", aBasic)
	get("keys", "/v1/keys?size=150", aBasic)
	get("first user's uploads", "/v1/uploads", bearerAuth(a.userToken))
	get("other user's uploads", "/v1/uploads", bearerAuth(a.otherToken))
	out["blobs"] = strconv.Itoa(countFiles(t, f.e))
	return out
}

func secDropLinks(v any) any {
	switch x := v.(type) {
	case map[string]any:
		delete(x, "url")
		delete(x, "urlExpiresAt")
		for k, e := range x {
			x[k] = secDropLinks(e)
		}
	case []any:
		for i, e := range x {
			x[i] = secDropLinks(e)
		}
	}
	return v
}

func secItems(t *testing.T, r secReply) []json.RawMessage {
	t.Helper()
	var l struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(r.env.Data, &l); err != nil {
		t.Fatalf("not a list: %s", r.raw)
	}
	return l.Items
}

// secFetch gets a file link (absolute URL) with the Authorization header
// auth.
func secFetch(t *testing.T, e *env, link, auth string) secReply {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return secSend(t, e, u.Scheme+"://"+u.Host, secCall{method: http.MethodGet, path: u.RequestURI()}, auth)
}

func TestSecurity(t *testing.T) {
	f := newSecFixture(t)
	e, a := f.e, f.a
	aBasic := basicAuth(a.creds.key, a.creds.secret)
	bBasic := basicAuth(f.b.key, f.b.secret)

	t.Run("tokens and file links expire", func(t *testing.T) {
		if !f.shortChecked {
			t.Log("the machine was too slow to see the short-lived token and link work first")
		}
		f.waitShortExpired()
		for _, base := range []string{e.url, f.short} {
			for _, p := range []string{"/v1/uploads", "/v1/uploads/" + a.upload, "/v1/archives"} {
				c := secCall{method: http.MethodGet, path: p}
				f.unauthenticated(t, "expired token", c, secSend(t, e, base, c, bearerAuth(f.shortToken)), "INVALID_TOKEN")
			}
		}
		u, _ := url.Parse(f.shortLink)
		c := secCall{method: http.MethodGet, path: u.RequestURI()}
		f.refused(t, "expired link", c, secFetch(t, e, f.shortLink, ""), http.StatusForbidden)
		f.refused(t, "expired link with A's credentials", c, secFetch(t, e, f.shortLink, aBasic), http.StatusForbidden)
		// The long-lived token of the same user still works.
		if r := secSend(t, e, e.url, secCall{method: http.MethodGet, path: "/v1/uploads"}, bearerAuth(a.userToken)); r.status != 200 {
			t.Errorf("A's user's token: %d %s", r.status, r.raw)
		}
	})

	t.Run("every route refuses strangers, other tenants and other users", func(t *testing.T) {
		f.waitShortExpired() // the expired token is one of the strangers
		before := f.snapshot(t)
		routes := f.routes(t)
		if len(routes) < 20 {
			t.Fatalf("only %d routes to check", len(routes))
		}
		users := []struct{ name, auth string }{
			{"B's user's token", bearerAuth(f.bUserToken)},
			{"A's other user's token", bearerAuth(a.otherToken)},
		}
		for _, rt := range routes {
			t.Run(rt.pattern, func(t *testing.T) {
				c := rt.call
				for _, s := range f.strangers() {
					f.unauthenticated(t, s.name, c, secSend(t, e, e.url, c, s.auth), s.code)
				}

				r := secSend(t, e, e.url, c, bBasic)
				switch {
				case rt.tenantB >= 400:
					if f.refused(t, "tenant B", c, r, rt.tenantB) {
						if rt.tenantB == http.StatusNotFound && r.env.Code != "MISSING_RESOURCE" {
							t.Errorf("tenant B: %s %s: code %s, want MISSING_RESOURCE", c.method, c.path, r.env.Code)
						}
						f.sameAsMissing(t, "tenant B", c, r, bBasic)
					}
				case r.status == http.StatusNotFound:
					// A list may also refuse a user of another tenant.
					if f.refused(t, "tenant B", c, r, http.StatusNotFound) {
						f.sameAsMissing(t, "tenant B", c, r, bBasic)
					}
				default:
					if r.status != rt.tenantB && !(c.method == http.MethodPost && r.status == http.StatusCreated) {
						t.Errorf("tenant B: %s %s: %d %.300s, want %d", c.method, c.path, r.status, r.raw, rt.tenantB)
						break
					}
					if l := f.leaks(secCall{}, r); len(l) > 0 {
						t.Errorf("tenant B: %s %s shows A's %q: %s", c.method, c.path, l, r.raw)
					}
					if c.method == http.MethodGet && !rt.ownList {
						if items := secItems(t, r); len(items) != 0 {
							t.Errorf("tenant B: %s %s lists %d items of A's user", c.method, c.path, len(items))
						}
					}
				}

				for _, u := range users {
					r := secSend(t, e, e.url, c, u.auth)
					if f.refused(t, u.name, c, r, http.StatusForbidden, http.StatusNotFound) {
						f.sameAsMissing(t, u.name, c, r, u.auth)
					}
				}
			})
		}
		// GET /v1/fileTypes is for any caller who authenticates.
		c := secCall{method: http.MethodGet, path: "/v1/fileTypes"}
		for _, s := range f.strangers() {
			f.unauthenticated(t, "fileTypes: "+s.name, c, secSend(t, e, e.url, c, s.auth), s.code)
		}
		for _, auth := range []string{bBasic, bearerAuth(f.bUserToken)} {
			if r := secSend(t, e, e.url, c, auth); r.status != 200 || len(f.leaks(c, r)) > 0 {
				t.Errorf("fileTypes for an authenticated caller: %d %s", r.status, r.raw)
			}
		}

		// Nothing the others did changed what A sees.
		after := f.snapshot(t)
		for k, v := range before {
			if after[k] != v {
				t.Errorf("A's %s changed:\nbefore %s\nafter  %s", k, v, after[k])
			}
		}
	})

	t.Run("a user token acts only for its own user", func(t *testing.T) {
		before := f.snapshot(t)
		slip := part{field: "file", name: "mine.pdf", data: payslipPDF(t, "1,234.00")}
		forA := part{field: "userId", data: []byte(a.user)}
		cases := []struct {
			name   string
			call   secCall
			auth   string
			status int
		}{
			{"another user's upload in multipart", secMultipart(t, "/v1/uploads", forA, slip), bearerAuth(a.otherToken), 403},
			{"another user's upload with userId after the file", secMultipart(t, "/v1/uploads", slip, forA), bearerAuth(a.otherToken), 403},
			{"another user's upload in JSON", secJSON(t, http.MethodPost, "/v1/uploads", jsonArchive(a.user, slip)), bearerAuth(a.otherToken), 403},
			{"another tenant's user's upload", secMultipart(t, "/v1/uploads", forA, slip), bearerAuth(f.bUserToken), 403},
			{"a tenant archive with a user token", secMultipart(t, "/v1/archives", slip), bearerAuth(a.userToken), 403},
			{"a classification with a user token", secMultipart(t, "/v1/archives/classify", slip), bearerAuth(a.userToken), 403},
			{"another user's uploads listed", secCall{method: http.MethodGet, path: "/v1/uploads?userId=" + a.user}, bearerAuth(a.otherToken), 403},
			{"another user's upload read", secCall{method: http.MethodGet, path: "/v1/uploads/" + a.upload}, bearerAuth(a.otherToken), 404},
			{"another tenant's user's upload read", secCall{method: http.MethodGet, path: "/v1/uploads/" + a.upload}, bearerAuth(f.bUserToken), 404},
			{"an archive read as an upload", secCall{method: http.MethodGet, path: "/v1/uploads/" + a.archive}, bearerAuth(a.userToken), 404},
			{"a token minted with a user token", secCall{method: http.MethodPost, path: "/v1/tokens?userId=" + a.user}, bearerAuth(a.otherToken), 403},
		}
		for _, tc := range cases {
			r := secSend(t, e, e.url, tc.call, tc.auth)
			f.refused(t, tc.name, tc.call, r, tc.status)
		}
		// Its own upload it reads; its list holds only its own.
		if r := secSend(t, e, e.url, secCall{method: http.MethodGet, path: "/v1/uploads/" + a.upload}, bearerAuth(a.userToken)); r.status != 200 {
			t.Errorf("A's user reading its own upload: %d %s", r.status, r.raw)
		}
		r := secSend(t, e, e.url, secCall{method: http.MethodGet, path: "/v1/uploads"}, bearerAuth(a.otherToken))
		if r.status != 200 || len(secItems(t, r)) != 0 || len(f.leaks(secCall{}, r)) != 0 {
			t.Errorf("A's other user's uploads: %d %s, want none", r.status, r.raw)
		}
		after := f.snapshot(t)
		for k, v := range before {
			if after[k] != v {
				t.Errorf("refused uploads changed A's %s:\nbefore %s\nafter  %s", k, v, after[k])
			}
		}
	})

	t.Run("file links cannot be forged or extended", func(t *testing.T) {
		r := secFetch(t, e, a.link, "")
		if r.status != 200 || !bytes.Equal(r.raw, a.archivePDF) || r.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("the signed link: %d %s, %d bytes (want the %d bytes uploaded)", r.status, r.header.Get("Content-Type"), len(r.raw), len(a.archivePDF))
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("file Cache-Control %q, want no-store", cc)
		}
		u, _ := url.Parse(a.link)
		id, exp, sig := path.Base(u.Path), u.Query().Get("expires"), u.Query().Get("signature")
		if id != a.files[0] || len(sig) != 64 {
			t.Fatalf("link %s: want /v1/files/%s with a 64-hex-digit signature", a.link, a.files[0])
		}
		uu, _ := url.Parse(a.uploadLink)
		uExp, uSig := uu.Query().Get("expires"), uu.Query().Get("signature")
		expN, _ := strconv.ParseInt(exp, 10, 64)
		flip := func(s string, i int) string {
			b := []byte(s)
			if b[i] == '0' {
				b[i] = '1'
			} else {
				b[i] = '0'
			}
			return string(b)
		}
		link := func(id string, kv ...string) string {
			q := make([]string, 0, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				q = append(q, kv[i]+"="+url.QueryEscape(kv[i+1]))
			}
			return e.url + "/v1/files/" + id + "?" + strings.Join(q, "&")
		}
		forged := []struct{ name, link string }{
			{"last hex digit of the signature changed", link(id, "expires", exp, "signature", flip(sig, len(sig)-1))},
			{"first hex digit of the signature changed", link(id, "expires", exp, "signature", flip(sig, 0))},
			{"signature truncated", link(id, "expires", exp, "signature", sig[:len(sig)-1])},
			{"signature doubled", link(id, "expires", exp, "signature", sig+sig)},
			{"expiry extended by a day", link(id, "expires", strconv.FormatInt(expN+86400, 10), "signature", sig)},
			{"expiry extended by a second", link(id, "expires", strconv.FormatInt(expN+1, 10), "signature", sig)},
			{"expiry far in the future", link(id, "expires", "99999999999", "signature", sig)},
			{"expiry moved earlier", link(id, "expires", strconv.FormatInt(expN-1, 10), "signature", sig)},
			{"expiry not a number", link(id, "expires", "never", "signature", sig)},
			{"no expires", link(id, "signature", sig)},
			{"no signature", link(id, "expires", exp)},
			{"empty signature", link(id, "expires", exp, "signature", "")},
			{"no parameters", link(id)},
			{"forged signature first, real second", link(id, "expires", exp, "signature", flip(sig, 5), "signature", sig)},
			{"extended expiry first, real second", link(id, "expires", strconv.FormatInt(expN+86400, 10), "expires", exp, "signature", sig)},
			{"the signature on another file of A", link(a.files[1], "expires", exp, "signature", sig)},
			{"another file's signature on this file", link(id, "expires", uExp, "signature", uSig)},
			{"the signature on a made-up file", link(ids.New("f-"), "expires", exp, "signature", sig)},
		}
		for _, fl := range forged {
			lu, _ := url.Parse(fl.link)
			c := secCall{method: http.MethodGet, path: lu.RequestURI()}
			for _, auth := range []struct{ name, value string }{
				{"", ""}, {" with A's Basic credentials", aBasic}, {" with A's user's token", bearerAuth(a.userToken)},
			} {
				f.refused(t, fl.name+auth.name, c, secFetch(t, e, fl.link, auth.value), http.StatusForbidden)
			}
		}
		// Credentials neither are needed nor change anything on a good link.
		if r := secFetch(t, e, a.link, bBasic); r.status != 200 || !bytes.Equal(r.raw, a.archivePDF) {
			t.Errorf("the signed link with B's credentials: %d", r.status)
		}
	})

	t.Run("a revoked file's link answers 404", func(t *testing.T) {
		if r := secSend(t, e, e.url, secCall{method: http.MethodDelete, path: "/v1/archives/" + a.archive}, aBasic); r.status != 200 {
			t.Fatalf("revoke: %d %s", r.status, r.raw)
		}
		u, _ := url.Parse(a.link)
		c := secCall{method: http.MethodGet, path: u.RequestURI()}
		for _, auth := range []string{"", aBasic} {
			r := secFetch(t, e, a.link, auth)
			if f.refused(t, "revoked link", c, r, http.StatusNotFound) && r.env.Code != "MISSING_RESOURCE" {
				t.Errorf("revoked link: code %s, want MISSING_RESOURCE", r.env.Code)
			}
		}
		// A forged link to the revoked file is still refused as forged.
		forged := strings.Replace(a.link, "signature=", "signature=0", 1)
		fu, _ := url.Parse(forged)
		f.refused(t, "forged link to a revoked file", secCall{method: http.MethodGet, path: fu.RequestURI()}, secFetch(t, e, forged, ""), http.StatusForbidden)
		// Revoking one archive leaves the other file's link working.
		if r := secFetch(t, e, a.uploadLink, ""); r.status != 200 {
			t.Errorf("the upload's link after the archive's revocation: %d %s", r.status, r.raw)
		}
		// A fresh read of the revoked archive offers no link.
		var after archiveOut
		e.getJSON("/v1/archives/"+a.archive, &a.creds).decode(t, &after)
		if after.RawFiles[0].URL != "" {
			t.Errorf("revoked archive still offers a link: %s", after.RawFiles[0].URL)
		}
	})
}
