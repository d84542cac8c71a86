package console_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"talaan/tools/docgen"
)

const chromiumPath = "/usr/bin/chromium"

// newBrowser starts Debian's Chromium headless with a fresh profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: make deps installs it (apt-get install chromium)", chromiumPath)
		}
		t.Skipf("%s is missing: apt-get install chromium", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// The first action starts the browser, which lives as long as that
	// action's context: no timeout on it, one on the test's actions.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel = context.WithTimeout(ctx, 50*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestReviewInTheBrowser works the queue as a reviewer does: sign in, open
// the oldest document, skip with the keyboard, correct the net pay,
// publish with Ctrl+Enter, land on the next document; then checks through
// the API that the income and the audit trail are right, and that a
// reviewer of another tenant sees nothing. Screenshots of the queue and
// the review page (1280x800 and 400x800) are saved for people to look at.
func TestReviewInTheBrowser(t *testing.T) {
	ctx := newBrowser(t)
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	rev := e.reviewer(acme)
	first := e.upload(acme, "first.pdf", payslipPDF(t, "KALAYAAN TRADING CORP.", "9,000.00"))
	time.Sleep(5 * time.Millisecond) // distinct creation times: the queue is oldest first
	second := e.upload(acme, "second.pdf", payslipPDF(t, "MABUHAY FOODS INC.", "9,500.00"))
	// A scan turned by 90 degrees (read upright by the engine), shown turned
	// back so that the boxes line up; another reviewer's concern, so of
	// another tenant.
	scanner := e.tenant("Scan Lending")
	doc, err := docgen.New(3).PayslipLayout("table4", 1)
	if err != nil {
		t.Fatal(err)
	}
	scan, ext, err := docgen.Render(t.Context(), doc, docgen.QualityRotated)
	if err != nil {
		t.Fatal(err)
	}
	rotated := e.upload(scanner, "rotated"+ext, scan)
	e.waitReview(acme, first)
	e.waitReview(acme, second)
	out := outputDir(t)
	t.Logf("screenshots in %s", out)

	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	shot := func(name string) {
		t.Helper()
		// Pictures decode asynchronously: let them paint first.
		_, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`Promise.all(Array.from(document.images).map(i => i.decode().catch(() => 0))).then(() => true)`, chromedp.EvalAwaitPromise))
		run("settle", chromedp.Sleep(150*time.Millisecond))
		buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(out, name), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	eval := func(what, js string, out any) {
		t.Helper()
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js))
		if err == nil {
			err = json.Unmarshal(raw, out)
		}
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	signIn := func(c creds) {
		t.Helper()
		run("sign in",
			chromedp.Navigate(e.url+"/console/login"),
			chromedp.WaitVisible(chromedp.CSS("#key")),
			chromedp.SendKeys(chromedp.CSS("#key"), c.key),
			chromedp.SendKeys(chromedp.CSS("#secret"), c.secret),
			chromedp.Click(chromedp.CSS("#signin")),
			chromedp.WaitVisible(chromedp.CSS(".queue-head")))
	}
	// waitPath waits for the page at path (navigation in between makes
	// evaluations fail for a moment).
	waitPath := func(path string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		at := ""
		for time.Now().Before(deadline) {
			p, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname : ""`))
			if err == nil && p == path {
				return
			}
			if err == nil && p != "" {
				at = p
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("waited for %s, at %s", path, at)
	}
	pagesLoaded := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Poll[bool](`Array.from(document.querySelectorAll('.page img')).every(i => i.complete && i.naturalWidth > 0)`,
			chromedp.WithPollingTimeout(15*time.Second))(ctx, tg)
		return err
	})

	// The queue, oldest first.
	run("viewport", chromedp.EmulateViewport(1280, 800))
	signIn(rev)
	var docs []string
	eval("queue rows", `Array.from(document.querySelectorAll('a.doc')).map(a => a.textContent)`, &docs)
	if len(docs) != 2 || docs[0] != first || docs[1] != second {
		t.Fatalf("queue %v, want [%s %s]", docs, first, second)
	}
	if got := text("#review-count"); got != "2" {
		t.Errorf("review count %q", got)
	}
	shot("queue-1280x800.png")
	run("narrow queue", chromedp.EmulateViewport(400, 800))
	shot("queue-400x800.png")
	run("wide", chromedp.EmulateViewport(1280, 800))

	// The oldest document: its page beside the fields.
	run("open the first", chromedp.Click(chromedp.CSS("a.doc")), chromedp.WaitVisible(chromedp.CSS("#review-form")), pagesLoaded)
	waitPath("/console/archives/" + first)
	net, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#f-netAmount")))
	if err != nil {
		t.Fatal(err)
	}
	if net != "9000.00" {
		t.Errorf("net pay shown as %q", net)
	}
	for _, f := range []string{"startDate", "endDate", "payDate", "currency", "frequency", "baseAmount", "grossAmount", "netAmount", "employerName", "employeeName"} {
		var n int
		eval("field "+f, `document.querySelectorAll('[name="`+f+`"]').length`, &n)
		if n != 1 {
			t.Errorf("field %s: %d inputs", f, n)
		}
	}
	// Focusing a field draws its box on the page: "9,000.00" is printed
	// 120 mm from the left of an A4 page (57%), on the 14th line (about 42%
	// down).
	run("focus net", chromedp.Focus(chromedp.CSS("#f-netAmount")), chromedp.Sleep(400*time.Millisecond))
	var box struct {
		Hidden bool    `json:"hidden"`
		Left   float64 `json:"left"`
		Top    float64 `json:"top"`
	}
	eval("highlight", `(() => { const h = document.querySelector('#page-1 .hl');
		return {hidden: h.hidden, left: parseFloat(h.style.left), top: parseFloat(h.style.top)}; })()`, &box)
	if box.Hidden || box.Left < 52 || box.Left > 62 || box.Top < 36 || box.Top > 46 {
		t.Errorf("net pay highlight %+v, want visible near 57%% left, 42%% top", box)
	}
	shot("review-1280x800.png")
	var zoom struct {
		Level string  `json:"level"`
		Ratio float64 `json:"ratio"`
	}
	run("zoom in", chromedp.Click(chromedp.CSS("#zoom-in")), chromedp.Click(chromedp.CSS("#zoom-in")))
	eval("zoom", `({level: document.querySelector('#zoom-level').textContent,
		ratio: document.querySelector('#page-1').getBoundingClientRect().width / document.querySelector('#pages').clientWidth})`, &zoom)
	if zoom.Level != "150%" || zoom.Ratio < 1.3 {
		t.Errorf("after zooming in twice: %+v", zoom)
	}
	run("fit", chromedp.Click(chromedp.CSS("#zoom-fit")))
	run("narrow review", chromedp.EmulateViewport(400, 800))
	shot("review-400x800.png")
	run("wide", chromedp.EmulateViewport(1280, 800))

	// Alt+Shift+S skips to the next document, and wraps round to the first.
	run("skip", chromedp.KeyEvent("s", chromedp.KeyModifiers(chromedp.ModifierAlt, chromedp.ModifierShift)))
	waitPath("/console/archives/" + second)
	run("skip again", chromedp.WaitVisible(chromedp.CSS("#review-form")),
		chromedp.KeyEvent("s", chromedp.KeyModifiers(chromedp.ModifierAlt, chromedp.ModifierShift)))
	waitPath("/console/archives/" + first)

	// Correct the net pay (12,000.00 - 1,500.00) and publish with
	// Ctrl+Enter: the next document opens.
	run("open", chromedp.WaitVisible(chromedp.CSS("#review-form")), chromedp.Focus(chromedp.CSS("#f-netAmount")))
	var cleared bool
	eval("clear net", `(() => { document.querySelector('#f-netAmount').value = ''; return true; })()`, &cleared)
	run("correct net",
		chromedp.SendKeys(chromedp.CSS("#f-netAmount"), "10500.00"),
		chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	waitPath("/console/archives/" + second)
	if f := text(".flash"); !strings.Contains(f, "Published") {
		t.Errorf("flash after publish: %q", f)
	}

	// Through the API: the income has the corrected value, and the audit
	// trail names the reviewer's key.
	incs := e.incomes(acme, first)
	if len(incs) != 1 || incs[0].NetAmount == nil || *incs[0].NetAmount != 10500 || !incs[0].Reviewed || *incs[0].GrossAmount != 12000 {
		t.Fatalf("incomes after publish: %+v", incs)
	}
	found := false
	for _, a := range e.audit(acme, first) {
		if a.Field == "netAmount" && a.OldValue != nil && *a.OldValue == "9000" && a.NewValue != nil && *a.NewValue == "10500" && a.Actor == "apikey:"+rev.key {
			found = true
		}
	}
	if !found {
		t.Fatalf("audit trail lacks the net pay change by %s: %+v", rev.key, e.audit(acme, first))
	}
	e.waitReview(acme, second) // untouched

	// The published document's page shows the trail.
	run("published page", chromedp.Navigate(e.url+"/console/archives/"+first), chromedp.WaitVisible(chromedp.CSS("#audit")), pagesLoaded)
	// Who is the key's name; the credential is in the cell's title.
	if a := text("#audit"); !strings.Contains(a, "ops\tchange\tnetAmount\t9000 → 10500") || !strings.Contains(a, "ops\tpublish") {
		t.Errorf("audit trail on the page: %q", a)
	}
	shot("review-published-1280x800.png")

	// The turned scan: the picture, turned by CSS, fills the upright sheet
	// whose proportions are the page's.
	signOut := chromedp.Steps(chromedp.Click(chromedp.CSS(".who button.link")), chromedp.WaitVisible(chromedp.CSS("#key")))
	run("sign out", signOut)
	signIn(scanner)
	inReview := false
	for deadline := time.Now().Add(40 * time.Second); ; {
		var a struct {
			State archiveState `json:"state"`
		}
		e.apiJSON("GET", "/v1/archives/"+rotated, scanner, "", nil, &a)
		if a.State.Review || a.State.Status != "STARTED" {
			inReview = a.State.Review
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the rotated scan is still being read")
		}
		time.Sleep(100 * time.Millisecond)
	}
	run("rotated scan", chromedp.Navigate(e.url+"/console/archives/"+rotated), chromedp.WaitVisible(chromedp.CSS("#pages")), pagesLoaded)
	var geo struct {
		Rot            string `json:"rot"`
		SheetW, SheetH float64
		ImgW, ImgH     float64
		W, H           float64
	}
	eval("rotated geometry", `(() => { const f = document.querySelector('#page-1'), s = f.querySelector('.sheet').getBoundingClientRect(),
		i = f.querySelector('img').getBoundingClientRect();
		return {rot: f.dataset.rot, SheetW: s.width, SheetH: s.height, ImgW: i.width, ImgH: i.height, W: +f.dataset.w, H: +f.dataset.h}; })()`, &geo)
	near := func(a, b float64) bool { return a > b*0.97-2 && a < b*1.03+2 }
	if geo.Rot == "0" || geo.Rot == "" || !near(geo.SheetW/geo.SheetH, geo.W/geo.H) || !near(geo.ImgW, geo.SheetW) || !near(geo.ImgH, geo.SheetH) {
		t.Errorf("rotated scan: %+v, want a turned picture filling a sheet of the page's proportions", geo)
	}
	// The engine may publish the scan (then the page has no form) or hold
	// it for review; the picture's geometry is checked either way.
	if inReview {
		run("focus gross", chromedp.Focus(chromedp.CSS("#f-grossAmount")), chromedp.Sleep(300*time.Millisecond))
	} else {
		t.Logf("the rotated scan was published with no review; its page is shown without a form")
	}
	shot("review-rotated-scan-1280x800.png")

	// Sign out; a reviewer of another tenant sees an empty queue and no
	// document of this one.
	run("sign out", signOut)
	signIn(e.reviewer(e.tenant("Beta Finance")))
	run("empty queue", chromedp.WaitVisible(chromedp.CSS("#empty-queue")))
	if got := text("#review-count"); got != "0" {
		t.Errorf("other tenant's review count %q", got)
	}
	run("other tenant's document", chromedp.Navigate(e.url+"/console/archives/"+second), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if h := text("main h1"); !strings.HasPrefix(h, "404") {
		t.Errorf("other tenant's document: %q, want 404", h)
	}
}
