// Package config turns TALAAN_* environment variables and command-line flags
// into a validated Config. A flag overrides its variable; errors name the
// variable (or flag) that is wrong and say what would be right.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is the service's configuration.
type Config struct {
	Addr        string        // TALAAN_ADDR
	DataDir     string        // TALAAN_DATA_DIR
	DatabaseURL string        // TALAAN_DATABASE_URL
	BlobURL     string        // TALAAN_BLOB_URL
	Retention   time.Duration // TALAAN_RETENTION
	Workers     int           // TALAAN_WORKERS
	PublicURL   string        // TALAAN_PUBLIC_URL: base of the file links talaan hands out
	TokenTTL    time.Duration // TALAAN_TOKEN_TTL: life of a user token
	LinkTTL     time.Duration // TALAAN_LINK_TTL: life of a signed file link
	// WebhookAllowLoopback lets webhooks use plain http to loopback
	// addresses (tests and local development).
	WebhookAllowLoopback bool          // TALAAN_WEBHOOK_ALLOW_LOOPBACK
	SweepInterval        time.Duration // TALAAN_SWEEP_INTERVAL: how often expired files are deleted
	// UploadTimeout is the longest an upload may take from its first byte
	// to its row: older blobs without a row, and older temp files, are the
	// leftovers of a crash, which the orphan sweep deletes.
	UploadTimeout time.Duration // TALAAN_UPLOAD_TIMEOUT
	JobTimeout    time.Duration // TALAAN_JOB_TIMEOUT: longest a document may take
	// RescueAfter is how long a job may stay running before another worker
	// takes it back (its worker died).
	RescueAfter time.Duration // TALAAN_RESCUE_AFTER
	RetryBase   time.Duration // TALAAN_RETRY_BASE: attempt n of a failed job waits RetryBase*n²
	MaxFiles    int           // TALAAN_MAX_FILES: files per archive
	LogLevel    string        // TALAAN_LOG_LEVEL: debug, info, warn, error
	Tessdata    string        // TALAAN_TESSDATA: Tesseract language data folder (empty: system)
	Lang        string        // TALAAN_LANG: Tesseract languages
}

// Limits fixed by the API contract.
const (
	MaxFileBytes = 15 << 20 // 15 MB per file, Smile's limit
	// ReadTimeout is how long the HTTP server reads one request, upload
	// included; TALAAN_UPLOAD_TIMEOUT must leave a margin above it.
	ReadTimeout = 10 * time.Minute
)

type setting struct {
	env, flag, def, help string
	parse                func(c *Config, v string) error
}

