package problem_test

import (
	"errors"
	"fmt"
	"testing"

	"talaan/internal/problem"
	"talaan/storage"
)

// A person reads a problem's text, never its cause, and nothing of an
// error that is not a problem.
func TestPublicShowsOnlyWhatAPersonMayRead(t *testing.T) {
	cause := errors.New("pq: relation archives does not exist")
	cases := []struct {
		err  error
		kind problem.Kind
		text string
	}{
		{problem.FieldInvalidf("data.netAmount", "must not be more than grossAmount."), problem.Invalid, "data.netAmount: must not be more than grossAmount."},
		{fmt.Errorf("publish: %w", problem.Unreadable(cause, "The body is not JSON.")), problem.Invalid, "The body is not JSON."},
		{problem.OrNotFound(fmt.Errorf("get: %w", storage.ErrNotFound), "archive", "arc_1"), problem.NotFound, `archive "arc_1" was not found`},
		{fmt.Errorf("list: %w", storage.ErrNotFound), problem.NotFound, "The resource was not found."},
		{fmt.Errorf("store: %w", cause), problem.Internal, "Something went wrong on our side."},
	}
	for _, c := range cases {
		kind, text := problem.Public(c.err)
		if kind != c.kind || text != c.text {
			t.Errorf("Public(%v) = %v, %q; want %v, %q", c.err, kind, text, c.kind, c.text)
		}
	}
	if err := problem.Unreadable(cause, "x"); !errors.Is(err, cause) {
		t.Error("Unreadable does not keep its cause for the log")
	}
}
