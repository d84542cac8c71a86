package console_test

import (
	"image/png"
	"runtime"
	"strings"
	"testing"

	"talaan/tools/docgen"
)

func TestPageImageOfColourBombCostsAByteAPixel(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	data := docgen.ColourBombPNG(8900, 8900, false)
	id := e.upload(acme, "bomb.png", data)
	var a struct {
		RawFiles []struct {
			ID string `json:"id"`
		} `json:"rawFiles"`
	}
	e.apiJSON("GET", "/v1/archives/"+id, acme, "", nil, &a)
	path := "/console/archives/" + id + "/files/" + a.RawFiles[0].ID + "/pages/1.png"
	b := e.browser()
	b.login(acme)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	p := b.get(path)
	runtime.ReadMemStats(&after)
	if p.status != 200 {
		t.Fatalf("GET page: %d %.200s", p.status, p.body)
	}
	img, err := png.Decode(strings.NewReader(p.body))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 8900 {
		t.Errorf("page picture is %v", img.Bounds())
	}
	// 79 MB of gray; image/png alone held 634 MB of 16-bit colour.
	total := int64(after.TotalAlloc - before.TotalAlloc)
	t.Logf("a %d KB 8900x8900 16-bit RGBA PNG: page picture allocated %d MB", len(data)>>10, total>>20)
	if total > 160<<20 {
		t.Errorf("page picture allocated %d MB, want under 160 MB", total>>20)
	}
}
