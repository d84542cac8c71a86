// Package miniotest runs a real MinIO server for the tests of talaan's S3
// code: one throwaway server on 127.0.0.1 with its own data directory, random
// ports and random root credentials, stopped (and its data removed) when the
// test, or the test binary, is done.
//
// The binary is built once by `make minio` (go install github.com/minio/minio)
// into $HOME/.cache/talaan/bin/minio; Binary looks for it in
// $TALAAN_MINIO_BIN, then there, then on PATH. A test that needs MinIO fails
// (it does not skip) when there is none.
//
// Starting takes a second or two, so share one server per test binary:
//
//	var srv *miniotest.Server
//
//	func TestMain(m *testing.M) {
//		s, stop, err := miniotest.StartMain()
//		if err != nil {
//			fmt.Fprintln(os.Stderr, err)
//			os.Exit(1)
//		}
//		srv = s
//		code := m.Run()
//		stop()
//		os.Exit(code)
//	}
//
// and give each test its own bucket with srv.Bucket(t).
//
// The server has a static KMS key (MINIO_KMS_SECRET_KEY, named KMSKeyID), so
// it accepts server-side encryption requests (SSE-S3 "AES256" and SSE-KMS
// with that key) over plain HTTP.
package miniotest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// KMSKeyID names the static KMS key the server is started with.
const KMSKeyID = "talaan-test-key"

// EnvBinary names the variable that points at the MinIO binary.
const EnvBinary = "TALAAN_MINIO_BIN"

const (
	startTimeout = 30 * time.Second
	stopTimeout  = 10 * time.Second
	startTries   = 3 // a random free port can be taken before MinIO binds it
)

// Server is one running MinIO.
type Server struct {
	// Endpoint is the S3 API's base URL, http://127.0.0.1:PORT.
	Endpoint  string
	AccessKey string
	SecretKey string
	// Region is the region clients sign for: "us-east-1".
	Region string
	// Dir is the server's data directory.
	Dir string

	cmd     *exec.Cmd
	out     *tailBuffer
	exited  chan struct{} // closed when the process has exited
	waitErr error

	stopOnce sync.Once
	client   *s3.Client
}

// Binary returns the path of the MinIO binary: $TALAAN_MINIO_BIN, else
// $HOME/.cache/talaan/bin/minio, else minio on PATH.
func Binary() (string, error) {
	if p := os.Getenv(EnvBinary); p != "" {
		if isExecutable(p) {
			return p, nil
		}
		// The Makefile always exports the variable, built or not; fall
		// through to the other places before giving up.
	}
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".cache", "talaan", "bin", "minio")
		if isExecutable(p) {
			return p, nil
		}
	}
	if p, err := exec.LookPath("minio"); err == nil {
		return p, nil
	}
	return "", errors.New("miniotest: MinIO is not built: run make minio (looked in $" + EnvBinary +
		", $HOME/.cache/talaan/bin/minio and PATH)")
}

func isExecutable(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0
}

