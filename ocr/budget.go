package ocr

import (
	"context"
	"fmt"

	"golang.org/x/sync/semaphore"
)

// DefaultMemory is the size of a Budget made with NewBudget(0): decoded page
// images of every document a process reads at once share it.
const DefaultMemory = 512 << 20

// Budget bounds the bytes that decoded page images hold at once, across
// every document a process reads (queue workers, synchronous classify, the
// review console's page pictures). A decode waits for its bytes and gives
// them back when its image is no longer needed. A nil *Budget bounds
// nothing; each image is still held to Limits.MaxImageBytes.
//
// x/sync's semaphore is used because it is fair (a large decode is not
// starved by a stream of small ones) and honours ctx; a few lines of our own
// would have to get both right.
type Budget struct {
	sem  *semaphore.Weighted
	size int64
}

// NewBudget returns a budget of n bytes; n <= 0 takes DefaultMemory.
func NewBudget(n int64) *Budget {
	if n <= 0 {
		n = DefaultMemory
	}
	return &Budget{sem: semaphore.NewWeighted(n), size: n}
}

// Size is the budget's total, in bytes.
func (b *Budget) Size() int64 {
	if b == nil {
		return 0
	}
	return b.size
}

// acquire waits until n bytes are free or ctx is done, and returns a hold
// that gives them back. A request larger than the whole budget takes all of
// it: the per-image limit, not the budget, refuses images.
func (b *Budget) acquire(ctx context.Context, n int64) (*hold, error) {
	if b == nil || n <= 0 {
		return &hold{}, ctx.Err()
	}
	n = min(n, b.size)
	if err := b.sem.Acquire(ctx, n); err != nil {
		return nil, fmt.Errorf("wait for %s of image memory: %w", formatBytes(n), err)
	}
	return &hold{b: b, n: n}, nil
}

// hold is bytes taken from a Budget. Its methods are not safe for
// concurrent use; one page's load and recognition own it in turn.
type hold struct {
	b *Budget
	n int64
}

// shrink gives back all but n bytes, once a decode's scratch memory is
// garbage and only its result is kept.
func (h *hold) shrink(n int64) {
	if h == nil || h.b == nil || n >= h.n {
		return
	}
	n = max(n, 0)
	h.b.sem.Release(h.n - n)
	h.n = n
}

// release gives every byte back; it may be called more than once.
func (h *hold) release() { h.shrink(0) }

// formatBytes writes a size the way people read one: "392 MB".
func formatBytes(n int64) string {
	switch {
	case n >= 10<<30:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
