package storage

// Cond is one condition of a store's WHERE clause, as a filter or a page
// asks for it: SQL that both dialects read alike (a column, or an
// expression of columns, compared with one ? for Arg). Each store numbers
// the placeholders and encodes Arg (a time.Time, a bool) its own way; the
// rest of each query is the store's own.
type Cond struct {
	SQL string
	Arg any
}

// Conds returns the conditions of f, in the order the stores' indexes and
// measured plans expect: its tenant, each field that is set, then the
// page's cursor.
func (f ArchiveFilter) Conds() []Cond {
	cs := []Cond{{"tenant_id = ?", f.TenantID}}
	if f.UserID != "" {
		cs = append(cs, Cond{"user_id = ?", f.UserID})
	}
	if f.Source != "" {
		cs = append(cs, Cond{"source = ?", f.Source})
	}
	if f.FileType != "" {
		cs = append(cs, Cond{"file_type = ?", f.FileType})
	}
	if f.Review != nil {
		cs = append(cs, Cond{"review = ?", *f.Review})
	}
	if f.Status != "" {
		cs = append(cs, Cond{"status = ?", f.Status})
	}
	if !f.From.IsZero() {
		cs = append(cs, Cond{"created_at >= ?", f.From})
	}
	if !f.To.IsZero() {
		cs = append(cs, Cond{"created_at <= ?", f.To})
	}
	return append(cs, f.Page.Conds()...)
}

// Conds returns the conditions of f: its tenant, each field that is set,
// then the page's cursor. From and To keep the incomes whose period (start
// date to end date, or the start date alone) overlaps them.
func (f IncomeFilter) Conds() []Cond {
	cs := []Cond{{"tenant_id = ?", f.TenantID}}
	if f.UserID != "" {
		cs = append(cs, Cond{"user_id = ?", f.UserID})
	}
	if f.SourceID != "" {
		cs = append(cs, Cond{"archive_id = ?", f.SourceID})
	}
	if f.To != "" {
		cs = append(cs, Cond{"start_date <= ?", f.To})
	}
	if f.From != "" {
		cs = append(cs, Cond{"coalesce(end_date, start_date) >= ?", f.From})
	}
	return append(cs, f.Page.Conds()...)
}

// Conds returns the keyset condition of the page, whose rows are listed
// newest (highest id) first: ids below After; none on the first page.
func (p Page) Conds() []Cond {
	if p.After == "" {
		return nil
	}
	return []Cond{{"id < ?", p.After}}
}

// ScopedID returns the conditions that select row id of tenant tenantID;
// tenantID "" selects it whatever its tenant (the worker's and the signed
// URL's reads).
func ScopedID(tenantID, id string) []Cond {
	cs := []Cond{{"id = ?", id}}
	if tenantID != "" {
		cs = append(cs, Cond{"tenant_id = ?", tenantID})
	}
	return cs
}
