package miniotest

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func live(s *Server) error {
	c := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{Proxy: nil}}
	resp, err := c.Get(s.Endpoint + "/minio/health/live")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// gone reports whether the process has exited and been reaped.
func gone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

func TestStartBucketStop(t *testing.T) {
	s := Start(t)
	if !strings.HasPrefix(s.Endpoint, "http://127.0.0.1:") || s.Region != "us-east-1" || s.AccessKey == "" || len(s.SecretKey) < 8 {
		t.Fatalf("server %+v", s)
	}
	if err := live(s); err != nil {
		t.Fatalf("not live: %v", err)
	}
	ctx := context.Background()
	b1, b2 := s.Bucket(t), s.Bucket(t)
	if b1 == b2 {
		t.Fatalf("Bucket returned %q twice", b1)
	}
	if _, err := s.Client().PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(b1), Key: aws.String("k"), Body: strings.NewReader("v"),
	}); err != nil {
		t.Fatalf("PutObject: %v", err)
	}
	// Wrong credentials are refused: the server has its own random ones.
	bad := s.NewClient(func(o *s3.Options) {
		o.Credentials = aws.AnonymousCredentials{}
	})
	if _, err := bad.ListBuckets(ctx, &s3.ListBucketsInput{}); err == nil {
		t.Error("anonymous ListBuckets succeeded")
	}

	pid := s.cmd.Process.Pid
	s.Stop()
	s.Stop() // twice is fine
	if !gone(pid) {
		t.Errorf("MinIO (pid %d) still running after Stop", pid)
	}
	if err := live(s); err == nil {
		t.Error("still answering after Stop")
	}
}

func TestStartMain(t *testing.T) {
	s, stop, err := StartMain()
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Dir(filepath.Dir(s.Dir))
	if _, err := os.Stat(s.Dir); err != nil {
		t.Fatalf("data dir: %v", err)
	}
	if err := live(s); err != nil {
		t.Fatalf("not live: %v", err)
	}
	pid := s.cmd.Process.Pid
	stop()
	if !gone(pid) {
		t.Errorf("MinIO (pid %d) still running after stop", pid)
	}
	if _, err := os.Stat(base); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s left behind (stat: %v)", base, err)
	}
}

func TestNotBuilt(t *testing.T) {
	empty := t.TempDir()
	t.Setenv(EnvBinary, filepath.Join(empty, "minio"))
	t.Setenv("HOME", empty)
	t.Setenv("PATH", empty)
	_, err := Binary()
	if err == nil || !strings.Contains(err.Error(), "MinIO is not built: run make minio") {
		t.Fatalf("Binary() = %v, want the make minio hint", err)
	}
	if _, _, err := StartMain(); err == nil || !strings.Contains(err.Error(), "run make minio") {
		t.Fatalf("StartMain() = %v, want the make minio hint", err)
	}

	// A binary named by the variable wins over the other places.
	fake := filepath.Join(empty, "my-minio")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvBinary, fake)
	if got, err := Binary(); err != nil || got != fake {
		t.Fatalf("Binary() = %q, %v; want %q", got, err, fake)
	}
	// One that exits at once is reported with its output, not waited on
	// for the whole start timeout.
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho 'cannot start: no disks' >&2\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, _, err = StartMain()
	if err == nil || !strings.Contains(err.Error(), "exited before it was ready") || !strings.Contains(err.Error(), "no disks") {
		t.Fatalf("StartMain with a failing binary = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to notice the binary exited", d)
	}
}
