package eval

import (
	"fmt"
	"image/color"
	"io"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// WriteReliabilityPlot draws rel as a calibration curve in PNG: for each
// confidence bin with fields, the bin's mean confidence against the observed
// share right, published and doubted fields as two curves, each point
// labelled with its number of fields, and the diagonal a perfectly
// calibrated engine would follow.
func WriteReliabilityPlot(w io.Writer, title string, rel Reliability) error {
	p := plot.New()
	p.Title.Text = title + "\n(the number by a point is the fields in its bin)"
	p.X.Label.Text = "confidence (mean of the bin)"
	p.Y.Label.Text = "observed share right"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1.05
	p.Add(plotter.NewGrid())
	// Bottom right is where a calibrated engine has no points (sure and
	// wrong); the diagonal and the usual points are elsewhere.
	p.Legend.Top = false
	p.Legend.Left = false
	p.Legend.XOffs = -vg.Points(8)
	p.Legend.YOffs = vg.Points(8)

	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return fmt.Errorf("plot diagonal: %w", err)
	}
	diag.Color = color.Gray{Y: 128}
	diag.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(diag)
	p.Legend.Add("perfectly calibrated", diag)

	curves := []struct {
		name   string
		bins   []Bin
		color  color.Color
		shape  draw.GlyphDrawer
		offset vg.Point
	}{
		{"published (no review)", rel.Published, color.RGBA{R: 31, G: 119, B: 180, A: 255}, draw.CircleGlyph{}, vg.Point{X: vg.Points(4), Y: vg.Points(4)}},
		{"doubted (sent to review)", rel.Doubted, color.RGBA{R: 214, G: 39, B: 40, A: 255}, draw.TriangleGlyph{}, vg.Point{X: vg.Points(4), Y: -vg.Points(12)}},
	}
	for _, c := range curves {
		var xys plotter.XYs
		var labels []string
		n := 0
		for _, b := range c.bins {
			if b.Fields == 0 {
				continue
			}
			xys = append(xys, plotter.XY{X: b.MeanConfidence(), Y: b.Share()})
			labels = append(labels, strconv.Itoa(b.Fields))
			n += b.Fields
		}
		if len(xys) == 0 {
			continue
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return fmt.Errorf("plot %s: %w", c.name, err)
		}
		line.Color = c.color
		line.Width = vg.Points(1.5)
		points.Color = c.color
		points.Shape = c.shape
		points.Radius = vg.Points(3.5)
		counts, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
		if err != nil {
			return fmt.Errorf("plot %s counts: %w", c.name, err)
		}
		for i := range counts.TextStyle {
			counts.TextStyle[i].Color = c.color
			counts.TextStyle[i].Font.Size = vg.Points(8)
		}
		counts.Offset = c.offset
		p.Add(line, points, counts)
		p.Legend.Add(fmt.Sprintf("%s: %d fields", c.name, n), line, points)
	}

	wt, err := p.WriterTo(7*vg.Inch, 6*vg.Inch, "png")
	if err != nil {
		return fmt.Errorf("render reliability plot: %w", err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("write reliability plot: %w", err)
	}
	return nil
}
