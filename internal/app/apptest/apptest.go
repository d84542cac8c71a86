// Package apptest runs the service in a test process through the
// production wiring (internal/app): the store and blobs of a
// configuration, the API and the console on a loopback httptest server,
// and, when asked, the document workers. Everything started is stopped
// when the test ends.
package apptest

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"talaan/internal/app"
	"talaan/internal/config"
)

// Config is a configuration for a test: SQLite and the blob folder in dir,
// webhooks allowed to loopback, short retries, and the rest at what a
// deployment would set.
func Config(dir string) config.Config {
	return config.Config{
		DataDir:     dir,
		DatabaseURL: "sqlite://" + filepath.Join(dir, "talaan.db"),
		BlobURL:     "file://" + filepath.Join(dir, "files"),
		Retention:   time.Hour, TokenTTL: time.Hour, LinkTTL: time.Hour, MaxFiles: 5,
		WebhookAllowLoopback: true, Workers: 2, SweepInterval: time.Minute, RetryBase: 50 * time.Millisecond,
	}
}

// Service is a running service.
type Service struct {
	*app.App
	Web *app.Web
	// URL is the base URL of the API and console (cfg.PublicURL is this
	// URL unless the configuration set another).
	URL string
}

// Start opens cfg's stores and serves the API and the console; with
// workers, it also runs the document workers. A zero o.PollInterval is
// 50 ms here, so that tests do not wait on the queue.
func Start(t testing.TB, cfg config.Config, o app.Options, workers bool) *Service {
	t.Helper()
	ctx := context.Background()
	srv := httptest.NewUnstartedServer(nil)
	url := "http://" + srv.Listener.Addr().String()
	if cfg.PublicURL == "" {
		cfg.PublicURL = url
	}
	if o.PollInterval == 0 {
		o.PollInterval = 50 * time.Millisecond
	}
	a := Open(t, cfg)
	web, err := a.Web(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = web.Handler
	srv.Start()
	t.Cleanup(srv.Close)
	if workers {
		StartWorkers(t, a, o)
	}
	return &Service{App: a, Web: web, URL: url}
}

// Open opens cfg's stores (migrated), closed when the test ends.
func Open(t testing.TB, cfg config.Config) *app.App {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	a, err := app.Open(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

// StartWorkers runs a's document workers until the test ends.
func StartWorkers(t testing.TB, a *app.App, o app.Options) {
	t.Helper()
	c, err := a.Workers(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := c.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		_ = c.StopAndCancel(sctx)
		cancel()
	})
}
