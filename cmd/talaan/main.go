// Command talaan reads payslips and tax records and serves the income data
// they hold. This file is wiring only: flags, construction, run, shut down.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"talaan/internal/config"
	"talaan/ocr/tesseract"
)

const usage = `talaan: income records from payslips and tax records

Usage:
  talaan serve [FLAGS]
      Serve the API on TALAAN_ADDR, with TALAAN_WORKERS in-process workers.
  talaan worker [FLAGS]
      Process documents, webhooks and retention only (no API).
  talaan migrate [FLAGS]
      Bring the database schema up to date (serve and worker also do).
  talaan tenant create --name NAME [FLAGS]
      Create a tenant; prints {"tenantId","apiKey","apiSecret"} as JSON.
  talaan tenant key create --tenant ID [--role reviewer|admin] [--name NAME] [FLAGS]
      Create an API key of the tenant; prints {"keyId","apiKey","apiSecret",
      "role","tenantId"} as JSON. A reviewer key (the default) reaches only
      the tenant's review queue and its files; an admin key all of the API.
  talaan extract [--workers N] [--explain] [--lang LANGS] [--tessdata DIR] [--max-pages N] FILE...
      Run the pipeline on local files (no server) and print one JSON object
      per file, one per line, in the order given. --workers is the number of
      Tesseract clients (default 1); --explain adds the words behind each field.

Settings (flag, environment variable; a flag overrides its variable):
`

func main() {
	// Tesseract's OpenMP threads cost 2-3x on small machines: the limit must
	// be in the environment before the process starts, so re-exec with it.
	if err := tesseract.EnsureThreadLimit(); err != nil {
		fmt.Fprintln(os.Stderr, "talaan:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "talaan:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "extract":
		return runExtract(ctx, args[1:], os.Stdout)
	case "serve":
		return runServe(ctx, "serve", args[1:], true)
	case "worker":
		return runServe(ctx, "worker", args[1:], false)
	case "migrate":
		return runMigrate(ctx, args[1:])
	case "tenant":
		return runTenant(ctx, args[1:], os.Stdout)
	case "help", "-h", "--help":
		fmt.Print(usage)
		config.Usage(os.Stdout)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
