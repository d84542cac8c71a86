package api

import (
	"bytes"
	"testing"
)

// The multipart boundary leaves the fingerprint wherever the body's reads
// happen to cut it.
func TestDropWriterDropsOccurrencesSplitAcrossWrites(t *testing.T) {
	t.Parallel()
	in := "--b0und\r\nfile--b0un--b0und--b0und--\r\n--b0"
	want := "\r\nfile--b0un--\r\n--b0"
	for cut1 := 0; cut1 <= len(in); cut1++ {
		for cut2 := cut1; cut2 <= len(in); cut2++ {
			var out bytes.Buffer
			d := &dropWriter{w: &out, drop: []byte("--b0und")}
			for _, chunk := range []string{in[:cut1], in[cut1:cut2], in[cut2:]} {
				if n, err := d.Write([]byte(chunk)); n != len(chunk) || err != nil {
					t.Fatalf("write %q: %d, %v", chunk, n, err)
				}
			}
			d.flush()
			if out.String() != want {
				t.Fatalf("written in chunks cut at %d and %d: got %q, want %q", cut1, cut2, out.String(), want)
			}
		}
	}
}
