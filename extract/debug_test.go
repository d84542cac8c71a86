package extract

import (
	"context"
	"fmt"
	"os"
	"testing"

	"talaan/ocr"
)

func TestDebugRows(t *testing.T) {
	f := os.Getenv("DEBUG_FILE")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	r := &ocr.Reader{}
	doc, err := r.Read(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Pages {
		l := newLayout(&p)
		for _, r := range l.rows {
			fmt.Printf("%3d y=%5.0f-%5.0f | %s\n", r.idx, r.box.Y0, r.box.Y1, r.text())
		}
	}
}
