package storetest

import (
	"slices"
	"time"

	"talaan/storage"
)

// loader returns the store's Loader, skipping the test when it has none.
func (e *env) loader() storage.Loader {
	e.t.Helper()
	l, ok := e.s.(storage.Loader)
	if !ok {
		e.t.Skip("the store is not a storage.Loader")
	}
	return l
}

func testLoad(e *env) {
	l := e.loader()
	u := storage.User{ID: "usr-l1", TenantID: tenantA, ExternalMetadata: map[string]string{"ref": "C1"}, CreatedAt: t0}
	a1 := newArchive(tenantA, u.ID, "arc-l1", t0)
	a1.Status = storage.StatusAnalyzed
	a2 := newArchive(tenantA, userA2, "arc-l2", t0.Add(time.Second))
	a2.Files = nil
	in1, in2 := filled(income("inc-l1", "2024-01-01", "2024-01-15"), a1), filled(income("inc-l2", "2024-01-16", "2024-01-31"), a1)
	in3 := filled(income("inc-l3", "2024-02-01", ""), a2)
	in1.FileID, in2.FileID = a1.Files[0].ID, a1.Files[1].ID
	in3.Reviewed, in3.WorkItem = true, nil
	// The second batch holds an income of an archive of the first.
	in4 := filled(income("inc-l4", "2024-02-01", "2024-02-15"), a1)
	e.ok(l.Load(e.ctx, slices.Values([]storage.Batch{
		{Users: []storage.User{u}, Archives: []storage.Archive{a1}, Incomes: []storage.Income{in1, in2}},
		{Archives: []storage.Archive{a2}, Incomes: []storage.Income{in3, in4}},
	})))

	gotUser, err := e.s.GetUser(e.ctx, tenantA, u.ID)
	e.ok(err)
	same(e.t, "user", gotUser, u)
	for _, a := range []storage.Archive{a1, a2} {
		got, err := e.s.GetArchive(e.ctx, tenantA, a.ID)
		e.ok(err)
		same(e.t, "archive "+a.ID, got, a)
	}
	for _, in := range []storage.Income{in1, in2, in3, in4} {
		got, err := e.s.GetIncome(e.ctx, tenantA, in.ID)
		e.ok(err)
		same(e.t, "income "+in.ID, got, in)
	}
	same(e.t, "incomes of arc-l1", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA, SourceID: a1.ID}),
		descending(in1.ID, in2.ID, in4.ID))
	same(e.t, "incomes of usr-l1 in January", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA, UserID: u.ID,
		From: "2024-01-01", To: "2024-01-31"}), descending(in1.ID, in2.ID))
	same(e.t, "incomes of tenant B", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantB}), []string{})

	// The store works as before after a load: an archive is created and
	// finished, and its incomes listed.
	a3 := e.archive(tenantA, userA1, "arc-3", nil)
	e.ok(e.finishWith(a3, []storage.Income{income("inc-3", "2024-03-01", "2024-03-31")}, nil))
	same(e.t, "incomes of arc-3", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA, SourceID: a3.ID}), []string{"inc-3"})
}

func testLoadAtomic(e *env) {
	l := e.loader()
	u := storage.User{ID: "usr-l1", TenantID: tenantA, CreatedAt: t0}
	a := newArchive(tenantA, u.ID, "arc-l1", t0)
	orphan := filled(income("inc-orphan", "2024-01-01", "2024-01-31"), newArchive(tenantA, u.ID, "arc-nope", t0))
	err := l.Load(e.ctx, slices.Values([]storage.Batch{
		{Users: []storage.User{u}, Archives: []storage.Archive{a}},
		{Incomes: []storage.Income{orphan}},
	}))
	if err == nil {
		e.t.Fatal("a load with an income of an unknown archive succeeded")
	}
	_, err = e.s.GetUser(e.ctx, tenantA, u.ID)
	e.is(err, storage.ErrNotFound, "user of the failed load")
	_, err = e.s.GetArchive(e.ctx, tenantA, a.ID)
	e.is(err, storage.ErrNotFound, "archive of the failed load")
	// The store is whole after the failed load.
	e.ok(e.finishWith(e.archive(tenantA, userA1, "arc-2", nil), []storage.Income{income("inc-2", "2024-03-01", "")}, nil))
	same(e.t, "incomes after the failed load", listIncomeIDs(e, storage.IncomeFilter{TenantID: tenantA}), []string{"inc-2"})
}
