package ocr

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBudgetWaitsForBytesAndHonoursContext(t *testing.T) {
	t.Parallel()
	b := NewBudget(100)
	h1, err := b.acquire(context.Background(), 80)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := b.acquire(ctx, 30); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("acquire over the budget = %v, want it to wait until ctx is done", err)
	}
	h1.shrink(60) // the decode's scratch is garbage; its image is kept
	h2, err := b.acquire(context.Background(), 30)
	if err != nil {
		t.Fatal(err)
	}
	h1.release()
	h1.release() // twice is harmless
	h2.release()
	// A request over the whole budget takes all of it rather than waiting
	// forever.
	h3, err := b.acquire(context.Background(), 1000)
	if err != nil || h3.n != 100 {
		t.Fatalf("acquire(1000) = %+v, %v", h3, err)
	}
	h3.release()
	var nilBudget *Budget
	if _, err := nilBudget.acquire(context.Background(), 1<<40); err != nil {
		t.Errorf("nil budget: %v", err)
	}
}

func TestFormatBytes(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{392 << 20: "392 MB", 1536 << 20: "1.5 GB", 900: "900 bytes", 4 << 10: "4 KB"} {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
