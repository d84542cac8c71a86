package s3

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"talaan/storage"
	"talaan/storage/blobtest"
	"talaan/tools/miniotest"
)

// srv is the one MinIO of this test binary.
var srv *miniotest.Server

func TestMain(m *testing.M) {
	s, stop, err := miniotest.StartMain()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	srv = s
	code := m.Run()
	stop()
	os.Exit(code)
}

// recorder is an HTTP client that remembers the requests it sends.
type recorder struct {
	client *http.Client
	mu     sync.Mutex
	reqs   []recorded
}

type recorded struct {
	op     string
	header http.Header
}

func newRecorder() *recorder {
	return &recorder{client: &http.Client{Transport: &http.Transport{Proxy: nil}}}
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.reqs = append(r.reqs, recorded{op: opOf(req), header: req.Header.Clone()})
	r.mu.Unlock()
	return r.client.Do(req)
}

// ops returns the S3 operations sent so far, in order.
func (r *recorder) ops() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, q := range r.reqs {
		out = append(out, q.op)
	}
	return out
}

func (r *recorder) withOp(op string) []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []recorded
	for _, q := range r.reqs {
		if q.op == op {
			out = append(out, q)
		}
	}
	return out
}

func (r *recorder) reset() {
	r.mu.Lock()
	r.reqs = nil
	r.mu.Unlock()
}

// opOf names the S3 operation of an object request.
func opOf(req *http.Request) string {
	q := req.URL.Query()
	switch {
	case req.Method == http.MethodPost && q.Has("uploads"):
		return "CreateMultipartUpload"
	case req.Method == http.MethodPut && q.Has("uploadId"):
		return "UploadPart"
	case req.Method == http.MethodPost && q.Has("uploadId"):
		return "CompleteMultipartUpload"
	case req.Method == http.MethodDelete && q.Has("uploadId"):
		return "AbortMultipartUpload"
	case q.Has("lifecycle"):
		return req.Method + "Lifecycle"
	case req.Method == http.MethodPut:
		return "PutObject"
	case req.Method == http.MethodGet:
		return "GetObject"
	case req.Method == http.MethodDelete:
		return "DeleteObject"
	}
	return req.Method
}

type fixture struct {
	store  *Store
	bucket string
	rec    *recorder
}

// newFixture returns a Store on a fresh bucket, whose requests rec records,
// and checks when the test ends that no multipart upload was left behind.
func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	f := &fixture{bucket: srv.Bucket(t), rec: newRecorder()}
	client := srv.NewClient(func(o *s3.Options) { o.HTTPClient = f.rec })
	s, err := New(context.Background(), client, f.bucket, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	f.store = s
	t.Cleanup(func() { noUploads(t, f.bucket) })
	return f
}

// noUploads fails the test if the bucket holds incomplete multipart uploads.
func noUploads(t *testing.T, bucket string) {
	t.Helper()
	out, err := srv.Client().ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Errorf("ListMultipartUploads: %v", err)
		return
	}
	for _, u := range out.Uploads {
		t.Errorf("incomplete multipart upload left behind: key %q, id %s", aws.ToString(u.Key), aws.ToString(u.UploadId))
	}
}

// objects lists the object names in the bucket.
func objects(t *testing.T, bucket string) []string {
	t.Helper()
	out, err := srv.Client().ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("ListObjectsV2: %v", err)
	}
	var names []string
	for _, o := range out.Contents {
		names = append(names, aws.ToString(o.Key))
	}
	return names
}

func TestConformance(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"NoPrefix", Options{}},
		{"PrefixAndSSE", Options{Prefix: "talaan/", SSE: SSES3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			blobtest.Run(t, func(t *testing.T) storage.Blobs {
				f := newFixture(t, tc.opts)
				if tc.opts.Prefix != "" {
					t.Cleanup(func() {
						for _, name := range objects(t, f.bucket) {
							if !strings.HasPrefix(name, tc.opts.Prefix) {
								t.Errorf("object %q is outside the prefix %q", name, tc.opts.Prefix)
							}
						}
					})
				}
				return f.store
			})
		})
	}
}

