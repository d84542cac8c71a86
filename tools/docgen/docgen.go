package docgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"talaan/extract"
)

// Doc is one generated document with its truth.
type Doc struct {
	Kind extract.Kind
	// Incomes holds one income per payslip page (in page order) or the
	// certificate's income; it is empty for a negative.
	Incomes []extract.Income
	Layout  string
	// Notes describes the template and the variations drawn, for people.
	Notes string
	// PDF is the digital document, with a text layer.
	PDF []byte
	// Pages is the number of pages in PDF.
	Pages int
	// Seed drives the randomness of Render, so a rendering is reproducible.
	Seed uint64
	// Family is the layout family the document was drawn from:
	// FamilyTuning or FamilyHeldOut.
	Family string
}

// Layout families. The extractor may be tuned against the tuning family;
// nobody fixes it against the held-out family, whose layouts were written
// from descriptions of real payslips without reading extract/. Its figures
// are the honest ones.
const (
	FamilyTuning  = "tuning"
	FamilyHeldOut = "heldout"
)

// Families lists the layout families.
func Families() []string { return []string{FamilyTuning, FamilyHeldOut} }

// Generator draws documents from one seeded stream; it is not safe for
// concurrent use.
type Generator struct {
	r      *rand.Rand
	family string
}

// New returns a generator of the tuning family; the same seed gives the
// same documents in the same order.
func New(seed int64) *Generator { return NewFamily(seed, FamilyTuning) }

// NewFamily returns a generator whose random payslips come from the named
// layout family (FamilyTuning or FamilyHeldOut).
func NewFamily(seed int64, family string) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(uint64(seed), 0x7a1aa9d0c5e3b1f7)), family: family}
}

// familyOf is a layout's family, "" meaning tuning.
func familyOf(f string) string {
	if f == "" {
		return FamilyTuning
	}
	return f
}

// familySlipLayouts are the payslip templates of the generator's family.
func (g *Generator) familySlipLayouts() []*slipLayout {
	var out []*slipLayout
	for _, l := range slipLayouts() {
		if familyOf(l.Family) == familyOf(g.family) {
			out = append(out, l)
		}
	}
	return out
}

// PayslipLayouts lists the payslip template names of every family.
func PayslipLayouts() []string {
	var out []string
	for _, l := range slipLayouts() {
		out = append(out, l.Name)
	}
	return out
}

// PayslipLayoutFamily returns the family of the named payslip template.
func PayslipLayoutFamily(name string) (string, bool) {
	for _, l := range slipLayouts() {
		if l.Name == name {
			return familyOf(l.Family), true
		}
	}
	return "", false
}

// BIR2316Layouts lists the BIR Form 2316 template names.
func BIR2316Layouts() []string {
	var out []string
	for _, l := range birLayouts() {
		out = append(out, l.Name)
	}
	return out
}

// NegativeLayouts lists the negative template names.
func NegativeLayouts() []string {
	var out []string
	for _, l := range negLayouts() {
		out = append(out, l.Name)
	}
	return out
}

// Payslip returns a one-page payslip in a random layout.
func (g *Generator) Payslip() Doc { return g.MultiPayslip(1) }

// MultiPayslip returns one PDF holding n consecutive payslips of one
// employee, one per page, with n incomes in page order.
func (g *Generator) MultiPayslip(n int) Doc {
	lays := g.familySlipLayouts()
	if len(lays) == 0 {
		panic(fmt.Sprintf("docgen: no payslip layouts in family %q", g.family))
	}
	d, err := g.PayslipLayout(lays[g.r.IntN(len(lays))].Name, n)
	if err != nil {
		// Only a bug in a template can get here.
		panic(fmt.Sprintf("docgen: %v", err))
	}
	return d
}

