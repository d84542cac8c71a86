package console

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"talaan/internal/review"
	"talaan/storage"
)

// Bounds of one queue read. The store lists newest first; the queue is
// shown oldest first, so the whole review queue is read (up to maxReview).
const (
	maxReview = 2000
	maxFailed = 500
)

// entry is one document of the queue.
type entry struct {
	ID       string
	UserID   string
	FileType string // PAYSLIP, TAX_DOCUMENT, OTHERS
	Formats  string // the files' formats: PDF, PNG, ...
	Status   string // STARTED (in review), ERROR, UNSUPPORTED
	Review   bool
	Reasons  []string // the doubts without their numbers (doubtReason), or state.reason
	Created  time.Time
}

// reviewQueue reads the tenant's documents in review, oldest first.
func (c *Console) reviewQueue(ctx context.Context, tenantID string) ([]entry, bool, error) {
	var out []entry
	f := storage.ArchiveFilter{TenantID: tenantID, Page: storage.Page{Size: 150}}
	truncated := false
	for {
		items, next, err := c.reviews.List(ctx, f)
		if err != nil {
			return nil, false, err
		}
		for _, it := range items {
			out = append(out, reviewEntry(it))
		}
		if next == "" {
			break
		}
		if len(out) >= maxReview {
			truncated = true
			break
		}
		f.Page.After = next
	}
	sortOldestFirst(out)
	return out, truncated, nil
}

// failedQueue reads the tenant's failed documents of the last window.
func (c *Console) failedQueue(ctx context.Context, tenantID string) ([]entry, bool, error) {
	var out []entry
	truncated := false
	for _, status := range []string{storage.StatusError, storage.StatusUnsupported} {
		f := storage.ArchiveFilter{TenantID: tenantID, Status: status, From: c.now().Add(-c.cfg.FailedWindow),
			Page: storage.Page{Size: 150}}
		n := 0
		for {
			items, next, err := c.store.ListArchives(ctx, f)
			if err != nil {
				return nil, false, err
			}
			for _, a := range items {
				out = append(out, failedEntry(a))
			}
			n += len(items)
			if next == "" {
				break
			}
			if n >= maxFailed {
				truncated = true
				break
			}
			f.Page.After = next
		}
	}
	sortOldestFirst(out)
	return out, truncated, nil
}

func sortOldestFirst(es []entry) {
	sort.SliceStable(es, func(i, j int) bool {
		if !es[i].Created.Equal(es[j].Created) {
			return es[i].Created.Before(es[j].Created)
		}
		return es[i].ID < es[j].ID
	})
}

func formats(a storage.Archive) string {
	var fs []string
	seen := map[string]bool{}
	for _, f := range a.Files {
		if !seen[f.Format] {
			seen[f.Format] = true
			fs = append(fs, f.Format)
		}
	}
	return strings.Join(fs, ", ")
}

func reviewEntry(it review.Item) entry {
	a := it.Archive
	e := entry{ID: a.ID, UserID: a.UserID, FileType: it.FileType, Formats: formats(a), Status: a.Status, Review: true, Created: a.CreatedAt}
	seen := map[string]bool{}
	for _, d := range it.Doubts {
		r := doubtReason(d)
		if !seen[r] {
			seen[r] = true
			e.Reasons = append(e.Reasons, r)
		}
	}
	if len(e.Reasons) == 0 {
		e.Reasons = []string{"needs a person"}
	}
	return e
}

func failedEntry(a storage.Archive) entry {
	r := a.Reason
	if r == "" {
		r = a.ErrorCode
	}
	if r == "" {
		r = "unknown"
	}
	return entry{ID: a.ID, UserID: a.UserID, FileType: a.FileType, Formats: formats(a), Status: a.Status, Reasons: []string{r}, Created: a.CreatedAt}
}

type queueRow struct {
	entry
	Age  string
	Link string
}

type reasonCount struct {
	Reason string
	Count  int
	Link   string
	Active bool
}

type queueData struct {
	Head
	Rows       []queueRow
	Total      int // in review, whatever the filters
	Failed     int
	Reasons    []reasonCount
	FileTypes  []string
	Reason     string
	FileType   string
	Show       string
	Truncated  bool
	FailedDays int
	FirstLink  string
}

func (c *Console) queue(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	q := r.URL.Query()
	d := queueData{Head: c.head(s, "Review queue"), Reason: q.Get("reason"), FileType: q.Get("fileType"), Show: q.Get("show"),
		FileTypes: []string{"PAYSLIP", "TAX_DOCUMENT", "OTHERS"}, FailedDays: int(c.cfg.FailedWindow / (24 * time.Hour))}
	d.Flash = flashes[q.Get("msg")]
	if d.Show != "review" && d.Show != "failed" {
		d.Show = "all"
	}
	review, t1, err := c.reviewQueue(ctx, s.TenantID)
	if err != nil {
		c.fail(w, r, s, err)
		return
	}
	failed, t2, err := c.failedQueue(ctx, s.TenantID)
	if err != nil {
		c.fail(w, r, s, err)
		return
	}
	d.Total, d.Failed, d.Truncated = len(review), len(failed), t1 || t2
	var all []entry
	switch d.Show {
	case "review":
		all = review
	case "failed":
		all = failed
	default:
		all = append(append(all, review...), failed...)
		sortOldestFirst(all)
	}
	counts := map[string]int{}
	now := c.now()
	for _, e := range all {
		if d.FileType != "" && e.FileType != d.FileType {
			continue
		}
		for _, rs := range e.Reasons {
			counts[rs]++
		}
		if d.Reason != "" && !contains(e.Reasons, d.Reason) {
			continue
		}
		d.Rows = append(d.Rows, queueRow{entry: e, Age: age(now.Sub(e.Created)), Link: "/console/archives/" + url.PathEscape(e.ID)})
	}
	for rs, n := range counts {
		d.Reasons = append(d.Reasons, reasonCount{Reason: rs, Count: n, Active: rs == d.Reason,
			Link: queueLink(d.Show, d.FileType, rs)})
	}
	sort.Slice(d.Reasons, func(i, j int) bool {
		if d.Reasons[i].Count != d.Reasons[j].Count {
			return d.Reasons[i].Count > d.Reasons[j].Count
		}
		return d.Reasons[i].Reason < d.Reasons[j].Reason
	})
	for _, row := range d.Rows {
		if row.Review {
			d.FirstLink = row.Link
			break
		}
	}
	c.render(w, r, "queue", http.StatusOK, d)
}

func queueLink(show, fileType, reason string) string {
	v := url.Values{}
	if show != "" && show != "all" {
		v.Set("show", show)
	}
	if fileType != "" {
		v.Set("fileType", fileType)
	}
	if reason != "" {
		v.Set("reason", reason)
	}
	if len(v) == 0 {
		return "/console/"
	}
	return "/console/?" + v.Encode()
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// ago is age with "ago" when it is not "just now".
func ago(d time.Duration) string {
	if a := age(d); a != "just now" {
		return a + " ago"
	}
	return "just now"
}

// age says how long ago, in the largest unit that fits.
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d/time.Hour))
	}
	return fmt.Sprintf("%d d", int(d/(24*time.Hour)))
}