func settings() []setting {
	dur := func(p func(*Config) *time.Duration, min time.Duration) func(*Config, string) error {
		return func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil {
				return fmt.Errorf("%q is not a duration (examples: 168h, 90m, 30s)", v)
			}
			if d < min {
				return fmt.Errorf("%s is too short (at least %s)", d, min)
			}
			*p(c) = d
			return nil
		}
	}
	return []setting{
		{"TALAAN_ADDR", "addr", "127.0.0.1:8080", "address the API listens on", func(c *Config, v string) error {
			if _, _, err := net.SplitHostPort(v); err != nil {
				return fmt.Errorf("%q is not host:port (example: 127.0.0.1:8080)", v)
			}
			c.Addr = v
			return nil
		}},
		{"TALAAN_DATA_DIR", "data-dir", "./data", "folder for the embedded database and files", func(c *Config, v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("must not be empty")
			}
			c.DataDir = v
			return nil
		}},
		{"TALAAN_DATABASE_URL", "database-url", "", "metadata database: sqlite:///path/to/file.db or postgres://user:pass@host/db (default: talaan.db in the data dir)", func(c *Config, v string) error {
			c.DatabaseURL = v
			return nil
		}},
		{"TALAAN_BLOB_URL", "blob-url", "", "file storage: file:///path/to/folder or s3://bucket?endpoint=URL&region=R (default: files/ in the data dir)", func(c *Config, v string) error {
			c.BlobURL = v
			return nil
		}},
		{"TALAAN_RETENTION", "retention", "168h", "how long uploaded files are kept", dur(func(c *Config) *time.Duration { return &c.Retention }, time.Second)},
		{"TALAAN_WORKERS", "workers", strconv.Itoa(runtime.NumCPU()), "documents processed at once in this process (0: none)", func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 256 {
				return fmt.Errorf("%q is not a number from 0 to 256", v)
			}
			c.Workers = n
			return nil
		}},
		{"TALAAN_PUBLIC_URL", "public-url", "", "base URL clients reach this service at, for file links (default: http://ADDR)", func(c *Config, v string) error {
			if v == "" {
				return nil
			}
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return fmt.Errorf("%q is not an http(s) URL (example: https://talaan.example.com)", v)
			}
			c.PublicURL = strings.TrimRight(v, "/")
			return nil
		}},
		{"TALAAN_TOKEN_TTL", "token-ttl", "1h", "life of a user token", dur(func(c *Config) *time.Duration { return &c.TokenTTL }, time.Second)},
		{"TALAAN_LINK_TTL", "link-ttl", "1h", "life of a signed file link (never past the file's retention)", dur(func(c *Config) *time.Duration { return &c.LinkTTL }, time.Second)},
		{"TALAAN_WEBHOOK_ALLOW_LOOPBACK", "webhook-allow-loopback", "false", "allow plain-http webhooks to loopback addresses", func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%q is not true or false", v)
			}
			c.WebhookAllowLoopback = b
			return nil
		}},
		{"TALAAN_SWEEP_INTERVAL", "sweep-interval", "1m", "how often files past retention are deleted", dur(func(c *Config) *time.Duration { return &c.SweepInterval }, 100*time.Millisecond)},
		{"TALAAN_UPLOAD_TIMEOUT", "upload-timeout", "1h", "blobs without a row and temp files older than this are crash leftovers and deleted (at least the 10m read timeout + 5m)",
			dur(func(c *Config) *time.Duration { return &c.UploadTimeout }, ReadTimeout+5*time.Minute)},
		{"TALAAN_JOB_TIMEOUT", "job-timeout", "10m", "longest a document may take to process", dur(func(c *Config) *time.Duration { return &c.JobTimeout }, time.Second)},
		{"TALAAN_RESCUE_AFTER", "rescue-after", "15m", "a job running this long is taken back from a dead worker", dur(func(c *Config) *time.Duration { return &c.RescueAfter }, time.Second)},
		{"TALAAN_RETRY_BASE", "retry-base", "10s", "backoff unit of failed jobs: attempt n waits n² times this", dur(func(c *Config) *time.Duration { return &c.RetryBase }, time.Millisecond)},
		{"TALAAN_MAX_FILES", "max-files", "10", "files per archive", func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100 {
				return fmt.Errorf("%q is not a number from 1 to 100", v)
			}
			c.MaxFiles = n
			return nil
		}},
		{"TALAAN_LOG_LEVEL", "log-level", "info", "debug, info, warn or error", func(c *Config, v string) error {
			switch strings.ToLower(v) {
			case "debug", "info", "warn", "error":
				c.LogLevel = strings.ToLower(v)
				return nil
			}
			return fmt.Errorf("%q is not one of debug, info, warn, error", v)
		}},
		{"TALAAN_TESSDATA", "tessdata", "", "Tesseract language data folder (default: the system's)", func(c *Config, v string) error {
			c.Tessdata = v
			return nil
		}},
		{"TALAAN_LANG", "lang", "eng", "Tesseract languages, e.g. eng or eng+fil", func(c *Config, v string) error {
			if v == "" {
				return errors.New("must not be empty")
			}
			c.Lang = v
			return nil
		}},
	}
}

