package ids

import (
	"strings"
	"testing"
	"time"
)

func TestNewSortsByTimeAndIsUnique(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := NewAt(Archive, t0)
	b := NewAt(Archive, t0.Add(time.Millisecond))
	if !(a < b) {
		t.Fatalf("ids do not sort by time: %s >= %s", a, b)
	}
	seen := map[string]bool{}
	for range 1000 {
		id := New(Income)
		if seen[id] {
			t.Fatalf("duplicate id %s", id)
		}
		seen[id] = true
		if !strings.HasPrefix(id, Income) || len(id) != len(Income)+32 {
			t.Fatalf("bad id %q", id)
		}
	}
}

func TestSecretLength(t *testing.T) {
	if s := Secret(32); len(s) != 64 {
		t.Fatalf("secret %d hex digits, want 64", len(s))
	}
	if Secret(16) == Secret(16) {
		t.Fatal("two secrets are equal")
	}
}
