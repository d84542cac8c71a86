package s3

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestCheck(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, Options{Prefix: "talaan/", SSE: SSES3})
	if err := f.store.Check(ctx); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if names := objects(t, f.bucket); len(names) != 0 {
		t.Errorf("Check left %v behind", names)
	}
	if got, want := strings.Join(f.rec.ops(), ","), "PutObject,GetObject,DeleteObject,GetObject"; got != want {
		t.Errorf("Check sent %s, want %s", got, want)
	}
}

func xmlError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>`+code+`</Code><Message>`+msg+`</Message></Error>`)
}

func TestCheckExplains(t *testing.T) {
	ctx := context.Background()

	// MinIO without a KMS refuses SSE like this.
	noKMS := fakeS3(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		xmlError(w, http.StatusNotImplemented, "NotImplemented", "Server side encryption specified but KMS is not configured")
	})
	s, err := New(ctx, noKMS, "bucket", Options{SSE: SSES3})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx); err == nil || !strings.Contains(err.Error(), "the server refused sse=AES256") || !strings.Contains(err.Error(), "KMS is not configured") {
		t.Errorf("Check against a server without KMS = %v", err)
	}

	// Credentials without s3:ListBucket: a missing object is 403.
	var mu sync.Mutex
	stored := map[string][]byte{}
	noList := fakeS3(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.Method {
		case http.MethodPut:
			b, _ := io.ReadAll(r.Body)
			stored[r.URL.Path] = b
			w.WriteHeader(http.StatusOK)
		case http.MethodGet:
			if b, ok := stored[r.URL.Path]; ok {
				w.Write(b)
				return
			}
			xmlError(w, http.StatusForbidden, "AccessDenied", "Access Denied")
		case http.MethodDelete:
			delete(stored, r.URL.Path)
			w.WriteHeader(http.StatusNoContent)
		}
	})
	s, err = New(ctx, noList, "bucket", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx); err == nil || !strings.Contains(err.Error(), "s3:ListBucket") {
		t.Errorf("Check without s3:ListBucket = %v", err)
	}

	// No write permission.
	readOnly := fakeS3(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		xmlError(w, http.StatusForbidden, "AccessDenied", "Access Denied")
	})
	s, err = New(ctx, readOnly, "bucket", Options{Prefix: "talaan"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx); err == nil || !strings.Contains(err.Error(), `cannot write objects under "talaan/"`) {
		t.Errorf("Check without s3:PutObject = %v", err)
	}
}
