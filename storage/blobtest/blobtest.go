// Package blobtest is the conformance test suite for storage.Blobs
// implementations: every store (the local folder, S3) runs the same
// behaviours through Run from its own _test.go file.
package blobtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	"talaan/storage"
)

// LargeSize is the size of the streamed payload of the large-file test.
const LargeSize = 16 << 20

// Run runs the conformance tests, each on a fresh store from newStore.
// newStore should register its own cleanup with t.Cleanup.
func Run(t *testing.T, newStore func(t *testing.T) storage.Blobs) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s storage.Blobs)
	}{
		{"PutThenOpenReadsBackSmallBlob", testSmall},
		{"PutThenOpenReadsBackEmptyBlob", testEmpty},
		{"PutStreamsLargeBlob", testLarge},
		{"PutOverwritesExistingBlob", testOverwrite},
		{"OpenMissingIsNotFound", testOpenMissing},
		{"DeleteThenOpenIsNotFound", testDeleteThenOpen},
		{"DeleteMissingIsNoError", testDeleteMissing},
		{"FailingReaderStoresNothing", testFailingReader},
		{"FailingReaderKeepsPreviousBlob", testFailingOverwrite},
		{"CancelledContextStoresNothing", testCancelledBefore},
		{"ContextCancelledMidStreamStoresNothing", testCancelledDuring},
		{"ConcurrentPutsOfDistinctKeys", testConcurrent},
		{"InvalidKeysRefused", testInvalidKeys},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

// Key returns a fresh key shaped like the ones talaan makes:
// t/<tenant>/f-<32 hex>.
func Key(t testing.TB) string {
	t.Helper()
	var b [16]byte
	rand.Read(b[:])
	return "t/blobtest/f-" + hex.EncodeToString(b[:])
}

var errBoom = errors.New("blobtest: reader failed on purpose")

func put(t *testing.T, s storage.Blobs, key string, data []byte) {
	t.Helper()
	n, err := s.Put(context.Background(), key, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
	if n != int64(len(data)) {
		t.Fatalf("Put(%q) = %d bytes, want %d", key, n, len(data))
	}
}

func readAll(t *testing.T, s storage.Blobs, key string) []byte {
	t.Helper()
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading %q: %v", key, err)
	}
	return b
}

func wantNotFound(t *testing.T, s storage.Blobs, key string) {
	t.Helper()
	rc, err := s.Open(context.Background(), key)
	if err == nil {
		rc.Close()
		t.Fatalf("Open(%q) succeeded, want ErrNotFound", key)
	}
	if !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Open(%q) = %v, want an error wrapping storage.ErrNotFound", key, err)
	}
}

func testSmall(t *testing.T, s storage.Blobs) {
	key := Key(t)
	data := []byte("%PDF-1.4 small payslip\n\x00\x01\xff")
	put(t, s, key, data)
	if got := readAll(t, s, key); !bytes.Equal(got, data) {
		t.Fatalf("read back %q, want %q", got, data)
	}
}

func testEmpty(t *testing.T, s storage.Blobs) {
	key := Key(t)
	put(t, s, key, nil)
	if got := readAll(t, s, key); len(got) != 0 {
		t.Fatalf("read back %d bytes, want 0", len(got))
	}
}

// patternReader yields n deterministic pseudo-random bytes without holding
// them in memory.
type patternReader struct {
	remaining int64
	state     uint64
	word      [8]byte
	used      int // bytes of word already handed out
}

func newPatternReader(n int64, seed uint64) *patternReader {
	return &patternReader{remaining: n, state: seed | 1, used: 8}
}

func (p *patternReader) Read(b []byte) (int, error) {
	if p.remaining <= 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > p.remaining {
		b = b[:p.remaining]
	}
	n := 0
	for n < len(b) {
		if p.used == 8 {
			// xorshift64
			p.state ^= p.state << 13
			p.state ^= p.state >> 7
			p.state ^= p.state << 17
			binary.LittleEndian.PutUint64(p.word[:], p.state)
			p.used = 0
		}
		c := copy(b[n:], p.word[p.used:])
		p.used += c
		n += c
	}
	p.remaining -= int64(n)
	return n, nil
}

func testLarge(t *testing.T, s storage.Blobs) {
	key := Key(t)
	want := sha256.New()
	if _, err := io.Copy(want, newPatternReader(LargeSize, 42)); err != nil {
		t.Fatal(err)
	}
	n, err := s.Put(context.Background(), key, newPatternReader(LargeSize, 42))
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if n != LargeSize {
		t.Fatalf("Put wrote %d bytes, want %d", n, LargeSize)
	}
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer rc.Close()
	got := sha256.New()
	m, err := io.Copy(got, rc)
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	if m != LargeSize {
		t.Fatalf("read back %d bytes, want %d", m, LargeSize)
	}
	if !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
		t.Fatal("read back bytes differ from the ones put")
	}
}

