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
	cs := conds{{"tenant_id = ?", f.TenantID}}
	cs.addIf(f.UserID != "", "user_id = ?", f.UserID)
	cs.addIf(f.Source != "", "source = ?", f.Source)
	cs.addIf(f.FileType != "", "file_type = ?", f.FileType)
	if f.Review != nil {
		cs.addIf(true, "review = ?", *f.Review)
	}
	cs.addIf(f.Status != "", "status = ?", f.Status)
	cs.addIf(!f.From.IsZero(), "created_at >= ?", f.From)
	cs.addIf(!f.To.IsZero(), "created_at <= ?", f.To)
	return append(cs, f.Page.Conds()...)
}

// Conds returns the conditions of f: its tenant, each field that is set,
// then the page's cursor. From and To keep the incomes whose period (start
// date to end date, or the start date alone) overlaps them.
func (f IncomeFilter) Conds() []Cond {
	cs := conds{{"tenant_id = ?", f.TenantID}}
	cs.addIf(f.UserID != "", "user_id = ?", f.UserID)
	cs.addIf(f.SourceID != "", "archive_id = ?", f.SourceID)
	cs.addIf(f.To != "", "start_date <= ?", f.To)
	cs.addIf(f.From != "", "coalesce(end_date, start_date) >= ?", f.From)
	return append(cs, f.Page.Conds()...)
}

// conds gathers the conditions of a filter.
type conds []Cond

// addIf adds the condition when the filter sets its field.
func (cs *conds) addIf(set bool, sql string, arg any) {
	if set {
		*cs = append(*cs, Cond{sql, arg})
	}
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
