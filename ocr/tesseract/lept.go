package tesseract

/*
#cgo pkg-config: lept tesseract
#include <stdlib.h>
#include <math.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

// Tesseract's orientation confidence below which a page is left as it is.
#define MIN_OSD_CONF 2.0f
// Leptonica's up-confidence above which a page is taken as upright
// without asking OSD.
#define LEPT_UPRIGHT_CONF 4.0f

// osdNew starts a Tesseract instance for orientation detection only.
static TessBaseAPI *osdNew(const char *datapath) {
	TessBaseAPI *api = TessBaseAPICreate();
	if (!api) return NULL;
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	if (TessBaseAPIInit3(api, datapath, "osd") != 0) {
		TessBaseAPIDelete(api);
		return NULL;
	}
	TessBaseAPISetPageSegMode(api, PSM_OSD_ONLY);
	return api;
}

static void osdFree(TessBaseAPI *api) {
	if (api) {
		TessBaseAPIEnd(api);
		TessBaseAPIDelete(api);
	}
}

// osdDetect returns the clockwise quarter turns that make pix upright, or
// 0 when Tesseract is not confident.
static int osdDetect(TessBaseAPI *api, PIX *pix, float *conf) {
	int deg = 0;
	float c = 0;
	TessBaseAPISetImage2(api, pix);
	BOOL ok = TessBaseAPIDetectOrientationScript(api, &deg, &c, NULL, NULL);
	TessBaseAPIClear(api);
	*conf = c;
	if (!ok || c < MIN_OSD_CONF) return 0;
	// deg is how far the page is turned clockwise; undo it.
	return (4 - ((deg % 360) + 360) % 360 / 90) % 4;
}

// A skew is applied only when pixFindSkew is confident and the angle
// matters (Leptonica's own pixDeskew thresholds).
#define MIN_SKEW_CONF 3.0f
#define MIN_SKEW_ANGLE 0.3f
#define BINARY_THRESHOLD 130

typedef struct {
	int rotation;    // clockwise degrees applied: 0, 90, 180, 270
	float skew;      // degrees of rotation applied to deskew
	float osdconf;   // Tesseract's orientation confidence
	float upconf;    // Leptonica's upright confidence
	int osd_ran;     // whether OSD was needed
	int w, h;        // of the normalised image
	l_uint8 *pnm;    // the normalised image as PGM, freed with lept_free
	size_t pnm_size;
	PIX *pix;        // the normalised image, destroyed by normFree
} normResult;

static void normFree(normResult *r) {
	if (r->pnm) {
		lept_free(r->pnm);
		r->pnm = NULL;
	}
	if (r->pix) {
		pixDestroy(&r->pix);
	}
}

// normalize copies an 8-bit gray buffer into a Pix, turns it upright and
// deskews it. Returns 0 on success; on failure nothing stays allocated.
static int normalize(const l_uint8 *src, int w, int h, int stride, TessBaseAPI *osd, int deskew, normResult *res) {
	PIX *pix = pixCreate(w, h, 8);
	if (!pix) return 1;
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix);
	for (int y = 0; y < h; y++) {
		l_uint32 *line = data + (size_t)y * wpl;
		const l_uint8 *s = src + (size_t)y * stride;
		for (int x = 0; x < w; x++) SET_DATA_BYTE(line, x, s[x]);
	}
	PIX *bin = pixConvertTo1(pix, BINARY_THRESHOLD);
	if (!bin) {
		pixDestroy(&pix);
		return 2;
	}

	if (osd) {
		// Leptonica's detector is cheap and, when it says "upright" with a
		// clear margin, right; it is often unsure on photos and faxes, and
		// there Tesseract's OSD decides.
		l_float32 up = 0, left = 0;
		int quads = 0;
		if (pixOrientDetect(bin, &up, &left, 0, 0) != 0 || up < LEPT_UPRIGHT_CONF || up < 2 * fabsf(left)) {
			quads = osdDetect(osd, bin, &res->osdconf);
			res->osd_ran = 1;
		}
		res->upconf = up;
		if (quads) {
			PIX *p2 = pixRotateOrth(pix, quads);
			PIX *b2 = pixRotateOrth(bin, quads);
			if (!p2 || !b2) {
				pixDestroy(&p2); pixDestroy(&b2);
				pixDestroy(&pix); pixDestroy(&bin);
				return 3;
			}
			pixDestroy(&pix); pixDestroy(&bin);
			pix = p2; bin = b2;
			res->rotation = 90 * quads;
		}
	}

	if (deskew) {
		l_float32 angle = 0, conf = 0;
		if (pixFindSkew(bin, &angle, &conf) == 0 && conf >= MIN_SKEW_CONF &&
		    (angle >= MIN_SKEW_ANGLE || angle <= -MIN_SKEW_ANGLE)) {
			// Shear rotation is several times faster than area mapping and
			// as good for OCR below a degree (at 2 degrees it cost letters).
			int how = (angle < 1.0f && angle > -1.0f) ? L_ROTATE_SHEAR : L_ROTATE_AREA_MAP;
			PIX *p2 = pixRotate(pix, 3.14159265f / 180.0f * angle, how, L_BRING_IN_WHITE, 0, 0);
			if (p2) {
				pixDestroy(&pix);
				pix = p2;
				res->skew = angle;
			}
		}
	}
	pixDestroy(&bin);

	if (pixWriteMemPnm(&res->pnm, &res->pnm_size, pix) != 0) {
		pixDestroy(&pix);
		return 4;
	}
	res->w = pixGetWidth(pix);
	res->h = pixGetHeight(pix);
	res->pix = pix;
	return 0;
}

// copyGray copies an 8-bit Pix into a w*h buffer.
static void copyGray(PIX *pix, l_uint8 *dst) {
	int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
	l_uint32 *data = pixGetData(pix);
	for (int y = 0; y < h; y++) {
		l_uint32 *line = data + (size_t)y * wpl;
		l_uint8 *d = dst + (size_t)y * w;
		for (int x = 0; x < w; x++) d[x] = GET_DATA_BYTE(line, x);
	}
}
*/
import "C"

