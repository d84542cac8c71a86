package console_test

import (
	"bytes"
	"html"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/tiff"

	"talaan/internal/console"
	"talaan/internal/review"
)

func setCookie(t *testing.T, p page, name string) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: p.header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", name, p.header.Values("Set-Cookie"))
	return nil
}

var alertRE = regexp.MustCompile(`role="alert"[^>]*>([^<]+)<`)

// alerts lists the messages of a page's alerts.
func alerts(body string) []string {
	var out []string
	for _, m := range alertRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// Sign-in, the session cookie, the security headers, CSRF on every POST,
// sign-out, and the rate limit on failed sign-ins.
func TestSignInSessionsAndCSRF(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	rev := e.reviewer(acme)
	id := e.upload(acme, "slip.pdf", payslipPDF(t, "KALAYAAN TRADING CORP.", "9,000.00"))
	e.waitReview(acme, id)

	b := e.browser()
	// Signed out: pages send to the sign-in, page images answer 401.
	if p := b.get("/console/"); p.status != http.StatusSeeOther || p.header.Get("Location") != "/console/login" {
		t.Fatalf("queue signed out: %d %s", p.status, p.header.Get("Location"))
	}
	if p := b.get("/console/archives/" + id + "/files/x/pages/1.png"); p.status != http.StatusUnauthorized {
		t.Fatalf("page image signed out: %d", p.status)
	}
	login := b.get("/console/login")
	for h, want := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"} {
		if got := login.header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	csp := login.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if strings.Contains(login.body, "<script>") || regexp.MustCompile(`\son[a-z]+=`).MatchString(login.body) {
		t.Errorf("inline script in the sign-in page")
	}

	// A wrong secret and an unknown key get the same generic answer.
	wrong := b.post("/console/login", url.Values{"csrf": {b.csrf(login)}, "key": {rev.key}, "secret": {"nope"}})
	unknown := b.post("/console/login", url.Values{"csrf": {b.csrf(wrong)}, "key": {"ak_nobody"}, "secret": {"nope"}})
	for _, p := range []page{wrong, unknown} {
		if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "Sign-in failed: the key or secret is wrong, or this key cannot use the console.") {
			t.Fatalf("failed sign-in: %d %.300s", p.status, p.body)
		}
	}
	// A sign-in form without its token is refused.
	if p := b.post("/console/login", url.Values{"key": {rev.key}, "secret": {rev.secret}}); p.status != http.StatusForbidden {
		t.Fatalf("sign-in without token: %d", p.status)
	}

	ok := b.login(rev)
	if ok.status != http.StatusSeeOther || ok.header.Get("Location") != "/console/" {
		t.Fatalf("sign-in: %d %s %.300s", ok.status, ok.header.Get("Location"), ok.body)
	}
	ck := setCookie(t, ok, "talaan_console")
	if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/console" || ck.Secure || ck.MaxAge != 8*3600 {
		t.Errorf("session cookie %+v", ck)
	}
	q := b.get("/console/")
	if q.status != 200 || !strings.Contains(q.body, id) {
		t.Fatalf("queue: %d, want %s listed", q.status, id)
	}
	rp := b.get("/console/archives/" + id)
	if rp.status != 200 {
		t.Fatalf("review page: %d", rp.status)
	}
	// A POST without the token, or with another session's, is refused and
	// changes nothing.
	if p := b.post("/console/archives/"+id+"/publish", url.Values{"netAmount": {"10500.00"}}); p.status != http.StatusForbidden {
		t.Fatalf("publish without CSRF token: %d", p.status)
	}
	if p := b.post("/console/archives/"+id+"/reject", url.Values{"csrf": {"forged"}}); p.status != http.StatusForbidden {
		t.Fatalf("reject with a forged token: %d", p.status)
	}
	other := e.browser()
	other.login(rev)
	otherPage := other.get("/console/")
	if p := b.post("/console/archives/"+id+"/reject", url.Values{"csrf": {other.csrf(otherPage)}}); p.status != http.StatusForbidden {
		t.Fatalf("reject with another session's token: %d", p.status)
	}
	if p := b.post("/console/logout", nil); p.status != http.StatusForbidden {
		t.Fatalf("sign-out without token: %d", p.status)
	}
	e.waitReview(acme, id) // still in review

	// Invalid values are refused beside the field, nothing is published.
	tok := b.csrf(rp)
	bad := b.post("/console/archives/"+id+"/publish", url.Values{"csrf": {tok}, "netAmount": {"10500.555"}, "startDate": {"2026-02-30"},
		"currency": {"php"}, "frequency": {"Fortnightly"}, "grossAmount": {"12000.00"}})
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid publish: %d", bad.status)
	}
	for _, msg := range []string{"Must be an amount of 0 or more with at most 2 decimals", "Must be a date YYYY-MM-DD",
		"Must be a 3-letter currency code in capitals", "Must be one of Hourly"} {
		if !strings.Contains(bad.body, msg) {
			t.Errorf("invalid publish: no %q in the page", msg)
		}
	}
	// The API's own checks (net over gross) come back beside the field.
	over := b.post("/console/archives/"+id+"/publish", url.Values{"csrf": {tok}, "netAmount": {"13000"}, "startDate": {"2026-11-01"},
		"endDate": {"2026-11-15"}, "currency": {"PHP"}, "grossAmount": {"12,000.00"}, "employerName": {"KALAYAAN TRADING CORP."}})
	if over.status != http.StatusUnprocessableEntity || !strings.Contains(over.body, "Must not be more than grossAmount") {
		t.Fatalf("net over gross: %d %q", over.status, alerts(over.body))
	}
	if got := e.incomes(acme, id); len(got) != 0 {
		t.Fatalf("incomes after refused publishes: %+v", got)
	}

	// Sign-out ends the session at once.
	if p := b.post("/console/logout", url.Values{"csrf": {tok}}); p.status != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", p.status)
	}
	jar := b.client.Jar
	u, _ := url.Parse(e.url + "/console/")
	jar.SetCookies(u, []*http.Cookie{ck}) // a copy of the old cookie
	if p := b.get("/console/"); p.status != http.StatusSeeOther {
		t.Fatalf("queue after sign-out with the old cookie: %d", p.status)
	}
}

