package storage

import "fmt"

// Page sizes: a Page's Size of 0 or less asks for the default, and none is
// larger than the maximum.
const (
	DefaultPageSize = 10
	MaxPageSize     = 150
)

// Len is the number of items the page holds at most: Size, or the default
// when it is 0 or less, and never more than MaxPageSize. A store fetches one
// row more (Len()+1) to learn whether there is a next page.
func (p Page) Len() int {
	switch {
	case p.Size <= 0:
		return DefaultPageSize
	case p.Size > MaxPageSize:
		return MaxPageSize
	}
	return p.Size
}

// CutPage trims items, fetched newest first with one row more than p.Len(),
// to the page, and returns the cursor of the next page: the last item's id
// when there is more, "" otherwise. The next page asks for ids below it
// (Page.After).
func CutPage[T any](items []T, p Page, id func(T) string) ([]T, string) {
	size := p.Len()
	if len(items) <= size {
		return items, ""
	}
	items = items[:size]
	return items, id(items[size-1])
}

// Paged is CutPage for a list query's result: the page of items and the
// next page's cursor, or the query's error wrapped with what was being
// listed.
func Paged[T any](items []T, err error, p Page, id func(T) string, what string) ([]T, string, error) {
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", what, err)
	}
	items, next := CutPage(items, p, id)
	return items, next, nil
}
