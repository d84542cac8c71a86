package pipeline_test

import (
	"math"
	"testing"

	"talaan/internal/pipeline"
	"talaan/ocr"
	"talaan/tools/docgen"
)

// TestProcessKeepsPageGeometry: every page's size, rotation and source is
// in the output, in the units of the fields' boxes, so a reviewer's screen
// can draw a field's box on a picture of the page.
func TestProcessKeepsPageGeometry(t *testing.T) {
	t.Parallel()
	doc, err := docgen.New(1).PayslipLayout("table4", 1)
	if err != nil {
		t.Fatal(err)
	}
	out := process(t, &pipeline.Pipeline{Reader: &ocr.Reader{}}, doc.PDF)
	if len(out.PageInfo) != out.Pages || out.Pages == 0 {
		t.Fatalf("pageInfo %+v for %d pages", out.PageInfo, out.Pages)
	}
	for i, pg := range out.PageInfo {
		if pg.Number != i+1 || pg.Source != ocr.SourceText || pg.Rotation != 0 || pg.Width <= 0 || pg.Height <= 0 {
			t.Errorf("page %d: %+v", i+1, pg)
		}
	}
	if len(out.Records) == 0 {
		t.Fatal("no record: no field's box to check")
	}
	for _, r := range out.Records {
		for name, f := range r.Fields {
			if f.Box == nil || f.Page < 1 || f.Page > len(out.PageInfo) {
				continue
			}
			pg := out.PageInfo[f.Page-1]
			if f.Box.X0 < -1 || f.Box.Y0 < -1 || f.Box.X1 > pg.Width+1 || f.Box.Y1 > pg.Height+1 || math.IsNaN(f.Box.X0) {
				t.Errorf("field %s: box %+v outside page %+v", name, *f.Box, pg)
			}
		}
	}
}
