package main

import (
	"context"
	"iter"
	"path/filepath"
	"testing"

	"talaan/storage"
	"talaan/storage/sqlite"
)

// countingLoader records the size of each batch it is given.
type countingLoader struct{ users, archives, incomes []int }

func (c *countingLoader) Load(_ context.Context, batches iter.Seq[storage.Batch]) error {
	for b := range batches {
		c.users = append(c.users, len(b.Users))
		c.archives = append(c.archives, len(b.Archives))
		c.incomes = append(c.incomes, len(b.Incomes))
	}
	return nil
}

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}

func TestPlanBatchesAreBounded(t *testing.T) {
	t.Parallel()
	plan := newSeedPlan(2500, 17)
	var c countingLoader
	if err := loadPlan(t.Context(), &c, plan, "ten", plan.now); err != nil {
		t.Fatal(err)
	}
	if sum(c.users) != 2500 || sum(c.archives) != len(plan.archives) || sum(c.incomes) != plan.incomes || plan.incomes != 2500*17 {
		t.Fatalf("loaded %d users, %d archives, %d incomes; want 2500, %d, %d",
			sum(c.users), sum(c.archives), sum(c.incomes), len(plan.archives), 2500*17)
	}
	for i := range c.users {
		if c.users[i] > batchRows || c.incomes[i] >= batchRows+perArchive {
			t.Errorf("batch %d holds %d users and %d incomes, more than %d", i, c.users[i], c.incomes[i], batchRows)
		}
	}
}

func TestPlanLoadsThroughStore(t *testing.T) {
	t.Parallel()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "talaan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	plan := newSeedPlan(3, 25)
	if err := loadPlan(t.Context(), st, plan, "ten", plan.now); err != nil {
		t.Fatal(err)
	}
	users, _, err := st.ListUsers(t.Context(), "ten", storage.Page{Size: 10})
	if err != nil || len(users) != 3 {
		t.Fatalf("ListUsers: %d users, %v; want 3", len(users), err)
	}
	for _, a := range plan.archives {
		got, err := st.GetArchive(t.Context(), "ten", a.id)
		if err != nil || got.Status != storage.StatusAnalyzed || got.UserID != plan.users[a.user].id {
			t.Fatalf("GetArchive %s: %+v, %v", a.id, got, err)
		}
		incomes, _, err := st.ListIncomes(t.Context(), storage.IncomeFilter{TenantID: "ten", SourceID: a.id, Page: storage.Page{Size: 150}})
		if err != nil || len(incomes) != a.n {
			t.Fatalf("ListIncomes of %s: %d, %v; want %d", a.id, len(incomes), err, a.n)
		}
		if in := incomes[0]; in.NetAmount == nil || in.Employer == nil || *in.Employer != plan.users[a.user].employer {
			t.Errorf("income %s: %+v", in.ID, in)
		}
	}
}