func TestFailedSignInsAreRateLimited(t *testing.T) {
	e := setup(t, options{noWorkers: true, publicURL: "https://talaan.example"})
	acme := e.tenant("Acme Lending")
	b := e.browser()
	limited := false
	for i := 0; i < 8; i++ {
		form := b.get("/console/login")
		p := b.post("/console/login", url.Values{"csrf": {b.csrf(form)}, "key": {acme.key}, "secret": {"wrong"}})
		if p.status == http.StatusTooManyRequests {
			if i < 5 {
				t.Fatalf("limited after %d failures", i)
			}
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("8 failed sign-ins in a row were not limited")
	}
	// Limited means limited, even with the right secret.
	form := b.get("/console/login")
	if p := b.post("/console/login", url.Values{"csrf": {b.csrf(form)}, "key": {acme.key}, "secret": {acme.secret}}); p.status != http.StatusTooManyRequests {
		t.Fatalf("right secret while limited: %d", p.status)
	}
	// On https the session cookie is Secure (checked on a fresh server).
	e2 := setup(t, options{noWorkers: true, publicURL: "https://talaan.example"})
	c2 := e2.tenant("Acme Lending")
	p := e2.browser().login(c2)
	if ck := setCookie(t, p, "talaan_console"); !ck.Secure {
		t.Fatalf("cookie on https: %+v", ck)
	}
}

// A sign-out holds in every process of the deployment and after a
// restart: the same cookie is refused by a second console on the same
// database and by one started afresh.
func TestSignOutHoldsInEveryProcessAndAfterARestart(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	rev := e.reviewer(acme)
	other := e.otherProcess()
	queueWith := func(base string, ck *http.Cookie) int {
		t.Helper()
		req, _ := http.NewRequest("GET", base+"/console/", nil)
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	b := e.browser()
	ck := setCookie(t, b.login(rev), "talaan_console")
	if a, o := queueWith(e.url, ck), queueWith(other, ck); a != http.StatusOK || o != http.StatusOK {
		t.Fatalf("signed in: queue %d here, %d in the other process; want 200 in both", a, o)
	}
	q := b.get("/console/")
	if p := b.post("/console/logout", url.Values{"csrf": {b.csrf(q)}}); p.status != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", p.status)
	}
	restarted := e.otherProcess()
	for _, c := range []struct{ name, base string }{
		{"the process that signed out", e.url},
		{"another process on the same database", other},
		{"a process started after the sign-out", restarted},
	} {
		if st := queueWith(c.base, ck); st != http.StatusSeeOther {
			t.Errorf("%s: queue with the signed-out cookie answered %d, want 303 to the sign-in", c.name, st)
		}
	}
}

// Wrong sign-ins sent all at once from one address cannot outrun the
// limit: only the allowed number have their secret checked, the rest are
// refused as rate-limited.
func TestConcurrentWrongSignInsCannotOutrunTheLimit(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	console.FreezeLoginClock(e.con, time.Now())
	console.SlowSecretCheck(e.con, 300*time.Millisecond)
	acme := e.tenant("Acme Lending")
	b := e.browser()
	form := b.get("/console/login")
	nonce := setCookie(t, form, "talaan_console_login")
	body := url.Values{"csrf": {b.csrf(form)}, "key": {acme.key}, "secret": {"wrong"}}.Encode()

	const n = 100
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", e.url+"/console/login", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: nonce.Name, Value: nonce.Value})
			<-start
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	count := map[int]int{}
	for _, st := range statuses {
		count[st]++
	}
	t.Logf("answers %v", count)
	if count[http.StatusUnauthorized] > 5 || count[http.StatusUnauthorized]+count[http.StatusTooManyRequests] != n {
		t.Fatalf("%d concurrent wrong sign-ins answered %v, want at most 5 checked (401) and the rest refused (429)", n, count)
	}
}

// The review form refuses what sendManualResult refuses, beside the field
// and in the API's words, and publishes nothing; a valid one publishes.
func TestReviewFormRefusesWhatTheAPIRefuses(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	id := e.upload(acme, "slip.pdf", payslipPDF(t, "KALAYAAN TRADING CORP.", "9,000.00"))
	e.waitReview(acme, id)
	b := e.browser()
	b.login(e.reviewer(acme))
	rp := b.get("/console/archives/" + id)
	valid := url.Values{"csrf": {b.csrf(rp)}, "startDate": {"2026-11-01"}, "endDate": {"2026-11-15"}, "currency": {"PHP"},
		"grossAmount": {"12,000.00"}, "netAmount": {"10,500.00"}, "frequency": {"Semimonthly"}}
	cases := []struct {
		name, field, value string
		message            string // "" is the field's rule
	}{
		{"a huge amount", "grossAmount", "1" + strings.Repeat("0", 308), ""},
		{"an amount over the maximum", "grossAmount", "1,000,000,000,000.01", ""},
		{"three decimals", "grossAmount", "100000.001", ""},
		{"a negative amount", "netAmount", "-1", ""},
		{"NaN", "netAmount", "NaN", ""},
		{"a day February does not have", "startDate", "2025-02-30", ""},
		{"an end before the start", "endDate", "2026-10-31", "Must not be before startDate."},
		{"an unknown frequency", "frequency", "Fortnightly", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			form := url.Values{}
			for k, v := range valid {
				form[k] = v
			}
			form.Set(c.field, c.value)
			p := b.post("/console/archives/"+id+"/publish", form)
			want := c.message
			if want == "" {
				rule := review.ManualRule(c.field)
				want = strings.ToUpper(rule[:1]) + rule[1:] + "."
			}
			m := regexp.MustCompile(`id="e-` + c.field + `" role="alert">([^<]*)<`).FindStringSubmatch(p.body)
			if p.status != http.StatusUnprocessableEntity || m == nil || m[1] != want {
				t.Fatalf("%s=%q: %d, error beside the field %q, want %q", c.field, c.value, p.status, m, want)
			}
		})
	}
	if got := e.incomes(acme, id); len(got) != 0 {
		t.Fatalf("incomes after refused publishes: %+v", got)
	}
	if p := b.post("/console/archives/"+id+"/publish", valid); p.status != http.StatusSeeOther {
		t.Fatalf("valid publish: %d %q", p.status, alerts(p.body))
	}
	if got := e.incomes(acme, id); len(got) != 1 || *got[0].GrossAmount != 12000 || *got[0].NetAmount != 10500 {
		t.Fatalf("incomes after the valid publish: %+v", got)
	}
}

