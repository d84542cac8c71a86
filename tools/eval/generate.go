package eval

import (
	"context"
	"errors"
	"fmt"

	"talaan/tools/docgen"
)

// ErrEmptyFamily is returned when a layout family has no payslip templates
// yet: there is nothing of it to generate.
var ErrEmptyFamily = errors.New("layout family has no payslip templates")

// FamilyLayouts lists the payslip templates of a layout family
// (docgen.FamilyTuning or docgen.FamilyHeldOut).
func FamilyLayouts(family string) []string {
	var out []string
	for _, name := range docgen.PayslipLayouts() {
		if f, ok := docgen.PayslipLayoutFamily(name); ok && f == family {
			out = append(out, name)
		}
	}
	return out
}

// FamilyQualities are the renderings a family's documents are drawn in turn
// from: every docgen quality, and for the held-out family also the renderings
// written apart with it (fax, messenger compression and the like), so that
// its figures are not those of the renderings the engine was tuned on.
func FamilyQualities(family string) []docgen.Quality {
	q := docgen.Qualities()
	if family == docgen.FamilyHeldOut {
		q = append(q, docgen.HeldOutQualities()...)
	}
	return q
}

// GeneratedSetName is the name of the set of generated documents of a
// family, as printed and in the JSON.
func GeneratedSetName(family string) string { return "generated-" + family }

// Generate draws n documents of a layout family from seed and renders them in
// each of the family's qualities in turn (a multi-page document that falls on
// a single-image quality becomes a TIFF); their labels are the generator's
// truth. A family without payslip templates gives ErrEmptyFamily. keep, when
// not nil, says which qualities to render: documents drawn in the others are
// skipped, so the documents kept are the same as in a full run.
func Generate(ctx context.Context, family string, n int, seed int64, keep func(docgen.Quality) bool) (Set, error) {
	if len(FamilyLayouts(family)) == 0 {
		return Set{}, fmt.Errorf("generate %s documents: %w", family, ErrEmptyFamily)
	}
	qualities := FamilyQualities(family)
	g := docgen.NewFamily(seed, family)
	set := Set{Name: GeneratedSetName(family)}
	for i := range n {
		doc := g.Random()
		q := qualities[i%len(qualities)]
		if doc.Pages > 1 && q != docgen.QualityDigital {
			q = docgen.QualityTIFF
		}
		if keep != nil && !keep(q) {
			continue
		}
		data, ext, err := docgen.Render(ctx, doc, q)
		if err != nil {
			return Set{}, fmt.Errorf("render generated %s document %d: %w", family, i+1, err)
		}
		l := doc.Label("", q, "")
		l.File = fmt.Sprintf("gen-%s-%03d-%s-%s%s", family, i+1, l.Kind, q, ext)
		set.Cases = append(set.Cases, Case{
			File: l.File, Kind: l.Kind, Quality: NormQuality(l.Quality),
			Expect: l.Expect, Incomes: l.Incomes, Data: data,
		})
	}
	return set, nil
}
