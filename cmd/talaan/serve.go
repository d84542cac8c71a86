package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"talaan/internal/app"
	"talaan/internal/auth"
	"talaan/internal/config"
	"talaan/internal/ids"
	"talaan/internal/pipeline"
	"talaan/ocr"
	"talaan/ocr/tesseract"
	"talaan/storage"
)

func runMigrate(ctx context.Context, args []string) error {
	b, _, err := open(ctx, "migrate", args, os.Stderr)
	if err != nil {
		return err
	}
	defer b.Close()
	b.Log.Info("database is up to date")
	return nil
}

func runTenant(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "key" {
		return runTenantKey(ctx, args[1:], stdout)
	}
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: talaan tenant create --name NAME, or " + strings.TrimPrefix(tenantKeyUsage, "usage: "))
	}
	fs := flag.NewFlagSet("tenant create", flag.ContinueOnError)
	name := fs.String("name", "", "the tenant's name (required)")
	// The service settings are accepted too, so --data-dir works here.
	var pass []string
	var own []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--name" || a == "-name" || strings.HasPrefix(a, "--name=") || strings.HasPrefix(a, "-name=") {
			own = append(own, a)
			if !strings.Contains(a, "=") && i+1 < len(args) {
				own = append(own, args[i+1])
				i++
			}
			continue
		}
		pass = append(pass, a)
	}
	if err := fs.Parse(own); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return errors.New("tenant create: --name is required")
	}
	b, _, err := open(ctx, "tenant create", pass, os.Stderr)
	if err != nil {
		return err
	}
	defer b.Close()
	secret := "sk_" + ids.Secret(32)
	t := storage.Tenant{ID: ids.New(ids.Tenant), Name: strings.TrimSpace(*name), APIKey: "ak_" + ids.Secret(12),
		SecretHash: auth.HashSecret(secret), CreatedAt: time.Now().UTC()}
	if err := b.Store.CreateTenant(ctx, t); err != nil {
		return fmt.Errorf("create tenant: %w", err)
	}
	return json.NewEncoder(stdout).Encode(map[string]string{"tenantId": t.ID, "apiKey": t.APIKey, "apiSecret": secret})
}

// runServe runs the API and, unless TALAAN_WORKERS is 0, workers in the
// same process; runWorker (api false) runs workers only.
func runServe(ctx context.Context, name string, args []string, withAPI bool) error {
	b, _, err := open(ctx, name, args, os.Stderr)
	if err != nil {
		return err
	}
	defer b.Close()
	cfg, log := b.Config, b.Log

	engine := &lazyEngine{opts: tesseract.Options{Size: max(cfg.Workers, 1), Languages: cfg.Lang, TessdataPrefix: cfg.Tessdata}}
	defer engine.Close()
	// One memory budget for every decoded page image in the process:
	// workers, the API's classify and the console's page pictures.
	mem := ocr.NewBudget(0)
	if os.Getenv("GOMEMLIMIT") == "" {
		// The budget bounds the image bytes in use; a soft limit above it
		// makes the collector return a decode's garbage (the full-size gray
		// page once it is shrunk) before the heap doubles past it (GOGC).
		debug.SetMemoryLimit(mem.Size() + 256<<20)
	}
	opts := app.Options{Engine: &pipeline.Pipeline{Reader: &ocr.Reader{Engine: engine, Workers: 1, Memory: mem}}, Memory: mem}

	if !withAPI && cfg.Workers == 0 {
		return errors.New("TALAAN_WORKERS: a worker process needs at least 1")
	}
	var client app.Workers
	if cfg.Workers > 0 || !withAPI {
		c, err := b.Workers(opts)
		if err != nil {
			return err
		}
		if err := c.Start(ctx); err != nil {
			return fmt.Errorf("start workers: %w", err)
		}
		client = c
		log.Info("workers started", "documents", cfg.Workers)
	}

	var srv *http.Server
	errc := make(chan error, 1)
	if withAPI {
		web, err := b.Web(ctx, opts)
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", cfg.Addr)
		if err != nil {
			return fmt.Errorf("TALAAN_ADDR: listen on %s: %w", cfg.Addr, err)
		}
		srv = &http.Server{Handler: web.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: config.ReadTimeout,
			WriteTimeout: 10 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		go func() { errc <- srv.Serve(ln) }()
		log.Info("talaan is serving", "addr", "http://"+ln.Addr().String(), "data_dir", cfg.DataDir)
	}

	select {
	case <-ctx.Done():
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("shutting down")
	if srv != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := srv.Shutdown(sctx); err != nil {
			log.Warn("http drain", "err", err)
		}
		cancel()
	}
	if client != nil {
		// Give running documents a moment to finish; then cancel them, which
		// hands their jobs back to the queue for the next start.
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		if err := client.Stop(sctx); err != nil {
			log.Info("cancelling running jobs; they will run again", "err", err)
			cctx, ccancel := context.WithTimeout(context.Background(), 10*time.Second)
			_ = client.StopAndCancel(cctx)
			ccancel()
		}
		cancel()
	}
	return nil
}
