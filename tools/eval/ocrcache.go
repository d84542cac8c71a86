package eval

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"os"
	"path/filepath"

	"talaan/ocr"
)

// CachedEngine remembers an Engine's recognitions on disk, keyed by the
// page image it was given and Key (the engine's settings, e.g. its
// languages). Evaluating a change to extraction then costs no Tesseract time
// on pages read before. Only for measuring: the image a Recognition returns
// is not kept, so a reader with KeepImages gets the input image back. The
// key does not cover the engine's own code: after a change to OCR, use
// another folder (or empty it).
type CachedEngine struct {
	Engine ocr.Engine
	Dir    string
	Key    string
}

// cachedRecognition is what is stored: a Recognition without its image.
type cachedRecognition struct {
	Words    []ocr.Word `json:"words"`
	Rotation int        `json:"rotation"`
	Skew     float64    `json:"skew"`
	Width    int        `json:"width"`
	Height   int        `json:"height"`
}

// Recognize returns the stored recognition of img, or recognises it and
// stores the result. A cache that cannot be written is not an error.
func (c *CachedEngine) Recognize(ctx context.Context, img *image.Gray, hints ocr.Hints) (ocr.Recognition, error) {
	path := filepath.Join(c.Dir, c.key(img, hints)+".json")
	if data, err := os.ReadFile(path); err == nil {
		var cr cachedRecognition
		if err := json.Unmarshal(data, &cr); err == nil {
			return ocr.Recognition{Words: cr.Words, Rotation: cr.Rotation, Skew: cr.Skew, Width: cr.Width, Height: cr.Height}, nil
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return ocr.Recognition{}, fmt.Errorf("read OCR cache: %w", err)
	}
	rec, err := c.Engine.Recognize(ctx, img, hints)
	if err != nil {
		return rec, err
	}
	data, err := json.Marshal(cachedRecognition{Words: rec.Words, Rotation: rec.Rotation, Skew: rec.Skew, Width: rec.Width, Height: rec.Height})
	if err != nil {
		return rec, fmt.Errorf("encode OCR cache entry: %w", err)
	}
	if err := os.MkdirAll(c.Dir, 0o755); err == nil {
		tmp := path + ".tmp"
		if os.WriteFile(tmp, data, 0o644) == nil {
			_ = os.Rename(tmp, path)
		}
	}
	return rec, nil
}

// key hashes the image's geometry and pixels with the engine's settings
// and the hints it was given (a page without hints keys as before there
// were any).
func (c *CachedEngine) key(img *image.Gray, hints ocr.Hints) string {
	h := sha256.New()
	h.Write([]byte(c.Key))
	if hints.LightEvened {
		h.Write([]byte("|light evened"))
	}
	var dims [16]byte
	binary.LittleEndian.PutUint32(dims[0:], uint32(img.Rect.Dx()))
	binary.LittleEndian.PutUint32(dims[4:], uint32(img.Rect.Dy()))
	h.Write(dims[:8])
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		off := img.PixOffset(img.Rect.Min.X, y)
		h.Write(img.Pix[off : off+img.Rect.Dx()])
	}
	return hex.EncodeToString(h.Sum(nil))
}
