package api_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// Every request that can be wrong gets a 4xx envelope with a message that
// names what to fix, and nothing is stored.
func TestBadRequestsAreRefusedClearly(t *testing.T) {
	dir, _ := corpusPH(t)
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	pdf := filePart(t, filepath.Join(dir, "files/d001.pdf"))
	big := part{field: "file", name: "big.pdf", data: append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), 15<<20)...)}
	text := part{field: "file", name: "notes.pdf", data: []byte("just some text, not a document")}
	empty := part{field: "file", name: "empty.pdf"}
	html := part{field: "file", name: "x.png", data: []byte("<html><script>alert(1)</script></html>")}

	cases := []struct {
		name   string
		do     func() response
		status int
		want   string // in the message
	}{
		{"no file in multipart", func() response {
			return e.postMultipart("/v1/archives", &acme, part{field: "userId", data: []byte("")})
		}, 400, "file"},
		{"empty file", func() response { return e.postMultipart("/v1/archives", &acme, empty) }, 400, "empty"},
		{"file over 15 MB", func() response { return e.postMultipart("/v1/archives", &acme, big) }, 413, "15 MB"},
		{"not a document", func() response { return e.postMultipart("/v1/archives", &acme, text) }, 415, "PDF, PNG, JPEG or TIFF"},
		{"html named png", func() response { return e.postMultipart("/v1/archives", &acme, html) }, 415, "PDF, PNG, JPEG or TIFF"},
		{"too many files", func() response {
			return e.postMultipart("/v1/archives", &acme, pdf, pdf, pdf, pdf, pdf, pdf)
		}, 400, "at most 5"},
		{"unknown fileType", func() response {
			return e.postMultipart("/v1/archives", &acme, part{field: "fileType", data: []byte("SELFIE")}, pdf)
		}, 400, "fileType"},
		{"unknown user", func() response {
			return e.postMultipart("/v1/archives", &acme, part{field: "userId", data: []byte("usr-nobody")}, pdf)
		}, 404, "usr-nobody"},
		{"json not json", func() response {
			return e.request(http.MethodPost, "/v1/archives", &acme, "application/json", strings.NewReader("{rawFiles:"))
		}, 400, "JSON"},
		{"json without files", func() response { return e.postJSON("/v1/archives", &acme, map[string]any{"userId": nil}) }, 400, "rawFiles"},
		{"json bad base64", func() response {
			return e.postJSON("/v1/archives", &acme, map[string]any{"rawFiles": []map[string]any{{"fileExtensionType": "PDF", "fileContent": "%%%"}}})
		}, 400, "rawFiles[0].fileContent"},
		{"json bad extension", func() response {
			return e.postJSON("/v1/archives", &acme, map[string]any{"rawFiles": []map[string]any{{"fileExtensionType": "EXE", "fileContent": "AAAA"}}})
		}, 400, "rawFiles[0].fileExtensionType"},
		{"json wrong type", func() response {
			return e.postJSON("/v1/archives", &acme, map[string]any{"rawFiles": "nope"})
		}, 400, "rawFiles"},
		{"json body over the cap", func() response {
			huge := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("A"), 25<<20))
			return e.postJSON("/v1/archives", &acme, map[string]any{"rawFiles": []map[string]any{{"fileExtensionType": "PDF", "fileContent": huge}}})
		}, 413, "multipart"},
		{"json file over 15 MB", func() response {
			return e.postJSON("/v1/archives", &acme, jsonArchive("", part{name: "big.pdf", data: big.data}))
		}, 413, "15 MB"},
		{"wrong content type", func() response {
			return e.request(http.MethodPost, "/v1/archives", &acme, "text/plain", strings.NewReader("hello"))
		}, 415, "Content-Type"},
		{"multipart without a boundary", func() response {
			return e.request(http.MethodPost, "/v1/archives", &acme, "multipart/form-data", strings.NewReader("--x\r\n"))
		}, 400, "multipart/form-data with a boundary"},
		{"multipart with a broken part header", func() response {
			body := "--b\r\nContent-Disposition form-data name file\r\n\r\ndata\r\n--b--\r\n"
			return e.request(http.MethodPost, "/v1/archives", &acme, "multipart/form-data; boundary=b", strings.NewReader(body))
		}, 400, "malformed"},
		{"bad page size", func() response { return e.getJSON("/v1/incomes?size=500", &acme) }, 400, "size"},
		{"bad cursor", func() response { return e.getJSON("/v1/incomes?cursor=!!", &acme) }, 400, "cursor"},
		{"bad date filter", func() response { return e.getJSON("/v1/incomes?startDate=yesterday", &acme) }, 400, "startDate"},
		{"token without userId", func() response { return e.request(http.MethodPost, "/v1/tokens", &acme, "", nil) }, 400, "userId"},
		{"webhook over plain http", func() response {
			return e.postJSON("/v1/webhooks", &acme, map[string]any{"name": "x", "url": "http://example.com/hook", "eventTypes": []string{"ALL_EVENTS"}, "active": true, "secret": "s"})
		}, 400, "url"},
		{"webhook unknown event", func() response {
			return e.postJSON("/v1/webhooks", &acme, map[string]any{"name": "x", "url": e.hooks.url, "eventTypes": []string{"BOGUS"}, "active": true, "secret": "s"})
		}, 400, "eventTypes[0]"},
		{"webhook missing secret", func() response {
			return e.postJSON("/v1/webhooks", &acme, map[string]any{"name": "x", "url": e.hooks.url, "eventTypes": []string{"ALL_EVENTS"}, "active": true})
		}, 400, "secret"},
		{"unknown path", func() response { return e.getJSON("/v1/nothing", &acme) }, 404, "/v1/nothing"},
		{"wrong method", func() response { return e.request(http.MethodDelete, "/v1/incomes", &acme, "", nil) }, 405, "DELETE"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.do()
			if r.status != tc.status || !strings.Contains(r.Msg, tc.want) || r.ReqID == "" || string(r.Data) != "{}" {
				t.Fatalf("got %d %s, want %d with %q in the message and data {}", r.status, r.raw, tc.status, tc.want)
			}
			// A parser's own words are for the log, not the client.
			for _, internal := range []string{"multipart:", "mime:", "bufio", "EOF", "NextPart"} {
				if strings.Contains(r.Msg, internal) {
					t.Errorf("message %q carries internal error text %q", r.Msg, internal)
				}
			}
		})
	}
	// Nothing refused was stored: no archives, no blobs.
	var l listOut[archiveOut]
	e.getJSON("/v1/archives", &acme).decode(t, &l)
	if len(l.Items) != 0 {
		t.Fatalf("refused uploads left %d archives", len(l.Items))
	}
	if n := countFiles(t, e); n != 0 {
		t.Fatalf("refused uploads left %d blobs", n)
	}
}

