package storage

import (
	"errors"
	"strconv"
	"testing"
)

func TestPageLen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		size, want int
	}{
		{0, DefaultPageSize},
		{-3, DefaultPageSize},
		{1, 1},
		{MaxPageSize, MaxPageSize},
		{MaxPageSize + 1, MaxPageSize},
	} {
		if got := (Page{Size: tc.size}).Len(); got != tc.want {
			t.Errorf("Page{Size: %d}.Len() = %d, want %d", tc.size, got, tc.want)
		}
	}
}

func TestCutPage(t *testing.T) {
	t.Parallel()
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "id" + strconv.Itoa(n-i)
		}
		return out
	}
	id := func(s string) string { return s }
	for _, tc := range []struct {
		name     string
		fetched  int
		wantLen  int
		wantNext string
	}{
		{"empty", 0, 0, ""},
		{"short page is the last", 2, 2, ""},
		{"full page without the extra row is the last", 3, 3, ""},
		{"the extra row means a next page", 4, 3, "id2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items, next := CutPage(ids(tc.fetched), Page{Size: 3}, id)
			if len(items) != tc.wantLen || next != tc.wantNext {
				t.Errorf("CutPage of %d rows = %d items, next %q; want %d, %q", tc.fetched, len(items), next, tc.wantLen, tc.wantNext)
			}
		})
	}
}

func TestPaged(t *testing.T) {
	t.Parallel()
	id := func(s string) string { return s }
	items, next, err := Paged([]string{"c", "b", "a"}, nil, Page{Size: 2}, id, "list letters")
	if err != nil || len(items) != 2 || next != "b" {
		t.Errorf("got %v, %q, %v; want [c b], b, nil", items, next, err)
	}
	broken := errors.New("broken")
	items, next, err = Paged([]string{"c"}, broken, Page{}, id, "list letters")
	if items != nil || next != "" || !errors.Is(err, broken) || err.Error() != "list letters: broken" {
		t.Errorf("a failed query: %v, %q, %v; want nil, \"\", list letters: broken", items, next, err)
	}
}