// pattern returns n random bytes.
func pattern(t testing.TB, n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestPutPicksSingleOrMultipart(t *testing.T) {
	f := newFixture(t, Options{})
	ctx := context.Background()
	for _, tc := range []struct {
		size int
		ops  []string
	}{
		{0, []string{"PutObject"}},
		{PartSize - 1, []string{"PutObject"}},
		{PartSize, []string{"CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload"}},
		{2*PartSize + 3, []string{"CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload"}},
	} {
		f.rec.reset()
		data := pattern(t, tc.size)
		key := blobtest.Key(t)
		// Hide bytes.Reader's Len/Seek, as an HTTP request body would.
		n, err := f.store.Put(ctx, key, io.MultiReader(bytes.NewReader(data)))
		if err != nil {
			t.Fatalf("Put %d bytes: %v", tc.size, err)
		}
		if n != int64(tc.size) {
			t.Errorf("Put %d bytes returned %d", tc.size, n)
		}
		if got := strings.Join(f.rec.ops(), ","); got != strings.Join(tc.ops, ",") {
			t.Errorf("Put %d bytes sent %s, want %s", tc.size, got, strings.Join(tc.ops, ","))
		}
		rc, err := f.store.Open(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read back %d bytes (err %v), want the %d put", len(got), err, tc.size)
		}
	}
}

// failAt yields n bytes then fails with err, calling hook (if any) first.
type failAt struct {
	n    int
	err  error
	hook func()
}

func (r *failAt) Read(b []byte) (int, error) {
	if r.n <= 0 {
		if r.hook != nil {
			r.hook()
			r.hook = nil
			return 0, nil
		}
		return 0, r.err
	}
	if len(b) > r.n {
		b = b[:r.n]
	}
	for i := range b {
		b[i] = byte(i)
	}
	r.n -= len(b)
	return len(b), nil
}

var errBoom = errors.New("reader failed on purpose")

func TestFailedMultipartIsAborted(t *testing.T) {
	ctx := context.Background()
	t.Run("ReaderError", func(t *testing.T) {
		f := newFixture(t, Options{})
		key := blobtest.Key(t)
		_, err := f.store.Put(ctx, key, &failAt{n: 2*PartSize + 100, err: errBoom})
		if !errors.Is(err, errBoom) {
			t.Fatalf("Put = %v, want an error wrapping the reader's", err)
		}
		want := "CreateMultipartUpload,UploadPart,UploadPart,AbortMultipartUpload"
		if got := strings.Join(f.rec.ops(), ","); got != want {
			t.Errorf("sent %s, want %s", got, want)
		}
		if _, err := f.store.Open(ctx, key); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Open after a failed Put = %v, want ErrNotFound", err)
		}
		// The fixture's cleanup checks ListMultipartUploads.
	})
	t.Run("ContextCancelled", func(t *testing.T) {
		f := newFixture(t, Options{})
		key := blobtest.Key(t)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		// Cancel once the first part is up, then keep the data coming.
		r := io.MultiReader(&failAt{n: PartSize + 10, err: io.EOF, hook: cancel}, &failAt{n: 3 * PartSize, err: io.EOF})
		_, err := f.store.Put(cctx, key, r)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Put = %v, want context.Canceled", err)
		}
		ops := f.rec.ops()
		if len(ops) == 0 || ops[0] != "CreateMultipartUpload" || ops[len(ops)-1] != "AbortMultipartUpload" {
			t.Errorf("sent %v, want a multipart upload that ends aborted", ops)
		}
		if _, err := f.store.Open(ctx, key); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Open after a cancelled Put = %v, want ErrNotFound", err)
		}
	})
}

// A Put holds one PartSize buffer, reused, whatever the size of the file.
func TestPutMemoryIsBounded(t *testing.T) {
	f := newFixture(t, Options{})
	ctx := context.Background()
	const size = 24 << 20
	put := func() {
		if _, err := f.store.Put(ctx, blobtest.Key(t), &failAt{n: size, err: io.EOF}); err != nil {
			t.Fatal(err)
		}
	}
	put() // warm the buffer pool
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	put()
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("a %d MiB Put allocated %.1f MiB", size>>20, float64(alloc)/(1<<20))
	if alloc > size/2 {
		t.Errorf("a %d MiB Put allocated %.1f MiB: the file is being buffered", size>>20, float64(alloc)/(1<<20))
	}
}

