package archive

import (
	"context"
	"fmt"
	"math"
	"strings"

	"talaan/extract"
	"talaan/storage"
)

// HoldRepeats sends to review every confident record whose employer, pay
// period and net pay are those of an income the user already has, or of
// an earlier record of this archive: the same payslip arriving again in
// another file is shown to a person, not published twice. The record gets
// a doubt of kind repeat naming the income it repeats.
func HoldRepeats(ctx context.Context, st storage.Store, a storage.Archive, files []FileResult) error {
	seen := map[repeatKey]string{}
	for fi := range files {
		o := &files[fi].Output
		if o.Status != extract.StatusAnalyzed {
			continue
		}
		for ri, in := range o.Incomes {
			k, ok := keyOf(in)
			if !ok || ri >= len(o.Records) {
				continue
			}
			of, dup := seen[k]
			if !dup {
				var err error
				if of, dup, err = earlierIncome(ctx, st, a, k); err != nil {
					return err
				}
			}
			if dup {
				d := extract.Doubt{Kind: extract.DoubtRepeat, Field: "netAmount",
					Detail: "the same employer, pay period and net pay as " + of}
				o.Records[ri].Doubts = append(o.Records[ri].Doubts, d)
				o.Doubts = append(o.Doubts, d)
				o.Status = extract.StatusReview
				continue
			}
			seen[k] = "file " + files[fi].FileID + " of this archive"
		}
	}
	return nil
}

// repeatKey is what makes two incomes the same payslip.
type repeatKey struct {
	employer, start, end string
	netCents             int64
}

func keyOf(in extract.Income) (repeatKey, bool) {
	if in.StartDate == nil || in.NetAmount == nil || in.Employer == nil {
		return repeatKey{}, false
	}
	k := repeatKey{employer: strings.ToLower(strings.Join(strings.Fields(*in.Employer), " ")), start: *in.StartDate,
		netCents: int64(math.Round(*in.NetAmount * 100))}
	if in.EndDate != nil {
		k.end = *in.EndDate
	}
	return k, true
}

// earlierIncome looks for an income of a's user with key k, among those
// whose period overlaps k's; it names it ("income ID of archive ID").
func earlierIncome(ctx context.Context, st storage.Store, a storage.Archive, k repeatKey) (string, bool, error) {
	f := storage.IncomeFilter{TenantID: a.TenantID, UserID: a.UserID, From: k.start, To: k.end, Page: storage.Page{Size: storage.MaxPageSize}}
	if f.To == "" {
		f.To = k.start
	}
	for {
		items, next, err := st.ListIncomes(ctx, f)
		if err != nil {
			return "", false, fmt.Errorf("incomes like %s's: %w", a.ID, err)
		}
		for _, in := range items {
			if ik, ok := keyOf(IncomeValues(in)); ok && ik == k && in.ArchiveID != a.ID {
				return "income " + in.ID + " of archive " + in.ArchiveID, true, nil
			}
		}
		if next == "" {
			return "", false, nil
		}
		f.Page.After = next
	}
}