// PayslipLayout returns n consecutive payslips in the named layout.
func (g *Generator) PayslipLayout(layout string, n int) (Doc, error) {
	if n < 1 {
		return Doc{}, fmt.Errorf("payslip pages %d: need at least one", n)
	}
	var lay *slipLayout
	for _, l := range slipLayouts() {
		if l.Name == layout {
			lay = l
		}
	}
	if lay == nil {
		return Doc{}, fmt.Errorf("payslip layout %q: unknown", layout)
	}
	r := g.r
	freqs := lay.Freqs
	if freqs == nil {
		freqs = []string{
			extract.FreqSemimonthly, extract.FreqSemimonthly, extract.FreqSemimonthly, extract.FreqSemimonthly,
			extract.FreqSemimonthly, extract.FreqMonthly, extract.FreqMonthly, extract.FreqMonthly,
			extract.FreqWeekly, extract.FreqWeekly, extract.FreqBiweekly,
		}
	}
	freq := pick(r, freqs)
	e := newEmployee(r, freq)
	st := newSlipStyle(r, lay, freq)
	start, end := firstPeriod(r, freq)
	var slips []*payslip
	for i := range n {
		if i > 0 {
			start, end = nextPeriod(freq, start, end)
		}
		s := newSlip(r, e, st, start, end)
		if lay.Content != nil {
			lay.Content(r, s)
		}
		slips = append(slips, s)
	}
	created := slips[n-1].End
	if pd := slips[n-1].PayDate; pd != nil {
		created = *pd
	}
	created = created.Add(time.Duration(8+r.IntN(10))*time.Hour + time.Duration(r.IntN(3600))*time.Second)
	size := st.Size
	if lay.Name == "receipt" {
		size.H = receiptHeight(slips[0])
	}
	p := newPDF(size, st.Sans, st.Mono, created)
	d := Doc{Kind: extract.KindPayslip, Layout: "payslip/" + lay.Name, Pages: n, Seed: r.Uint64(), Family: familyOf(lay.Family)}
	for _, s := range slips {
		p.addPage()
		lay.Draw(p, s)
		d.Incomes = append(d.Incomes, s.income())
	}
	pdf, err := p.output()
	if err != nil {
		return Doc{}, fmt.Errorf("payslip %s: %w", lay.Name, err)
	}
	d.PDF = pdf
	d.Notes = slipNotes(lay, slips, size)
	return d, nil
}

func receiptHeight(s *payslip) float64 {
	return 12 + float64(len(monoLines(s, 40))+6)*7*0.45
}

func slipNotes(lay *slipLayout, slips []*payslip, size pageSize) string {
	s := slips[0]
	st := s.St
	var parts []string
	parts = append(parts, fmt.Sprintf("template payslip/%s: %s", lay.Name, lay.Desc))
	if len(slips) > 1 {
		parts = append(parts, fmt.Sprintf("multi-page PDF with %d consecutive payslips, one per page", len(slips)))
	}
	fr := strings.ToLower(s.Freq)
	if s.Freq == extract.FreqSemimonthly && len(slips) == 1 {
		if s.Start.Day() == 1 {
			fr += "; 1st half"
		} else {
			fr += "; 2nd half"
		}
	}
	parts = append(parts, fr)
	if s.MWE {
		parts = append(parts, "minimum wage earner")
	}
	if familyOf(lay.Family) == FamilyHeldOut {
		// Held-out templates print their own captions and period wording;
		// the shared style below would describe another page.
		parts = append(parts, "held-out family: captions and period wording of the template's own", "page "+size.Name)
		return strings.Join(parts, "; ")
	}
	if lay.OwnCaptions {
		parts = append(parts, "captions of the template's own", "page "+size.Name)
		return strings.Join(parts, "; ")
	}
	if st.AbsNegative {
		parts = append(parts, "absences/tardiness as negative earnings")
	} else {
		parts = append(parts, "absences/tardiness as deductions")
	}
	parts = append(parts, fmt.Sprintf("labels: basic=%q, gross=%q, net=%q", st.Basic, st.Gross, st.Net))
	if st.Upper {
		parts = append(parts, "labels in upper case")
	}
	pf := periodFormatNames[st.PeriodFmt]
	pd := "no pay date"
	if s.PayDate != nil {
		pd = "pay date shown"
	}
	parts = append(parts, "period format "+pf+", "+pd)
	if st.FreqWord != "" {
		parts = append(parts, fmt.Sprintf("frequency stated as %q", st.FreqWord))
	}
	mark := "no currency mark"
	if st.Amt.Mark != "" {
		mark = "currency mark " + st.Amt.Mark
		if st.Amt.MarkAll {
			mark += " on all amounts"
		} else {
			mark += " on totals"
		}
	}
	parts = append(parts, mark)
	var dis []string
	for _, x := range []struct {
		on   bool
		name string
	}{{st.ShowYTD, "YTD"}, {st.ShowER, "employer shares"}, {st.ShowRates, "pay rates"}, {st.ShowHours, "hours/days"}, {st.ShowBalance, "loan balances"}} {
		if x.on {
			dis = append(dis, x.name)
		}
	}
	if len(dis) > 0 {
		parts = append(parts, "distractors: "+strings.Join(dis, ", "))
	}
	face := st.Sans.Name
	if lay.Mono {
		face = st.Mono.Name
	}
	parts = append(parts, fmt.Sprintf("font %s; page %s", face, size.Name))
	return strings.Join(parts, "; ")
}

// BIR2316 returns a BIR Form 2316 certificate in a random style.
func (g *Generator) BIR2316() Doc {
	lays := birLayouts()
	d, err := g.BIR2316Layout(lays[g.r.IntN(len(lays))].Name)
	if err != nil {
		panic(fmt.Sprintf("docgen: %v", err))
	}
	return d
}