// Damaged, encrypted and non-income files are accepted (they are real
// uploads) and end with a final state and a reason a person can act on.
func TestHostileFilesEndWithAReason(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	good := payslipPDF(t, "10,500.00")
	cases := []struct {
		name, file string
		data       []byte
		status     string
		reason     string
	}{
		{"truncated pdf", "cut.pdf", good[:len(good)/3], "", ""},
		{"pdf header then junk", "junk.pdf", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0xde, 0xad}, 5000)...), "", ""},
		{"png header then junk", "junk.png", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 3000)...), "", ""},
		{"decompression bomb png", "bomb.png", bombPNG(t), "", "IMAGE_TOO_LARGE"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.postMultipart("/v1/archives", &acme, part{field: "file", name: tc.file, data: tc.data})
			if r.status != 200 {
				t.Fatalf("upload: %d %s", r.status, r.raw)
			}
			var up archiveOut
			r.decode(t, &up)
			a := e.waitFinal("/v1/archives/"+up.ID, &acme)
			if a.State.Status != "ERROR" && a.State.Status != "UNSUPPORTED" {
				t.Fatalf("status %s, want ERROR or UNSUPPORTED", a.State.Status)
			}
			if a.State.Reason == nil || a.State.ErrorMessage == nil || *a.State.ErrorMessage == "" {
				t.Fatalf("no reason: %+v", a.State)
			}
			if tc.reason != "" && *a.State.Reason != tc.reason {
				t.Fatalf("reason %s, want %s", *a.State.Reason, tc.reason)
			}
			if a.RawFiles[0].URL == "" {
				t.Fatal("a failed document must keep its file link (the lender's fallback)")
			}
		})
	}
	// The server is still up and answering.
	if r := e.getJSON("/healthz", nil); r.status != 200 {
		t.Fatalf("healthz after hostile files: %d", r.status)
	}
}