func TestInvalidKeysAndOptions(t *testing.T) {
	f := newFixture(t, Options{Prefix: "p"})
	if f.store.Prefix() != "p/" {
		t.Errorf("prefix %q, want p/", f.store.Prefix())
	}
	ctx := context.Background()
	bad := []string{
		"../x", "/abs", "a//b", "a/../b", "a/./b", ".", "..", "a/", "a/..", "",
		"a\\..\\b", "a b", "a\x00b", "ü", "a?b", "a%2Fb", strings.Repeat("a", 513),
	}
	for _, key := range bad {
		if _, err := f.store.Put(ctx, key, strings.NewReader("x")); err == nil || !strings.Contains(err.Error(), "invalid key") {
			t.Errorf("Put(%q) = %v, want an invalid key error", key, err)
		}
		if _, err := f.store.Open(ctx, key); err == nil || !strings.Contains(err.Error(), "invalid key") {
			t.Errorf("Open(%q) = %v, want an invalid key error", key, err)
		}
		if err := f.store.Delete(ctx, key); err == nil || !strings.Contains(err.Error(), "invalid key") {
			t.Errorf("Delete(%q) = %v, want an invalid key error", key, err)
		}
		if _, err := f.store.PresignGet(ctx, key, time.Now().Add(time.Hour), "a.pdf", "PDF"); err == nil || !strings.Contains(err.Error(), "invalid key") {
			t.Errorf("PresignGet(%q) = %v, want an invalid key error", key, err)
		}
	}
	if len(f.rec.ops()) != 0 {
		t.Errorf("invalid keys reached S3: %v", f.rec.ops())
	}
	// 512 bytes in segments of at most 255 (MinIO, like a filesystem,
	// refuses longer segments).
	long := strings.Repeat("a", 255) + "/" + strings.Repeat("b", 254) + "/c"
	if _, err := f.store.Put(ctx, long, strings.NewReader("x")); err != nil {
		t.Errorf("a 512-byte key refused: %v", err)
	}
	if err := checkKey(strings.Repeat("a", 512)); err != nil {
		t.Errorf("checkKey refuses a 512-byte key: %v", err)
	}

	client := srv.Client()
	for _, tc := range []struct {
		bucket string
		opts   Options
		want   string
	}{
		{"", Options{}, "no bucket"},
		{"ab", Options{}, "3 to 63"},
		{"Upper", Options{}, "lower-case"},
		{"-abc", Options{}, "start and end"},
		{"bucket", Options{Prefix: "/abs"}, "prefix"},
		{"bucket", Options{Prefix: "a/../b"}, "prefix"},
		{"bucket", Options{Prefix: strings.Repeat("p", 300)}, "prefix"},
		{"bucket", Options{SSE: "DES"}, "unknown sse"},
		{"bucket", Options{SSE: SSES3, KMSKeyID: "k"}, "aws:kms"},
		{"bucket", Options{KMSKeyID: "k"}, "aws:kms"},
	} {
		if _, err := New(ctx, client, tc.bucket, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%q, %+v) = %v, want an error about %q", tc.bucket, tc.opts, err, tc.want)
		}
	}
	if _, err := New(ctx, nil, "bucket", Options{}); err == nil {
		t.Error("New with a nil client succeeded")
	}
}

func TestOpenMissingBucketIsNotNotFound(t *testing.T) {
	s, err := New(context.Background(), srv.Client(), "no-such-bucket-"+strings.ToLower(randName()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Open(context.Background(), "t/x/f-1")
	if err == nil || errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Open in a missing bucket = %v, want an error that is not ErrNotFound (a misconfiguration is not a missing file)", err)
	}
}

func randName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}

