// Package console is the review console: server-rendered pages where ops
// staff sign in with an API key (a reviewer key, or the tenant's admin key),
// work the review queue oldest first, see each document's pages beside the
// values read from it, correct them and publish, or reject the document.
//
// Everything a publish does (incomes, webhooks, audit) is review.Service's,
// as for the API's sendManualResult; the console reads the queue through the
// same service, signs people in through the API's authenticator (one count
// of failures per key and address), renders pages of the stored files, and
// keeps sessions.
//
// Pages are html/template with embedded assets, no inline script (the
// Content-Security-Policy forbids it) and no third-party resource.
package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"talaan/internal/auth"
	"talaan/internal/problem"
	"talaan/internal/review"
	"talaan/ocr"
	"talaan/storage"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the console needs of the service's configuration.
type Config struct {
	// PublicURL is the service's base URL; an https URL makes the session
	// cookie Secure.
	PublicURL string
	// SessionTTL is the life of a sign-in; default 8 hours.
	SessionTTL time.Duration
	// FailedWindow is how far back failed documents (ERROR, UNSUPPORTED)
	// are listed in the queue; default 7 days.
	FailedWindow time.Duration
	// MaxFileBytes bounds a file read to render its pages; default 32 MB.
	MaxFileBytes int64
	// Memory is the budget of decoded images the console's page pictures
	// share with the document reader (ocr.Reader.Memory), so reviewers
	// opening pages cannot add to what the workers hold. Nil bounds each
	// picture but not their sum.
	Memory *ocr.Budget
}

// Console serves the review console under /console/.
type Console struct {
	reviews *review.Service
	store   storage.Store
	blobs   storage.Blobs
	cfg     Config
	log     *slog.Logger
	auth    authenticator
	key     []byte // signs session cookies and CSRF tokens
	secure  bool
	pages   map[string]*template.Template
	static  map[string]staticFile
	logins  *limiter
	// renders bounds the page renderings (pdftoppm, image decoding) at once.
	renders chan struct{}
	now     func() time.Time
}

type staticFile struct {
	body    []byte
	ctype   string
	version string
}