func testOverwrite(t *testing.T, s storage.Blobs) {
	key := Key(t)
	put(t, s, key, []byte("first version, longer than the second"))
	put(t, s, key, []byte("second"))
	if got := readAll(t, s, key); string(got) != "second" {
		t.Fatalf("read back %q, want %q", got, "second")
	}
}

func testOpenMissing(t *testing.T, s storage.Blobs) {
	wantNotFound(t, s, Key(t))
}

func testDeleteThenOpen(t *testing.T, s storage.Blobs) {
	key := Key(t)
	put(t, s, key, []byte("to be deleted"))
	if err := s.Delete(context.Background(), key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	wantNotFound(t, s, key)
}

func testDeleteMissing(t *testing.T, s storage.Blobs) {
	if err := s.Delete(context.Background(), Key(t)); err != nil {
		t.Fatalf("Delete of a missing blob = %v, want nil", err)
	}
}

// failingReader yields n bytes of data then fails with err.
type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(b []byte) (int, error) {
	n, err := f.r.Read(b)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

func failAfter(n int64, err error) io.Reader {
	return &failingReader{r: newPatternReader(n, 7), err: err}
}

func testFailingReader(t *testing.T, s storage.Blobs) {
	key := Key(t)
	_, err := s.Put(context.Background(), key, failAfter(1<<20, errBoom))
	if err == nil {
		t.Fatal("Put with a failing reader succeeded")
	}
	if !errors.Is(err, errBoom) {
		t.Fatalf("Put = %v, want an error wrapping the reader's error", err)
	}
	wantNotFound(t, s, key)
}

func testFailingOverwrite(t *testing.T, s storage.Blobs) {
	key := Key(t)
	put(t, s, key, []byte("the good version"))
	if _, err := s.Put(context.Background(), key, failAfter(1<<20, errBoom)); !errors.Is(err, errBoom) {
		t.Fatalf("Put = %v, want an error wrapping the reader's error", err)
	}
	if got := readAll(t, s, key); string(got) != "the good version" {
		t.Fatalf("after a failed overwrite read back %q, want the previous blob", got)
	}
}

func testCancelledBefore(t *testing.T, s storage.Blobs) {
	key := Key(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Put(ctx, key, bytes.NewReader([]byte("never stored"))); err == nil {
		t.Fatal("Put with a cancelled context succeeded")
	}
	wantNotFound(t, s, key)
}

// cancellingReader cancels its context after the first read, then keeps
// yielding data (up to a bound, so a store that ignores the context fails
// the test instead of hanging it).
type cancellingReader struct {
	r      io.Reader
	cancel context.CancelFunc
	reads  int
}

func (c *cancellingReader) Read(b []byte) (int, error) {
	c.reads++
	if c.reads == 2 {
		c.cancel()
	}
	return c.r.Read(b)
}

func testCancelledDuring(t *testing.T, s storage.Blobs) {
	key := Key(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &cancellingReader{r: newPatternReader(LargeSize, 9), cancel: cancel}
	if _, err := s.Put(ctx, key, r); err == nil {
		t.Fatal("Put whose context was cancelled mid-stream succeeded")
	}
	wantNotFound(t, s, key)
}

func testConcurrent(t *testing.T, s storage.Blobs) {
	const n = 20
	keys := make([]string, n)
	for i := range keys {
		keys[i] = Key(t)
	}
	payload := func(i int) []byte {
		return bytes.Repeat([]byte(fmt.Sprintf("blob %02d;", i)), 1000+i*37)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.Put(context.Background(), keys[i], bytes.NewReader(payload(i)))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Put %d: %v", i, err)
		}
	}
	for i, key := range keys {
		if got := readAll(t, s, key); !bytes.Equal(got, payload(i)) {
			t.Fatalf("blob %d read back %d bytes, want its own %d", i, len(got), len(payload(i)))
		}
	}
}

func testInvalidKeys(t *testing.T, s storage.Blobs) {
	ctx := context.Background()
	for _, key := range []string{"../x", "/abs", "a//b", "a/../b", ""} {
		if _, err := s.Put(ctx, key, bytes.NewReader([]byte("x"))); err == nil {
			t.Errorf("Put(%q) succeeded, want an invalid key error", key)
		}
		if rc, err := s.Open(ctx, key); err == nil {
			rc.Close()
			t.Errorf("Open(%q) succeeded, want an invalid key error", key)
		}
		if err := s.Delete(ctx, key); err == nil {
			t.Errorf("Delete(%q) succeeded, want an invalid key error", key)
		}
	}
}