// Start starts a MinIO server for the test and stops it when the test ends.
// It fails the test when MinIO is not built or does not come up.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := start(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// StartMain starts a MinIO server for a whole test binary (from TestMain,
// where there is no testing.TB). The returned function stops it and removes
// its data directory; call it before os.Exit.
func StartMain() (*Server, func(), error) {
	dir, err := os.MkdirTemp("", "talaan-minio-")
	if err != nil {
		return nil, nil, fmt.Errorf("miniotest: %w", err)
	}
	s, err := start(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return s, func() {
		s.Stop()
		os.RemoveAll(dir)
	}, nil
}

func start(dir string) (*Server, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	var lastErr error
	for try := 1; try <= startTries; try++ {
		s, err := startOnce(bin, filepath.Join(dir, fmt.Sprintf("run%d", try)))
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func startOnce(bin, dir string) (*Server, error) {
	dataDir := filepath.Join(dir, "data")
	certsDir := filepath.Join(dir, "certs")
	for _, d := range []string{dataDir, certsDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("miniotest: %w", err)
		}
	}
	apiPort, err := freePort()
	if err != nil {
		return nil, err
	}
	consolePort, err := freePort()
	if err != nil {
		return nil, err
	}
	for consolePort == apiPort {
		if consolePort, err = freePort(); err != nil {
			return nil, err
		}
	}
	kmsKey := make([]byte, 32)
	rand.Read(kmsKey)

	s := &Server{
		Endpoint:  fmt.Sprintf("http://127.0.0.1:%d", apiPort),
		AccessKey: "talaan-" + randHex(6),
		SecretKey: randHex(20),
		Region:    "us-east-1",
		Dir:       dataDir,
		out:       &tailBuffer{max: 16 << 10},
		exited:    make(chan struct{}),
	}
	cmd := exec.Command(bin, "server", dataDir,
		"--address", fmt.Sprintf("127.0.0.1:%d", apiPort),
		"--console-address", fmt.Sprintf("127.0.0.1:%d", consolePort),
		"--certs-dir", certsDir,
		"--quiet")
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(),
		"MINIO_ROOT_USER="+s.AccessKey,
		"MINIO_ROOT_PASSWORD="+s.SecretKey,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
		"MINIO_CALLHOME_ENABLE=off",
		"MINIO_REGION="+s.Region,
		"MINIO_KMS_SECRET_KEY="+KMSKeyID+":"+base64.StdEncoding.EncodeToString(kmsKey),
	)
	cmd.Stdout = s.out
	cmd.Stderr = s.out
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("miniotest: start %s: %w", bin, err)
	}
	s.cmd = cmd
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()

	if err := s.waitLive(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// cleanEnv is the test process's environment without MinIO's variables, so
// a developer's settings do not leak into the test server.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MINIO_") {
			env = append(env, kv)
		}
	}
	return env
}

// waitLive polls /minio/health/live until it answers 200, the process exits
// or startTimeout passes.
func (s *Server) waitLive() error {
	client := &http.Client{
		Timeout:   time.Second,
		Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
	}
	deadline := time.Now().Add(startTimeout)
	url := s.Endpoint + "/minio/health/live"
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("miniotest: MinIO exited before it was ready (%v); its output:\n%s", s.waitErr, s.out.String())
		default:
		}
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("miniotest: MinIO not live at %s after %v; its output:\n%s", url, startTimeout, s.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop stops the server: SIGTERM, then SIGKILL if it has not exited within
// a few seconds. It is safe to call more than once.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		if s.cmd == nil || s.cmd.Process == nil {
			return
		}
		select {
		case <-s.exited:
			return
		default:
		}
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(stopTimeout):
			s.cmd.Process.Kill()
			<-s.exited
		}
	})
}

// Output returns the last lines the server wrote (for failure messages).
func (s *Server) Output() string { return s.out.String() }

// Client returns an S3 client for the server, with the root credentials and
// path-style addressing.
func (s *Server) Client() *s3.Client {
	if s.client == nil {
		s.client = s.NewClient()
	}
	return s.client
}

// NewClient returns a new S3 client for the server; opts adjust it (a
// test's own HTTP client, for example).
func (s *Server) NewClient(opts ...func(*s3.Options)) *s3.Client {
	base := []func(*s3.Options){func(o *s3.Options) {
		o.BaseEndpoint = aws.String(s.Endpoint)
		o.UsePathStyle = true
	}}
	return s3.New(s3.Options{
		Region:      s.Region,
		Credentials: credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
	}, append(base, opts...)...)
}

// Bucket creates a bucket with a fresh random name and returns the name.
// The bucket goes away with the server.
func (s *Server) Bucket(t testing.TB) string {
	t.Helper()
	name := "talaan-test-" + randHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := s.Client().CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatalf("miniotest: create bucket %s: %v", name, err)
	}
	return name
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("miniotest: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if extra := b.buf.Len() - b.max; extra > 0 {
		b.buf.Next(extra)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