// get fetches u with a plain HTTP client.
func get(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	c := &http.Client{Transport: &http.Transport{Proxy: nil}}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET presigned URL: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestPresignGet(t *testing.T) {
	f := newFixture(t, Options{Prefix: "talaan/"})
	ctx := context.Background()
	key := blobtest.Key(t)
	data := append([]byte("%PDF-1.7\n"), pattern(t, 70000)...)
	if _, err := f.store.Put(ctx, key, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	filename := `payslip "March" 2024 – ñ.pdf`
	u, err := f.store.PresignGet(ctx, key, time.Now().Add(10*time.Minute), filename, "PDF")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u, srv.Endpoint+"/"+f.bucket+"/talaan/t/") {
		t.Errorf("presigned URL %s is not path-style under the prefix", u)
	}

	resp, body := get(t, u)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET = %d %s, want 200", resp.StatusCode, body)
	}
	if !bytes.Equal(body, data) {
		t.Fatalf("GET returned %d bytes, not the %d put", len(body), len(data))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type %q, want application/pdf", ct)
	}
	wantCD := `inline; filename="payslip _March_ 2024 _ _.pdf"; filename*=UTF-8''payslip%20%22March%22%202024%20%E2%80%93%20%C3%B1.pdf`
	if cd := resp.Header.Get("Content-Disposition"); cd != wantCD {
		t.Errorf("Content-Disposition %q, want %q", cd, wantCD)
	}

	// Each format's Content-Type.
	for format, want := range map[string]string{"PNG": "image/png", "jpg": "image/jpeg", "JPEG": "image/jpeg", "TIFF": "image/tiff", "DOCX": "application/octet-stream"} {
		u, err := f.store.PresignGet(ctx, key, time.Now().Add(time.Minute), "f", format)
		if err != nil {
			t.Fatal(err)
		}
		if resp, _ := get(t, u); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != want {
			t.Errorf("format %s: %d, Content-Type %q, want 200 and %q", format, resp.StatusCode, resp.Header.Get("Content-Type"), want)
		}
	}

	// Tampering with the signature or the expiry breaks the link.
	parsed, _ := url.Parse(u)
	tamper := func(param string, change func(string) string) string {
		q := parsed.Query()
		q.Set(param, change(q.Get(param)))
		c := *parsed
		c.RawQuery = q.Encode()
		return c.String()
	}
	flip := func(s string) string {
		b := []byte(s)
		if b[5] == '0' {
			b[5] = '1'
		} else {
			b[5] = '0'
		}
		return string(b)
	}
	for name, bad := range map[string]string{
		"signature":   tamper("X-Amz-Signature", flip),
		"expires":     tamper("X-Amz-Expires", func(string) string { return "604800" }),
		"disposition": tamper("response-content-disposition", func(string) string { return "attachment" }),
	} {
		if resp, body := get(t, bad); resp.StatusCode != http.StatusForbidden {
			t.Errorf("URL with a changed %s: %d %s, want 403", name, resp.StatusCode, body)
		}
	}

	// Capped at seven days.
	far, err := f.store.PresignGet(ctx, key, time.Now().Add(30*24*time.Hour), "f.pdf", "PDF")
	if err != nil {
		t.Fatal(err)
	}
	fp, _ := url.Parse(far)
	if got := fp.Query().Get("X-Amz-Expires"); got != "604800" {
		t.Errorf("30 days ahead gives X-Amz-Expires=%s, want 604800 (7 days)", got)
	}
	if resp, _ := get(t, far); resp.StatusCode != 200 {
		t.Errorf("7-day link: %d, want 200", resp.StatusCode)
	}
	// Never later than asked.
	at := time.Now().Add(90*time.Second + 700*time.Millisecond)
	u90, err := f.store.PresignGet(ctx, key, at, "f.pdf", "PDF")
	if err != nil {
		t.Fatal(err)
	}
	if end := linkEnd(t, u90); end.After(at) || end.Before(at.Add(-2*time.Second)) {
		t.Errorf("link ends at %v, want at or just before %v", end, at)
	}
	// Past (or under a second ahead) is refused.
	for _, when := range []time.Time{time.Now().Add(-time.Minute), time.Now().Add(300 * time.Millisecond)} {
		if _, err := f.store.PresignGet(ctx, key, when, "f.pdf", "PDF"); err == nil {
			t.Errorf("PresignGet expiring at %v succeeded", when)
		}
	}

	// Expiry: a link signed to end in 2-3 s answers 200 now and 403 after.
	short, err := f.store.PresignGet(ctx, key, time.Now().Add(3*time.Second), "f.pdf", "PDF")
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := get(t, short); resp.StatusCode != 200 {
		t.Errorf("short link before expiry: %d, want 200", resp.StatusCode)
	}
	time.Sleep(time.Until(linkEnd(t, short)) + 300*time.Millisecond)
	if resp, body := get(t, short); resp.StatusCode != http.StatusForbidden {
		t.Errorf("short link after expiry: %d %s, want 403", resp.StatusCode, body)
	}

	// After Delete: 404.
	if err := f.store.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if resp, body := get(t, u); resp.StatusCode != http.StatusNotFound {
		t.Errorf("link to a deleted file: %d %s, want 404", resp.StatusCode, body)
	}
}

