package storage

import (
	"fmt"
	"testing"
	"time"
)

func condsString(cs []Cond) string {
	s := ""
	for i, c := range cs {
		if i > 0 {
			s += " AND "
		}
		s += fmt.Sprintf("%s [%v]", c.SQL, c.Arg)
	}
	return s
}

func TestFilterConds(t *testing.T) {
	t.Parallel()
	yes := true
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 1, 0)
	for _, tc := range []struct {
		name  string
		conds []Cond
		want  string
	}{
		{"an archive filter of its tenant alone", ArchiveFilter{TenantID: "ten"}.Conds(), "tenant_id = ? [ten]"},
		{
			"an archive filter with every field, in index order",
			ArchiveFilter{TenantID: "ten", UserID: "usr", Source: SourceUpload, FileType: "PAYSLIP", Review: &yes,
				Status: StatusStarted, From: from, To: to, Page: Page{After: "arc-9"}}.Conds(),
			"tenant_id = ? [ten] AND user_id = ? [usr] AND source = ? [UPLOAD] AND file_type = ? [PAYSLIP] AND review = ? [true]" +
				" AND status = ? [STARTED] AND created_at >= ? [" + from.String() + "] AND created_at <= ? [" + to.String() + "]" +
				" AND id < ? [arc-9]",
		},
		{"an income filter of its tenant alone", IncomeFilter{TenantID: "ten"}.Conds(), "tenant_id = ? [ten]"},
		{
			"an income period overlaps From and To",
			IncomeFilter{TenantID: "ten", UserID: "usr", SourceID: "arc-1", From: "2025-01-01", To: "2025-01-31",
				Page: Page{After: "inc-9"}}.Conds(),
			"tenant_id = ? [ten] AND user_id = ? [usr] AND archive_id = ? [arc-1] AND start_date <= ? [2025-01-31]" +
				" AND coalesce(end_date, start_date) >= ? [2025-01-01] AND id < ? [inc-9]",
		},
		{"the first page has no cursor", Page{Size: 5}.Conds(), ""},
		{"a next page lists ids below its cursor", Page{After: "x"}.Conds(), "id < ? [x]"},
		{"an unscoped id", ScopedID("", "arc-1"), "id = ? [arc-1]"},
		{"a tenant's id", ScopedID("ten", "arc-1"), "id = ? [arc-1] AND tenant_id = ? [ten]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := condsString(tc.conds); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