import (
	"errors"
	"fmt"
	"image"
	"unsafe"
)

// normalized is a page made upright and deskewed by Leptonica.
type normalized struct {
	pnm      []byte      // PGM bytes for Tesseract
	gray     *image.Gray // the same pixels, for the caller
	rotation int
	skew     float64
	osdConf  float64
	upConf   float64
	osdRan   bool
}

type normOptions struct {
	osd    *osd // nil: leave the orientation as it is
	deskew bool
}

// normalize turns img upright (0/90/180/270, only when Tesseract's OSD is
// confident) and deskews it with Leptonica.
func normalize(img *image.Gray, o normOptions) (normalized, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w <= 0 || h <= 0 {
		return normalized{}, fmt.Errorf("empty image %dx%d", w, h)
	}
	src := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y):]
	var res C.normResult
	rc := C.normalize((*C.l_uint8)(unsafe.Pointer(&src[0])), C.int(w), C.int(h), C.int(img.Stride),
		o.osd.api(), cBool(o.deskew), &res)
	if rc != 0 {
		return normalized{}, fmt.Errorf("leptonica normalise: step %d failed", int(rc))
	}
	defer C.normFree(&res)
	n := normalized{
		pnm:      C.GoBytes(unsafe.Pointer(res.pnm), C.int(res.pnm_size)),
		rotation: int(res.rotation),
		skew:     float64(res.skew),
		osdConf:  float64(res.osdconf),
		upConf:   float64(res.upconf),
		osdRan:   res.osd_ran != 0,
	}
	g := image.NewGray(image.Rect(0, 0, int(res.w), int(res.h)))
	C.copyGray(res.pix, (*C.l_uint8)(unsafe.Pointer(&g.Pix[0])))
	n.gray = g
	return n, nil
}

func cBool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// osd is a Tesseract instance that detects page orientation. Measured on
// the 9 raster samples of the corpus (scans, photos, fax, 150 dpi) turned
// 0/90/180/270: Tesseract OSD got 36 of 36 (confidence 7-15) for about
// 0.3-0.45 s a page; Leptonica's pixOrientDetect alone got 7 of 27 turned
// pages, its confidence rarely reaching its own threshold on photos and
// faxes. Leptonica is kept as a gate: when it says "upright" with a clear
// margin (7 of the 9 upright samples) OSD is skipped, and no turned page
// passed the gate. Like a gosseract client, an osd is used by one goroutine
// at a time.
type osd struct {
	p *C.TessBaseAPI
}

func newOSD(tessdata string) (*osd, error) {
	var p *C.char
	if tessdata != "" {
		p = C.CString(tessdata)
		defer C.free(unsafe.Pointer(p))
	}
	api := C.osdNew(p)
	if api == nil {
		return nil, errors.New("start orientation detection: is osd.traineddata installed?")
	}
	return &osd{p: api}, nil
}

func (o *osd) api() *C.TessBaseAPI {
	if o == nil {
		return nil
	}
	return o.p
}

func (o *osd) close() {
	if o != nil && o.p != nil {
		C.osdFree(o.p)
		o.p = nil
	}
}
