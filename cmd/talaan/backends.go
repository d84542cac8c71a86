package main

import (
	"context"
	"io"
	"log/slog"
	"os"

	"talaan/internal/app"
	"talaan/internal/config"
)

func newLogger(level string, w io.Writer) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// open loads the configuration and opens the stores the URLs name,
// migrating the schema (`talaan migrate` does only that).
func open(ctx context.Context, name string, args []string, stderr io.Writer) (*app.App, []string, error) {
	cfg, rest, err := config.Load(name, args, os.Getenv, stderr)
	if err != nil {
		return nil, nil, err
	}
	a, err := app.Open(ctx, cfg, newLogger(cfg.LogLevel, stderr))
	if err != nil {
		return nil, nil, err
	}
	return a, rest, nil
}
