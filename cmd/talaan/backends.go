package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"talaan/internal/config"
	"talaan/internal/worker"
	"talaan/storage"
	"talaan/storage/folder"
	"talaan/storage/postgres"
	s3store "talaan/storage/s3"
	"talaan/storage/sqlite"
)

// workerClient is the part of a River client the commands use; its
// transaction type depends on the database.
type workerClient interface {
	Start(context.Context) error
	Stop(context.Context) error
	StopAndCancel(context.Context) error
}

// backends are the opened stores of one process.
type backends struct {
	cfg   config.Config
	log   *slog.Logger
	store storage.Store
	blobs storage.Blobs
	// newWorkers builds a River client on the store's own driver.
	newWorkers func(worker.Config, worker.Deps) (workerClient, error)
	closers    []func() error
}

func (b *backends) Close() {
	for i := len(b.closers) - 1; i >= 0; i-- {
		_ = b.closers[i]()
	}
}

func newLogger(level string, w io.Writer) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// open loads the configuration and opens the stores the URLs name,
// migrating the schema (`talaan migrate` does only that).
func open(ctx context.Context, name string, args []string, stderr io.Writer) (*backends, []string, error) {
	cfg, rest, err := config.Load(name, args, os.Getenv, stderr)
	if err != nil {
		return nil, nil, err
	}
	b := &backends{cfg: cfg, log: newLogger(cfg.LogLevel, stderr)}
	if err := b.openStore(ctx); err != nil {
		b.Close()
		return nil, nil, err
	}
	if err := b.store.Migrate(ctx); err != nil {
		b.Close()
		return nil, nil, fmt.Errorf("migrate database: %w", err)
	}
	if err := b.openBlobs(ctx); err != nil {
		b.Close()
		return nil, nil, err
	}
	return b, rest, nil
}

func (b *backends) openStore(ctx context.Context) error {
	cfg := b.cfg
	switch cfg.Database() {
	case config.DatabasePostgres:
		st, err := postgres.Open(ctx, cfg.DatabaseURL)
		if err != nil {
			return fmt.Errorf("TALAAN_DATABASE_URL: open PostgreSQL: %w", err)
		}
		b.store, b.closers = st, append(b.closers, st.Close)
		b.newWorkers = func(wc worker.Config, d worker.Deps) (workerClient, error) {
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
		b.store, b.closers = st, append(b.closers, st.Close)
		b.newWorkers = func(wc worker.Config, d worker.Deps) (workerClient, error) {
			return worker.NewClient(st.Driver(), wc, d)
		}
	}
	return nil
}

func (b *backends) openBlobs(ctx context.Context) error {
	cfg := b.cfg
	switch cfg.Blob() {
	case config.BlobS3:
		bl, err := s3store.Open(ctx, cfg.BlobURL, cfg.Retention)
		if err != nil {
			return fmt.Errorf("TALAAN_BLOB_URL: %w", err)
		}
		b.blobs = bl
	default:
		dir, _ := cfg.BlobFolder()
		bl, err := folder.New(dir)
		if err != nil {
			return fmt.Errorf("TALAAN_BLOB_URL: open file store %s: %w", dir, err)
		}
		b.blobs, b.closers = bl, append(b.closers, bl.Close)
	}
	return nil
}