// New builds the console on the authenticator (shared with the API, so its
// sign-in limits hold here too), the review queue, the store (files, the
// session key) and the blobs.
func New(ctx context.Context, authn *auth.Authenticator, reviews *review.Service, st storage.Store, blobs storage.Blobs, cfg Config, log *slog.Logger) (*Console, error) {
	if authn == nil || reviews == nil || st == nil || blobs == nil {
		return nil, errors.New("console: the authenticator, review service, store and blobs are required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 8 * time.Hour
	}
	if cfg.FailedWindow <= 0 {
		cfg.FailedWindow = 7 * 24 * time.Hour
	}
	if cfg.MaxFileBytes <= 0 {
		cfg.MaxFileBytes = 32 << 20
	}
	key, err := st.Secret(ctx, "console-session-key", func() []byte {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return b
	})
	if err != nil {
		return nil, fmt.Errorf("console session key: %w", err)
	}
	c := &Console{reviews: reviews, store: st, blobs: blobs, cfg: cfg, log: log, auth: authn, key: key,
		secure:  strings.HasPrefix(strings.ToLower(cfg.PublicURL), "https://"),
		logins:  newLimiter(5, time.Minute/5),
		renders: make(chan struct{}, 2), now: func() time.Time { return time.Now().UTC() }}
	if err := c.loadStatic(); err != nil {
		return nil, err
	}
	if err := c.loadTemplates(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Console) loadStatic() error {
	c.static = map[string]staticFile{}
	types := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
	return fs.WalkDir(staticFS, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(path)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(path, "static/")
		ext := name[strings.LastIndexByte(name, '.'):]
		sum := sha256.Sum256(b)
		c.static[name] = staticFile{body: b, ctype: types[ext], version: hex.EncodeToString(sum[:6])}
		return nil
	})
}

func (c *Console) loadTemplates() error {
	funcs := template.FuncMap{
		"static": func(name string) string {
			return "/console/static/" + name + "?v=" + c.static[name].version
		},
		"pct":  func(v float64) string { return fmt.Sprintf("%.4f", v) },
		"conf": func(v float64) string { return fmt.Sprintf("%.2f", v) },
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return fmt.Errorf("console templates: %w", err)
	}
	c.pages = map[string]*template.Template{}
	for _, name := range []string{"login", "queue", "review", "error"} {
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.ParseFS(templateFS, "templates/"+name+".html"); err != nil {
			return fmt.Errorf("console template %s: %w", name, err)
		}
		c.pages[name] = t
	}
	return nil
}

// Handler serves /console/ (mount it there; the ServeMux sends /console
// to /console/).
func (c *Console) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /console/{$}", c.signedIn(c.queue))
	mux.HandleFunc("GET /console/login", c.loginPage)
	mux.HandleFunc("POST /console/login", c.login)
	mux.HandleFunc("POST /console/logout", c.withCSRF(c.logout))
	mux.HandleFunc("GET /console/archives/{id}", c.signedIn(c.review))
	mux.HandleFunc("GET /console/archives/{id}/next", c.signedIn(c.skip))
	mux.HandleFunc("POST /console/archives/{id}/publish", c.withCSRF(c.publish))
	mux.HandleFunc("POST /console/archives/{id}/reject", c.withCSRF(c.reject))
	mux.HandleFunc("GET /console/archives/{id}/files/{fileId}/pages/{page}", c.signedInImage(c.pageImage))
	mux.HandleFunc("GET /console/static/{name}", c.serveStatic)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
			"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if _, pattern := mux.Handler(r); pattern == "" {
			c.errorPage(w, r, nil, http.StatusNotFound, "There is no such page.")
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func (c *Console) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := c.static[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	if r.URL.Query().Get("v") == f.version {
		w.Header().Set("Cache-Control", "public, max-age=86400, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	_, _ = w.Write(f.body)
}

// render writes a page; a template failure is logged and answered 500.
func (c *Console) render(w http.ResponseWriter, r *http.Request, page string, status int, data any) {
	var buf strings.Builder
	if err := c.pages[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		c.log.Error("console: render", "page", page, "path", r.URL.Path, "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(buf.String()))
}

type errorData struct {
	Head
	Status  int
	Message string
}

// errorPage shows a message with the status; s may be nil (signed out).
func (c *Console) errorPage(w http.ResponseWriter, r *http.Request, s *session, status int, msg string) {
	c.render(w, r, "error", status, errorData{Head: c.head(s, http.StatusText(status)), Status: status, Message: msg})
}

// problemStatus is the page status of each kind of problem.
var problemStatus = map[problem.Kind]int{
	problem.Internal:  http.StatusInternalServerError,
	problem.Invalid:   http.StatusBadRequest,
	problem.Conflict:  http.StatusConflict,
	problem.NotFound:  http.StatusNotFound,
	problem.Forbidden: http.StatusForbidden,
}

// fail answers an error from the review service or the store: the status
// and message a person may see; the detail goes to the log.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	kind, msg := problem.Public(err)
	if kind == problem.Internal {
		c.log.Error("console: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	c.errorPage(w, r, s, problemStatus[kind], msg)
}

// Head is what every page's header shows.
type Head struct {
	Title    string
	SignedIn bool
	Actor    string
	Role     string
	CSRF     string
	Flash    string
}

func (c *Console) head(s *session, title string) Head {
	h := Head{Title: title}
	if s != nil {
		h.SignedIn, h.Actor, h.Role, h.CSRF = true, s.Actor, s.Role, c.csrfToken(s)
	}
	return h
}

// flashes are the fixed messages a redirect may ask for (?msg=); nothing
// from the URL is shown as is.
var flashes = map[string]string{
	"published":      "Published. The next document is open.",
	"rejected":       "Rejected as not an income document. The next document is open.",
	"published-last": "Published. The review queue is now empty.",
	"rejected-last":  "Rejected as not an income document. The review queue is now empty.",
	"skipped":        "Skipped; nothing was changed.",
	"empty":          "The review queue is empty.",
	"signed-out":     "You are signed out.",
	"expired":        "Your session ended; sign in again.",
	"gone":           "That document is no longer waiting for review.",
}