// Publishing from the console without changing anything leaves a trace:
// the doubted values confirmed and the publish, by the reviewer key's id
// and name, shown on the page and in the API's review view.
func TestConsolePublishWithoutChangesIsAudited(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	rev := e.reviewer(acme)
	k, err := e.store.APIKeyByKey(t.Context(), rev.key)
	if err != nil {
		t.Fatal(err)
	}
	id := e.upload(acme, "slip.pdf", payslipPDF(t, "KALAYAAN TRADING CORP.", "9,000.00"))
	e.waitReview(acme, id)
	b := e.browser()
	b.login(rev)
	rp := b.get("/console/archives/" + id)
	// The form as the browser sends it: every field with the value shown.
	form := url.Values{"csrf": {b.csrf(rp)}}
	for _, m := range regexp.MustCompile(`<input id="f-[^"]+" name="([^"]+)" type="text" value="([^"]*)"`).FindAllStringSubmatch(rp.body, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	if m := regexp.MustCompile(`(?s)name="frequency".*?<option value="([^"]*)" selected`).FindStringSubmatch(rp.body); m != nil {
		form.Set("frequency", m[1])
	}
	if p := b.post("/console/archives/"+id+"/publish", form); p.status != http.StatusSeeOther {
		t.Fatalf("publish: %d %q", p.status, alerts(p.body))
	}
	var lines []string
	for _, a := range e.audit(acme, id) {
		lines = append(lines, a.Action+" "+a.Field)
		if a.ActorID != k.ID || a.ActorName != "ops" {
			t.Errorf("%s %s by %q %q, want key %s named ops", a.Action, a.Field, a.ActorID, a.ActorName, k.ID)
		}
	}
	if want := []string{"confirm grossAmount", "confirm netAmount", "publish "}; !slices.Equal(lines, want) {
		t.Fatalf("audit %q, want %q", lines, want)
	}
	var p struct {
		ReviewedBy struct{ ID, Name string } `json:"reviewedBy"`
	}
	e.apiJSON("GET", "/v1/archives/-/payslips/queryPrediction?archiveId="+id, acme, "", nil, &p)
	if p.ReviewedBy.ID != k.ID || p.ReviewedBy.Name != "ops" {
		t.Fatalf("reviewedBy %+v, want %s ops", p.ReviewedBy, k.ID)
	}
	if page := b.get("/console/archives/" + id); !strings.Contains(page.body, `<td title="apikey:`+rev.key+`">ops</td><td>publish</td>`) {
		t.Errorf("the review page does not show the publish by ops")
	}
}

// A reviewer of another tenant sees nothing of this one.
func TestOtherTenantSeesNothing(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	id := e.upload(acme, "slip.pdf", payslipPDF(t, "KALAYAAN TRADING CORP.", "9,000.00"))
	e.waitReview(acme, id)
	var a struct {
		RawFiles []struct {
			ID string `json:"id"`
		} `json:"rawFiles"`
	}
	e.apiJSON("GET", "/v1/archives/"+id, acme, "", nil, &a)

	beta := e.tenant("Beta Finance")
	b := e.browser()
	b.login(e.reviewer(beta))
	q := b.get("/console/")
	if q.status != 200 || strings.Contains(q.body, id) || !strings.Contains(q.body, `id="empty-queue"`) {
		t.Fatalf("other tenant's queue: %d %.500s", q.status, q.body)
	}
	for _, path := range []string{"/console/archives/" + id, "/console/archives/" + id + "/next",
		"/console/archives/" + id + "/files/" + a.RawFiles[0].ID + "/pages/1.png"} {
		if p := b.get(path); p.status != http.StatusNotFound {
			t.Errorf("GET %s as another tenant: %d", path, p.status)
		}
	}
	rp := b.get("/console/")
	if p := b.post("/console/archives/"+id+"/reject", url.Values{"csrf": {b.csrf(rp)}}); p.status != http.StatusNotFound {
		t.Errorf("reject as another tenant: %d", p.status)
	}
	e.waitReview(acme, id)
}

// The page-image route: a PDF page through pdftoppm, a PNG and a TIFF
// re-encoded; pages that do not exist are 404.
func TestPageImages(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	src := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for x := 0; x < 300; x++ {
		src.Set(x, 100, color.RGBA{200, 0, 0, 255})
	}
	var pngData, tiffData bytes.Buffer
	if err := png.Encode(&pngData, src); err != nil {
		t.Fatal(err)
	}
	if err := tiff.Encode(&tiffData, src, nil); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for name, data := range map[string][]byte{"slip.pdf": payslipPDF(t, "ACME", "1.00"), "photo.png": pngData.Bytes(), "scan.tiff": tiffData.Bytes()} {
		id := e.upload(acme, name, data)
		var a struct {
			RawFiles []struct {
				ID string `json:"id"`
			} `json:"rawFiles"`
		}
		e.apiJSON("GET", "/v1/archives/"+id, acme, "", nil, &a)
		files[name] = "/console/archives/" + id + "/files/" + a.RawFiles[0].ID + "/pages/"
	}
	b := e.browser()
	b.login(acme)
	decode := func(path string) image.Image {
		t.Helper()
		p := b.get(path)
		if p.status != 200 || p.header.Get("Content-Type") != "image/png" {
			t.Fatalf("GET %s: %d %s %.200s", path, p.status, p.header.Get("Content-Type"), p.body)
		}
		img, err := png.Decode(strings.NewReader(p.body))
		if err != nil {
			t.Fatalf("GET %s: not a PNG: %v", path, err)
		}
		return img
	}
	// A4 at 110 dpi: 8.27 x 11.69 in.
	start := time.Now()
	if sz := decode(files["slip.pdf"] + "1.png").Bounds().Size(); sz.X < 900 || sz.X > 920 || sz.Y < 1280 || sz.Y > 1290 {
		t.Errorf("PDF page 1 is %v, want about 910x1286 (A4 at 110 dpi)", sz)
	}
	t.Logf("PDF page rendered in %v", time.Since(start))
	for _, name := range []string{"photo.png", "scan.tiff"} {
		img := decode(files[name] + "1.png")
		if img.Bounds().Size() != src.Bounds().Size() {
			t.Errorf("%s: %v, want %v", name, img.Bounds().Size(), src.Bounds().Size())
		}
		// Shown as the engine read it: gray, transparency on white.
		if y := color.GrayModel.Convert(img.At(150, 100)).(color.Gray).Y; y < 55 || y > 65 {
			t.Errorf("%s: pixel (150,100) is %d, not the red line in gray (60)", name, y)
		}
		if y := color.GrayModel.Convert(img.At(150, 50)).(color.Gray).Y; y != 255 {
			t.Errorf("%s: pixel (150,50) is %d, not white paper", name, y)
		}
	}
	for _, path := range []string{files["slip.pdf"] + "2.png", files["photo.png"] + "2.png", files["scan.tiff"] + "2.png",
		files["slip.pdf"] + "0.png", files["slip.pdf"] + "abc", strings.Replace(files["slip.pdf"], "/files/", "/files/f-nope", 1) + "1.png"} {
		if p := b.get(path); p.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, p.status)
		}
	}
}