// Load reads the variables through getenv, then the flags in args (for the
// command named name). It returns flag.ErrHelp when -h was asked for.
func Load(name string, args []string, getenv func(string) string, out io.Writer) (Config, []string, error) {
	var c Config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	set := settings()
	vals := make([]*string, len(set))
	for i, s := range set {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		vals[i] = fs.String(s.flag, def, s.help+" ($"+s.env+")")
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	var errs []error
	for i, s := range set {
		if err := s.parse(&c, *vals[i]); err != nil {
			who := s.env
			if explicit[s.flag] {
				who = "--" + s.flag
			}
			errs = append(errs, fmt.Errorf("%s: %w", who, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return c, nil, err
	}
	if err := c.resolve(); err != nil {
		return c, nil, err
	}
	return c, fs.Args(), nil
}

// resolve fills the defaults that depend on other settings and checks the
// URLs.
func (c *Config) resolve() error {
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite://" + filepath.Join(c.DataDir, "talaan.db")
	}
	if c.BlobURL == "" {
		c.BlobURL = "file://" + filepath.Join(c.DataDir, "files")
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
	}
	if err := c.checkDatabaseURL(); err != nil {
		return fmt.Errorf("TALAAN_DATABASE_URL: %w", err)
	}
	if err := c.checkBlobURL(); err != nil {
		return fmt.Errorf("TALAAN_BLOB_URL: %w", err)
	}
	if c.RescueAfter <= c.JobTimeout {
		return fmt.Errorf("TALAAN_RESCUE_AFTER: %s must be longer than TALAAN_JOB_TIMEOUT (%s)", c.RescueAfter, c.JobTimeout)
	}
	return nil
}

// Backends.
const (
	DatabaseSQLite   = "sqlite"
	DatabasePostgres = "postgres"
	BlobFolder       = "file"
	BlobS3           = "s3"
)

// Database names the metadata backend of TALAAN_DATABASE_URL.
func (c *Config) Database() string {
	if strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return DatabasePostgres
	}
	return DatabaseSQLite
}

// Blob names the file backend of TALAAN_BLOB_URL.
func (c *Config) Blob() string {
	if strings.HasPrefix(c.BlobURL, "s3://") {
		return BlobS3
	}
	return BlobFolder
}

func (c *Config) checkDatabaseURL() error {
	if c.Database() == DatabasePostgres {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || u.Host == "" {
			return errors.New("the PostgreSQL URL names no server (example: postgres://talaan:secret@db:5432/talaan)")
		}
		return nil
	}
	_, err := c.SQLitePath()
	return err
}

func (c *Config) checkBlobURL() error {
	if c.Blob() == BlobS3 {
		u, err := url.Parse(c.BlobURL)
		if err != nil || u.Host == "" {
			return errors.New("the S3 URL names no bucket (example: s3://talaan-files?region=ap-southeast-1)")
		}
		return nil
	}
	_, err := c.BlobFolder()
	return err
}

// SQLitePath returns the database file of a sqlite:// URL (relative paths
// are kept relative: sqlite://data/talaan.db).
func (c *Config) SQLitePath() (string, error) {
	rest, ok := strings.CutPrefix(c.DatabaseURL, "sqlite://")
	if !ok {
		return "", fmt.Errorf("%q is not a database URL (examples: sqlite:///var/lib/talaan/talaan.db, postgres://user:pass@host:5432/talaan)", redact(c.DatabaseURL))
	}
	if rest == "" {
		return "", errors.New("the sqlite:// URL names no file")
	}
	return rest, nil
}

// BlobFolder returns the folder of a file:// URL.
func (c *Config) BlobFolder() (string, error) {
	rest, ok := strings.CutPrefix(c.BlobURL, "file://")
	if !ok {
		return "", fmt.Errorf("%q is not a blob URL (examples: file:///var/lib/talaan/files, s3://bucket?region=us-east-1)", c.BlobURL)
	}
	if rest == "" {
		return "", errors.New("the file:// URL names no folder")
	}
	return rest, nil
}

// redact hides a password in a URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}

// Usage writes the settings table (for `talaan help`).
func Usage(w io.Writer) {
	for _, s := range settings() {
		fmt.Fprintf(w, "  --%-24s %-30s %s (default %q)\n", s.flag, s.env, s.help, s.def)
	}
}
