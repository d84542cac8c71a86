package geom

import (
	"errors"
	"math"
	"testing"
)

func TestHomographyMapsCorners(t *testing.T) {
	from := [4]Point{{0, 0}, {100, 0}, {100, 140}, {0, 140}}
	to := [4]Point{{12, 8}, {95, 20}, {90, 150}, {5, 130}}
	h, err := HomographyFrom(from, to)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		x, y := h.Apply(from[i].X, from[i].Y)
		if math.Abs(x-to[i].X) > 1e-6 || math.Abs(y-to[i].Y) > 1e-6 {
			t.Errorf("corner %d maps to (%.3f, %.3f), want %v", i, x, y, to[i])
		}
	}
}

func TestHomographyRefusesDegenerateCorners(t *testing.T) {
	line := [4]Point{{0, 0}, {1, 1}, {2, 2}, {3, 3}}
	if _, err := HomographyFrom(line, line); !errors.Is(err, ErrDegenerate) {
		t.Errorf("err = %v, want ErrDegenerate", err)
	}
}
