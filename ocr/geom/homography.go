// Package geom holds the plane geometry shared by the document generator
// (which warps pages into perspective) and the OCR reader (which warps photos
// back): the projective map between two quadrilaterals.
package geom

import (
	"errors"
	"math"
)

// Point is a point in the plane.
type Point struct{ X, Y float64 }

// Homography is a 3x3 projective map, row major.
type Homography [9]float64

// Apply maps (x, y).
func (h Homography) Apply(x, y float64) (float64, float64) {
	w := h[6]*x + h[7]*y + h[8]
	return (h[0]*x + h[1]*y + h[2]) / w, (h[3]*x + h[4]*y + h[5]) / w
}

// ErrDegenerate is returned for corners that span no area.
var ErrDegenerate = errors.New("homography: degenerate corners")

// HomographyFrom solves for the map taking each from[i] to to[i] (Gaussian
// elimination with partial pivoting on the 8x8 system).
func HomographyFrom(from, to [4]Point) (Homography, error) {
	var a [8][9]float64
	for i := range 4 {
		x, y, u, v := from[i].X, from[i].Y, to[i].X, to[i].Y
		a[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	for c := range 8 {
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return Homography{}, ErrDegenerate
		}
		a[c], a[p] = a[p], a[c]
		for r := range 8 {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k < 9; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	var h Homography
	for i := range 8 {
		h[i] = a[i][8] / a[i][i]
	}
	h[8] = 1
	return h, nil
}