// BIR2316Layout returns a certificate in the named style.
func (g *Generator) BIR2316Layout(layout string) (Doc, error) {
	var lay *birLayout
	for _, l := range birLayouts() {
		if l.Name == layout {
			lay = l
		}
	}
	if lay == nil {
		return Doc{}, fmt.Errorf("bir2316 layout %q: unknown", layout)
	}
	r := g.r
	b := newBIR(r)
	b.Sans = pick(r, sansFaces())
	b.Mono = pick(r, monoFaces())
	b.Size = pick(r, lay.Sizes)
	p := newPDF(b.Size, b.Sans, b.Mono, b.Signed.Add(10*time.Hour))
	p.addPage()
	lay.Draw(p, b)
	pdf, err := p.output()
	if err != nil {
		return Doc{}, fmt.Errorf("bir2316 %s: %w", lay.Name, err)
	}
	notes := fmt.Sprintf("template %s: %s; year %d, period %s-%s", lay.Name, lay.Desc, b.Year, b.From.Format("01/02"), b.To.Format("01/02"))
	if b.MWE {
		notes += "; minimum wage earner: basic salary in item 29, item 39 empty"
	} else {
		notes += "; basic salary at item 39 (net of employee contributions in item 36)"
	}
	notes += fmt.Sprintf("; item19=%s item38=%s item52=%s taxdue=%s", fmtCentavos(b.Items["19"], false), fmtCentavos(b.Items["38"], false),
		fmtCentavos(b.Items["52"], false), fmtCentavos(b.Items["24"], false))
	if b.UpperName {
		notes += "; employer name in upper case"
	}
	if b.Prev {
		notes += "; previous employer present"
	}
	notes += fmt.Sprintf("; page %s", b.Size.Name)
	return Doc{
		Kind: extract.KindBIR2316, Incomes: []extract.Income{b.income()}, Layout: lay.Name,
		Notes: notes, PDF: pdf, Pages: 1, Seed: r.Uint64(), Family: FamilyTuning,
	}, nil
}

// Negative returns a page with amounts and dates that carries no income.
func (g *Generator) Negative() Doc {
	lays := negLayouts()
	d, err := g.NegativeLayout(lays[g.r.IntN(len(lays))].Name)
	if err != nil {
		panic(fmt.Sprintf("docgen: %v", err))
	}
	return d
}

// NegativeLayout returns a negative in the named template.
func (g *Generator) NegativeLayout(layout string) (Doc, error) {
	var lay *negLayout
	for _, l := range negLayouts() {
		if l.Name == layout {
			lay = l
		}
	}
	if lay == nil {
		return Doc{}, fmt.Errorf("negative layout %q: unknown", layout)
	}
	r := g.r
	sans := pick(r, sansFaces())
	size := pick(r, lay.Sizes)
	amt := amountStyle{Mark: pick(r, []string{"₱", "PHP", "Php", "P"}), MarkGap: chance(r, 0.5)}
	if amt.Mark == "₱" && !sans.Peso {
		amt.Mark = "PHP"
	}
	// The creation date is only known after drawing; fpdf reads it at output.
	p := newPDF(size, sans, pick(r, monoFaces()), time.Time{})
	p.addPage()
	when := lay.Draw(p, r, amt)
	p.f.SetCreationDate(when.Add(9 * time.Hour))
	p.f.SetModificationDate(when.Add(9 * time.Hour))
	pdf, err := p.output()
	if err != nil {
		return Doc{}, fmt.Errorf("negative %s: %w", lay.Name, err)
	}
	return Doc{
		Kind: extract.KindUnsupported, Layout: lay.Name, PDF: pdf, Pages: 1, Seed: r.Uint64(), Family: FamilyTuning,
		Notes: fmt.Sprintf("template %s: %s; negative: not an income document; font %s; page %s", lay.Name, lay.Desc, sans.Name, size.Name),
	}, nil
}

// Random returns a payslip (about 70%, some of them multi-page), a BIR 2316
// (about 15%) or a negative (about 15%). A held-out generator has no BIR
// 2316 templates of its own: it draws payslips (about 85%) and negatives.
func (g *Generator) Random() Doc {
	x := g.r.Float64()
	if familyOf(g.family) == FamilyHeldOut {
		switch {
		case x < 0.07:
			return g.MultiPayslip(2 + g.r.IntN(2))
		case x < 0.85:
			return g.Payslip()
		}
		d := g.Negative()
		d.Family = FamilyHeldOut
		return d
	}
	switch {
	case x < 0.07:
		return g.MultiPayslip(2 + g.r.IntN(2))
	case x < 0.70:
		return g.Payslip()
	case x < 0.85:
		return g.BIR2316()
	}
	return g.Negative()
}
