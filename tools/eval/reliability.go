package eval

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"
)

// Bins is the number of equal-width confidence bins of a reliability table:
// tenths, [0, 0.1) to [0.9, 1.0] (a confidence of exactly 1 falls in the
// last).
const Bins = 10

// Bin is one confidence bin: how many fields fell in it, how many of them
// were right, and their mean confidence. A well-calibrated engine has
// Right/Fields close to the mean confidence in every bin.
type Bin struct {
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Fields int     `json:"fields"`
	Right  int     `json:"right"`
	// ConfSum sums the confidences, for the mean.
	ConfSum float64 `json:"confSum"`
}

// Share is the observed share right, or -1 when the bin is empty.
func (b Bin) Share() float64 {
	if b.Fields == 0 {
		return -1
	}
	return float64(b.Right) / float64(b.Fields)
}

// MeanConfidence is the bin's mean confidence, or -1 when it is empty.
func (b Bin) MeanConfidence() float64 {
	if b.Fields == 0 {
		return -1
	}
	return b.ConfSum / float64(b.Fields)
}

// Reliability is confidence against the observed share right, for the
// fields of documents published with no review and for those of documents
// sent to review (doubted), each in Bins bins.
type Reliability struct {
	Published []Bin `json:"published"`
	Doubted   []Bin `json:"doubted"`
}

func emptyBins() []Bin {
	bins := make([]Bin, Bins)
	for i := range bins {
		bins[i].Lo = float64(i) / Bins
		bins[i].Hi = float64(i+1) / Bins
	}
	return bins
}

// binOf is the index of the bin holding confidence c, in [0, 1].
func binOf(c float64) int {
	i := int(math.Floor(c * Bins))
	return max(0, min(Bins-1, i))
}

// NewReliability bins the confidences of every filled field of results; a
// confidence outside [0, 1] counts as the nearest bound.
func NewReliability(results []FileResult) Reliability {
	rel := Reliability{Published: emptyBins(), Doubted: emptyBins()}
	for _, r := range results {
		rel.add(r.Confidences)
	}
	return rel
}

func (rel *Reliability) add(points []FieldConfidence) {
	for _, p := range points {
		bins := rel.Doubted
		if p.Published {
			bins = rel.Published
		}
		c := max(0, min(1, p.Confidence))
		b := &bins[binOf(c)]
		b.Fields++
		b.ConfSum += c
		if p.Right {
			b.Right++
		}
	}
}

// Merge sums reliability tables (for a figure over several sets).
func Merge(rels ...Reliability) Reliability {
	out := Reliability{Published: emptyBins(), Doubted: emptyBins()}
	for _, rel := range rels {
		for i := range min(len(rel.Published), Bins) {
			out.Published[i] = sumBin(out.Published[i], rel.Published[i])
		}
		for i := range min(len(rel.Doubted), Bins) {
			out.Doubted[i] = sumBin(out.Doubted[i], rel.Doubted[i])
		}
	}
	return out
}

func sumBin(a, b Bin) Bin {
	a.Fields += b.Fields
	a.Right += b.Right
	a.ConfSum += b.ConfSum
	return a
}

// WriteReliability prints the table: one row per confidence bin, with the
// fields, share right and mean confidence of published and doubted fields.
func WriteReliability(w io.Writer, title string, rel Reliability) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tpublished\tright\tmean conf\t\tdoubted\tright\tmean conf\t\n", title)
	for i := range Bins {
		p, d := rel.Published[i], rel.Doubted[i]
		fmt.Fprintf(tw, "%.1f-%.1f\t%d\t%s\t%s\t\t%d\t%s\t%s\t\n", p.Lo, p.Hi,
			p.Fields, share(p.Share()), conf(p.MeanConfidence()),
			d.Fields, share(d.Share()), conf(d.MeanConfidence()))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write reliability: %w", err)
	}
	return nil
}

func share(s float64) string {
	if s < 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*s)
}

func conf(c float64) string {
	if c < 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", c)
}
