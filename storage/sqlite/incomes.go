package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"talaan/storage"
)

const incomeColumns = `id, tenant_id, user_id, archive_id, file_id, source_type, provider_id, work_item, employer,
	start_date, end_date, pay_date, currency, frequency, base_amount, gross_amount, net_amount, confidence,
	reviewed, created_at, item_created_at`

func scanIncome(sc scanner) (storage.Income, error) {
	var in storage.Income
	var workItem, employer, start, end, pay, currency, frequency, confidence sql.NullString
	var base, gross, net sql.NullFloat64
	var created, itemCreated int64
	err := sc.Scan(&in.ID, &in.TenantID, &in.UserID, &in.ArchiveID, &in.FileID, &in.SourceType, &in.ProviderID,
		&workItem, &employer, &start, &end, &pay, &currency, &frequency, &base, &gross, &net, &confidence,
		&in.Reviewed, &created, &itemCreated)
	if err != nil {
		return storage.Income{}, err
	}
	in.WorkItem, in.Employer = stringPtr(workItem), stringPtr(employer)
	in.StartDate, in.EndDate, in.PayDate = stringPtr(start), stringPtr(end), stringPtr(pay)
	in.Currency, in.Frequency = stringPtr(currency), stringPtr(frequency)
	in.BaseAmount, in.GrossAmount, in.NetAmount = floatPtr(base), floatPtr(gross), floatPtr(net)
	in.Confidence = rawJSON(confidence)
	in.CreatedAt, in.ItemCreatedAt = fromMicros(created), fromMicros(itemCreated)
	return in, nil
}

// incomeArgs are the values of incomeColumns.
func incomeArgs(in storage.Income) []any {
	return []any{in.ID, in.TenantID, in.UserID, in.ArchiveID, in.FileID, in.SourceType, in.ProviderID,
		nullString(in.WorkItem), nullString(in.Employer), nullString(in.StartDate), nullString(in.EndDate),
		nullString(in.PayDate), nullString(in.Currency), nullString(in.Frequency),
		nullFloat(in.BaseAmount), nullFloat(in.GrossAmount), nullFloat(in.NetAmount), nullJSON(in.Confidence),
		in.Reviewed, micros(in.CreatedAt), micros(in.ItemCreatedAt)}
}

// insertIncomes inserts incomes (storage.IncomesOf).
func insertIncomes(ctx context.Context, tx *sql.Tx, incomes []storage.Income) error {
	if len(incomes) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, insertSQL("incomes", incomeColumns, 1))
	if err != nil {
		return fmt.Errorf("insert incomes: %w", err)
	}
	defer stmt.Close()
	for _, in := range incomes {
		if _, err := stmt.ExecContext(ctx, incomeArgs(in)...); err != nil {
			return fmt.Errorf("insert income %s: %w", in.ID, conflict(err))
		}
	}
	return nil
}

// GetIncome returns the tenant's income.
func (s *Store) GetIncome(ctx context.Context, tenantID, id string) (storage.Income, error) {
	in, err := scanIncome(s.reads.QueryRowContext(ctx, `SELECT `+incomeColumns+` FROM incomes WHERE id = ? AND tenant_id = ?`, id, tenantID))
	return one(in, err, "get income "+id)
}

// GetIncomes returns the tenant's incomes among ids.
func (s *Store) GetIncomes(ctx context.Context, tenantID string, ids []string) ([]storage.Income, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	arr, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("get incomes: %w", err)
	}
	items, err := queryList(ctx, s.reads, `SELECT `+incomeColumns+` FROM incomes
		WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))`, []any{tenantID, string(arr)}, scanIncome)
	if err != nil {
		return nil, fmt.Errorf("get incomes: %w", err)
	}
	return items, nil
}

// ListIncomes lists the tenant's incomes matching f, newest first. From and
// To keep the incomes whose period (start date to end date, or the start
// date alone) overlaps them.
func (s *Store) ListIncomes(ctx context.Context, f storage.IncomeFilter) ([]storage.Income, string, error) {
	query, args := listIncomesQuery(f)
	items, err := queryList(ctx, s.reads, query, args, scanIncome)
	return storage.Paged(items, err, f.Page, func(in storage.Income) string { return in.ID }, "list incomes")
}

// listIncomesQuery is ListIncomes' query, apart so a test can explain it.
func listIncomesQuery(f storage.IncomeFilter) (string, []any) {
	var w where
	w.addConds(f.Conds()...)
	return `SELECT ` + incomeColumns + ` FROM incomes` + w.String() + ` ORDER BY id DESC LIMIT ?`,
		append(w.args, f.Page.Len()+1)
}
