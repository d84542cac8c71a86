// Package api is talaan's HTTP API: a Smile API v1 compatible subset under
// /v1 (users, tokens, archives, uploads, file types, incomes, webhooks and
// the payslip review endpoints) plus signed file links. Handlers decode,
// validate, call the store, and answer in Smile's envelope; they never run
// the engine except for /archives/classify.
package api

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-playground/validator/v10"

	"talaan/internal/api/openapi"
	"talaan/internal/archive"
	"talaan/internal/auth"
	"talaan/internal/pipeline"
	"talaan/internal/review"
	"talaan/storage"
)

// Config is what the API needs to know of the service's configuration.
type Config struct {
	PublicURL    string        // base of file links, e.g. http://127.0.0.1:8080
	Retention    time.Duration // how long files are kept
	TokenTTL     time.Duration // life of a user token
	LinkTTL      time.Duration // life of a signed file link
	MaxFiles     int           // files per archive
	MaxFileBytes int64         // bytes per file
	// AllowLoopbackWebhooks accepts http:// webhook URLs on loopback.
	AllowLoopbackWebhooks bool

	// SignIn are the limits on wrong Basic sign-ins, per API key and per
	// client address; past them a sign-in is refused with 429 until the
	// window ends. They hold for the console too, which signs in through
	// the same Auth.
	SignIn auth.Limits

	// MinBodyRate is the average rate, in bytes a second, a request body
	// must keep after BodyRateGrace from its first byte, or the request
	// ends with 408 TIME_LIMIT_EXCEEDED (defaults 32 KB/s and 10 s; a
	// negative rate switches the check off).
	MinBodyRate   int64
	BodyRateGrace time.Duration
}

// Classifier runs the engine on one file for /archives/classify.
type Classifier interface {
	Process(ctx context.Context, name string, data []byte) (pipeline.Output, error)
}

// Server holds the API's dependencies. It is safe for concurrent use.
type Server struct {
	store    storage.Store
	archives archive.Service
	blobs    storage.Blobs
	cfg      Config
	log      *slog.Logger
	classify Classifier
	validate *validator.Validate
	linkKey  []byte
	now      func() time.Time
	// classifySlots bounds synchronous classifications, per tenant and in
	// all.
	classifySlots *slots
	// jsonSlots bounds JSON uploads decoded at once, per tenant and in all:
	// a base64 body is held in memory (about 4x the file), unlike
	// multipart, which streams.
	jsonSlots *slots
	// auth checks credentials behind the sign-in limits; reviews is the
	// review queue. The console shares both (Auth, Reviews).
	auth    *auth.Authenticator
	reviews *review.Service
}

// New builds the API. classify may be nil (then /archives/classify answers
// 503).
func New(ctx context.Context, st storage.Store, blobs storage.Blobs, cfg Config, classify Classifier, log *slog.Logger) (*Server, error) {
	key, err := st.Secret(ctx, "file-link-key", func() []byte {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return b
	})
	if err != nil {
		return nil, fmt.Errorf("file link key: %w", err)
	}
	if cfg.MaxFiles <= 0 {
		cfg.MaxFiles = 10
	}
	if cfg.MaxFileBytes <= 0 {
		cfg.MaxFileBytes = 15 << 20
	}
	if cfg.MinBodyRate == 0 {
		cfg.MinBodyRate = defaultMinBodyRate
	}
	if cfg.BodyRateGrace <= 0 {
		cfg.BodyRateGrace = defaultBodyRateGrace
	}
	now := func() time.Time { return time.Now().UTC() }
	reviews := review.NewService(st, log)
	reviews.Now = now
	return &Server{store: st, archives: archive.Service{Store: st}, blobs: blobs, cfg: cfg, log: log, classify: classify,
		validate: newValidator(), linkKey: key, now: now,
		classifySlots: newSlots(classifySlotsGlobal, classifySlotsPerTenant),
		jsonSlots:     newSlots(jsonSlotsGlobal, jsonSlotsPerTenant),
		auth:          auth.New(st, cfg.SignIn, log, now),
		reviews:       reviews}, nil
}

// Auth is the server's authenticator: a console on the same service signs
// in through it, so that one count of failures per key and address holds.
func (s *Server) Auth() *auth.Authenticator { return s.auth }

// Reviews is the review queue the server's prediction endpoints serve.
func (s *Server) Reviews() *review.Service { return s.reviews }

// handler is a route's handler: it answers, or returns the error the route
// wrapper answers with.
type handler = func(w http.ResponseWriter, r *http.Request, p principal) error

// route is one line of the route table: who may call it (the kind of
// credential, and whether a reviewer key may) and its handler.
type route struct {
	pattern  string
	auth     authKind
	reviewer bool
	handle   handler
}

// The reviewer column: a key of role reviewer may call only the routes
// marked reviewerToo (the review queue, the archive under review, its file
// links and audit trail, and the file types); an admin key may call every
// route that takes a key.
const (
	adminOnly   = false
	reviewerToo = true
)

