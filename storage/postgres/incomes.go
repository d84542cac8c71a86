package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"talaan/storage"
)

const incomeColumns = `id, tenant_id, user_id, archive_id, file_id, source_type, provider_id, work_item, employer,
	start_date, end_date, pay_date, currency, frequency, base_amount, gross_amount, net_amount, confidence,
	reviewed, created_at, item_created_at`

func scanIncome(sc scanner) (storage.Income, error) {
	var in storage.Income
	var confidence *string
	err := sc.Scan(&in.ID, &in.TenantID, &in.UserID, &in.ArchiveID, &in.FileID, &in.SourceType, &in.ProviderID,
		&in.WorkItem, &in.Employer, &in.StartDate, &in.EndDate, &in.PayDate, &in.Currency, &in.Frequency,
		&in.BaseAmount, &in.GrossAmount, &in.NetAmount, &confidence, &in.Reviewed, &in.CreatedAt, &in.ItemCreatedAt)
	if err != nil {
		return storage.Income{}, err
	}
	in.Confidence = rawJSON(confidence)
	utcTimes(&in.CreatedAt, &in.ItemCreatedAt)
	return in, nil
}

// incomeArgs are the values of incomeColumns.
func incomeArgs(in storage.Income) []any {
	return []any{in.ID, in.TenantID, in.UserID, in.ArchiveID, in.FileID, in.SourceType, in.ProviderID,
		in.WorkItem, in.Employer, in.StartDate, in.EndDate, in.PayDate, in.Currency, in.Frequency,
		in.BaseAmount, in.GrossAmount, in.NetAmount, nullJSON(in.Confidence),
		in.Reviewed, in.CreatedAt, in.ItemCreatedAt}
}

// insertIncomes inserts incomes (storage.IncomesOf), in one round trip.
func insertIncomes(ctx context.Context, tx pgx.Tx, incomes []storage.Income) error {
	var b pgx.Batch
	for _, in := range incomes {
		b.Queue(`INSERT INTO incomes (`+incomeColumns+`) VALUES (`+placeholders(21)+`)`, incomeArgs(in)...)
	}
	return execBatch(ctx, tx, &b, func(i int) string { return "insert income " + incomes[i].ID })
}

// GetIncome returns the tenant's income.
func (s *Store) GetIncome(ctx context.Context, tenantID, id string) (storage.Income, error) {
	in, err := scanIncome(s.pool.QueryRow(ctx, `SELECT `+incomeColumns+` FROM incomes WHERE id = $1 AND tenant_id = $2`, id, tenantID))
	return one(in, err, "get income "+id)
}

// GetIncomes returns the tenant's incomes among ids.
func (s *Store) GetIncomes(ctx context.Context, tenantID string, ids []string) ([]storage.Income, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	items, err := queryList(ctx, s.pool, `SELECT `+incomeColumns+` FROM incomes WHERE tenant_id = $1 AND id = ANY($2::text[])`,
		[]any{tenantID, ids}, scanIncome)
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
	items, err := queryList(ctx, s.pool, query, args, scanIncome)
	return storage.Paged(items, err, f.Page, func(in storage.Income) string { return in.ID }, "list incomes")
}

// listIncomesQuery is ListIncomes' query, apart so a test can explain it.
func listIncomesQuery(f storage.IncomeFilter) (string, []any) {
	var w where
	w.addConds(f.Conds()...)
	return `SELECT ` + incomeColumns + ` FROM incomes` + w.String() + ` ORDER BY id DESC` + limit(f.Page), w.args
}