func TestContentDisposition(t *testing.T) {
	for name, want := range map[string]string{
		"":                         "inline",
		"payslip.pdf":              `inline; filename="payslip.pdf"`,
		`a"b.pdf`:                  `inline; filename="a_b.pdf"; filename*=UTF-8''a%22b.pdf`,
		`C:\Users\ana\payslip.pdf`: `inline; filename="payslip.pdf"`,
		"../../etc/passwd":         `inline; filename="passwd"`,
		"x\r\nSet-Cookie: a=b.pdf": `inline; filename="x__Set-Cookie: a=b.pdf"; filename*=UTF-8''x%0D%0ASet-Cookie%3A%20a%3Db.pdf`,
		"100%.pdf":                 `inline; filename="100_.pdf"; filename*=UTF-8''100%25.pdf`,
		"résumé.png":               `inline; filename="r_sum_.png"; filename*=UTF-8''r%C3%A9sum%C3%A9.png`,
		"bad\xffutf8.pdf":          `inline; filename="bad_utf8.pdf"`,
	} {
		if got := ContentDisposition("inline", name); got != want {
			t.Errorf("ContentDisposition(%q) = %s, want %s", name, got, want)
		}
	}
}

// linkEnd returns when a presigned URL stops working: X-Amz-Date plus
// X-Amz-Expires seconds.
func linkEnd(t *testing.T, u string) time.Time {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := time.Parse("20060102T150405Z", p.Query().Get("X-Amz-Date"))
	if err != nil {
		t.Fatal(err)
	}
	var secs int
	if _, err := fmt.Sscan(p.Query().Get("X-Amz-Expires"), &secs); err != nil {
		t.Fatal(err)
	}
	return signed.Add(time.Duration(secs) * time.Second)
}

// With public_endpoint, links are signed for the host clients use (here
// "localhost" for the same MinIO) and work there.
func TestPresignForPublicEndpoint(t *testing.T) {
	public := strings.Replace(srv.Endpoint, "127.0.0.1", "localhost", 1)
	f := newFixture(t, Options{PublicEndpoint: public})
	ctx := context.Background()
	key := blobtest.Key(t)
	if _, err := f.store.Put(ctx, key, strings.NewReader("%PDF-1.7 public")); err != nil {
		t.Fatal(err)
	}
	u, err := f.store.PresignGet(ctx, key, time.Now().Add(time.Minute), "x.pdf", "PDF")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u, public+"/"+f.bucket+"/") {
		t.Fatalf("link %s is not on the public endpoint %s", u, public)
	}
	if resp, body := get(t, u); resp.StatusCode != http.StatusOK || string(body) != "%PDF-1.7 public" {
		t.Fatalf("GET public link = %d %s", resp.StatusCode, body)
	}
	c, err := ParseURL("s3://bucket?endpoint=http://minio:9000&public_endpoint=https://files.example.com")
	if err != nil || c.PublicEndpoint != "https://files.example.com" || c.Endpoint != "http://minio:9000" {
		t.Fatalf("ParseURL: %+v %v", c, err)
	}
}