func (s *Server) routes() []route {
	return []route{
		{"GET /v1/users", authTenant, adminOnly, s.listUsers},
		{"POST /v1/users", authTenant, adminOnly, s.idempotent(s.createUser)},
		{"GET /v1/users/{id}", authTenant, adminOnly, s.getUser},
		{"POST /v1/tokens", authTenant, adminOnly, s.createToken},
		{"GET /v1/fileTypes", authAny, reviewerToo, s.listFileTypes},

		{"GET /v1/archives", authTenant, adminOnly, s.listArchives},
		{"POST /v1/archives", authTenant, adminOnly, s.idempotent(s.createArchive)},
		{"GET /v1/archives/{id}", authTenant, reviewerToo, s.getArchive},
		{"DELETE /v1/archives/{id}", authTenant, adminOnly, s.revokeArchive},
		{"GET /v1/archives/{id}/audit", authTenant, reviewerToo, s.listAudit},
		{"POST /v1/archives/classify", authTenant, adminOnly, s.classifyArchive},
		{"GET /v1/archives/-/payslips/listPredictions", authTenant, reviewerToo, s.listPredictions},
		{"GET /v1/archives/-/payslips/queryPrediction", authTenant, reviewerToo, s.queryPrediction},
		{"POST /v1/archives/-/payslips/sendManualResult", authTenant, reviewerToo, s.sendManualResult},

		{"POST /v1/uploads", authUser, adminOnly, s.idempotent(s.createUpload)},
		{"GET /v1/uploads", authAny, adminOnly, s.listUploads},
		{"GET /v1/uploads/{id}", authAny, adminOnly, s.getUpload},

		{"GET /v1/tasks", authTenant, adminOnly, s.listTasks},
		{"GET /v1/tasks/{id}", authTenant, adminOnly, s.getTask},

		{"GET /v1/incomes", authTenant, adminOnly, s.listIncomes},
		{"GET /v1/incomes/{id}", authTenant, adminOnly, s.getIncome},

		{"GET /v1/webhooks", authTenant, adminOnly, s.listWebhooks},
		{"POST /v1/webhooks", authTenant, adminOnly, s.createWebhook},
		{"GET /v1/webhooks/{id}", authTenant, adminOnly, s.getWebhook},
		{"DELETE /v1/webhooks/{id}", authTenant, adminOnly, s.deleteWebhook},
		{"GET /v1/webhooks/{id}/attempts", authTenant, adminOnly, s.listAttempts},

		{"GET /v1/keys", authTenant, adminOnly, s.listKeys},
		{"POST /v1/keys", authTenant, adminOnly, s.createKey},
		{"DELETE /v1/keys/{id}", authTenant, adminOnly, s.revokeKey},

		{"GET /v1/files/{id}", authNone, adminOnly, s.getFile},
		{"GET /v1/openapi.yaml", authNone, adminOnly, s.openAPI},
		{"GET /healthz", authNone, adminOnly, s.health},
		{"GET /readyz", authNone, adminOnly, s.ready},
	}
}

// Patterns lists the route table's patterns (for the OpenAPI test).
func (s *Server) Patterns() []string {
	var out []string
	for _, rt := range s.routes() {
		out = append(out, rt.pattern)
	}
	return out
}

// Handler returns the API's http.Handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		rt := rt
		mux.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) {
			body := s.limitRate(w, r)
			p, err := s.authenticate(r, rt)
			if err == nil {
				err = rt.handle(w, r, p)
			}
			if body != nil && body.tripped {
				s.log.Info("request body too slow", "path", r.URL.Path, "bytes", body.n, "request_id", requestID(r.Context()))
				err = s.slowBody()
			}
			if err != nil {
				if r.Body != http.NoBody && r.Body != nil && (body == nil || !body.finished) {
					// The rest of the body is not wanted: closing the
					// connection answers at once, where the server would
					// first read what is left of it.
					w.Header().Set("Connection", "close")
				}
				s.fail(w, r, err)
			}
		})
	}
	return s.withRequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if _, pattern := mux.Handler(r); pattern == "" {
			s.fail(w, r, s.unrouted(mux, r))
			return
		}
		mux.ServeHTTP(w, r)
	}))
}

// unrouted tells a wrong method (405) from a wrong path (404).
func (s *Server) unrouted(mux *http.ServeMux, r *http.Request) error {
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pattern := mux.Handler(r2); pattern != "" {
			return &apiError{http.StatusMethodNotAllowed, codeBadMethod, fmt.Sprintf("%s is not supported on %s.", r.Method, r.URL.Path)}
		}
	}
	return &apiError{http.StatusNotFound, codeMissing, fmt.Sprintf("There is no endpoint %s.", r.URL.Path)}
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request, _ principal) error {
	w.Header().Set("Content-Type", "application/yaml")
	_, err := w.Write(openapi.Spec())
	return err
}