// waitDone waits until the archive is in review or final, and returns its
// state.
func (e *env) waitDone(c creds, id string) archiveState {
	e.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var a struct {
			State archiveState `json:"state"`
		}
		e.apiJSON("GET", "/v1/archives/"+id, c, "", nil, &a)
		if a.State.Review || a.State.Status != "STARTED" {
			return a.State
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("archive %s still processing after a minute", id)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// letterPDF is a digital document that is no payslip.
func letterPDF(t *testing.T) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 11)
	for i, l := range []string{"Dear Maria,", "Thank you for the lovely dinner last week.", "The garden looks wonderful this spring.", "See you soon, Ana"} {
		p.Text(20, 20+float64(i)*8, l)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Failed documents are listed with their reason beside those in review;
// the filters and counts work; a failed document's page is read-only.
func TestQueueListsFailedDocumentsAndFilters(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	review := e.upload(acme, "slip.pdf", payslipPDF(t, "KALAYAAN TRADING CORP.", "9,000.00"))
	damaged := e.upload(acme, "broken.pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage"))
	letter := e.upload(acme, "letter.pdf", letterPDF(t))
	states := map[string]archiveState{}
	for _, id := range []string{review, damaged, letter} {
		states[id] = e.waitDone(acme, id)
	}
	if !states[review].Review || states[damaged].Status != "ERROR" || states[letter].Status != "UNSUPPORTED" {
		t.Fatalf("states %+v", states)
	}
	b := e.browser()
	b.login(acme)
	listed := func(path string, want ...string) page {
		t.Helper()
		p := b.get(path)
		if p.status != 200 {
			t.Fatalf("GET %s: %d", path, p.status)
		}
		for _, id := range []string{review, damaged, letter} {
			in := strings.Contains(p.body, ">"+id+"</a>")
			if in != slices.Contains(want, id) {
				t.Errorf("GET %s: %s listed %v", path, id, in)
			}
		}
		return p
	}
	all := listed("/console/", review, damaged, letter)
	for _, s := range []string{`<strong id="review-count">1</strong> in review`, `<strong>2</strong> failed`, "DAMAGED_FILE", "NOT_INCOME_DOCUMENT"} {
		if !strings.Contains(all.body, s) {
			t.Errorf("queue page lacks %q", s)
		}
	}
	if strings.Index(all.body, ">"+review+"<") > strings.Index(all.body, ">"+letter+"<") {
		t.Error("queue is not oldest first")
	}
	listed("/console/?show=failed", damaged, letter)
	listed("/console/?show=review", review)
	listed("/console/?reason=DAMAGED_FILE", damaged)
	listed("/console/?fileType=PAYSLIP", review)
	listed("/console/?reason=" + url.QueryEscape("<script>"))

	// A failed document: its reason, its file, no action.
	p := b.get("/console/archives/" + damaged)
	if p.status != 200 || !strings.Contains(p.body, "DAMAGED_FILE") || strings.Contains(p.body, `id="publish"`) {
		t.Fatalf("failed document page: %d", p.status)
	}
	// Publishing it anyway changes nothing and moves on.
	pub := b.post("/console/archives/"+damaged+"/publish", url.Values{"csrf": {b.csrf(p)}, "netAmount": {"1.00"}})
	if pub.status != http.StatusSeeOther || !strings.Contains(pub.header.Get("Location"), review) {
		t.Fatalf("publish a failed document: %d %s", pub.status, pub.header.Get("Location"))
	}
	if st := e.waitDone(acme, damaged); st.Status != "ERROR" {
		t.Fatalf("failed document after a publish: %+v", st)
	}

	// Reject the one in review: the queue is then empty.
	rp := b.get("/console/archives/" + review)
	rej := b.post("/console/archives/"+review+"/reject", url.Values{"csrf": {b.csrf(rp)}})
	if rej.status != http.StatusSeeOther || rej.header.Get("Location") != "/console/?msg=rejected-last" {
		t.Fatalf("reject: %d %s", rej.status, rej.header.Get("Location"))
	}
	if st := e.waitDone(acme, review); st.Status != "UNSUPPORTED" {
		t.Fatalf("after reject: %+v", st)
	}
	found := false
	for _, a := range e.audit(acme, review) {
		found = found || (a.Field == "validFile" && a.Actor == "apikey:"+acme.key)
	}
	if !found {
		t.Errorf("reject not audited: %+v", e.audit(acme, review))
	}
}

// Revoking a reviewer key ends its console sessions at once.
func TestRevokedKeyEndsTheSession(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	rev := e.reviewer(acme)
	b := e.browser()
	b.login(rev)
	if p := b.get("/console/"); p.status != 200 {
		t.Fatalf("queue: %d", p.status)
	}
	k, err := e.store.APIKeyByKey(t.Context(), rev.key)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.RevokeAPIKey(t.Context(), acme.tenantID, k.ID, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	if p := b.get("/console/"); p.status != http.StatusSeeOther {
		t.Fatalf("queue after the key was revoked: %d", p.status)
	}
	form := b.get("/console/login")
	if p := b.post("/console/login", url.Values{"csrf": {b.csrf(form)}, "key": {rev.key}, "secret": {rev.secret}}); p.status != http.StatusUnauthorized ||
		!strings.Contains(p.body, "Sign-in failed: the key or secret is wrong, or this key cannot use the console.") {
		t.Fatalf("sign-in with a revoked key: %d", p.status)
	}
}

// The console's sign-in counts with the API's own sign-in limits: a key
// throttled by wrong secrets over HTTP Basic is refused by the console too,
// even with the right secret, so the console is no way around them.
func TestConsoleSignInSharesTheAPIKeyThrottle(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	wrong := acme
	wrong.secret = "sk_wrong"
	for range 10 {
		if code := e.apiJSON("GET", "/v1/users", wrong, "", nil, nil); code != http.StatusUnauthorized {
			t.Fatalf("wrong secret over Basic: %d, want 401", code)
		}
	}
	if code := e.apiJSON("GET", "/v1/users", acme, "", nil, nil); code != http.StatusTooManyRequests {
		t.Fatalf("right secret after 10 wrong ones over Basic: %d, want 429", code)
	}
	p := e.browser().login(acme)
	if p.status != http.StatusTooManyRequests || p.header.Get("Retry-After") == "" {
		t.Fatalf("console sign-in of the throttled key: %d (Retry-After %q), want 429 with Retry-After", p.status, p.header.Get("Retry-After"))
	}
}
