// Package app wires the service once: from a config.Config it opens the
// store and the blobs, and builds the API, the review console and the
// document workers on them, as `talaan serve` and `talaan worker` run them
// and as the end-to-end tests do. The engine that reads documents is the
// caller's (cmd/talaan starts Tesseract; tests share one), so this package
// links no cgo.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"talaan/internal/api"
	"talaan/internal/auth"
	"talaan/internal/config"
	"talaan/internal/console"
	"talaan/internal/webhook"
	"talaan/internal/worker"
	"talaan/ocr"
	"talaan/storage"
	"talaan/storage/folder"
	"talaan/storage/postgres"
	s3store "talaan/storage/s3"
	"talaan/storage/sqlite"
)

// App is one process's opened stores.
type App struct {
	Config config.Config
	Log    *slog.Logger
	Store  storage.Store
	Blobs  storage.Blobs
	// newWorkers builds a River client on the store's own driver.
	newWorkers func(worker.Config, worker.Deps) (Workers, error)
	closers    []func() error
}

// Workers is the part of a River client a process uses; its transaction
// type depends on the database.
type Workers interface {
	Start(context.Context) error
	Stop(context.Context) error
	StopAndCancel(context.Context) error
}

// Options are what a process sets beside the configuration.
type Options struct {
	// Engine reads documents: the workers' engine and the API's
	// /archives/classify (nil: classify answers 503, and no workers).
	Engine worker.Processor
	// Memory is the budget of decoded page images the console's page
	// pictures share with the engine's reader (nil: each picture bounded
	// alone).
	Memory *ocr.Budget
	// SignIn are the limits on wrong sign-ins (zero: the defaults).
	SignIn auth.Limits
	// PollInterval is how often idle workers look for jobs, and
	// WebhookTimeout how long a delivery may take (zero: the defaults).
	PollInterval   time.Duration
	WebhookTimeout time.Duration
}

// Open opens the stores the configuration names and migrates the schema.
// Close closes them.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &App{Config: cfg, Log: log}
	if err := a.openStore(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if err := a.Store.Migrate(ctx); err != nil {
		a.Close()
		return nil, fmt.Errorf("migrate database: %w", err)
	}
	if err := a.openBlobs(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// Close closes what Open opened, last first.
func (a *App) Close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		_ = a.closers[i]()
	}
	a.closers = nil
}

func (a *App) openStore(ctx context.Context) error {
	cfg := a.Config
	switch cfg.Database() {
	case config.DatabasePostgres:
		st, err := postgres.Open(ctx, cfg.DatabaseURL)
		if err != nil {
			return fmt.Errorf("TALAAN_DATABASE_URL: open PostgreSQL: %w", err)
		}
		a.Store, a.closers = st, append(a.closers, st.Close)
		a.newWorkers = func(wc worker.Config, d worker.Deps) (Workers, error) {
			return worker.NewClient(st.Driver(), wc, d)
		}
	default:
		path, _ := cfg.SQLitePath()
		st, err := sqlite.Open(ctx, path)
		var notDB *sqlite.NotDatabaseError
		if errors.As(err, &notDB) {
			return fmt.Errorf("TALAAN_DATABASE_URL: %w", err) // it names the path and what to do
		}
		if err != nil {
			return fmt.Errorf("TALAAN_DATABASE_URL: open database %s: %w", path, err)
		}
		a.Store, a.closers = st, append(a.closers, st.Close)
		a.newWorkers = func(wc worker.Config, d worker.Deps) (Workers, error) {
			return worker.NewClient(st.Driver(), wc, d)
		}
	}
	return nil
}

func (a *App) openBlobs(ctx context.Context) error {
	cfg := a.Config
	switch cfg.Blob() {
	case config.BlobS3:
		bl, err := s3store.Open(ctx, cfg.BlobURL, cfg.Retention)
		if err != nil {
			return fmt.Errorf("TALAAN_BLOB_URL: %w", err)
		}
		a.Blobs = bl
	default:
		dir, _ := cfg.BlobFolder()
		bl, err := folder.New(dir)
		if err != nil {
			return fmt.Errorf("TALAAN_BLOB_URL: open file store %s: %w", dir, err)
		}
		a.Blobs, a.closers = bl, append(a.closers, bl.Close)
	}
	return nil
}

// Web is the API and the review console of a process, on one handler:
// /console/ is the console, everything else the API.
type Web struct {
	API     *api.Server
	Console *console.Console
	Handler http.Handler
}

// Web builds the API and the console. They share the authenticator (one
// count of failed sign-ins per key and address) and the review queue.
func (a *App) Web(ctx context.Context, o Options) (*Web, error) {
	cfg := a.Config
	srv, err := api.New(ctx, a.Store, a.Blobs, api.Config{PublicURL: cfg.PublicURL, Retention: cfg.Retention,
		TokenTTL: cfg.TokenTTL, LinkTTL: cfg.LinkTTL, MaxFiles: cfg.MaxFiles, MaxFileBytes: config.MaxFileBytes,
		AllowLoopbackWebhooks: cfg.WebhookAllowLoopback, SignIn: o.SignIn}, o.Engine, a.Log)
	if err != nil {
		return nil, err
	}
	con, err := console.New(ctx, srv.Auth(), srv.Reviews(), a.Store, a.Blobs, console.Config{PublicURL: cfg.PublicURL,
		FailedWindow: cfg.Retention, MaxFileBytes: config.MaxFileBytes, Memory: o.Memory}, a.Log)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/console/", con.Handler())
	mux.Handle("/", srv.Handler())
	return &Web{API: srv, Console: con, Handler: mux}, nil
}

// Workers builds the document workers (cfg.Workers documents at once, the
// sweeps, webhook deliveries); the caller starts and stops them.
func (a *App) Workers(o Options) (Workers, error) {
	cfg := a.Config
	if o.Engine == nil {
		return nil, errors.New("workers need an engine")
	}
	return a.newWorkers(worker.Config{Documents: cfg.Workers, SweepInterval: cfg.SweepInterval,
		UploadTimeout: cfg.UploadTimeout, JobTimeout: cfg.JobTimeout, RescueAfter: cfg.RescueAfter, RetryBase: cfg.RetryBase,
		PollInterval: o.PollInterval},
		worker.Deps{Store: a.Store, Blobs: a.Blobs, Engine: o.Engine, Log: a.Log,
			Deliverer: webhook.NewDeliverer(cfg.WebhookAllowLoopback, o.WebhookTimeout)})
}
