package s3

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// contentTypes maps talaan's file formats to the Content-Type S3 is asked to
// answer with.
var contentTypes = map[string]string{
	"PDF":  "application/pdf",
	"PNG":  "image/png",
	"JPG":  "image/jpeg",
	"JPEG": "image/jpeg",
	"TIFF": "image/tiff",
	"TIF":  "image/tiff",
}

// ContentType returns the Content-Type of a file format (PDF, PNG, JPG,
// JPEG, TIFF; any case), application/octet-stream for any other.
func ContentType(format string) string {
	if ct, ok := contentTypes[strings.ToUpper(format)]; ok {
		return ct
	}
	return "application/octet-stream"
}

// PresignGet returns a presigned GET URL for key that works until expires
// (capped at MaxPresign from now; whole seconds, never later than asked)
// and makes S3 answer with the format's Content-Type and an inline
// Content-Disposition offering filename. It does not contact S3 (a link to
// a missing object answers 404).
func (s *Store) PresignGet(ctx context.Context, key string, expires time.Time, filename, format string) (string, error) {
	name, err := s.objectKey(key)
	if err != nil {
		return "", err
	}
	d := time.Until(expires)
	if d > MaxPresign {
		d = MaxPresign
	}
	// X-Amz-Expires counts whole seconds from X-Amz-Date, which is the
	// signing time truncated to the second: rounding d down keeps the end
	// at or before expires.
	d = d.Truncate(time.Second)
	if d < time.Second {
		return "", fmt.Errorf("s3: presign %q: expiry %s is not at least a second ahead", key, expires.UTC().Format(time.RFC3339))
	}
	req, err := s.presigner.PresignGetObject(ctx, &s3.GetObjectInput{
		Bucket:                     aws.String(s.bucket),
		Key:                        aws.String(name),
		ResponseContentType:        aws.String(ContentType(format)),
		ResponseContentDisposition: aws.String(ContentDisposition("inline", filename)),
	}, s3.WithPresignExpires(d))
	if err != nil {
		return "", fmt.Errorf("s3: presign %q: %w", key, err)
	}
	if req.URL == "" {
		return "", errors.New("s3: presign: empty URL")
	}
	return req.URL, nil
}

// ContentDisposition returns a Content-Disposition value of the given type
// ("inline" or "attachment") offering filename, safe whatever filename
// holds: a quoted ASCII fallback (quotes, backslashes, control and non-ASCII
// characters replaced by '_', path separators too) and, when that differs
// from the name, the exact name in RFC 5987 form (filename*=UTF-8”...).
func ContentDisposition(typ, filename string) string {
	// Only the last path element: a browser would drop the rest anyway.
	if i := strings.LastIndexAny(filename, `/\`); i >= 0 {
		filename = filename[i+1:]
	}
	filename = strings.ToValidUTF8(filename, "_")
	if filename == "" {
		return typ
	}
	var ascii strings.Builder
	for _, r := range filename {
		switch {
		case r < 0x20 || r >= 0x7f || r == '"' || r == '\\' || r == '%':
			ascii.WriteByte('_')
		default:
			ascii.WriteRune(r)
		}
	}
	out := typ + `; filename="` + ascii.String() + `"`
	if ascii.String() != filename {
		out += "; filename*=UTF-8''" + rfc5987(filename)
	}
	return out
}

// rfc5987 percent-encodes s as an RFC 5987 ext-value's value-chars.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
