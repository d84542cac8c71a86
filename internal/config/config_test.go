package config

import (
	"io"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, rest, err := Load("serve", nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DataDir != "./data" || c.Retention != 168*time.Hour || c.UploadTimeout != time.Hour {
		t.Fatalf("defaults: %+v", c)
	}
	if c.DatabaseURL != "sqlite://data/talaan.db" || c.BlobURL != "file://data/files" {
		t.Fatalf("derived urls: %q %q", c.DatabaseURL, c.BlobURL)
	}
	if c.Workers < 1 || len(rest) != 0 || c.PublicURL != "http://127.0.0.1:8080" {
		t.Fatalf("workers %d rest %v public %q", c.Workers, rest, c.PublicURL)
	}
}

func TestFlagOverridesEnv(t *testing.T) {
	c, _, err := Load("serve", []string{"--retention", "2h", "--workers", "0"},
		env(map[string]string{"TALAAN_RETENTION": "1h", "TALAAN_WORKERS": "3", "TALAAN_ADDR": "127.0.0.1:9"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Retention != 2*time.Hour || c.Workers != 0 || c.Addr != "127.0.0.1:9" {
		t.Fatalf("got %+v", c)
	}
}

func TestErrorsNameTheVariable(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"bad duration", map[string]string{"TALAAN_RETENTION": "7 days"}, nil, "TALAAN_RETENTION"},
		{"bad workers", map[string]string{"TALAAN_WORKERS": "-1"}, nil, "TALAAN_WORKERS"},
		{"bad addr", map[string]string{"TALAAN_ADDR": "8080"}, nil, "TALAAN_ADDR"},
		{"bad flag value", nil, []string{"--workers", "lots"}, "--workers"},
		{"postgres without a server", map[string]string{"TALAAN_DATABASE_URL": "postgres:///talaan"}, nil, "TALAAN_DATABASE_URL"},
		{"unknown database", map[string]string{"TALAAN_DATABASE_URL": "mysql://x/y"}, nil, "TALAAN_DATABASE_URL"},
		{"s3 without a bucket", map[string]string{"TALAAN_BLOB_URL": "s3://?region=x"}, nil, "TALAAN_BLOB_URL"},
		{"unknown blob", map[string]string{"TALAAN_BLOB_URL": "ftp://x"}, nil, "TALAAN_BLOB_URL"},
		{"bad public url", map[string]string{"TALAAN_PUBLIC_URL": "talaan.example"}, nil, "TALAAN_PUBLIC_URL"},
		{"upload timeout within the read timeout", map[string]string{"TALAAN_UPLOAD_TIMEOUT": "10m"}, nil, "TALAAN_UPLOAD_TIMEOUT"},
		{"rescue before timeout", map[string]string{"TALAAN_RESCUE_AFTER": "1m", "TALAAN_JOB_TIMEOUT": "2m"}, nil, "TALAAN_RESCUE_AFTER"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Load("serve", tc.args, env(tc.env), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to name %s", err, tc.want)
			}
		})
	}
}

func TestScaleOutURLs(t *testing.T) {
	c, _, err := Load("serve", nil, env(map[string]string{
		"TALAAN_DATABASE_URL": "postgres://talaan:pw@127.0.0.1:5432/talaan",
		"TALAAN_BLOB_URL":     "s3://files?endpoint=http://127.0.0.1:9000&region=us-east-1"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Database() != DatabasePostgres || c.Blob() != BlobS3 {
		t.Fatalf("backends %s %s", c.Database(), c.Blob())
	}
	_, _, err = Load("serve", nil, env(map[string]string{"TALAAN_DATABASE_URL": "mysql://root:hunter2@x/y"}), io.Discard)
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error %v must not show the password", err)
	}
}
